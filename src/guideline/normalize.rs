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

/// Folded text with a map back to the original bytes.
///
/// The map is kept as runs: most of a Japanese draft (kana, kanji, ASCII) folds to text of
/// the same length character by character, so one run covers it with plain offsets; only a
/// character whose fold changes its length (full-width letters, half-width kana with their
/// sound marks, NFKC expansions) gets a run of its own that maps to the whole character.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The folded text.
    pub text: String,
    runs: Vec<Run>,
}

/// Folded bytes from `folded` on come from the original bytes `start..end`: byte for byte
/// when `same` (so offsets carry over), else all of them from the whole range.
#[derive(Debug, Clone, Copy)]
struct Run {
    folded: u32,
    start: u32,
    end: u32,
    same: bool,
}

impl Normalized {
    /// The original byte range of folded bytes `start..end` (`end` exclusive, `start < end`).
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        let run_of = |at: usize| {
            let i = self.runs.partition_point(|r| r.folded as usize <= at);
            self.runs.get(i.checked_sub(1)?).copied()
        };
        let first = run_of(start).map_or(0, |r| {
            if r.same {
                r.start as usize + (start - r.folded as usize)
            } else {
                r.start as usize
            }
        });
        let last = run_of(end.saturating_sub(1)).map_or(first, |r| {
            if r.same {
                r.start as usize + (end - r.folded as usize)
            } else {
                r.end as usize
            }
        });
        (first, last)
    }

    /// Records that the folded bytes from `before` to the end of the text came from the
    /// original bytes `start..end`.
    fn push_run(&mut self, before: usize, start: usize, end: usize) {
        let after = self.text.len();
        let same = after - before == end - start;
        if same {
            if let Some(last) = self.runs.last_mut() {
                let contiguous = last.same
                    && last.end as usize == start
                    && last.folded as usize + (last.end - last.start) as usize == before;
                if contiguous {
                    last.end = end as u32;
                    return;
                }
            }
        }
        self.runs.push(Run {
            folded: before as u32,
            start: start as u32,
            end: end as u32,
            same,
        });
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
        runs: Vec::new(),
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
        if out.text.len() > before {
            out.push_run(before, start, end);
        }
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
    fn ranges_point_at_what_was_typed_through_every_kind_of_fold() {
        let text = "ＡＢＣ工場のｿﾞｳｷﾝとゾウキン、Project ZEPHYR ㍿ です";
        let n = normalize(text);
        for (folded, typed) in [
            ("abc", "ＡＢＣ"),
            ("工場", "工場"),
            ("ぞうきん", "ｿﾞｳｷﾝ"),
            ("zephyr", "ZEPHYR"),
            ("株式会社", "㍿"),
            ("です", "です"),
        ] {
            let at = n.text.find(folded).unwrap();
            let (s, e) = n.original(at, at + folded.len());
            assert_eq!(&text[s..e], typed, "{folded}");
        }
        // The second ぞうきん is the katakana one.
        let at = n.text.rfind("ぞうきん").unwrap();
        let (s, e) = n.original(at, at + "ぞうきん".len());
        assert_eq!(&text[s..e], "ゾウキン");
        // Part of an expansion points at the whole character it came from.
        let at = n.text.find("式会").unwrap();
        let (s, e) = n.original(at, at + "式会".len());
        assert_eq!(&text[s..e], "㍿");
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
