//! The `tsunagu` binary: output shapes and exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

fn tsunagu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(args)
        .env_remove("TSUNAGU_WORKSPACE")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn help_lists_the_commands() {
    let o = tsunagu(&["--help"]);
    assert!(o.status.success());
    for cmd in [
        "demo DIR",
        "info",
        "calendar --month",
        "backup",
        "restore",
        "settings",
    ] {
        assert!(stdout(&o).contains(cmd), "{cmd}");
    }
}

#[test]
fn demo_info_and_calendar_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("demo");
    let ws = ws.to_str().unwrap();
    let o = tsunagu(&["demo", ws, "--seed", "3", "--today", "2026-11-22"]);
    assert!(o.status.success(), "{}", stderr(&o));

    let o = tsunagu(&["--workspace", ws, "info", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let info: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(info["people"].as_i64().unwrap() >= 24);
    assert_eq!(info["posts"], 72);
    assert_eq!(info["schema_version"], tsunagu::store::SCHEMA_VERSION);

    let o = tsunagu(&[
        "--workspace",
        ws,
        "calendar",
        "--month",
        "2026-11",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let view: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let posts = view["posts"].as_array().unwrap();
    assert!(posts.len() > 15);
    for p in posts {
        for key in ["id", "title", "status", "platforms", "scheduled_at"] {
            assert!(!p[key].is_null(), "{key} in {p}");
        }
        let at = chrono::DateTime::parse_from_rfc3339(p["scheduled_at"].as_str().unwrap()).unwrap();
        assert_eq!(
            at.offset().local_minus_utc(),
            9 * 3600,
            "workspace zone Asia/Tokyo"
        );
    }

    let o = tsunagu(&[
        "--workspace",
        ws,
        "settings",
        "--time-zone",
        "Europe/Berlin",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = tsunagu(&["--workspace", ws, "calendar", "--month", "2026-11"]);
    assert!(stdout(&o).contains("Europe/Berlin"), "{}", stdout(&o));

    let o = tsunagu(&["--workspace", ws, "backup"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("backups"));
}

#[test]
fn the_workspace_comes_from_the_environment_too() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w");
    assert!(tsunagu(&["demo", ws.to_str().unwrap()]).status.success());
    let o = Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(["info", "--json"])
        .env("TSUNAGU_WORKSPACE", &ws)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("\"posts\": 72"));
}

#[test]
fn errors_go_to_stderr_with_a_non_zero_exit() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing");
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (
            vec!["--workspace", missing.to_str().unwrap(), "info"],
            1,
            "tsunagu demo",
        ),
        (vec!["frobnicate"], 2, "unknown command"),
        (
            vec!["--workspace", dir.path().to_str().unwrap(), "calendar"],
            2,
            "--month",
        ),
        (
            vec!["demo", dir.path().to_str().unwrap(), "--posts", "many"],
            2,
            "whole number",
        ),
    ];
    for (args, code, text) in cases {
        let o = tsunagu(&args);
        assert_eq!(o.status.code(), Some(code), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(text), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty(), "{args:?}");
    }

    let ws = dir.path().join("ws");
    assert!(tsunagu(&["demo", ws.to_str().unwrap()]).status.success());
    let w = ws.to_str().unwrap();
    for (args, text) in [
        (
            vec!["--workspace", w, "calendar", "--month", "2026-13"],
            "YYYY-MM",
        ),
        (
            vec!["--workspace", w, "settings", "--time-zone", "Tokyo"],
            "IANA",
        ),
        (vec!["demo", w], "already holds a workspace"),
    ] {
        let o = tsunagu(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains(text), "{args:?}: {}", stderr(&o));
    }

    // A newer database: refused, untouched.
    let db = ws.join("tsunagu.db");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let o = tsunagu(&["--workspace", w, "info"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("newer version of Tsunagu"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn a_corrupt_database_points_to_restore_which_works() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let w = ws.to_str().unwrap();
    assert!(tsunagu(&["demo", w]).status.success());
    assert!(tsunagu(&["--workspace", w, "backup"]).status.success());
    for f in ["tsunagu.db-wal", "tsunagu.db-shm"] {
        let _ = std::fs::remove_file(ws.join(f));
    }
    std::fs::write(ws.join("tsunagu.db"), vec![7u8; 4096]).unwrap();
    let o = tsunagu(&["--workspace", w, "info"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("damaged") && stderr(&o).contains("restore"),
        "{}",
        stderr(&o)
    );
    let o = tsunagu(&["--workspace", w, "restore"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = tsunagu(&["--workspace", w, "info", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("\"posts\": 72"));
}

#[test]
fn count_reads_stdin_and_speaks_json() {
    use std::io::Write;
    let run = |args: &[&str], input: &[u8]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tsunagu"))
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // A usage error exits before reading stdin; a broken pipe then is expected.
        let _ = child.stdin.take().unwrap().write_all(input);
        child.wait_with_output().unwrap()
    };
    let o = run(
        &["count", "--platform", "x", "--json"],
        "詳細はこちら example.com\n".as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (
            v["platform"].as_str(),
            v["length"].as_u64(),
            v["limit"].as_u64()
        ),
        (Some("x"), Some(36), Some(280))
    );
    assert_eq!(v["valid"], true);

    let o = run(
        &["count", "--platform", "bluesky", "--json"],
        "あ".repeat(301).as_bytes(),
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (v["length"].as_u64(), v["valid"].as_bool()),
        (Some(301), Some(false))
    );
    assert_eq!(v["over_from"]["utf16"], 300);

    // X's cost per post, from the shipped price table: a link makes it the expensive kind.
    let o = run(
        &["count", "--platform", "x"],
        "工場見学会を開きます".as_bytes(),
    );
    assert!(
        stdout(&o).contains("cost: $0.015 per post ("),
        "{}",
        stdout(&o)
    );
    let o = run(
        &["count", "--platform", "x"],
        "詳細 https://minato-seiko.co.jp/tour".as_bytes(),
    );
    assert!(
        stdout(&o).contains("cost: $0.200 per post, with a link"),
        "{}",
        stdout(&o)
    );

    let o = run(&["count", "--platform", "x"], b"\xff\xfe bad");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not valid UTF-8"), "{}", stderr(&o));
    let o = run(&["count", "--platform", "myspace"], b"hi");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown platform"), "{}", stderr(&o));
}

#[test]
fn export_ics_to_a_file_and_bad_dates() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let w = ws.to_str().unwrap();
    assert!(tsunagu(&["demo", w, "--today", "2026-11-22"])
        .status
        .success());
    let out = dir.path().join("calendar.ics");
    let o = tsunagu(&[
        "--workspace",
        w,
        "export",
        "ics",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ics = std::fs::read_to_string(&out).unwrap();
    assert!(ics.contains("BEGIN:VEVENT\r\n"));
    assert!(stderr(&o).contains("events"));
    let o = tsunagu(&["--workspace", w, "export", "ics", "--from", "2026-02-30"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("YYYY-MM-DD"), "{}", stderr(&o));
    let o = tsunagu(&["--workspace", w, "export", "ics"]);
    assert!(o.status.success());
    assert!(stdout(&o).starts_with("BEGIN:VCALENDAR"));
}

#[test]
fn roster_export_and_import_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let w = ws.to_str().unwrap();
    assert!(tsunagu(&["demo", w]).status.success());
    let out = dir.path().join("roster.csv");
    let o = tsunagu(&[
        "--workspace",
        w,
        "roster",
        "export",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = tsunagu(&[
        "--workspace",
        w,
        "roster",
        "import",
        "--dry-run",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("27 rows read (UTF-8): would add 0, 27 updated"),
        "{}",
        stdout(&o)
    );
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "name,role\n山田,boss\n").unwrap();
    let o = tsunagu(&["--workspace", w, "roster", "import", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("row 2, column role"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("nothing was imported"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn kpis_are_imported_and_read_and_the_temperature_map_printed() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let ws = ws.to_str().unwrap();
    assert!(
        tsunagu(&["demo", ws, "--posts", "40", "--today", "2026-11-20"])
            .status
            .success()
    );
    let purposes = stdout(&tsunagu(&["--workspace", ws, "purpose", "list", "--json"]));
    let purpose = serde_json::from_str::<serde_json::Value>(&purposes).unwrap()[0]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let o = tsunagu(&[
        "--workspace",
        ws,
        "kpi",
        "add",
        "--name",
        "採用エントリー数",
        "--metric",
        "external",
        "--target",
        "20",
        "--purpose",
        &purpose,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = tsunagu(&[
        "--workspace",
        ws,
        "kpi",
        "add",
        "--name",
        "x",
        "--metric",
        "likes",
    ]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unknown metric is a usage error"
    );
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "kpi,month,value\n採用エントリー数,2026-11,12\n応募数,2026-11,3\n",
    )
    .unwrap();
    let o = tsunagu(&["--workspace", ws, "kpi", "import", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("row 3, column kpi"), "{}", stderr(&o));
    let good = dir.path().join("good.csv");
    std::fs::write(&good, "kpi,month,value\n採用エントリー数,2026-11,12\n").unwrap();
    let o = tsunagu(&["--workspace", ws, "kpi", "import", good.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let list = stdout(&tsunagu(&[
        "--workspace",
        ws,
        "kpi",
        "list",
        "--month",
        "2026-11",
        "--json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(v[0]["value"], 12.0);
    assert_eq!(v[0]["ratio"], 0.6);
    let map = stdout(&tsunagu(&[
        "--workspace",
        ws,
        "temperature",
        "--from",
        "2026-09",
        "--to",
        "2026-11",
        "--json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&map).unwrap();
    assert_eq!(v["months"].as_array().unwrap().len(), 3);
    assert!(!v["rows"].as_array().unwrap().is_empty());
}

#[test]
fn whoami_says_who_this_device_acts_as() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let w = ws.to_str().unwrap();
    assert!(tsunagu(&["demo", w, "--seed", "5"]).status.success());
    let o = tsunagu(&["--workspace", w, "whoami", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let me: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (me["person"].as_str(), me["role"].as_str()),
        (Some("前田 遥"), Some("lead"))
    );
    assert!(me["fingerprint"].is_null(), "not in a team");
    // The computer belongs to the lead: choosing another name is refused, not a switch.
    let o = tsunagu(&["--workspace", w, "whoami", "--set", "山田 健一"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("already belongs to 前田 遥"),
        "{}",
        stderr(&o)
    );
    // Handing it over is deliberate, and recorded with the previous owner as its author.
    let o = tsunagu(&["--workspace", w, "whoami", "--hand-over", "山田 健一"]);
    assert!(
        o.status.success() && stdout(&o).contains("山田 健一"),
        "{}",
        stdout(&o)
    );
    let db = rusqlite::Connection::open(ws.join("tsunagu.db")).unwrap();
    let (actor, source): (String, String) = db
        .query_row(
            "SELECT p.name, c.source FROM changes c JOIN people p ON p.id = c.actor_id
             WHERE c.entity = 'devices' ORDER BY c.seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((actor.as_str(), source.as_str()), ("前田 遥", "cli"));
    let o = tsunagu(&["--workspace", w, "whoami", "--set", "誰でもない"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("not on the roster"));
}

/// A demo workspace in `dir`, and another process holding its publishing lock (as a pass from
/// cron or the app's tray would). `-o`: the lock is flock's own, not inherited by its `sleep`.
fn demo_with_publishing_held(dir: &std::path::Path) -> (std::path::PathBuf, std::process::Child) {
    let ws = dir.join("ws");
    assert!(tsunagu(&["demo", ws.to_str().unwrap(), "--seed", "6"])
        .status
        .success());
    let holder = Command::new("flock")
        .arg("-o")
        .arg(ws.join("publish.lock"))
        .args(["sleep", "60"])
        .spawn()
        .unwrap();
    (ws, holder)
}

#[test]
fn one_publishing_pass_at_a_time_across_processes() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, mut holder) = demo_with_publishing_held(dir.path());
    let w = ws.to_str().unwrap();
    let busy = (0..50).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let o = tsunagu(&["--workspace", w, "publish-due"]);
        !o.status.success() && stderr(&o).contains("Another Tsunagu")
    });
    assert!(
        busy,
        "the second pass is turned away while the first holds the lock"
    );
    // The holder is killed: the kernel frees the lock at once, with no stale file to expire.
    holder.kill().unwrap();
    holder.wait().unwrap();
    let o = tsunagu(&["--workspace", w, "publish-due"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_tick_does_the_schedulers_work_and_leaves_publishing_to_a_pass_already_running() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, mut holder) = demo_with_publishing_held(dir.path());
    let w = ws.to_str().unwrap();
    // While another pass holds the lock, the tick still runs its other parts.
    let held = (0..50).find_map(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let o = tsunagu(&["--workspace", w, "tick", "--json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["publishing"].is_null().then_some(v)
    });
    let held = held.expect("the tick saw the publishing lock taken");
    assert_eq!(held["in_team"], false);
    assert!(held["synced"].is_null());
    holder.kill().unwrap();
    holder.wait().unwrap();
    let o = tsunagu(&["--workspace", w, "tick", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["publishing"]["paused"], false, "{v}");
    assert!(v["publishing"]["missed"].is_array(), "{v}");
    // A backup of the day was taken by the tick (or by opening the workspace).
    assert!(ws.join("backups").read_dir().unwrap().next().is_some());
}

#[test]
fn a_team_over_plain_http_to_another_machine_is_refused_before_the_password_is_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let made = tsunagu(&["init", ws.to_str().unwrap(), "--name", "テスト株式会社"]);
    assert!(made.status.success(), "{}", stderr(&made));
    // No stdin is given: a refusal that came after reading it would fail differently.
    let o = Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args([
            "--workspace",
            ws.to_str().unwrap(),
            "team",
            "create",
            "--webdav",
            "http://192.0.2.10/dav/team",
            "--user",
            "sato",
        ])
        .env_remove("TSUNAGU_WORKSPACE")
        .env(
            "TSUNAGU_KEYRING_SERVICE",
            format!("jp.tsunagu.test.cli-http.{}", std::process::id()),
        )
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("plain http://") && err.contains("https://"),
        "{err}"
    );
    let status = tsunagu(&[
        "--workspace",
        ws.to_str().unwrap(),
        "team",
        "status",
        "--json",
    ]);
    assert!(!stdout(&status).contains("192.0.2.10"), "no team was made");
}
