//! Where X finds URLs, as X's own clients do (the `twitter-text` library they share).
//!
//! X weighs every URL as 23, so finding URLs exactly is what makes the X count exact. In
//! Japanese text URLs are glued to kana and kanji on either side, and there the rules are not
//! the obvious ones: a domain name may hold any character that is not ASCII punctuation or a
//! space (so `こちらexample.com` reads as one domain), a URL without a scheme keeps only the
//! ASCII part of such a domain (`example.com`), a path stops at the first character outside
//! its small set (Japanese ends it), and a query or port counts only when the rest allows. The
//! scanner below follows those rules left to right, one match after another, the way the
//! library's pattern is applied; `tests/counting_oracle.rs` holds it against the library on
//! thousands of generated texts.

use super::analysis::Span;
use chars::*;
use punycode::punycode_len;

mod chars;
mod punycode;
mod tld;

use tld::tld_at;

/// One character and where it starts.
#[derive(Clone, Copy)]
struct Ch {
    at: usize,
    c: char,
}

/// A label from `i`: returns the index of the `.` that ends it, when it is a valid label of
/// the kind asked (`underscore`: a subdomain, which may hold `_`).
fn label_at(chars: &[Ch], i: usize, end: usize, underscore: bool) -> Option<usize> {
    if i >= end || !is_domain_char(chars[i].c) {
        return None;
    }
    let mut k = i;
    while k < end {
        let c = chars[k].c;
        if c == '.' {
            break;
        }
        if !(is_domain_char(c) || c == '-' || (underscore && c == '_')) {
            return None;
        }
        k += 1;
    }
    if k >= end || k == i || !is_domain_char(chars[k - 1].c) {
        return None;
    }
    Some(k)
}

/// The domain starting at `i`: sub-domains (as many as can be), a name and a top-level
/// domain. Returns the index after it.
fn domain_at(chars: &[Ch], i: usize, end: usize) -> Option<usize> {
    // Most positions cannot start a domain: no dot before the run of domain characters ends.
    if i >= end || !is_domain_char(chars[i].c) {
        return None;
    }
    // The dots of the labels that can be sub-domains, in order (rarely more than a few).
    let mut dots: Vec<usize> = Vec::with_capacity(8);
    let mut at = i;
    while let Some(dot) = label_at(chars, at, end, true) {
        dots.push(dot);
        at = dot + 1;
    }
    // Greedy first: the most labels, then fewer.
    for n in (0..dots.len()).rev() {
        let name_start = if n == 0 { i } else { dots[n - 1] + 1 };
        // The name (the label before the top-level domain) may not hold `_`.
        if label_at(chars, name_start, end, false) != Some(dots[n]) {
            continue;
        }
        if let Some(after) = tld_at(chars, dots[n] + 1, end) {
            return Some(after);
        }
    }
    None
}

/// A balanced `( … )` group in a path from `i` (one level of nesting); the index after it.
fn parens_at(chars: &[Ch], i: usize, end: usize) -> Option<usize> {
    if chars.get(i)?.c != '(' {
        return None;
    }
    let mut k = i + 1;
    let mut inner = false;
    let mut content = 0;
    while k < end {
        let c = chars[k].c;
        if is_path_char(c) {
            content += 1;
        } else if c == '(' && !inner {
            inner = true;
            let start = k + 1;
            k = start;
            while k < end && is_path_char(chars[k].c) {
                k += 1;
            }
            if k == start || k >= end || chars[k].c != ')' {
                return None;
            }
            content += 1;
        } else if c == ')' {
            return (content > 0).then_some(k + 1);
        } else {
            return None;
        }
        k += 1;
    }
    None
}

/// The path from the `/` at `i`; the index after it.
fn path_at(chars: &[Ch], i: usize, end: usize) -> usize {
    let mut k = i + 1;
    let mut last_end = i + 1;
    while k < end {
        let c = chars[k].c;
        if c == '(' {
            match parens_at(chars, k, end) {
                Some(after) => {
                    k = after;
                    last_end = k;
                    continue;
                }
                None => break,
            }
        }
        if !is_path_char(c) {
            break;
        }
        k += 1;
        if is_path_end(c) {
            last_end = k;
        }
    }
    last_end
}

/// The query from the `?` at `i`, if it has a valid ending; the index after it.
fn query_at(chars: &[Ch], i: usize, end: usize) -> Option<usize> {
    let mut k = i + 1;
    let mut last_end = None;
    while k < end && is_query_char(chars[k].c) {
        if is_query_end(chars[k].c) {
            last_end = Some(k + 1);
        }
        k += 1;
    }
    last_end
}

fn starts_with_ci(chars: &[Ch], i: usize, end: usize, word: &str) -> bool {
    let n = word.chars().count();
    i + n <= end
        && chars[i..i + n]
            .iter()
            .zip(word.chars())
            .all(|(a, b)| a.c.to_ascii_lowercase() == b)
}

/// One attempt of the URL pattern with the URL starting at `u`: (end of the whole match,
/// scheme length in characters, end of the domain, whether a path was there).
fn url_at(
    chars: &[Ch],
    dotted: &[bool],
    u: usize,
    end: usize,
) -> Option<(usize, usize, usize, bool)> {
    let schemes = ["https://", "http://"];
    let scheme = schemes
        .iter()
        .find(|s| starts_with_ci(chars, u, end, s))
        .map(|s| s.len());
    for scheme in [scheme, None]
        .into_iter()
        .flatten()
        .chain(std::iter::once(0))
    {
        let start = u + scheme;
        let domain = if dotted.get(start).copied().unwrap_or(false) {
            domain_at(chars, start, end)
        } else {
            None
        };
        let Some(mut k) = domain else {
            if scheme == 0 {
                return None;
            }
            continue;
        };
        let domain_end = k;
        // A port.
        if k < end && chars[k].c == ':' {
            let digits = chars[k + 1..end]
                .iter()
                .take_while(|c| c.c.is_ascii_digit())
                .count();
            if digits > 0 {
                k += 1 + digits;
            }
        }
        let mut has_path = false;
        if k < end && chars[k].c == '/' {
            k = path_at(chars, k, end);
            has_path = true;
        }
        if k < end && chars[k].c == '?' {
            if let Some(after) = query_at(chars, k, end) {
                k = after;
            }
        }
        return Some((k, scheme, domain_end, has_path));
    }
    None
}

/// The ASCII domains inside a domain found without a scheme (`こちらexample.com` holds
/// `example.com`): `(start, end)` in characters, left to right.
fn ascii_domains(chars: &[Ch], from: usize, to: usize) -> Vec<(usize, usize)> {
    let ascii = |c: char| c.is_ascii_alphanumeric() || c == '-' || is_latin_accent(c);
    let mut out = Vec::new();
    let mut i = from;
    while i < to {
        if !ascii(chars[i].c) {
            i += 1;
            continue;
        }
        // Labels of ASCII characters each followed by a dot, then a top-level domain (which
        // must be followed by a boundary inside this domain).
        let mut dots = Vec::new();
        let mut k = i;
        loop {
            let s = k;
            while k < to && ascii(chars[k].c) {
                k += 1;
            }
            if k == s || k >= to || chars[k].c != '.' {
                break;
            }
            dots.push(k);
            k += 1;
        }
        let found = dots.iter().rev().find_map(|dot| tld_at(chars, dot + 1, to));
        match found {
            Some(after) => {
                out.push((i, after));
                i = after;
            }
            None => i += 1,
        }
    }
    out
}

/// Whether every label of the domain `chars[from..to]` is 1 to 63 characters long once
/// encoded for DNS (`xn--` and Punycode for a label that is not ASCII). A long run of Japanese
/// glued to a domain makes its first label too long, and X then finds no URL there at all.
/// `half`: the domain begins with the second half (a UTF-16 unit) of this character.
fn labels_fit(chars: &[Ch], from: usize, to: usize, half: Option<char>) -> bool {
    // The common case, an ASCII domain: each label's own length.
    if half.is_none() && chars[from..to].iter().all(|c| c.c.is_ascii()) {
        return chars[from..to]
            .split(|c| c.c == '.')
            .all(|label| (1..=63).contains(&label.len()));
    }
    let mut units: Vec<u32> = Vec::new();
    if let Some(c) = half {
        let mut buf = [0u16; 2];
        if let [_, low] = c.encode_utf16(&mut buf) {
            units.push(u32::from(*low));
        }
    }
    units.extend(chars[from..to].iter().map(|c| c.c as u32));
    units.split(|u| *u == u32::from(b'.')).all(|label| {
        // The encoder X uses also reads the ideographic and full-width full stops inside a
        // label as dots: each part is encoded on its own and the parts joined by dots.
        let parts: Vec<usize> = label
            .split(|u| matches!(*u, 0x3002 | 0xFF0E | 0xFF61))
            .map(|part| {
                if part.iter().all(|u| *u < 0x80) {
                    part.len()
                } else {
                    4 + punycode_len(part)
                }
            })
            .collect();
        let len = parts.iter().sum::<usize>() + parts.len() - 1;
        (1..=63).contains(&len)
    })
}

/// The URLs X finds in `text`, as byte ranges, left to right.
///
/// Only the stretches around an ASCII dot can hold one: each dot's run of domain characters,
/// with room before it for a scheme and the character before the URL, and after it for a
/// port, path and query. Those windows (merged where they touch) are scanned; the rest of the
/// text is never looked at character by character.
pub(super) fn x_urls(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut windows: Vec<(usize, usize)> = Vec::new();
    let prev = |at: usize| {
        text[..at]
            .chars()
            .next_back()
            .map(|c| (c, at - c.len_utf8()))
    };
    for dot in memchr::memchr_iter(b'.', bytes) {
        if windows.last().is_some_and(|w| dot < w.1) {
            continue;
        }
        let mut start = dot;
        while let Some((c, at)) = prev(start) {
            if !is_run(c) {
                break;
            }
            start = at;
        }
        // "https://" and the character before the URL.
        for _ in 0..9 {
            match prev(start) {
                Some((_, at)) => start = at,
                None => break,
            }
        }
        let mut end = dot;
        for c in text[dot..].chars() {
            if !(is_run(c) || is_path_char(c) || is_query_char(c) || c == '(' || c == ')') {
                break;
            }
            end += c.len_utf8();
        }
        match windows.last_mut() {
            Some(w) if start <= w.1 => w.1 = w.1.max(end),
            _ => windows.push((start, end)),
        }
    }
    let mut out = Vec::new();
    let mut buffers = (Vec::new(), Vec::new());
    for (start, end) in windows {
        scan(text, start, end, &mut buffers, &mut out);
    }
    out
}

/// Scans `text[from..to]` for URLs, as X's pattern does from `from` (the very start of the
/// text only when `from` is 0), adding them to `out`.
fn scan(
    text: &str,
    from: usize,
    to: usize,
    (chars, dotted): &mut (Vec<Ch>, Vec<bool>),
    out: &mut Vec<Span>,
) {
    chars.clear();
    chars.extend(
        text[from..to]
            .char_indices()
            .map(|(at, c)| Ch { at: from + at, c }),
    );
    let at_start = from == 0;
    let end = chars.len();
    // Whether a dot comes before the run of characters a domain may hold ends, from each
    // position (right to left, once): elsewhere no URL can start.
    dotted.clear();
    dotted.resize(end, false);
    let mut dot_ahead = false;
    for k in (0..end).rev() {
        let c = chars[k].c;
        if c == '.' {
            dot_ahead = true;
        } else if !(is_domain_char(c) || c == '-' || c == '_') {
            dot_ahead = false;
        }
        dotted[k] = dot_ahead;
    }
    let byte = |k: usize| chars.get(k).map_or(to, |c| c.at);
    let mut p = 0;
    while p < end {
        // The pattern first takes a character before the URL; at the very start it may also
        // begin with the URL itself.
        // X's scanner reads UTF-16 units: at a character outside the BMP it first tries that
        // character's first half as the one before the URL, so a domain without a scheme may
        // begin with its second half (which only makes the first label longer); then, at the
        // very start, the URL from the first character; then the second half before the URL.
        // Most positions start nothing: the next character neither begins a run that holds
        // a dot nor could begin a scheme.
        let next_can = match chars.get(p + 1) {
            Some(n) => dotted[p + 1] || matches!(n.c, 'h' | 'H'),
            None => false,
        };
        if !next_can && !(at_start && p == 0 && (dotted[0] || matches!(chars[0].c, 'h' | 'H'))) {
            p += 1;
            continue;
        }
        let c = chars[p].c;
        let mut half = None;
        let attempt = if c.len_utf16() == 2 {
            let next = url_at(chars, dotted, p + 1, end);
            match next {
                Some(m) if m.1 == 0 => {
                    half = Some(c);
                    Some((p + 1, m))
                }
                _ => (at_start && p == 0)
                    .then(|| url_at(chars, dotted, 0, end).map(|m| (0, m)))
                    .flatten()
                    .or(next.map(|m| (p + 1, m))),
            }
        } else {
            is_preceding(c)
                .then(|| url_at(chars, dotted, p + 1, end).map(|m| (p + 1, m)))
                .flatten()
                .or_else(|| {
                    (at_start && p == 0)
                        .then(|| url_at(chars, dotted, 0, end).map(|m| (0, m)))
                        .flatten()
                })
        };
        let Some((u, (match_end, scheme, domain_end, has_path))) = attempt else {
            p += 1;
            continue;
        };
        if !labels_fit(chars, u + scheme, domain_end, half) {
            // Found and passed over, as X does: the scan goes on after it.
        } else if scheme > 0 {
            let mut e = match_end;
            // A t.co link is only its slug.
            if starts_with_ci(chars, u + scheme, end, "t.co/") {
                let slug = u + scheme + 5;
                let n = chars[slug..e]
                    .iter()
                    .take_while(|c| c.c.is_ascii_alphanumeric())
                    .count();
                if n > 0 {
                    e = slug + n;
                }
            }
            out.push(Span {
                start: byte(u),
                end: byte(e),
            });
        } else {
            let before_ok = u == 0 || !matches!(chars[u - 1].c, '-' | '_' | '.' | '/');
            if before_ok {
                let found = ascii_domains(chars, u, domain_end);
                let last = found.len().saturating_sub(1);
                for (n, (s, e)) in found.into_iter().enumerate() {
                    let e = if n == last && has_path { match_end } else { e };
                    out.push(Span {
                        start: byte(s),
                        end: byte(e),
                    });
                }
            }
        }
        p = match_end.max(p + 1);
    }
}

#[cfg(test)]
mod tests;
