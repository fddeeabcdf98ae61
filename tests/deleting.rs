//! Deleting posts (issue 17): a post that never went out is marked deleted, leaves every list,
//! sends nothing and can be brought back; a published post needs the choice between taking it
//! down from the platform (Tsunagu keeps it when the platform refuses) and removing it from
//! Tsunagu only (it stays online, and still counts when someone withdraws consent).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fake_bluesky::FakeBluesky;
use common::*;
use tsunagu::app::deleting::{delete_post, deleted_posts, restore_post};
use tsunagu::clock::YearMonth;
use tsunagu::error::Rule;
use tsunagu::model::{Platform, PostStatus};
use tsunagu::posts::delete::DeletionKind;
use tsunagu::secrets::MemorySecrets;
use tsunagu::store::Source;

const PASSWORD: &str = "canary-delete-pw-5v1x";

struct World {
    _dir: tempfile::TempDir,
    ws: tsunagu::Workspace,
    server: FakeBluesky,
    secrets: MemorySecrets,
}

fn world() -> World {
    let (dir, mut ws) = demo_ws(clock(at(2026, 11, 22, 3, 0)));
    let (server, secrets) = connect_fake_bluesky(&mut ws, PASSWORD);
    World {
        _dir: dir,
        ws,
        server,
        secrets,
    }
}

fn on_calendar(ws: &tsunagu::Workspace, post: tsunagu::ids::PostId) -> bool {
    tsunagu::app::calendar::month_view(ws, YearMonth::parse("2026-11").unwrap())
        .unwrap()
        .posts
        .iter()
        .any(|p| p.id == post)
}

fn published(w: &mut World, title: &str) -> tsunagu::ids::PostId {
    let post = approved_post(
        &mut w.ws,
        None,
        title,
        "見学会のお知らせ",
        "2026-11-22T12:00",
        &[Platform::Bluesky],
    );
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
    assert_eq!(w.ws.post(post).unwrap().status, PostStatus::Published);
    post
}

#[test]
fn an_approved_post_deleted_sends_nothing_and_comes_back_as_a_draft() {
    let mut w = world();
    let post = approved_post(
        &mut w.ws,
        None,
        "年末のごあいさつ",
        "本年もお世話になりました",
        "2026-11-22T12:00",
        &[Platform::Bluesky],
    );
    assert!(on_calendar(&w.ws, post));
    let d = delete_post(&mut w.ws, Source::Ui, None, &w.secrets, post, None).unwrap();
    assert_eq!(d.kind, DeletionKind::Unpublished);
    assert_eq!(d.title, "年末のごあいさつ");
    assert!(!on_calendar(&w.ws, post));
    assert!(
        w.ws.post(post).is_err(),
        "a deleted post cannot be opened or edited"
    );
    assert!(tsunagu::app::outbox::post_jobs(&w.ws, post)
        .unwrap()
        .is_empty());
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 0);
    assert_eq!(w.server.with(|s| s.records.len()), 0, "nothing went out");
    // A second delete finds nothing to delete.
    assert!(delete_post(&mut w.ws, Source::Ui, None, &w.secrets, post, None).is_err());

    assert_eq!(deleted_posts(&w.ws).unwrap().len(), 1);
    restore_post(&mut w.ws, Source::Ui, None, post).unwrap();
    assert!(on_calendar(&w.ws, post));
    assert_eq!(
        w.ws.post(post).unwrap().status,
        PostStatus::Draft,
        "it needs a new approval to go out"
    );
    assert!(deleted_posts(&w.ws).unwrap().is_empty());
    assert!(restore_post(&mut w.ws, Source::Ui, None, post).is_err());
}

#[test]
fn a_deletion_is_in_the_audit_and_can_be_undone_only_for_thirty_days() {
    let clock = clock(at(2026, 11, 22, 3, 0));
    let (_dir, mut ws) = demo_ws(clock.clone());
    let post = ws
        .create_post_at(
            Source::Ui,
            None,
            "下書き",
            "2026-11-25T12:00",
            &[Platform::X],
        )
        .unwrap()
        .id;
    delete_post(
        &mut ws,
        Source::Ui,
        None,
        &MemorySecrets::default(),
        post,
        None,
    )
    .unwrap();
    let db = rusqlite::Connection::open(ws.dir().join("tsunagu.db")).unwrap();
    let (kind, before): (String, String) = db
        .query_row(
            "SELECT kind, status_before FROM post_deletions WHERE post_id = ?1",
            [post.as_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((kind.as_str(), before.as_str()), ("unpublished", "draft"));
    let logged: i64 = db
        .query_row(
            "SELECT count(*) FROM changes WHERE entity = 'posts' AND entity_id = ?1",
            [post.as_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert!(logged >= 2, "the mark is in the change log with its origin");
    clock.set(at(2026, 12, 23, 3, 0));
    assert!(deleted_posts(&ws).unwrap().is_empty());
    let e = restore_post(&mut ws, Source::Ui, None, post).unwrap_err();
    assert_eq!(e.rule(), Some(Rule::UndoExpired), "{e}");
}

#[test]
fn a_published_post_needs_a_choice_and_removing_it_from_tsunagu_only_leaves_it_online() {
    let mut w = world();
    let post = published(&mut w, "見学会");
    let e = delete_post(&mut w.ws, Source::Ui, None, &w.secrets, post, None).unwrap_err();
    assert_eq!(e.rule(), Some(Rule::PublishedNeedsChoice), "{e}");
    assert!(on_calendar(&w.ws, post), "nothing happened");
    let d = delete_post(
        &mut w.ws,
        Source::Ui,
        None,
        &w.secrets,
        post,
        Some(DeletionKind::RemoveOnly),
    )
    .unwrap();
    assert_eq!(d.kind, DeletionKind::RemoveOnly);
    assert!(!on_calendar(&w.ws, post));
    assert_eq!(w.server.with(|s| s.records.len()), 1, "still online");
    restore_post(&mut w.ws, Source::Ui, None, post).unwrap();
    assert_eq!(w.ws.post(post).unwrap().status, PostStatus::Published);
}

#[test]
fn taking_down_deletes_it_from_the_platform_first_and_keeps_it_when_the_platform_refuses() {
    let mut w = world();
    let post = published(&mut w, "見学会");
    // The platform refuses (the session was revoked there): Tsunagu keeps the post.
    let saved = w.server.with(|s| {
        let saved = (s.access.clone(), s.refresh.clone());
        s.access = "revoked".into();
        s.refresh = "revoked".into();
        saved
    });
    let e = delete_post(
        &mut w.ws,
        Source::Ui,
        None,
        &w.secrets,
        post,
        Some(DeletionKind::TakeDown),
    )
    .unwrap_err();
    assert_eq!(e.rule(), Some(Rule::TakeDownFailed), "{e}");
    assert!(on_calendar(&w.ws, post));
    assert_eq!(w.server.with(|s| s.records.len()), 1);
    w.server.with(|s| {
        s.access = saved.0;
        s.refresh = saved.1;
    });
    // Reconnected: taken down, then removed.
    tsunagu::app::accounts::connect_bluesky(
        &mut w.ws,
        Source::Ui,
        &w.secrets,
        &w.server.url,
        "minato.test",
        PASSWORD,
    )
    .unwrap();
    let d = delete_post(
        &mut w.ws,
        Source::Ui,
        None,
        &w.secrets,
        post,
        Some(DeletionKind::TakeDown),
    )
    .unwrap();
    assert_eq!(d.kind, DeletionKind::TakeDown);
    assert_eq!(
        w.server.with(|s| s.records.len()),
        0,
        "gone from the platform"
    );
    assert!(!on_calendar(&w.ws, post));
    // Brought back, it is a draft: it is no longer online.
    restore_post(&mut w.ws, Source::Ui, None, post).unwrap();
    assert_eq!(w.ws.post(post).unwrap().status, PostStatus::Draft);
}
