//! E-mail addresses in the plain fold, however the at sign is written.
//!
//! People who know an address will be scraped write it `yamada [at] example.co.jp`,
//! `yamada（at）example．co．jp`, `yamada★example.co.jp` or `yamada アットマーク example.co.jp`;
//! the dots may be `[dot]`. The plain fold has already made full-width letters, ＠ and ．
//! ASCII. An address is a local part, an at sign in any of these forms, and a host of two
//! labels or more whose last is letters only, so `@minato_pr` (a handle) is not one.

/// The words an at sign may be written as, besides `@` and a bracketed `at`.
pub const AT_WORDS: [&str; 3] = ["あっとまーく", "★", "☆"];

/// An at sign found by the detectors' one pass over the text.
#[derive(Debug, Clone, Copy)]
pub enum AtSign {
    /// `@` at this byte.
    Plain(usize),
    /// The letters `at` at this byte, which count when bracketed.
    Letters(usize),
    /// One of [`AT_WORDS`] at this byte range.
    Word(usize, usize),
}

/// The e-mail addresses around `signs`, as byte ranges of `text`.
pub fn emails(text: &str, signs: &[AtSign], out: &mut Vec<super::detectors::Hit>) {
    let mut seen: Vec<(usize, usize)> = Vec::new();
    for sign in signs {
        let range = match *sign {
            AtSign::Plain(at) => address(text, at, at + 1, false),
            AtSign::Letters(a) => bracketed(text, a).and_then(|(s, e)| address(text, s, e, true)),
            AtSign::Word(s, e) => address(text, s, e, true),
        };
        if let Some((s, e)) = range {
            if !seen.iter().any(|&(a, b)| a < e && s < b) {
                seen.push((s, e));
                out.push(super::detectors::Hit::Email(s, e));
            }
        }
    }
}

/// `at` at byte `a` between brackets ([at] (at) <at> {at} 【at】 〈at〉, spaces allowed
/// inside): the range of the whole bracketed at sign.
fn bracketed(text: &str, a: usize) -> Option<(usize, usize)> {
    let open = text[..a].trim_end_matches(' ');
    let close = text[a + 2..].trim_start_matches(' ');
    let (o, c) = [
        ('[', ']'),
        ('(', ')'),
        ('<', '>'),
        ('{', '}'),
        ('【', '】'),
        ('〈', '〉'),
    ]
    .into_iter()
    .find(|(o, c)| open.ends_with(*o) && close.starts_with(*c))?;
    Some((
        open.len() - o.len_utf8(),
        text.len() - close.len() + c.len_utf8(),
    ))
}

fn local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"._%+-".contains(&b)
}

fn label_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

/// The address around an at sign at `at..after`, when there is one. `spaced` allows spaces
/// between the at sign and its parts (as in `yamada [at] example.co.jp`).
fn address(text: &str, at: usize, after: usize, spaced: bool) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut s = at;
    if spaced {
        while s > 0 && bytes[s - 1] == b' ' {
            s -= 1;
        }
    }
    let local_end = s;
    while s > 0 && local_byte(bytes[s - 1]) {
        s -= 1;
    }
    // A local part starts with a letter or digit.
    while s < local_end && !bytes[s].is_ascii_alphanumeric() {
        s += 1;
    }
    if s == local_end {
        return None;
    }
    let mut e = after;
    if spaced {
        while e < bytes.len() && bytes[e] == b' ' {
            e += 1;
        }
    }
    let (end, labels) = host(text, e)?;
    let tld = labels.last()?;
    let ok = labels.len() >= 2 && tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic());
    ok.then_some((s, end))
}

/// A host name from `from`: its end and its labels. A dot may be written `.`, `[dot]` or
/// `(dot)`.
fn host(text: &str, from: usize) -> Option<(usize, Vec<&str>)> {
    let bytes = text.as_bytes();
    let mut labels = Vec::new();
    let mut i = from;
    let mut end = from;
    loop {
        let s = i;
        while i < bytes.len() && label_byte(bytes[i]) {
            i += 1;
        }
        if i == s {
            break;
        }
        labels.push(&text[s..i]);
        end = i;
        let rest = &text[i..];
        let dot = [".", "[dot]", "(dot)", " [dot] ", " (dot) "]
            .into_iter()
            .filter(|d| rest.starts_with(d))
            .map(str::len)
            .max();
        match dot {
            Some(n) => i += n,
            None => break,
        }
    }
    (!labels.is_empty()).then_some((end, labels))
}

#[cfg(test)]
mod tests {
    use crate::guideline::detectors::{personal_data, Hit};
    use crate::guideline::normalize::normalize;

    fn emails(t: &str) -> Vec<String> {
        let n = normalize(t);
        personal_data(&n.text)
            .into_iter()
            .filter_map(|h| match h {
                Hit::Email(s, e) => {
                    let (s, e) = n.original(s, e);
                    Some(t[s..e].to_string())
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_at_sign_in_any_form() {
        assert_eq!(
            emails("連絡は yamada.k@minato-seiko.co.jp へ"),
            ["yamada.k@minato-seiko.co.jp"]
        );
        assert_eq!(
            emails("yamada [at] example.co.jp まで"),
            ["yamada [at] example.co.jp"]
        );
        assert_eq!(
            emails("yamada(at)example.co.jp"),
            ["yamada(at)example.co.jp"]
        );
        assert_eq!(
            emails("ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｃｏ．ｊｐ"),
            ["ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｃｏ．ｊｐ"]
        );
        assert_eq!(
            emails("yamada★example.co.jp（★を@に）"),
            ["yamada★example.co.jp"]
        );
        assert_eq!(
            emails("yamada【at】example[dot]jp"),
            ["yamada【at】example[dot]jp"]
        );
        assert_eq!(
            emails("yamada アットマーク example.jp"),
            ["yamada アットマーク example.jp"]
        );
    }

    #[test]
    fn handles_and_words_are_not_addresses() {
        for t in [
            "@minato_pr をフォロー",
            "見学会 at 第一工場",
            "★今日のひとこと★",
            "data(at)の表記",
            "メールは info@ まで",
        ] {
            assert!(emails(t).is_empty(), "{t}: {:?}", emails(t));
        }
    }
}
