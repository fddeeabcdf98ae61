//! Street addresses written without a postal code: a municipality from the list shipped with
//! the guideline pack (`assets/guideline/places-ja.json`: the 47 prefectures and their cities,
//! wards, towns and villages), an area name, and a block and lot (「三丁目5番」「2-14-3」
//! 「1-403」「12番地」).
//!
//! The lot is what makes it an address: 「五丁目の皆さん」 names an area, 「浜松市の工場」 a city;
//! neither is anyone's door. So the detector starts from a lot and looks back for a
//! municipality, never the other way, which also keeps it off the hot path: most drafts have no
//! lot at all. It reads the plain fold (full-width digits are ASCII, katakana is hiragana) and
//! kanji numerals (三丁目, 十二番地).

use std::collections::HashSet;
use std::sync::OnceLock;

/// The municipalities and prefectures, in the plain fold.
struct Places {
    municipalities: HashSet<String>,
    prefectures: Vec<String>,
    /// The longest municipality name, in characters.
    longest: usize,
}

#[derive(serde::Deserialize)]
struct PlacesFile {
    prefectures: Vec<Prefecture>,
}

#[derive(serde::Deserialize)]
struct Prefecture {
    name: String,
    municipalities: Vec<String>,
}

fn places() -> &'static Places {
    static PLACES: OnceLock<Places> = OnceLock::new();
    PLACES.get_or_init(|| {
        let fold = |s: &str| super::normalize::normalize(s).text;
        // The file is part of the build; a malformed one fails its test, not a user's check.
        let file: PlacesFile = serde_json::from_str(include_str!(
            "../../assets/guideline/places-ja.json"
        ))
        .unwrap_or(PlacesFile {
            prefectures: Vec::new(),
        });
        let mut municipalities = HashSet::new();
        let mut prefectures = Vec::new();
        for p in &file.prefectures {
            prefectures.push(fold(&p.name));
            for m in &p.municipalities {
                municipalities.insert(fold(m));
                // 「虻田郡倶知安町」 and 「三宅島三宅村」 are also written without the county or island.
                if let Some((_, town)) = m.split_once('郡').or_else(|| m.split_once('島')) {
                    if town.chars().count() >= 2 && (town.ends_with('町') || town.ends_with('村'))
                    {
                        municipalities.insert(fold(town));
                    }
                }
            }
        }
        let longest = municipalities
            .iter()
            .map(|m| m.chars().count())
            .max()
            .unwrap_or(0);
        Places {
            municipalities,
            prefectures,
            longest,
        }
    })
}

/// How many prefectures and municipalities the list holds.
pub fn counts() -> (usize, usize) {
    let p = places();
    (p.prefectures.len(), p.municipalities.len())
}

/// The value of a kanji numeral.
pub fn kanji_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Reads a number at `at` (ASCII digits, or kanji numerals with 十): its end, or `None`.
fn number(text: &str, at: usize) -> Option<usize> {
    let mut end = at;
    for (k, c) in text[at..].char_indices() {
        if c.is_ascii_digit() || kanji_digit(c).is_some() || c == '十' {
            end = at + k + c.len_utf8();
        } else {
            break;
        }
    }
    (end > at).then_some(end)
}

/// The block-and-lot part starting at `at`, when there is one: its end, and whether it is a
/// bare number (「本市場432」), which counts only right after an area name.
fn lot(text: &str, at: usize) -> Option<(usize, bool)> {
    let mut pos = at;
    let (mut numbers, mut chome, mut banchi, mut ban, mut dashes) = (0, false, false, false, 0);
    let mut end = at;
    while let Some(after) = number(text, pos) {
        numbers += 1;
        end = after;
        pos = after;
        let rest = &text[pos..];
        let unit = ["丁目", "番地", "番", "号", "-", "ー", "の"]
            .iter()
            .find(|u| rest.starts_with(**u));
        match unit {
            Some(&"丁目") => chome = true,
            Some(&"番地") => banchi = true,
            Some(&"番") => ban = true,
            Some(&"号") => {}
            Some(_) => dashes += 1,
            None => break,
        }
        let u = unit.map_or(0, |u| u.len());
        if matches!(unit, Some(&"丁目" | &"番地" | &"番" | &"号")) {
            end = pos + u;
        }
        pos += u;
    }
    let specific = (chome && numbers >= 2) || banchi || (ban && numbers >= 2) || dashes >= 1;
    if specific && numbers >= 1 && (dashes == 0 || numbers >= 2) {
        return Some((end, false));
    }
    // A lot number written without 番地: two digits or more, and not counting something
    // (432人, 12000坪, 3.5km).
    let digits = &text[at..end];
    let next = text[end..].chars().next();
    let counts_something = next.is_some_and(|c| {
        c.is_alphanumeric() && !matches!(c, '\u{3041}'..='\u{3096}') || matches!(c, '.' | ',' | '%')
    });
    let bare = numbers == 1
        && !chome
        && !ban
        && digits.len() >= 2
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !counts_something;
    bare.then_some((end, true))
}

/// Whether `c` may be part of an area name between a municipality and its lot.
fn in_area(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FC}' | '\u{4E00}'..='\u{9FFF}' | '々')
}

/// The same, with the digits an area name may hold (南1条, 北七条西).
fn in_area_name(c: char) -> bool {
    in_area(c) || c.is_ascii_digit()
}

/// Where a municipality ends at byte `end` of `text` starts, the longest name first.
fn municipality_ending(text: &str, end: usize, floor: usize) -> Option<usize> {
    let p = places();
    let starts: Vec<usize> = text[floor..end]
        .char_indices()
        .map(|(k, _)| floor + k)
        .collect();
    let n = starts.len();
    (2..=p.longest.min(n))
        .rev()
        .map(|len| starts[n - len])
        .find(|&s| p.municipalities.contains(&text[s..end]))
}

/// Street addresses in the plain fold `text`, each as a byte range. `digits_after_words` are
/// where runs of ASCII digits start right after a non-ASCII character, and `units` where 丁目
/// and 番地 are (the detectors find both anyway): lots in kanji numerals are found from the
/// units. Nothing else of the text is looked at.
pub fn addresses(
    text: &str,
    digits_after_words: &[usize],
    units: &[usize],
    out: &mut Vec<(usize, usize)>,
) {
    let mut candidates: Vec<usize> = digits_after_words.to_vec();
    for &at in units {
        // The kanji numerals right before the unit: where the lot starts.
        let numerals: usize = text[..at]
            .chars()
            .rev()
            .take_while(|&c| kanji_digit(c).is_some() || c == '十')
            .map(char::len_utf8)
            .sum();
        if numerals > 0 {
            candidates.push(at - numerals);
        }
    }
    if candidates.is_empty() {
        return;
    }
    candidates.sort_unstable();
    candidates.dedup();
    let mut next_free = 0usize;
    for i in candidates {
        let after_area = text[..i].chars().next_back().is_some_and(in_area);
        if i < next_free || !after_area {
            continue;
        }
        let Some((end, bare)) = lot(text, i) else {
            continue;
        };
        if let Some(start) = address_start(text, i, next_free, bare) {
            out.push((start, end));
            next_free = end;
        }
    }
}

/// Where the address whose lot starts at `lot` begins: a municipality within a short area
/// name before it, and the prefecture before that when it is written. A `bare` lot number
/// needs an area name that ends in kanji or katakana right before it.
fn address_start(text: &str, lot: usize, floor: usize, bare: bool) -> Option<usize> {
    const AREA: usize = 16;
    let p = places();
    let mut k = lot;
    for _ in 0..=AREA {
        let before = &text[floor..k];
        let c = before.chars().next_back()?;
        if matches!(c, '市' | '区' | '町' | '村') {
            let window = k.saturating_sub(p.longest * 4).max(floor);
            let window = (window..=k)
                .find(|&w| text.is_char_boundary(w))
                .unwrap_or(k);
            let area = text[k..lot].chars().next_back();
            let area_ok = !bare
                || area.is_some_and(
                    |c| matches!(c, '\u{4E00}'..='\u{9FFF}' | '々' | '\u{30A1}'..='\u{30FC}'),
                );
            if let Some(s) = municipality_ending(text, k, window).filter(|_| area_ok) {
                let start = p
                    .prefectures
                    .iter()
                    .find(|pref| text[floor..s].ends_with(pref.as_str()))
                    .map_or(s, |pref| s - pref.len());
                return Some(start);
            }
        }
        if !in_area_name(c) {
            return None;
        }
        k -= c.len_utf8();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guideline::normalize::normalize;

    fn found(t: &str) -> Vec<String> {
        let n = normalize(t);
        let mut out = Vec::new();
        let digits: Vec<usize> = n
            .text
            .char_indices()
            .filter(|&(k, c)| c.is_ascii_digit() && k > 0 && n.text.as_bytes()[k - 1] >= 0x80)
            .map(|(k, _)| k)
            .collect();
        let units: Vec<usize> = ["丁目", "番地"]
            .iter()
            .flat_map(|u| n.text.match_indices(u).map(|(k, _)| k).collect::<Vec<_>>())
            .collect();
        addresses(&n.text, &digits, &units, &mut out);
        out.iter()
            .map(|&(s, e)| {
                let (s, e) = n.original(s, e);
                t[s..e].to_string()
            })
            .collect()
    }

    #[test]
    fn the_list_holds_every_prefecture_and_its_municipalities() {
        let (prefectures, municipalities) = counts();
        assert_eq!(prefectures, 47);
        assert!(municipalities > 1_900, "{municipalities}");
        for m in [
            "札幌市中央区",
            "千代田区",
            "浜松市",
            "倶知安町",
            "南あるぷす市",
            "那覇市",
        ] {
            assert!(places().municipalities.contains(m), "{m}");
        }
    }

    #[test]
    fn addresses_without_a_postal_code() {
        assert_eq!(
            found("住所は静岡県浜松市中央区中央三丁目5番7号です"),
            ["静岡県浜松市中央区中央三丁目5番7号"]
        );
        assert_eq!(found("千代田区丸の内1-2-3まで"), ["千代田区丸の内1-2-3"]);
        assert_eq!(
            found("札幌市北区北七条西2丁目8"),
            ["札幌市北区北七条西2丁目8"]
        );
        assert_eq!(found("横浜市中区山下町1-403"), ["横浜市中区山下町1-403"]);
        assert_eq!(found("倶知安町南1条12番地"), ["倶知安町南1条12番地"]);
        assert_eq!(
            found("南アルプス市小笠原１２３４番地"),
            ["南アルプス市小笠原１２３４番地"]
        );
    }

    #[test]
    fn areas_and_numbers_that_are_not_addresses_stay_silent() {
        for t in [
            "五丁目の皆さん、ありがとう",
            "浜松市の工場で15人が参加",
            "創業1948年、浜松市で",
            "浜松市中央区の3工場",
            "第3工場の1-2番ライン",
            "090系の車両",
        ] {
            assert!(found(t).is_empty(), "{t}: {:?}", found(t));
        }
    }
}
