//! Publishing against a real Bluesky PDS (`@atproto/pds` with an in-memory PLC) on 127.0.0.1:
//! log in with an app password, publish Japanese text with a mention, a link and a hashtag
//! (facets checked by slicing the read-back UTF-8 bytes), publish with an image, refresh the
//! session, read the numbers back through the PDS's AppView (a fake one), delete.
//! `scripts/test.sh` installs the server once per machine and sets `TSUNAGU_TEST_PDS` to it;
//! the test starts and stops its own server.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use tsunagu::model::{Platform, PostStatus};
use tsunagu::platforms::bluesky::{Client, Session};
use tsunagu::secrets::{MemorySecrets, SecretStore};
use tsunagu::store::Source;

/// Every file under `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

struct Pds {
    child: Child,
    url: String,
}

impl Drop for Pds {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

fn start_pds(dir: &str, appview: &str) -> Pds {
    // Read at run time: a test binary reused from a shared target folder may have been built
    // in another checkout.
    let manifest = std::env::var("CARGO_MANIFEST_DIR")
        .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string());
    std::fs::copy(
        format!("{manifest}/tests/pds/start.mjs"),
        format!("{dir}/start.mjs"),
    )
    .unwrap();
    let mut child = Command::new("node")
        .arg("start.mjs")
        .env("APPVIEW_URL", appview)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("node runs the PDS");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("the PDS printed READY").unwrap();
        if let Some(url) = line.strip_prefix("READY ") {
            break url.to_string();
        }
    };
    Pds { child, url }
}

/// A fake AppView behind the PDS: `app.bsky.feed.getPosts` answers counters for any URI, and
/// remembers whether the PDS called it with its service token.
fn fake_appview() -> (String, std::sync::Arc<std::sync::Mutex<u32>>) {
    fn handle(mut stream: std::net::TcpStream, calls: &std::sync::Mutex<u32>) {
        use std::io::Write as _;
        let Some(req) = common::http::read(&stream) else {
            return;
        };
        let body = if req.target.starts_with("/xrpc/app.bsky.feed.getPosts")
            && req
                .headers
                .get("authorization")
                .is_some_and(|a| a.starts_with("Bearer "))
        {
            *calls.lock().unwrap() += 1;
            let uris: Vec<Value> = req
                .target
                .split(['?', '&'])
                .filter_map(|kv| kv.strip_prefix("uris="))
                .map(|u| {
                    let u = u.replace("%3A", ":").replace("%2F", "/");
                    json!({ "uri": u, "cid": "bafyfake", "author": {}, "record": {}, "indexedAt": "2026-11-22T03:00:00Z", "likeCount": 7, "repostCount": 2, "replyCount": 1, "quoteCount": 0 })
                })
                .collect();
            json!({ "posts": uris }).to_string()
        } else {
            json!({ "error": "MethodNotImplemented" }).to_string()
        };
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
    }
    common::http::serve(0u32, handle)
}

fn xrpc(url: &str, nsid: &str, bearer: Option<&str>, body: Value) -> Value {
    let client = reqwest::blocking::Client::new();
    let mut req = client.post(format!("{url}/xrpc/{nsid}")).json(&body);
    if let Some(b) = bearer {
        req = req.bearer_auth(b);
    }
    let resp = req.send().unwrap();
    let status = resp.status();
    let v: Value = resp.json().unwrap();
    assert!(status.is_success(), "{nsid}: {status} {v}");
    v
}

#[test]
fn publishing_to_a_real_pds() {
    let Ok(dir) = std::env::var("TSUNAGU_TEST_PDS") else {
        eprintln!("TSUNAGU_TEST_PDS is not set: scripts/test.sh installs the PDS and sets it");
        return;
    };
    let appview = fake_appview();
    let pds = start_pds(&dir, &appview.0);
    // An account and an app password, as a user would make them.
    let account = xrpc(
        &pds.url,
        "com.atproto.server.createAccount",
        None,
        json!({ "handle": "minato.test", "email": "pr@minato.test", "password": "main-password-1" }),
    );
    let app_password = xrpc(
        &pds.url,
        "com.atproto.server.createAppPassword",
        account["accessJwt"].as_str(),
        json!({ "name": "tsunagu" }),
    )["password"]
        .as_str()
        .unwrap()
        .to_string();

    let tmp = tempfile::tempdir().unwrap();
    let clock = clock(at(2026, 11, 22, 3, 0));
    let mut ws = tsunagu::demo::build(
        tmp.path(),
        clock,
        tsunagu::demo::DemoOptions {
            posts: 10,
            ..Default::default()
        },
    )
    .unwrap();
    let secrets = MemorySecrets::default();
    let connected = tsunagu::app::accounts::connect_bluesky(
        &mut ws,
        Source::Ui,
        &secrets,
        &pds.url,
        "minato.test",
        &app_password,
    )
    .unwrap();
    assert_eq!(connected.remote_id.as_deref(), account["did"].as_str());

    let text = "新しい治具の見学会を開きます。 @minato.test より。詳しくは https://minato-seiko.co.jp/tour へ #ものづくり";
    let approve = |ws: &mut tsunagu::Workspace, title: &str, body: &str, image: Option<&[u8]>| {
        let post = ws
            .create_post_at(
                Source::Ui,
                None,
                title,
                "2026-11-22T12:00",
                &[Platform::Bluesky],
            )
            .unwrap()
            .id;
        write_body(ws, post, body);
        if let Some(bytes) = image {
            let m = tsunagu::app::media::attach_image(ws, Source::Ui, None, post, "jig.png", bytes)
                .unwrap();
            tsunagu::app::media::update_media(
                ws,
                Source::Ui,
                None,
                m.id,
                &tsunagu::media::MediaPatch {
                    alt_text: Some("新しい治具".into()),
                    ..Default::default()
                },
            )
            .unwrap();
        }
        submit_and_approve(ws, post);
        post
    };
    let first = approve(&mut ws, "見学会", text, None);
    let report = ws.publish_due(&secrets, "test").unwrap();
    assert_eq!(report.published, 1, "{report:?}");
    assert_eq!(ws.post(first).unwrap().status, PostStatus::Published);
    let job = tsunagu::app::outbox::post_jobs(&ws, first)
        .unwrap()
        .remove(0);
    let uri = job.remote_id.unwrap();
    let rkey = uri.rsplit('/').next().unwrap().to_string();

    // Read it back from the server and check the facets against the UTF-8 bytes.
    let stored = secrets
        .get(&format!("account:{}", connected.id))
        .unwrap()
        .unwrap();
    let tokens: Value = serde_json::from_str(&stored).unwrap();
    let session = Session {
        access: tokens["access"].as_str().unwrap().into(),
        refresh: tokens["refresh"].as_str().unwrap().into(),
        did: connected.remote_id.clone().unwrap(),
        handle: "minato.test".into(),
    };
    let http = reqwest::blocking::Client::new();
    let record: Value = http
        .get(format!("{}/xrpc/com.atproto.repo.getRecord", pds.url))
        .query(&[
            ("repo", session.did.as_str()),
            ("collection", "app.bsky.feed.post"),
            ("rkey", rkey.as_str()),
        ])
        .send()
        .unwrap()
        .json()
        .unwrap();
    let value = &record["value"];
    assert_eq!(value["text"], text);
    let bytes = value["text"].as_str().unwrap().as_bytes();
    let slice = |i: usize| {
        let idx = &value["facets"][i]["index"];
        std::str::from_utf8(
            &bytes[idx["byteStart"].as_u64().unwrap() as usize
                ..idx["byteEnd"].as_u64().unwrap() as usize],
        )
        .unwrap()
        .to_string()
    };
    assert_eq!(slice(0), "@minato.test");
    assert_eq!(
        value["facets"][0]["features"][0]["did"], account["did"],
        "the mention resolved to the account's DID"
    );
    assert_eq!(slice(1), "https://minato-seiko.co.jp/tour");
    assert_eq!(slice(2), "#ものづくり");
    assert_eq!(value["facets"][2]["features"][0]["tag"], "ものづくり");

    // The numbers come back through the PDS, which passes app.bsky.* reads to its AppView.
    let r = ws.refresh_metrics(&secrets).unwrap();
    assert_eq!((r.read, r.failed.len()), (1, 0), "{r:?}");
    assert!(*appview.1.lock().unwrap() >= 1, "the PDS asked its AppView");
    let m = tsunagu::app::outbox::post_metrics(&ws, first)
        .unwrap()
        .remove(0);
    assert_eq!(
        (
            m.counts.likes,
            m.counts.reposts,
            m.counts.replies,
            m.counts.impressions
        ),
        (Some(7), Some(2), Some(1), None)
    );

    // With an image.
    let second = approve(
        &mut ws,
        "治具の写真",
        "新しい治具です。",
        Some(&png(64, 48)),
    );
    assert_eq!(ws.publish_due(&secrets, "test").unwrap().published, 1);
    let uri2 = tsunagu::app::outbox::post_jobs(&ws, second)
        .unwrap()
        .remove(0)
        .remote_id
        .unwrap();
    let client = Client::new(&pds.url).unwrap();
    let found = client
        .find_post(&session, uri2.rsplit('/').next().unwrap())
        .unwrap();
    assert!(found.is_some());

    // The exit check against the real server: an approved post whose text is changed in the
    // database file behind the app's back, and one whose approved photo is swapped on disk, are
    // held back; the server's repository gains no record, and a second pass sends nothing.
    let count = |http: &reqwest::blocking::Client| -> usize {
        let v: Value = http
            .get(format!("{}/xrpc/com.atproto.repo.listRecords", pds.url))
            .query(&[
                ("repo", session.did.as_str()),
                ("collection", "app.bsky.feed.post"),
                ("limit", "100"),
            ])
            .send()
            .unwrap()
            .json()
            .unwrap();
        v["records"].as_array().unwrap().len()
    };
    let before = count(&http);
    assert_eq!(before, 2);
    let edited = approve(&mut ws, "差し替え", "承認された文章です。", None);
    let swapped = approve(
        &mut ws,
        "写真差し替え",
        "承認された写真です。",
        Some(&png(32, 24)),
    );
    let db = rusqlite::Connection::open(ws.dir().join("tsunagu.db")).unwrap();
    db.execute(
        "UPDATE posts SET body = '承認されていない文章です。' WHERE id = ?1",
        [edited.as_string()],
    )
    .unwrap();
    let sha: String = db
        .query_row(
            "SELECT m.sha256 FROM media m JOIN post_media pm ON pm.media_id = m.id WHERE pm.post_id = ?1",
            [swapped.as_string()],
            |r| r.get(0),
        )
        .unwrap();
    let file = walk(ws.dir())
        .into_iter()
        .find(|p| {
            !p.components().any(|c| c.as_os_str() == "thumbs")
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(&sha))
        })
        .expect("the approved photo is on disk");
    std::fs::write(&file, png(40, 30)).unwrap();
    let r = ws.publish_due(&secrets, "test").unwrap();
    assert_eq!((r.published, r.held_back), (0, 2), "{r:?}");
    assert_eq!(ws.post(edited).unwrap().status, PostStatus::InReview);
    assert_eq!(ws.post(swapped).unwrap().status, PostStatus::InReview);
    let why = tsunagu::app::review::audit_log(&ws, Some(swapped))
        .unwrap()
        .into_iter()
        .find(|e| e.action == tsunagu::review::ReviewAction::Voided)
        .expect("the audit log says why");
    assert!(why.comment.contains("\"image:1\""), "{}", why.comment);
    assert_eq!(ws.publish_due(&secrets, "test").unwrap().published, 0);
    assert_eq!(
        count(&http),
        before,
        "nothing unapproved reached the server"
    );

    // The session refreshes to a new pair that works.
    let renewed = client.refresh(session.refresh.expose()).unwrap();
    // Issued within the same second, the access token may be identical; the refresh token rotates.
    assert_ne!(renewed.refresh, session.refresh);
    let renewed = Session {
        did: session.did.clone(),
        handle: session.handle.clone(),
        ..renewed
    };
    assert!(client.find_post(&renewed, &rkey).unwrap().is_some());

    // Delete (twice is fine), then it is gone.
    client.delete_post(&renewed, &rkey).unwrap();
    client.delete_post(&renewed, &rkey).unwrap();
    assert!(client.find_post(&renewed, &rkey).unwrap().is_none());
}
