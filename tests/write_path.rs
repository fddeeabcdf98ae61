//! The one write path: every domain row written is in the change log, with who, where from
//! and when; a failed write leaves neither row nor log entry.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use rusqlite::Connection;
use std::collections::HashSet;
use std::sync::Arc;
use tsunagu::model::Language;
use tsunagu::posts::NewPost;
use tsunagu::settings::SettingsPatch;
use tsunagu::store::Source;

#[test]
fn a_settings_change_is_logged_with_actor_device_source_and_clock_time() {
    let dir = tempfile::tempdir().unwrap();
    let c = clock(at(2026, 11, 22, 1, 2));
    let mut ws = open(dir.path(), c.clone(), "Asia/Tokyo").unwrap();
    let start = ws.changes_since(0, 1000).unwrap().last().unwrap().seq;
    c.set(at(2026, 11, 22, 5, 6));
    ws.update_settings(
        Source::Cli,
        &SettingsPatch {
            language: Some(Language::En),
            ..Default::default()
        },
    )
    .unwrap();
    let log = ws.changes_since(start, 10).unwrap();
    assert_eq!(log.len(), 1);
    let e = &log[0];
    assert_eq!(
        (e.entity.as_str(), e.op.as_str(), e.source.as_str()),
        ("workspace", "update", "cli")
    );
    assert_eq!(e.at, "2026-11-22T05:06:00Z");
    assert_eq!(e.device_id, ws.device().as_string());
    assert_eq!(e.fields["language"], "en");
    assert_eq!(e.fields["updated_at"], "2026-11-22T05:06:00Z");
}

#[test]
fn a_failed_write_leaves_no_row_and_no_log_entry() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 22, 0, 0)), "Asia/Tokyo").unwrap();
    let before = ws.changes_since(0, 10_000).unwrap().len();
    // The post row is written first, then a variant-less person link fails its foreign key:
    // the whole transaction must roll back.
    let mut post = NewPost::draft("途中で失敗する投稿");
    post.people = vec![tsunagu::ids::PersonId(uuid::Uuid::nil())];
    assert!(ws.create_post(Source::Ui, None, &post).is_err());
    assert_eq!(ws.info().unwrap().posts, 0);
    assert_eq!(ws.changes_since(0, 10_000).unwrap().len(), before);
}

#[test]
fn bad_input_is_refused_with_guidance() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 22, 0, 0)), "Asia/Tokyo").unwrap();
    let err = ws
        .create_post(Source::Ui, None, &NewPost::draft("   "))
        .unwrap_err();
    assert!(err.to_string().contains("needs a title"), "{err}");
    assert_eq!(err.rule(), Some(tsunagu::Rule::TitleMissing));
    let err = ws
        .update_settings(
            Source::Ui,
            &SettingsPatch {
                name: Some(" ".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("cannot be empty"), "{err}");
    let err = ws
        .update_settings(
            Source::Ui,
            &SettingsPatch {
                name: Some("長".repeat(81)),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("80"), "{err}");
}

/// Nothing bypasses the write path: after building the demo, every row of every domain table
/// has a change entry for its key.
#[test]
fn every_demo_row_is_in_the_change_log() {
    let dir = tempfile::tempdir().unwrap();
    let ws = tsunagu::demo::build(
        dir.path(),
        clock(at(2026, 11, 22, 3, 0)),
        tsunagu::demo::DemoOptions {
            posts: 300,
            seed: 5,
            ..Default::default()
        },
    )
    .unwrap();
    let conn = Connection::open(dir.path().join("tsunagu.db")).unwrap();
    let logged: HashSet<(String, String)> = ws
        .changes_since(0, usize::MAX)
        .unwrap()
        .into_iter()
        .map(|c| (c.entity, c.entity_id))
        .collect();
    let tables: &[(&str, &str)] = &[
        ("workspace", "id"),
        ("devices", "id"),
        ("departments", "id"),
        ("sites", "id"),
        ("people", "id"),
        ("consents", "id"),
        ("purposes", "id"),
        ("themes", "id"),
        ("cadence_targets", "id"),
        ("recurring_slots", "id"),
        ("posts", "id"),
        ("post_variants", "post_id || '/' || platform"),
        ("post_people", "post_id || '/' || person_id"),
    ];
    let mut checked = 0;
    for (table, key) in tables {
        let mut stmt = conn.prepare(&format!("SELECT {key} FROM {table}")).unwrap();
        let keys: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(!keys.is_empty(), "demo fills {table}");
        for k in keys {
            assert!(
                logged.contains(&(table.to_string(), k.clone())),
                "{table} {k} was written without a change entry"
            );
            checked += 1;
        }
    }
    assert!(checked > 300);
    // And the log says where the writes came from.
    let sources: HashSet<String> = ws
        .changes_since(0, usize::MAX)
        .unwrap()
        .into_iter()
        .map(|c| c.source)
        .collect();
    assert_eq!(
        sources,
        HashSet::from(["system".to_string(), "demo".to_string()])
    );
    let _ = Arc::new(());
}
