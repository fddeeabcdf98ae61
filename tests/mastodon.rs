//! Mastodon against a fake instance: the whole OAuth flow with PKCE through a loopback
//! redirect, exactly-once statuses with an Idempotency-Key across dropped connections, server
//! errors and rate limits, image uploads, and validation errors shown in plain words.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fake_mastodon::FakeMastodon;
use common::*;
use tsunagu::model::{Platform, PostStatus};
use tsunagu::secrets::{MemorySecrets, SecretStore};
use tsunagu::store::Source;

fn connected() -> (
    tempfile::TempDir,
    tsunagu::Workspace,
    FakeMastodon,
    MemorySecrets,
    std::sync::Arc<tsunagu::clock::FixedClock>,
) {
    let (dir, ws, server, secrets, c) = demo_with_mastodon(10);
    let account = &tsunagu::app::accounts::accounts(&ws).unwrap()[0];
    assert_eq!(
        (account.handle.as_str(), account.platform),
        ("minato_pr", Platform::Mastodon)
    );
    let stored = secrets
        .get(&format!("account:{}", account.id))
        .unwrap()
        .unwrap();
    assert!(
        stored.contains("mastodon-token-1") && stored.contains("csecret-1"),
        "token and client secret in the keychain"
    );
    (dir, ws, server, secrets, c)
}

fn approved(ws: &mut tsunagu::Workspace, body: &str) -> tsunagu::ids::PostId {
    approved_post(
        ws,
        None,
        "マストドン",
        body,
        "2026-11-22T12:00",
        &[Platform::Mastodon],
    )
}

#[test]
fn oauth_with_pkce_then_exactly_once_across_a_dropped_connection() {
    let (_dir, mut ws, server, secrets, c) = connected();
    let post = approved(&mut ws, "工場見学会のお知らせです。");
    server.with(|s| s.drop_after_create = 1);
    let r = ws.publish_due(&secrets, "test").unwrap();
    assert_eq!(
        (r.published, r.retrying),
        (0, 1),
        "unknown outcome, not published yet"
    );
    assert_ne!(ws.post(post).unwrap().status, PostStatus::Published);
    // It waits like any trouble, marked "may have arrived" for the next attempt.
    c.set(at(2026, 11, 22, 3, 1));
    let r = ws.publish_due(&secrets, "test").unwrap();
    assert_eq!(r.published, 1);
    assert_eq!(
        server.with(|s| (s.statuses.len(), s.posts)),
        (1, 2),
        "the repeat returned the first status"
    );
    let job = tsunagu::app::outbox::post_jobs(&ws, post)
        .unwrap()
        .remove(0);
    assert_eq!(job.remote_id.as_deref(), Some("113000000000000001"));
    assert!(job.remote_url.unwrap().contains("@minato_pr"));
}

#[test]
fn server_errors_rate_limits_and_validation() {
    let (_dir, mut ws, server, secrets, c) = connected();
    let post = approved(&mut ws, "再試行のテストです。");
    server.with(|s| s.fail_500 = 1);
    assert_eq!(ws.publish_due(&secrets, "test").unwrap().retrying, 1);
    c.set(at(2026, 11, 22, 3, 1));
    server.with(|s| s.rate_limit = 1);
    assert_eq!(ws.publish_due(&secrets, "test").unwrap().retrying, 1);
    let job = tsunagu::app::outbox::post_jobs(&ws, post)
        .unwrap()
        .remove(0);
    assert_eq!(
        job.next_attempt_at.as_deref(),
        Some("2026-11-22T03:05:00Z"),
        "the ISO 8601 reset"
    );
    c.set(at(2026, 11, 22, 3, 5));
    assert_eq!(ws.publish_due(&secrets, "test").unwrap().published, 1);

    let long = approved(&mut ws, &"あ".repeat(400));
    // 400 kana fit Mastodon's 500; the fake counts characters the same way.
    assert_eq!(ws.publish_due(&secrets, "test").unwrap().published, 1);
    assert_eq!(ws.post(long).unwrap().status, PostStatus::Published);
}

#[test]
fn images_are_uploaded_with_their_alt_text() {
    let (_dir, mut ws, server, secrets, _c) = connected();
    let post = ws
        .create_post_at(
            Source::Ui,
            None,
            "写真",
            "2026-11-22T12:00",
            &[Platform::Mastodon],
        )
        .unwrap()
        .id;
    write_body(&mut ws, post, "治具の写真です。");
    let img = image::RgbImage::from_fn(40, 30, |x, y| image::Rgb([x as u8 * 6, y as u8 * 8, 100]));
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let m = tsunagu::app::media::attach_image(&mut ws, Source::Ui, None, post, "jig.png", &png)
        .unwrap();
    tsunagu::app::media::update_media(
        &mut ws,
        Source::Ui,
        None,
        m.id,
        &tsunagu::media::MediaPatch {
            alt_text: Some("治具".into()),
            ..Default::default()
        },
    )
    .unwrap();
    submit_and_approve(&mut ws, post);
    assert_eq!(ws.publish_due(&secrets, "test").unwrap().published, 1);
    let status = server.with(|s| s.statuses[0].clone());
    assert_eq!(status["media_attachments"][0], "22348641");
}

#[test]
fn a_token_made_by_hand_works_and_a_wrong_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = tsunagu::demo::build(
        dir.path(),
        clock(at(2026, 11, 22, 3, 0)),
        tsunagu::demo::DemoOptions {
            posts: 10,
            ..Default::default()
        },
    )
    .unwrap();
    let server = FakeMastodon::start();
    let secrets = MemorySecrets::default();
    let err = tsunagu::app::accounts::connect_mastodon_token(
        &mut ws,
        Source::Ui,
        &secrets,
        &server.url,
        "wrong",
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("Reconnect") || err.to_string().contains("access"),
        "{err}"
    );
    let a = tsunagu::app::accounts::connect_mastodon_token(
        &mut ws,
        Source::Ui,
        &secrets,
        &server.url,
        "mastodon-token-1",
    )
    .unwrap();
    assert_eq!(a.state, "connected");
    let err = tsunagu::app::accounts::connect_mastodon_token(
        &mut ws,
        Source::Ui,
        &secrets,
        "mastodon.social",
        "x",
    )
    .unwrap_err();
    assert!(err.to_string().contains("https://mastodon.social"), "{err}");
}

#[test]
fn a_published_post_can_be_taken_down_from_every_platform() {
    let (_dir, mut ws, server, secrets, _clock) = connected();
    let bluesky = common::fake_bluesky::FakeBluesky::start("minato.test", "takedown-pw");
    tsunagu::app::accounts::connect_bluesky(
        &mut ws,
        Source::Ui,
        &secrets,
        &bluesky.url,
        "minato.test",
        "takedown-pw",
    )
    .unwrap();
    let post = approved_post(
        &mut ws,
        None,
        "撤回される投稿",
        "工場見学の様子です",
        "2026-11-22T12:00",
        &[Platform::Bluesky, Platform::Mastodon],
    );
    // Not published yet: nothing to delete, and the message says what to do instead.
    let err = ws
        .delete_from_platforms(Source::Ui, &secrets, post)
        .unwrap_err();
    assert!(err.to_string().contains("Hold it back"), "{err}");
    assert_eq!(ws.publish_due(&secrets, "test").unwrap().published, 2);
    assert_eq!(server.with(|s| s.statuses.len()), 1);
    assert_eq!(bluesky.with(|s| s.records.len()), 1);

    let done = ws
        .delete_from_platforms(Source::Ui, &secrets, post)
        .unwrap();
    assert_eq!(done.failed, vec![]);
    assert_eq!(done.deleted.len(), 2);
    assert_eq!(server.with(|s| (s.statuses.len(), s.deleted)), (0, 1));
    assert_eq!(bluesky.with(|s| s.records.len()), 0);
    assert!(tsunagu::app::outbox::post_jobs(&ws, post)
        .unwrap()
        .iter()
        .all(|j| j.state == "deleted"));
    // Asking again finds nothing left to delete.
    assert!(ws
        .delete_from_platforms(Source::Ui, &secrets, post)
        .is_err());
}

#[test]
fn a_revoked_token_marks_the_account_for_reconnecting() {
    let (_dir, mut ws, server, secrets, _clock) = connected();
    let post = approved(&mut ws, "取り消されたトークン");
    // Someone revoked Tsunagu's access on the instance.
    server.with(|s| s.token = "a-new-token".into());
    let r = ws.publish_due(&secrets, "test").unwrap();
    assert_eq!(r.failed, 1, "{r:?}");
    assert_eq!(ws.post(post).unwrap().status, PostStatus::Failed);
    let account = tsunagu::app::accounts::accounts(&ws).unwrap().remove(0);
    assert_eq!(account.state, "needs_reconnect");
    assert!(account.last_error.unwrap().contains("Reconnect"));
}

/// Mastodon holds a status for its time (`scheduled_at`), so it goes out with the laptop
/// closed; a crisis pause or a move takes it back, and once it is out its new id is found.
#[test]
fn a_status_far_ahead_is_held_by_the_instance_and_taken_back_by_a_crisis_pause() {
    let (_dir, mut ws, server, secrets, c) = connected();
    server.with(|s| s.now = Some(at(2026, 11, 22, 3, 0)));
    // Tomorrow at noon (03:00 UTC): far enough ahead to hand over.
    let post = approved_post(
        &mut ws,
        None,
        "予約",
        "明日の工場見学会のお知らせです。",
        "2026-11-23T12:00",
        &[Platform::Mastodon],
    );
    let r = ws.publish_due(&secrets, "test").unwrap();
    assert_eq!((r.handed_over, r.published), (1, 0));
    let job =
        |ws: &tsunagu::Workspace| tsunagu::app::outbox::post_jobs(ws, post).unwrap().remove(0);
    let j = job(&ws);
    assert_eq!(j.state, tsunagu::publish::JobState::ScheduledRemote);
    assert!(j.remote_id.as_deref().unwrap().starts_with("scheduled:"));
    assert_eq!(
        server.with(|s| (s.scheduled.len(), s.statuses.len())),
        (1, 0)
    );

    // A crisis pause takes it back from the instance.
    tsunagu::app::crisis::pause(&mut ws, Source::Ui).unwrap();
    ws.publish_due(&secrets, "test").unwrap();
    assert_eq!(
        server.with(|s| (s.scheduled.len(), s.scheduled_deleted)),
        (0, 1),
        "taken back"
    );
    assert_eq!(job(&ws).state, tsunagu::publish::JobState::Pending);

    // Resumed: handed over again, under a new key (the old one names the deleted status).
    tsunagu::app::crisis::resume(&mut ws, Source::Ui, true).unwrap();
    let r = ws.publish_due(&secrets, "test").unwrap();
    assert_eq!(r.handed_over, 1);
    assert_eq!(server.with(|s| s.scheduled.len()), 1, "held again");

    // Moved by an hour: taken back and handed over for the new time.
    ws.reschedule(Source::Ui, None, post, "2026-11-23T13:00")
        .unwrap();
    ws.publish_due(&secrets, "test").unwrap();
    ws.publish_due(&secrets, "test").unwrap();
    let held = server.with(|s| s.scheduled.clone());
    assert_eq!(held.len(), 1);
    assert!(held[0].1.starts_with("2026-11-23T04:00:00"), "{held:?}");

    // Its time comes: the instance publishes it with a new id, which Tsunagu finds and reads back.
    let then = at(2026, 11, 23, 4, 0);
    c.set(then);
    assert_eq!(server.publish_scheduled(then), 1);
    let r = ws.publish_due(&secrets, "test").unwrap();
    assert_eq!((r.published, r.verified), (1, 1));
    let j = job(&ws);
    assert_eq!(j.state, tsunagu::publish::JobState::Published);
    assert!(
        j.remote_id.as_deref().unwrap().starts_with("1130"),
        "{:?}",
        j.remote_id
    );
    assert!(j.remote_url.unwrap().contains("@minato_pr"));
    assert_eq!(ws.post(post).unwrap().status, PostStatus::Published);
    assert_eq!(
        server.with(|s| s.statuses.len()),
        1,
        "one status, never two"
    );
}

/// The sidebar's next post: this PC must be on for a post Tsunagu sends, not for one the
/// instance holds.
#[test]
fn the_next_post_says_whether_this_pc_must_be_on() {
    let (_dir, mut ws, server, secrets, _c) = connected();
    server.with(|s| s.now = Some(at(2026, 11, 22, 3, 0)));
    // Nothing after now at first besides the demo's own posts: take the first one seen.
    let held = approved_post(
        &mut ws,
        None,
        "予約",
        "明日の工場見学会のお知らせです。",
        "2026-11-22T12:10",
        &[Platform::Mastodon],
    );
    let next = tsunagu::app::outbox::next_post(&ws).unwrap().unwrap();
    assert_eq!((next.post, next.needs_this_pc), (held, true));
    // Handed to the instance (more than 15 minutes ahead? 10 minutes is not): still this PC.
    ws.publish_due(&secrets, "test").unwrap();
    assert!(
        tsunagu::app::outbox::next_post(&ws)
            .unwrap()
            .unwrap()
            .needs_this_pc
    );
    // A post a day ahead is held by the instance: this PC may be off for it.
    let later = approved_post(
        &mut ws,
        None,
        "明日",
        "明日の説明会のお知らせです。",
        "2026-11-23T09:00",
        &[Platform::Mastodon],
    );
    ws.reschedule(Source::Ui, None, held, "2026-11-24T09:00")
        .unwrap();
    ws.publish_due(&secrets, "test").unwrap();
    let next = tsunagu::app::outbox::next_post(&ws).unwrap().unwrap();
    assert_eq!(next.post, later);
    assert!(!next.needs_this_pc, "the instance holds it");
}

/// From a timer with no logged-in session the keychain is out of reach: `publish-due` says so
/// once, clearly, instead of failing every due post.
#[test]
fn publish_due_says_when_the_keychain_cannot_be_reached() {
    let (dir, ws, _server, _secrets, _c) = connected();
    drop(ws);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(["--workspace", dir.path().to_str().unwrap(), "publish-due"])
        .env_remove("TSUNAGU_WORKSPACE")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/tsunagu-test-bus",
        )
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("systemd user timer"), "{err}");
    assert!(err.contains("keychain"), "{err}");
}
