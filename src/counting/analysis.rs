//! One pass over the text that every counter reads from.
//!
//! The editor counts on every keystroke for up to seven platforms, so the text is walked
//! once: grapheme clusters (with a fast path for the characters Japanese posts are made of),
//! UTF-16 length, X's weight per grapheme, and the spans that count specially (URLs, remote
//! mentions). URL, hashtag and mention detection is delegated to the `twitter-text` crate,
//! but only on the whitespace-delimited tokens that could hold one, since those entities never
//! contain whitespace.

use twitter_text::extractor::{Extract, Extractor};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// One grapheme cluster.
#[derive(Debug, Clone, Copy)]
pub(super) struct Grapheme {
    /// Byte offset.
    pub start: u32,
    /// Length in UTF-8 bytes.
    pub bytes: u32,
    /// Length in UTF-16 units.
    pub utf16: u32,
    /// Holds an emoji (pictograph, flag, keycap, ZWJ sequence).
    pub emoji: bool,
    /// X's weight in hundredths (twitter-text v3), before URLs.
    pub x_weight: u32,
}

/// A span that counts as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// What the counters need to know about a text.
#[derive(Debug)]
pub(super) struct Analysis<'a> {
    pub text: &'a str,
    pub graphemes: Vec<Grapheme>,
    /// URLs as X finds them (with or without a scheme).
    pub x_urls: Vec<Span>,
    /// URLs with a scheme (Mastodon).
    pub scheme_urls: Vec<Span>,
    /// `@user@domain` spans with the grapheme length of `@user`.
    pub remote_mentions: Vec<(Span, u32)>,
    /// Hashtags, as Instagram would count them.
    pub hashtags: u32,
    /// Mentions, as Instagram would count them.
    pub mentions: u32,
    /// Contains U+FFFE, U+FEFF or U+FFFF, which X refuses.
    pub x_invalid: bool,
    /// Only "simple" characters: no grapheme needed the full rules, and the text is NFC.
    pub all_simple: bool,
}

/// Characters that never join a neighbour into one grapheme when the neighbour is also in
/// this set: a break between two of them is certain (UAX #29 GB999). Everything else goes
/// through the full segmentation rules.
fn simple(c: char) -> bool {
    matches!(c as u32,
        0x09 | 0x0A | 0x20..=0x7E | 0xA0..=0x2FF
        | 0x2010..=0x2027 | 0x2030..=0x205E
        | 0x3000..=0x3029 | 0x3031..=0x303C | 0x303E..=0x303F
        | 0x3041..=0x3096 | 0x309B..=0x30FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xFF01..=0xFF9D | 0xFFA0..=0xFFDC)
}

/// X's weight of one code point, in hundredths (twitter-text v3 ranges).
fn x_char_weight(c: char) -> u32 {
    match c as u32 {
        0..=4351 | 8192..=8205 | 8208..=8223 | 8242..=8247 => 100,
        _ => 200,
    }
}

fn is_emoji_char(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0xFE0F | 0x20E3
        | 0x231A..=0x231B | 0x23E9..=0x23FA | 0x3030 | 0x303D | 0x3297 | 0x3299)
}

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
        emoji,
        x_weight,
    }
}

/// A grapheme of one "simple" character from `start` to `end`.
#[inline]
fn single(text: &str, start: usize, end: usize) -> Grapheme {
    let c = text[start..end].chars().next().unwrap_or(' ');
    let emoji = is_emoji_char(c);
    Grapheme {
        start: start as u32,
        bytes: (end - start) as u32,
        utf16: c.len_utf16() as u32,
        emoji,
        x_weight: if emoji { 200 } else { x_char_weight(c) },
    }
}

fn segment(text: &str) -> Vec<Grapheme> {
    let mut out = Vec::with_capacity(text.len() / 2);
    let full = |from: usize, to: usize, out: &mut Vec<Grapheme>| {
        for (j, g) in text[from..to].grapheme_indices(true) {
            out.push(grapheme(text, from + j, from + j + g.len()));
        }
    };
    // Simple characters are emitted one per grapheme. A run holding anything else, plus the
    // simple character before it (which it may attach to), goes through the full rules up to
    // the next certain break: two simple characters in a row.
    let mut pending: Option<usize> = None; // a simple character not yet emitted
    let mut complex_from: Option<usize> = None;
    let mut prev_simple = false;
    for (i, c) in text.char_indices() {
        let s = simple(c);
        match complex_from {
            Some(from) => {
                if s && prev_simple {
                    full(from, i, &mut out);
                    complex_from = None;
                    pending = Some(i);
                }
            }
            None if s => {
                if let Some(p) = pending {
                    out.push(single(text, p, i));
                }
                pending = Some(i);
            }
            None => {
                complex_from = Some(pending.take().unwrap_or(i));
            }
        }
        prev_simple = s;
    }
    match (complex_from, pending) {
        (Some(from), _) => full(from, text.len(), &mut out),
        (None, Some(p)) => out.push(single(text, p, text.len())),
        (None, None) => {}
    }
    out
}

/// Whitespace-delimited tokens (byte ranges) that contain `needle` (any of its chars).
fn tokens_with(text: &str, needles: &[char]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = None;
    let mut hit = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let (Some(s), true) = (start, hit) {
                out.push(Span { start: s, end: i });
            }
            start = None;
            hit = false;
        } else {
            if start.is_none() {
                start = Some(i);
            }
            hit |= needles.contains(&c);
        }
    }
    if let (Some(s), true) = (start, hit) {
        out.push(Span {
            start: s,
            end: text.len(),
        });
    }
    out
}

/// URLs as X finds them (with or without a scheme), and those with a scheme (Mastodon).
fn urls(text: &str) -> (Vec<Span>, Vec<Span>) {
    let bare = Extractor::new();
    let mut scheme_only = Extractor::new();
    scheme_only.set_extract_url_without_protocol(false);
    let (mut all, mut scheme) = (Vec::new(), Vec::new());
    for t in tokens_with(text, &['.']) {
        let token = &text[t.start..t.end];
        let mut found = Vec::new();
        for e in bare.extract_urls_with_indices(token) {
            let start = t.start + super::byte_offset(token, e.value);
            found.push((
                Span {
                    start,
                    end: start + e.value.len(),
                },
                e.value.contains("://"),
            ));
        }
        // A scheme URL on a host the bare scan rejects (an unknown TLD) still counts on X
        // and Mastodon: scan again for those only when the bare scan missed a "://".
        let missed = token.match_indices("://").any(|(i, _)| {
            let at = t.start + i;
            !found.iter().any(|(s, _)| s.start <= at && at < s.end)
        });
        if missed {
            for e in scheme_only.extract_urls_with_indices(token) {
                let start = t.start + super::byte_offset(token, e.value);
                let span = Span {
                    start,
                    end: start + e.value.len(),
                };
                if !found
                    .iter()
                    .any(|(s, _)| s.start < span.end && span.start < s.end)
                {
                    found.push((span, true));
                }
            }
        }
        found.sort_unstable_by_key(|(s, _)| s.start);
        for (span, has_scheme) in found {
            all.push(span);
            if has_scheme {
                scheme.push(span);
            }
        }
    }
    (all, scheme)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Hashtags: `#` or `＃` at the start or after a non-word character, then word characters,
/// not all digits (Instagram's and most platforms' rule).
fn count_hashtags(text: &str) -> u32 {
    let mut n = 0;
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if (c == '#' || c == '＃') && prev.is_none_or(|p| !is_word(p) && p != '&') {
            let tag: String = text[i + c.len_utf8()..]
                .chars()
                .take_while(|c| is_word(*c))
                .collect();
            if !tag.is_empty() && !tag.chars().all(|c| c.is_ascii_digit()) {
                n += 1;
            }
        }
        prev = Some(c);
        let _ = chars.peek();
    }
    n
}

/// Mentions: `@` at the start or after a non-word character, then a handle of letters,
/// digits, `_` and `.`.
fn count_mentions(text: &str) -> u32 {
    let mut n = 0;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if (c == '@' || c == '＠') && prev.is_none_or(|p| !is_word(p) && p != '@') {
            let handle = text[i + c.len_utf8()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
                .count();
            if handle > 0 {
                n += 1;
            }
        }
        prev = Some(c);
    }
    n
}

impl<'a> Analysis<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let (x_urls, scheme_urls) = urls(text);
        Analysis {
            text,
            graphemes: segment(text),
            x_urls,
            scheme_urls,
            remote_mentions: if text.contains('@') {
                super::remote_mentions(text)
                    .into_iter()
                    .map(|(s, e, n)| (Span { start: s, end: e }, n))
                    .collect()
            } else {
                Vec::new()
            },
            hashtags: count_hashtags(text),
            mentions: count_mentions(text),
            x_invalid: text.contains(['\u{FFFE}', '\u{FEFF}', '\u{FFFF}']),
            all_simple: text.chars().all(simple),
        }
    }

    /// Walks the graphemes with spans counted as a whole: `weight(grapheme)` for ordinary
    /// ones, `span_weight` for each span. Returns the total and the first byte past `limit`.
    pub(super) fn walk(
        &self,
        spans: &[(Span, u32)],
        limit: u32,
        weight: impl Fn(&Grapheme) -> u32,
    ) -> (u32, Option<usize>) {
        let mut total = 0u32;
        let mut over = None;
        let mut spans = spans.iter().peekable();
        let mut skip_to = 0usize;
        for g in &self.graphemes {
            let at = g.start as usize;
            if at < skip_to {
                continue;
            }
            while spans.peek().is_some_and(|(s, _)| s.end <= at) {
                spans.next();
            }
            let w = match spans.peek() {
                Some((s, w)) if s.start <= at => {
                    skip_to = s.end;
                    let w = *w;
                    spans.next();
                    w
                }
                _ => weight(g),
            };
            total = total.saturating_add(w);
            if over.is_none() && total > limit {
                over = Some(at);
            }
        }
        (total, over)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn tokens_hold_whole_entities() {
        let t = "詳細はこちらexample.com と https://a.example.com/x";
        let (spans, scheme_spans) = urls(t);
        let found: Vec<&str> = spans.iter().map(|s| &t[s.start..s.end]).collect();
        assert_eq!(found, ["example.com", "https://a.example.com/x"]);
        let scheme: Vec<&str> = scheme_spans.iter().map(|s| &t[s.start..s.end]).collect();
        assert_eq!(scheme, ["https://a.example.com/x"]);
    }
}
