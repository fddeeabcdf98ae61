//! The move to several accounts per platform, on a copy of a workspace made by the previous
//! version (`tests/fixtures/workspace_v15.db`: the demo fixture made by schema 15, with two X
//! accounts, a Bluesky account, published, failed and pending jobs, their attempts and
//! readings). Nothing is lost: every job keeps its id, state, account and attempts, every
//! reading stays, the oldest account of each platform becomes its default, readings learn
//! their account, and the dashboard splits X by account.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use tsunagu::model::Platform;

const P1: &str = "01a1f6e5-8780-7109-9ce8-5b7a520c3de9";
const X_PR: &str = "01a1f6e5-0000-7000-8000-0000000000a1";
const X_RECRUIT: &str = "01a1f6e5-0000-7000-8000-0000000000a2";

fn rows(db: &rusqlite::Connection, sql: &str) -> Vec<Vec<Option<String>>> {
    let mut stmt = db.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        (0..n)
            .map(|i| {
                r.get::<_, rusqlite::types::Value>(i).map(|v| match v {
                    rusqlite::types::Value::Null => None,
                    rusqlite::types::Value::Integer(i) => Some(i.to_string()),
                    rusqlite::types::Value::Real(f) => Some(f.to_string()),
                    rusqlite::types::Value::Text(t) => Some(t),
                    rusqlite::types::Value::Blob(_) => Some("blob".into()),
                })
            })
            .collect()
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

const JOBS: &str = "SELECT id, post_id, platform, account_id, state, idempotency_key, attempts, remote_id, last_error_kind, gave_up, may_have_arrived FROM publish_jobs ORDER BY id";

#[test]
fn a_workspace_of_the_previous_version_keeps_every_job_reading_and_attempt() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tsunagu.db");
    std::fs::copy("tests/fixtures/workspace_v15.db", &db).unwrap();
    let before = rusqlite::Connection::open(&db).unwrap();
    let v: i64 = before
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 15, "the fixture is a schema-15 workspace");
    let jobs = rows(&before, JOBS);
    let attempts = rows(&before, "SELECT * FROM publish_attempts ORDER BY id");
    let readings = rows(
        &before,
        "SELECT id, post_id, platform, captured_at, likes FROM metrics ORDER BY id",
    );
    assert_eq!((jobs.len(), attempts.len(), readings.len()), (6, 6, 5));
    drop(before);

    let ws = open(dir.path(), clock(at(2026, 11, 20, 3, 0)), "Asia/Tokyo").unwrap();
    let after = rusqlite::Connection::open(&db).unwrap();
    assert_eq!(rows(&after, JOBS), jobs, "every job as it was");
    assert_eq!(
        rows(&after, "SELECT * FROM publish_attempts ORDER BY id"),
        attempts
    );
    assert_eq!(
        rows(
            &after,
            "SELECT id, post_id, platform, captured_at, likes FROM metrics ORDER BY id"
        ),
        readings
    );
    // Readings learnt the account of their job.
    let learnt = rows(&after, "SELECT platform, account_id FROM metrics WHERE post_id = '01a1f6e5-8780-7c53-8ccc-1678d16707b2'");
    assert_eq!(learnt, vec![vec![Some("x".into()), Some(X_RECRUIT.into())]]);
    // The latest reading per post, platform and account (the later of P1's two X readings).
    let latest = rows(
        &after,
        &format!("SELECT likes FROM metrics_latest WHERE post_id = '{P1}' AND platform = 'x'"),
    );
    assert_eq!(latest, vec![vec![Some("40".into())]]);

    // The oldest account of each platform is its default.
    let accounts = tsunagu::app::accounts::accounts(&ws).unwrap();
    let default_of = |p: Platform| {
        accounts
            .iter()
            .filter(|a| a.platform == p && a.is_default)
            .map(|a| a.id.as_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(default_of(Platform::X), vec![X_PR.to_string()]);
    assert_eq!(default_of(Platform::Bluesky).len(), 1);

    // The dashboard tells the two X accounts apart.
    let d = tsunagu::app::kpi::dashboard(
        &ws,
        tsunagu::clock::YearMonth::parse("2026-10").unwrap(),
        tsunagu::clock::YearMonth::parse("2026-11").unwrap(),
    )
    .unwrap();
    let x: Vec<(Option<String>, u32, i64)> = d
        .accounts
        .iter()
        .filter(|a| a.platform == Platform::X)
        .map(|a| (a.handle.clone(), a.posts, a.reactions))
        .collect();
    assert!(x.contains(&(Some("minato_pr".into()), 2, 48 + 22)), "{x:?}");
    assert!(x.contains(&(Some("minato_recruit".into()), 1, 34)), "{x:?}");

    // A post can now carry two jobs on one platform, one per account.
    after
        .execute(
            "INSERT INTO publish_jobs (id, post_id, platform, account_id, idempotency_key, created_at)
             VALUES ('01a1f6e5-0000-7000-8000-0000000001ff', ?1, 'x', ?2, 'k2', '2026-11-20T00:00:00Z')",
            [P1, X_RECRUIT],
        )
        .unwrap();
    // …but never two for the same account.
    assert!(after
        .execute(
            "INSERT INTO publish_jobs (id, post_id, platform, account_id, idempotency_key, created_at)
             VALUES ('01a1f6e5-0000-7000-8000-0000000001fe', ?1, 'x', ?2, 'k3', '2026-11-20T00:00:00Z')",
            [P1, X_RECRUIT],
        )
        .is_err());
}
