//! Benchmark (issue 6): 1,000 posts due in the same minute over both platforms — 500 to a
//! fake Bluesky PDS and 500 to a fake Mastodon server, both on 127.0.0.1 — each allowing at
//! most `LIMIT` posts per `WINDOW` seconds in real time, with the platforms' own rate-limit
//! headers (Bluesky: reset in whole seconds rounded down, windows started by the first
//! request; Mastodon: reset to the microsecond, windows aligned to the epoch).
//!
//! The floor is what the limits alone impose: the last post of a platform cannot go out
//! before the window it needs opens (Bluesky: three windows after the first request; Mastodon:
//! three window boundaries after the start). The runner is driven the way the app's scheduler
//! drives it: a pass, then a sleep until `next_publish_at`. Target: at most 1.2× the floor.
//! Run with `cargo bench --bench publish`; it prints one line per run.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    missing_docs
)]

#[path = "../tests/common/mod.rs"]
mod common;

use common::window::RateWindow;
use std::sync::Arc;
use tsunagu::clock::{Clock, SystemClock};
use tsunagu::model::Platform;
use tsunagu::secrets::MemorySecrets;
use tsunagu::store::Source;

const PER_PLATFORM: usize = 500;
const LIMIT: u32 = 125;
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
    let bluesky = common::fake_bluesky::FakeBluesky::start("minato.test", "bench-password");
    let mastodon = common::fake_mastodon::FakeMastodon::start();
    let secrets = MemorySecrets::default();
    tsunagu::app::accounts::connect_bluesky(
        &mut ws,
        Source::Ui,
        &secrets,
        &bluesky.url,
        "minato.test",
        "bench-password",
    )
    .unwrap();
    tsunagu::app::accounts::connect_mastodon_token(
        &mut ws,
        Source::Ui,
        &secrets,
        &mastodon.url,
        "mastodon-token-1",
    )
    .unwrap();
    let tz = ws.time_zone().unwrap();
    let due = SystemClock
        .now()
        .with_timezone(&tz)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    eprintln!(
        "preparing {} approved posts due at {due} …",
        2 * PER_PLATFORM
    );
    for i in 0..PER_PLATFORM {
        for platform in [Platform::Bluesky, Platform::Mastodon] {
            common::approved_post(
                &mut ws,
                None,
                &format!("一斉投稿 {i} {platform:?}"),
                &format!("同じ分に予約された投稿 {i} 号です。"),
                &due,
                &[platform],
            );
        }
    }
    bluesky.with(|s| s.window = Some(RateWindow::new(LIMIT, WINDOW, false)));
    mastodon.with(|s| s.window = Some(RateWindow::new(LIMIT, WINDOW, true)));

    let start_ms = SystemClock.now().timestamp_millis();
    let started = std::time::Instant::now();
    let mut published = 0u32;
    let mut passes = 0;
    let total = 2 * PER_PLATFORM as u32;
    while published < total {
        let r = ws.publish_due(&secrets, "bench").unwrap();
        published += r.published;
        passes += 1;
        assert_eq!(r.failed, 0);
        if published < total {
            // As the app's scheduler: sleep until the next job falls due.
            let wait = ws
                .next_publish_at()
                .unwrap()
                .map(|n| (n.timestamp_millis() - SystemClock.now().timestamp_millis()).max(0))
                .unwrap_or(50);
            std::thread::sleep(std::time::Duration::from_millis(
                u64::try_from(wait).unwrap_or(50),
            ));
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let windows = PER_PLATFORM.div_ceil(LIMIT as usize) as i64;
    let period = WINDOW * 1000;
    let floor_bluesky = ((windows - 1) * period) as f64 / 1000.0;
    let first_mastodon = start_ms - start_ms.rem_euclid(period);
    let floor_mastodon = (first_mastodon + (windows - 1) * period - start_ms) as f64 / 1000.0;
    let floor = floor_bluesky.max(floor_mastodon);
    let (b_puts, b_records, b_refused) = bluesky.with(|s| {
        (
            s.puts,
            s.records.len(),
            s.window.as_ref().map_or(0, |w| w.refused),
        )
    });
    let (m_posts, m_statuses, m_refused) = mastodon.with(|s| {
        (
            s.posts,
            s.statuses.len(),
            s.window.as_ref().map_or(0, |w| w.refused),
        )
    });
    println!(
        "publish_1000_same_minute_two_platforms: {} posts, {LIMIT}/{WINDOW}s per platform → floor {floor:.2} s (Bluesky {floor_bluesky:.2}, Mastodon {floor_mastodon:.2}), took {elapsed:.2} s ({:.2}× the floor), {passes} passes; Bluesky {b_puts} requests ({b_refused} refused) for {b_records} records, Mastodon {m_posts} requests ({m_refused} refused) for {m_statuses} statuses",
        total,
        elapsed / floor,
    );
    assert_eq!(b_records, PER_PLATFORM, "exactly once on Bluesky");
    assert_eq!(m_statuses, PER_PLATFORM, "exactly once on Mastodon");
}
