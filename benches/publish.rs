//! Benchmark (issue 6): 1,000 posts due in the same minute, published through a fake Bluesky
//! server that allows at most `LIMIT` posts per `WINDOW` seconds in real time. The floor is the
//! time the rate limit alone imposes (the last window cannot open sooner); the target is at most
//! 1.2× that floor. Run with `cargo bench --bench publish`; it prints one line per run.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    missing_docs
)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::Arc;
use tsunagu::clock::{Clock, SystemClock};
use tsunagu::model::Platform;
use tsunagu::publish::secrets::MemorySecrets;
use tsunagu::store::Source;

const POSTS: usize = 1000;
const LIMIT: u32 = 250;
const WINDOW: i64 = 2;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let mut ws = tsunagu::demo::build(
        dir.path(),
        clock,
        tsunagu::demo::DemoOptions {
            posts: 10,
            ..Default::default()
        },
    )
    .unwrap();
    let server = common::fake_bluesky::FakeBluesky::start("minato.test", "bench-password");
    let secrets = MemorySecrets::default();
    ws.connect_bluesky(
        Source::Ui,
        &secrets,
        &server.url,
        "minato.test",
        "bench-password",
    )
    .unwrap();
    let tz = ws.time_zone().unwrap();
    let due = SystemClock
        .now()
        .with_timezone(&tz)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    eprintln!("preparing {POSTS} approved posts due at {due} …");
    for i in 0..POSTS {
        common::approved_post(
            &mut ws,
            None,
            &format!("一斉投稿 {i}"),
            &format!("同じ分に予約された投稿 {i} 号です。"),
            &due,
            &[Platform::Bluesky],
        );
    }
    server.with(|s| s.window = Some((LIMIT, WINDOW)));

    let started = std::time::Instant::now();
    let mut published = 0u32;
    let mut passes = 0;
    while published < POSTS as u32 {
        let r = ws.publish_due(&secrets, "bench").unwrap();
        published += r.published;
        passes += 1;
        assert_eq!(r.failed, 0);
        if published < POSTS as u32 {
            // Sleep until the earliest job may run again.
            let next: Option<String> = rusqlite::Connection::open(dir.path().join("tsunagu.db"))
                .unwrap()
                .query_row(
                    "SELECT min(next_attempt_at) FROM publish_jobs WHERE state = 'pending'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            let wait = next
                .and_then(|n| chrono::DateTime::parse_from_rfc3339(&n).ok())
                .map(|n| (n.timestamp_millis() - SystemClock.now().timestamp_millis()).max(0))
                .unwrap_or(50);
            std::thread::sleep(std::time::Duration::from_millis(
                u64::try_from(wait).unwrap_or(50) + 5,
            ));
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let windows = POSTS.div_ceil(LIMIT as usize) as f64;
    let floor = (windows - 1.0) * WINDOW as f64;
    let puts = server.with(|s| (s.puts, s.records.len()));
    println!(
        "publish_1000_same_minute: {POSTS} posts, limit {LIMIT}/{WINDOW}s → floor {floor:.2} s, took {elapsed:.2} s ({:.2}× the floor), {passes} passes, {} requests for {} records",
        elapsed / floor,
        puts.0,
        puts.1
    );
    assert_eq!(puts.1, POSTS, "exactly once");
}
