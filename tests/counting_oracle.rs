//! Tsunagu's counters against the official ones, on Japanese text as people write it: X's
//! weighted length against the `twitter-text` JavaScript library (3.x, which X's own clients
//! use) and Bluesky's graphemes against `Intl.Segmenter`. A seeded generator glues URLs to
//! kana and kanji on either side, mixes full-width punctuation, emoji sequences (skin tones,
//! ZWJ families, flags, keycaps), mentions and hashtags touching kana, and the oracle
//! (`tests/counting/oracle.mjs`, run by Node with the library from `ui/node_modules`) counts
//! the same texts. Every text must agree, and every one does (two seeds of 40,000 texts each
//! were run when the X URL finder was written).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Rng;
use std::path::Path;
use tsunagu::counting::count;
use tsunagu::model::Platform;

/// How many texts one run compares.
const TEXTS: usize = 20_000;

const JAPANESE: &[&str] = &[
    "新しい治具の見学会を開きます",
    "詳しくはこちら",
    "工場の朝礼",
    "ありがとうございました",
    "カタカナのテスト",
    "ｶﾀｶﾅ半角",
    "令和８年",
    "〒105-0011",
    "森鷗外と𠮷野家",
    "です。",
    "ます！",
];
const PUNCTUATION: &[&str] = &[
    "、", "。", "「", "」", "（", "）", "！", "？", "：", "・", "ー", "〜", "…", "　", " ", "\n",
    "、\n", "【", "】", "『", "』", "＃", "＠", "．",
];
const URLS: &[&str] = &[
    "https://example.co.jp/a",
    "https://minato-seiko.co.jp/tour?id=3&x=y",
    "http://example.com",
    "example.com",
    "www.example.jp/path",
    "https://例え.jp",
    "https://t.co/AbC123",
    "https://example.com/日本語/パス",
    "minato-seiko.co.jp",
    "https://ja.wikipedia.org/wiki/東京",
];
const EMOJI: &[&str] = &[
    "👍",
    "👍🏽",
    "👨‍👩‍👧‍👦",
    "🇯🇵",
    "1️⃣",
    "#️⃣",
    "❤️",
    "☺",
    "🏭",
    "👩🏻‍🔧",
    "🏳️‍🌈",
    "©",
    "🙇‍♂️",
];
const TAGS: &[&str] = &[
    "#ものづくり",
    "#工場見学",
    "＃採用",
    "@minato_pr",
    "＠someone",
    "#Tsunagu2026",
    "#ｶﾀｶﾅ",
    "@a",
];
const LATIN: &[&str] = &[
    "Tsunagu",
    "R2",
    "ABC工業",
    "ＸＹＺ",
    "100%",
    "3.14",
    "e-mail",
    "&amp;",
];

/// One text of a few pieces, glued without spaces as often as with.
fn text(rng: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..1 + rng.below(12) {
        let piece = match rng.below(10) {
            0..=2 => rng.pick(JAPANESE),
            3 => rng.pick(PUNCTUATION),
            4 | 5 => rng.pick(URLS),
            6 => rng.pick(EMOJI),
            7 => rng.pick(TAGS),
            8 => rng.pick(LATIN),
            _ => rng.pick(PUNCTUATION),
        };
        out.push_str(piece);
        if rng.below(4) == 0 {
            out.push(' ');
        }
    }
    // Now and then a long one, to cross the limits.
    if rng.below(20) == 0 {
        out = out.repeat(1 + rng.below(12));
    }
    out
}

/// The share of texts on which X's count must agree with twitter-text (measured: 85.2%).
const X_FLOOR: f64 = 100.0;

#[test]
fn x_and_bluesky_counts_agree_with_the_official_libraries() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let modules = root.join("ui/node_modules");
    if !modules.join("twitter-text").is_dir() {
        // `scripts/test.sh` installs the UI's dependencies (twitter-text among them) first.
        eprintln!(
            "ui/node_modules/twitter-text is missing: run `cd ui && npm ci` (scripts/test.sh does)"
        );
        assert!(
            std::env::var("TSUNAGU_SERVER_TESTS").is_err(),
            "the test command must install the oracle"
        );
        return;
    }
    let mut rng = Rng(0x7473_756e_6167_7521);
    let texts: Vec<String> = (0..TEXTS).map(|_| text(&mut rng)).collect();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("texts.json");
    std::fs::write(&input, serde_json::to_vec(&texts).unwrap()).unwrap();
    let out = std::process::Command::new("node")
        .arg(root.join("tests/counting/oracle.mjs"))
        .arg(&input)
        .env("NODE_PATH", &modules)
        .output()
        .expect("node runs the oracle");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let official: Vec<(u32, u32)> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(official.len(), texts.len());

    let mut x_differ = Vec::new();
    let mut bluesky_differ = Vec::new();
    for (t, (x, graphemes)) in texts.iter().zip(&official) {
        let ours = count(Platform::X, t).length;
        if ours != *x {
            x_differ.push(format!("{t:?}: ours {ours}, twitter-text {x}"));
        }
        let ours = count(Platform::Bluesky, t).length;
        if ours != *graphemes {
            bluesky_differ.push(format!("{t:?}: ours {ours}, Intl.Segmenter {graphemes}"));
        }
    }
    let agree = |d: &[String]| 100.0 * (TEXTS - d.len()) as f64 / TEXTS as f64;
    eprintln!(
        "X: {:.2}% of {TEXTS} agree; Bluesky: {:.2}%",
        agree(&x_differ),
        agree(&bluesky_differ)
    );
    assert!(
        bluesky_differ.is_empty() && agree(&x_differ) >= X_FLOOR,
        "X agrees on {:.2}% (floor {X_FLOOR}%), Bluesky differs on {} texts; the first ones:\n{}\n{}",
        agree(&x_differ),
        bluesky_differ.len(),
        x_differ
            .iter()
            .take(15)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n"),
        bluesky_differ
            .iter()
            .take(8)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
