//! The second fold, for the term lists: the variants people write by accident, and the small
//! changes someone makes to slip a listed word past the check.
//!
//! The plain fold (`normalize`) makes width, kana and case alike. This fold runs over its
//! output and also
//! - drops separators: spaces, line breaks, tabs, hyphens, dots, middle dots, and the invisible
//!   characters (zero-width space and joiners, soft hyphen, word joiner, byte order mark), so
//!   「紅 葉」, 「紅\u{200b}葉」 and 「Ｒ-２」 read as 紅葉 and R2;
//! - writes small kana as full-size ones (ウィンドウ and ウインドウ alike);
//! - spells out iteration marks (佐々木 as 佐佐木, いすゞ as いすず);
//! - writes old kanji forms as new ones (國 as 国, see `kanji`).
//!
//! Every change keeps a character's length or drops it whole, so the map back to the plain
//! fold is a list of where bytes were dropped. Long vowels are handled on the terms' side
//! instead ([`spellings`]): モーター is also listed as モータ, モウタア and the rest, so this
//! fold stays character by character and a term the plain fold finds is always found here.
//!
//! What a match found this way may count as (a variant of a two-character term only as the
//! whole word, a long-vowel spelling only in katakana) is decided in `lint::terms`, with
//! [`Variant`] saying how far the typed text is from the term.

use super::kanji::new_form;

/// Text folded for the term lists, with where bytes of the plain fold were dropped.
#[derive(Debug, Clone, Default)]
pub struct TermText {
    /// The folded text.
    pub text: String,
    /// `(offset in text, bytes dropped so far)`, one entry per dropped character.
    drops: Vec<(u32, u32)>,
}

impl TermText {
    /// The plain fold's byte range of `start..end` of this text: separators before the first
    /// character and after the last are not part of it; those between are.
    pub fn plain(&self, start: usize, end: usize) -> (usize, usize) {
        let before = |at: usize, inclusive: bool| {
            let i = self.drops.partition_point(|&(o, _)| {
                if inclusive {
                    o as usize <= at
                } else {
                    (o as usize) < at
                }
            });
            i.checked_sub(1).map_or(0, |i| self.drops[i].1 as usize)
        };
        (start + before(start, true), end + before(end, false))
    }
}

/// Whether `c` (after the plain fold) is a separator the term fold drops, and whether it is an
/// invisible one (which no one types by accident).
#[inline]
pub fn separator(c: char) -> Option<bool> {
    match c {
        '\u{200B}'..='\u{200D}'
        | '\u{2060}'..='\u{2064}'
        | '\u{FEFF}'
        | '\u{00AD}'
        | '\u{180E}' => Some(true),
        ' '
        | '\t'
        | '\n'
        | '\r'
        | '-'
        | '.'
        | '_'
        | '\u{30FB}'
        | '\u{00B7}'
        | '\u{2027}'
        | '\u{2010}'..='\u{2015}'
        | '\u{2212}'
        | '\u{2022}' => Some(false),
        _ => None,
    }
}

/// The full-size kana of a small one (after the plain fold, so hiragana).
#[inline]
fn full_size(u: u32) -> Option<u32> {
    match u {
        0x3041 | 0x3043 | 0x3045 | 0x3047 | 0x3049 | 0x3063 | 0x3083 | 0x3085 | 0x3087 | 0x308E => {
            Some(u + 1)
        }
        0x3095 => Some(0x304B),
        0x3096 => Some(0x3051),
        _ => None,
    }
}

/// The voiced kana of `c`, for ゞ (か → が).
fn voiced(c: char) -> Option<char> {
    let u = c as u32;
    let voices = matches!(u, 0x304B..=0x3062 | 0x3064..=0x3069) && u % 2 == 1
        || matches!(u, 0x306F..=0x307D) && (u - 0x306F).is_multiple_of(3);
    if voices {
        char::from_u32(u + 1)
    } else if c == 'う' {
        Some('ゔ')
    } else {
        None
    }
}

/// How one character folds, given the character written before it; `None` drops it.
#[inline]
fn fold_char(c: char, previous: Option<char>) -> Option<char> {
    let u = c as u32;
    if let Some(f) = full_size(u) {
        return char::from_u32(f);
    }
    match c {
        // 々 repeats a kanji; ゝ and ヽ a kana, ゞ and ヾ voiced.
        '々' => Some(previous.filter(|p| p.len_utf8() == 3).unwrap_or(c)),
        'ゝ' | 'ヽ' => Some(previous.filter(|p| is_kana(*p)).unwrap_or(c)),
        'ゞ' | 'ヾ' => Some(previous.and_then(voiced).unwrap_or(c)),
        _ if separator(c).is_some() => None,
        _ => Some(new_form(c).unwrap_or(c)),
    }
}

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}')
}

/// Folds the plain fold for the term lists, visiting only the characters its `marks` point at
/// (noted by `normalize` as it folded) and copying the stretches between them whole.
pub fn fold_terms(plain: &super::normalize::Normalized) -> TermText {
    let text = plain.text.as_str();
    let mut out = TermText {
        text: String::with_capacity(text.len()),
        drops: Vec::new(),
    };
    let mut copied = 0usize;
    let mut dropped = 0u32;
    for &mark in &plain.marks {
        let i = mark as usize;
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
            continue;
        };
        if i < copied {
            continue;
        }
        // The character before, as folded: an iteration mark repeats it.
        let previous = if copied < i {
            text[copied..i].chars().next_back()
        } else {
            out.text.chars().next_back()
        };
        let len = c.len_utf8();
        match fold_char(c, previous) {
            Some(f) if f == c => {}
            Some(f) => {
                out.text.push_str(&text[copied..i]);
                out.text.push(f);
                copied = i + len;
            }
            None => {
                out.text.push_str(&text[copied..i]);
                dropped += len as u32;
                out.drops.push((out.text.len() as u32, dropped));
                copied = i + len;
            }
        }
    }
    out.text.push_str(&text[copied..]);
    out
}

/// How far a match's typed text is from the term it matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// The term as written (in any width, kana or case).
    Exact,
    /// Only invisible characters inside it.
    Hidden,
    /// Spaces, line breaks, dots, hyphens or middle dots inside it (invisible ones too).
    Spaced,
    /// Old kanji forms or iteration marks (with invisible characters at most).
    Glyph,
    /// Small kana or a long vowel written another way: katakana spelling.
    Kana,
}

/// `plain` without separators, and with glyphs folded when `glyphs`.
pub fn strip(plain: &str, glyphs: bool) -> String {
    let mut out = String::with_capacity(plain.len());
    let mut previous = None;
    for c in plain.chars() {
        if separator(c).is_some() {
            continue;
        }
        let f = if glyphs {
            match c {
                '々' | 'ゝ' | 'ヽ' | 'ゞ' | 'ヾ' => fold_char(c, previous).unwrap_or(c),
                _ => new_form(c).unwrap_or(c),
            }
        } else {
            c
        };
        out.push(f);
        previous = Some(f);
    }
    out
}

/// A term's plain fold, kept in the forms a match is compared with.
#[derive(Debug, Clone)]
pub struct TermForms {
    /// The plain fold.
    pub plain: String,
    /// Without separators.
    pub stripped: String,
    /// Without separators and with glyphs folded.
    pub glyphs: String,
    /// Characters in the plain fold, without separators.
    pub chars: usize,
}

impl TermForms {
    /// The forms of the plain fold `plain`.
    pub fn new(plain: &str) -> Self {
        let stripped = strip(plain, false);
        Self {
            chars: stripped.chars().count(),
            glyphs: strip(plain, true),
            stripped,
            plain: plain.to_string(),
        }
    }

    /// How the plain fold `typed` of a match differs from this term.
    pub fn variant(&self, typed: &str) -> Variant {
        if typed == self.plain {
            return Variant::Exact;
        }
        // Visible separators make it a spaced variant whatever else differs, so the word
        // boundary rules apply to it (「國 光」 as much as 「国 光」).
        let visible = typed.chars().any(|c| separator(c) == Some(false));
        if strip(typed, false) == self.stripped {
            return if visible {
                Variant::Spaced
            } else {
                Variant::Hidden
            };
        }
        if strip(typed, true) == self.glyphs {
            return if visible {
                Variant::Spaced
            } else {
                Variant::Glyph
            };
        }
        Variant::Kana
    }
}

/// The vowel row of a kana (after the plain fold): 0..5 for あいうえお, `None` for ん and
/// marks.
fn row(c: char) -> Option<u8> {
    const ROWS: [&str; 5] = [
        "あかがさざただなはばぱまやらわ",
        "いきぎしじちぢにひびぴみり",
        "うくぐすずつづぬふぶぷむゆるゔ",
        "えけげせぜてでねへべぺめれ",
        "おこごそぞとどのほぼぽもよろを",
    ];
    ROWS.iter().position(|r| r.contains(c)).map(|i| i as u8)
}

/// The ways a long vowel after a kana of `row` is written: ー, its vowel, or not at all.
fn long_vowels(row: u8) -> &'static [&'static str] {
    match row {
        0 => &["ー", "あ", ""],
        1 => &["ー", "い", ""],
        2 => &["ー", "う", ""],
        3 => &["ー", "い", "え", ""],
        _ => &["ー", "う", "お", ""],
    }
}

/// Most spellings listed for one term; a term with more long vowels keeps the first ones.
const MAX_SPELLINGS: usize = 48;

/// The spellings of a term-folded term that differ only in how its long vowels are written
/// (モーター: もーたー, もうたあ, もーた, もた …), the term itself first. A long vowel is ー after a
/// kana, or a vowel that lengthens the kana before it (おう, えい, ああ …). Spellings shorter
/// than two characters are left out.
pub fn spellings(term: &str) -> Vec<String> {
    let chars: Vec<char> = term.chars().collect();
    let mut out = vec![String::new()];
    let mut previous_row: Option<u8> = None;
    for &c in &chars {
        let this_row = row(c);
        let long = previous_row.filter(|&r| {
            c == 'ー'
                || match r {
                    0 => c == 'あ',
                    1 => c == 'い',
                    2 => c == 'う',
                    3 => c == 'い' || c == 'え',
                    _ => c == 'う' || c == 'お',
                }
        });
        match long {
            Some(r) if out.len() * long_vowels(r).len() <= MAX_SPELLINGS => {
                let mut next = Vec::with_capacity(out.len() * 3);
                for s in &out {
                    for v in long_vowels(r) {
                        next.push(format!("{s}{v}"));
                    }
                }
                out = next;
                // A long vowel does not lengthen again.
                previous_row = None;
            }
            _ => {
                for s in &mut out {
                    s.push(c);
                }
                previous_row = this_row;
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut list = vec![term.to_string()];
    seen.insert(term.to_string());
    for s in out {
        if s.chars().count() >= 2 && seen.insert(s.clone()) {
            list.push(s);
        }
    }
    list
}

/// What kind of character a word boundary is judged by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Kanji and 々.
    Kanji,
    /// Katakana (any width) and ー.
    Katakana,
    /// Latin letters and digits (any width).
    Latin,
    /// Hiragana, punctuation, spaces and the rest: a word boundary.
    Other,
}

/// The script of a character as typed.
pub fn script(c: char) -> Script {
    match c {
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '々' => {
            Script::Kanji
        }
        '\u{30A1}'..='\u{30FA}' | 'ー' | '\u{FF66}'..='\u{FF9F}' => Script::Katakana,
        'a'..='z' | 'A'..='Z' | '0'..='9' => Script::Latin,
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            Script::Latin
        }
        _ => Script::Other,
    }
}

/// Whether a word ends between `inside` (part of the match) and `outside` (next to it).
pub fn boundary(inside: char, outside: Option<char>) -> bool {
    let Some(o) = outside else { return true };
    let s = script(inside);
    s == Script::Other || script(o) != s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guideline::normalize::normalize;

    fn fold(t: &str) -> String {
        fold_terms(&normalize(t)).text
    }

    /// Every character looked at: the oracle for the fold that visits only the marks.
    fn reference(plain: &str) -> String {
        let mut out = String::new();
        for c in plain.chars() {
            if let Some(f) = fold_char(c, out.chars().next_back()) {
                out.push(f);
            }
        }
        out
    }

    const PIECES: &[&str] = &[
        "a", "Z", " ", "　", "-", "．", ".", "_", "\n", "\t", "・", "･", "·", "\u{200b}",
        "\u{200d}", "\u{2060}", "\u{feff}", "\u{00ad}", "‐", "―", "−", "ァ", "ぁ", "ｧ", "ッ", "ゃ",
        "ヵ", "ヶ", "々", "ゝ", "ゞ", "ヽ", "ヾ", "か", "カ", "ｶﾞ", "國", "﨑", "髙", "国", "工",
        "ー", "😀", "①", "℃", "Ａ", "Ｒ", "－", "★",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 3_000,
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x7A3B_11C5_92E4_0D6F),
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        })]
        #[test]
        fn folding_only_the_marked_characters_misses_none(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..14)
        ) {
            let t = pieces.concat();
            let n = normalize(&t);
            proptest::prop_assert_eq!(fold_terms(&n).text, reference(&n.text), "{:?}", t);
        }
    }

    #[test]
    fn separators_small_kana_iteration_marks_and_old_forms_fold() {
        assert_eq!(fold("紅 葉"), "紅葉");
        assert_eq!(fold("紅\u{200b}葉"), "紅葉");
        assert_eq!(fold("紅・葉"), "紅葉");
        assert_eq!(fold("紅　葉"), "紅葉");
        assert_eq!(fold("紅\n葉"), "紅葉");
        assert_eq!(fold("Ｘ Ｙ Ｚ工業"), "xyz工業");
        assert_eq!(fold("Ｒ-２"), "r2");
        assert_eq!(fold("R.2"), "r2");
        assert_eq!(fold("ウィンドウ"), fold("ウインドウ"));
        assert_eq!(fold("佐々木"), "佐佐木");
        assert_eq!(fold("いすゞ"), "いすず");
        assert_eq!(fold("國光"), "国光");
        assert_eq!(fold("髙橋"), "高橋");
    }

    #[test]
    fn the_map_skips_separators_at_the_edges() {
        let n = normalize("開発 紅\u{200b}葉 です");
        let plain = n.text.clone();
        let t = fold_terms(&n);
        let at = t.text.find("紅葉").unwrap_or(0);
        let (s, e) = t.plain(at, at + "紅葉".len());
        assert_eq!(&plain[s..e], "紅\u{200b}葉");
    }

    #[test]
    fn long_vowels_are_spelled_every_way() {
        let s = spellings(&fold("モーター"));
        for v in ["もーたー", "もーた", "もうたあ", "もた", "もおた"] {
            assert!(s.contains(&v.to_string()), "{v}: {s:?}");
        }
        assert!(spellings(&fold("ぞうきん")).contains(&"ぞーきん".to_string()));
        // a and i do not make a long vowel.
        assert_eq!(spellings("かいしゃ"), ["かいしゃ"]);
        assert!(spellings(&fold("コーヒーメーカー")).len() <= MAX_SPELLINGS + 1);
    }

    #[test]
    fn variants_are_told_apart() {
        let f = TermForms::new(&normalize("紅葉").text);
        assert_eq!(f.variant("紅葉"), Variant::Exact);
        assert_eq!(f.variant("紅\u{200b}葉"), Variant::Hidden);
        assert_eq!(f.variant("紅 葉"), Variant::Spaced);
        let f = TermForms::new(&normalize("国光").text);
        assert_eq!(f.variant("國光"), Variant::Glyph);
        assert_eq!(f.variant("國 光"), Variant::Spaced);
        let f = TermForms::new(&normalize("モーター").text);
        assert_eq!(f.variant(&normalize("モータ").text), Variant::Kana);
    }
}
