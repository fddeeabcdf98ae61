//! Benchmarks for the store: opening a workspace and the calendar's month query, on a demo
//! workspace of 100,000 posts (about 720 in the measured month), and the month query on one
//! with about 300 posts in the month (issue 3).
//!
//! Run with `cargo bench --bench store`. The fixture is built once and kept under the target
//! folder (`bench-fixtures/`), so later runs measure only the operations themselves.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use chrono::{TimeZone, Utc};
use std::path::PathBuf;
use std::sync::Arc;
use tsunagu::calendar::YearMonth;
use tsunagu::clock::FixedClock;
use tsunagu::demo::{build, DemoOptions};
use tsunagu::ids::RandomIds;
use tsunagu::workspace::InitOptions;
use tsunagu::Workspace;

const POSTS: u64 = 100_000;

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 11, 22, 3, 0, 0).unwrap(),
    ))
}

fn fixture() -> PathBuf {
    fixture_with(tsunagu::demo::DEFAULT_PER_DAY)
}

/// The 100,000-post demo with at most `per_day` posts a day (24 → about 720 a month,
/// 10 → about 300 a month).
fn fixture_with(per_day: u64) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join(format!(
        "bench-fixtures/demo-{POSTS}-{per_day}-v{}",
        tsunagu::store::SCHEMA_VERSION
    ));
    if !Workspace::exists(&dir) {
        let _ = std::fs::remove_dir_all(&dir);
        eprintln!(
            "building the {POSTS}-post fixture in {} (once)",
            dir.display()
        );
        build(
            &dir,
            clock(),
            DemoOptions {
                posts: POSTS,
                seed: 1,
                per_day,
                ..Default::default()
            },
        )
        .unwrap();
    }
    // The first open of the day takes the daily backup; do it here, outside the measurement.
    drop(open(&dir));
    dir
}

fn open(dir: &std::path::Path) -> Workspace {
    Workspace::open(dir, clock(), Arc::new(RandomIds), &InitOptions::default()).unwrap()
}

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 200)]
fn open_workspace(bencher: divan::Bencher) {
    let dir = fixture();
    bencher.bench_local(|| open(divan::black_box(&dir)));
}

#[divan::bench(sample_count = 500)]
fn month_query(bencher: divan::Bencher) {
    let ws = open(&fixture());
    let month = YearMonth::parse("2026-11").unwrap();
    let n = tsunagu::app::calendar::month_view(&ws, month)
        .unwrap()
        .posts
        .len();
    assert!(n > 500, "the measured month holds {n} posts");
    bencher
        .bench_local(|| tsunagu::app::calendar::month_view(&ws, divan::black_box(month)).unwrap());
}

#[divan::bench(sample_count = 500)]
fn month_query_300_in_month(bencher: divan::Bencher) {
    let ws = open(&fixture_with(10));
    let month = YearMonth::parse("2026-11").unwrap();
    let n = tsunagu::app::calendar::month_view(&ws, month)
        .unwrap()
        .posts
        .len();
    assert!(
        (250..=350).contains(&n),
        "the measured month holds {n} posts"
    );
    bencher
        .bench_local(|| tsunagu::app::calendar::month_view(&ws, divan::black_box(month)).unwrap());
}

/// Issue 4: the contribution ledger for 1,000 people over 24 months (target median ≤ 20 ms).
#[divan::bench(sample_count = 100)]
fn ledger_1000_people_24_months(bencher: divan::Bencher) {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join(format!(
        "bench-fixtures/ledger-1000-v{}",
        tsunagu::store::SCHEMA_VERSION
    ));
    if !Workspace::exists(&dir) {
        let _ = std::fs::remove_dir_all(&dir);
        eprintln!(
            "building the 1,000-person fixture in {} (once)",
            dir.display()
        );
        build(
            &dir,
            clock(),
            DemoOptions {
                posts: 50_000,
                seed: 1,
                per_day: 24,
                people: 1_000,
                as_demo: false,
            },
        )
        .unwrap();
    }
    drop(open(&dir));
    let ws = open(&dir);
    let (from, to) = (
        YearMonth::parse("2025-12").unwrap(),
        YearMonth::parse("2027-11").unwrap(),
    );
    let rows = tsunagu::app::recognition::ledger(&ws, from, to).unwrap();
    assert_eq!(rows.len(), 1_000);
    assert_eq!(rows[0].months.len(), 24);
    bencher.bench_local(|| {
        tsunagu::app::recognition::ledger(&ws, divan::black_box(from), divan::black_box(to))
            .unwrap()
    });
}
