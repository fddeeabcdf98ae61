//! Benchmark: every platform's counter on a 3,000-character mixed Japanese text (issue 3:
//! median ≤ 50 µs for all counters together). The text mixes kana, kanji, ASCII, a URL with
//! and without a scheme, hashtags, a remote mention and emoji sequences, and is over X's
//! limit, so X's overflow search is part of the measurement.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use tsunagu::counting::{count, count_all};
use tsunagu::model::Platform;

fn text() -> String {
    let piece = "今日は第一工場の朝礼から。改善提案が128件集まりました👍🏽 詳しくは https://example.com/kaizen と minato-seiko.co.jp へ。#ものづくり @pr@mastodon.example 👨\u{200D}👩\u{200D}👧 ";
    let mut t = String::new();
    while t.chars().count() < 3000 {
        t.push_str(piece);
    }
    t.chars().take(3000).collect()
}

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 300)]
fn all_counters_3000_chars(bencher: divan::Bencher) {
    let t = text();
    bencher.bench(|| {
        count_all(Platform::ALL, divan::black_box(&t))
            .iter()
            .map(|c| c.length)
            .sum::<u32>()
    });
}

#[divan::bench(args = [Platform::X, Platform::Bluesky, Platform::Mastodon, Platform::Threads, Platform::Instagram])]
fn one_counter_3000_chars(bencher: divan::Bencher, platform: Platform) {
    let t = text();
    bencher.bench(|| count(platform, divan::black_box(&t)).length);
}
