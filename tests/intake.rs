//! The phone page against its listener, with a plain HTTP client: a sending that arrives whole
//! (stripped, linked to its giver and request), every refusal storing nothing, two hundred
//! sendings at once all kept once, and the listener gone when its time ends.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::net::{IpAddr, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tsunagu::ids::{PersonId, RowId};
use tsunagu::intake::server::Options;
use tsunagu::intake::session::{self, Session};
use tsunagu::model::{Participation, Role};
use tsunagu::roster::{ConsentInput, PersonInput, RequestInput};
use tsunagu::store::Source;
use tsunagu::Workspace;

struct Floor {
    _dir: tempfile::TempDir,
    door: Arc<Mutex<Workspace>>,
    hands: PersonId,
    face: PersonId,
    request: RowId,
}

fn person(ws: &mut Workspace, name: &str, mode: Participation) -> PersonId {
    let id = ws
        .add_person(
            Source::Ui,
            &PersonInput {
                name: name.into(),
                name_reading: String::new(),
                display_name: String::new(),
                department: Some("製造部".into()),
                site: None,
                role: Role::Ambassador,
                participation: vec![mode],
                handles: BTreeMap::new(),
                active: true,
            },
        )
        .unwrap();
    tsunagu::app::people::add_consent(
        ws,
        Source::Ui,
        id,
        &ConsentInput {
            modes: vec![mode],
            platforms: vec![],
            given_on: "2026-04-01".into(),
            expires_on: None,
            evidence_ref: "同意書".into(),
        },
    )
    .unwrap();
    id
}

fn floor() -> Floor {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 12, 1, 1, 0)), "Asia/Tokyo").unwrap();
    let hands = person(&mut ws, "佐藤 美咲", Participation::HandsOnly);
    let face = person(&mut ws, "高橋 翔太", Participation::FaceShown);
    let request = tsunagu::app::requests::send_request(
        &mut ws,
        Source::Ui,
        &RequestInput {
            title: "新しい治具の写真".into(),
            description: String::new(),
            due_on: Some("2026-12-20".into()),
            recurrence: None,
            people: vec![hands, face],
            departments: vec![],
        },
    )
    .unwrap();
    Floor {
        _dir: dir,
        door: Arc::new(Mutex::new(ws)),
        hands,
        face,
        request,
    }
}

fn open_intake(f: &Floor, open_for: Duration) -> Session {
    session::open(
        f.door.clone(),
        Options {
            bind: IpAddr::from([127, 0, 0, 1]),
            port: 0,
            open_for,
        },
        None,
        None,
    )
    .unwrap()
}

fn code_of(s: &Session, person: PersonId) -> String {
    s.codes
        .iter()
        .find(|c| c.person == Some(person))
        .unwrap()
        .url
        .clone()
}

fn http() -> reqwest::blocking::Client {
    static CLIENT: std::sync::OnceLock<reqwest::blocking::Client> = std::sync::OnceLock::new();
    CLIENT
        .get_or_init(|| {
            reqwest::blocking::Client::builder()
                .timeout(Duration::from_secs(60))
                .build()
                .unwrap()
        })
        .clone()
}

fn send(
    url: &str,
    photos: Vec<(&str, Vec<u8>)>,
    appearance: &str,
    comment: &str,
    extra: &[(&str, &str)],
) -> (u16, String) {
    let mut form = reqwest::blocking::multipart::Form::new()
        .text("appearance", appearance.to_string())
        .text("comment", comment.to_string());
    for (k, v) in extra {
        form = form.text(k.to_string(), v.to_string());
    }
    for (name, bytes) in photos {
        form = form.part(
            "photos",
            reqwest::blocking::multipart::Part::bytes(bytes).file_name(name.to_string()),
        );
    }
    let r = http().post(url).multipart(form).send().unwrap();
    (r.status().as_u16(), r.text().unwrap())
}

/// What a refusal must leave untouched: the rows and the files.
fn stored(f: &Floor) -> (usize, i64, usize) {
    let ws = f.door.lock().unwrap();
    let media: i64 = db(&ws)
        .query_row("SELECT count(*) FROM media", [], |r| r.get(0))
        .unwrap();
    let files = walk(&ws.dir().join("media"));
    (tsunagu::intake::listing(&ws).unwrap().len(), media, files)
}

fn db(ws: &Workspace) -> rusqlite::Connection {
    rusqlite::Connection::open(ws.dir().join("tsunagu.db")).unwrap()
}

fn walk(dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(|e| e.ok())
        .map(|e| {
            if e.path().is_dir() {
                walk(&e.path())
            } else {
                1
            }
        })
        .sum()
}

#[test]
fn a_phone_sending_arrives_stripped_and_linked_to_its_giver_and_request() {
    let f = floor();
    let s = open_intake(&f, Duration::from_secs(120));
    let url = code_of(&s, f.hands);

    let page = http().get(&url).send().unwrap();
    assert_eq!(page.status().as_u16(), 200);
    assert_eq!(page.headers()["referrer-policy"], "same-origin");
    let html = page.text().unwrap();
    assert!(
        html.contains("素材を送る") && html.contains("手元だけ"),
        "{html}"
    );
    assert!(
        html.contains("新しい治具の写真"),
        "the person's open request is offered"
    );
    let en = http()
        .get(&url)
        .header("Accept-Language", "en-US,en;q=0.9,ja;q=0.5")
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(en.contains("Send material") && !en.contains("素材を送る"));

    let request = f.request.as_string();
    let (status, body) = send(
        &url,
        vec![
            ("IMG_0001.jpg", photo_with_gps()),
            ("IMG_0002.png", png(40, 30)),
        ],
        "hands",
        "新しい治具を試しました",
        &[("request", &request)],
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("ありがとうございます") && body.contains("2 枚"));

    let ws = f.door.lock().unwrap();
    let list = tsunagu::intake::listing(&ws).unwrap();
    assert_eq!(list.len(), 1);
    let m = &list[0];
    assert_eq!(
        (m.person, m.request, m.origin.as_str()),
        (f.hands, Some(f.request), "phone")
    );
    assert_eq!(m.appearance, Some(tsunagu::model::Appearance::Hands));
    assert_eq!(m.comment, "新しい治具を試しました");
    assert_eq!(m.photos.len(), 2);
    let sha = &m.photos[0].sha256;
    let bytes = std::fs::read(
        ws.dir()
            .join("media")
            .join(&sha[..2])
            .join(format!("{sha}.jpg")),
    )
    .unwrap();
    let fields: Vec<exif::Tag> = exif::Reader::new()
        .read_from_container(&mut Cursor::new(&bytes))
        .map(|e| e.fields().map(|f| f.tag).collect())
        .unwrap_or_default();
    assert!(!fields.contains(&exif::Tag::GPSLatitudeRef), "{fields:?}");
    assert!(!fields.contains(&exif::Tag::Make));
    // The write carries its origin: the phone, acting as the giver.
    let (source, actor): (String, Option<String>) = db(&ws)
        .query_row(
            "SELECT source, actor_id FROM changes WHERE entity = 'materials' ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (source.as_str(), actor),
        ("phone", Some(f.hands.as_string()))
    );

    // It counts in the contribution ledger (which the temperature map reads) like any material.
    let month = tsunagu::calendar::YearMonth::parse("2026-12").unwrap();
    let ledger = tsunagu::app::recognition::ledger(&ws, month, month).unwrap();
    let hers = ledger.iter().find(|l| l.person == f.hands).unwrap();
    assert_eq!(hers.months.iter().map(|m| m.material_given).sum::<u32>(), 1);
    drop(ws);

    // The request is answered, and the material becomes a draft crediting the giver, her
    // hands marked on both photos for the exit's consent check.
    let mut ws = f.door.lock().unwrap();
    let board = tsunagu::app::requests::requests(&ws, Some(f.hands)).unwrap();
    assert_eq!(board[0].state, tsunagu::roster::RequestState::Answered);
    let post = tsunagu::app::materials::material_to_draft(&mut ws, Source::Ui, m.id).unwrap();
    let images = tsunagu::app::media::post_media(&ws, post).unwrap();
    assert_eq!(images.len(), 2);
    assert!(images
        .iter()
        .all(|i| i.people == vec![f.hands] && !i.faces_visible));
    drop(ws);
    s.intake.close();
}

#[test]
fn every_refusal_stores_nothing() {
    let f = floor();
    let s = open_intake(&f, Duration::from_secs(120));
    let hands = code_of(&s, f.hands);
    let base = s.intake.address();
    let before = stored(&f);

    // Wrong, expired and revoked codes.
    let wrong = format!("{base}/p/{}", "ab".repeat(24));
    assert_eq!(
        send(&wrong, vec![("a.png", png(8, 8))], "absent", "x", &[]).0,
        403
    );
    assert_eq!(http().get(&wrong).send().unwrap().status().as_u16(), 403);
    let expired = {
        let mut ws = f.door.lock().unwrap();
        let past = at(2026, 11, 30, 0, 0);
        let issued = session::issue_codes(&mut ws, Source::Cli, Some(f.request), past).unwrap();
        let token = &issued
            .iter()
            .find(|(i, _, _)| i.person == Some(f.hands))
            .unwrap()
            .0
            .token;
        format!("{base}/p/{token}")
    };
    let (status, page) = send(&expired, vec![("a.png", png(8, 8))], "absent", "x", &[]);
    assert_eq!(status, 403);
    assert!(page.contains("期限切れ"), "{page}");
    let face = code_of(&s, f.face);
    let face_id = s
        .codes
        .iter()
        .find(|c| c.person == Some(f.face))
        .unwrap()
        .token_id;
    session::revoke(&mut f.door.lock().unwrap(), Source::Ui, face_id).unwrap();
    let (status, page) = send(&face, vec![("a.png", png(8, 8))], "face", "x", &[]);
    assert_eq!(status, 403);
    assert!(page.contains("使えなくなりました"));

    // Anything that is not a code's page lists nothing.
    for path in ["/", "/p/", "/media", "/p/../tsunagu.db", "/favicon.ico"] {
        let r = http().get(format!("{base}{path}")).send().unwrap();
        assert_eq!(r.status().as_u16(), 404, "{path}");
    }

    // A body over the limit is refused from its length, before it is read.
    let addr = base.trim_start_matches("http://");
    let path = hands.trim_start_matches(&base);
    let mut conn = TcpStream::connect(addr).unwrap();
    write!(
        conn,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n--x\r\n",
        tsunagu::intake::MAX_BODY + 1
    )
    .unwrap();
    let mut reply = String::new();
    conn.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let _ = conn.read_to_string(&mut reply);
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");

    // Not an image; a face from someone who agreed to hands only; photos sent as "comment only".
    let (status, _) = send(
        &hands,
        vec![("notes.jpg", b"just text".to_vec())],
        "absent",
        "x",
        &[],
    );
    assert_eq!(status, 415);
    let mut heic = vec![0, 0, 0, 24];
    heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
    assert_eq!(
        send(&hands, vec![("IMG.HEIC", heic)], "absent", "", &[]).0,
        415
    );
    let (status, page) = send(
        &hands,
        vec![("me.jpg", photo_with_gps())],
        "face",
        "顔も写っています",
        &[],
    );
    assert_eq!(status, 422);
    assert!(
        page.contains("同意") && page.contains("何も保存していません"),
        "{page}"
    );
    assert_eq!(
        send(&hands, vec![("a.png", png(8, 8))], "comment_only", "", &[]).0,
        422
    );
    assert_eq!(
        send(&hands, vec![], "absent", "  ", &[]).0,
        422,
        "nothing to send"
    );

    // A form posted from another site, or to another name for this address.
    let form = reqwest::blocking::multipart::Form::new()
        .text("appearance", "absent")
        .text("comment", "from elsewhere");
    let r = http()
        .post(&hands)
        .header("Origin", "http://evil.example")
        .multipart(form)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let form = reqwest::blocking::multipart::Form::new()
        .text("appearance", "absent")
        .text("comment", "cross site");
    let r = http()
        .post(&hands)
        .header("Sec-Fetch-Site", "cross-site")
        .multipart(form)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let r = http()
        .get(&hands)
        .header("Host", "intranet.example:8787")
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);

    assert_eq!(stored(&f), before, "no refusal kept a row or a file");

    // The same code still works for a proper sending afterwards.
    assert_eq!(
        send(&hands, vec![], "comment_only", "ひとことだけ", &[]).0,
        200
    );
    assert_eq!(stored(&f).0, before.0 + 1);
    s.intake.close();
}

#[test]
fn two_hundred_sendings_at_once_are_each_kept_once() {
    let f = floor();
    let mut people = vec![f.hands, f.face];
    {
        let mut ws = f.door.lock().unwrap();
        for i in 0..3 {
            people.push(person(
                &mut ws,
                &format!("作業者 {i}"),
                Participation::HandsOnly,
            ));
        }
    }
    let s = open_intake(&f, Duration::from_secs(300));
    let urls: Vec<String> = people.iter().map(|p| code_of(&s, *p)).collect();
    let threads: Vec<_> = (0..200u32)
        .map(|i| {
            let url = urls[i as usize % urls.len()].clone();
            std::thread::spawn(move || {
                // Each photo differs, so each is its own file.
                let mut img = png(16, 16);
                let pixels = image::load_from_memory(&img).unwrap().to_rgb8();
                let mut pixels = pixels;
                pixels.put_pixel(0, 0, image::Rgb([(i % 256) as u8, (i / 256) as u8, 7]));
                img.clear();
                image::DynamicImage::ImageRgb8(pixels)
                    .write_to(&mut Cursor::new(&mut img), image::ImageFormat::Png)
                    .unwrap();
                send(
                    &url,
                    vec![("p.png", img)],
                    "absent",
                    &format!("no. {i}"),
                    &[],
                )
                .0
            })
        })
        .collect();
    let statuses: Vec<u16> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    let ws = f.door.lock().unwrap();
    let list = tsunagu::intake::listing(&ws).unwrap();
    assert_eq!(list.len(), 200);
    let mut comments: Vec<_> = list.iter().map(|m| m.comment.clone()).collect();
    comments.sort();
    comments.dedup();
    assert_eq!(comments.len(), 200, "every sending once");
    let mut hashes: Vec<_> = list.iter().map(|m| m.photos[0].sha256.clone()).collect();
    hashes.sort();
    hashes.dedup();
    assert_eq!(hashes.len(), 200);
    drop(ws);
    s.intake.close();
}

#[test]
fn the_listener_is_gone_when_its_time_ends_and_refuses_public_addresses() {
    let f = floor();
    let s = open_intake(&f, Duration::from_secs(2));
    let addr = s.intake.address().trim_start_matches("http://").to_string();
    assert!(TcpStream::connect(&addr).is_ok());
    std::thread::sleep(Duration::from_millis(3000));
    assert!(!s.intake.is_open());
    s.intake.wait();
    assert!(
        TcpStream::connect(&addr).is_err(),
        "nothing listens after the time"
    );

    for bind in ["0.0.0.0", "8.8.8.8", "::"] {
        let err = tsunagu::intake::server::Intake::open(
            f.door.clone(),
            Options::minutes(bind.parse().unwrap(), 0, 10),
        )
        .unwrap_err();
        assert!(err.to_string().contains("office network"), "{bind}: {err}");
    }
}

#[test]
fn a_request_code_lets_the_sender_pick_their_name_among_those_asked() {
    let f = floor();
    let outsider = person(
        &mut f.door.lock().unwrap(),
        "部外 者",
        Participation::FaceShown,
    );
    let s = open_intake(&f, Duration::from_secs(120));
    let url = s
        .codes
        .iter()
        .find(|c| c.person.is_none() && c.request == Some(f.request))
        .unwrap()
        .url
        .clone();
    let page = http().get(&url).send().unwrap().text().unwrap();
    assert!(page.contains(&f.hands.as_string()) && page.contains(&f.face.as_string()));
    assert!(
        !page.contains(&outsider.as_string()),
        "only the people asked are offered"
    );
    let before = stored(&f);
    let (o, h, fc) = (
        outsider.as_string(),
        f.hands.as_string(),
        f.face.as_string(),
    );
    assert_eq!(
        send(
            &url,
            vec![("a.png", png(8, 8))],
            "absent",
            "",
            &[("person", &o)]
        )
        .0,
        422
    );
    assert_eq!(
        send(&url, vec![("a.png", png(8, 8))], "absent", "", &[]).0,
        422
    );
    assert_eq!(
        send(
            &url,
            vec![("a.png", png(8, 8))],
            "face",
            "",
            &[("person", &h)]
        )
        .0,
        422
    );
    assert_eq!(stored(&f), before);
    let (status, _) = send(
        &url,
        vec![("me.png", png(9, 9))],
        "face",
        "朝礼にて",
        &[("person", &fc)],
    );
    assert_eq!(status, 200);
    let ws = f.door.lock().unwrap();
    let m = &tsunagu::intake::listing(&ws).unwrap()[0];
    assert_eq!((m.person, m.request), (f.face, Some(f.request)));
    drop(ws);
    s.intake.close();
}

#[test]
fn the_command_line_serves_the_page_and_lists_material() {
    let f = floor();
    let dir = f.door.lock().unwrap().dir().to_path_buf();
    drop(f.door);
    let dir = dir.to_str().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args([
            "--workspace",
            dir,
            "intake",
            "open",
            "--minutes",
            "1",
            "--bind",
            "127.0.0.1",
            "--port",
            "0",
            "--json",
        ])
        .env_remove("TSUNAGU_WORKSPACE")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let status: serde_json::Value = serde_json::from_str(&line).unwrap();
    let codes = status["codes"].as_array().unwrap();
    assert_eq!(codes.len(), 3, "two people and the open request: {line}");
    let url = codes[0]["url"].as_str().unwrap();
    assert!(url.starts_with("http://127.0.0.1:"));
    let (code, _) = send(url, vec![], "comment_only", "コマンドから", &[]);
    child.kill().unwrap();
    let _ = child.wait();
    assert_eq!(code, 200);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(["--workspace", dir, "material", "list", "--json"])
        .env_remove("TSUNAGU_WORKSPACE")
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["comment"], "コマンドから");
    assert_eq!(list[0]["origin"], "phone");
    assert_eq!(list[0]["appearance"], "comment_only");
}

#[test]
fn the_sheet_carries_a_code_a_phone_can_read_on_every_card() {
    let f = floor();
    let s = open_intake(&f, Duration::from_secs(60));
    let pdf = session::sheet(&f.door.lock().unwrap(), &s).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sheet.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let out = dir.path().join("page");
    let ok = std::process::Command::new("pdftoppm")
        .args([
            "-r",
            "150",
            "-gray",
            "-png",
            "-singlefile",
            "-f",
            "1",
            "-l",
            "1",
        ])
        .arg(&file)
        .arg(&out)
        .status()
        .expect("pdftoppm (poppler-utils) is installed by the test command");
    assert!(ok.success());
    let png_path = out.with_extension("png");
    if let Ok(shots) = std::env::var("TSUNAGU_E2E_SHOTS") {
        let _ = std::fs::copy(
            &png_path,
            std::path::Path::new(&shots).join("90-qr-sheet.png"),
        );
    }
    let img = image::open(&png_path).unwrap().to_luma8();
    let mut read: Vec<String> = rqrr::PreparedImage::prepare(img)
        .detect_grids()
        .into_iter()
        .map(|g| g.decode().unwrap().1)
        .collect();
    read.sort();
    let mut urls: Vec<String> = s.codes.iter().map(|c| c.url.clone()).collect();
    urls.sort();
    assert_eq!(read, urls, "every card's code reads back as its address");
    s.intake.close();
}
