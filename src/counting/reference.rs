//! The X count as the `twitter-text` crate computes it (its `parse`, plus the bare-URL
//! correction the reference implementations call for). Slow — it parses prefixes to find
//! the overflow — but independent of the fast path, so tests compare the two.

use super::{pos, TextPos};
use twitter_text::extractor::{Extract, Extractor};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Weighted length and overflow position by the crate.
pub(super) fn x(text: &str, limit: u32) -> (u32, Option<TextPos>) {
    let length = x_weight(text);
    (
        length,
        (length > limit).then(|| x_over_from(text, limit)).flatten(),
    )
}

fn byte_offset(whole: &str, part: &str) -> usize {
    super::byte_offset(whole, part)
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
