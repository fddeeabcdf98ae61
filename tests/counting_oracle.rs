//! Tsunagu's counters against the official ones, on Japanese text as people write it: X's
//! weighted length against the `twitter-text` JavaScript library (3.x, which X's own clients
//! use) and Bluesky's graphemes against `Intl.Segmenter`. A property test (proptest) glues
//! URLs to kana and kanji on either side, mixes full-width punctuation, emoji sequences (skin
//! tones, ZWJ families, flags, keycaps), mentions and hashtags touching kana, and the oracle
//! (`tests/counting/oracle.mjs`, run by Node with the library from `ui/node_modules`, kept
//! running for the whole test) counts the same texts. Every text must agree; when one does
//! not, proptest shrinks it to the fewest, simplest pieces that still disagree. The run's seed
//! is fixed (the seed of the generator this test used before proptest), so CI compares the
//! same 20,000 texts every time, after a handful written out by hand.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use tsunagu::counting::count;
use tsunagu::model::Platform;

/// How many texts one run compares.
const TEXTS: u32 = 20_000;

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

/// One piece of a text.
fn piece() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        3 => select(JAPANESE),
        2 => select(PUNCTUATION),
        2 => select(URLS),
        1 => select(EMOJI),
        1 => select(TAGS),
        1 => select(LATIN),
    ]
}

/// A text of a few pieces, glued without spaces as often as with, now and then repeated to
/// cross the limits.
fn text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((piece(), prop::bool::weighted(0.25)), 1..13),
        prop_oneof![19 => Just(1usize), 1 => 2usize..13],
    )
        .prop_map(|(pieces, times)| {
            let mut out = String::new();
            for (p, space) in pieces {
                out.push_str(p);
                if space {
                    out.push(' ');
                }
            }
            out.repeat(times)
        })
}

/// The oracle, running: one text in, its two official counts out.
struct Oracle {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Oracle {
    fn start(root: &Path) -> Self {
        let mut child = Command::new("node")
            .arg(root.join("tests/counting/oracle.mjs"))
            .env("NODE_PATH", root.join("ui/node_modules"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("node runs the oracle");
        let input = child.stdin.take().unwrap();
        let output = BufReader::new(child.stdout.take().unwrap());
        Oracle {
            child,
            input,
            output,
        }
    }

    fn count(&mut self, text: &str) -> (u32, u32) {
        writeln!(self.input, "{}", serde_json::to_string(text).unwrap()).unwrap();
        let mut line = String::new();
        self.output.read_line(&mut line).unwrap();
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("the oracle said {line:?}: {e}"))
    }
}

impl Drop for Oracle {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Ours against the oracle on one text.
fn agrees(oracle: &mut Oracle, t: &str) -> Result<(), TestCaseError> {
    let (x, graphemes) = oracle.count(t);
    let ours = count(Platform::X, t).length;
    prop_assert_eq!(ours, x, "X on {:?}: ours {}, twitter-text {}", t, ours, x);
    let ours = count(Platform::Bluesky, t).length;
    prop_assert_eq!(
        ours,
        graphemes,
        "Bluesky on {:?}: ours {}, Intl.Segmenter {}",
        t,
        ours,
        graphemes
    );
    Ok(())
}

/// The shapes the counting must get right, written out (URLs glued to kana on either side, a
/// Japanese domain, emoji sequences and keycaps beside tags, a postal mark glued to a domain):
/// checked on every run before the generated ones.
const ONCE_DIFFERED: &[&str] = &[
    "詳しくはこちらhttps://example.co.jp/a",
    "https://例え.jp",
    "工場の朝礼example.com、",
    "#ものづくり👍🏽",
    "＠someone1️⃣",
    "www.example.jp/path」です。",
    "🏳️‍🌈https://t.co/AbC123",
    "〒105-0011minato-seiko.co.jp",
    "森鷗外と𠮷野家#ｶﾀｶﾅ",
    "e-mail@minato_pr",
];

#[test]
fn x_and_bluesky_counts_agree_with_the_official_libraries() {
    // Read at run time: a test binary reused from a shared target folder may have been built
    // in another checkout.
    let manifest = std::env::var("CARGO_MANIFEST_DIR")
        .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string());
    let root = Path::new(&manifest);
    if !root.join("ui/node_modules/twitter-text").is_dir() {
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
    let mut oracle = Oracle::start(root);
    for t in ONCE_DIFFERED {
        agrees(&mut oracle, t).unwrap();
    }
    let mut runner = TestRunner::new(Config {
        cases: TEXTS,
        rng_seed: RngSeed::Fixed(0x7473_756e_6167_7521),
        failure_persistence: None,
        ..Config::default()
    });
    let oracle = std::cell::RefCell::new(oracle);
    let result = runner.run(&text(), |t| agrees(&mut oracle.borrow_mut(), &t));
    if let Err(e) = result {
        panic!("{e}");
    }
}
