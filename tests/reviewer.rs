//! A reviewer (a manager) on their own laptop through team sync: they approve and send back
//! posts waiting for review, never their own, and cannot change the plan or anyone's post;
//! their approval reaches the lead, whose device makes the publish jobs, and counts at the
//! exit check.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::team::*;
use common::*;
use tsunagu::model::{Platform, PostStatus};
use tsunagu::store::Source;
use tsunagu::sync::team::Role;

#[test]
fn a_manager_approves_from_their_own_laptop_and_nothing_more() {
    let mut t = team();
    let (_a, mut amb) = t.ambassador("佐藤 美咲");
    // The invite follows the roster: 藤田 is a reviewer there.
    let fujita = person(&t.lead, "藤田 和也");
    assert_eq!(t.lead.team_role_for(fujita).unwrap(), Role::Reviewer);
    let (r, mut rev) = t.member("藤田 和也", Role::Reviewer);

    let post = submitted_draft(
        &mut amb,
        "倉庫の朝礼",
        "2026-11-22T12:05",
        Platform::Bluesky,
        "毎朝8時、倉庫では全員で朝礼をしています。",
    );
    amb.sync_now(&t.secrets).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    rev.sync_now(&t.secrets).unwrap();
    assert_eq!(rev.post(post).unwrap().status, PostStatus::InReview);

    // On the reviewer's laptop: another person's post cannot be edited, only decided on.
    let d = rev.post(post).unwrap();
    let err = rev
        .save_draft(
            Source::Ui,
            None,
            post,
            &tsunagu::posts::DraftInput {
                title: d.title,
                body: "書き換え".into(),
                variants: d.variants,
                theme_id: d.theme_id,
                accounts: None,
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("not change it"), "{err}");
    let ticks_now = all_ticks(&rev);
    tsunagu::app::review::approve_as_device(
        &mut rev,
        &t.secrets,
        post,
        &ticks_now,
        "現場の様子が伝わります",
    )
    .unwrap();
    assert_eq!(rev.post(post).unwrap().status, PostStatus::Scheduled);
    assert!(
        tsunagu::app::outbox::post_jobs(&rev, post)
            .unwrap()
            .is_empty(),
        "a reviewer's laptop never publishes"
    );
    rev.sync_now(&t.secrets).unwrap();
    let report = t.lead.sync_now(&t.secrets).unwrap();
    assert_eq!(
        report.quarantined,
        0,
        "{:?}",
        t.lead.sync_quarantine().unwrap()
    );
    assert_eq!(t.lead.post(post).unwrap().status, PostStatus::Scheduled);
    assert_eq!(
        tsunagu::app::outbox::post_jobs(&t.lead, post)
            .unwrap()
            .len(),
        1,
        "the lead's device makes the job"
    );
    let log = tsunagu::app::review::audit_log(&t.lead, Some(post)).unwrap();
    assert_eq!(log[0].actor_name.as_deref(), Some("藤田 和也"));
    // At its time, the approval counts at the exit check (nothing held back; no account is
    // connected in this team, so the job waits for one).
    t.clock.set(at(2026, 11, 22, 3, 5));
    let r1 = t.lead.publish_due(&t.secrets, "test").unwrap();
    assert_eq!(r1.held_back, 0, "{r1:?}");

    // A tampered reviewer laptop: the plan, another person's text, and its own post approved.
    let mine = submitted_draft(
        &mut rev,
        "部長のひとこと",
        "2026-11-30T12:00",
        Platform::X,
        "今月もありがとうございました。",
    );
    let ticks_now = all_ticks(&rev);
    let err = tsunagu::app::review::approve(&mut rev, mine, &ticks_now, "").unwrap_err();
    assert!(err.to_string().contains("another reviewer"), "{err}");
    let me = fujita.as_string();
    forge(
        r.path(),
        "posts",
        &post.as_string(),
        "update",
        serde_json::json!({ "body": "部長が書き換えた" }),
    );
    forge(
        r.path(),
        "review_log",
        "0190a0b0-0000-7000-8000-0000000000c1",
        "insert",
        serde_json::json!({ "post_id": mine.as_string(), "action": "approved", "actor_id": me,
            "content_hash": "0".repeat(64), "at": "2026-11-22T03:00:00Z", "self_approved": 0 }),
    );
    let workspace_id: String = rusqlite::Connection::open(t.lead.dir().join("tsunagu.db"))
        .unwrap()
        .query_row("SELECT id FROM workspace", [], |r| r.get(0))
        .unwrap();
    forge(
        r.path(),
        "workspace",
        &workspace_id,
        "update",
        serde_json::json!({ "second_reviewer": 0 }),
    );
    rev.sync_now(&t.secrets).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    let why: Vec<String> = t
        .lead
        .sync_quarantine()
        .unwrap()
        .into_iter()
        .map(|q| q.reason)
        .collect();
    for expected in [
        "can only decide on a post waiting for review",
        // Its own post "approved" without the device's signature is refused before anything.
        "not signed by the device that sent it",
        "only the team lead",
    ] {
        assert!(
            why.iter().any(|w| w.contains(expected)),
            "{expected}: {why:?}"
        );
    }
    assert_eq!(
        t.lead.post(post).unwrap().body,
        "毎朝8時、倉庫では全員で朝礼をしています。"
    );
    assert_eq!(t.lead.post(mine).unwrap().status, PostStatus::InReview);
}

#[test]
fn in_a_team_only_approvals_signed_by_a_roster_key_count_at_the_exit() {
    let mut t = team();
    let (_a, mut amb) = t.ambassador("佐藤 美咲");
    let draft = |amb: &mut tsunagu::Workspace, title: &str| {
        let p = amb
            .create_post_at(
                Source::Ui,
                None,
                title,
                "2026-11-22T12:05",
                &[Platform::Bluesky],
            )
            .unwrap()
            .id;
        write_body(amb, p, &format!("{title}の本文です。"));
        tsunagu::app::review::submit_for_review(amb, p).unwrap();
        p
    };
    let signed = draft(&mut amb, "署名あり");
    let forged = draft(&mut amb, "手で書いた承認");
    amb.sync_now(&t.secrets).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    // The lead approves one through the app (signed with her device's key) ...
    let ticks_now = all_ticks(&t.lead);
    tsunagu::app::review::approve_as_device(&mut t.lead, &t.secrets, signed, &ticks_now, "")
        .unwrap();
    // ... and the other is "approved" by hand in the database file: an approval row naming
    // another reviewer on another device.
    let ticks_now = all_ticks(&t.lead);
    tsunagu::app::review::approve(&mut t.lead, forged, &ticks_now, "").unwrap();
    let db = rusqlite::Connection::open(t.lead.dir().join("tsunagu.db")).unwrap();
    let fujita = person(&t.lead, "藤田 和也").as_string();
    db.execute(
        "UPDATE review_log SET actor_id = ?1, device_id = 'fujita-laptop' WHERE post_id = ?2 AND action = 'approved'",
        [fujita.as_str(), forged.as_string().as_str()],
    )
    .unwrap();
    drop(db);
    t.clock.set(at(2026, 11, 22, 3, 5));
    let r = t.lead.publish_due(&t.secrets, "test").unwrap();
    assert_eq!(r.held_back, 1, "{r:?}");
    assert_eq!(t.lead.post(forged).unwrap().status, PostStatus::InReview);
    let log = tsunagu::app::review::audit_log(&t.lead, Some(forged)).unwrap();
    assert!(log[0].comment.contains("not_approved"), "{log:?}");
    assert_ne!(
        t.lead.post(signed).unwrap().status,
        PostStatus::InReview,
        "the signed one went on"
    );
}

#[test]
fn an_approval_that_arrives_unsigned_or_signed_by_another_key_is_refused() {
    let mut t = team();
    let (_a, mut amb) = t.ambassador("佐藤 美咲");
    let (r, mut rev) = t.member("藤田 和也", Role::Reviewer);
    let post = submitted_draft(
        &mut amb,
        "偽の承認",
        "2026-11-30T12:00",
        Platform::X,
        "承認を待っている投稿です。",
    );
    amb.sync_now(&t.secrets).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    rev.sync_now(&t.secrets).unwrap();
    let fujita = person(&t.lead, "藤田 和也").as_string();
    let db = rusqlite::Connection::open(t.lead.dir().join("tsunagu.db")).unwrap();
    let full: String = db
        .query_row(
            "SELECT content_hash FROM review_log WHERE post_id = ?1 AND action = 'submitted'",
            [post.as_string()],
            |r| r.get(0),
        )
        .unwrap();
    drop(db);
    // The tampered laptop writes approvals itself: one unsigned, one signed by a made-up key.
    for (id, signature) in [
        (
            "0190a0b0-0000-7000-8000-0000000000d1",
            serde_json::Value::Null,
        ),
        (
            "0190a0b0-0000-7000-8000-0000000000d2",
            serde_json::json!(format!("{}:{}", "ab".repeat(32), "cd".repeat(64))),
        ),
    ] {
        forge(
            r.path(),
            "review_log",
            id,
            "insert",
            serde_json::json!({ "post_id": post.as_string(), "action": "approved", "actor_id": fujita,
                "content_hash": full, "at": "2026-11-22T03:00:00Z", "signature": signature }),
        );
    }
    rev.sync_now(&t.secrets).unwrap();
    let report = t.lead.sync_now(&t.secrets).unwrap();
    assert_eq!(report.quarantined, 2, "{report:?}");
    let why: Vec<String> = t
        .lead
        .sync_quarantine()
        .unwrap()
        .into_iter()
        .map(|q| q.reason)
        .collect();
    assert!(
        why.iter()
            .all(|w| w.contains("not signed by the device that sent it")),
        "{why:?}"
    );
    assert_eq!(t.lead.post(post).unwrap().status, PostStatus::InReview);
    assert!(tsunagu::app::review::audit_log(&t.lead, Some(post))
        .unwrap()
        .iter()
        .all(|e| e.action != tsunagu::review::ReviewAction::Approved));
}
