//! Day one from the command line: `tsunagu init` starts a company's own workspace (empty of
//! people and posts, with the default guideline and templates), never on top of anything,
//! and a demo workspace says it is one and refuses what only a real company may do.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

fn tsunagu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(args)
        .env_remove("TSUNAGU_WORKSPACE")
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> String {
    let o = tsunagu(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn refused(args: &[&str]) -> String {
    let o = tsunagu(args);
    assert!(!o.status.success(), "{args:?} should fail");
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn init_starts_an_empty_workspace_of_ones_own() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("own");
    let w = ws.to_str().unwrap();
    let said = ok(&[
        "init",
        w,
        "--name",
        "株式会社テスト工業",
        "--time-zone",
        "Asia/Tokyo",
        "--language",
        "ja",
    ]);
    assert!(said.contains("株式会社テスト工業"), "{said}");
    let info: serde_json::Value =
        serde_json::from_str(&ok(&["--workspace", w, "info", "--json"])).unwrap();
    assert_eq!(info["name"], "株式会社テスト工業");
    assert_eq!(info["time_zone"], "Asia/Tokyo");
    assert_eq!(
        (info["people"].as_u64(), info["posts"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(info["demo"], false);
    let settings: serde_json::Value =
        serde_json::from_str(&ok(&["--workspace", w, "settings", "--json"])).unwrap();
    assert_eq!(settings["language"], "ja");
    // The default guideline pack and the templates are there.
    let terms = ok(&["--workspace", w, "guideline", "export"]);
    assert!(terms.lines().count() > 1, "{terms}");
    let db = rusqlite::Connection::open(ws.join("tsunagu.db")).unwrap();
    let templates: i64 = db
        .query_row("SELECT count(*) FROM templates", [], |r| r.get(0))
        .unwrap();
    assert!(templates > 0, "the default templates");
    drop(db);

    // Never on top of a workspace, never among other files, never without a name.
    assert!(refused(&["init", w, "--name", "別会社"]).contains("already holds a workspace"));
    let other = dir.path().join("documents");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("memo.txt"), "x").unwrap();
    assert!(refused(&["init", other.to_str().unwrap(), "--name", "x"]).contains("not empty"));
    let fresh = dir.path().join("fresh");
    let f = fresh.to_str().unwrap();
    assert!(refused(&["init", f, "--name", " "]).contains("company's name"));
    assert!(refused(&["init", f, "--name", "x", "--time-zone", "Mars/Base"]).contains("time zone"));
    assert!(refused(&["init", f, "--name", "x", "--language", "fr"]).contains("ja or en"));
    assert!(!fresh.exists(), "a refused init leaves nothing behind");
}

#[test]
fn a_demo_says_it_is_one_and_refuses_real_accounts_and_teams() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("demo");
    let w = ws.to_str().unwrap();
    ok(&["demo", w, "--posts", "20"]);
    let info: serde_json::Value =
        serde_json::from_str(&ok(&["--workspace", w, "info", "--json"])).unwrap();
    assert_eq!(info["demo"], true);
    let why = refused(&[
        "--workspace",
        w,
        "team",
        "create",
        "--folder",
        dir.path().join("shared").to_str().unwrap(),
    ]);
    assert!(why.contains("demo"), "{why}");
    // Refused before anything is sent to the instance (nothing listens there).
    let why = refused(&[
        "--workspace",
        w,
        "account",
        "add",
        "mastodon",
        "--instance",
        "https://127.0.0.1:9",
    ]);
    assert!(why.contains("demo workspace"), "{why}");
}
