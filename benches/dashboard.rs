//! The dashboard's aggregation on a workspace of 100,000 posts and 1,000,000 metric readings
//! (issue 8: median ≤ 50 ms), for one month and for a quarter, and the monthly report made
//! from it (issue 8: ≤ 2 s).
//!
//! Run with `cargo bench --bench dashboard`. The fixture (the 100,000-post demo, then readings
//! added until the metrics table holds a million rows, spread over the published posts and
//! their platforms, hourly) is built once under the target folder.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use chrono::{Duration, TimeZone, Utc};
use std::path::PathBuf;
use std::sync::Arc;
use tsunagu::calendar::YearMonth;
use tsunagu::clock::FixedClock;
use tsunagu::demo::{build, DemoOptions};
use tsunagu::ids::RandomIds;
use tsunagu::workspace::InitOptions;
use tsunagu::Workspace;

const POSTS: u64 = 100_000;
const READINGS: i64 = 1_000_000;

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
        "bench-fixtures/dashboard-{POSTS}-{READINGS}-v{}",
        tsunagu::store::SCHEMA_VERSION
    ));
    if !Workspace::exists(&dir) || !dir.join("readings-done").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        eprintln!(
            "building the {POSTS}-post, {READINGS}-reading fixture in {} (once)",
            dir.display()
        );
        build(
            &dir,
            clock(),
            DemoOptions {
                posts: POSTS,
                seed: 1,
                ..Default::default()
            },
        )
        .unwrap();
        let mut conn = rusqlite::Connection::open(dir.join("tsunagu.db")).unwrap();
        let tx = conn.transaction().unwrap();
        let have: i64 = tx
            .query_row("SELECT count(*) FROM metrics", [], |r| r.get(0))
            .unwrap();
        let published: Vec<(String, String, String)> = {
            let mut stmt = tx
                .prepare("SELECT id, platforms, scheduled_at FROM posts WHERE status = 'published' AND platforms != ''")
                .unwrap();
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap()
                .map(|r| r.unwrap())
                .collect()
        };
        let pairs: Vec<(String, String, chrono::DateTime<Utc>)> = published
            .iter()
            .flat_map(|(id, ps, at)| {
                let at: chrono::DateTime<Utc> = at.parse().unwrap();
                ps.split(',')
                    .map(move |p| (id.clone(), p.to_string(), at))
                    .collect::<Vec<_>>()
            })
            .collect();
        let per = ((READINGS - have).max(0) as usize).div_ceil(pairs.len().max(1));
        let mut left = (READINGS - have).max(0);
        {
            let mut ins = tx
                .prepare("INSERT INTO metrics (id, post_id, platform, captured_at, likes, reposts, replies, quotes, impressions) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8)")
                .unwrap();
            'outer: for (i, (post, platform, at)) in pairs.iter().enumerate() {
                for h in 0..per {
                    if left == 0 {
                        break 'outer;
                    }
                    let when = *at + Duration::hours(h as i64 + 1);
                    let n = (i * 7 + h) as i64 % 50;
                    let views = (platform == "x" || platform == "linkedin").then_some(n * 40);
                    ins.execute(rusqlite::params![
                        uuid::Uuid::now_v7().to_string(),
                        post,
                        platform,
                        tsunagu::clock::to_db_time(when),
                        n,
                        n / 4,
                        n / 8,
                        views
                    ])
                    .unwrap();
                    left -= 1;
                }
            }
        }
        tx.commit().unwrap();
        std::fs::write(dir.join("readings-done"), "").unwrap();
    }
    drop(open(&dir));
    dir
}

fn open(dir: &std::path::Path) -> Workspace {
    Workspace::open(dir, clock(), Arc::new(RandomIds), &InitOptions::default()).unwrap()
}

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 100)]
fn dashboard_one_month(bencher: divan::Bencher) {
    let ws = open(&fixture());
    let m = YearMonth::parse("2026-10").unwrap();
    bencher.bench_local(|| tsunagu::app::kpi::dashboard(&ws, m, m).unwrap());
}

#[divan::bench(sample_count = 50)]
fn dashboard_quarter(bencher: divan::Bencher) {
    let ws = open(&fixture());
    let from = YearMonth::parse("2026-08").unwrap();
    let to = YearMonth::parse("2026-10").unwrap();
    bencher.bench_local(|| tsunagu::app::kpi::dashboard(&ws, from, to).unwrap());
}

#[divan::bench(sample_count = 20)]
fn monthly_report_html_and_csv(bencher: divan::Bencher) {
    use tsunagu::kpi::report::{render_csv, render_html, ReportLanguage};
    let ws = open(&fixture());
    let m = YearMonth::parse("2026-10").unwrap();
    bencher.bench_local(|| {
        let r = tsunagu::app::kpi::monthly_report(&ws, m, ReportLanguage::Ja).unwrap();
        (render_html(&r).len(), render_csv(&r).len())
    });
}

#[divan::bench(sample_count = 20)]
fn monthly_report_pdf(bencher: divan::Bencher) {
    use tsunagu::kpi::report::ReportLanguage;
    let ws = open(&fixture());
    let m = YearMonth::parse("2026-10").unwrap();
    bencher.bench_local(|| {
        let r = tsunagu::app::kpi::monthly_report(&ws, m, ReportLanguage::Ja).unwrap();
        tsunagu::kpi::pdf::render_pdf(&r).unwrap().len()
    });
}
