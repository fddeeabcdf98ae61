//! One pass over the text that every counter reads from.
//!
//! The editor counts on every keystroke for up to seven platforms, so the text is walked
//! once: grapheme clusters (with a fast path for the characters Japanese posts are made of),
//! UTF-16 length, X's weight per grapheme, and the spans that count specially (URLs, remote
//! mentions). URL, hashtag and mention detection is delegated to the `twitter-text` crate,
//! but only on the whitespace-delimited tokens that could hold one (see `entities.rs`), since
//! those entities never contain whitespace.

use super::entities::{count_hashtags, count_mentions, scheme_urls};

use super::segment::{segment_with_sums, x_char_weight};

/// One grapheme cluster.
#[derive(Debug, Clone, Copy)]
pub(super) struct Grapheme {
    /// Byte offset.
    pub start: u32,
    /// Length in UTF-8 bytes.
    pub bytes: u32,
    /// Length in UTF-16 units.
    pub utf16: u32,
    /// UTF-16 units before this grapheme (so a position's UTF-16 offset is one lookup).
    pub utf16_at: u32,
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
    /// UTF-16 length of the whole text.
    pub utf16: u32,
    /// Only simple characters, emoji and other NFC-stable starters: the text is certainly
    /// NFC (none has a canonical decomposition or composes with a neighbour).
    pub all_simple: bool,
}

impl<'a> Analysis<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let x_urls = super::x_urls::x_urls(text);
        let scheme_urls = scheme_urls(text);
        let seg = segment_with_sums(text);
        let nfc_safe = seg.nfc_safe;
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
            utf16: seg.utf16,
            all_simple: nfc_safe,
        }
    }

    /// Length in UTF-16 code units.
    pub(super) fn utf16_len(&self) -> u32 {
        self.utf16
    }

    /// The first grapheme at which the running total of `end(grapheme)` (a cumulative
    /// measure such as UTF-16 units or bytes up to the grapheme's end) passes `limit`: the
    /// same answer as walking with [`Self::over_from`], found by bisection.
    pub(super) fn cumulative_over(
        &self,
        limit: u32,
        end: impl Fn(&Grapheme) -> u32,
    ) -> Option<usize> {
        let i = self.graphemes.partition_point(|g| end(g) <= limit);
        self.graphemes.get(i).map(|g| g.start as usize)
    }

    /// Where the text passes `limit` graphemes, if it does.
    pub(super) fn grapheme_over(&self, limit: u32) -> Option<usize> {
        self.graphemes.get(limit as usize).map(|g| g.start as usize)
    }

    /// A byte offset as byte and UTF-16 positions, from the grapheme table.
    pub(super) fn pos(&self, byte: usize) -> super::TextPos {
        let byte = byte.min(self.text.len());
        let k = self.index_at(byte);
        let before: u32 = k
            .checked_sub(1)
            .and_then(|i| self.graphemes.get(i))
            .map_or(0, |g| g.utf16_at + g.utf16);
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
