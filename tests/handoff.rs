//! Posting by hand through the phone page: a handed-off job is never sent by the publisher
//! (even with a working account), the page shows exactly the approved text and images, the
//! post's address is taken back once and only for the approved content, and an edit after the
//! handoff sends the post back to review and refuses the address.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tsunagu::intake::server::{Intake, Options};
use tsunagu::model::{Platform, PostStatus};
use tsunagu::publish::handoff;
use tsunagu::store::Source;
use tsunagu::Workspace;

const PASSWORD: &str = "canary-app-pass-h4nd-0ff1";

fn http() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

fn tell(url: &str, hash: &str, address: &str) -> (u16, String) {
    let form = reqwest::blocking::multipart::Form::new()
        .text("hash", hash.to_string())
        .text("url", address.to_string());
    let r = http().post(url).multipart(form).send().unwrap();
    (r.status().as_u16(), r.text().unwrap())
}

/// Opens the phone page on the loopback and hands `job` off: the workspace behind its lock, the
/// listener, the handoff page's address, and the post's title and platform.
fn hand_off(
    ws: Workspace,
    job: tsunagu::ids::RowId,
) -> (Arc<Mutex<Workspace>>, Intake, String, (String, Platform)) {
    let door = Arc::new(Mutex::new(ws));
    let intake = Intake::open(
        door.clone(),
        Options {
            bind: IpAddr::from([127, 0, 0, 1]),
            port: 0,
            open_for: Duration::from_secs(120),
        },
    )
    .unwrap();
    let (issued, title, platform) = {
        let mut ws = door.lock().unwrap();
        tsunagu::intake::handoff::issue(&mut ws, Source::Ui, job, at(2026, 11, 22, 6, 0)).unwrap()
    };
    let url = format!("{}/h/{}", intake.address(), issued.token);
    (door, intake, url, (title, platform))
}

fn hidden_hash(page: &str) -> String {
    let at = page.find("name=\"hash\" value=\"").unwrap() + "name=\"hash\" value=\"".len();
    page[at..at + 64].to_string()
}

#[test]
fn a_handed_off_post_is_posted_by_hand_once_and_never_by_the_publisher() {
    let dir = tempfile::tempdir().unwrap();
    let c = clock(at(2026, 11, 22, 3, 0));
    let mut ws = tsunagu::demo::build(
        dir.path(),
        c.clone(),
        tsunagu::demo::DemoOptions {
            posts: 10,
            ..Default::default()
        },
    )
    .unwrap();
    let (server, secrets) = connect_fake_bluesky(&mut ws, PASSWORD);
    let post = approved_post(
        &mut ws,
        None,
        "工場見学会",
        "12月の工場見学会の参加者を募集します",
        "2026-11-22T12:00",
        &[Platform::Bluesky],
    );
    attach_with_alt(&mut ws, post, &png(40, 30), "見学コースの地図");
    submit_and_approve(&mut ws, post);
    let job = handoff::candidates(&ws)
        .unwrap()
        .into_iter()
        .find(|c| c.post == post)
        .unwrap()
        .job;

    let (door, intake, url, (title, platform)) = hand_off(ws, job);
    assert_eq!(
        (title.as_str(), platform),
        ("工場見学会", Platform::Bluesky)
    );

    // The publisher leaves it alone, though the account works and the time has come.
    {
        let mut ws = door.lock().unwrap();
        let report = ws.publish_due(&secrets, "test").unwrap();
        assert_eq!(report.published, 0);
        assert_eq!(
            server.with(|s| s.records.len()),
            0,
            "nothing was sent to the platform"
        );
    }

    // The page shows the approved text and the image, and a material code does not open it.
    let page = http().get(&url).send().unwrap().text().unwrap();
    assert!(
        page.contains("12月の工場見学会の参加者を募集します") && page.contains("見学コースの地図")
    );
    let img = http().get(format!("{url}/img/1")).send().unwrap();
    assert_eq!(img.status().as_u16(), 200);
    assert!(img.bytes().unwrap().starts_with(b"\x89PNG"));
    assert_eq!(
        http()
            .get(format!("{url}/img/2"))
            .send()
            .unwrap()
            .status()
            .as_u16(),
        404
    );
    assert_eq!(
        http()
            .get(url.replace("/h/", "/p/"))
            .send()
            .unwrap()
            .status()
            .as_u16(),
        403
    );
    let hash = hidden_hash(&page);

    // An address that is not a post on the platform, or content it was not shown, is refused.
    assert_eq!(tell(&url, &hash, "https://example.com/post/1").0, 422);
    assert_eq!(
        tell(&url, &hash, "http://bsky.app/profile/minato.test/post/3k").0,
        422
    );
    assert_eq!(
        tell(
            &url,
            &"0".repeat(64),
            "https://bsky.app/profile/minato.test/post/3k"
        )
        .0,
        409
    );
    assert_eq!(
        door.lock().unwrap().post(post).unwrap().status,
        PostStatus::Scheduled
    );

    // The address is taken once; the post is published, with no second send.
    let (status, body) = tell(
        &url,
        &hash,
        "https://bsky.app/profile/minato.test/post/3kabc",
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("記録しました"));
    let (status, body) = tell(
        &url,
        &hash,
        "https://bsky.app/profile/minato.test/post/3kdef",
    );
    assert_eq!(status, 409);
    assert!(body.contains("もう記録されています"), "{body}");
    {
        let mut ws = door.lock().unwrap();
        assert_eq!(ws.post(post).unwrap().status, PostStatus::Published);
        let jobs = tsunagu::app::outbox::post_jobs(&ws, post).unwrap();
        assert_eq!(jobs.len(), 1);
        assert_eq!(
            jobs[0].remote_url.as_deref(),
            Some("https://bsky.app/profile/minato.test/post/3kabc")
        );
        ws.publish_due(&secrets, "test").unwrap();
        assert_eq!(server.with(|s| s.records.len()), 0);
    }
    intake.close();
}

#[test]
fn an_edit_after_the_handoff_sends_the_post_back_and_refuses_the_address() {
    let dir = tempfile::tempdir().unwrap();
    let c = clock(at(2026, 11, 22, 3, 0));
    let mut ws: Workspace = tsunagu::demo::build(
        dir.path(),
        c.clone(),
        tsunagu::demo::DemoOptions {
            posts: 10,
            ..Default::default()
        },
    )
    .unwrap();
    let post = approved_post(
        &mut ws,
        None,
        "採用説明会",
        "説明会は12月5日です",
        "2026-11-23T12:00",
        &[Platform::Instagram],
    );
    let job = handoff::candidates(&ws)
        .unwrap()
        .into_iter()
        .find(|c| c.post == post)
        .unwrap()
        .job;
    let (door, intake, url, _) = hand_off(ws, job);
    let hash = hidden_hash(&http().get(&url).send().unwrap().text().unwrap());

    write_body(&mut door.lock().unwrap(), post, "説明会は12月6日です");
    let (status, body) = tell(&url, &hash, "https://www.instagram.com/p/Cxyz/");
    assert_eq!(status, 409);
    assert!(body.contains("承認のあとで内容が変わりました"), "{body}");
    let ws = door.lock().unwrap();
    assert_ne!(ws.post(post).unwrap().status, PostStatus::Published);
    assert!(tsunagu::app::outbox::post_jobs(&ws, post)
        .unwrap()
        .iter()
        .all(|j| j.state != "published"));
    drop(ws);
    assert!(handoff::address_fits(
        Platform::X,
        "https://x.com/minato/status/1"
    ));
    assert!(!handoff::address_fits(
        Platform::X,
        "https://x.com.evil.example/status/1"
    ));
    assert!(handoff::address_fits(
        Platform::Threads,
        "https://www.threads.net/@minato/post/C1"
    ));
    intake.close();
}

#[test]
fn phones_racing_to_send_the_address_record_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let c = clock(at(2026, 11, 22, 3, 0));
    let mut ws: Workspace = tsunagu::demo::build(
        dir.path(),
        c.clone(),
        tsunagu::demo::DemoOptions {
            posts: 10,
            ..Default::default()
        },
    )
    .unwrap();
    let post = approved_post(
        &mut ws,
        None,
        "競争",
        "同時に知らせても一度だけ",
        "2026-11-23T12:00",
        &[Platform::Threads],
    );
    let job = handoff::candidates(&ws)
        .unwrap()
        .into_iter()
        .find(|c| c.post == post)
        .unwrap()
        .job;
    let (door, intake, url, _) = hand_off(ws, job);
    let hash = hidden_hash(&http().get(&url).send().unwrap().text().unwrap());
    // Eight phones (or one impatient person tapping) send different addresses at once.
    let sent: Vec<(u16, String)> = (0..8)
        .map(|i| {
            let (url, hash) = (url.clone(), hash.clone());
            std::thread::spawn(move || {
                let address = format!("https://www.threads.net/@minato/post/C{i}");
                (tell(&url, &hash, &address).0, address)
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().unwrap())
        .collect();
    let taken: Vec<&String> = sent
        .iter()
        .filter(|(s, _)| *s == 200)
        .map(|(_, a)| a)
        .collect();
    assert_eq!(taken.len(), 1, "{sent:?}");
    assert!(sent.iter().all(|(s, _)| *s == 200 || *s == 409), "{sent:?}");
    let ws = door.lock().unwrap();
    let jobs = tsunagu::app::outbox::post_jobs(&ws, post).unwrap();
    assert_eq!(jobs[0].remote_url.as_deref(), Some(taken[0].as_str()));
    let attempts: i64 = rusqlite::Connection::open(dir.path().join("tsunagu.db"))
        .unwrap()
        .query_row(
            "SELECT count(*) FROM publish_attempts WHERE job_id = ?1 AND outcome = 'published'",
            [job.as_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(attempts, 1, "recorded once");
    drop(ws);
    intake.close();
}
