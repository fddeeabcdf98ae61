//! Personal-data detectors over folded text: Japanese phone numbers, My Number (with its check
//! digit), card numbers (Luhn), e-mail addresses, and a postal code followed by an address.
//!
//! They run on the normalised text, so full-width digits, full-width hyphens and brackets are
//! already ASCII. Phone numbers are also read in kanji numerals and over a line break, e-mail
//! addresses with the at sign written out (`[at]`, アットマーク), and street addresses without a
//! postal code (see `address`). A run of digits and separators is read once and classified by its digit
//! count and checksums, which keeps dates (`2026-11-22`) and prices from being flagged.

use super::{address, email};

/// What a detector found, as a folded byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// A Japanese phone number.
    Phone(usize, usize),
    /// A valid My Number (12 digits, check digit verified).
    MyNumber(usize, usize),
    /// A card number that passes the Luhn check.
    Card(usize, usize),
    /// An e-mail address.
    Email(usize, usize),
    /// A postal code followed by an address.
    PostalAddress(usize, usize),
    /// A street address down to its block and lot, without a postal code.
    Address(usize, usize),
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            ..='\u{2015}' | '\u{2212}' | '\u{30FC}' | '(' | ')' | ' ' | '.' | '\n' | '\r' | '\t'
    )
}

/// The My Number check digit rule: weights 2..7 then 2..7 from the right of the first 11.
pub fn my_number_valid(digits: &[u8]) -> bool {
    if digits.len() != 12 {
        return false;
    }
    let sum: u32 = (1..=11)
        .map(|n| {
            let p = u32::from(digits[11 - n]);
            let q = if n <= 6 { n as u32 + 1 } else { n as u32 - 5 };
            p * q
        })
        .sum();
    let r = sum % 11;
    let check = if r <= 1 { 0 } else { 11 - r };
    u32::from(digits[11]) == check
}

/// The Luhn check used by card numbers.
pub fn luhn_valid(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let d = u32::from(*d);
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The first ASCII digit at or after `from` (or the end), eight bytes at a time: a Japanese
/// draft is mostly bytes of 0x80 and above, and a word of them is passed over with a few
/// arithmetic operations instead of eight table lookups.
#[inline]
fn next_digit(bytes: &[u8], mut from: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while from + 8 <= bytes.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[from..from + 8]);
        let w = u64::from_le_bytes(word);
        let ascii = !w & HIGH;
        let x = w & !HIGH;
        // The high bit of each byte: set when the byte is at least '0', and when above '9'.
        let at_least_0 = x.wrapping_add(0x5050_5050_5050_5050);
        let above_9 = x.wrapping_add(0x4646_4646_4646_4646);
        let digits = at_least_0 & !above_9 & ascii;
        if digits != 0 {
            return from + (digits.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    while from < bytes.len() && !bytes[from].is_ascii_digit() {
        from += 1;
    }
    from
}

/// Runs of digits and separators, classified; `after_words` collects where a run starts right
/// after a non-ASCII character (where a lot number may start).
fn digit_runs(text: &str, out: &mut Vec<Hit>, after_words: &mut Vec<usize>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    // No class has more than 19 digits; a longer run is counted but not kept.
    let mut digits = [0u8; 20];
    loop {
        i = next_digit(bytes, i);
        if i >= bytes.len() {
            break;
        }
        // A run may start with `+` or `(` just before its first digit.
        if i > 0 && matches!(bytes[i - 1], b'+' | b'(') {
            i -= 1;
        }
        // Digits inside a word (ISO9001, SH2040) are not a number of their own.
        if i > 0 && bytes[i - 1].is_ascii_alphanumeric() {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            continue;
        }
        let start = i;
        if i > 0 && bytes[i - 1] >= 0x80 && bytes[i].is_ascii_digit() {
            after_words.push(i);
        }
        let mut run = Run::default();
        let mut end = i;
        let mut plus = false;
        for (k, c) in text[i..].char_indices() {
            let at = i + k;
            if c.is_ascii_digit() {
                run.digit(&mut digits, c as u8 - b'0');
                end = at + 1;
            } else if c == '+' && at == start {
                plus = true;
            } else if is_separator(c) {
                run.separator();
            } else {
                break;
            }
        }
        // The run ends at its last digit: trailing separators are not part of it.
        if run.n < digits.len() {
            classify(start, end, &digits[..run.n], &run, plus, out);
        }
        i = end.max(start + 1);
    }
}

/// A run's digits counted, and how separators group them.
#[derive(Default)]
struct Run {
    n: usize,
    groups: usize,
    /// The open group's length, the shortest closed group's, and the last group's.
    current: usize,
    shortest: usize,
    last: usize,
}

impl Run {
    fn digit(&mut self, digits: &mut [u8; 20], d: u8) {
        if let Some(slot) = digits.get_mut(self.n) {
            *slot = d;
        }
        self.n += 1;
        if self.current == 0 {
            self.groups += 1;
        }
        self.current += 1;
        self.last = self.current;
    }

    fn separator(&mut self) {
        if self.current > 0 {
            self.shortest = if self.groups == 1 {
                self.current
            } else {
                self.shortest.min(self.current)
            };
            self.current = 0;
        }
    }

    /// Whether the groups are a Japanese phone number's as people write it: one block, or two
    /// to four groups of two digits or more ending in three or four. A list of numbers over
    /// several lines, or digits spaced one by one, is not a phone number.
    fn phone_shaped(&self) -> bool {
        let shortest = if self.groups == 1 {
            self.last
        } else {
            self.shortest.min(self.last)
        };
        self.groups == 1 || ((2..=4).contains(&self.groups) && shortest >= 2 && self.last >= 3)
    }
}

fn classify(start: usize, end: usize, digits: &[u8], run: &Run, plus: bool, out: &mut Vec<Hit>) {
    let n = digits.len();
    if plus {
        if digits.starts_with(&[8, 1]) && (11..=12).contains(&n) {
            out.push(Hit::Phone(start, end));
        }
        return;
    }
    if n == 12 && my_number_valid(digits) {
        out.push(Hit::MyNumber(start, end));
    } else if (13..=19).contains(&n) && luhn_valid(digits) {
        out.push(Hit::Card(start, end));
    } else if (n == 10 || n == 11)
        && digits[0] == 0
        && run.phone_shaped()
        // 〇〇〇-〇〇〇〇-〇〇〇〇 is a placeholder in a template, not a number.
        && digits.iter().any(|&d| d != 0)
    {
        out.push(Hit::Phone(start, end));
    }
}

/// Numbers written in kanji numerals (〇三-一二三四-五六七八). A phone number starts with 〇
/// (or a circle typed for it), so only runs from one (`zeros`) are read, as digits.
fn kanji_runs(text: &str, zeros: &[usize], out: &mut Vec<Hit>) {
    // `zeros` are in order: a zero inside a run already read starts nothing.
    let mut next_free = 0;
    for &start in zeros {
        if start < next_free {
            continue;
        }
        let mut digits = [0u8; 20];
        let mut run = Run::default();
        let mut end = start;
        for (k, c) in text[start..].char_indices() {
            let d = match c {
                '○' | '◯' => Some(0),
                _ => address::kanji_digit(c)
                    .map(|d| d as u8)
                    .or_else(|| c.is_ascii_digit().then(|| c as u8 - b'0')),
            };
            if let Some(d) = d {
                run.digit(&mut digits, d);
                end = start + k + c.len_utf8();
            } else if is_separator(c) {
                run.separator();
            } else {
                break;
            }
        }
        if run.n >= 10 && run.n < digits.len() {
            classify(start, end, &digits[..run.n], &run, false, out);
            next_free = end;
        }
    }
}

const PREFECTURES: &[&str] = &[
    "北海道",
    "青森",
    "岩手",
    "宮城",
    "秋田",
    "山形",
    "福島",
    "茨城",
    "栃木",
    "群馬",
    "埼玉",
    "千葉",
    "東京",
    "神奈川",
    "新潟",
    "富山",
    "石川",
    "福井",
    "山梨",
    "長野",
    "岐阜",
    "静岡",
    "愛知",
    "三重",
    "滋賀",
    "京都",
    "大阪",
    "兵庫",
    "奈良",
    "和歌山",
    "鳥取",
    "島根",
    "岡山",
    "広島",
    "山口",
    "徳島",
    "香川",
    "愛媛",
    "高知",
    "福岡",
    "佐賀",
    "長崎",
    "熊本",
    "大分",
    "宮崎",
    "鹿児島",
    "沖縄",
];

/// `〒123-4567` (or `123-4567`) followed within a few characters by a prefecture or a
/// municipality marker.
fn postal_addresses(text: &str, dashes: &[usize], out: &mut Vec<Hit>) {
    let bytes = text.as_bytes();
    // Every postal code has its hyphen at the fourth byte: look only around hyphens.
    let mut next_free = 0;
    for &dash in dashes {
        let Some(i) = dash.checked_sub(3) else {
            continue;
        };
        if i < next_free || i + 8 > bytes.len() {
            continue;
        }
        let b = &bytes[i..];
        let shape = b[..3].iter().all(u8::is_ascii_digit)
            && b[4..8].iter().all(u8::is_ascii_digit)
            && b.get(8).is_none_or(|c| !c.is_ascii_digit())
            && (i == 0 || !bytes[i - 1].is_ascii_digit());
        if !shape {
            continue;
        }
        let tail: String = text[i + 8..].chars().take(16).collect();
        let address = PREFECTURES.iter().any(|p| tail.contains(p))
            || tail
                .chars()
                .any(|c| matches!(c, '市' | '区' | '町' | '村' | '郡'));
        if address {
            let start = text[..i].strip_suffix('〒').map_or(i, |s| s.len());
            let end = i + 8 + tail.trim_end().len();
            let end = text[..end.min(text.len())]
                .char_indices()
                .last()
                .map_or(end, |(k, c)| k + c.len_utf8());
            out.push(Hit::PostalAddress(start, end));
            next_free = i + 8;
        }
    }
}

/// Where the detectors other than the digit runs have something to look at, found in one
/// pass: at signs, a kanji zero, 丁目 and 番地, hyphens.
#[derive(Default)]
struct Cues {
    at_signs: Vec<email::AtSign>,
    zeros: Vec<usize>,
    units: Vec<usize>,
    dashes: Vec<usize>,
}

/// Each cue is found by its own vectorised search (`memchr`): over Japanese text that is
/// faster than one automaton for all of them, whose prefilter cannot skip the common lead
/// bytes of kana and kanji (measured: 18 µs against 7 µs for the benchmark's draft).
fn cues(text: &str) -> Cues {
    let bytes = text.as_bytes();
    let mut cues = Cues::default();
    for at in memchr::memchr2_iter(b'@', b'-', bytes) {
        if bytes[at] == b'@' {
            cues.at_signs.push(email::AtSign::Plain(at));
        } else {
            cues.dashes.push(at);
        }
    }
    for a in memchr::memmem::find_iter(bytes, b"at") {
        cues.at_signs.push(email::AtSign::Letters(a));
    }
    for word in email::AT_WORDS {
        for s in memchr::memmem::find_iter(bytes, word.as_bytes()) {
            cues.at_signs.push(email::AtSign::Word(s, s + word.len()));
        }
    }
    for zero in ["〇", "○", "◯"] {
        cues.zeros
            .extend(memchr::memmem::find_iter(bytes, zero.as_bytes()));
    }
    for unit in ["丁目", "番地"] {
        cues.units
            .extend(memchr::memmem::find_iter(bytes, unit.as_bytes()));
    }
    cues.zeros.sort_unstable();
    cues
}

/// Every personal-data hit in folded `text`, by position.
pub fn personal_data(text: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    let mut after_words = Vec::new();
    digit_runs(text, &mut out, &mut after_words);
    let cues = cues(text);
    kanji_runs(text, &cues.zeros, &mut out);
    email::emails(text, &cues.at_signs, &mut out);
    postal_addresses(text, &cues.dashes, &mut out);
    let mut streets = Vec::new();
    address::addresses(text, &after_words, &cues.units, &mut streets);
    for (s, e) in streets {
        // An address after a postal code is one finding: the postal code's, to the lot.
        let postal = out.iter_mut().find_map(|h| match h {
            Hit::PostalAddress(ps, pe) if *ps <= s && s <= *pe => Some(pe),
            _ => None,
        });
        match postal {
            Some(pe) => *pe = (*pe).max(e),
            None => out.push(Hit::Address(s, e)),
        }
    }
    out.sort_by_key(|h| match *h {
        Hit::Phone(s, _)
        | Hit::MyNumber(s, _)
        | Hit::Card(s, _)
        | Hit::Email(s, _)
        | Hit::PostalAddress(s, _)
        | Hit::Address(s, _) => s,
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guideline::normalize::normalize;

    fn kinds(text: &str) -> Vec<&'static str> {
        personal_data(&normalize(text).text)
            .iter()
            .map(|h| match h {
                Hit::Phone(..) => "phone",
                Hit::MyNumber(..) => "my_number",
                Hit::Card(..) => "card",
                Hit::Email(..) => "email",
                Hit::PostalAddress(..) => "postal",
                Hit::Address(..) => "address",
            })
            .collect()
    }

    #[test]
    fn japanese_phone_numbers_in_any_width() {
        for t in [
            "電話は03-1234-5678まで",
            "携帯０９０－１２３４－５６７８です",
            "（０３）１２３４－５６７８",
            "09012345678",
            "+81-90-1234-5678",
            "0120-123-456",
        ] {
            assert_eq!(kinds(t), ["phone"], "{t}");
        }
        for t in [
            "2026-11-22に開催",
            "価格は12,800円",
            "第3工場 1234-5678番",
            "ISO 9001",
        ] {
            assert!(kinds(t).is_empty(), "{t}: {:?}", kinds(t));
        }
    }

    #[test]
    fn my_number_needs_its_check_digit() {
        // 12345678901 → check digit 8.
        assert!(my_number_valid(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 8]));
        assert_eq!(kinds("番号 123456789018 です"), ["my_number"]);
        assert_eq!(kinds("番号 １２３４ ５６７８ ９０１８"), ["my_number"]);
        assert!(
            kinds("番号 123456789012 です").is_empty(),
            "wrong check digit"
        );
    }

    #[test]
    fn card_numbers_pass_luhn() {
        assert_eq!(kinds("カード 4111 1111 1111 1111"), ["card"]);
        assert_eq!(
            kinds("カード４１１１－１１１１－１１１１－１１１１"),
            ["card"]
        );
        assert!(kinds("注文番号 4111 1111 1111 1112").is_empty());
    }

    #[test]
    fn emails_and_postal_addresses() {
        assert_eq!(kinds("連絡は yamada.k@minato-seiko.co.jp へ"), ["email"]);
        assert_eq!(kinds("ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ"), ["email"]);
        assert!(kinds("@minato_pr をフォロー").is_empty());
        assert_eq!(kinds("〒430-0000 静岡県浜松市中区"), ["postal"]);
        assert_eq!(kinds("〒４３０－０９２９ 浜松市中区中央"), ["postal"]);
        assert!(kinds("型番 430-0000 の部品").is_empty());
    }
}
