//! Finding what counts specially in a text: URLs, hashtags and mentions.
//!
//! These entities never contain whitespace, so only the whitespace-delimited tokens that hold
//! a candidate character are examined, found with `memchr` from the candidates outwards. The
//! common URL shapes are recognised directly; anything unusual goes to the `twitter-text`
//! crate's extractor.

use super::analysis::Span;
use twitter_text::extractor::{Extract, Extractor};

fn is_space_at(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes.get(i)? {
        b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => Some(1),
        0xE3 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0x80) => Some(3),
        _ => None,
    }
}

/// Whitespace-delimited tokens (byte ranges) that contain the ASCII byte `needle`. Found
/// from the needles outwards, so text without them costs one `memchr` pass.
pub(super) fn tokens_with(text: &str, needle: u8) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out: Vec<Span> = Vec::new();
    for at in memchr::memchr_iter(needle, bytes) {
        if out.last().is_some_and(|t| at < t.end) {
            continue;
        }
        let mut start = at;
        while start > 0 {
            // Step back one character.
            let mut p = start - 1;
            while p > 0 && (bytes[p] & 0xC0) == 0x80 {
                p -= 1;
            }
            if is_space_at(bytes, p).is_some() {
                break;
            }
            start = p;
        }
        let mut end = at;
        while end < bytes.len() && is_space_at(bytes, end).is_none() {
            end += 1;
        }
        // Keep `end` on a character boundary.
        while end < bytes.len() && !text.is_char_boundary(end) {
            end += 1;
        }
        out.push(Span { start, end });
    }
    out
}

/// The URLs the `twitter-text` crate's extractor finds in `token`, as (byte offset in
/// `token`, length). The crate slices strings by byte index and panics when an at sign
/// follows a multi-byte character (`…例え.jp＠`, `ます@a`); a count must never take the
/// editor down, so a panic there reads as "no URL found by the extractor" (the quick
/// recognisers still apply) and the token is counted by its characters.
fn extract(extractor: &Extractor, token: &str) -> Vec<(usize, usize)> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        extractor
            .extract_urls_with_indices(token)
            .iter()
            .map(|e| (super::byte_offset(token, e.value), e.value.len()))
            .collect()
    }))
    .unwrap_or_default()
}

/// URLs with a scheme as Mastodon counts them (X finds its own in `x_urls`).
pub(super) fn scheme_urls(text: &str) -> Vec<Span> {
    urls_inner(text, true).1
}

/// URLs as the `twitter-text` crate finds them (with or without a scheme), and those with a
/// scheme (Mastodon). Kept for the editor's link marks; X's count uses `x_urls`.
pub(super) fn urls(text: &str) -> (Vec<Span>, Vec<Span>) {
    urls_inner(text, false)
}

fn urls_inner(text: &str, scheme_only_wanted: bool) -> (Vec<Span>, Vec<Span>) {
    let bare = Extractor::new();
    let mut scheme_only = Extractor::new();
    scheme_only.set_extract_url_without_protocol(false);
    let (mut all, mut scheme) = (Vec::new(), Vec::new());
    for t in tokens_with(text, b'.') {
        let token = &text[t.start..t.end];
        if scheme_only_wanted && !token.contains("://") {
            continue;
        }
        match quick_url(token) {
            Quick::None => continue,
            Quick::Whole { scheme: has_scheme } => {
                all.push(t);
                if has_scheme {
                    scheme.push(t);
                }
                continue;
            }
            Quick::Unsure => {}
        }
        let mut found = Vec::new();
        for (at, len) in extract(&bare, token) {
            let start = t.start + at;
            found.push((
                Span {
                    start,
                    end: start + len,
                },
                token[at..at + len].contains("://"),
            ));
        }
        // A scheme URL on a host the bare scan rejects (an unknown TLD) still counts on X
        // and Mastodon: scan again for those only when the bare scan missed a "://".
        let missed = token.match_indices("://").any(|(i, _)| {
            let at = t.start + i;
            !found.iter().any(|(s, _)| s.start <= at && at < s.end)
        });
        if missed {
            for (at, len) in extract(&scheme_only, token) {
                let start = t.start + at;
                let span = Span {
                    start,
                    end: start + len,
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

/// What a token certainly is, when that can be told without the full URL grammar.
enum Quick {
    /// Holds no URL: no label after a dot is a known top-level domain and there is no "://".
    None,
    /// Is one URL from end to end.
    Whole { scheme: bool },
    /// Needs the full extractor.
    Unsure,
}

fn valid_tld(label: &str) -> bool {
    !label.is_empty() && twitter_text::tlds::is_valid_tld_case_insensitive(label)
}

/// Recognises the common shapes (`https://host.tld/path`, `host.co.jp`) and tokens that
/// cannot hold a URL; everything else goes to the extractor. The randomized agreement test
/// in `tests.rs` holds this to the crate.
fn quick_url(token: &str) -> Quick {
    let ascii_host = |h: &str| {
        !h.is_empty()
            && h.split('.')
                .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'))
            && h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    };
    let tld_of = |h: &str| h.rsplit('.').next().map(valid_tld).unwrap_or(false);
    if let Some(rest) = token
        .strip_prefix("https://")
        .or_else(|| token.strip_prefix("http://"))
    {
        let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let host = &rest[..host_end];
        let path = &rest[host_end..];
        let path_ok = path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~/?#=&%+".contains(&b));
        let end_ok = token
            .bytes()
            .last()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'/');
        if ascii_host(host) && host.contains('.') && tld_of(host) && path_ok && end_ok {
            return Quick::Whole { scheme: true };
        }
        return Quick::Unsure;
    }
    if token.contains("://") {
        return Quick::Unsure;
    }
    if ascii_host(token)
        && token.contains('.')
        && tld_of(token)
        && token.bytes().any(|b| b.is_ascii_alphabetic())
    {
        return Quick::Whole { scheme: false };
    }
    // A bare URL needs a known TLD right after some dot.
    let any_tld = memchr::memchr_iter(b'.', token.as_bytes()).any(|i| {
        let rest = &token[i + 1..];
        let end = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        let after = &rest[..end];
        valid_tld(after) || !after.is_ascii()
    });
    if any_tld {
        Quick::Unsure
    } else {
        Quick::None
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

/// Hashtags: `#` or `＃` at the start or after a non-word character, then word characters,
/// not all digits (Instagram's and most platforms' rule).
pub(super) fn count_hashtags(text: &str) -> u32 {
    let mut n = 0;
    let bytes = text.as_bytes();
    let marks = memchr::memchr_iter(b'#', bytes)
        .map(|i| (i, "#"))
        .chain(memchr::memmem::find_iter(bytes, "＃".as_bytes()).map(|i| (i, "＃")));
    for (i, mark) in marks {
        if char_before(text, i).is_some_and(|p| is_word(p) || p == '&') {
            continue;
        }
        let mut word = text[i + mark.len()..]
            .chars()
            .take_while(|c| is_word(*c))
            .peekable();
        if word.peek().is_some() && !word.all(|c| c.is_ascii_digit()) {
            n += 1;
        }
    }
    n
}

/// Mentions: `@` at the start or after a non-word character, then a handle of letters,
/// digits, `_` and `.`.
pub(super) fn count_mentions(text: &str) -> u32 {
    let mut n = 0;
    for at in memchr::memchr_iter(b'@', text.as_bytes()) {
        if char_before(text, at).is_some_and(|p| is_word(p) || p == '@') {
            continue;
        }
        if text
            .as_bytes()
            .get(at + 1)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            n += 1;
        }
    }
    n
}
