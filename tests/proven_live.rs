//! Proven live: every published post is read back from its platform by its id before it is
//! 「公開を確認」, and a post the platform accepted but does not show within minutes becomes a
//! loud failure with the platform's answer (and a Retry looks for it before sending again).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fake_linkedin::{self as fli, FakeLinkedin};
use common::*;
use tsunagu::model::{Platform, PostStatus};
use tsunagu::publish::{FailureKind, JobState};
use tsunagu::store::Source;

fn job(ws: &tsunagu::Workspace, post: tsunagu::ids::PostId) -> tsunagu::publish::outbox::Job {
    tsunagu::app::outbox::post_jobs(ws, post).unwrap().remove(0)
}

#[test]
fn a_mastodon_status_is_read_back_in_the_same_pass() {
    let (_dir, mut ws, server, secrets, _c) = demo_with_mastodon(3);
    let post = approved_post(
        &mut ws,
        None,
        "確認",
        "工場見学会のお知らせです。",
        "2026-11-22T12:00",
        &[Platform::Mastodon],
    );
    let r = ws.publish_due(&secrets, "test").unwrap();
    assert_eq!((r.published, r.verified, r.not_live), (1, 1, 0));
    let j = job(&ws, post);
    assert_eq!(j.state, JobState::Published);
    assert!(j.published_at.is_some() && j.verified_at.is_some());
    assert!(!j.by_hand);
    assert_eq!(server.with(|s| s.posts), 1, "reading back sent nothing");
    // Nothing is left to read: the next pass asks the server nothing more.
    assert_eq!(ws.next_publish_at().unwrap(), None);
}

#[test]
fn a_status_the_instance_does_not_show_fails_loudly_after_five_minutes_and_retry_looks_first() {
    let (_dir, mut ws, server, secrets, c) = demo_with_mastodon(3);
    server.with(|s| s.unreadable = true);
    let post = approved_post(
        &mut ws,
        None,
        "消えた",
        "工場見学会のお知らせです。",
        "2026-11-22T12:00",
        &[Platform::Mastodon],
    );
    let r = ws.publish_due(&secrets, "test").unwrap();
    assert_eq!((r.published, r.verified, r.not_live), (1, 0, 0));
    let j = job(&ws, post);
    assert_eq!(j.state, JobState::Published);
    assert!(j.verified_at.is_none(), "published, not yet proven live");
    // The scheduler wakes to read it again soon.
    let next = ws.next_publish_at().unwrap().unwrap();
    assert!(
        next <= at(2026, 11, 22, 3, 1),
        "read again within a minute: {next}"
    );

    // Two minutes on: still too soon to call it.
    c.set(at(2026, 11, 22, 3, 2));
    let r = ws.publish_due(&secrets, "test").unwrap();
    assert_eq!((r.verified, r.not_live), (0, 0));
    assert_eq!(job(&ws, post).state, JobState::Published);

    // Six minutes on: the platform's answer is the failure.
    c.set(at(2026, 11, 22, 3, 6));
    let r = ws.publish_due(&secrets, "test").unwrap();
    assert_eq!(r.not_live, 1);
    let j = job(&ws, post);
    assert_eq!(j.state, JobState::Failed);
    assert_eq!(j.last_error_kind, Some(FailureKind::NotLive));
    assert!(
        j.last_error.as_deref().unwrap().contains("no such post"),
        "{:?}",
        j.last_error
    );
    assert_eq!(ws.post(post).unwrap().status, PostStatus::Failed);

    // The moderator lets it through; Retry finds the same status (same Idempotency-Key),
    // sends no second copy, and this time reads it back.
    server.with(|s| s.unreadable = false);
    tsunagu::app::outbox::retry_job(&mut ws, Source::Ui, j.id).unwrap();
    let r = ws.publish_due(&secrets, "test").unwrap();
    assert_eq!((r.published, r.verified), (1, 1));
    assert_eq!(server.with(|s| s.statuses.len()), 1, "still one status");
    assert_eq!(ws.post(post).unwrap().status, PostStatus::Published);
}

#[test]
fn a_bluesky_post_is_read_from_the_account_server() {
    let c = clock(at(2026, 11, 22, 3, 0));
    let (_dir, mut ws) = demo_ws(c);
    let (server, secrets) = connect_fake_bluesky(&mut ws, "app-pass-1234");
    let post = approved_post(
        &mut ws,
        None,
        "青空",
        "工場見学会のお知らせです。",
        "2026-11-22T12:00",
        &[Platform::Bluesky],
    );
    let r = ws.publish_due(&secrets, "test").unwrap();
    assert_eq!((r.published, r.verified), (1, 1));
    assert!(job(&ws, post).verified_at.is_some());
    drop(server);
}

#[test]
fn a_linkedin_post_is_read_back_by_its_urn_and_one_that_vanished_fails() {
    let li = FakeLinkedin::start();
    let c = clock(at(2026, 11, 22, 3, 0));
    let (_dir, mut ws) = demo_ws(c.clone());
    let secrets = tsunagu::secrets::MemorySecrets::default();
    ws.connect_with_token(
        Source::Ui,
        &secrets,
        &token_connect(Platform::Linkedin, &li.url, fli::TOKEN, Some(fli::ORG)),
    )
    .unwrap();
    let first = approved_post(
        &mut ws,
        None,
        "一つ目",
        "工場見学会のお知らせです。",
        "2026-11-22T12:00",
        &[Platform::Linkedin],
    );
    let r = ws.publish_due(&secrets, "test").unwrap();
    assert_eq!((r.published, r.verified), (1, 1));
    assert!(job(&ws, first).verified_at.is_some());

    li.with(|s| s.unreadable = true);
    let second = approved_post(
        &mut ws,
        None,
        "二つ目",
        "秋の工場見学会、今年も開催します。",
        "2026-11-22T12:00",
        &[Platform::Linkedin],
    );
    let r = ws.publish_due(&secrets, "test").unwrap();
    assert_eq!((r.published, r.verified), (1, 0));
    c.set(at(2026, 11, 22, 3, 10));
    let r = ws.publish_due(&secrets, "test").unwrap();
    assert_eq!(r.not_live, 1);
    let j = job(&ws, second);
    assert_eq!(j.last_error_kind, Some(FailureKind::NotLive));
    assert!(
        job(&ws, first).verified_at.is_some(),
        "the first stays proven"
    );
}

#[test]
fn the_calendar_the_report_and_post_show_tell_verified_from_unverified() {
    let (dir, mut ws, server, secrets, _c) = demo_with_mastodon(3);
    let seen = approved_post(
        &mut ws,
        None,
        "読めた投稿",
        "工場見学会のお知らせです。",
        "2026-11-22T12:00",
        &[Platform::Mastodon],
    );
    ws.publish_due(&secrets, "test").unwrap();
    server.with(|s| s.unreadable = true);
    let unseen = approved_post(
        &mut ws,
        None,
        "読めない投稿",
        "秋の工場見学会、今年も開催します。",
        "2026-11-22T12:00",
        &[Platform::Mastodon],
    );
    ws.publish_due(&secrets, "test").unwrap();
    assert!(job(&ws, seen).verified_at.is_some() && job(&ws, unseen).verified_at.is_none());

    // The calendar.
    let month = tsunagu::calendar::YearMonth::parse("2026-11").unwrap();
    let view = tsunagu::app::calendar::month_view(&ws, month).unwrap();
    let proof = |id| view.posts.iter().find(|p| p.id == id).unwrap().proof;
    assert_eq!(proof(seen), Some(tsunagu::publish::Proof::Verified));
    assert_eq!(proof(unseen), Some(tsunagu::publish::Proof::Unverified));

    // The monthly report marks the one that was not read back, in both languages.
    for (lang, mark) in [
        (
            tsunagu::kpi::report::ReportLanguage::Ja,
            "読めない投稿（公開未確認）",
        ),
        (
            tsunagu::kpi::report::ReportLanguage::En,
            "読めない投稿 (not verified live)",
        ),
    ] {
        let r = tsunagu::app::kpi::monthly_report(&ws, month, lang).unwrap();
        let html = tsunagu::kpi::report::render_html(&r);
        assert!(html.contains(mark), "{mark}");
        assert!(!html.contains("読めた投稿（") && !html.contains("読めた投稿 ("));
    }

    // `tsunagu post show --json`.
    drop(ws);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args([
            "--workspace",
            dir.path().to_str().unwrap(),
            "post",
            "show",
            &unseen.to_string(),
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["proof"], "unverified");
    assert!(v["jobs"][0]["published_at"].is_string());
    assert!(v["jobs"][0]["verified_at"].is_null());
}
