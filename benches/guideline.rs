//! Benchmark (issue 5): lint a 3,000-character Japanese draft against a 10,000-term set plus
//! every detector (personal data, disclosure, links, all seven platforms' limits, people and
//! images), median ≤ 0.5 ms; and the floor it is compared with: a bare multi-pattern scan of
//! the same raw text for the same raw terms, with no folding, no detectors and no findings.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use aho_corasick::{AhoCorasick, MatchKind};
use tsunagu::guideline::{
    default_pack, LintContext, Linter, Severity, ShownImage, Term, TermCategory,
};
use tsunagu::model::{Platform, Role};

fn terms() -> Vec<Term> {
    // Deterministic pseudo-random terms of 2–6 characters from kana and common kanji, so the
    // automaton is as large as a real company's lists, plus a few that occur in the text.
    let alphabet: Vec<char> = "あいうえおかきくけこさしすせそたちつてとなにぬねのアイウエオカキクケコサシスセソ工場品質検査製造開発部品機械技術改善安全営業調達設計試作".chars().collect();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out: Vec<Term> = (0..9_995)
        .map(|i| {
            let len = 2 + (next() % 5) as usize;
            let term: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            Term {
                term,
                category: [
                    TermCategory::Forbidden,
                    TermCategory::Confidential,
                    TermCategory::Caution,
                ][i % 3],
                severity: [Severity::Block, Severity::Warn, Severity::Info][i % 3],
                message: String::new(),
            }
        })
        .collect();
    for t in ["社外秘", "プロジェクト青嵐", "日本一", "原価", "ZEPHYR"] {
        out.push(Term {
            term: t.into(),
            category: TermCategory::Confidential,
            severity: Severity::Block,
            message: String::new(),
        });
    }
    out
}

fn text() -> String {
    let piece = "今日は第一工場の朝礼から。改善提案が128件集まりました👍🏽 品質保証部の測定室は室温20℃に保たれています。詳しくは https://minato-seiko.co.jp/kaizen へ。新しい精密シャフトの試作も順調です。#ものづくり ";
    let mut t = String::new();
    while t.chars().count() < 3000 {
        t.push_str(piece);
    }
    let mut t: String = t.chars().take(2950).collect();
    t.push_str("問い合わせは０３－１２３４－５６７８、pr@minato-seiko.co.jp まで。");
    t
}

fn main() {
    divan::main();
}

/// The benchmark's guideline (with or without its 10,000 terms) and context.
fn setup(with_terms: bool) -> (Linter, LintContext) {
    let mut rules = default_pack("ja").unwrap().rules;
    rules.terms = if with_terms { terms() } else { Vec::new() };
    rules.products = vec!["精密シャフト".into(), "ベアリング".into()];
    rules.allowed_domains = vec!["minato-seiko.co.jp".into()];
    let linter = Linter::new(1, rules).unwrap();
    let ctx = LintContext {
        platforms: Platform::ALL.to_vec(),
        author_role: Some(Role::Ambassador),
        people: Vec::new(),
        images: vec![ShownImage {
            file_name: "line.jpg".into(),
            alt_text: String::new(),
            faces_visible: true,
            people: Vec::new(),
        }],
        // Scheduled on a day of remembrance, so the calendar rules run too.
        scheduled_on: chrono::NaiveDate::from_ymd_opt(2027, 3, 11),
        crisis: false,
        employee_voice: true,
    };
    (linter, ctx)
}

#[divan::bench(sample_count = 500)]
fn lint_3000_chars_10000_terms(bencher: divan::Bencher) {
    let (linter, ctx) = setup(true);
    let t = text();
    assert!(
        linter.lint(&t, &ctx).len() > 3,
        "the draft has findings to report"
    );
    bencher.bench(|| linter.lint(divan::black_box(&t), &ctx).len());
}

#[divan::bench(sample_count = 500)]
fn floor_bare_multi_pattern_scan(bencher: divan::Bencher) {
    let raw: Vec<String> = terms().into_iter().map(|t| t.term).collect();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&raw)
        .unwrap();
    let t = text();
    bencher.bench(|| ac.find_iter(divan::black_box(&t)).count());
}

/// The parts of the check, one by one, so a reader can see where the time goes.
mod parts {
    use super::{setup, text};

    /// The whole check without the term lists: what the terms cost is the difference.
    #[divan::bench(sample_count = 300)]
    fn check_without_terms(bencher: divan::Bencher) {
        let (linter, ctx) = setup(false);
        let t = text();
        bencher.bench(|| linter.lint(divan::black_box(&t), &ctx).len());
    }

    /// The whole check without any platform: what counting and the limits cost is the
    /// difference.
    #[divan::bench(sample_count = 300)]
    fn check_without_platforms(bencher: divan::Bencher) {
        let (linter, mut ctx) = setup(true);
        ctx.platforms.clear();
        let t = text();
        bencher.bench(|| linter.lint(divan::black_box(&t), &ctx).len());
    }

    #[divan::bench(sample_count = 300)]
    fn fold_for_terms(bencher: divan::Bencher) {
        let t = tsunagu::guideline::normalize::normalize(&text());
        bencher.bench(|| tsunagu::guideline::variants::fold_terms(divan::black_box(&t)));
    }

    #[divan::bench(sample_count = 300)]
    fn fold(bencher: divan::Bencher) {
        let t = text();
        bencher.bench(|| tsunagu::guideline::normalize::normalize(divan::black_box(&t)));
    }

    #[divan::bench(sample_count = 300)]
    fn personal_data(bencher: divan::Bencher) {
        let t = tsunagu::guideline::normalize::normalize(&text()).text;
        bencher.bench(|| tsunagu::guideline::detectors::personal_data(divan::black_box(&t)));
    }

    #[divan::bench(sample_count = 300)]
    fn counts_and_urls(bencher: divan::Bencher) {
        let t = text();
        bencher.bench(|| {
            tsunagu::counting::count_all_with_urls(
                tsunagu::model::Platform::ALL,
                divan::black_box(&t),
            )
        });
    }
}
