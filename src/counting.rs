//! Text length the way each platform counts it.
//!
//! Every platform counts differently (see `shared/platforms/counting.md`), and a meter that
//! disagrees with the platform either wastes room or lets a post fail at publish time. So
//! each platform has its own rule here, with its limit in one [`Limits`] value that can be
//! changed per workspace (Mastodon servers and X subscriptions differ):
//!
//! * X: twitter-text v3 weighted length (the maintained `twitter-text` crate), corrected so
//!   that a URL without a scheme (`example.com`) also weighs 23, as the reference
//!   implementations and X's documentation do.
//! * Bluesky: extended grapheme clusters and, separately, UTF-8 bytes.
//! * Mastodon: graphemes, a URL with a scheme counts 23, `@user@domain` counts as `@user`.
//! * Threads: graphemes, an emoji grapheme counts its UTF-8 bytes (the conservative reading of
//!   Meta's documentation).
//! * LinkedIn, Facebook, Instagram: UTF-16 code units, as their web composers count; Instagram
//!   also allows at most 30 hashtags and 20 mentions.
//!
//! Where the text goes over, [`Count::over_from`] says where: the first byte (and UTF-16 unit)
//! that no longer fits, so the editor can mark the overflow where it starts.

use crate::model::Platform;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use twitter_text::extractor::{Extract, Extractor};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

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
        }
    }
}

/// Counts `text` for `platform` with the default limits.
pub fn count(platform: Platform, text: &str) -> Count {
    count_with(platform, text, &Limits::default())
}

/// Counts `text` for `platform` with the given limits.
pub fn count_with(platform: Platform, text: &str, limits: &Limits) -> Count {
    match platform {
        Platform::X => x(text, limits.x),
        Platform::Bluesky => bluesky(text, limits),
        Platform::Mastodon => mastodon(text, limits),
        Platform::Threads => threads(text, limits.threads),
        Platform::Linkedin => utf16_count(Platform::Linkedin, text, limits.linkedin),
        Platform::Facebook => utf16_count(Platform::Facebook, text, limits.facebook),
        Platform::Instagram => instagram(text, limits),
    }
}

/// Counts `text` for every platform in `platforms`.
pub fn count_all(platforms: &[Platform], text: &str) -> Vec<Count> {
    platforms.iter().map(|p| count(*p, text)).collect()
}

fn empty_problem(text: &str) -> Option<String> {
    text.trim()
        .is_empty()
        .then(|| "The text is empty.".to_string())
}

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

/// Counts units per grapheme and reports where the running total first passes `limit`.
fn graphemes_weighted(
    text: &str,
    limit: u32,
    weight: impl Fn(&str) -> u32,
) -> (u32, Option<usize>) {
    let mut total = 0u32;
    let mut over = None;
    for (at, g) in text.grapheme_indices(true) {
        total = total.saturating_add(weight(g));
        if over.is_none() && total > limit {
            over = Some(at);
        }
    }
    (total, over)
}

// ---- X -------------------------------------------------------------------------------

const X_INVALID: [char; 3] = ['\u{FFFE}', '\u{FEFF}', '\u{FFFF}'];

fn x(text: &str, limit: u32) -> Count {
    let config = twitter_text_config::config_v3();
    let nfc: String = text.nfc().collect();
    let parsed = twitter_text::parse(&nfc, config, true);
    let correction = bare_url_correction(&nfc, config);
    let length = u32::try_from((parsed.weighted_length + correction).max(0)).unwrap_or(0);
    let problem = empty_problem(text).or_else(|| {
        text.contains(X_INVALID)
            .then(|| "The text contains a character X refuses (U+FFFE, U+FEFF or U+FFFF).".into())
    });
    let over_from = (length > limit).then(|| x_over_from(text, limit)).flatten();
    Count {
        platform: Platform::X,
        length,
        limit,
        unit: CountUnit::Weighted,
        valid: problem.is_none() && length <= limit,
        also: Vec::new(),
        over_from,
        problem,
    }
}

/// The crate weighs a URL without a scheme by its characters; the reference
/// implementations weigh every URL 23. Returns what to add to the crate's total.
fn bare_url_correction(nfc: &str, config: &twitter_text_config::Configuration) -> i32 {
    if !nfc.contains('.') {
        return 0;
    }
    let extractor = Extractor::new();
    let url_weight = config.transformed_url_length;
    extractor
        .extract_urls_with_indices(nfc)
        .iter()
        .filter(|e| !e.value.contains("://"))
        .map(|e| url_weight - twitter_text::parse(e.value, config, false).weighted_length)
        .sum()
}

fn x_weight(prefix: &str) -> u32 {
    let config = twitter_text_config::config_v3();
    let nfc: String = prefix.nfc().collect();
    let w =
        twitter_text::parse(&nfc, config, true).weighted_length + bare_url_correction(&nfc, config);
    u32::try_from(w.max(0)).unwrap_or(0)
}

/// The first grapheme boundary whose prefix weighs more than `limit`, by bisection over
/// grapheme boundaries (a URL or emoji sequence weighs as a whole, so a walk by code point
/// would be wrong). Runs only for text that is already over.
fn x_over_from(text: &str, limit: u32) -> Option<TextPos> {
    // A URL weighs 23 only as a whole, so no boundary may fall inside one: prefix weights
    // are then monotonic and bisection is sound.
    let urls: Vec<(usize, usize)> = Extractor::new()
        .extract_urls_with_indices(text)
        .iter()
        .map(|e| {
            let start = byte_offset(text, e.value);
            (start, start + e.value.len())
        })
        .collect();
    let mut bounds: Vec<usize> = text
        .grapheme_indices(true)
        .map(|(i, _)| i)
        .filter(|i| !urls.iter().any(|(s, e)| s < i && i < e))
        .collect();
    bounds.push(text.len());
    // Find the smallest k with weight(text[..bounds[k]]) > limit; the overflow starts at the
    // grapheme that begins at bounds[k - 1].
    let (mut lo, mut hi) = (0usize, bounds.len() - 1);
    if x_weight(text) <= limit {
        return None;
    }
    while lo < hi {
        let mid = (lo + hi) / 2;
        if x_weight(&text[..bounds[mid]]) > limit {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Some(pos(text, bounds[lo.saturating_sub(1)]))
}

// ---- Bluesky -------------------------------------------------------------------------

fn bluesky(text: &str, limits: &Limits) -> Count {
    let (graphemes, over_g) = graphemes_weighted(text, limits.bluesky_graphemes, |_| 1);
    let bytes = to_u32(text.len());
    let over_b = (bytes > limits.bluesky_bytes).then(|| {
        let mut used = 0usize;
        let mut at = text.len();
        for (i, g) in text.grapheme_indices(true) {
            used += g.len();
            if used > limits.bluesky_bytes as usize {
                at = i;
                break;
            }
        }
        at
    });
    let over = match (over_g, over_b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let problem = empty_problem(text);
    Count {
        platform: Platform::Bluesky,
        length: graphemes,
        limit: limits.bluesky_graphemes,
        unit: CountUnit::Graphemes,
        valid: problem.is_none() && over.is_none(),
        also: vec![Measure {
            unit: CountUnit::Bytes,
            length: bytes,
            limit: limits.bluesky_bytes,
        }],
        over_from: over.map(|b| pos(text, b)),
        problem,
    }
}

// ---- Mastodon ------------------------------------------------------------------------

fn mastodon(text: &str, limits: &Limits) -> Count {
    // Spans (byte ranges) that count differently: URLs with a scheme, remote mentions.
    let mut spans: Vec<(usize, usize, u32)> = Vec::new();
    if text.contains("://") {
        let mut ex = Extractor::new();
        ex.set_extract_url_without_protocol(false);
        for e in ex.extract_urls_with_indices(text) {
            let start = byte_offset(text, e.value);
            spans.push((start, start + e.value.len(), limits.mastodon_url));
        }
    }
    for (start, end, local_len) in remote_mentions(text) {
        if !spans.iter().any(|(s, e, _)| start < *e && *s < end) {
            spans.push((start, end, local_len));
        }
    }
    spans.sort_unstable();
    let mut total = 0u32;
    let mut over = None;
    let mut i = 0usize;
    let mut spans = spans.into_iter().peekable();
    for (at, g) in text.grapheme_indices(true) {
        if at < i {
            continue;
        }
        let weight = match spans.peek() {
            Some((s, e, w)) if *s == at => {
                i = *e;
                let w = *w;
                spans.next();
                w
            }
            _ => {
                i = at + g.len();
                1
            }
        };
        total += weight;
        if over.is_none() && total > limits.mastodon {
            over = Some(at);
        }
    }
    let problem = empty_problem(text);
    Count {
        platform: Platform::Mastodon,
        length: total,
        limit: limits.mastodon,
        unit: CountUnit::Graphemes,
        valid: problem.is_none() && over.is_none(),
        also: Vec::new(),
        over_from: over.map(|b| pos(text, b)),
        problem,
    }
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
        let dom: String = text[user_end + 1..]
            .chars()
            .take_while(|c| is_domain(*c))
            .collect();
        let dom = dom.trim_end_matches('.');
        if !dom.contains('.') {
            continue;
        }
        let end = user_end + 1 + dom.len();
        out.push((start, end, to_u32(user_end - start)));
        i = end;
    }
    out
}

/// Byte offset of `part`, a slice of `whole`.
fn byte_offset(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize)
        .saturating_sub(whole.as_ptr() as usize)
        .min(whole.len())
}

// ---- Threads -------------------------------------------------------------------------

fn is_emoji_grapheme(g: &str) -> bool {
    g.chars().any(|c| {
        matches!(c as u32,
            0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF
            | 0xFE0F | 0x20E3 | 0x200D | 0x231A..=0x231B | 0x23E9..=0x23FA | 0x3030 | 0x303D
            | 0x3297 | 0x3299)
    })
}

fn threads(text: &str, limit: u32) -> Count {
    let (length, over) = graphemes_weighted(text, limit, |g| {
        if is_emoji_grapheme(g) {
            to_u32(g.len())
        } else {
            1
        }
    });
    let problem = empty_problem(text);
    Count {
        platform: Platform::Threads,
        length,
        limit,
        unit: CountUnit::Graphemes,
        valid: problem.is_none() && over.is_none(),
        also: Vec::new(),
        over_from: over.map(|b| pos(text, b)),
        problem,
    }
}

// ---- LinkedIn, Facebook, Instagram ----------------------------------------------------

fn utf16_len_and_over(text: &str, limit: u32) -> (u32, Option<usize>) {
    let mut units = 0u32;
    let mut over = None;
    for (at, c) in text.char_indices() {
        units += to_u32(c.len_utf16());
        if over.is_none() && units > limit {
            over = Some(at);
        }
    }
    (units, over)
}

fn utf16_count(platform: Platform, text: &str, limit: u32) -> Count {
    let (length, over) = utf16_len_and_over(text, limit);
    let problem = empty_problem(text);
    Count {
        platform,
        length,
        limit,
        unit: CountUnit::Utf16,
        valid: problem.is_none() && over.is_none(),
        also: Vec::new(),
        over_from: over.map(|b| pos(text, b)),
        problem,
    }
}

fn instagram(text: &str, limits: &Limits) -> Count {
    let mut c = utf16_count(Platform::Instagram, text, limits.instagram);
    let ex = Extractor::new();
    let hashtags = to_u32(ex.extract_hashtags(text).len());
    let mentions = to_u32(ex.extract_mentioned_screennames(text).len());
    c.also = vec![
        Measure {
            unit: CountUnit::Hashtags,
            length: hashtags,
            limit: limits.instagram_hashtags,
        },
        Measure {
            unit: CountUnit::Mentions,
            length: mentions,
            limit: limits.instagram_mentions,
        },
    ];
    c.valid =
        c.valid && hashtags <= limits.instagram_hashtags && mentions <= limits.instagram_mentions;
    c
}

#[cfg(test)]
mod tests;
