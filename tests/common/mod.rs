//! Helpers shared by the core integration tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use std::path::Path;
use std::sync::Arc;
use tsunagu::clock::FixedClock;
use tsunagu::ids::SeededIds;
use tsunagu::model::Language;
use tsunagu::workspace::InitOptions;
use tsunagu::Workspace;

pub mod team;

pub fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

pub fn clock(now: DateTime<Utc>) -> Arc<FixedClock> {
    Arc::new(FixedClock::new(now))
}

/// The demo company as the fixture tests share: its data built around Sunday 2026-11-22, not
/// marked as the demo (so it may do what only a company's own workspace does).
pub fn demo_company() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = tsunagu::demo::build(
        dir.path(),
        clock(at(2026, 11, 22, 3, 0)),
        tsunagu::demo::DemoOptions::default(),
    )
    .unwrap();
    (dir, ws)
}

pub fn init(tz: &str) -> InitOptions {
    InitOptions {
        name: "テスト株式会社".into(),
        time_zone: tz.into(),
        language: Language::System,
        device_name: "test".into(),
        bare: false,
    }
}

pub fn open(dir: &Path, clock: Arc<FixedClock>, tz: &str) -> tsunagu::Result<Workspace> {
    Workspace::open(dir, clock, Arc::new(SeededIds::new(9)), &init(tz))
}

/// Every file in `dir` with its bytes, to prove an operation changed nothing.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

pub mod fake_bluesky;
pub mod fake_broker;
pub mod fake_chat;
pub mod fake_containers;
pub mod fake_facebook;
pub mod fake_line;
pub mod fake_linkedin;
pub mod fake_mastodon;
pub mod fake_openai;
pub mod fake_s3;
pub mod fake_x;
pub mod http;
pub mod pdf;
pub mod window;

/// Replaces a post's main text, keeping everything else.
pub fn write_body(ws: &mut Workspace, post: tsunagu::ids::PostId, body: &str) {
    let d = ws.post(post).unwrap();
    ws.save_draft(
        tsunagu::store::Source::Ui,
        None,
        post,
        &tsunagu::posts::DraftInput {
            title: d.title,
            body: body.into(),
            variants: d.variants,
            theme_id: d.theme_id,
            accounts: None,
        },
    )
    .unwrap();
}

/// A draft by this device's person, written and sent for review.
pub fn submitted_draft(
    ws: &mut Workspace,
    title: &str,
    local: &str,
    platform: tsunagu::model::Platform,
    body: &str,
) -> tsunagu::ids::PostId {
    let post = ws
        .create_post_at(tsunagu::store::Source::Ui, None, title, local, &[platform])
        .unwrap()
        .id;
    write_body(ws, post, body);
    tsunagu::app::review::submit_for_review(ws, post).unwrap();
    post
}

/// Every checklist item of the current guideline, as a reviewer ticks them.
pub fn all_ticks(ws: &Workspace) -> Vec<String> {
    ws.linter()
        .unwrap()
        .rules()
        .checklist
        .iter()
        .map(|c| c.id.clone())
        .collect()
}

/// Submits `post` as its writer (its author, else an ambassador: one cannot approve one's own
/// post while another reviewer exists) and approves it as the person this device belongs to
/// (the demo's device belongs to the lead).
pub fn submit_and_approve(ws: &mut Workspace, post: tsunagu::ids::PostId) {
    submit_as_writer(ws, post);
    let ticks = all_ticks(ws);
    tsunagu::app::review::approve(ws, post, &ticks, "").unwrap();
}

/// Makes `ws`'s device act as `person`: a hand-over outside a team; in a team (where the app
/// refuses it) the test stands in for that person's own laptop by setting the row directly.
pub fn act_as(ws: &mut Workspace, person: tsunagu::ids::PersonId) {
    if ws.in_team().unwrap() {
        let db = rusqlite::Connection::open(ws.dir().join("tsunagu.db")).unwrap();
        db.execute(
            "UPDATE devices SET person_id = ?1 WHERE id = ?2",
            [person.as_string(), ws.device().as_string()],
        )
        .unwrap();
    } else {
        ws.hand_over_device(tsunagu::store::Source::Ui, person)
            .unwrap();
    }
}

/// Submits `post` for review as an ambassador (its writer), then gives the device
/// back to the person it belongs to.
pub fn submit_as_writer(ws: &mut Workspace, post: tsunagu::ids::PostId) {
    let me = ws.me().unwrap();
    let writer = tsunagu::app::people::people(ws)
        .unwrap()
        .into_iter()
        .find(|p| p.role == tsunagu::model::Role::Ambassador && p.active && Some(p.id) != me)
        .map(|p| p.id);
    match (writer, me) {
        (Some(w), Some(me)) if w != me => {
            act_as(ws, w);
            tsunagu::app::review::submit_for_review(ws, post).unwrap();
            act_as(ws, me);
        }
        _ => tsunagu::app::review::submit_for_review(ws, post).unwrap(),
    }
}

/// A post with `body` for `platforms` at `local` (workspace wall clock), written by `author`,
/// submitted and approved.
pub fn approved_post(
    ws: &mut Workspace,
    author: Option<tsunagu::ids::PersonId>,
    title: &str,
    body: &str,
    local: &str,
    platforms: &[tsunagu::model::Platform],
) -> tsunagu::ids::PostId {
    let post = ws
        .create_post_at(tsunagu::store::Source::Ui, author, title, local, platforms)
        .unwrap()
        .id;
    write_body(ws, post, body);
    submit_and_approve(ws, post);
    post
}

/// A demo workspace of ten posts on a fixed clock, in a temporary folder.
pub fn demo_ws(clock: Arc<FixedClock>) -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = tsunagu::demo::build(
        dir.path(),
        clock,
        tsunagu::demo::DemoOptions {
            posts: 10,
            ..Default::default()
        },
    )
    .unwrap();
    (dir, ws)
}

/// A small PNG, `w`×`h`, with a gradient.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img =
        image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 4) as u8, (y * 5) as u8, 120]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// Attaches `bytes` to `post` with an alt text.
pub fn attach_with_alt(ws: &mut Workspace, post: tsunagu::ids::PostId, bytes: &[u8], alt: &str) {
    let m = tsunagu::app::media::attach_image(
        ws,
        tsunagu::store::Source::Ui,
        None,
        post,
        "photo.png",
        bytes,
    )
    .unwrap();
    tsunagu::app::media::update_media(
        ws,
        tsunagu::store::Source::Ui,
        None,
        m.id,
        &tsunagu::media::MediaPatch {
            alt_text: Some(alt.into()),
            ..Default::default()
        },
    )
    .unwrap();
}

/// The system browser in OAuth tests: opens the approval page on its own thread (the app
/// waits on its loopback listener meanwhile), follows the redirect back to the app, and
/// checks the page the app shows.
pub fn browser(url: &str) -> tsunagu::Result<()> {
    let url = url.to_string();
    std::thread::spawn(move || {
        let page = reqwest::blocking::get(url).unwrap().text().unwrap();
        assert!(page.contains("Connected"), "{page}");
    });
    Ok(())
}

/// Everything a secret could leak into: the database, its WAL and every backup (a new one is
/// taken), every export, the change log, and what the accounts and `extra` print.
pub fn leak_haystack(ws: &mut Workspace, extra: &str) -> String {
    ws.backup_now().unwrap();
    let mut hay = Vec::new();
    let mut files = vec![ws.dir().join("tsunagu.db"), ws.dir().join("tsunagu.db-wal")];
    if let Ok(dir) = std::fs::read_dir(ws.dir().join("backups")) {
        files.extend(dir.flatten().map(|e| e.path()));
    }
    for f in files {
        hay.extend(std::fs::read(f).unwrap_or_default());
    }
    hay.extend(
        tsunagu::app::calendar::export_ics(ws, Default::default())
            .unwrap()
            .into_bytes(),
    );
    hay.extend(tsunagu::app::review::audit_csv(ws).unwrap().into_bytes());
    hay.extend(
        tsunagu::app::people::export_roster(ws)
            .unwrap()
            .into_bytes(),
    );
    let changes = ws.changes_since(0, usize::MAX).unwrap();
    hay.extend(
        format!(
            "{changes:?}{:?}{extra}",
            tsunagu::app::accounts::accounts(ws).unwrap()
        )
        .into_bytes(),
    );
    String::from_utf8_lossy(&hay).into_owned()
}

/// A fake Bluesky server connected to `ws` as its account "minato.test" with `password`
/// (secrets in memory).
pub fn connect_fake_bluesky(
    ws: &mut Workspace,
    password: &str,
) -> (fake_bluesky::FakeBluesky, tsunagu::secrets::MemorySecrets) {
    let server = fake_bluesky::FakeBluesky::start("minato.test", password);
    let secrets = tsunagu::secrets::MemorySecrets::default();
    tsunagu::app::accounts::connect_bluesky(
        ws,
        tsunagu::store::Source::Ui,
        &secrets,
        &server.url,
        "minato.test",
        password,
    )
    .unwrap();
    (server, secrets)
}

/// Connecting a token account: `access` for `platform` on the fake at `api`, posting as
/// `target` (an organisation or Page id) when given; no refresh token, no stated lifetime.
pub fn token_connect(
    platform: tsunagu::model::Platform,
    api: &str,
    access: &str,
    target: Option<&str>,
) -> tsunagu::publish::tokens::TokenConnect {
    tsunagu::publish::tokens::TokenConnect {
        platform,
        api: api.into(),
        granted: tsunagu::publish::tokens::Granted {
            access: access.into(),
            refresh: None,
            expires_in: None,
            scope: None,
        },
        target: target.map(str::to_string),
        exchange_url: None,
        client_id: None,
    }
}

/// Signs in to the fake LinkedIn at `api` through the fake company endpoint at `broker` (the
/// browser follows the consent page), as a member.
pub fn linkedin_broker_sign_in(api: &str, broker: &str) -> tsunagu::publish::tokens::TokenConnect {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    tsunagu::publish::tokens::broker_sign_in(
        &tsunagu::publish::tokens::BrokerSignIn {
            platform: tsunagu::model::Platform::Linkedin,
            api: api.to_string(),
            exchange_url: broker.to_string(),
            client_id: fake_linkedin::CLIENT_ID.into(),
            port,
            target: None,
        },
        &browser,
    )
    .unwrap()
}

/// Sets the fake S3 bucket at `s3_url` as the workspace's media host.
pub fn use_fake_media_host(
    ws: &mut Workspace,
    secrets: &dyn tsunagu::secrets::SecretStore,
    s3_url: &str,
) {
    tsunagu::app::media_host::set_media_host(
        ws,
        tsunagu::store::Source::Ui,
        secrets,
        Some(tsunagu::publish::media_host::MediaHostConfig {
            endpoint: s3_url.to_string(),
            bucket: fake_s3::BUCKET.into(),
            region: "ap-northeast-1".into(),
            access_key_id: fake_s3::ACCESS_KEY.into(),
            virtual_hosted: false,
        }),
        fake_s3::SECRET,
    )
    .unwrap();
}

/// A demo workspace of `posts` posts at 2026-11-22 03:00 UTC, with a fake Mastodon server
/// connected as its account (secrets in memory).
pub fn demo_with_mastodon(
    posts: u64,
) -> (
    tempfile::TempDir,
    Workspace,
    fake_mastodon::FakeMastodon,
    tsunagu::secrets::MemorySecrets,
    Arc<FixedClock>,
) {
    let dir = tempfile::tempdir().unwrap();
    let c = clock(at(2026, 11, 22, 3, 0));
    let mut ws = tsunagu::demo::build(
        dir.path(),
        c.clone(),
        tsunagu::demo::DemoOptions {
            posts,
            ..Default::default()
        },
    )
    .unwrap();
    let server = fake_mastodon::FakeMastodon::start();
    let secrets = tsunagu::secrets::MemorySecrets::default();
    let account = tsunagu::app::accounts::connect_mastodon(
        &mut ws,
        tsunagu::store::Source::Ui,
        &secrets,
        &server.url,
        &browser,
    )
    .unwrap();
    assert_eq!(account.handle, "minato_pr");
    (dir, ws, server, secrets, c)
}

/// The choices a generated case is made of, one number per decision. Property tests draw
/// them with proptest ([`choices`]); when a case fails, proptest shrinks the numbers towards
/// zero (the first option of every decision) and the list towards empty (every later decision
/// takes its first option), and the same test code reads the smaller case again. A case that
/// was generated from a seed before the property tests existed is replayed with
/// [`Choices::replay`], so today's seeds stay as regression cases.
#[derive(Debug, Clone)]
pub struct Choices {
    values: Vec<u64>,
    at: usize,
    /// Replaying a seeded case: the seed generator's state.
    replay: Option<u64>,
}

impl Choices {
    pub fn new(values: Vec<u64>) -> Self {
        Choices {
            values,
            at: 0,
            replay: None,
        }
    }

    /// The numbers the seeded generator (xorshift) made from `seed` before the property tests.
    pub fn replay(seed: u64) -> Self {
        Choices {
            values: Vec::new(),
            at: 0,
            replay: Some(seed),
        }
    }

    pub fn next(&mut self) -> u64 {
        if let Some(s) = &mut self.replay {
            *s ^= *s << 13;
            *s ^= *s >> 7;
            *s ^= *s << 17;
            return *s;
        }
        let v = self.values.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        v
    }
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap()
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Up to `most` choices, for a property test.
pub fn choices(most: usize) -> impl proptest::strategy::Strategy<Value = Choices> {
    use proptest::strategy::Strategy;
    proptest::collection::vec(proptest::arbitrary::any::<u64>(), 0..most).prop_map(Choices::new)
}

/// A small JPEG carrying EXIF with a camera make, an orientation and a GPS position.
pub fn photo_with_gps() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 5) as u8, 120])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&img)
        .unwrap();

    // TIFF, big-endian. IFD0 at 8: Make, Orientation, GPS pointer. GPS IFD after it.
    let mut t: Vec<u8> = b"MM\0*\0\0\0\x08".to_vec();
    let entry = |t: &mut Vec<u8>, tag: u16, typ: u16, count: u32, value: [u8; 4]| {
        t.extend_from_slice(&tag.to_be_bytes());
        t.extend_from_slice(&typ.to_be_bytes());
        t.extend_from_slice(&count.to_be_bytes());
        t.extend_from_slice(&value);
    };
    let ifd0_len = 2 + 3 * 12 + 4;
    let gps_at = (8 + ifd0_len) as u32;
    t.extend_from_slice(&3u16.to_be_bytes());
    entry(&mut t, 0x010F, 2, 4, *b"Cam\0"); // Make
    entry(&mut t, 0x0112, 3, 1, [0, 6, 0, 0]); // Orientation = 6
    entry(&mut t, 0x8825, 4, 1, gps_at.to_be_bytes()); // GPS IFD
    t.extend_from_slice(&0u32.to_be_bytes());
    t.extend_from_slice(&2u16.to_be_bytes());
    entry(&mut t, 0x0000, 1, 4, [2, 3, 0, 0]); // GPSVersionID
    entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0"); // GPSLatitudeRef
    t.extend_from_slice(&0u32.to_be_bytes());

    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&((2 + 6 + t.len()) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&t);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    // Something a phone appends after the image, with its own location.
    out.extend_from_slice(b"\xFF\xD8trailing preview with GPS 35.0N\xFF\xD9");
    out
}
