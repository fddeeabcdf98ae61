//! One pass over the text that every counter reads from.
//!
//! The editor counts on every keystroke for up to seven platforms, so the text is walked
//! once: grapheme clusters (with a fast path for the characters Japanese posts are made of),
//! UTF-16 length, X's weight per grapheme, and the spans that count specially (URLs, remote
//! mentions). URL, hashtag and mention detection is delegated to the `twitter-text` crate,
//! but only on the whitespace-delimited tokens that could hold one (see `entities.rs`), since
//! those entities never contain whitespace.

use super::entities::{count_hashtags, count_mentions, scheme_urls};

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
    /// Sum of X weights of all graphemes (hundredths), URLs not yet counted as 23.
    pub x_total: u32,
    /// Extra units Threads counts for emoji (their UTF-8 bytes minus one each).
    pub emoji_extra_bytes: u32,
    /// UTF-16 length of the whole text, once asked for.
    pub utf16: std::cell::OnceCell<u32>,
    /// Only "simple" characters and emoji: the text is certainly NFC (neither has a
    /// canonical decomposition or composes with a neighbour).
    pub all_simple: bool,
}

/// Characters that never join a neighbour into one grapheme when the neighbour is also in
/// this set: a break between two of them is certain (UAX #29 GB999). Everything else goes
/// through the full segmentation rules.
#[inline]
fn simple(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return u >= 0x20 && u != 0x7F || u == 0x09 || u == 0x0A;
    }
    if (0x4E00..=0x9FFF).contains(&u)
        || (0x3041..=0x3096).contains(&u)
        || (0x30A1..=0x30FA).contains(&u)
    {
        return true;
    }
    matches!(u,
        0x09 | 0x0A | 0x20..=0x7E | 0xA0..=0x2FF
        | 0x2010..=0x2027 | 0x2030..=0x205E
        | 0x3000..=0x3029 | 0x3031..=0x303C | 0x303E..=0x303F
        | 0x3041..=0x3096 | 0x309B..=0x30FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xFF01..=0xFF9D | 0xFFA0..=0xFFDC)
}

/// X's weight of one code point, in hundredths (twitter-text v3 ranges).
#[inline]
fn x_char_weight(c: char) -> u32 {
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

/// A grapheme of the one "simple" character `c` at `start`.
#[inline]
fn single(start: usize, c: char) -> Grapheme {
    let emoji = is_emoji_char(c);
    Grapheme {
        start: start as u32,
        bytes: c.len_utf8() as u32,
        utf16: c.len_utf16() as u32,
        emoji,
        x_weight: if emoji { 200 } else { x_char_weight(c) },
    }
}

/// Graphemes with the sums every counter needs, gathered as they are made.
#[derive(Default)]
struct Segments {
    list: Vec<Grapheme>,
    /// No character outside the simple set and emoji (so the text is NFC).
    nfc_safe: bool,
    x_total: u32,
    emoji_extra_bytes: u32,
    utf16: u32,
}

impl Segments {
    #[inline]
    fn push(&mut self, g: Grapheme) {
        self.x_total = self.x_total.saturating_add(g.x_weight);
        self.utf16 = self.utf16.saturating_add(g.utf16);
        if g.emoji {
            self.emoji_extra_bytes = self.emoji_extra_bytes.saturating_add(g.bytes - 1);
        }
        self.list.push(g);
    }
}

#[cfg(test)]
fn segment(text: &str) -> Vec<Grapheme> {
    segment_with_sums(text).list
}

fn segment_with_sums(text: &str) -> Segments {
    let mut out = Segments {
        list: Vec::with_capacity(text.len() / 2),
        nfc_safe: true,
        ..Default::default()
    };
    let full = |from: usize, to: usize, out: &mut Segments| {
        for (j, g) in text[from..to].grapheme_indices(true) {
            out.push(grapheme(text, from + j, from + j + g.len()));
        }
    };
    // Simple characters are emitted one per grapheme. A run holding anything else, plus the
    // simple character before it (which it may attach to), goes through the full rules up to
    // the next certain break: two simple characters in a row.
    let mut pending: Option<(usize, char)> = None; // a simple character not yet emitted
    let mut complex_from: Option<usize> = None;
    let mut prev_simple = false;
    let bytes = text.as_bytes();
    let mut i = 0usize;
    while i < bytes.len() {
        // Decode by hand: ASCII and three-byte characters (kana, kanji) are the common case.
        let b = bytes[i];
        let (c, n) = if b < 0x80 {
            (b as char, 1)
        } else if b & 0xF0 == 0xE0 && i + 2 < bytes.len() {
            let u = (u32::from(b & 0x0F) << 12)
                | (u32::from(bytes[i + 1] & 0x3F) << 6)
                | u32::from(bytes[i + 2] & 0x3F);
            (char::from_u32(u).unwrap_or('\u{FFFD}'), 3)
        } else {
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            (c, c.len_utf8())
        };
        let s = simple(c);
        if !s
            && out.nfc_safe
            && !(is_emoji_char(c) || matches!(c, '\u{200D}' | '\u{1F3FB}'..='\u{1F3FF}'))
        {
            out.nfc_safe = false;
        }
        match complex_from {
            Some(from) => {
                if s && prev_simple {
                    full(from, i, &mut out);
                    complex_from = None;
                    pending = Some((i, c));
                }
            }
            None if s => {
                if let Some((p, pc)) = pending {
                    out.push(single(p, pc));
                }
                pending = Some((i, c));
            }
            None => {
                complex_from = Some(pending.take().map_or(i, |(p, _)| p));
            }
        }
        prev_simple = s;
        i += n;
    }
    match (complex_from, pending) {
        (Some(from), _) => full(from, text.len(), &mut out),
        (None, Some((p, pc))) => out.push(single(p, pc)),
        (None, None) => {}
    }
    out
}

impl<'a> Analysis<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let x_urls = super::x_urls::x_urls(text);
        let scheme_urls = scheme_urls(text);
        let seg = segment_with_sums(text);
        let nfc_safe = seg.nfc_safe;
        let utf16 = std::cell::OnceCell::new();
        let _ = utf16.set(seg.utf16);
        Analysis {
            text,
            graphemes: seg.list,
            x_total: seg.x_total,
            emoji_extra_bytes: seg.emoji_extra_bytes,
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
            x_invalid: ["\u{FFFE}", "\u{FEFF}", "\u{FFFF}"]
                .iter()
                .any(|c| memchr::memmem::find(text.as_bytes(), c.as_bytes()).is_some()),
            utf16,
            all_simple: nfc_safe,
        }
    }

    /// Length in UTF-16 code units.
    pub(super) fn utf16_len(&self) -> u32 {
        *self
            .utf16
            .get_or_init(|| self.graphemes.iter().map(|g| g.utf16).sum())
    }

    /// Where the text passes `limit` graphemes, if it does.
    pub(super) fn grapheme_over(&self, limit: u32) -> Option<usize> {
        self.graphemes.get(limit as usize).map(|g| g.start as usize)
    }

    /// A byte offset as byte and UTF-16 positions, from the grapheme table.
    pub(super) fn pos(&self, byte: usize) -> super::TextPos {
        let byte = byte.min(self.text.len());
        let k = self.index_at(byte);
        let before: u32 = self.graphemes[..k].iter().map(|g| g.utf16).sum();
        // `byte` may fall inside the grapheme before it (a split by code units).
        let start = if k > 0 {
            self.graphemes[k - 1].start as usize
        } else {
            0
        };
        let (whole, rest) = if k > 0 && start + self.graphemes[k - 1].bytes as usize > byte {
            (
                before - self.graphemes[k - 1].utf16,
                self.text
                    .get(start..byte)
                    .map_or(0, |s| s.encode_utf16().count()),
            )
        } else {
            (before, 0)
        };
        super::TextPos {
            byte: byte as u32,
            utf16: whole + rest as u32,
        }
    }

    /// Index of the first grapheme starting at or after byte `at`.
    fn index_at(&self, at: usize) -> usize {
        self.graphemes.partition_point(|g| (g.start as usize) < at)
    }

    /// When `at` falls inside a grapheme (a URL that ends before a keycap's `U+FE0F U+20E3`),
    /// X weighs the rest of that grapheme character by character: their weight, in
    /// hundredths. Zero when `at` is a grapheme boundary.
    pub(super) fn x_tail_weight(&self, at: usize) -> u32 {
        let i = self.index_at(at);
        let Some(g) = i.checked_sub(1).and_then(|k| self.graphemes.get(k)) else {
            return 0;
        };
        let end = (g.start + g.bytes) as usize;
        if at >= end || !self.text.is_char_boundary(at) {
            return 0;
        }
        self.text[at..end].chars().map(x_char_weight).sum()
    }

    /// Graphemes inside `span`.
    pub(super) fn in_span(&self, span: Span) -> &[Grapheme] {
        let (a, b) = (self.index_at(span.start), self.index_at(span.end));
        &self.graphemes[a..b.max(a)]
    }

    /// The total with spans counted as a whole, from the precomputed `base` total of
    /// `weight` over every grapheme.
    pub(super) fn total_with_spans(
        &self,
        base: u32,
        spans: &[(Span, u32)],
        weight: impl Fn(&Grapheme) -> u32,
    ) -> u32 {
        spans.iter().fold(base, |t, (s, w)| {
            let inside: u32 = self.in_span(*s).iter().map(&weight).sum();
            t.saturating_sub(inside).saturating_add(*w)
        })
    }

    /// Walks the graphemes with spans counted as a whole: `weight(grapheme)` for ordinary
    /// ones, `span_weight` for each span. Returns the total and the first byte past `limit`.
    pub(super) fn over_from(
        &self,
        spans: &[(Span, u32)],
        limit: u32,
        weight: impl Fn(&Grapheme) -> u32,
    ) -> Option<usize> {
        self.walk_inner(spans, limit, weight, true).1
    }

    fn walk_inner(
        &self,
        spans: &[(Span, u32)],
        limit: u32,
        weight: impl Fn(&Grapheme) -> u32,
        stop_when_over: bool,
    ) -> (u32, Option<usize>) {
        let mut total = 0u32;
        let mut over = None;
        if spans.is_empty() {
            for g in &self.graphemes {
                total = total.saturating_add(weight(g));
                if over.is_none() && total > limit {
                    over = Some(g.start as usize);
                    if stop_when_over {
                        break;
                    }
                }
            }
            return (total, over);
        }
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
                if stop_when_over {
                    break;
                }
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
        let (spans, scheme_spans) = crate::counting::entities::urls(t);
        let found: Vec<&str> = spans.iter().map(|s| &t[s.start..s.end]).collect();
        assert_eq!(found, ["example.com", "https://a.example.com/x"]);
        let scheme: Vec<&str> = scheme_spans.iter().map(|s| &t[s.start..s.end]).collect();
        assert_eq!(scheme, ["https://a.example.com/x"]);
    }
}
