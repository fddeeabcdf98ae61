//! Team sync between real workspaces through a shared folder: create, invite, join, admit,
//! draft offline, approve, and what is refused (forged approvals, strangers, revoked devices).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::team::*;
use common::*;
use std::sync::Arc;
use tsunagu::ids::RandomIds;
use tsunagu::model::{Platform, PostStatus};
use tsunagu::store::Source;
use tsunagu::sync::team::Role;
use tsunagu::sync::Place;
use tsunagu::Workspace;

fn counts(ws: &Workspace) -> (i64, i64) {
    let i = ws.info().unwrap();
    (i.people, i.posts)
}

#[test]
fn an_ambassador_drafts_offline_the_lead_approves_and_the_ambassador_sees_it() {
    let mut t = team();
    let (_d, mut amb) = t.ambassador("佐藤 美咲");
    // Joined: the lead's data is here: the same people, and the posts this laptop may read
    // (the published ones and her own; not a colleague's drafts).
    let sato = person(&t.lead, "佐藤 美咲");
    assert_eq!(counts(&amb), (counts(&t.lead).0, posts_for(&t.lead, sato)));
    assert!(counts(&amb).1 < counts(&t.lead).1);

    // Offline: a draft, then one round once the folder is reachable.
    let post = amb
        .create_post_at(
            Source::Ui,
            None,
            "倉庫の朝礼",
            "2026-11-30T12:00",
            &[Platform::X],
        )
        .unwrap()
        .id;
    write_body(&mut amb, post, "毎朝8時、倉庫では全員で朝礼をしています。");
    tsunagu::app::review::submit_for_review(&mut amb, post).unwrap();
    let r = amb.sync_now(&t.secrets).unwrap();
    assert!(r.admitted);
    assert!(r.sent > 0);

    let r = t.lead.sync_now(&t.secrets).unwrap();
    assert!(r.applied > 0, "{r:?}");
    assert_eq!(r.quarantined, 0, "{:?}", t.lead.sync_quarantine().unwrap());
    let seen = t.lead.post(post).unwrap();
    assert_eq!(seen.status, PostStatus::InReview);
    assert_eq!(seen.body, "毎朝8時、倉庫では全員で朝礼をしています。");
    let queued = tsunagu::app::review::review_queue(&t.lead)
        .unwrap()
        .into_iter()
        .find(|q| q.post == post)
        .expect("in the lead's review queue");
    assert_eq!(queued.author_name.as_deref(), Some("佐藤 美咲"));

    let ticks_now = all_ticks(&t.lead);
    tsunagu::app::review::approve(&mut t.lead, post, &ticks_now, "いいですね").unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    amb.sync_now(&t.secrets).unwrap();
    assert_eq!(
        amb.post(post).unwrap().status,
        PostStatus::Scheduled,
        "the approval reached the ambassador"
    );
    assert_eq!(amb.sync_quarantine().unwrap().len(), 0);
}

fn new_draft(ws: &mut Workspace, title: &str, body: &str) -> tsunagu::ids::PostId {
    let post = ws
        .create_post_at(Source::Ui, None, title, "2026-11-30T12:00", &[Platform::X])
        .unwrap()
        .id;
    write_body(ws, post, body);
    post
}

#[test]
fn a_forged_approval_is_quarantined_and_changes_nothing() {
    let mut t = team();
    let (d, mut amb) = t.ambassador("佐藤 美咲");
    let post = new_draft(&mut amb, "自分で承認", "承認を待たずに出したい投稿です。");
    tsunagu::app::review::submit_for_review(&mut amb, post).unwrap();
    amb.sync_now(&t.secrets).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    // A tampered laptop approves the ambassador's own post behind the app's back (the app
    // refuses: only reviewers approve); the change is signed like any other.
    let db = rusqlite::Connection::open(d.path().join("ws").join("tsunagu.db")).unwrap();
    db.execute(
        "UPDATE posts SET status = 'approved' WHERE id = ?1",
        [post.as_string()],
    )
    .unwrap();
    db.execute(
        "INSERT INTO changes (id, entity, entity_id, op, fields, device_id, source, at) VALUES ('forged', 'posts', ?1, 'update', '{\"status\":\"approved\"}', 'x', 'ui', '2026-11-22T03:00:00Z')",
        [post.as_string()],
    )
    .unwrap();
    drop(db);
    let ticks_now = all_ticks(&amb);
    assert!(
        tsunagu::app::review::approve(&mut amb, post, &ticks_now, "").is_err(),
        "the app itself refuses"
    );
    // So does editing the lead's posts on an ambassador's device, with the reason.
    // (The lead's draft does not even reach this laptop; once published it does.)
    let lead_post = new_draft(&mut t.lead, "リーダーの投稿", "リーダーが書いた。");
    t.lead.sync_now(&t.secrets).unwrap();
    amb.sync_now(&t.secrets).unwrap();
    assert!(
        amb.post(lead_post).is_err(),
        "the lead's draft stays with the staff"
    );
    publish(&mut t.lead, lead_post);
    t.lead.sync_now(&t.secrets).unwrap();
    amb.sync_now(&t.secrets).unwrap();
    let d2 = amb.post(lead_post).unwrap();
    let err = amb
        .save_draft(
            Source::Ui,
            None,
            lead_post,
            &tsunagu::posts::DraftInput {
                title: d2.title,
                body: "書き換え".into(),
                variants: d2.variants,
                theme_id: d2.theme_id,
                accounts: None,
            },
        )
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("not this ambassador's own draft") && err.contains("ask them"),
        "{err}"
    );
    assert_eq!(
        amb.post(lead_post).unwrap().body,
        "リーダーが書いた。",
        "nothing changed"
    );
    amb.sync_now(&t.secrets).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    assert!(!t.lead.sync_quarantine().unwrap().is_empty());
    assert_eq!(
        t.lead.post(post).unwrap().status,
        PostStatus::InReview,
        "the forged approval changed nothing"
    );
    let q = t.lead.sync_quarantine().unwrap();
    assert!(
        q.iter().any(|q| q.reason.contains("forged approval")),
        "{q:?}"
    );
    assert!(
        q.iter().all(|q| q.device == "佐藤"),
        "named by the person's display name: {q:?}"
    );
}

#[test]
fn concurrent_edits_of_one_text_keep_both_until_someone_chooses() {
    let mut t = team();
    let (_d, mut amb) = t.ambassador("佐藤 美咲");
    let post = new_draft(&mut amb, "工場見学", "最初の文章。");
    amb.sync_now(&t.secrets).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    // Both edit the same text without seeing each other's edit.
    write_body(&mut amb, post, "佐藤さんの文章。");
    write_body(&mut t.lead, post, "リーダーの文章。");
    amb.sync_now(&t.secrets).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    amb.sync_now(&t.secrets).unwrap();
    for ws in [&amb, &t.lead] {
        let c = ws.sync_conflicts().unwrap();
        let body: Vec<_> = c
            .iter()
            .filter(|c| c.entity == "posts" && c.field == "body")
            .collect();
        assert_eq!(body.len(), 1, "exactly one conflict for the body: {c:?}");
        let texts: Vec<String> = body[0]
            .versions
            .iter()
            .map(|v| v.value.as_str().unwrap().to_string())
            .collect();
        assert!(
            texts.contains(&"佐藤さんの文章。".to_string())
                && texts.contains(&"リーダーの文章。".to_string()),
            "both texts kept: {texts:?}"
        );
    }
    assert_eq!(
        amb.post(post).unwrap().body,
        t.lead.post(post).unwrap().body,
        "both show the same version meanwhile"
    );

    // The lead merges them; the choice travels and settles it on the ambassador's laptop too.
    t.lead
        .resolve_conflict(
            Source::Ui,
            "posts",
            &post.as_string(),
            "body",
            &serde_json::json!("佐藤さんの文章。リーダーの文章。"),
        )
        .unwrap();
    assert!(
        t.lead
            .sync_conflicts()
            .unwrap()
            .iter()
            .all(|c| c.field != "body"),
        "{:?}",
        t.lead.sync_conflicts().unwrap()
    );
    t.lead.sync_now(&t.secrets).unwrap();
    amb.sync_now(&t.secrets).unwrap();
    assert_eq!(
        amb.post(post).unwrap().body,
        "佐藤さんの文章。リーダーの文章。"
    );
    assert!(
        amb.sync_conflicts()
            .unwrap()
            .iter()
            .all(|c| c.field != "body"),
        "{:?}",
        amb.sync_conflicts().unwrap()
    );
}

#[test]
fn a_revoked_device_keeps_what_it_sent_and_nothing_later_is_applied() {
    let mut t = team();
    let (_d, mut amb) = t.ambassador("佐藤 美咲");
    let before = new_draft(&mut amb, "退職前の投稿", "送ってあった投稿。");
    amb.sync_now(&t.secrets).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    let fp = amb.team_status().unwrap().fingerprint;
    let roster = t.shared.path().join("team/roster.json");
    let keys = t.shared.path().join("team/keys.json");
    let old_roster = std::fs::read(&roster).unwrap();
    let old_keys = std::fs::read(&keys).unwrap();
    t.lead.team_revoke(&t.secrets, &fp).unwrap();
    let revoked_roster = std::fs::read(&roster).unwrap();
    let revoked_keys = std::fs::read(&keys).unwrap();
    // The removed device keeps writing: someone puts the old roster and key book back in the
    // folder, so it does not learn it was removed (the lead's device keeps the newer ones).
    std::fs::write(&roster, &old_roster).unwrap();
    std::fs::write(&keys, &old_keys).unwrap();
    let after = new_draft(&mut amb, "退職後の投稿", "送られてはいけない投稿。");
    let sent = amb.sync_now(&t.secrets).unwrap();
    assert!(sent.sent > 0);
    std::fs::write(&roster, &revoked_roster).unwrap();
    std::fs::write(&keys, &revoked_keys).unwrap();
    let r = t.lead.sync_now(&t.secrets).unwrap();
    assert!(t.lead.post(before).is_ok(), "what it sent before stays");
    assert!(t.lead.post(after).is_err(), "nothing after the revocation");
    assert!(r.quarantined > 0);
    assert!(t
        .lead
        .sync_quarantine()
        .unwrap()
        .iter()
        .any(|q| q.reason.contains("removed from the team")));
    amb.sync_now(&t.secrets).unwrap();
    assert!(
        !amb.team_status().unwrap().admitted,
        "the device sees it was removed"
    );
    let after2 = new_draft(&mut amb, "もう一つ", "これも送られない。");
    assert_eq!(
        amb.sync_now(&t.secrets).unwrap().sent,
        0,
        "a removed device sends nothing"
    );
    t.lead.sync_now(&t.secrets).unwrap();
    assert!(t.lead.post(after2).is_err());
}

#[test]
fn flipped_bytes_and_strangers_are_refused_and_a_missing_segment_waits() {
    let mut t = team();
    let (_d, mut amb) = t.ambassador("佐藤 美咲");
    let p1 = new_draft(&mut amb, "一つ目", "一つ目の投稿。");
    amb.sync_now(&t.secrets).unwrap();
    let p2 = new_draft(&mut amb, "二つ目", "二つ目の投稿。");
    amb.sync_now(&t.secrets).unwrap();
    let p3 = new_draft(&mut amb, "三つ目", "三つ目の投稿。");
    amb.sync_now(&t.secrets).unwrap();
    let files = segments(&t, &amb);
    assert_eq!(files.len(), 3, "{files:?}");

    // The middle segment has not arrived yet (a cloud drive still copying).
    let aside = t.shared.path().join("aside.seg");
    std::fs::rename(&files[1], &aside).unwrap();
    // A device nobody admitted drops a log in.
    let stranger = t.shared.path().join("log/00ddba11c0ffee00");
    std::fs::create_dir_all(&stranger).unwrap();
    std::fs::write(
        stranger.join("000000000001-000000000001.seg"),
        b"TSGSEG1\nnot really",
    )
    .unwrap();
    std::fs::write(
        t.shared.path().join("log/desktop.ini"),
        b"[.ShellClassInfo]",
    )
    .unwrap();
    let r = t.lead.sync_now(&t.secrets).unwrap();
    assert!(t.lead.post(p1).is_ok());
    assert!(
        t.lead.post(p2).is_err() && t.lead.post(p3).is_err(),
        "a gap is never skipped"
    );
    assert!(r.waiting.iter().any(|w| w.contains("missing")), "{r:?}");
    assert!(t
        .lead
        .sync_quarantine()
        .unwrap()
        .iter()
        .any(|q| q.reason.contains("not in the team")));

    // It arrives, but with a flipped byte: refused, kept aside, nothing applied.
    let mut bytes = std::fs::read(&aside).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x20;
    std::fs::write(&files[1], &bytes).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    assert!(t.lead.post(p2).is_err());
    assert!(
        t.lead
            .sync_quarantine()
            .unwrap()
            .iter()
            .any(|q| q.reason.contains("changed after it was written")),
        "{:?}",
        t.lead.sync_quarantine().unwrap()
    );

    // The intact copy replaces it: everything arrives, in order, once.
    std::fs::rename(&aside, &files[1]).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    assert_eq!(t.lead.post(p2).unwrap().body, "二つ目の投稿。");
    assert_eq!(t.lead.post(p3).unwrap().body, "三つ目の投稿。");
}

#[test]
fn a_laptop_restored_from_a_backup_takes_back_its_lost_changes_and_reuses_no_number() {
    let mut t = team();
    let (d, mut amb) = t.ambassador("佐藤 美咲");
    let p1 = new_draft(&mut amb, "バックアップ前", "バックアップ前の投稿。");
    amb.sync_now(&t.secrets).unwrap();
    let db = d.path().join("ws").join("tsunagu.db");
    let backup = amb.backup_now().unwrap();
    let p2 = new_draft(
        &mut amb,
        "失われる投稿",
        "バックアップ後、壊れる前に送った投稿。",
    );
    amb.sync_now(&t.secrets).unwrap();
    drop(amb);

    // The disk dies; the laptop comes back from last night's backup.
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    std::fs::copy(&backup, &db).unwrap();
    let _ = std::fs::remove_dir_all(d.path().join("ws").join("backups"));
    let mut amb = Workspace::open(
        &d.path().join("ws"),
        t.clock.clone(),
        Arc::new(RandomIds),
        &tsunagu::workspace::InitOptions::default(),
    )
    .unwrap();
    assert!(amb.post(p2).is_err(), "lost with the disk");
    t.clock.advance(chrono::Duration::minutes(5));
    let p3 = new_draft(&mut amb, "復元後", "復元してから書いた投稿。");
    amb.sync_now(&t.secrets).unwrap();
    assert_eq!(
        amb.post(p2).unwrap().body,
        "バックアップ後、壊れる前に送った投稿。",
        "taken back from its own log"
    );
    assert_eq!(
        segments(&t, &amb).len(),
        3,
        "the new change got the next number, none reused"
    );

    let r = t.lead.sync_now(&t.secrets).unwrap();
    assert_eq!(r.quarantined, 0, "{:?}", t.lead.sync_quarantine().unwrap());
    for p in [p1, p2, p3] {
        assert!(t.lead.post(p).is_ok());
    }
}

#[test]
fn a_photo_travels_with_the_draft() {
    let mut t = team();
    let (_d, mut amb) = t.ambassador("佐藤 美咲");
    let post = new_draft(&mut amb, "写真つき", "朝礼の写真です。");
    let m = tsunagu::app::media::attach_image(
        &mut amb,
        Source::Ui,
        None,
        post,
        "chorei.png",
        &png(64, 48),
    )
    .unwrap();
    amb.sync_now(&t.secrets).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    let path = tsunagu::app::media::media_path(&t.lead, m.id).unwrap();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(tsunagu::app::media::media_path(&amb, m.id).unwrap()).unwrap(),
        "the same photo, byte for byte"
    );
    assert!(
        !tsunagu::app::media::media_thumbnail(&t.lead, m.id)
            .unwrap()
            .is_empty(),
        "with a thumbnail made here"
    );
}

/// A shared place that lists names newest first (some servers and cloud drives do not sort).
struct Reversed(tsunagu::sync::transport::FolderTransport);

impl tsunagu::sync::transport::Transport for Reversed {
    fn list(&self, prefix: &str) -> tsunagu::Result<Vec<String>> {
        let mut names = self.0.list(prefix)?;
        names.reverse();
        Ok(names)
    }
    fn get(&self, name: &str) -> tsunagu::Result<Vec<u8>> {
        self.0.get(name)
    }
    fn put_immutable(&self, name: &str, bytes: &[u8]) -> tsunagu::Result<()> {
        self.0.put_immutable(name, bytes)
    }
    fn put_head(&self, name: &str, bytes: &[u8]) -> tsunagu::Result<()> {
        self.0.put_head(name, bytes)
    }
    fn remove(&self, name: &str) -> tsunagu::Result<()> {
        self.0.remove(name)
    }
}

#[test]
fn partial_copies_wait_duplicates_apply_once_and_listing_order_does_not_matter() {
    let mut t = team();
    let (_d, mut amb) = t.ambassador("佐藤 美咲");
    let mut posts = Vec::new();
    for i in 0..3 {
        posts.push(new_draft(
            &mut amb,
            &format!("投稿{i}"),
            &format!("本文{i}。"),
        ));
        amb.sync_now(&t.secrets).unwrap();
    }
    let files = segments(&t, &amb);
    // The last segment is still being copied by the cloud drive: only half of it is there.
    let whole = std::fs::read(&files[2]).unwrap();
    std::fs::write(&files[2], &whole[..whole.len() / 2]).unwrap();
    let key = device_key(&t, &t.lead);
    let shared = Reversed(tsunagu::sync::transport::FolderTransport::new(t.shared.path()).unwrap());
    let r = t.lead.sync_with(&shared, &key).unwrap();
    assert!(r.waiting.iter().any(|w| w.contains("incomplete")), "{r:?}");
    assert!(
        t.lead.post(posts[1]).is_ok() && t.lead.post(posts[2]).is_err(),
        "the first two apply, in order, from a reversed listing"
    );
    // The copy completes; the same segments are delivered again and again.
    std::fs::write(&files[2], &whole).unwrap();
    let r = t.lead.sync_with(&shared, &key).unwrap();
    assert!(r.applied > 0);
    let again = t.lead.sync_with(&shared, &key).unwrap();
    assert_eq!(again.applied, 0, "nothing is applied twice");
    assert_eq!(t.lead.post(posts[2]).unwrap().body, "本文2。");
    assert!(
        t.lead.sync_quarantine().unwrap().is_empty(),
        "a partial copy is waited for, not refused"
    );
}

#[test]
fn joining_in_place_keeps_the_old_workspace_aside_and_a_mistake_changes_nothing() {
    let mut t = team();
    let who = person(&t.lead, "佐藤 美咲");
    let code = t.lead.team_invite(who, Role::Ambassador).unwrap();
    // A fresh install: the demo in the app's folder.
    let dir = tempfile::tempdir().unwrap();
    let ws_dir = dir.path().join("ws");
    drop(
        tsunagu::demo::build(
            &ws_dir,
            t.clock.clone(),
            tsunagu::demo::DemoOptions {
                posts: 5,
                seed: 3,
                ..Default::default()
            },
        )
        .unwrap(),
    );
    let before = std::fs::read(ws_dir.join("tsunagu.db")).unwrap();
    let err = Workspace::join_team_replacing(
        &ws_dir,
        &code[..30],
        &t.place,
        &t.secrets,
        t.clock.clone(),
        Arc::new(RandomIds),
    )
    .unwrap_err();
    assert!(err.to_string().contains("invite code"), "{err}");
    let away = Place::Folder {
        path: dir.path().join("nowhere").display().to_string(),
    };
    assert!(Workspace::join_team_replacing(
        &ws_dir,
        &code,
        &away,
        &t.secrets,
        t.clock.clone(),
        Arc::new(RandomIds)
    )
    .is_err());
    assert_eq!(
        std::fs::read(ws_dir.join("tsunagu.db")).unwrap(),
        before,
        "nothing changed"
    );

    let mut amb = Workspace::join_team_replacing(
        &ws_dir,
        &code,
        &t.place,
        &t.secrets,
        t.clock.clone(),
        Arc::new(RandomIds),
    )
    .unwrap();
    assert_eq!(amb.team_status().unwrap().role, Role::Ambassador);
    // Admitted, the sealed team's data arrives in the next round.
    let fp = amb.team_status().unwrap().fingerprint;
    t.lead.team_admit(&t.secrets, &fp).unwrap();
    amb.sync_now(&t.secrets).unwrap();
    let who = amb
        .team_status()
        .unwrap()
        .person_id
        .and_then(|p| tsunagu::ids::PersonId::parse(&p))
        .unwrap();
    assert_eq!(
        counts(&amb),
        (counts(&t.lead).0, posts_for(&t.lead, who)),
        "the team's data, not the demo's"
    );
    let kept: Vec<String> = std::fs::read_dir(&ws_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("tsunagu.db.before-team-"))
        .collect();
    assert_eq!(kept.len(), 1, "the demo is kept beside it: {kept:?}");
    assert_eq!(std::fs::read(ws_dir.join(&kept[0])).unwrap(), before);
}

#[test]
fn a_moved_shared_folder_is_pointed_at_again() {
    let mut t = team();
    let (_d, mut amb) = t.ambassador("佐藤 美咲");
    let post = new_draft(&mut amb, "移動", "フォルダーが移っても届く。");
    // The share is mounted somewhere else on this laptop now.
    let elsewhere = tempfile::tempdir().unwrap();
    let moved = elsewhere.path().join("team");
    std::fs::rename(t.shared.path(), &moved).unwrap();
    let err = amb.sync_now(&t.secrets).unwrap_err();
    assert_eq!(err.code(), tsunagu::ErrorCode::Unreachable, "{err}");
    let status = amb.team_status().unwrap();
    assert!(
        status.last_sync_error.is_some(),
        "the reason is kept for the screen"
    );
    assert_eq!(
        status.last_sync_error_code,
        Some(tsunagu::ErrorCode::Unreachable),
        "by code: the window words it from this"
    );
    let wrong = Place::Folder {
        path: elsewhere.path().display().to_string(),
    };
    let err = amb
        .set_team_place(&t.secrets, &wrong)
        .unwrap_err()
        .to_string();
    assert!(err.contains("none of this team's files"), "{err}");
    let right = Place::Folder {
        path: moved.display().to_string(),
    };
    let st = amb.set_team_place(&t.secrets, &right).unwrap();
    assert!(st.last_sync_error.is_none());
    assert!(amb.sync_now(&t.secrets).unwrap().sent > 0);
    std::fs::rename(&moved, t.shared.path()).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    assert!(t.lead.post(post).is_ok());
}
