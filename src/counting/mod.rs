//! Text length the way each platform counts it.
//!
//! Every platform counts differently (see `shared/platforms/counting.md`), and a meter that
//! disagrees with the platform either wastes room or lets a post fail at publish time. So
//! each platform has its own rule here, with its limit in one [`Limits`] value that can be
//! changed per workspace (Mastodon servers and X subscriptions differ):
//!
//! * X: twitter-text v3 weighted length: weights per code point after NFC, an emoji sequence
//!   2, every URL 23 (with or without a scheme, as the reference implementations and X's
//!   documentation do). URLs are found by the maintained `twitter-text` crate; the crate's own
//!   `parse` is the test oracle (`reference.rs`), checked on the conformance cases.
//! * Bluesky: extended grapheme clusters and, separately, UTF-8 bytes.
//! * Mastodon: graphemes, a URL with a scheme counts 23, `@user@domain` counts as `@user`.
//! * Threads: graphemes, an emoji grapheme counts its UTF-8 bytes (the conservative reading of
//!   Meta's documentation).
//! * LinkedIn, Facebook, Instagram: UTF-16 code units, as their web composers count; Instagram
//!   also allows at most 30 hashtags and 20 mentions.
//!
//! Where the text goes over, [`Count::over_from`] says where: the first byte (and UTF-16 unit)
//! that no longer fits, so the editor can mark the overflow where it starts.
//!
//! All counters read one [`analysis::Analysis`] of the text, made in a single pass, so
//! counting a post for every platform costs about one walk over it.

mod analysis;
mod entities;
#[cfg(test)]
mod reference;
mod segment;
mod x_urls;

use crate::model::Platform;
use analysis::{Analysis, Grapheme, Span};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a count is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CountUnit {
    /// X's weighted characters.
    Weighted,
    /// Extended grapheme clusters.
    Graphemes,
    /// UTF-8 bytes.
    Bytes,
    /// UTF-16 code units.
    Utf16,
    /// Hashtags.
    Hashtags,
    /// Mentions.
    Mentions,
}

/// A position in the text, in the two units the app needs: UTF-8 bytes (Rust, Bluesky facets)
/// and UTF-16 code units (the editor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TextPos {
    /// Offset in UTF-8 bytes.
    pub byte: u32,
    /// Offset in UTF-16 code units.
    pub utf16: u32,
}

/// One limit checked against the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Measure {
    /// The unit.
    pub unit: CountUnit,
    /// How much the text uses.
    pub length: u32,
    /// How much the platform allows.
    pub limit: u32,
}

/// The count of one text for one platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Count {
    /// The platform.
    pub platform: Platform,
    /// The platform's own length of the text.
    pub length: u32,
    /// The platform's limit, in the same unit.
    pub limit: u32,
    /// The unit of `length` and `limit`.
    pub unit: CountUnit,
    /// Whether the platform would accept the text.
    pub valid: bool,
    /// Other limits that apply too (Bluesky bytes, Instagram hashtags and mentions).
    pub also: Vec<Measure>,
    /// Where the text stops fitting, when it does not.
    pub over_from: Option<TextPos>,
    /// Why the text is invalid beyond its length (empty, forbidden characters), in English.
    pub problem: Option<String>,
}

/// Per-platform limits; defaults are the platforms' documented ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// X weighted length (280; 25,000 for Premium).
    pub x: u32,
    /// Bluesky graphemes.
    pub bluesky_graphemes: u32,
    /// Bluesky UTF-8 bytes.
    pub bluesky_bytes: u32,
    /// Mastodon characters (per server; 500 by default).
    pub mastodon: u32,
    /// Characters a Mastodon URL counts as.
    pub mastodon_url: u32,
    /// Threads characters.
    pub threads: u32,
    /// LinkedIn commentary.
    pub linkedin: u32,
    /// Facebook Page message.
    pub facebook: u32,
    /// Instagram caption.
    pub instagram: u32,
    /// Instagram hashtags.
    pub instagram_hashtags: u32,
    /// Instagram mentions.
    pub instagram_mentions: u32,
    /// A LINE text message (the Messaging API's limit).
    pub line: u32,
    /// A LINE VOOM post.
    pub line_voom: u32,
    /// A note post's text (note has no practical limit; this keeps a runaway paste visible).
    pub note: u32,
    /// A TikTok caption.
    pub tiktok: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            x: 280,
            bluesky_graphemes: 300,
            bluesky_bytes: 3000,
            mastodon: 500,
            mastodon_url: 23,
            threads: 500,
            linkedin: 3000,
            facebook: 63_206,
            instagram: 2200,
            instagram_hashtags: 30,
            instagram_mentions: 20,
            line: 5000,
            line_voom: 10_000,
            note: 100_000,
            tiktok: 2200,
        }
    }
}

/// Counts `text` for `platform` with the default limits.
pub fn count(platform: Platform, text: &str) -> Count {
    count_with(platform, text, &Limits::default())
}

/// Counts `text` for `platform` with the given limits.
pub fn count_with(platform: Platform, text: &str, limits: &Limits) -> Count {
    let a = Analysis::new(text);
    count_analysed(platform, &a, limits)
}

/// The URLs in `text` as the platforms find them (with or without a scheme), as byte ranges.
pub fn url_spans(text: &str) -> Vec<(usize, usize)> {
    entities::urls(text)
        .0
        .into_iter()
        .map(|s| (s.start, s.end))
        .collect()
}

/// Counts `text` for every platform in `platforms` and returns the URLs X finds in it, from
/// one analysis of the text (the guideline check needs both).
pub fn count_all_with_urls(
    platforms: &[Platform],
    text: &str,
) -> (Vec<Count>, Vec<(usize, usize)>) {
    let a = Analysis::new(text);
    let limits = Limits::default();
    let counts = platforms
        .iter()
        .map(|p| count_analysed(*p, &a, &limits))
        .collect();
    let urls = a.x_urls.iter().map(|s| (s.start, s.end)).collect();
    (counts, urls)
}

/// Counts `text` for every platform in `platforms`, analysing the text once.
pub fn count_all(platforms: &[Platform], text: &str) -> Vec<Count> {
    let a = Analysis::new(text);
    let limits = Limits::default();
    platforms
        .iter()
        .map(|p| count_analysed(*p, &a, &limits))
        .collect()
}

fn count_analysed(platform: Platform, a: &Analysis<'_>, limits: &Limits) -> Count {
    match platform {
        Platform::X => x(a, limits.x),
        Platform::Bluesky => bluesky(a, limits),
        Platform::Mastodon => mastodon(a, limits),
        Platform::Threads => threads(a, limits.threads),
        Platform::Linkedin => utf16_count(Platform::Linkedin, a, limits.linkedin),
        Platform::Facebook => utf16_count(Platform::Facebook, a, limits.facebook),
        Platform::Instagram => instagram(a, limits),
        Platform::Line => utf16_count(Platform::Line, a, limits.line),
        Platform::LineVoom => utf16_count(Platform::LineVoom, a, limits.line_voom),
        Platform::Note => utf16_count(Platform::Note, a, limits.note),
        Platform::Tiktok => utf16_count(Platform::Tiktok, a, limits.tiktok),
    }
}

fn empty_problem(text: &str) -> Option<String> {
    text.trim()
        .is_empty()
        .then(|| "The text is empty.".to_string())
}

#[cfg(test)]
fn pos(text: &str, byte: usize) -> TextPos {
    let byte = byte.min(text.len());
    let utf16 = text.get(..byte).map_or(0, |s| s.encode_utf16().count());
    TextPos {
        byte: to_u32(byte),
        utf16: to_u32(utf16),
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn result(
    platform: Platform,
    a: &Analysis<'_>,
    unit: CountUnit,
    (length, over): (u32, Option<usize>),
    limit: u32,
) -> Count {
    let problem = empty_problem(a.text);
    Count {
        platform,
        length,
        limit,
        unit,
        valid: problem.is_none() && over.is_none(),
        also: Vec::new(),
        over_from: over.map(|b| a.pos(b)),
        problem,
    }
}

/// Byte offset of `part`, a slice of `whole`.
fn byte_offset(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize)
        .saturating_sub(whole.as_ptr() as usize)
        .min(whole.len())
}

// ---- X -------------------------------------------------------------------------------

fn x(a: &Analysis<'_>, limit: u32) -> Count {
    // X counts the NFC form; URLs are found on it too. NFC never merges graphemes, so a
    // position in the NFC text maps back by grapheme index.
    let nfc: Option<String> = if a.all_simple || unicode_normalization::is_nfc(a.text) {
        None
    } else {
        Some(unicode_normalization::UnicodeNormalization::nfc(a.text).collect())
    };
    let normalised = nfc.as_deref().map(Analysis::new);
    let on = normalised.as_ref().unwrap_or(a);
    // A URL weighs 23; when it ends inside a grapheme, the rest of that grapheme is weighed
    // with it, character by character, as X does.
    let spans: Vec<(Span, u32)> = on
        .x_urls
        .iter()
        .map(|s| (*s, 2300 + on.x_tail_weight(s.end)))
        .collect();
    let weight = |g: &Grapheme| g.x_weight;
    let hundredths = on.total_with_spans(on.x_total, &spans, weight);
    let over = if hundredths > limit.saturating_mul(100) {
        on.over_from(&spans, limit.saturating_mul(100), weight)
    } else {
        None
    };
    let over = match (&normalised, over) {
        (Some(n), Some(at)) => {
            let k = n
                .graphemes
                .iter()
                .position(|g| g.start as usize == at)
                .unwrap_or(0);
            Some(
                a.graphemes
                    .get(k)
                    .map_or(a.text.len(), |g| g.start as usize),
            )
        }
        (_, over) => over,
    };
    let mut c = result(
        Platform::X,
        a,
        CountUnit::Weighted,
        (hundredths / 100, over),
        limit,
    );
    if c.problem.is_none() && a.x_invalid {
        c.problem =
            Some("The text contains a character X refuses (U+FFFE, U+FEFF or U+FFFF).".into());
        c.valid = false;
    }
    c
}

// ---- Bluesky -------------------------------------------------------------------------

fn bluesky(a: &Analysis<'_>, limits: &Limits) -> Count {
    let graphemes = (
        to_u32(a.graphemes.len()),
        a.grapheme_over(limits.bluesky_graphemes),
    );
    let bytes = if a.text.len() > limits.bluesky_bytes as usize {
        (
            to_u32(a.text.len()),
            a.cumulative_over(limits.bluesky_bytes, |g| g.start + g.bytes),
        )
    } else {
        (to_u32(a.text.len()), None)
    };
    let over = match (graphemes.1, bytes.1) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    let mut c = result(
        Platform::Bluesky,
        a,
        CountUnit::Graphemes,
        (graphemes.0, over),
        limits.bluesky_graphemes,
    );
    c.also = vec![Measure {
        unit: CountUnit::Bytes,
        length: to_u32(a.text.len()),
        limit: limits.bluesky_bytes,
    }];
    c
}

// ---- Mastodon ------------------------------------------------------------------------

fn mastodon(a: &Analysis<'_>, limits: &Limits) -> Count {
    let mut spans: Vec<(Span, u32)> = a
        .scheme_urls
        .iter()
        .map(|s| (*s, limits.mastodon_url))
        .collect();
    for (m, n) in &a.remote_mentions {
        if !spans
            .iter()
            .any(|(s, _)| m.start < s.end && s.start < m.end)
        {
            spans.push((*m, *n));
        }
    }
    spans.sort_unstable_by_key(|(s, _)| s.start);
    let total = a.total_with_spans(to_u32(a.graphemes.len()), &spans, |_| 1);
    let over = if total > limits.mastodon {
        a.over_from(&spans, limits.mastodon, |_| 1)
    } else {
        None
    };
    let counted = (total, over);
    result(
        Platform::Mastodon,
        a,
        CountUnit::Graphemes,
        counted,
        limits.mastodon,
    )
}

/// `@user@domain` mentions as (start byte, end byte, graphemes of `@user`).
fn remote_mentions(text: &str) -> Vec<(usize, usize, u32)> {
    let is_user = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let is_domain = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(rel) = text[i..].find('@') {
        let start = i + rel;
        i = start + 1;
        let before_ok = start == 0
            || text[..start]
                .chars()
                .next_back()
                .is_some_and(|c| !(is_user(c) || c == '@' || c == '/'));
        if !before_ok {
            continue;
        }
        let user_end = start
            + 1
            + text[start + 1..]
                .chars()
                .take_while(|c| is_user(*c))
                .count();
        if user_end == start + 1 || bytes.get(user_end) != Some(&b'@') {
            continue;
        }
        let rest = &text[user_end + 1..];
        let dom_end = rest.find(|c: char| !is_domain(c)).unwrap_or(rest.len());
        let dom = rest[..dom_end].trim_end_matches('.');
        if !dom.contains('.') {
            continue;
        }
        let end = user_end + 1 + dom.len();
        out.push((start, end, to_u32(user_end - start)));
        i = end;
    }
    out
}

// ---- Threads -------------------------------------------------------------------------

fn threads(a: &Analysis<'_>, limit: u32) -> Count {
    let weight = |g: &Grapheme| if g.emoji { g.bytes } else { 1 };
    let total = to_u32(a.graphemes.len()).saturating_add(a.emoji_extra_bytes);
    let over = if total > limit {
        a.over_from(&[], limit, weight)
    } else {
        None
    };
    result(
        Platform::Threads,
        a,
        CountUnit::Graphemes,
        (total, over),
        limit,
    )
}

// ---- LinkedIn, Facebook, Instagram ----------------------------------------------------

fn utf16_count(platform: Platform, a: &Analysis<'_>, limit: u32) -> Count {
    // Over the limit from the first character that does not fit; a grapheme of several
    // code units is split by the platform where the units run out, so find that char.
    let length = a.utf16_len();
    let over_grapheme = if length > limit {
        a.cumulative_over(limit, |g| g.utf16_at + g.utf16)
    } else {
        None
    };
    let over = over_grapheme.map(|start| {
        let mut units = a.pos(start).utf16;
        let mut at = start;
        for (i, c) in a.text[start..].char_indices() {
            units += to_u32(c.len_utf16());
            if units > limit {
                at = start + i;
                break;
            }
        }
        at
    });
    result(platform, a, CountUnit::Utf16, (length, over), limit)
}

fn instagram(a: &Analysis<'_>, limits: &Limits) -> Count {
    let mut c = utf16_count(Platform::Instagram, a, limits.instagram);
    c.also = vec![
        Measure {
            unit: CountUnit::Hashtags,
            length: a.hashtags,
            limit: limits.instagram_hashtags,
        },
        Measure {
            unit: CountUnit::Mentions,
            length: a.mentions,
            limit: limits.instagram_mentions,
        },
    ];
    c.valid = c.valid
        && a.hashtags <= limits.instagram_hashtags
        && a.mentions <= limits.instagram_mentions;
    c
}

#[cfg(test)]
mod tests;
