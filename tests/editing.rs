//! Editing a post: autosave, variants, revisions, and rescheduling in the workspace zone.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::Duration;
use common::*;
use tsunagu::ids::PostId;
use tsunagu::model::Platform::{self, *};
use tsunagu::posts::{DraftInput, Variant};
use tsunagu::store::Source;
use tsunagu::ErrorCode;

fn input(body: &str, variants: &[(Platform, Option<&str>)]) -> DraftInput {
    DraftInput {
        title: "現場の一枚".into(),
        body: body.into(),
        variants: variants
            .iter()
            .map(|(p, b)| Variant {
                platform: *p,
                body: b.map(str::to_string),
            })
            .collect(),
        theme_id: None,
        accounts: None,
    }
}

#[test]
fn a_post_created_on_a_day_keeps_its_wall_clock_time_when_moved_across_dst() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 3, 1, 0, 0)), "Europe/Berlin").unwrap();
    let p = ws
        .create_post_at(
            Source::Ui,
            None,
            "朝の一枚",
            "2026-03-27T09:00",
            &[X, Instagram],
        )
        .unwrap();
    assert_eq!(p.local_time.as_deref(), Some("2026-03-27T09:00"));
    assert!(p.scheduled_at.as_deref().unwrap().ends_with("+01:00"));
    let moved = ws
        .reschedule(Source::Ui, None, p.id, "2026-03-30T09:00")
        .unwrap();
    assert_eq!(
        moved.previous_local_time.as_deref(),
        Some("2026-03-27T09:00")
    );
    assert_eq!(moved.post.local_time.as_deref(), Some("2026-03-30T09:00"));
    assert!(moved
        .post
        .scheduled_at
        .as_deref()
        .unwrap()
        .ends_with("+02:00"));
    // Undo is a move back.
    let back = ws
        .reschedule(Source::Ui, None, p.id, "2026-03-27T09:00")
        .unwrap();
    assert_eq!(back.post.local_time.as_deref(), Some("2026-03-27T09:00"));
}

#[test]
fn impossible_times_are_refused_with_guidance() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 3, 1, 0, 0)), "Europe/Berlin").unwrap();
    let p = ws
        .create_post_at(Source::Ui, None, "投稿", "2026-03-27T09:00", &[X])
        .unwrap();
    for (time, hint) in [
        ("2026-03-29T02:30", "daylight saving"),
        ("1999-12-31T09:00", "outside the years"),
        ("2026-02-30T09:00", "YYYY-MM-DDTHH:MM"),
        ("明日の朝", "YYYY-MM-DDTHH:MM"),
    ] {
        let err = ws.reschedule(Source::Ui, None, p.id, time).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        assert!(err.to_string().contains(hint), "{time}: {err}");
    }
    assert_eq!(
        ws.post(p.id).unwrap().local_time.as_deref(),
        Some("2026-03-27T09:00"),
        "unchanged"
    );
    let err = ws
        .reschedule(
            Source::Ui,
            None,
            PostId(uuid::Uuid::nil()),
            "2026-03-27T10:00",
        )
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[test]
fn variants_inherit_until_they_differ_and_platforms_follow_the_editor() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 22, 0, 0)), "Asia/Tokyo").unwrap();
    let p = ws
        .create_post_at(
            Source::Ui,
            None,
            "現場の一枚",
            "2026-11-24T12:00",
            &[X, Bluesky],
        )
        .unwrap();
    let body = "旋盤の刃先を毎朝確認しています。";
    let saved = ws
        .save_draft(
            Source::Ui,
            None,
            p.id,
            &input(
                body,
                &[
                    (X, Some("Xだけの短い版")),
                    (Bluesky, Some(body)),
                    (Instagram, None),
                ],
            ),
        )
        .unwrap();
    assert_eq!(saved.body, body);
    assert_eq!(
        saved.variants,
        vec![
            Variant {
                platform: X,
                body: Some("Xだけの短い版".into())
            },
            Variant {
                platform: Bluesky,
                body: None
            }, // equal to the main text: inherits
            Variant {
                platform: Instagram,
                body: None
            },
        ]
    );
    let month = tsunagu::app::calendar::month_view(
        &ws,
        tsunagu::calendar::YearMonth::parse("2026-11").unwrap(),
    )
    .unwrap();
    assert_eq!(month.posts[0].platforms, vec![X, Bluesky, Instagram]);
    // Dropping a platform removes its variant.
    let saved = ws
        .save_draft(Source::Ui, None, p.id, &input(body, &[(Bluesky, None)]))
        .unwrap();
    assert_eq!(
        saved.variants,
        vec![Variant {
            platform: Bluesky,
            body: None
        }]
    );
}

#[test]
fn autosaves_coalesce_into_revisions_that_can_be_restored() {
    let dir = tempfile::tempdir().unwrap();
    let c = clock(at(2026, 11, 22, 0, 0));
    let mut ws = open(dir.path(), c.clone(), "Asia/Tokyo").unwrap();
    let p = ws
        .create_post_at(Source::Ui, None, "現場の一枚", "2026-11-24T12:00", &[X])
        .unwrap();
    for (i, text) in ["朝", "朝の段", "朝の段取り"].iter().enumerate() {
        c.set(at(2026, 11, 22, 0, 0) + Duration::seconds(i as i64 + 1));
        ws.save_draft(Source::Ui, None, p.id, &input(text, &[(X, None)]))
            .unwrap();
    }
    let revs = ws.revisions(p.id).unwrap();
    assert_eq!(
        revs.len(),
        1,
        "keystroke saves within the window are one revision"
    );
    assert_eq!(revs[0].body, "朝の段取り");

    c.advance(Duration::minutes(10));
    ws.save_draft(
        Source::Ui,
        None,
        p.id,
        &input("朝の段取りは大事。", &[(X, Some("X版"))]),
    )
    .unwrap();
    let revs = ws.revisions(p.id).unwrap();
    assert_eq!(revs.len(), 2);
    assert_eq!(revs[0].variants.get("x").map(String::as_str), Some("X版"));

    // An unchanged save writes nothing.
    let log_before = ws.changes_since(0, usize::MAX).unwrap().len();
    ws.save_draft(
        Source::Ui,
        None,
        p.id,
        &input("朝の段取りは大事。", &[(X, Some("X版"))]),
    )
    .unwrap();
    assert_eq!(ws.changes_since(0, usize::MAX).unwrap().len(), log_before);

    c.advance(Duration::minutes(10));
    let restored = ws
        .restore_revision(Source::Ui, None, p.id, revs[1].id)
        .unwrap();
    assert_eq!(restored.body, "朝の段取り");
    assert_eq!(
        restored.variants,
        vec![Variant {
            platform: X,
            body: None
        }]
    );
    assert_eq!(
        ws.revisions(p.id).unwrap().len(),
        3,
        "restoring adds to history, losing nothing"
    );
}

#[test]
fn the_first_edit_keeps_the_original_text_and_bad_text_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let c = clock(at(2026, 11, 22, 3, 0));
    let mut ws =
        tsunagu::demo::build(dir.path(), c.clone(), tsunagu::demo::DemoOptions::default()).unwrap();
    let first = tsunagu::app::calendar::month_view(
        &ws,
        tsunagu::calendar::YearMonth::parse("2026-12").unwrap(),
    )
    .unwrap()
    .posts[0]
        .clone();
    let original = ws.post(first.id).unwrap();
    c.advance(Duration::minutes(1));
    let variants: Vec<(Platform, Option<&str>)> = original
        .variants
        .iter()
        .map(|v| (v.platform, None))
        .collect();
    ws.save_draft(
        Source::Ui,
        None,
        first.id,
        &input("書き直した本文", &variants),
    )
    .unwrap();
    let revs = ws.revisions(first.id).unwrap();
    assert_eq!(revs.len(), 2);
    assert_eq!(revs[1].body, original.body);

    let err = ws
        .save_draft(
            Source::Ui,
            None,
            first.id,
            &input(&"長".repeat(100_001), &variants),
        )
        .unwrap_err();
    assert!(err.to_string().contains("Shorten"), "{err}");
    let err = ws
        .save_draft(Source::Ui, None, first.id, &input("a\u{0}b", &variants))
        .unwrap_err();
    assert!(err.to_string().contains("NUL"), "{err}");
    assert_eq!(
        ws.post(first.id).unwrap().body,
        "書き直した本文",
        "nothing lost"
    );
}

#[test]
fn published_posts_stay_where_they_went_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = tsunagu::demo::build(
        dir.path(),
        clock(at(2026, 11, 22, 3, 0)),
        tsunagu::demo::DemoOptions::default(),
    )
    .unwrap();
    let oct = tsunagu::app::calendar::month_view(
        &ws,
        tsunagu::calendar::YearMonth::parse("2026-10").unwrap(),
    )
    .unwrap();
    let err = ws
        .reschedule(Source::Ui, None, oct.posts[0].id, "2026-10-30T09:00")
        .unwrap_err();
    assert!(err.to_string().contains("already published"), "{err}");
}

#[test]
fn each_write_says_what_it_touched_and_an_autosave_is_words_only() {
    let dir = tempfile::tempdir().unwrap();
    let c = clock(at(2026, 11, 22, 0, 0));
    let mut ws = open(dir.path(), c.clone(), "Asia/Tokyo").unwrap();
    let p = ws
        .create_post_at(Source::Ui, None, "現場の一枚", "2026-11-24T12:00", &[X])
        .unwrap();
    let created = ws.store_mut().take_changes();
    assert!(created.posts_added_or_removed && !created.words_only());
    assert!(created.posts.contains(&p.id.as_string()));
    assert!(ws.store_mut().take_changes().is_empty(), "taken once");

    // An autosave: the words of one post, nothing a plan counts.
    ws.save_draft(Source::Ui, None, p.id, &input("朝の段取り", &[(X, None)]))
        .unwrap();
    let saved = ws.store_mut().take_changes();
    assert!(saved.words_only(), "{saved:?}");
    assert_eq!(saved.posts.iter().collect::<Vec<_>>(), [&p.id.as_string()]);

    // A move is not words only: the calendar's months and plan must reload.
    ws.reschedule(Source::Ui, None, p.id, "2026-11-25T09:00")
        .unwrap();
    let moved = ws.store_mut().take_changes();
    assert!(!moved.words_only());
    assert!(moved.post_columns.contains("scheduled_at"), "{moved:?}");

    // A write that fails leaves nothing behind to announce.
    assert!(ws
        .reschedule(Source::Ui, None, p.id, "2026-13-01T09:00")
        .is_err());
    assert!(ws.store_mut().take_changes().is_empty());
}
