//! LINE公式アカウント broadcasts against a faithful fake of the Messaging API: connecting with a
//! channel access token, the quota read before sending (a broadcast that would not fit is not
//! sent), exactly once across a dropped answer (the retry key's 409 names the accepted
//! request), images through the media host, and delivery numbers read back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fake_line::{FakeLine, TOKEN};
use common::fake_s3::FakeS3;
use common::*;
use tsunagu::model::{Platform, PostStatus};
use tsunagu::publish::{FailureKind, JobState};
use tsunagu::secrets::{MemorySecrets, SecretStore};
use tsunagu::store::Source;

struct World {
    _dir: tempfile::TempDir,
    ws: tsunagu::Workspace,
    clock: std::sync::Arc<tsunagu::clock::FixedClock>,
    secrets: MemorySecrets,
    line: FakeLine,
    account: tsunagu::publish::accounts::Account,
}

fn world(quota: Option<i64>, reach: i64) -> World {
    let clock = clock(at(2026, 11, 22, 3, 0));
    let (dir, mut ws) = demo_ws(clock.clone());
    let line = FakeLine::start(quota, reach);
    let secrets = MemorySecrets::default();
    let account =
        tsunagu::app::handoff::connect_line(&mut ws, Source::Ui, &secrets, &line.url, TOKEN)
            .unwrap();
    World {
        _dir: dir,
        ws,
        clock,
        secrets,
        line,
        account,
    }
}

fn broadcast(w: &mut World, title: &str, body: &str) -> tsunagu::ids::PostId {
    approved_post(
        &mut w.ws,
        None,
        title,
        body,
        "2026-11-22T12:00",
        &[Platform::Line],
    )
}

fn job(w: &World, p: tsunagu::ids::PostId) -> tsunagu::publish::outbox::Job {
    tsunagu::app::outbox::post_jobs(&w.ws, p).unwrap().remove(0)
}

#[test]
fn connecting_keeps_the_token_in_the_keychain_and_a_wrong_one_is_refused() {
    let w = world(Some(1000), 120);
    assert_eq!(w.account.platform, Platform::Line);
    assert_eq!(w.account.handle, "@123minato");
    assert_eq!(w.account.display_name, "ミナト精工");
    let stored = w
        .secrets
        .get(&format!("account:{}", w.account.id))
        .unwrap()
        .unwrap();
    assert!(stored.contains(TOKEN));
    let db = std::fs::read(w.ws.dir().join("tsunagu.db")).unwrap();
    assert!(
        !String::from_utf8_lossy(&db).contains(TOKEN),
        "never in SQLite"
    );

    let mut w2 = world(Some(1000), 120);
    let err = tsunagu::app::handoff::connect_line(
        &mut w2.ws,
        Source::Ui,
        &w2.secrets,
        &w.line.url,
        "not-the-token",
    )
    .unwrap_err();
    assert!(err.to_string().contains("channel access token"), "{err}");
    let empty = tsunagu::app::handoff::connect_line(&mut w2.ws, Source::Ui, &w2.secrets, "", "  ")
        .unwrap_err();
    assert!(
        empty.to_string().contains("LINE Developers console"),
        "{empty}"
    );
}

#[test]
fn a_broadcast_goes_out_once_across_a_dropped_answer_and_its_numbers_come_back() {
    let mut w = world(Some(1000), 120);
    let p = broadcast(
        &mut w,
        "配信",
        "今週末は工場見学会です。ぜひお越しください。",
    );
    // The quota is shown before it is sent.
    let q = tsunagu::app::handoff::line_quota(&w.ws, &w.secrets, p)
        .unwrap()
        .unwrap();
    assert_eq!(
        (q.limit, q.used, q.reach, q.left, q.fits),
        (Some(1000), 0, Some(120), Some(1000), true)
    );

    // LINE accepts it and the answer is lost: the same retry key settles it.
    w.line.with(|s| s.drop_after_accept = 1);
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!((r.published, r.retrying), (0, 1));
    w.clock.set(at(2026, 11, 22, 3, 1));
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(r.published, 1, "{:?}", job(&w, p).last_error);
    let (broadcasts, requests) = w.line.with(|s| (s.broadcasts.clone(), s.requests));
    assert_eq!(
        (broadcasts.len(), requests),
        (1, 2),
        "one broadcast, two requests"
    );
    let j = job(&w, p);
    assert_eq!(j.state, JobState::Published);
    assert_eq!(j.remote_id.as_deref(), Some(broadcasts[0].0.as_str()));
    assert!(
        j.verified_at.is_some(),
        "LINE's request id is the broadcast's proof"
    );
    assert_eq!(
        broadcasts[0].1[0]["text"],
        "今週末は工場見学会です。ぜひお越しください。"
    );
    assert_eq!(w.ws.post(p).unwrap().status, PostStatus::Published);

    // Delivery numbers, once LINE has them.
    w.line.with(|s| s.stats_ready = true);
    w.clock.set(at(2026, 11, 23, 3, 0));
    w.ws.refresh_metrics(&w.secrets).unwrap();
    let m = tsunagu::app::outbox::post_metrics(&w.ws, p).unwrap();
    assert_eq!(m[0].counts.impressions, Some(60), "{m:?}");
}

#[test]
fn a_broadcast_past_the_month_s_quota_is_not_sent_and_says_so() {
    let mut w = world(Some(200), 120);
    w.line.with(|s| s.used = 150);
    let p = broadcast(&mut w, "多すぎる", "年末年始の営業のお知らせです。");
    let q = tsunagu::app::handoff::line_quota(&w.ws, &w.secrets, p)
        .unwrap()
        .unwrap();
    assert!(!q.fits);
    assert_eq!(q.left, Some(50));
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(r.failed, 1);
    let j = job(&w, p);
    assert_eq!(j.last_error_kind, Some(FailureKind::Quota));
    assert!(
        j.last_error
            .as_deref()
            .unwrap()
            .contains("reach 120 friends"),
        "{:?}",
        j.last_error
    );
    assert_eq!(w.line.with(|s| s.requests), 0, "nothing was sent");
}

#[test]
fn images_go_through_the_media_host_and_line_fetches_them() {
    let mut w = world(None, 40);
    let s3 = FakeS3::start();
    use_fake_media_host(&mut w.ws, &w.secrets, &s3.url);
    let p =
        w.ws.create_post_at(
            Source::Ui,
            None,
            "写真つき",
            "2026-11-22T12:00",
            &[Platform::Line],
        )
        .unwrap()
        .id;
    write_body(&mut w.ws, p, "現場の一枚です。");
    attach_with_alt(&mut w.ws, p, &png(1600, 1200), "溶接の火花");
    submit_and_approve(&mut w.ws, p);
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(r.published, 1, "{:?}", job(&w, p).last_error);
    let (messages, fetched) = w
        .line
        .with(|s| (s.broadcasts[0].1.clone(), s.fetched.clone()));
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[1]["type"], "image");
    assert!(
        fetched[0] > 0 && fetched[0] <= 1_000_000,
        "a preview-sized image: {fetched:?}"
    );
}

#[test]
fn a_broadcast_cannot_be_taken_back_and_the_post_stays() {
    let mut w = world(None, 10);
    let p = broadcast(&mut w, "取り消せない", "お知らせです。");
    w.ws.publish_due(&w.secrets, "test").unwrap();
    let err = tsunagu::app::deleting::delete_post(
        &mut w.ws,
        Source::Ui,
        None,
        &w.secrets,
        p,
        Some(tsunagu::posts::delete::DeletionKind::TakeDown),
    )
    .unwrap_err();
    // Tsunagu keeps a post a platform refused to take down, and says why.
    assert!(err.to_string().contains("cannot be taken back"), "{err}");
    assert_eq!(w.ws.post(p).unwrap().status, PostStatus::Published);
}
