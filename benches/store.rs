//! Benchmarks for the store: opening a workspace and the calendar's month query, on a demo
//! workspace of 100,000 posts (about 720 in the measured month).
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
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join(format!(
        "bench-fixtures/demo-{POSTS}-v{}",
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
    let n = ws.month_view(month).unwrap().posts.len();
    assert!(n > 500, "the measured month holds {n} posts");
    bencher.bench_local(|| ws.month_view(divan::black_box(month)).unwrap());
}
