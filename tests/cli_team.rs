//! `tsunagu team …` and `tsunagu sync` through the real binary and the real keychain (inside
//! the private D-Bus session `scripts/test.sh` provides; skipped without a Secret Service).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::process::Command;

fn has_secret_service() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        && std::env::var_os("TSUNAGU_KEYCHAIN_TESTS").is_some()
}

fn run(service: &str, args: &[&str]) -> (bool, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(args)
        .env("TSUNAGU_KEYRING_SERVICE", service)
        .env_remove("TSUNAGU_WORKSPACE")
        .output()
        .unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn ok(service: &str, args: &[&str]) -> String {
    let (success, out, err) = run(service, args);
    assert!(success, "tsunagu {args:?} failed: {err}");
    out
}

#[test]
fn a_team_from_the_command_line() {
    if !has_secret_service() {
        return;
    }
    let service = format!("jp.tsunagu.test.team.{}", std::process::id());
    let root = tempfile::tempdir().unwrap();
    let lead = root.path().join("lead");
    let amb = root.path().join("amb");
    let shared = root.path().join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    let (l, a, s) = (
        lead.to_str().unwrap(),
        amb.to_str().unwrap(),
        shared.to_str().unwrap(),
    );
    ok(&service, &["demo", l, "--posts", "10", "--fixture"]);

    // Mistakes get a clear message and change nothing.
    let (success, _, err) = run(
        &service,
        &["--workspace", l, "team", "invite", "--person", "nobody"],
    );
    assert!(!success && err.contains("not a person id"), "{err}");
    let (success, _, err) = run(
        &service,
        &[
            "--workspace",
            l,
            "team",
            "invite",
            "--person",
            "01a20132-3f80-7981-b2b2-4cf82f38d282",
        ],
    );
    assert!(!success && err.contains("not in a team"), "{err}");
    let (success, _, err) = run(&service, &["--workspace", l, "team", "create"]);
    assert!(!success && err.contains("--folder PATH"), "{err}");

    let status = ok(
        &service,
        &["--workspace", l, "team", "create", "--folder", s, "--json"],
    );
    let status: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(status["role"], "lead");
    let person = {
        let ws = open(&lead, clock(at(2026, 11, 22, 3, 0)), "Asia/Tokyo").unwrap();
        tsunagu::app::people::people(&ws).unwrap()[1].id.as_string()
    };
    let code = ok(
        &service,
        &["--workspace", l, "team", "invite", "--person", &person],
    )
    .trim()
    .to_string();
    assert!(code.starts_with("TSU1-"), "{code}");

    let (success, _, err) = run(
        &service,
        &["--workspace", a, "team", "join", &code[..30], "--folder", s],
    );
    assert!(!success && err.contains("invite code"), "a cut code: {err}");
    assert!(
        !amb.join("tsunagu.db").exists(),
        "nothing made for a bad code"
    );
    let joined = ok(
        &service,
        &["--workspace", a, "team", "join", &code, "--folder", s],
    );
    let fp = joined
        .split_whitespace()
        .find(|w| w.len() == 19 && w.matches('-').count() == 3)
        .unwrap()
        .to_string();
    let lead_status: serde_json::Value = serde_json::from_str(&ok(
        &service,
        &["--workspace", l, "team", "status", "--json"],
    ))
    .unwrap();
    assert_eq!(
        lead_status["requests"][0]["fingerprint"],
        fp.as_str(),
        "the lead sees the same fingerprint"
    );
    // Before admission the sealed team's data is not readable here: a draft is refused with
    // what to do, and nothing is made.
    let text = root.path().join("t.txt");
    std::fs::write(&text, "倉庫の朝礼の様子です。\n").unwrap();
    let early = [
        "--workspace",
        a,
        "post",
        "create",
        "--platform",
        "x",
        "--at",
        "2026-12-20T03:00:00Z",
        "--text-file",
        text.to_str().unwrap(),
        "--title",
        "朝礼",
    ];
    let (success, _, err) = run(&service, &early);
    assert!(!success && err.contains("tsunagu sync"), "{err}");
    ok(&service, &["--workspace", l, "team", "admit", &fp]);
    let first: serde_json::Value =
        serde_json::from_str(&ok(&service, &["--workspace", a, "sync", "--json"])).unwrap();
    assert_eq!(first["admitted"], true);
    assert!(first["applied"].as_u64().unwrap() > 0, "{first}");

    // The ambassador drafts, syncs; the lead receives it.
    let post = ok(&service, &early).trim().to_string();
    let sent: serde_json::Value =
        serde_json::from_str(&ok(&service, &["--workspace", a, "sync", "--json"])).unwrap();
    assert!(sent["sent"].as_u64().unwrap() > 0, "{sent}");
    assert_eq!(sent["admitted"], true);
    let got: serde_json::Value =
        serde_json::from_str(&ok(&service, &["--workspace", l, "sync", "--json"])).unwrap();
    assert!(got["applied"].as_u64().unwrap() > 0, "{got}");
    let shown: serde_json::Value = serde_json::from_str(&ok(
        &service,
        &["--workspace", l, "post", "show", &post, "--json"],
    ))
    .unwrap();
    assert_eq!(shown["title"], "朝礼");
    let human = ok(&service, &["--workspace", l, "team", "status"]);
    assert!(
        human.contains(&fp)
            && human.contains("Last sync:")
            && human.contains("Sealed: every file there is encrypted")
            && human.contains("Receives: everything of the team.")
            && human.contains("reads keys 1–1"),
        "{human}"
    );

    // The device keys are in the keychain, never in the databases.
    for db in [lead.join("tsunagu.db"), amb.join("tsunagu.db")] {
        let bytes = std::fs::read(&db).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("sync-device/"),
            "no key names, no keys in SQLite"
        );
    }
    ok(&service, &["--workspace", l, "team", "revoke", &fp]);
    let after: serde_json::Value =
        serde_json::from_str(&ok(&service, &["--workspace", a, "sync", "--json"])).unwrap();
    assert_eq!(after["admitted"], false);
}
