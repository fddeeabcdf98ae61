//! Team sync through real servers on 127.0.0.1, started and stopped by the test: WebDAV
//! (wsgidav, with basic authentication) and S3-compatible storage (moto's server mode). Both
//! come from PyPI into a virtual environment outside the clone (`scripts/setup.sh`); with
//! `TSUNAGU_SERVER_TESTS=1` (set by `scripts/test.sh`) a missing server is a failure, without
//! it the tests say so and pass.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tsunagu::ids::RandomIds;
use tsunagu::model::Platform;
use tsunagu::secrets::{MemorySecrets, SecretStore};
use tsunagu::store::Source;
use tsunagu::sync::team::Role;
use tsunagu::sync::transport::Transport;
use tsunagu::sync::Place;
use tsunagu::Workspace;

fn pyenv() -> Option<PathBuf> {
    let dir = std::env::var_os("TSUNAGU_PYENV")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/tsunagu/pyenv"))
        })?;
    dir.join("bin/wsgidav").exists().then_some(dir)
}

fn servers_or_skip(what: &str) -> Option<PathBuf> {
    match pyenv() {
        Some(p) => Some(p),
        None if std::env::var_os("TSUNAGU_SERVER_TESTS").is_some() => {
            panic!("{what} is not installed; run scripts/setup.sh")
        }
        None => {
            eprintln!("skipped: {what} is not installed (scripts/setup.sh installs it)");
            None
        }
    }
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for(port: u16) {
    let until = Instant::now() + Duration::from_secs(60);
    while Instant::now() < until {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the server on port {port} did not start");
}

fn webdav(env: &std::path::Path, root: &std::path::Path) -> (Server, String) {
    let port = free_port();
    let config = root.join("wsgidav.yaml");
    std::fs::create_dir_all(root.join("share")).unwrap();
    std::fs::write(
        &config,
        format!(
            "host: 127.0.0.1\nport: {port}\nverbose: 0\nprovider_mapping:\n  \"/dav\": \"{}\"\nhttp_authenticator:\n  accept_basic: true\n  accept_digest: false\n  default_to_digest: false\nsimple_dc:\n  user_mapping:\n    \"*\":\n      \"sato\":\n        password: \"pw-webdav-7\"\n",
            root.join("share").display()
        ),
    )
    .unwrap();
    let child = Command::new(env.join("bin/wsgidav"))
        .arg("--config")
        .arg(&config)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server(child);
    wait_for(port);
    // The port opens before the server answers: wait until it answers a signed-in request
    // (a busy CI machine showed the gap).
    let client = reqwest::blocking::Client::new();
    let until = Instant::now() + Duration::from_secs(60);
    while Instant::now() < until {
        let answered = client
            .request(
                reqwest::Method::from_bytes(b"PROPFIND").unwrap(),
                format!("http://127.0.0.1:{port}/dav/"),
            )
            .basic_auth("sato", Some("pw-webdav-7"))
            .header("Depth", "0")
            .send()
            .is_ok_and(|r| r.status().as_u16() == 207);
        if answered {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (server, format!("http://127.0.0.1:{port}/dav/team"))
}

fn s3(env: &std::path::Path) -> (Server, String) {
    let port = free_port();
    let child = Command::new(env.join("bin/moto_server"))
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server(child);
    wait_for(port);
    let endpoint = format!("http://127.0.0.1:{port}");
    // The port can open before the server takes requests (a loaded CI machine refused the
    // first one): make the bucket until it answers.
    let client = reqwest::blocking::Client::new();
    let until = Instant::now() + Duration::from_secs(60);
    let r = loop {
        match client.put(format!("{endpoint}/tsunagu-team")).send() {
            Ok(r) => break r,
            Err(e) if Instant::now() < until => {
                let _ = e;
                std::thread::sleep(Duration::from_millis(200));
            }
            Err(e) => panic!("the S3 server never answered: {e}"),
        }
    };
    assert!(r.status().is_success(), "bucket made: {}", r.status());
    (server, endpoint)
}

/// The transport's promises, against the real server.
fn transport_keeps_its_promises(t: &dyn Transport, stray: impl Fn(&str, &[u8])) {
    assert!(t.list("log/").unwrap().is_empty());
    let name = "log/0011223344556677/000000000001-000000000001.seg";
    t.put_immutable(name, b"first").unwrap();
    t.put_immutable(name, b"first").unwrap();
    let err = t.put_immutable(name, b"other").unwrap_err().to_string();
    assert!(err.contains("restored from a backup"), "{err}");
    assert_eq!(t.get(name).unwrap(), b"first");
    t.put_head("heads/0011223344556677.json", b"{\"seq\":1}")
        .unwrap();
    t.put_head("heads/0011223344556677.json", b"{\"seq\":2}")
        .unwrap();
    assert_eq!(
        t.get("heads/0011223344556677.json").unwrap(),
        b"{\"seq\":2}"
    );
    stray("log/0011223344556677/desktop.ini", b"[.ShellClassInfo]");
    stray(
        "log/0011223344556677/000000000001-000000000001 (conflicted copy).seg",
        b"x",
    );
    assert_eq!(
        t.list("log/").unwrap(),
        vec![name.to_string()],
        "stray files are ignored"
    );
    assert!(matches!(
        t.get("log/0011223344556677/000000000002-000000000002.seg"),
        Err(tsunagu::Error::NotFound { .. })
    ));
}

/// A lead and an ambassador through `place`: join, admit, draft, approve, back again.
fn team_through(place: &Place, secret: &str) {
    let secrets = MemorySecrets::default();
    secrets.set(&place.secret_name(), secret).unwrap();
    let root = tempfile::tempdir().unwrap();
    let c = clock(at(2026, 11, 22, 3, 0));
    let mut lead = tsunagu::demo::build(
        &root.path().join("lead"),
        c.clone(),
        tsunagu::demo::DemoOptions {
            posts: 10,
            ..Default::default()
        },
    )
    .unwrap();
    lead.team_create(&secrets, place).unwrap();
    let who = tsunagu::app::people::people(&lead).unwrap()[2].id;
    let code = lead.team_invite(who, Role::Ambassador).unwrap();
    let mut amb = Workspace::join_team(
        &root.path().join("amb"),
        &code,
        place,
        &secrets,
        c.clone(),
        Arc::new(RandomIds),
    )
    .unwrap();
    let fp = amb.team_status().unwrap().fingerprint;
    assert_eq!(
        lead.team_status_with(&secrets).unwrap().requests[0].fingerprint,
        fp
    );
    lead.team_admit(&secrets, &fp).unwrap();
    // Admitted: the sealed team's data arrives in the next round.
    assert!(amb.sync_now(&secrets).unwrap().applied > 0);
    let post = amb
        .create_post_at(
            Source::Ui,
            None,
            "サーバー経由",
            "2026-12-20T12:00",
            &[Platform::X],
        )
        .unwrap()
        .id;
    write_body(&mut amb, post, "サーバーを通って届く下書き。");
    tsunagu::app::media::attach_image(&mut amb, Source::Ui, None, post, "photo.png", &png(32, 32))
        .unwrap();
    tsunagu::app::review::submit_for_review(&mut amb, post).unwrap();
    assert!(amb.sync_now(&secrets).unwrap().sent > 0);
    let r = lead.sync_now(&secrets).unwrap();
    assert_eq!(r.quarantined, 0, "{:?}", lead.sync_quarantine().unwrap());
    assert_eq!(
        lead.post(post).unwrap().body,
        "サーバーを通って届く下書き。"
    );
    let ticks_now = all_ticks(&lead);
    tsunagu::app::review::approve(&mut lead, post, &ticks_now, "").unwrap();
    lead.sync_now(&secrets).unwrap();
    amb.sync_now(&secrets).unwrap();
    assert_eq!(
        amb.post(post).unwrap().status,
        tsunagu::model::PostStatus::Scheduled
    );
    // The server's operator reads nothing: no name, no draft, no photo bytes.
    let photo = png(32, 32);
    let mut canaries: Vec<Vec<u8>> = tsunagu::app::people::people(&lead)
        .unwrap()
        .into_iter()
        .map(|p| p.name.into_bytes())
        .collect();
    canaries.push("サーバーを通って届く下書き".as_bytes().to_vec());
    canaries.push(photo[photo.len() / 2..photo.len() / 2 + 24].to_vec());
    let raw = place.open(&secrets, at(2026, 11, 22, 3, 0)).unwrap();
    let found = common::team::assert_nothing_readable(raw.as_ref(), &canaries);
    assert!(found.segments >= 3 && found.media >= 1, "{found:?}");
}

#[test]
fn webdav_with_a_real_server() {
    let Some(env) = servers_or_skip("wsgidav") else {
        return;
    };
    let root = tempfile::tempdir().unwrap();
    let (_server, url) = webdav(&env, root.path());
    let wrong = tsunagu::sync::remote::WebDavTransport::new(&url, "sato", "wrong");
    let refused = wrong.unwrap_err().to_string();
    assert!(
        refused.contains("401"),
        "a wrong password is refused with what to check (got: {refused})"
    );
    let t =
        tsunagu::sync::remote::WebDavTransport::new(&format!("{url}/check"), "sato", "pw-webdav-7")
            .unwrap();
    let client = reqwest::blocking::Client::new();
    transport_keeps_its_promises(&t, |name, bytes| {
        let r = client
            .put(format!("{url}/check/{}", name.replace(' ', "%20")))
            .basic_auth("sato", Some("pw-webdav-7"))
            .body(bytes.to_vec())
            .send()
            .unwrap();
        assert!(r.status().is_success(), "{}", r.status());
    });
    team_through(
        &Place::WebDav {
            url,
            user: "sato".into(),
        },
        "pw-webdav-7",
    );
}

#[test]
fn s3_with_a_real_server() {
    let Some(env) = servers_or_skip("moto") else {
        return;
    };
    let (_server, endpoint) = s3(&env);
    let cfg = tsunagu::publish::media_host::MediaHostConfig {
        endpoint: endpoint.clone(),
        bucket: "tsunagu-team".into(),
        region: "us-east-1".into(),
        access_key_id: "AKIDTEST".into(),
        virtual_hosted: false,
    };
    let t = tsunagu::sync::remote::S3Transport::new(
        cfg,
        "secret-s3-9",
        "check",
        at(2026, 11, 22, 3, 0),
    )
    .unwrap();
    let client = reqwest::blocking::Client::new();
    transport_keeps_its_promises(&t, |name, bytes| {
        let r = client
            .put(format!(
                "{endpoint}/tsunagu-team/check/{}",
                name.replace(' ', "%20")
            ))
            .body(bytes.to_vec())
            .send()
            .unwrap();
        assert!(r.status().is_success(), "{}", r.status());
    });
    team_through(
        &Place::S3 {
            endpoint,
            bucket: "tsunagu-team".into(),
            region: "us-east-1".into(),
            access_key_id: "AKIDTEST".into(),
            prefix: "team".into(),
        },
        "secret-s3-9",
    );
}
