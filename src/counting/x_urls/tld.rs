//! The top-level domain a URL ends in, as X's pattern allows it: the longest listed one
//! (or a punycode `xn--` one) followed by a boundary, never mixing ASCII with other
//! characters. ASCII ones are looked up without allocating.

use super::chars::{is_domain_char, tld_boundary};
use super::Ch;

/// The longest top-level domain starting at `i` (in characters, end of `chars` at `end`) that
/// is followed by a boundary; returns the index after it.
pub(super) fn tld_at(chars: &[Ch], i: usize, end: usize) -> Option<usize> {
    if chars.get(i).is_some_and(|ch| ch.c.is_ascii()) {
        return tld_at_ascii(chars, i, end);
    }
    let mut best = None;
    let mut label = String::new();
    for (k, ch) in chars.iter().enumerate().take(end.min(i + 24)).skip(i) {
        if !is_domain_char(ch.c) && ch.c != '-' {
            break;
        }
        // No top-level domain mixes ASCII with other characters.
        if ch.c.is_ascii() {
            break;
        }
        label.extend(ch.c.to_lowercase());
        let next = if k + 1 < end {
            Some(chars[k + 1].c)
        } else {
            None
        };
        if tld_boundary(next) && twitter_text::tlds::is_valid_tld_case_insensitive(&label) {
            best = Some(k + 1);
        }
    }
    best
}

/// [`tld_at`] for an ASCII top-level domain (nearly every one), without allocating.
fn tld_at_ascii(chars: &[Ch], i: usize, end: usize) -> Option<usize> {
    let mut best = None;
    let mut label = [0u8; 24];
    let mut len = 0;
    for (k, ch) in chars.iter().enumerate().take(end.min(i + 24)).skip(i) {
        // No top-level domain mixes ASCII with other characters.
        if !ch.c.is_ascii() || !(is_domain_char(ch.c) || ch.c == '-') {
            break;
        }
        label[len] = ch.c.to_ascii_lowercase() as u8;
        len += 1;
        let next = if k + 1 < end {
            Some(chars[k + 1].c)
        } else {
            None
        };
        if !tld_boundary(next) {
            continue;
        }
        let text = std::str::from_utf8(&label[..len]).unwrap_or_default();
        let punycode = len > 4
            && text.starts_with("xn--")
            && text[4..].bytes().all(|b| b.is_ascii_alphanumeric());
        if punycode || twitter_text::tlds::TLDS.contains(text) {
            best = Some(k + 1);
        }
    }
    best
}
