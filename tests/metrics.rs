//! Metrics read back from Bluesky (the AppView behind the PDS, faked) and Mastodon: a time
//! series per post and platform, hourly for two days, daily to thirty, then never; counters a
//! platform does not have stay empty rather than zero; deleted posts and rate-limited accounts
//! are skipped.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fake_bluesky::FakeBluesky;
use common::fake_mastodon::FakeMastodon;
use common::*;
use tsunagu::model::Platform;
use tsunagu::secrets::MemorySecrets;
use tsunagu::store::Source;

#[test]
fn numbers_are_read_on_a_schedule_and_kept_as_a_series() {
    let clock = clock(at(2026, 11, 22, 3, 0));
    let (_dir, mut ws) = demo_ws(clock.clone());
    let secrets = MemorySecrets::default();
    let bluesky = FakeBluesky::start("minato.test", "metrics-pw");
    let mastodon = FakeMastodon::start();
    tsunagu::app::accounts::connect_bluesky(
        &mut ws,
        Source::Ui,
        &secrets,
        &bluesky.url,
        "minato.test",
        "metrics-pw",
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
    let post = approved_post(
        &mut ws,
        None,
        "見学会",
        "工場見学会を開きます",
        "2026-11-22T12:00",
        &[Platform::Bluesky, Platform::Mastodon],
    );
    // Nothing published yet: nothing to read.
    assert_eq!(ws.refresh_metrics(&secrets).unwrap().read, 0);
    assert_eq!(ws.publish_due(&secrets, "test").unwrap().published, 2);

    bluesky.with(|s| s.likes = 12);
    mastodon.with(|s| s.favourites = 7);
    let r = ws.refresh_metrics(&secrets).unwrap();
    assert_eq!((r.read, r.failed.len()), (2, 0), "{r:?}");
    let m = tsunagu::app::outbox::post_metrics(&ws, post).unwrap();
    let on = |p: Platform| m.iter().find(|x| x.platform == p).unwrap().counts.clone();
    let b = on(Platform::Bluesky);
    assert_eq!(
        (b.likes, b.reposts, b.replies),
        (Some(12), Some(6), Some(4))
    );
    assert_eq!(b.impressions, None, "Bluesky counts no impressions");
    let t = on(Platform::Mastodon);
    assert_eq!((t.likes, t.reposts, t.replies), (Some(7), Some(3), Some(2)));
    assert_eq!(
        t.quotes, None,
        "no quotes before Mastodon 4.5: unknown, not zero"
    );

    // Read again within the hour: not due.
    clock.set(at(2026, 11, 22, 3, 30));
    assert_eq!(ws.refresh_metrics(&secrets).unwrap().read, 0);
    // An hour later: read, and the latest numbers win.
    bluesky.with(|s| s.likes = 30);
    clock.set(at(2026, 11, 22, 4, 1));
    assert_eq!(ws.refresh_metrics(&secrets).unwrap().read, 2);
    let latest = tsunagu::app::outbox::post_metrics(&ws, post).unwrap();
    assert_eq!(
        latest
            .iter()
            .find(|x| x.platform == Platform::Bluesky)
            .unwrap()
            .counts
            .likes,
        Some(30)
    );
    // Three days on, daily: one read, then not again the same day.
    clock.set(at(2026, 11, 25, 4, 0));
    assert_eq!(ws.refresh_metrics(&secrets).unwrap().read, 2);
    clock.set(at(2026, 11, 25, 12, 0));
    assert_eq!(ws.refresh_metrics(&secrets).unwrap().read, 0);
    // After thirty days, never.
    clock.set(at(2026, 12, 23, 4, 0));
    assert_eq!(ws.refresh_metrics(&secrets).unwrap().read, 0);
    // The series is kept: 2 platforms × 3 reads.
    let series = ws
        .changes_since(0, usize::MAX)
        .unwrap()
        .into_iter()
        .filter(|c| c.entity == "metrics")
        .count();
    assert_eq!(series, 6);
    // The chart reads the whole series back, oldest first: Bluesky's likes as they were read.
    let history = tsunagu::app::outbox::metrics_history(&ws, post).unwrap();
    assert_eq!(history.len(), 6);
    assert!(history
        .windows(2)
        .all(|w| w[0].captured_at <= w[1].captured_at));
    let likes: Vec<Option<i64>> = history
        .iter()
        .filter(|m| m.platform == Platform::Bluesky)
        .map(|m| m.counts.likes)
        .collect();
    assert_eq!(likes, [Some(12), Some(30), Some(30)]);
}

#[test]
fn deleted_posts_and_waiting_accounts_are_skipped() {
    let clock = clock(at(2026, 11, 22, 3, 0));
    let (_dir, mut ws) = demo_ws(clock.clone());
    let secrets = MemorySecrets::default();
    let mastodon = FakeMastodon::start();
    tsunagu::app::accounts::connect_mastodon_token(
        &mut ws,
        Source::Ui,
        &secrets,
        &mastodon.url,
        "mastodon-token-1",
    )
    .unwrap();
    let post = approved_post(
        &mut ws,
        None,
        "消える投稿",
        "あとで消されます",
        "2026-11-22T12:00",
        &[Platform::Mastodon],
    );
    assert_eq!(ws.publish_due(&secrets, "test").unwrap().published, 1);
    // Deleted on the instance by someone: skipped without an error.
    mastodon.with(|s| s.statuses.clear());
    let r = ws.refresh_metrics(&secrets).unwrap();
    assert_eq!((r.read, r.failed.len()), (0, 0), "{r:?}");
    assert!(tsunagu::app::outbox::post_metrics(&ws, post)
        .unwrap()
        .is_empty());

    // An account out of requests waits for its reset instead of spending a 429.
    let other = approved_post(
        &mut ws,
        None,
        "上限",
        "上限のテスト",
        "2026-11-22T12:00",
        &[Platform::Mastodon],
    );
    mastodon.with(|s| {
        s.rate_limit = 1;
        s.rate_limit_reset = "2026-11-22T03:20:00.000000Z".into();
    });
    assert_eq!(ws.publish_due(&secrets, "test").unwrap().retrying, 1);
    mastodon.with(|s| s.rate_limit = 0);
    let r = ws.refresh_metrics(&secrets).unwrap();
    assert_eq!(
        (r.waiting, r.read),
        (1, 0),
        "the published post's account waits for its reset"
    );
    clock.set(at(2026, 11, 22, 3, 20));
    assert_eq!(ws.publish_due(&secrets, "test").unwrap().published, 1);
    let r = ws.refresh_metrics(&secrets).unwrap();
    assert_eq!(r.read, 1, "{r:?}");
    assert_eq!(
        tsunagu::app::outbox::post_metrics(&ws, other)
            .unwrap()
            .len(),
        1
    );
}
