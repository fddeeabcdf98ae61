//! The real OS keychain (Secret Service on Linux). `scripts/test.sh` runs the tests inside a
//! private D-Bus session with an unlocked gnome-keyring; without a Secret Service the same tests
//! check that the keychain's absence is a typed error with guidance, never a crash and never a
//! fallback to a file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fake_bluesky::FakeBluesky;
use common::*;
use tsunagu::publish::secrets::{Keychain, SecretStore};
use tsunagu::store::Source;

const CANARY: &str = "canary-keychain-pw-4h2m-zz81";

fn has_secret_service() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        && std::env::var_os("TSUNAGU_KEYCHAIN_TESTS").is_some()
}

#[test]
fn secrets_round_trip_through_the_keychain_and_nowhere_else() {
    let service = format!("jp.tsunagu.test.{}", std::process::id());
    let kc = Keychain::with_service(&service);
    if !has_secret_service() {
        // No keychain here: a typed error that says what to do, never a silent fallback.
        match kc.set("probe", "x") {
            Err(e) => assert_eq!(
                e.code(),
                tsunagu::error::ErrorCode::KeychainUnavailable,
                "{e}"
            ),
            Ok(()) => {
                // A desktop session with a keychain is fine too; clean up.
                kc.delete("probe").unwrap();
            }
        }
        return;
    }
    kc.set("probe", "value-1").unwrap();
    assert_eq!(kc.get("probe").unwrap().as_deref(), Some("value-1"));
    kc.set("probe", "value-2").unwrap();
    assert_eq!(kc.get("probe").unwrap().as_deref(), Some("value-2"));
    kc.delete("probe").unwrap();
    kc.delete("probe").unwrap();
    assert_eq!(kc.get("probe").unwrap(), None);

    // Connecting an account puts its tokens in the keychain and nothing secret in SQLite.
    let dir = tempfile::tempdir().unwrap();
    let mut ws = tsunagu::demo::build(
        dir.path(),
        clock(at(2026, 11, 22, 3, 0)),
        tsunagu::demo::DemoOptions {
            posts: 10,
            ..Default::default()
        },
    )
    .unwrap();
    let server = FakeBluesky::start("minato.test", CANARY);
    let account = ws
        .connect_bluesky(Source::Ui, &kc, &server.url, "minato.test", CANARY)
        .unwrap();
    let stored = kc.get(&format!("account:{}", account.id)).unwrap().unwrap();
    assert!(stored.contains("access-1") && stored.contains("refresh-1"));
    assert!(
        !stored.contains(CANARY),
        "the app password itself is not kept"
    );
    let mut bytes = std::fs::read(dir.path().join("tsunagu.db")).unwrap();
    bytes.extend(std::fs::read(dir.path().join("tsunagu.db-wal")).unwrap_or_default());
    let hay = String::from_utf8_lossy(&bytes);
    for secret in [CANARY, "access-1", "refresh-1"] {
        assert!(!hay.contains(secret), "{secret} reached SQLite");
    }
    ws.disconnect_account(Source::Ui, &kc, account.id).unwrap();
    assert_eq!(kc.get(&format!("account:{}", account.id)).unwrap(), None);
    assert_eq!(ws.account(account.id).unwrap().state, "disconnected");
}

#[test]
fn the_headless_verbs_publish_through_the_keychain() {
    if !has_secret_service() {
        return; // Covered above: without a keychain, connecting refuses with guidance.
    }
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let service = format!("jp.tsunagu.test.cli.{}", std::process::id());
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let ws = ws.to_str().unwrap();
    let server = FakeBluesky::start("minato.test", CANARY);
    let run = |args: &[&str], stdin: Option<&str>| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tsunagu"))
            .args(args)
            .env("TSUNAGU_KEYRING_SERVICE", &service)
            .env_remove("TSUNAGU_WORKSPACE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut input = child.stdin.take().unwrap();
        if let Some(s) = stdin {
            input.write_all(s.as_bytes()).unwrap();
        }
        drop(input);
        let o = child.wait_with_output().unwrap();
        let out = String::from_utf8_lossy(&o.stdout).into_owned();
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert!(
            !out.contains(CANARY) && !err.contains(CANARY),
            "the password never appears in output"
        );
        (o.status.code(), out, err)
    };
    assert_eq!(run(&["demo", ws, "--posts", "10"], None).0, Some(0));
    let (code, out, err) = run(
        &[
            "--workspace",
            ws,
            "account",
            "add",
            "bluesky",
            "--service",
            &server.url,
            "--handle",
            "minato.test",
        ],
        Some(&format!("{CANARY}\n")),
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("did:plc:fakeminato"));
    let (_, list, _) = run(&["--workspace", ws, "account", "list", "--json"], None);
    assert!(list.contains("\"state\": \"connected\""), "{list}");

    let text = dir.path().join("post.txt");
    std::fs::write(&text, "工場見学会を開きます #ものづくり\n").unwrap();
    // The CLI runs on the system clock.
    let now = tsunagu::clock::Clock::now(&tsunagu::clock::SystemClock);
    let soon = (now - chrono::Duration::minutes(1)).to_rfc3339();
    let (code, id, err) = run(
        &[
            "--workspace",
            ws,
            "post",
            "create",
            "--platform",
            "bluesky",
            "--at",
            &soon,
            "--text-file",
            text.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, Some(0), "{err}");
    let id = id.trim().to_string();
    assert_eq!(
        run(&["--workspace", ws, "review", "submit", &id], None).0,
        Some(0)
    );
    let (code, _, err) = run(&["--workspace", ws, "review", "approve", &id], None);
    assert_eq!(code, Some(2), "needs --confirm-checklist: {err}");
    let (code, _, err) = run(
        &[
            "--workspace",
            ws,
            "review",
            "approve",
            &id,
            "--confirm-checklist",
        ],
        None,
    );
    assert_eq!(code, Some(0), "{err}");
    let (code, report, err) = run(&["--workspace", ws, "publish-due", "--json"], None);
    assert_eq!(code, Some(0), "{err}");
    assert!(report.contains("\"published\": 1"), "{report}");
    let (_, show, _) = run(&["--workspace", ws, "post", "show", &id, "--json"], None);
    let v: serde_json::Value = serde_json::from_str(&show).unwrap();
    assert_eq!(v["status"], "published");
    assert!(v["jobs"][0]["remote_id"]
        .as_str()
        .unwrap()
        .starts_with("at://did:plc:fakeminato/"));
    assert_eq!(server.with(|s| s.records.len()), 1);
    let _ = Keychain::with_service(&service).delete(&format!(
        "account:{}",
        serde_json::from_str::<serde_json::Value>(&list).unwrap()[0]["id"]
            .as_str()
            .unwrap()
    ));
}
