//! Grapheme clusters with the sums every counter needs, in one pass.
//!
//! Japanese posts are made almost entirely of characters that never join a neighbour (ASCII,
//! kana, kanji, CJK punctuation, full- and half-width forms). Between two of them a grapheme
//! break is certain (UAX #29 GB999), so each is its own grapheme and needs no rules. Only a
//! region that holds anything else (an emoji sequence, a combining mark, a flag), together
//! with the simple character before it, goes through the full segmentation rules, up to the
//! next two simple characters in a row.
//!
//! The simple set is a bitmap over the Basic Multilingual Plane, so the common path is one
//! table lookup per character and no branches on the character's script; it runs on every
//! keystroke of the editor and in every guideline check.

use super::analysis::Grapheme;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// The simple set, as code point ranges (all in the BMP, all one UTF-16 unit, none an emoji,
/// none with a grapheme break property other than "Other").
const SIMPLE_RANGES: &[(u32, u32)] = &[
    (0x09, 0x0A),
    (0x20, 0x7E),
    (0xA0, 0x2FF),
    (0x2010, 0x2027),
    (0x2030, 0x205E),
    // Letterlike symbols (without the three with a canonical decomposition: Ω, K, Å), number
    // forms, arrows, mathematical and technical symbols (without the emoji among them and
    // the two angle brackets NFC replaces), enclosed numbers (①), box drawing and shapes.
    (0x2100, 0x2125),
    (0x2127, 0x2129),
    (0x212C, 0x218B),
    (0x2190, 0x2319),
    (0x231C, 0x2328),
    (0x232B, 0x23E8),
    (0x23FB, 0x2426),
    (0x2440, 0x244A),
    (0x2460, 0x25FF),
    (0x3000, 0x3029),
    (0x3031, 0x303C),
    (0x303E, 0x303F),
    (0x3041, 0x3096),
    (0x309B, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xFF01, 0xFF9D),
    (0xFFA0, 0xFFDC),
];

const fn simple_bitmap() -> [u64; 1024] {
    let mut bits = [0u64; 1024];
    let mut r = 0;
    while r < SIMPLE_RANGES.len() {
        let (lo, hi) = SIMPLE_RANGES[r];
        let mut u = lo;
        while u <= hi {
            if u % 64 == 0 && u + 63 <= hi {
                bits[(u / 64) as usize] = u64::MAX;
                u += 64;
            } else {
                bits[(u / 64) as usize] |= 1 << (u % 64);
                u += 1;
            }
        }
        r += 1;
    }
    bits
}

static SIMPLE: [u64; 1024] = simple_bitmap();

/// Characters that never join a neighbour into one grapheme when the neighbour is also in
/// this set: a break between two of them is certain. Everything else goes through the full
/// segmentation rules.
#[inline]
fn simple(c: char) -> bool {
    let u = c as usize;
    SIMPLE.get(u / 64).is_some_and(|w| (w >> (u % 64)) & 1 == 1)
}

/// X's weight of one code point, in hundredths (twitter-text v3 ranges).
#[inline]
pub(super) fn x_char_weight(c: char) -> u32 {
    match c as u32 {
        0..=4351 | 8192..=8205 | 8208..=8223 | 8242..=8247 => 100,
        _ => 200,
    }
}

#[inline]
fn is_emoji_char(c: char) -> bool {
    let u = c as u32;
    // Most characters of a Japanese post: ASCII, kana, kanji.
    if u < 0x20E3 || (0x3040..=0x3296).contains(&u) || (0x3300..=0xFE0E).contains(&u) {
        return false;
    }
    matches!(u,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0xFE0F | 0x20E3
        | 0x231A..=0x231B | 0x23E9..=0x23FA | 0x3030 | 0x303D | 0x3297 | 0x3299)
}

/// Whether `c` can neither change under NFC nor reorder or compose with a neighbour: a
/// starter (combining class 0) that passes the NFC quick check. A text made only of such
/// characters passes the quick check as a whole, so it is NFC without normalising it. Asked
/// only for characters outside the simple set (`℃`, `①`, `™`).
fn nfc_stable(c: char) -> bool {
    unicode_normalization::char::canonical_combining_class(c) == 0
        && unicode_normalization::is_nfc_quick(std::iter::once(c))
            == unicode_normalization::IsNormalized::Yes
}

/// A grapheme found by the full rules.
fn grapheme(text: &str, start: usize, end: usize) -> Grapheme {
    let g = &text[start..end];
    let mut chars = g.chars();
    let (emoji, utf16, x_weight) = match (chars.next(), chars.next()) {
        (Some(c), None) => {
            let e = is_emoji_char(c);
            (
                e,
                c.len_utf16() as u32,
                if e { 200 } else { x_char_weight(c) },
            )
        }
        _ => {
            let emoji = g.chars().any(|c| is_emoji_char(c) || c == '\u{200D}');
            let utf16 = g.encode_utf16().count() as u32;
            // X counts after NFC: a base and its combining mark may become one code point.
            let x_weight = if emoji {
                200
            } else {
                g.nfc().map(x_char_weight).sum()
            };
            (emoji, utf16, x_weight)
        }
    };
    Grapheme {
        start: start as u32,
        bytes: (end - start) as u32,
        utf16,
        utf16_at: 0,
        emoji,
        x_weight,
    }
}

/// Graphemes with the sums every counter needs, gathered as they are made.
#[derive(Default)]
pub(super) struct Segments {
    pub list: Vec<Grapheme>,
    /// No character outside the simple set, emoji and NFC-stable starters (so the text is NFC).
    pub nfc_safe: bool,
    pub x_total: u32,
    pub emoji_extra_bytes: u32,
    pub utf16: u32,
}

impl Segments {
    #[inline]
    fn push(&mut self, mut g: Grapheme) {
        g.utf16_at = self.utf16;
        self.x_total = self.x_total.saturating_add(g.x_weight);
        self.utf16 = self.utf16.saturating_add(g.utf16);
        if g.emoji {
            self.emoji_extra_bytes = self.emoji_extra_bytes.saturating_add(g.bytes - 1);
        }
        self.list.push(g);
    }

    /// A simple character: one UTF-16 unit, never an emoji.
    #[inline]
    fn push_simple(&mut self, start: usize, c: char, bytes: usize) {
        let x_weight = x_char_weight(c);
        self.list.push(Grapheme {
            start: start as u32,
            bytes: bytes as u32,
            utf16: 1,
            utf16_at: self.utf16,
            emoji: false,
            x_weight,
        });
        self.x_total = self.x_total.saturating_add(x_weight);
        self.utf16 = self.utf16.saturating_add(1);
    }

    /// The graphemes of `text[from..to]` by the full rules.
    fn push_region(&mut self, text: &str, from: usize, to: usize) {
        for (j, g) in text[from..to].grapheme_indices(true) {
            self.push(grapheme(text, from + j, from + j + g.len()));
        }
    }

    /// Notes a character outside the simple set for the NFC shortcut.
    #[inline]
    fn note_other(&mut self, c: char) {
        if self.nfc_safe
            && !(is_emoji_char(c) || matches!(c, '\u{200D}' | '\u{1F3FB}'..='\u{1F3FF}'))
            && !nfc_stable(c)
        {
            self.nfc_safe = false;
        }
    }
}

/// The character at byte `i` (a character boundary before the end) and its length. ASCII
/// and three-byte characters (kana, kanji) are decoded by hand: they are the common case.
#[inline]
fn decode(text: &str, i: usize) -> (char, usize) {
    let bytes = text.as_bytes();
    let b = bytes[i];
    if b < 0x80 {
        return (char::from(b), 1);
    }
    if b & 0xF0 == 0xE0 && i + 2 < bytes.len() {
        let u = (u32::from(b & 0x0F) << 12)
            | (u32::from(bytes[i + 1] & 0x3F) << 6)
            | u32::from(bytes[i + 2] & 0x3F);
        return (char::from_u32(u).unwrap_or('\u{FFFD}'), 3);
    }
    let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
    (c, c.len_utf8())
}

#[cfg(test)]
pub(super) fn segment(text: &str) -> Vec<Grapheme> {
    segment_with_sums(text).list
}

/// Segments `text`, with the sums.
pub(super) fn segment_with_sums(text: &str) -> Segments {
    let mut out = Segments {
        list: Vec::with_capacity(text.len() / 2),
        nfc_safe: true,
        ..Default::default()
    };
    let end = text.len();
    if end == 0 {
        return out;
    }
    // The character at `i`, its length and whether it is simple, carried from one step to
    // the next so each character is decoded and looked up once.
    let mut i = 0usize;
    let (mut c, mut n) = decode(text, 0);
    let mut s = simple(c);
    loop {
        let j = i + n;
        if j >= end {
            if s {
                out.push_simple(i, c, n);
            } else {
                out.note_other(c);
                out.push_region(text, i, end);
            }
            return out;
        }
        let (d, m) = decode(text, j);
        let ds = simple(d);
        if s && ds {
            out.push_simple(i, c, n);
            (i, c, n) = (j, d, m);
            continue;
        }
        // A region that needs the full rules: from here (a simple character that the next
        // one may attach to, or the text's first character) to the next two simple
        // characters in a row.
        let from = i;
        if !s {
            out.note_other(c);
        }
        let mut prev_simple = s;
        (i, c, n, s) = (j, d, m, ds);
        loop {
            if s && prev_simple {
                break;
            }
            if !s {
                out.note_other(c);
            }
            if i + n >= end {
                out.push_region(text, from, end);
                return out;
            }
            prev_simple = s;
            i += n;
            (c, n) = decode(text, i);
            s = simple(c);
        }
        out.push_region(text, from, i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_characters_are_single_unit_non_emoji() {
        for u in 0..=0xFFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            if simple(c) {
                assert_eq!(c.len_utf16(), 1, "{u:#x}");
                assert!(!is_emoji_char(c), "{u:#x}");
                assert!(nfc_stable(c), "{u:#x}");
                // A certain break on both sides, against itself and a letter.
                for pair in [format!("{c}a"), format!("a{c}"), format!("{c}{c}")] {
                    assert_eq!(pair.graphemes(true).count(), 2, "{u:#x}");
                }
            }
        }
        assert!(simple('あ') && simple('漢') && simple('a') && simple('ｱ'));
        assert!(!simple('\u{3099}') && !simple('\r') && !simple('👍') && !simple('\u{200D}'));
    }

    #[test]
    fn fast_segmentation_matches_the_full_rules() {
        let samples = [
            "こんにちは、世界！",
            "カ\u{3099}ｶﾞｷﾞ",
            "絵文字テスト😀👍🏽👨\u{200D}👩\u{200D}👧\u{200D}👦",
            "日本🇯🇵🇺🇸 1\u{20E3} ©\u{FE0F} e\u{301}",
            "\r\n行\r\n末\n",
            "한국어 가\u{1100}\u{1161} ｱｲｳ ＡＢＣ",
            "tab\tand—“quotes”…",
            "👍🏽先頭と末尾😀",
            "室温20℃に①▶\u{FE0F}→Ω\u{301}",
            "\u{301}a\u{301}\u{301}bc",
        ];
        for s in samples {
            let fast: Vec<&str> = segment(s)
                .iter()
                .map(|g| &s[g.start as usize..(g.start + g.bytes) as usize])
                .collect();
            let full: Vec<&str> = s.graphemes(true).collect();
            assert_eq!(fast, full, "{s:?}");
        }
    }
}
