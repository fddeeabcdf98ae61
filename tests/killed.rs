//! A publisher killed in the middle of a publish (SIGKILL while the platform has stored the
//! post but not yet answered) never publishes twice: the next run finds the job `in_flight`,
//! asks Bluesky whether the record exists before anything else, and sends Mastodon the same
//! `Idempotency-Key`. The publisher is the real `tsunagu publish-due` process with its
//! credentials in the real keychain, so this runs where the keychain tests run
//! (`scripts/test.sh`); elsewhere it returns at once. A request that times out after the
//! server stored the post is reconciled the same way.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fake_bluesky::FakeBluesky;
use common::fake_mastodon::FakeMastodon;
use std::io::Write as _;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tsunagu::secrets::{Keychain, SecretStore};

fn has_secret_service() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        && std::env::var_os("TSUNAGU_KEYCHAIN_TESTS").is_some()
}

struct Cli {
    service: String,
    ws: String,
}

impl Cli {
    fn spawn(&self, args: &[&str], stdin: Option<&str>) -> Child {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tsunagu"))
            // A request that hangs times out after 2 s instead of 30.
            .env("TSUNAGU_HTTP_TIMEOUT_SECS", "2")
            .arg("--workspace")
            .arg(&self.ws)
            .args(args)
            .env("TSUNAGU_KEYRING_SERVICE", &self.service)
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
        child
    }

    fn run(&self, args: &[&str], stdin: Option<&str>) -> String {
        let o = self.spawn(args, stdin).wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{args:?}: {err}");
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    fn post(&self, platform: &str, text_file: &str, minutes_ago: i64) -> String {
        let now = tsunagu::clock::Clock::now(&tsunagu::clock::SystemClock);
        let at = (now - chrono::Duration::minutes(minutes_ago)).to_rfc3339();
        let id = self
            .run(
                &[
                    "post",
                    "create",
                    "--platform",
                    platform,
                    "--at",
                    &at,
                    "--text-file",
                    text_file,
                ],
                None,
            )
            .trim()
            .to_string();
        // Sent by an ambassador, approved by the lead (never one's own post).
        self.run(&["whoami", "--hand-over", "山田 健一"], None);
        self.run(&["review", "submit", &id], None);
        self.run(&["whoami", "--hand-over", "前田 遥"], None);
        self.run(&["review", "approve", &id, "--confirm-checklist"], None);
        id
    }

    fn status(&self, id: &str) -> serde_json::Value {
        serde_json::from_str(&self.run(&["post", "show", id, "--json"], None)).unwrap()
    }
}

/// Runs `publish-due` until `stored` says the platform has the post, then kills it (SIGKILL).
fn kill_once_stored(cli: &Cli, stored: impl Fn() -> bool) {
    let mut child = cli.spawn(&["publish-due", "--json"], None);
    let until = Instant::now() + Duration::from_secs(60);
    while !stored() {
        assert!(
            Instant::now() < until,
            "the publisher never reached the server"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the publisher ended before it could be killed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_publisher_killed_mid_request_never_publishes_twice() {
    if !has_secret_service() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli {
        service: format!("jp.tsunagu.test.kill.{}", std::process::id()),
        ws: dir.path().join("ws").to_str().unwrap().to_string(),
    };
    let bluesky = FakeBluesky::start("minato.test", "kill-test-app-password");
    let mastodon = FakeMastodon::start();
    let o = Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(["demo", &cli.ws, "--posts", "10", "--fixture"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let listed = cli.run(
        &[
            "account",
            "add",
            "bluesky",
            "--service",
            &bluesky.url,
            "--handle",
            "minato.test",
        ],
        Some("kill-test-app-password\n"),
    );
    assert!(listed.contains("did:plc:fakeminato"));
    cli.run(
        &["account", "add", "mastodon", "--instance", &mastodon.url],
        Some("mastodon-token-1\n"),
    );
    let text = dir.path().join("post.txt");
    std::fs::write(&text, "工場見学会を開きます #ものづくり\n").unwrap();
    let text = text.to_str().unwrap();
    // Bluesky's post is due first, so the first run reaches it first.
    let first = cli.post("bluesky", text, 2);
    let second = cli.post("mastodon", text, 1);
    bluesky.with(|s| s.hang_after_store = 1);
    mastodon.with(|s| s.hang_after_create = 1);

    // Killed while Bluesky has the record but has not answered.
    kill_once_stored(&cli, || bluesky.with(|s| s.records.len() == 1));
    assert_eq!(cli.status(&first)["jobs"][0]["state"], "in_flight");
    assert_eq!(
        cli.status(&first)["status"],
        "scheduled",
        "not shown as published"
    );

    // The next run reconciles Bluesky, then is killed while Mastodon has the status.
    kill_once_stored(&cli, || mastodon.with(|s| s.statuses.len() == 1));
    let shown = cli.status(&first);
    assert_eq!(shown["status"], "published");
    assert!(shown["jobs"][0]["remote_id"]
        .as_str()
        .unwrap()
        .starts_with("at://did:plc:fakeminato/"));
    assert_eq!(cli.status(&second)["jobs"][0]["state"], "in_flight");

    // The last run sends Mastodon the same Idempotency-Key and gets the same status back.
    let report = cli.run(&["publish-due", "--json"], None);
    assert!(report.contains("\"published\": 1"), "{report}");
    assert_eq!(cli.status(&second)["status"], "published");

    let (records, puts) = bluesky.with(|s| (s.records.len(), s.puts));
    assert_eq!((records, puts), (1, 1), "asked, not sent again");

    // A request that times out after the server stored the post: unknown, then reconciled.
    let third = cli.post("bluesky", text, 0);
    bluesky.with(|s| s.hang_after_store = 1);
    let report = cli.run(&["publish-due", "--json"], None);
    assert!(report.contains("\"retrying\": 1"), "{report}");
    assert_eq!(cli.status(&third)["jobs"][0]["state"], "in_flight");
    assert!(cli.status(&third)["jobs"][0]["last_error"]
        .as_str()
        .unwrap()
        .contains("before Bluesky answered"));
    let report = cli.run(&["publish-due", "--json"], None);
    assert!(report.contains("\"published\": 1"), "{report}");
    let (records, puts) = bluesky.with(|s| (s.records.len(), s.puts));
    assert_eq!(
        (records, puts),
        (2, 2),
        "the timed-out post once, not twice"
    );
    let (statuses, requests) = mastodon.with(|s| (s.statuses.len(), s.posts));
    assert_eq!(statuses, 1, "zero duplicates");
    assert_eq!(requests, 2, "the same request, answered from its key");

    let accounts: serde_json::Value =
        serde_json::from_str(&cli.run(&["account", "list", "--json"], None)).unwrap();
    let keychain = Keychain::with_service(&cli.service);
    for a in accounts.as_array().unwrap() {
        let _ = keychain.delete(&format!("account:{}", a["id"].as_str().unwrap()));
    }
}
