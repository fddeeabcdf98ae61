//! The demo workspace: big enough to feel alive, Japanese, around "today", repeatable.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::collections::{BTreeMap, HashSet};
use tsunagu::calendar::YearMonth;
use tsunagu::demo::{build, DemoOptions};
use tsunagu::model::PostStatus;

fn statuses(ws: &tsunagu::Workspace, month: &str) -> BTreeMap<PostStatus, usize> {
    let mut out = BTreeMap::new();
    for p in tsunagu::app::calendar::month_view(ws, YearMonth::parse(month).unwrap())
        .unwrap()
        .posts
    {
        *out.entry(p.status).or_insert(0) += 1;
    }
    out
}

#[test]
fn the_demo_is_a_living_japanese_manufacturer() {
    let dir = tempfile::tempdir().unwrap();
    let ws = build(
        dir.path(),
        clock(at(2026, 11, 22, 3, 0)),
        DemoOptions::default(),
    )
    .unwrap();
    let info = ws.info().unwrap();
    assert!(info.people >= 24, "{info:?}");
    assert_eq!(info.posts, 72);
    let conn = rusqlite::Connection::open(dir.path().join("tsunagu.db")).unwrap();
    let departments: i64 = conn
        .query_row("SELECT count(*) FROM departments", [], |r| r.get(0))
        .unwrap();
    assert!(departments >= 6);
    let roles: HashSet<String> = conn
        .prepare("SELECT DISTINCT role FROM people")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(roles.len(), 4, "{roles:?}");
    let modes: i64 = conn
        .query_row(
            "SELECT count(DISTINCT participation) FROM people",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(modes >= 6, "varied participation modes: {modes}");

    // Last month went out; this month is a mix; next month is ideas and drafts.
    let last = statuses(&ws, "2026-10");
    assert!(last.keys().all(|s| *s == PostStatus::Published), "{last:?}");
    let this = statuses(&ws, "2026-11");
    assert!(this.len() >= 4, "this month mixes statuses: {this:?}");
    assert!(this.contains_key(&PostStatus::Published) && this.contains_key(&PostStatus::Scheduled));
    let next = statuses(&ws, "2026-12");
    assert!(
        next.keys()
            .all(|s| matches!(s, PostStatus::Idea | PostStatus::Draft)),
        "{next:?}"
    );
    assert!(next.values().sum::<usize>() > 10);

    let view =
        tsunagu::app::calendar::month_view(&ws, YearMonth::parse("2026-11").unwrap()).unwrap();
    assert_eq!(view.themes.len(), 1);
    let platforms: HashSet<_> = view
        .posts
        .iter()
        .flat_map(|p| p.platforms.clone())
        .collect();
    assert!(platforms.len() >= 5, "{platforms:?}");
    let is_japanese = |s: &str| {
        s.chars().any(|c| {
            ('\u{3040}'..='\u{30ff}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c)
        })
    };
    assert!(view.posts.iter().all(|p| is_japanese(&p.title)));
    assert!(view
        .posts
        .iter()
        .all(|p| p.scheduled_at.ends_with("+09:00")));
}

#[test]
fn the_same_seed_and_day_give_the_same_demo() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let c = tempfile::tempdir().unwrap();
    let now = at(2026, 11, 22, 3, 0);
    let wa = build(
        a.path(),
        clock(now),
        DemoOptions {
            posts: 200,
            seed: 42,
            ..Default::default()
        },
    )
    .unwrap();
    let wb = build(
        b.path(),
        clock(now),
        DemoOptions {
            posts: 200,
            seed: 42,
            ..Default::default()
        },
    )
    .unwrap();
    let wc = build(
        c.path(),
        clock(now),
        DemoOptions {
            posts: 200,
            seed: 43,
            ..Default::default()
        },
    )
    .unwrap();
    let month = YearMonth::parse("2026-11").unwrap();
    assert_eq!(
        tsunagu::app::calendar::month_view(&wa, month).unwrap(),
        tsunagu::app::calendar::month_view(&wb, month).unwrap()
    );
    assert_ne!(
        tsunagu::app::calendar::month_view(&wa, month).unwrap(),
        tsunagu::app::calendar::month_view(&wc, month).unwrap()
    );
}

#[test]
fn a_large_demo_has_exactly_the_posts_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let ws = build(
        dir.path(),
        clock(at(2026, 11, 22, 3, 0)),
        DemoOptions {
            posts: 12_345,
            seed: 1,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(ws.info().unwrap().posts, 12_345);
    let per_month = tsunagu::app::calendar::month_view(&ws, YearMonth::parse("2026-11").unwrap())
        .unwrap()
        .posts
        .len();
    assert!(
        per_month <= 24 * 31,
        "spread out, not piled into three months: {per_month}"
    );
}

#[test]
fn a_demo_never_overwrites_a_workspace() {
    let dir = tempfile::tempdir().unwrap();
    build(
        dir.path(),
        clock(at(2026, 11, 22, 3, 0)),
        DemoOptions::default(),
    )
    .unwrap();
    let before = snapshot(dir.path());
    let err = build(
        dir.path(),
        clock(at(2026, 11, 22, 3, 0)),
        DemoOptions::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("already holds a workspace"),
        "{err}"
    );
    assert_eq!(snapshot(dir.path()), before);
    let err = build(
        &dir.path().join("x"),
        clock(at(2026, 11, 22, 3, 0)),
        DemoOptions {
            posts: 2_000_000,
            seed: 1,
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("at most"), "{err}");
}

#[test]
fn a_large_roster_for_benchmarks() {
    let dir = tempfile::tempdir().unwrap();
    let ws = build(
        dir.path(),
        clock(at(2026, 11, 22, 3, 0)),
        DemoOptions {
            posts: 2_000,
            people: 1_000,
            ..Default::default()
        },
    )
    .unwrap();
    let people = tsunagu::app::people::people(&ws).unwrap();
    assert_eq!(people.len(), 1_000);
    let names: std::collections::HashSet<_> = people.iter().map(|p| p.name.clone()).collect();
    assert_eq!(names.len(), 1_000, "names are unique");
    let writers: std::collections::HashSet<_> =
        tsunagu::app::calendar::month_view(&ws, YearMonth::parse("2026-11").unwrap())
            .unwrap()
            .posts
            .iter()
            .filter_map(|p| p.author_id)
            .collect();
    assert!(
        writers.len() > 100,
        "posts spread over the large roster: {}",
        writers.len()
    );
}
