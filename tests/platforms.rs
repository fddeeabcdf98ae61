//! LinkedIn, Facebook Pages, Instagram and Threads against their fakes: connecting with a
//! token or through the company's token-exchange endpoint, publishing exactly once, the
//! platform's own rules (LinkedIn's escaping, Facebook's scheduling, Meta's containers and
//! media host), loud failures with a reason, and metrics.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fake_broker::FakeBroker;
use common::fake_containers::{self as fc, FakeContainers, Kind};
use common::fake_facebook::{self as ffb, FakeFacebook};
use common::fake_linkedin::{self as fli, FakeLinkedin};
use common::fake_s3::{self as fs3, FakeS3};
use common::*;
use std::sync::Arc;
use tsunagu::clock::FixedClock;
use tsunagu::model::{Platform, PostStatus};
use tsunagu::publish::media_host::MediaHostConfig;
use tsunagu::publish::tokens::TokenConnect;
use tsunagu::secrets::{MemorySecrets, SecretStore};
use tsunagu::store::Source;

struct World {
    _dir: tempfile::TempDir,
    ws: tsunagu::Workspace,
    clock: Arc<FixedClock>,
    secrets: MemorySecrets,
}

fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock(at(2026, 11, 22, 3, 0));
    let ws = tsunagu::demo::build(
        dir.path(),
        clock.clone(),
        tsunagu::demo::DemoOptions {
            posts: 1,
            ..Default::default()
        },
    )
    .unwrap();
    World {
        _dir: dir,
        ws,
        clock,
        secrets: MemorySecrets::default(),
    }
}

fn token(platform: Platform, api: &str, access: &str, target: Option<&str>) -> TokenConnect {
    token_connect(platform, api, access, target)
}

fn connect(w: &mut World, c: &TokenConnect) -> tsunagu::publish::accounts::Account {
    w.ws.connect_with_token(Source::Ui, &w.secrets, c).unwrap()
}

fn post(w: &mut World, title: &str, body: &str, local: &str, p: Platform) -> tsunagu::ids::PostId {
    approved_post(&mut w.ws, None, title, body, local, &[p])
}

fn job(w: &World, post: tsunagu::ids::PostId) -> tsunagu::publish::outbox::Job {
    tsunagu::app::outbox::post_jobs(&w.ws, post)
        .unwrap()
        .remove(0)
}

/// A JPEG photo, `w`×`h`.
fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 200) as u8, (y % 180) as u8, 90])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&img)
        .unwrap();
    out
}

fn with_image(w: &mut World, post: tsunagu::ids::PostId, bytes: &[u8], alt: &str) {
    attach_with_alt(&mut w.ws, post, bytes, alt);
    submit_and_approve(&mut w.ws, post);
}

fn media_host(w: &mut World, s3: &FakeS3) {
    use_fake_media_host(&mut w.ws, &w.secrets, &s3.url);
}

// ---------------------------------------------------------------- LinkedIn

#[test]
fn linkedin_escapes_the_little_format_so_nothing_is_cut() {
    let li = FakeLinkedin::start();
    let mut w = world();
    let a = connect(
        &mut w,
        &token(Platform::Linkedin, &li.url, fli::TOKEN, None),
    );
    assert_eq!(a.remote_id.as_deref(), Some("urn:li:person:AbC123"));
    assert_eq!(a.handle, "港 太郎");
    assert_eq!(
        a.expires_in_days,
        Some(60),
        "a LinkedIn token lives 60 days"
    );
    let text =
        "新製品（全角） (半角の括弧) a_b 3*4 <限定> #ものづくり https://minato.example/a_(b)";
    let p = post(
        &mut w,
        "新製品",
        text,
        "2026-11-22T12:00",
        Platform::Linkedin,
    );
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
    let (urn, author, kept) = li.with(|s| {
        let (u, a, k, _) = s.posts[0].clone();
        (u, a, k)
    });
    assert_eq!(author, "urn:li:person:AbC123");
    assert_eq!(
        fli::as_read(&kept),
        text,
        "LinkedIn kept the whole text: {kept}"
    );
    let j = job(&w, p);
    assert_eq!(j.remote_id.as_deref(), Some(urn.as_str()));
    assert_eq!(
        j.remote_url.unwrap(),
        format!("https://www.linkedin.com/feed/update/{urn}/")
    );
    assert!(li.with(|s| s
        .versions_seen
        .iter()
        .all(|v| v == tsunagu::platforms::linkedin::LINKEDIN_VERSION)));
}

#[test]
fn linkedin_organisation_posts_with_images_owned_by_the_page_and_reads_statistics() {
    let li = FakeLinkedin::start();
    let mut w = world();
    let a = connect(
        &mut w,
        &token(Platform::Linkedin, &li.url, fli::TOKEN, Some(fli::ORG)),
    );
    assert_eq!(a.remote_id.as_deref(), Some("urn:li:organization:2414183"));
    assert_eq!(a.handle, "ミナト精工株式会社");
    let p = post(
        &mut w,
        "工場",
        "工場見学のお知らせ",
        "2026-11-22T12:00",
        Platform::Linkedin,
    );
    with_image(&mut w, p, &jpeg(800, 600), "工場の外観");
    w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(job(&w, p).state, "published", "{:?}", job(&w, p).last_error);
    let images = li.with(|s| s.posts[0].3.clone());
    assert_eq!(images.len(), 1);
    assert_eq!(
        li.with(|s| s.images[&images[0]].0.clone()),
        "urn:li:organization:2414183"
    );
    w.clock.set(at(2026, 11, 22, 5, 0));
    let m = w.ws.refresh_metrics(&w.secrets).unwrap();
    assert_eq!(m.read, 1);
    let metrics = tsunagu::app::outbox::post_metrics(&w.ws, p).unwrap();
    let c = &metrics[0].counts;
    assert_eq!(
        (c.likes, c.replies, c.reposts, c.impressions),
        (Some(12), Some(3), Some(2), Some(420))
    );
}

#[test]
fn linkedin_lost_answers_and_duplicates_are_reconciled_never_repeated() {
    let li = FakeLinkedin::start();
    let mut w = world();
    connect(
        &mut w,
        &token(Platform::Linkedin, &li.url, fli::TOKEN, None),
    );
    let p = post(
        &mut w,
        "一",
        "答えが届かなかった投稿",
        "2026-11-22T12:00",
        Platform::Linkedin,
    );
    li.with(|s| s.drop_after_create = 1);
    w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(job(&w, p).state, "in_flight", "unknown: reconciled next");
    w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(job(&w, p).state, "published");
    assert_eq!(
        li.with(|s| s.posts.len()),
        1,
        "found by the author finder, not posted again"
    );
    // A lost answer followed by more than fifty newer posts of the same author (other tools,
    // other people): the finder pages on and finds it.
    let deep = post(
        &mut w,
        "深い",
        "五十件より前になった投稿",
        "2026-11-22T12:00",
        Platform::Linkedin,
    );
    li.with(|s| s.drop_after_create = 1);
    w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(job(&w, deep).state, "in_flight");
    li.with(|s| {
        let author = s.posts[1].1.clone();
        for n in 0..60 {
            s.posts.push((
                format!("urn:li:share:other{n}"),
                author.clone(),
                format!("別の投稿 {n}"),
                Vec::new(),
            ));
        }
    });
    let before = li.with(|s| s.requests);
    w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(job(&w, deep).state, "published");
    assert_eq!(
        li.with(|s| s.requests),
        before,
        "found beyond the newest fifty, not sent again"
    );
    li.with(|s| s.posts.retain(|p| !p.0.contains("other")));
    // A 422 duplicate names the post it duplicates.
    let q = post(
        &mut w,
        "二",
        "重複の投稿",
        "2026-11-22T12:00",
        Platform::Linkedin,
    );
    li.with(|s| s.drop_after_create = 1);
    w.ws.publish_due(&w.secrets, "test").unwrap();
    // Pretend the finder missed it (LinkedIn's list lags): the retry is refused as a duplicate.
    li.with(|s| s.finder_lags = true);
    w.ws.publish_due(&w.secrets, "test").unwrap();
    let j = job(&w, q);
    assert_eq!(j.state, "published", "{:?}", j.last_error);
    assert_eq!(li.with(|s| s.posts.len()), 3);
}

#[test]
fn linkedin_limits_versions_and_tokens_say_what_to_do() {
    let li = FakeLinkedin::start();
    let mut w = world();
    let a = connect(
        &mut w,
        &token(Platform::Linkedin, &li.url, fli::TOKEN, None),
    );
    // The day's limit: wait until midnight UTC, without counting as an attempt.
    let p = post(
        &mut w,
        "上限",
        "日の上限",
        "2026-11-22T12:00",
        Platform::Linkedin,
    );
    li.with(|s| {
        s.rate_limit = 1;
        s.daily_limit = true;
    });
    w.ws.publish_due(&w.secrets, "test").unwrap();
    let j = job(&w, p);
    assert_eq!((j.state.as_str(), j.attempts), ("pending", 0));
    assert_eq!(j.next_attempt_at.as_deref(), Some("2026-11-23T00:00:00Z"));
    assert!(j.last_error.unwrap().contains("midnight UTC"));
    // A retired API version.
    w.clock.set(at(2026, 11, 23, 0, 1));
    li.with(|s| s.retired = true);
    w.ws.publish_due(&w.secrets, "test").unwrap();
    let j = job(&w, p);
    assert_eq!(j.state, "failed", "{:?}", j.last_error);
    let why = j.last_error.unwrap();
    assert!(
        why.contains("202610") && why.contains("Update Tsunagu"),
        "{why}"
    );
    // A revoked token: the account needs reconnecting.
    li.with(|s| {
        s.retired = false;
        s.tokens.clear();
    });
    let q = post(
        &mut w,
        "失効",
        "失効した鍵",
        "2026-11-23T09:00",
        Platform::Linkedin,
    );
    w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(job(&w, q).state, "failed");
    assert_eq!(
        tsunagu::app::accounts::account(&w.ws, a.id).unwrap().state,
        "needs_reconnect"
    );
}

#[test]
fn linkedin_connects_through_the_company_token_exchange_endpoint_and_renews_there() {
    let li = FakeLinkedin::start();
    let broker = FakeBroker::start(
        &format!("{}/oauth/v2/accessToken", li.url),
        fli::CLIENT_SECRET,
    );
    let mut w = world();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let signed = tsunagu::publish::tokens::broker_sign_in(
        &tsunagu::publish::tokens::BrokerSignIn {
            platform: Platform::Linkedin,
            api: li.url.clone(),
            exchange_url: broker.url.clone(),
            client_id: fli::CLIENT_ID.into(),
            port,
            target: None,
        },
        &browser,
    )
    .unwrap();
    let a =
        w.ws.connect_with_token(Source::Ui, &w.secrets, &signed)
            .unwrap();
    assert_eq!(a.remote_id.as_deref(), Some("urn:li:person:AbC123"));
    // The app sent the PKCE verifier and the redirect; the secret lives only at the endpoint.
    let seen = broker.state.lock().unwrap().seen.clone();
    assert!((43..=128).contains(&seen[0]["code_verifier"].as_str().unwrap().len()));
    assert_eq!(
        seen[0]["redirect_uri"],
        format!("http://127.0.0.1:{port}/callback")
    );
    let stored = w
        .secrets
        .get(&format!("account:{}", a.id))
        .unwrap()
        .unwrap();
    assert!(stored.contains("li-token-g1") && !stored.contains(fli::CLIENT_SECRET));
    // LinkedIn revokes the access token: renewed through the endpoint with the refresh token.
    li.with(|s| s.tokens.retain(|t| t != "li-token-g1"));
    let p = post(
        &mut w,
        "更新",
        "鍵の更新",
        "2026-11-22T12:00",
        Platform::Linkedin,
    );
    w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(job(&w, p).state, "published", "{:?}", job(&w, p).last_error);
    let stored = w
        .secrets
        .get(&format!("account:{}", a.id))
        .unwrap()
        .unwrap();
    assert!(stored.contains("li-token-g2"), "the renewed token is kept");
    assert!(
        broker
            .state
            .lock()
            .unwrap()
            .seen
            .iter()
            .any(|s| s["grant_type"] == "refresh_token"),
        "renewed at the endpoint"
    );
}

// ---------------------------------------------------------------- Facebook

fn facebook() -> (FakeFacebook, World) {
    let fb = FakeFacebook::start(at(2026, 11, 22, 3, 0).timestamp());
    let mut w = world();
    let a = connect(
        &mut w,
        &token(Platform::Facebook, &fb.url, ffb::USER_TOKEN, None),
    );
    assert_eq!(a.remote_id.as_deref(), Some(ffb::PAGE));
    assert_eq!(
        a.expires_in_days, None,
        "a Page token from a long-lived user token does not expire"
    );
    let stored = w
        .secrets
        .get(&format!("account:{}", a.id))
        .unwrap()
        .unwrap();
    assert!(
        stored.contains(ffb::PAGE_TOKEN),
        "the Page's own token is kept"
    );
    (fb, w)
}

#[test]
fn facebook_posts_photos_as_bytes_and_reads_counters() {
    let (fb, mut w) = facebook();
    let p = post(
        &mut w,
        "写真",
        "新しい工作機械です",
        "2026-11-22T12:00",
        Platform::Facebook,
    );
    with_image(&mut w, p, &png(300, 200), "工作機械");
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
    let (message, photos) = fb.with(|s| (s.posts[0].message.clone(), s.posts[0].photos.clone()));
    assert_eq!(message, "新しい工作機械です");
    assert_eq!(photos.len(), 1);
    w.clock.set(at(2026, 11, 22, 5, 0));
    w.ws.refresh_metrics(&w.secrets).unwrap();
    let c = tsunagu::app::outbox::post_metrics(&w.ws, p).unwrap()[0]
        .counts
        .clone();
    assert_eq!(
        (c.likes, c.replies, c.reposts, c.impressions),
        (Some(21), Some(4), Some(0), Some(640))
    );
}

#[test]
fn facebook_holds_posts_ahead_and_gives_them_back_when_they_move_or_pause() {
    let (fb, mut w) = facebook();
    // Two hours ahead: handed to Facebook now, so the laptop may sleep.
    let p = post(
        &mut w,
        "予約",
        "午後の見学会",
        "2026-11-22T14:00",
        Platform::Facebook,
    );
    let report = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!((report.handed_over, report.published), (1, 0));
    let j = job(&w, p);
    assert_eq!(j.state, "scheduled_remote");
    assert_eq!(
        fb.with(|s| s.posts[0].scheduled),
        Some(at(2026, 11, 22, 5, 0).timestamp())
    );
    assert_eq!(w.ws.post(p).unwrap().status, PostStatus::Scheduled);
    assert_eq!(w.ws.handed_over_posts().unwrap(), vec![p]);
    // Moved to 15:00: taken back and handed over again at the new time.
    w.ws.reschedule(Source::Ui, None, p, "2026-11-22T15:00")
        .unwrap();
    w.ws.publish_due(&w.secrets, "test").unwrap();
    let held: Vec<Option<i64>> = fb.with(|s| s.posts.iter().map(|p| p.scheduled).collect());
    assert_eq!(
        held,
        vec![Some(at(2026, 11, 22, 6, 0).timestamp())],
        "the old one was deleted"
    );
    // The crisis pause takes it back from Facebook too.
    tsunagu::app::crisis::pause(&mut w.ws, Source::Ui).unwrap();
    w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(
        fb.with(|s| s.posts.len()),
        0,
        "nothing left to go out during the crisis"
    );
    assert_eq!(job(&w, p).state, "pending");
    tsunagu::app::crisis::resume(&mut w.ws, Source::Ui, true).unwrap();
    w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(job(&w, p).state, "scheduled_remote");
    // The laptop sleeps through 15:00; Facebook publishes; the next pass confirms it.
    w.clock.set(at(2026, 11, 22, 6, 30));
    fb.with(|s| s.now = at(2026, 11, 22, 6, 30).timestamp());
    let report = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(report.published, 1);
    assert_eq!(job(&w, p).state, "published");
    assert_eq!(w.ws.post(p).unwrap().status, PostStatus::Published);
    assert!(
        tsunagu::app::outbox::missed_posts(&w.ws)
            .unwrap()
            .is_empty(),
        "not a missed post"
    );
    // A post only five minutes ahead waits for its time here.
    let q = post(
        &mut w,
        "直前",
        "直前の投稿",
        "2026-11-22T15:35",
        Platform::Facebook,
    );
    w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(job(&w, q).state, "pending");
}

#[test]
fn facebook_lost_answers_duplicates_and_throttling() {
    let (fb, mut w) = facebook();
    let p = post(
        &mut w,
        "一",
        "答えが届かなかった",
        "2026-11-22T12:00",
        Platform::Facebook,
    );
    fb.with(|s| s.drop_after_create = 1);
    w.ws.publish_due(&w.secrets, "test").unwrap();
    w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(job(&w, p).state, "published");
    assert_eq!(
        fb.with(|s| s.posts.len()),
        1,
        "found on the Page, not posted again"
    );
    // A link post carries its address as the link card.
    let l = post(
        &mut w,
        "リンク",
        "見学会の申し込みは https://minato.example/tour まで",
        "2026-11-22T12:00",
        Platform::Facebook,
    );
    w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(job(&w, l).state, "published");
    assert_eq!(
        fb.with(|s| s.posts[1].link.clone()).as_deref(),
        Some("https://minato.example/tour")
    );
    // Throttled with the usage header: wait the minutes Facebook states.
    let q = post(
        &mut w,
        "二",
        "混雑中",
        "2026-11-22T12:00",
        Platform::Facebook,
    );
    fb.with(|s| s.throttle = 1);
    w.ws.publish_due(&w.secrets, "test").unwrap();
    let j = job(&w, q);
    assert_eq!((j.state.as_str(), j.attempts), ("pending", 0));
    assert_eq!(j.next_attempt_at.as_deref(), Some("2026-11-22T03:02:00Z"));
    w.clock.set(at(2026, 11, 22, 3, 2));
    w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(job(&w, q).state, "published");
}

// ---------------------------------------------------------------- Instagram and Threads

#[test]
fn instagram_without_a_media_host_says_which_posts_cannot_go_out() {
    let ig = FakeContainers::start(Kind::Instagram);
    let mut w = world();
    connect(
        &mut w,
        &token(Platform::Instagram, &ig.url, fc::IG_TOKEN, None),
    );
    let p = post(
        &mut w,
        "写真",
        "現場の一枚",
        "2026-11-22T12:00",
        Platform::Instagram,
    );
    with_image(&mut w, p, &jpeg(1080, 1080), "溶接の火花");
    let text_only = post(
        &mut w,
        "文字",
        "文字だけ",
        "2026-11-22T12:00",
        Platform::Instagram,
    );
    let blocked = w.ws.media_host_blockers().unwrap();
    assert_eq!(blocked.len(), 2, "{blocked:?}");
    assert!(blocked
        .iter()
        .any(|b| b.post == p && b.reason.contains("media host")));
    assert!(blocked
        .iter()
        .any(|b| b.post == text_only && b.reason.contains("image")));
    w.ws.publish_due(&w.secrets, "test").unwrap();
    let why = job(&w, p).last_error.unwrap();
    assert!(why.contains("Settings → Media host"), "{why}");
    assert_eq!(job(&w, p).state, "failed");
    assert!(job(&w, text_only)
        .last_error
        .unwrap()
        .contains("at least one image"));
    assert_eq!(ig.with(|s| s.containers.len()), 0);
}

#[test]
fn instagram_publishes_through_the_media_host_exactly_once() {
    let ig = FakeContainers::start(Kind::Instagram);
    let s3 = FakeS3::start();
    let mut w = world();
    connect(
        &mut w,
        &token(Platform::Instagram, &ig.url, fc::IG_TOKEN, None),
    );
    media_host(&mut w, &s3);
    tsunagu::app::media_host::check_media_host(&w.ws, &w.secrets).unwrap();
    assert!(w.ws.media_host_blockers().unwrap().is_empty());
    let p = post(
        &mut w,
        "写真",
        "現場の一枚 #ものづくり",
        "2026-11-22T12:00",
        Platform::Instagram,
    );
    // A PNG: Instagram takes only JPEG, so it is re-encoded.
    with_image(&mut w, p, &png(400, 400), "溶接の火花");
    ig.with(|s| {
        s.in_progress_polls = 1;
        s.drop_after_publish = 1;
    });
    w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(job(&w, p).state, "in_flight", "the answer was lost");
    w.ws.publish_due(&w.secrets, "test").unwrap();
    let j = job(&w, p);
    assert_eq!(j.state, "published", "{:?}", j.last_error);
    assert_eq!(
        ig.with(|s| (s.containers.len(), s.media.len())),
        (1, 1),
        "one container, one post"
    );
    assert_eq!(
        ig.with(|s| s.image_fetches),
        1,
        "Meta fetched the image from the host"
    );
    assert!(
        s3.with(|s| s.objects.is_empty()),
        "hosted images are deleted once the post is out"
    );
    assert_eq!(
        j.remote_url.as_deref(),
        Some("https://fake.meta/p/1791000001")
    );
    w.clock.set(at(2026, 11, 22, 5, 0));
    w.ws.refresh_metrics(&w.secrets).unwrap();
    let c = tsunagu::app::outbox::post_metrics(&w.ws, p).unwrap()[0]
        .counts
        .clone();
    assert_eq!(
        (c.likes, c.replies, c.impressions, c.reposts),
        (Some(30), Some(5), Some(900), None)
    );
}

#[test]
fn instagram_refuses_odd_shapes_and_waits_for_its_daily_quota() {
    let ig = FakeContainers::start(Kind::Instagram);
    let s3 = FakeS3::start();
    let mut w = world();
    connect(
        &mut w,
        &token(Platform::Instagram, &ig.url, fc::IG_TOKEN, None),
    );
    media_host(&mut w, &s3);
    let tall = post(
        &mut w,
        "縦長",
        "縦長の写真",
        "2026-11-22T12:00",
        Platform::Instagram,
    );
    with_image(&mut w, tall, &jpeg(300, 900), "縦長");
    // (One pass each: which of two due jobs goes first is the queue's business.)
    w.ws.publish_due(&w.secrets, "test").unwrap();
    let why = job(&w, tall).last_error.unwrap();
    assert!(why.contains("4:5") && why.contains("300×900"), "{why}");
    let p = post(
        &mut w,
        "上限",
        "上限の日",
        "2026-11-22T12:00",
        Platform::Instagram,
    );
    with_image(&mut w, p, &jpeg(500, 500), "正方形");
    ig.with(|s| s.quota_left = Some(0));
    w.ws.publish_due(&w.secrets, "test").unwrap();
    let j = job(&w, p);
    assert_eq!(
        (j.state.as_str(), j.attempts),
        ("pending", 0),
        "{:?}",
        j.last_error
    );
    assert_eq!(j.next_attempt_at.as_deref(), Some("2026-11-22T04:00:00Z"));
    ig.with(|s| s.quota_left = Some(50));
    w.clock.set(at(2026, 11, 22, 4, 0));
    w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(job(&w, p).state, "published");
    assert_eq!(
        ig.with(|s| s.containers.len()),
        1,
        "the same container, published when there was room"
    );
}

#[test]
fn instagram_tokens_are_renewed_before_they_expire() {
    let ig = FakeContainers::start(Kind::Instagram);
    let s3 = FakeS3::start();
    let mut w = world();
    let a = connect(
        &mut w,
        &token(Platform::Instagram, &ig.url, fc::IG_TOKEN, None),
    );
    media_host(&mut w, &s3);
    assert_eq!(a.expires_in_days, Some(60));
    // 55 days later: within a week of expiry, so the next use renews it.
    w.clock.set(at(2027, 1, 16, 3, 0));
    ig.with(|s| s.token_age = 55 * 86_400);
    let p = post(
        &mut w,
        "更新",
        "鍵の更新",
        "2027-01-16T12:00",
        Platform::Instagram,
    );
    with_image(&mut w, p, &jpeg(500, 500), "更新");
    w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(job(&w, p).state, "published", "{:?}", job(&w, p).last_error);
    assert_eq!(ig.with(|s| s.renewals), 1);
    assert_eq!(
        tsunagu::app::accounts::account(&w.ws, a.id)
            .unwrap()
            .expires_in_days,
        Some(60)
    );
    let stored = w
        .secrets
        .get(&format!("account:{}", a.id))
        .unwrap()
        .unwrap();
    assert!(stored.contains("renewed-1"));
    let db = std::fs::read(w.ws.dir().join("tsunagu.db")).unwrap();
    assert!(
        !String::from_utf8_lossy(&db).contains("ig-long-token"),
        "no token in SQLite"
    );
}

#[test]
fn threads_posts_text_without_a_host_and_images_with_one() {
    let th = FakeContainers::start(Kind::Threads);
    let s3 = FakeS3::start();
    let mut w = world();
    let a = connect(
        &mut w,
        &token(Platform::Threads, &th.url, fc::TH_TOKEN, None),
    );
    assert_eq!(a.handle, "minato_seiko");
    let text = post(
        &mut w,
        "文字",
        "今日の工場から",
        "2026-11-22T12:00",
        Platform::Threads,
    );
    let photo = post(
        &mut w,
        "写真",
        "二枚の写真",
        "2026-11-22T12:00",
        Platform::Threads,
    );
    attach_with_alt(&mut w.ws, photo, &jpeg(600, 400), "一枚目");
    with_image(&mut w, photo, &png(300, 300), "二枚目");
    assert_eq!(
        w.ws.media_host_blockers().unwrap().len(),
        1,
        "only the post with images"
    );
    w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(job(&w, text).state, "published");
    assert_eq!(job(&w, photo).state, "failed");
    media_host(&mut w, &s3);
    let failed = job(&w, photo).id;
    tsunagu::app::outbox::retry_job(&mut w.ws, Source::Ui, failed).unwrap();
    w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(
        job(&w, photo).state,
        "published",
        "{:?}",
        job(&w, photo).last_error
    );
    // A carousel: two children and the parent.
    assert_eq!(th.with(|s| s.containers.len()), 4);
    w.clock.set(at(2026, 11, 22, 5, 0));
    w.ws.refresh_metrics(&w.secrets).unwrap();
    let c = tsunagu::app::outbox::post_metrics(&w.ws, text).unwrap()[0]
        .counts
        .clone();
    assert_eq!(
        (c.likes, c.replies, c.reposts, c.quotes, c.impressions),
        (Some(30), Some(5), Some(3), Some(1), Some(900))
    );
}

#[test]
fn a_wrong_token_or_media_host_is_refused_when_it_is_set_not_when_a_post_is_due() {
    let ig = FakeContainers::start(Kind::Instagram);
    let s3 = FakeS3::start();
    let mut w = world();
    let err =
        w.ws.connect_with_token(
            Source::Ui,
            &w.secrets,
            &token(Platform::Instagram, &ig.url, "wrong-token-123", None),
        )
        .unwrap_err();
    assert!(err.to_string().contains("expired or was revoked"), "{err}");
    assert!(!err.to_string().contains("wrong-token-123"));
    assert!(tsunagu::app::accounts::accounts(&w.ws).unwrap().is_empty());
    let err =
        w.ws.connect_with_token(
            Source::Ui,
            &w.secrets,
            &token(Platform::Linkedin, "", "t", Some("acme")),
        )
        .unwrap_err();
    assert!(err.to_string().contains("not an id"), "{err}");
    media_host(&mut w, &s3);
    s3.with(|s| s.refuse = true);
    let err = tsunagu::app::media_host::check_media_host(&w.ws, &w.secrets).unwrap_err();
    assert!(err.to_string().contains("secret key"), "{err}");
    let bad = tsunagu::app::media_host::set_media_host(
        &mut w.ws,
        Source::Ui,
        &w.secrets,
        Some(MediaHostConfig {
            endpoint: s3.url.clone(),
            bucket: "Bad_Bucket".into(),
            region: "ap-northeast-1".into(),
            access_key_id: fs3::ACCESS_KEY.into(),
            virtual_hosted: false,
        }),
        "",
    );
    assert!(bad.unwrap_err().to_string().contains("bucket name"));
    assert_eq!(
        tsunagu::app::media_host::media_host_config(&w.ws,)
            .unwrap()
            .unwrap()
            .bucket,
        fs3::BUCKET,
        "unchanged"
    );
    let db = std::fs::read(w.ws.dir().join("tsunagu.db")).unwrap();
    assert!(
        !String::from_utf8_lossy(&db).contains(fs3::SECRET),
        "the bucket's secret is not in SQLite"
    );
}

#[test]
fn linkedin_meta_and_media_host_secrets_reach_no_file_export_or_log() {
    let li = FakeLinkedin::start();
    let broker = FakeBroker::start(
        &format!("{}/oauth/v2/accessToken", li.url),
        fli::CLIENT_SECRET,
    );
    let ig = FakeContainers::start(Kind::Instagram);
    let s3 = FakeS3::start();
    let mut w = world();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let sign_in = tsunagu::publish::tokens::BrokerSignIn {
        platform: Platform::Linkedin,
        api: li.url.clone(),
        exchange_url: broker.url.clone(),
        client_id: fli::CLIENT_ID.into(),
        port,
        target: None,
    };
    let signed = tsunagu::publish::tokens::broker_sign_in(&sign_in, &browser).unwrap();
    let printed = format!("{signed:?}{sign_in:?}");
    w.ws.connect_with_token(Source::Ui, &w.secrets, &signed)
        .unwrap();
    connect(
        &mut w,
        &token(Platform::Instagram, &ig.url, fc::IG_TOKEN, None),
    );
    media_host(&mut w, &s3);
    // Renewals on the way, so new tokens are written too.
    li.with(|s| s.tokens.clear());
    let p = post(
        &mut w,
        "鍵",
        "鍵が漏れないことの確認",
        "2026-11-22T12:00",
        Platform::Linkedin,
    );
    w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(job(&w, p).state, "published");
    w.clock.set(at(2027, 1, 16, 3, 0));
    ig.with(|s| s.token_age = 55 * 86_400);
    let q = post(
        &mut w,
        "写真",
        "写真の鍵",
        "2027-01-16T12:00",
        Platform::Instagram,
    );
    with_image(&mut w, q, &jpeg(400, 400), "写真");
    w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(job(&w, q).state, "published");
    // A refused renewal leaves a reason on the job, without the token from the renewal URL.
    ig.with(|s| s.token = "rotated-elsewhere".into());
    let r = post(
        &mut w,
        "失効",
        "失効の確認",
        "2027-01-16T12:00",
        Platform::Instagram,
    );
    with_image(&mut w, r, &jpeg(400, 400), "失効");
    w.ws.publish_due(&w.secrets, "test").unwrap();
    let reason = job(&w, r).last_error.unwrap();
    assert!(reason.contains("Reconnect"), "{reason}");
    let host = format!(
        "{:?}",
        tsunagu::app::media_host::media_host_config(&w.ws,).unwrap()
    );
    let jobs = format!(
        "{:?}{:?}{:?}{reason}{printed}{host}",
        tsunagu::app::outbox::post_jobs(&w.ws, p).unwrap(),
        tsunagu::app::outbox::post_jobs(&w.ws, q).unwrap(),
        tsunagu::app::outbox::post_jobs(&w.ws, r).unwrap()
    );
    let hay = leak_haystack(&mut w.ws, &jobs);
    let renewed = ig.with(|s| s.token.clone());
    for secret in [
        "li-token-g1",
        "li-token-g2",
        "li-refresh-g1",
        "li-refresh-g2",
        fli::CLIENT_SECRET,
        fc::IG_TOKEN,
        "ig-long-token-1-renewed-1",
        &renewed,
        fs3::SECRET,
    ] {
        assert!(!hay.contains(secret), "{secret} leaked");
    }
}

#[test]
fn a_facebook_post_ahead_without_an_account_waits_for_its_time_instead_of_failing_early() {
    let mut w = world();
    let p = post(
        &mut w,
        "予約",
        "来週の見学会",
        "2026-11-29T12:00",
        Platform::Facebook,
    );
    let report = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!((report.failed, report.handed_over), (0, 0));
    let j = job(&w, p);
    assert_eq!((j.state.as_str(), j.attempts), ("pending", 0));
    assert_eq!(w.ws.post(p).unwrap().status, PostStatus::Scheduled);
}

#[test]
fn a_post_approved_before_its_account_was_connected_goes_through_that_account() {
    let (fb, mut w) = {
        let fb = FakeFacebook::start(at(2026, 11, 22, 3, 0).timestamp());
        (fb, world())
    };
    let now = post(
        &mut w,
        "今",
        "接続前に承認した投稿",
        "2026-11-22T12:00",
        Platform::Facebook,
    );
    let later = post(
        &mut w,
        "後",
        "接続前に承認した予約",
        "2026-11-25T12:00",
        Platform::Facebook,
    );
    assert_eq!(job(&w, now).state, "pending");
    connect(
        &mut w,
        &token(Platform::Facebook, &fb.url, ffb::PAGE_TOKEN, None),
    );
    let report = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!((report.published, report.handed_over), (1, 1));
    assert_eq!(job(&w, now).state, "published");
    assert_eq!(job(&w, later).state, "scheduled_remote");
}
