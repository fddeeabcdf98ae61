//! A hostile ambassador: an ambassador's laptop whose database and change log are edited
//! directly (as a malicious or careless user could) before it syncs. The lead's posts, review
//! history and photos stay unchanged, nothing on the lead's disk is read, no round panics, and
//! the quarantine lists each refusal with its reason.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::team::*;
use common::*;
use tsunagu::model::{Platform, PostStatus};
use tsunagu::store::Source;
use tsunagu::Workspace;

/// A post of the lead's, written, submitted by an ambassador and approved by the lead, with a
/// photo: scheduled.
fn leads_scheduled_post(t: &mut Team) -> tsunagu::ids::PostId {
    let post = t
        .lead
        .create_post_at(
            tsunagu::store::Source::Ui,
            None,
            "リーダーの予約投稿",
            "2026-11-30T12:00",
            &[Platform::Bluesky],
        )
        .unwrap()
        .id;
    write_body(&mut t.lead, post, "承認された文章です。");
    attach_with_alt(&mut t.lead, post, &png(40, 40), "工場の外観");
    submit_and_approve(&mut t.lead, post);
    assert_eq!(t.lead.post(post).unwrap().status, PostStatus::Scheduled);
    post
}

fn reasons(ws: &Workspace) -> Vec<String> {
    ws.sync_quarantine()
        .unwrap()
        .into_iter()
        .map(|q| q.reason)
        .collect()
}

#[test]
fn a_tampered_laptop_cannot_touch_the_leads_posts_history_or_photos() {
    let mut t = team();
    let post = leads_scheduled_post(&mut t);
    let (d, mut amb) = t.ambassador("佐藤 美咲");
    t.lead.sync_now(&t.secrets).unwrap();
    amb.sync_now(&t.secrets).unwrap();
    let me = person(&t.lead, "佐藤 美咲").as_string();
    let before = guarded(&t.lead, post);
    let approval = tsunagu::app::review::audit_log(&t.lead, Some(post)).unwrap()[0]
        .id
        .as_string();
    let media = tsunagu::app::media::post_media(&t.lead, post).unwrap()[0]
        .id
        .as_string();

    // 1. An "insert" of the lead's post under the ambassador's own name: a new row of their
    //    own, it claims, but here it would rewrite the lead's scheduled post.
    forge(
        d.path(),
        "posts",
        &post.as_string(),
        "insert",
        serde_json::json!({ "title": "乗っ取り", "body": "書き換えた文章", "status": "draft",
            "author_id": me, "platforms": "bluesky",
            "created_at": "2026-11-22T03:00:00Z", "updated_at": "2026-11-22T03:00:00Z" }),
    );
    // 2. The lead's approval "inserted" again as the ambassador's submission.
    forge(
        d.path(),
        "review_log",
        &approval,
        "insert",
        serde_json::json!({ "post_id": post.as_string(), "action": "submitted", "actor_id": me,
            "content_hash": "0".repeat(64), "at": "2026-11-22T03:00:00Z" }),
    );
    // 3. The photo of the approved post swapped for another file.
    forge(
        d.path(),
        "media",
        &media,
        "update",
        serde_json::json!({ "sha256": "a".repeat(64) }),
    );
    // 4. A photo whose hash is a path into the lead's disk, and one too short to be a hash
    //    (which made every device panic on `&sha[..2]`).
    forge(
        d.path(),
        "media",
        "0190a0b0-0000-7000-8000-0000000000f1",
        "insert",
        serde_json::json!({ "sha256": "../../../../etc/passwd", "mime": "image/jpeg",
            "file_name": "x.jpg", "bytes": 10, "alt_text": "", "faces_visible": 0,
            "created_at": "2026-11-22T03:00:00Z" }),
    );
    forge(
        d.path(),
        "media",
        "0190a0b0-0000-7000-8000-0000000000f2",
        "insert",
        serde_json::json!({ "sha256": "é", "mime": "image/jpeg", "file_name": "y.jpg",
            "bytes": 10, "alt_text": "", "faces_visible": 0,
            "created_at": "2026-11-22T03:00:00Z" }),
    );
    amb.sync_now(&t.secrets).unwrap();
    let r = t.lead.sync_now(&t.secrets).unwrap();
    assert!(r.quarantined >= 5, "{r:?}");
    assert_eq!(
        guarded(&t.lead, post),
        before,
        "the lead's post is as approved"
    );
    let why = reasons(&t.lead);
    for expected in [
        "not this ambassador's own draft",
        "never rewritten",
        "cannot be replaced by another file",
        "is not a SHA-256",
    ] {
        assert!(
            why.iter().any(|w| w.contains(expected)),
            "{expected}: {why:?}"
        );
    }
    // Nothing of the forged photos was stored, so no path was ever made from them.
    assert_eq!(bad_media_rows(&t.lead), 0);
    // The next rounds go on as usual, on both sides.
    t.lead.sync_now(&t.secrets).unwrap();
    amb.sync_now(&t.secrets).unwrap();
}

#[test]
fn an_ambassador_cannot_give_their_draft_to_someone_else_or_take_anothers_material() {
    let mut t = team();
    let (d, mut amb) = t.ambassador("佐藤 美咲");
    let other = person(&t.lead, "山田 健一").as_string();
    // A draft "inserted" under another person's name.
    forge(
        d.path(),
        "posts",
        "0190a0b0-0000-7000-8000-0000000000e1",
        "insert",
        serde_json::json!({ "title": "なりすまし", "body": "山田さんの名前で", "status": "draft",
            "author_id": other, "platforms": "x",
            "created_at": "2026-11-22T03:00:00Z", "updated_at": "2026-11-22T03:00:00Z" }),
    );
    amb.sync_now(&t.secrets).unwrap();
    let r = t.lead.sync_now(&t.secrets).unwrap();
    assert!(r.quarantined >= 1, "{r:?}");
    assert!(t
        .lead
        .post(tsunagu::ids::PostId::parse("0190a0b0-0000-7000-8000-0000000000e1").unwrap())
        .is_err());
    assert!(reasons(&t.lead)
        .iter()
        .any(|w| w.contains("under their own name")));
}

#[test]
fn an_edit_arriving_by_sync_after_the_approval_is_never_published() {
    let mut t = team();
    let (d, mut amb) = t.ambassador("佐藤 美咲");
    // The ambassador's own post, approved by the lead and scheduled.
    let post = submitted_draft(
        &mut amb,
        "倉庫の朝礼",
        "2026-11-22T12:05",
        Platform::Bluesky,
        "毎朝8時に朝礼をしています。",
    );
    amb.sync_now(&t.secrets).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    let ticks_now = all_ticks(&t.lead);
    tsunagu::app::review::approve(&mut t.lead, post, &ticks_now, "").unwrap();
    assert_eq!(t.lead.post(post).unwrap().status, PostStatus::Scheduled);
    t.lead.sync_now(&t.secrets).unwrap();
    amb.sync_now(&t.secrets).unwrap();
    // Offline, the ambassador's laptop rewrites the text without voiding anything (its own
    // post, so the team accepts the edit itself).
    forge(
        d.path(),
        "posts",
        &post.as_string(),
        "update",
        serde_json::json!({ "body": "承認されていない文章です。" }),
    );
    amb.sync_now(&t.secrets).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    assert_eq!(
        t.lead.post(post).unwrap().body,
        "承認されていない文章です。"
    );
    // Due: the publisher holds it back and sends it to review again.
    t.clock.set(at(2026, 11, 22, 3, 5));
    let r = t.lead.publish_due(&t.secrets, "test").unwrap();
    assert_eq!((r.published, r.held_back), (0, 1), "{r:?}");
    assert_eq!(t.lead.post(post).unwrap().status, PostStatus::InReview);
    let log = tsunagu::app::review::audit_log(&t.lead, Some(post)).unwrap();
    assert!(log[0].comment.contains("changed_after_approval"), "{log:?}");
}

#[test]
fn a_conflict_resolved_on_a_scheduled_post_is_not_sent_unreviewed() {
    let mut t = team();
    let (_d, mut amb) = t.ambassador("佐藤 美咲");
    let post = submitted_draft(
        &mut amb,
        "工場見学",
        "2026-11-22T12:05",
        Platform::Bluesky,
        "最初の文章。",
    );
    amb.sync_now(&t.secrets).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    // Offline on both sides: the ambassador rewrites the text while the lead approves the
    // version she sees (the edit crosses the approval).
    write_body(&mut amb, post, "佐藤さんが書き直した文章。");
    let ticks_now = all_ticks(&t.lead);
    tsunagu::app::review::approve(&mut t.lead, post, &ticks_now, "").unwrap();
    assert_eq!(t.lead.post(post).unwrap().status, PostStatus::Scheduled);
    amb.sync_now(&t.secrets).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    // Whatever the merge shows, the lead then settles the text on the scheduled post by
    // choosing a version in the conflict view (or it settled by itself).
    if let Some(c) = t
        .lead
        .sync_conflicts()
        .unwrap()
        .into_iter()
        .find(|c| c.entity == "posts" && c.field == "body")
    {
        t.lead
            .resolve_conflict(
                Source::Ui,
                "posts",
                &post.as_string(),
                "body",
                &serde_json::json!("佐藤さんが書き直した文章。"),
            )
            .unwrap();
        assert!(!c.versions.is_empty());
    }
    assert_eq!(
        t.lead.post(post).unwrap().body,
        "佐藤さんが書き直した文章。"
    );
    // Due: nothing unreviewed goes out; the post waits for its writer or a reviewer.
    t.clock.set(at(2026, 11, 22, 3, 5));
    let r = t.lead.publish_due(&t.secrets, "test").unwrap();
    assert_eq!(r.published, 0, "{r:?}");
    let status = t.lead.post(post).unwrap().status;
    assert!(
        matches!(status, PostStatus::Draft | PostStatus::InReview),
        "{status:?}"
    );
    // Sent for review again and approved (signed), it passes the exit check and goes on to
    // the platform (the team fixture connects no account, so the send itself fails).
    t.lead.sync_now(&t.secrets).unwrap();
    amb.sync_now(&t.secrets).unwrap();
    if amb.post(post).unwrap().status == PostStatus::Draft {
        tsunagu::app::review::submit_for_review(&mut amb, post).unwrap();
    }
    amb.sync_now(&t.secrets).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    let ticks_now = all_ticks(&t.lead);
    tsunagu::app::review::approve_as_device(&mut t.lead, &t.secrets, post, &ticks_now, "").unwrap();
    let r = t.lead.publish_due(&t.secrets, "test").unwrap();
    assert_eq!((r.held_back, r.published + r.failed), (0, 1), "{r:?}");
}

#[test]
fn an_ambassador_cannot_delete_or_bring_back_their_own_post_once_it_went_out() {
    let mut t = team();
    let (d, mut amb) = t.ambassador("佐藤 美咲");
    let me = person(&t.lead, "佐藤 美咲");
    // Two drafts of hers reach the lead: one that went out, one still a draft.
    let out = amb
        .create_post_at(
            Source::Ui,
            Some(me),
            "公開済みの投稿",
            "2026-11-30T12:00",
            &[Platform::Bluesky],
        )
        .unwrap()
        .id;
    let draft = amb
        .create_post_at(
            Source::Ui,
            Some(me),
            "まだ下書き",
            "2026-11-30T13:00",
            &[Platform::Bluesky],
        )
        .unwrap()
        .id;
    amb.sync_now(&t.secrets).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    assert!(t.lead.post(out).is_ok() && t.lead.post(draft).is_ok());
    // The first went out (as the publisher records it on the lead's laptop).
    let db = rusqlite::Connection::open(t.lead.dir().join("tsunagu.db")).unwrap();
    db.execute(
        "UPDATE posts SET status = 'published' WHERE id = ?1",
        [out.as_string()],
    )
    .unwrap();

    // Her laptop deletes the published one, and brings it back, as a tampered app would; it
    // also deletes her own draft, which is hers to delete.
    for (id, at) in [
        (out, serde_json::json!("2026-11-22T03:00:00Z")),
        (out, serde_json::Value::Null),
        (draft, serde_json::json!("2026-11-22T03:00:00Z")),
    ] {
        forge(
            d.path(),
            "posts",
            &id.as_string(),
            "update",
            serde_json::json!({ "deleted_at": at }),
        );
    }
    amb.sync_now(&t.secrets).unwrap();
    let r = t.lead.sync_now(&t.secrets).unwrap();
    assert!(r.quarantined >= 2, "{r:?}");
    let why = reasons(&t.lead);
    assert_eq!(
        why.iter()
            .filter(|w| w.contains("only the lead may delete or bring back a published post"))
            .count(),
        2,
        "{why:?}"
    );
    let deleted = |id: tsunagu::ids::PostId| -> Option<String> {
        db.query_row(
            "SELECT deleted_at FROM posts WHERE id = ?1",
            [id.as_string()],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(deleted(out), None, "the published post stays");
    assert!(deleted(draft).is_some(), "her own draft is hers to delete");
}
