//! The real OS keychain (Secret Service on Linux). `scripts/test.sh` runs the tests inside a
//! private D-Bus session with an unlocked gnome-keyring; without a Secret Service the same tests
//! check that the keychain's absence is a typed error with guidance, never a crash and never a
//! fallback to a file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fake_bluesky::FakeBluesky;
use common::*;
use tsunagu::secrets::{Keychain, SecretStore};
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
    let account = tsunagu::app::accounts::connect_bluesky(
        &mut ws,
        Source::Ui,
        &kc,
        &server.url,
        "minato.test",
        CANARY,
    )
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
    tsunagu::app::accounts::disconnect_account(&mut ws, Source::Ui, &kc, account.id).unwrap();
    assert_eq!(kc.get(&format!("account:{}", account.id)).unwrap(), None);
    assert_eq!(
        tsunagu::app::accounts::account(&ws, account.id)
            .unwrap()
            .state,
        "disconnected"
    );
}

/// Runs the CLI against the keychain namespace `service`; none of `canaries` may appear in
/// what it prints.
fn cli(
    service: &str,
    args: &[&str],
    stdin: Option<&str>,
    canaries: &[&str],
) -> (Option<i32>, String, String) {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(args)
        .env("TSUNAGU_KEYRING_SERVICE", service)
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
    for c in canaries {
        assert!(
            !out.contains(c) && !err.contains(c),
            "a secret never appears in output"
        );
    }
    (o.status.code(), out, err)
}

#[test]
fn the_headless_verbs_publish_through_the_keychain() {
    if !has_secret_service() {
        return; // Covered above: without a keychain, connecting refuses with guidance.
    }
    let service = format!("jp.tsunagu.test.cli.{}", std::process::id());
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let ws = ws.to_str().unwrap();
    let server = FakeBluesky::start("minato.test", CANARY);
    let run = |args: &[&str], stdin: Option<&str>| cli(&service, args, stdin, &[CANARY]);
    assert_eq!(
        run(&["demo", ws, "--posts", "10", "--fixture"], None).0,
        Some(0)
    );
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
    // A second account on the same platform (the company's hiring account), named and
    // coloured from the command line; posts choose it by id.
    let recruit = FakeBluesky::start("recruit.test", CANARY);
    let (code, _, err) = run(
        &[
            "--workspace",
            ws,
            "account",
            "add",
            "bluesky",
            "--service",
            &recruit.url,
            "--handle",
            "recruit.test",
        ],
        Some(&format!("{CANARY}\n")),
    );
    assert_eq!(code, Some(0), "{err}");
    let (_, listed, _) = run(&["--workspace", ws, "account", "list", "--json"], None);
    let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");
    let second = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["server_url"] == recruit.url.trim_end_matches('/'))
        .or_else(|| {
            listed
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["is_default"] == false)
        })
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (code, out, err) = run(
        &[
            "--workspace",
            ws,
            "account",
            "set",
            &second,
            "--name",
            "採用",
            "--colour",
            "#b91c1c",
        ],
        None,
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("採用"), "{out}");

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
            "--account",
            &second,
            "--at",
            &soon,
            "--text-file",
            text.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, Some(0), "{err}");
    let id = id.trim().to_string();
    // Sent for review by an ambassador: the lead does not approve what she sent herself.
    run(
        &["--workspace", ws, "whoami", "--hand-over", "山田 健一"],
        None,
    );
    assert_eq!(
        run(&["--workspace", ws, "review", "submit", &id], None).0,
        Some(0)
    );
    run(
        &["--workspace", ws, "whoami", "--hand-over", "前田 遥"],
        None,
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
    assert_eq!(
        (
            server.with(|s| s.records.len()),
            recruit.with(|s| s.records.len())
        ),
        (0, 1),
        "it went out through the account it named, not the default"
    );
    for a in listed.as_array().unwrap() {
        let _ = Keychain::with_service(&service)
            .delete(&format!("account:{}", a["id"].as_str().unwrap()));
    }
}

#[test]
fn instagram_and_the_media_host_from_the_command_line() {
    if !has_secret_service() {
        return;
    }
    use common::fake_containers::{FakeContainers, Kind, IG_TOKEN};
    let ig = FakeContainers::start(Kind::Instagram);
    let s3 = common::fake_s3::FakeS3::start();
    let service = format!("jp.tsunagu.test.ig.{}", std::process::id());
    let secrets = [IG_TOKEN, common::fake_s3::SECRET];
    let run = |args: &[&str], stdin: Option<&str>| cli(&service, args, stdin, &secrets);
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let ws = ws.to_str().unwrap();
    assert_eq!(
        run(&["demo", ws, "--posts", "1", "--fixture"], None).0,
        Some(0)
    );
    let (code, out, err) = run(
        &[
            "--workspace",
            ws,
            "account",
            "add",
            "instagram",
            "--api",
            &ig.url,
        ],
        Some(&format!("{IG_TOKEN}\n")),
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("minato_seiko"), "{out}");
    // A wrong key is refused when it is set, with what to check.
    s3.with(|s| s.refuse = true);
    let set = [
        "--workspace",
        ws,
        "media-host",
        "set",
        "--endpoint",
        &s3.url,
        "--bucket",
        common::fake_s3::BUCKET,
        "--region",
        "ap-northeast-1",
        "--access-key-id",
        common::fake_s3::ACCESS_KEY,
    ];
    let (code, _, err) = run(&set, Some(&format!("{}\n", common::fake_s3::SECRET)));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("secret key"), "{err}");
    s3.with(|s| s.refuse = false);
    let (code, out, err) = run(&set, Some("\n"));
    assert_eq!(code, Some(0), "the stored key is kept: {err}");
    assert!(out.contains("checked"), "{out}");
    let photo = dir.path().join("photo.png");
    std::fs::write(&photo, png(500, 500)).unwrap();
    let text = dir.path().join("post.txt");
    std::fs::write(&text, "現場の一枚 #ものづくり\n").unwrap();
    let soon = (tsunagu::clock::Clock::now(&tsunagu::clock::SystemClock)
        - chrono::Duration::minutes(1))
    .to_rfc3339();
    let (code, id, err) = run(
        &[
            "--workspace",
            ws,
            "post",
            "create",
            "--platform",
            "instagram",
            "--at",
            &soon,
            "--text-file",
            text.to_str().unwrap(),
            "--image",
            photo.to_str().unwrap(),
            "--alt",
            "溶接の火花",
        ],
        None,
    );
    assert_eq!(code, Some(0), "{err}");
    let id = id.trim().to_string();
    let (_, blocked, _) = run(&["--workspace", ws, "blocked", "--json"], None);
    assert_eq!(blocked.trim(), "[]", "the media host is set");
    // Sent for review by an ambassador: the lead does not approve what she sent herself.
    run(
        &["--workspace", ws, "whoami", "--hand-over", "山田 健一"],
        None,
    );
    assert_eq!(
        run(&["--workspace", ws, "review", "submit", &id], None).0,
        Some(0)
    );
    run(
        &["--workspace", ws, "whoami", "--hand-over", "前田 遥"],
        None,
    );
    let approve = [
        "--workspace",
        ws,
        "review",
        "approve",
        &id,
        "--confirm-checklist",
    ];
    assert_eq!(run(&approve, None).0, Some(0));
    let (code, report, err) = run(&["--workspace", ws, "publish-due", "--json"], None);
    assert_eq!(code, Some(0), "{err}");
    assert!(report.contains("\"published\": 1"), "{report}");
    assert_eq!(ig.with(|s| s.media.len()), 1);
    assert!(s3.with(|s| s.objects.is_empty()));
    let db = std::fs::read(std::path::Path::new(ws).join("tsunagu.db")).unwrap();
    let db = String::from_utf8_lossy(&db);
    assert!(!db.contains(IG_TOKEN) && !db.contains(common::fake_s3::SECRET));
    let kc = Keychain::with_service(&service);
    assert_eq!(
        kc.get("media-host").unwrap().as_deref(),
        Some(common::fake_s3::SECRET)
    );
    assert_eq!(
        run(&["--workspace", ws, "media-host", "remove"], None).0,
        Some(0)
    );
    assert_eq!(kc.get("media-host").unwrap(), None);
    let (_, list, _) = run(&["--workspace", ws, "account", "list", "--json"], None);
    let v: serde_json::Value = serde_json::from_str(&list).unwrap();
    let _ = kc.delete(&format!("account:{}", v[0]["id"].as_str().unwrap()));
}
