//! The publishing engine against a fake Bluesky PDS: exactly once across dropped connections,
//! expired tokens, server errors and rate limits; loud failures; missed posts; the crisis
//! pause; and secrets that never reach the database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fake_bluesky::FakeBluesky;
use common::*;
use std::sync::Arc;
use tsunagu::clock::FixedClock;
use tsunagu::model::{Platform, PostStatus};
use tsunagu::secrets::{MemorySecrets, SecretStore};
use tsunagu::store::Source;

const PASSWORD: &str = "canary-app-pass-7f3k-q9zz";

struct World {
    _dir: tempfile::TempDir,
    ws: tsunagu::Workspace,
    clock: Arc<FixedClock>,
    server: FakeBluesky,
    secrets: MemorySecrets,
}

fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock(at(2026, 11, 22, 3, 0));
    let mut ws = tsunagu::demo::build(
        dir.path(),
        clock.clone(),
        tsunagu::demo::DemoOptions {
            posts: 30,
            ..Default::default()
        },
    )
    .unwrap();
    let (server, secrets) = connect_fake_bluesky(&mut ws, PASSWORD);
    World {
        _dir: dir,
        ws,
        clock,
        server,
        secrets,
    }
}

/// An approved Bluesky post due at `local` (Tokyo wall clock), written by an ambassador.
fn approved(w: &mut World, title: &str, body: &str, local: &str) -> tsunagu::ids::PostId {
    let ws = &mut w.ws;
    let yamada = tsunagu::app::people::people(ws)
        .unwrap()
        .into_iter()
        .find(|p| p.name == "山田 健一")
        .unwrap()
        .id;
    let post = approved_post(ws, Some(yamada), title, body, local, &[Platform::Bluesky]);
    assert_eq!(ws.post(post).unwrap().status, PostStatus::Scheduled);
    post
}

#[test]
fn an_approved_post_is_published_once_with_facets() {
    let mut w = world();
    let post = approved(
        &mut w,
        "見学会",
        "見学会のお知らせ https://minato-seiko.co.jp/tour #ものづくり",
        "2026-11-22T12:00",
    );
    let jobs = tsunagu::app::outbox::post_jobs(&w.ws, post).unwrap();
    assert_eq!(
        jobs.len(),
        1,
        "one job per platform, made with the approval"
    );
    assert_eq!(jobs[0].state, "pending");

    // Not due yet (12:00 Tokyo is 03:00 UTC; the clock is at 03:00 exactly).
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(r.published, 1);
    let job = &tsunagu::app::outbox::post_jobs(&w.ws, post).unwrap()[0];
    assert_eq!(job.state, "published");
    assert!(job
        .remote_id
        .as_deref()
        .unwrap()
        .starts_with("at://did:plc:fakeminato/app.bsky.feed.post/"));
    assert_eq!(w.ws.post(post).unwrap().status, PostStatus::Published);
    let record = w
        .server
        .with(|s| s.records.values().next().cloned().unwrap());
    let text = record["text"].as_str().unwrap();
    let facet = &record["facets"][0]["index"];
    let (s, e) = (
        facet["byteStart"].as_u64().unwrap() as usize,
        facet["byteEnd"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        &text.as_bytes()[s..e],
        "https://minato-seiko.co.jp/tour".as_bytes()
    );
    // A second pass publishes nothing again.
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 0);
    assert_eq!(w.server.with(|s| s.records.len()), 1);
}

#[test]
fn a_dropped_connection_after_the_server_stored_the_post_is_reconciled_not_repeated() {
    let mut w = world();
    let post = approved(&mut w, "工場", "工場の朝です。", "2026-11-22T12:00");
    w.server.with(|s| s.drop_after_store = 1);
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!((r.published, r.retrying), (0, 1));
    assert_ne!(
        w.ws.post(post).unwrap().status,
        PostStatus::Published,
        "not shown as published without an id"
    );
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(r.published, 1);
    assert_eq!(
        w.server.with(|s| (s.records.len(), s.puts)),
        (1, 1),
        "found by getRecord, not sent again"
    );
    assert_eq!(w.ws.post(post).unwrap().status, PostStatus::Published);
}

#[test]
fn an_expired_token_is_refreshed_and_kept_in_the_keychain() {
    let mut w = world();
    let post = approved(&mut w, "更新", "トークンの更新", "2026-11-22T12:00");
    w.server.with(|s| s.expire_access = true);
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
    let account = tsunagu::app::accounts::accounts(&w.ws).unwrap()[0].id;
    let stored = w
        .secrets
        .get(&format!("account:{account}"))
        .unwrap()
        .unwrap();
    assert!(stored.contains("access-2"), "the new token pair is stored");
    assert_eq!(w.ws.post(post).unwrap().status, PostStatus::Published);
}

#[test]
fn server_errors_back_off_and_rate_limits_wait_for_the_reset() {
    let mut w = world();
    let post = approved(&mut w, "再試行", "再試行のテスト", "2026-11-22T12:00");
    w.server.with(|s| s.fail_500 = 1);
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(r.retrying, 1);
    // The account says its server is failing, with the reason.
    let account = tsunagu::app::accounts::accounts(&w.ws).unwrap().remove(0);
    assert_eq!(account.state, "failing");
    assert!(account.last_error.unwrap().contains("server error 500"));
    let job = tsunagu::app::outbox::post_jobs(&w.ws, post)
        .unwrap()
        .remove(0);
    assert_eq!((job.state.as_str(), job.attempts), ("pending", 1));
    assert_eq!(
        (job.last_error_kind, job.gave_up),
        (Some(tsunagu::publish::FailureKind::ServerError), false),
        "stored by kind: the window words it from the code"
    );
    assert!(job.last_error.unwrap().contains("server error 500"));
    let next =
        chrono::DateTime::parse_from_rfc3339(job.next_attempt_at.as_deref().unwrap()).unwrap();
    let wait = (next.timestamp() - at(2026, 11, 22, 3, 0).timestamp()) as f64;
    assert!((24.0..=36.0).contains(&wait), "30 s ± 20 %: {wait}");
    assert_eq!(
        w.ws.publish_due(&w.secrets, "test").unwrap().published,
        0,
        "waits for the backoff"
    );

    w.clock.set(at(2026, 11, 22, 3, 1));
    w.server.with(|s| {
        s.rate_limit = 1;
        s.rate_limit_reset = at(2026, 11, 22, 3, 5).timestamp();
    });
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(r.retrying, 1);
    let job = tsunagu::app::outbox::post_jobs(&w.ws, post)
        .unwrap()
        .remove(0);
    assert_eq!(
        job.last_error_kind,
        Some(tsunagu::publish::FailureKind::RateLimited)
    );
    assert!(job.last_error.unwrap().contains("rate limit"));
    let job = tsunagu::app::outbox::post_jobs(&w.ws, post)
        .unwrap()
        .remove(0);
    assert_eq!(
        job.next_attempt_at.as_deref(),
        Some("2026-11-22T03:05:00Z"),
        "the platform's reset"
    );
    // The account says so on the Accounts screen.
    let account = tsunagu::app::accounts::accounts(&w.ws).unwrap().remove(0);
    assert_eq!(account.rate_remaining, Some(0));
    assert_eq!(
        account.rate_reset_at.as_deref(),
        Some("2026-11-22T03:05:00.000Z")
    );
    assert!(account.rate_limited);
    w.clock.set(at(2026, 11, 22, 3, 4));
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 0);
    assert!(
        tsunagu::app::accounts::accounts(&w.ws).unwrap()[0].rate_limited,
        "still waiting"
    );
    w.clock.set(at(2026, 11, 22, 3, 5));
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
    let account = tsunagu::app::accounts::accounts(&w.ws).unwrap().remove(0);
    assert_eq!(
        (account.state.as_str(), account.last_error),
        ("connected", None),
        "well again after a success"
    );
    assert!(
        !tsunagu::app::accounts::accounts(&w.ws).unwrap()[0].rate_limited,
        "the window reset"
    );
}

#[test]
fn permanent_errors_fail_loudly_and_can_be_retried() {
    let mut w = world();
    let post = approved(&mut w, "失敗", "失敗のテスト", "2026-11-22T12:00");
    w.server.with(|s| s.reject_content = 1);
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(r.failed, 1);
    assert_eq!(w.ws.post(post).unwrap().status, PostStatus::Failed);
    let failed = tsunagu::app::outbox::failed_jobs(&w.ws).unwrap();
    assert_eq!(failed.len(), 1);
    assert!(
        failed[0]
            .last_error
            .as_deref()
            .unwrap()
            .contains("300 graphemes"),
        "the platform's reason"
    );
    assert_eq!(
        (failed[0].last_error_kind, failed[0].gave_up),
        (Some(tsunagu::publish::FailureKind::Refused), false)
    );
    tsunagu::app::outbox::retry_job(&mut w.ws, Source::Ui, failed[0].id).unwrap();
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
    assert_eq!(w.ws.post(post).unwrap().status, PostStatus::Published);
}

#[test]
fn missed_posts_wait_for_a_decision_and_the_crisis_pause_holds_everything() {
    let mut w = world();
    let late = approved(&mut w, "遅延", "一時間前の予定", "2026-11-22T11:00");
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(
        (r.published, r.missed.clone()),
        (0, vec![late]),
        "never late by surprise"
    );

    let on_time = approved(&mut w, "定刻", "定刻の投稿", "2026-11-22T12:00");
    tsunagu::app::crisis::pause(&mut w.ws, Source::Ui).unwrap();
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert!(r.paused);
    assert_eq!(w.server.with(|s| s.puts), 0);
    tsunagu::app::crisis::resume(&mut w.ws, Source::Ui, true).unwrap();
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
    assert_eq!(w.ws.post(on_time).unwrap().status, PostStatus::Published);

    // The missed one gets a new time: never one in the past; then it goes out at that time.
    let err =
        tsunagu::app::outbox::reschedule_missed(&mut w.ws, Source::Ui, late, "2026-11-22T11:30")
            .unwrap_err();
    assert!(err.to_string().contains("still ahead"), "{err}");
    tsunagu::app::outbox::reschedule_missed(&mut w.ws, Source::Ui, late, "2026-11-22T12:10")
        .unwrap();
    assert!(tsunagu::app::outbox::missed_posts(&w.ws)
        .unwrap()
        .is_empty());
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 0);
    w.clock.set(at(2026, 11, 22, 3, 10));
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
    assert_eq!(w.ws.post(late).unwrap().status, PostStatus::Published);
}

#[test]
fn only_one_runner_at_a_time() {
    let mut w = world();
    approved(&mut w, "鍵", "ロックのテスト", "2026-11-22T12:00");
    // Another holder of the OS lock (another process, the tray, cron) on the same file.
    let holder = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(w.ws.dir().join("publish.lock"))
        .unwrap();
    holder.try_lock().unwrap();
    let err = w.ws.publish_due(&w.secrets, "second").unwrap_err();
    assert_eq!(err.code(), tsunagu::ErrorCode::Busy, "{err}");
    // The holder ends (as a process that exits or is killed does): the kernel frees the lock,
    // whatever the file says; a PID written by some old version means nothing.
    drop(holder);
    std::fs::write(w.ws.dir().join("publish.lock"), "999999999").unwrap();
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
}

#[test]
fn secrets_never_reach_the_database() {
    let mut w = world();
    // Publish, with an expired session on the way, so new tokens are written too.
    let post = approved(
        &mut w,
        "カナリア",
        "秘密が漏れないことの確認",
        "2026-11-22T12:00",
    );
    w.server.with(|s| s.expire_access = true);
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
    let session = tsunagu::platforms::bluesky::Session {
        access: "access-9".into(),
        refresh: "refresh-9".into(),
        did: "did:plc:x".into(),
        handle: "minato.test".into(),
    };
    let jobs = format!(
        "{:?}{session:?}",
        tsunagu::app::outbox::post_jobs(&w.ws, post).unwrap()
    );
    let hay = leak_haystack(&mut w.ws, &jobs);
    let (access, refresh) = w.server.with(|s| (s.access.clone(), s.refresh.clone()));
    assert!(w
        .secrets
        .get(&format!(
            "account:{}",
            tsunagu::app::accounts::accounts(&w.ws).unwrap()[0].id
        ))
        .unwrap()
        .unwrap()
        .contains(&refresh));
    for secret in [
        PASSWORD,
        "access-1",
        "refresh-1",
        &access,
        &refresh,
        "access-9",
        "refresh-9",
    ] {
        assert!(!hay.contains(secret), "{secret} leaked");
    }
    let err = tsunagu::app::accounts::connect_bluesky(
        &mut tsunagu::demo::build(
            tempfile::tempdir().unwrap().path(),
            clock(at(2026, 11, 22, 3, 0)),
            Default::default(),
        )
        .unwrap(),
        Source::Ui,
        &w.secrets,
        &w.server.url,
        "minato.test",
        "wrong-password",
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("credentials")
            || err.to_string().contains("AuthenticationRequired"),
        "{err}"
    );
    assert!(!err.to_string().contains("wrong-password"));
}

#[test]
fn fault_injection_across_many_posts_gives_no_duplicates_and_no_silent_failures() {
    // 1,000 posts over all seven platforms — 150 each to Bluesky, Mastodon, X, LinkedIn and
    // Facebook, 125 each to Instagram and Threads (with a photo, through the media host) —
    // with every fault the servers can throw: stored but unanswered, server errors, rate
    // limits with and without a stated reset, throttling, refusals.
    use common::fake_containers::{FakeContainers, Kind};
    use tsunagu::publish::tokens::{Granted, TokenConnect};
    let mut w = world();
    let mastodon = common::fake_mastodon::FakeMastodon::start();
    tsunagu::app::accounts::connect_mastodon_token(
        &mut w.ws,
        Source::Ui,
        &w.secrets,
        &mastodon.url,
        "mastodon-token-1",
    )
    .unwrap();
    let x = common::fake_x::FakeX::start();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let signed = tsunagu::publish::adapters::x::x_sign_in(
        &x.url,
        common::fake_x::CLIENT_ID,
        port,
        &common::browser,
    )
    .unwrap();
    w.ws.connect_x_signed_in(Source::Ui, &w.secrets, &signed)
        .unwrap();
    let li = common::fake_linkedin::FakeLinkedin::start();
    let fb = common::fake_facebook::FakeFacebook::start(at(2026, 11, 22, 3, 0).timestamp());
    let ig = FakeContainers::start(Kind::Instagram);
    let th = FakeContainers::start(Kind::Threads);
    let s3 = common::fake_s3::FakeS3::start();
    for (platform, url, token) in [
        (Platform::Linkedin, &li.url, common::fake_linkedin::TOKEN),
        (
            Platform::Facebook,
            &fb.url,
            common::fake_facebook::PAGE_TOKEN,
        ),
        (
            Platform::Instagram,
            &ig.url,
            common::fake_containers::IG_TOKEN,
        ),
        (
            Platform::Threads,
            &th.url,
            common::fake_containers::TH_TOKEN,
        ),
    ] {
        let c = TokenConnect {
            platform,
            api: url.clone(),
            granted: Granted {
                access: token.into(),
                refresh: None,
                expires_in: None,
                scope: None,
            },
            target: None,
            exchange_url: None,
            client_id: None,
        };
        w.ws.connect_with_token(Source::Ui, &w.secrets, &c).unwrap();
    }
    tsunagu::app::media_host::set_media_host(
        &mut w.ws,
        Source::Ui,
        &w.secrets,
        Some(tsunagu::publish::media_host::MediaHostConfig {
            endpoint: s3.url.clone(),
            bucket: common::fake_s3::BUCKET.into(),
            region: "ap-northeast-1".into(),
            access_key_id: common::fake_s3::ACCESS_KEY.into(),
            virtual_hosted: false,
        }),
        common::fake_s3::SECRET,
    )
    .unwrap();
    let photo = {
        let img =
            image::RgbImage::from_fn(64, 64, |x, y| image::Rgb([x as u8 * 3, y as u8 * 2, 90]));
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
            .encode_image(&img)
            .unwrap();
        out
    };
    let mut posts = Vec::new();
    for i in 0..150 {
        posts.push(approved(
            &mut w,
            &format!("投稿{i}"),
            &format!("まとめて公開する投稿 {i} 号"),
            "2026-11-22T12:00",
        ));
    }
    let counts = [
        (Platform::Mastodon, "マストドン", 150),
        (Platform::X, "エックス", 150),
        (Platform::Linkedin, "リンクトイン", 150),
        (Platform::Facebook, "フェイスブック", 150),
        (Platform::Instagram, "インスタグラム", 125),
        (Platform::Threads, "スレッズ", 125),
    ];
    for (platform, name, n) in counts {
        for i in 0..n {
            let p = approved_post(
                &mut w.ws,
                None,
                &format!("{name}{i}"),
                &format!("{name}にまとめて公開する投稿 {i} 号"),
                "2026-11-22T12:00",
                &[platform],
            );
            if matches!(platform, Platform::Instagram | Platform::Threads) {
                common::attach_with_alt(&mut w.ws, p, &photo, "現場の一枚");
                submit_and_approve(&mut w.ws, p);
            }
            posts.push(p);
        }
    }
    assert_eq!(posts.len(), 1000);
    let reset = at(2026, 11, 22, 3, 2);
    x.with(|s| {
        s.drop_after_create = 12;
        s.fail_500 = 15;
        s.rate_limit = 5;
        s.rate_limit_reset = reset.timestamp();
    });
    w.server.with(|s| {
        s.drop_after_store = 12;
        s.fail_500 = 15;
        s.rate_limit = 5;
        s.rate_limit_reset = reset.timestamp();
        s.reject_content = 10;
    });
    mastodon.with(|s| {
        s.drop_after_create = 12;
        s.fail_500 = 15;
        s.rate_limit = 5;
        s.rate_limit_reset = "2026-11-22T03:02:00.000000Z".into();
        s.reject_content = 10;
    });
    li.with(|s| {
        s.drop_after_create = 12;
        s.fail_500 = 15;
        s.rate_limit = 5;
    });
    fb.with(|s| {
        s.drop_after_create = 12;
        s.fail_transient = 15;
        s.throttle = 5;
    });
    for fake in [&ig, &th] {
        fake.with(|s| {
            s.drop_after_publish = 10;
            s.fail_500 = 12;
        });
    }
    let mut minute = 0;
    for _ in 0..40 {
        w.ws.publish_due(&w.secrets, "test").unwrap();
        minute += 5;
        w.clock
            .set(at(2026, 11, 22, 3, 0) + chrono::Duration::minutes(minute));
    }
    let mut published = 0;
    let mut reasons = Vec::new();
    for p in &posts {
        let job = tsunagu::app::outbox::post_jobs(&w.ws, *p)
            .unwrap()
            .remove(0);
        let status = w.ws.post(*p).unwrap().status;
        match job.state.as_str() {
            "published" => {
                published += 1;
                assert!(job.remote_id.is_some());
                assert_eq!(status, PostStatus::Published);
            }
            "failed" => {
                assert!(
                    job.last_error.as_deref().is_some_and(|e| !e.is_empty()),
                    "a visible reason"
                );
                reasons.push(job.last_error.clone().unwrap_or_default());
                assert_eq!(status, PostStatus::Failed);
            }
            other => panic!("job left {other}: {:?}", job.last_error),
        }
    }
    assert_eq!(
        published, 980,
        "all but the 20 the servers rejected: {reasons:?}"
    );
    assert!(reasons.iter().all(|r| r.contains("refused")), "{reasons:?}");
    assert_eq!(
        w.server.with(|s| s.records.len()),
        140,
        "zero duplicates on Bluesky"
    );
    assert_eq!(
        mastodon.with(|s| s.statuses.len()),
        140,
        "zero duplicates on Mastodon"
    );
    assert_eq!(x.with(|s| s.posts.len()), 150, "zero duplicates on X");
    assert_eq!(
        li.with(|s| s.posts.len()),
        150,
        "zero duplicates on LinkedIn"
    );
    assert_eq!(
        fb.with(|s| s.posts.len()),
        150,
        "zero duplicates on Facebook"
    );
    assert_eq!(
        ig.with(|s| s.media.len()),
        125,
        "zero duplicates on Instagram"
    );
    assert_eq!(
        th.with(|s| s.media.len()),
        125,
        "zero duplicates on Threads"
    );
    assert!(
        s3.with(|s| s.objects.is_empty()),
        "every hosted image was taken down"
    );
}

#[test]
fn images_are_made_to_fit_and_uploaded_before_the_post() {
    let mut w = world();
    let post = approved(&mut w, "写真", "工場の全景です", "2026-11-22T12:00");
    // A large photo: 1,200 × 900 pixels of noise, far over Bluesky's 1,000,000 bytes.
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let img = image::RgbImage::from_fn(1200, 900, |_, _| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        image::Rgb([seed as u8, (seed >> 8) as u8, (seed >> 16) as u8])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 95)
        .encode_image(&img)
        .unwrap();
    assert!(jpeg.len() > 1_000_000);
    let m =
        tsunagu::app::media::attach_image(&mut w.ws, Source::Ui, None, post, "zenkei.jpg", &jpeg)
            .unwrap();
    tsunagu::app::media::update_media(
        &mut w.ws,
        Source::Ui,
        None,
        m.id,
        &tsunagu::media::MediaPatch {
            alt_text: Some("工場の全景".into()),
            ..Default::default()
        },
    )
    .unwrap();
    // The image changed after approval: approve again.
    assert_eq!(w.ws.post(post).unwrap().status, PostStatus::Draft);
    submit_and_approve(&mut w.ws, post);
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
    let record = w
        .server
        .with(|s| s.records.values().next().cloned().unwrap());
    let image = &record["embed"]["images"][0];
    assert_eq!(image["alt"], "工場の全景");
    assert!(
        image["image"]["size"].as_u64().unwrap() <= 1_000_000,
        "{image}"
    );
    assert_eq!(image["image"]["mimeType"], "image/jpeg");
}

#[test]
fn accounts_say_when_their_tokens_expire() {
    let mut w = world();
    let a = tsunagu::app::accounts::accounts(&w.ws).unwrap().remove(0);
    assert_eq!(
        a.expires_in_days,
        Some(90),
        "a new Bluesky session lives 90 days"
    );
    w.clock.set(at(2027, 2, 10, 3, 0));
    assert_eq!(
        tsunagu::app::accounts::accounts(&w.ws).unwrap()[0].expires_in_days,
        Some(10),
        "80 days later"
    );
    // Publishing with an expired access token refreshes the session: another 90 days.
    approved(&mut w, "更新", "期限の更新", "2027-02-10T12:00");
    w.server.with(|s| s.expire_access = true);
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
    assert_eq!(
        tsunagu::app::accounts::accounts(&w.ws).unwrap()[0].expires_in_days,
        Some(90)
    );
}

/// The audit's last "voided" entry of `post`: the exit check's reason and changed parts.
fn held_back_reason(w: &World, post: tsunagu::ids::PostId) -> serde_json::Value {
    let log = tsunagu::app::review::audit_log(&w.ws, Some(post)).unwrap();
    assert_eq!(
        log[0].action,
        tsunagu::review::ReviewAction::Voided,
        "{log:?}"
    );
    serde_json::from_str(&log[0].comment).unwrap()
}

#[test]
fn content_changed_behind_the_apps_back_is_never_sent() {
    let mut w = world();
    let post = approved(
        &mut w,
        "差し替え",
        "承認された文章です。",
        "2026-11-22T12:00",
    );
    // The database file edited directly (no app, no change log, no voiding).
    let db = rusqlite::Connection::open(w.ws.dir().join("tsunagu.db")).unwrap();
    db.execute(
        "UPDATE posts SET body = '承認されていない文章です。' WHERE id = ?1",
        [post.as_string()],
    )
    .unwrap();
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!((r.published, r.held_back), (0, 1));
    assert_eq!(w.server.with(|s| s.puts), 0, "nothing reached the platform");
    assert_eq!(w.ws.post(post).unwrap().status, PostStatus::InReview);
    let why = held_back_reason(&w, post);
    assert_eq!(why["code"], "changed_after_approval");
    assert_eq!(why["changed"], serde_json::json!(["text"]));
    // A later pass still sends nothing.
    w.clock.set(at(2026, 11, 22, 3, 5));
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 0);
    assert_eq!(w.server.with(|s| s.puts), 0);
}

#[test]
fn a_failed_post_edited_then_retried_goes_back_to_review() {
    let mut w = world();
    let post = approved(&mut w, "再送", "承認された文章です。", "2026-11-22T12:00");
    w.server.with(|s| s.reject_content = 1);
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().failed, 1);
    assert_eq!(w.ws.post(post).unwrap().status, PostStatus::Failed);
    // The editor does not void a failed post's approval; the exit check catches it.
    write_body(&mut w.ws, post, "承認後に書き換えた文章です。");
    let job = tsunagu::app::outbox::failed_jobs(&w.ws).unwrap()[0].id;
    tsunagu::app::outbox::retry_job(&mut w.ws, Source::Ui, job).unwrap();
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!((r.published, r.held_back), (0, 1));
    assert!(w.server.with(|s| s.records.is_empty()), "nothing was sent");
    assert_eq!(w.ws.post(post).unwrap().status, PostStatus::InReview);
    assert_eq!(held_back_reason(&w, post)["code"], "changed_after_approval");
}

#[test]
fn an_approval_recorded_without_a_reviewer_is_not_enough_to_send() {
    let mut w = world();
    let post = approved(
        &mut w,
        "偽の承認",
        "承認された文章です。",
        "2026-11-22T12:00",
    );
    // Someone with the database file removes the approval (or forged the post's status
    // without one): the job's hash matches, but no approval by another person backs it.
    let db = rusqlite::Connection::open(w.ws.dir().join("tsunagu.db")).unwrap();
    db.execute(
        "DELETE FROM review_log WHERE post_id = ?1 AND action = 'approved'",
        [post.as_string()],
    )
    .unwrap();
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!((r.published, r.held_back), (0, 1));
    assert_eq!(w.server.with(|s| s.puts), 0);
    assert_eq!(held_back_reason(&w, post)["code"], "not_approved");
}

/// The OS keychain while it is locked: every read is refused as unavailable.
struct Locked;

impl SecretStore for Locked {
    fn get(&self, _: &str) -> tsunagu::Result<Option<String>> {
        Err(tsunagu::Error::KeychainUnavailable("locked".into()))
    }
    fn set(&self, _: &str, _: &str) -> tsunagu::Result<()> {
        Err(tsunagu::Error::KeychainUnavailable("locked".into()))
    }
    fn delete(&self, _: &str) -> tsunagu::Result<()> {
        Err(tsunagu::Error::KeychainUnavailable("locked".into()))
    }
}

#[test]
fn a_locked_keychain_only_delays_the_post() {
    let mut w = world();
    let post = approved(
        &mut w,
        "鍵",
        "キーチェーンが閉じていても",
        "2026-11-22T12:00",
    );
    let r = w.ws.publish_due(&Locked, "test").unwrap();
    assert_eq!((r.published, r.failed, r.retrying), (0, 0, 1));
    assert_ne!(w.ws.post(post).unwrap().status, PostStatus::Failed);
    let job = tsunagu::app::outbox::post_jobs(&w.ws, post)
        .unwrap()
        .remove(0);
    assert_eq!(job.state, "pending");
    assert!(job
        .last_error
        .unwrap()
        .contains("Open (unlock) the OS keychain"));
    // Unlocked: it goes out on the next pass after its wait.
    w.clock.set(at(2026, 11, 22, 3, 5));
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
}

#[test]
fn restoring_a_backup_looks_for_what_went_out_before_sending_again() {
    let mut w = world();
    let post = approved(&mut w, "復元", "バックアップの後に公開", "2026-11-22T12:00");
    w.ws.backup_now().unwrap();
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
    assert_eq!(w.server.with(|s| s.puts), 1);
    // The laptop's disk fails; the lead restores the backup taken before the post went out.
    let dir = w.ws.dir().to_path_buf();
    tsunagu::workspace::restore_newest_backup(&dir, w.clock.as_ref()).unwrap();
    w.ws = tsunagu::Workspace::open(
        &dir,
        w.clock.clone(),
        Arc::new(tsunagu::ids::RandomIds),
        &tsunagu::workspace::InitOptions::default(),
    )
    .unwrap();
    assert_ne!(
        w.ws.post(post).unwrap().status,
        PostStatus::Published,
        "as in the backup"
    );
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
    assert_eq!(
        w.server.with(|s| s.puts),
        1,
        "found on the platform, not sent again"
    );
    assert_eq!(w.ws.post(post).unwrap().status, PostStatus::Published);
}

#[test]
fn the_audit_csv_never_carries_a_formula() {
    let mut w = world();
    let post = approved(
        &mut w,
        "=HYPERLINK(\"http://evil\",\"x\")",
        "題名に数式",
        "2026-11-22T12:00",
    );
    let _ = post;
    let csv = tsunagu::app::review::audit_csv(&w.ws).unwrap();
    assert!(csv.contains("\"'=HYPERLINK("), "{csv}");
    assert!(
        !csv.contains(",=HYPERLINK") && !csv.contains(",\"=HYPERLINK"),
        "{csv}"
    );
}

#[test]
fn a_post_edited_while_paused_is_not_sent_when_the_pause_ends() {
    let mut w = world();
    let post = approved(
        &mut w,
        "一時停止",
        "承認された文章です。",
        "2026-11-22T12:00",
    );
    tsunagu::app::crisis::pause(&mut w.ws, Source::Ui).unwrap();
    assert_eq!(w.ws.post(post).unwrap().status, PostStatus::Paused);
    // The editor does not void a paused post's approval; the exit check catches the edit.
    write_body(&mut w.ws, post, "一時停止中に書き換えた文章です。");
    tsunagu::app::crisis::resume(&mut w.ws, Source::Ui, true).unwrap();
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!((r.published, r.held_back), (0, 1));
    assert!(w.server.with(|s| s.records.is_empty()), "nothing was sent");
    assert_eq!(w.ws.post(post).unwrap().status, PostStatus::InReview);
}

#[test]
fn one_sync_round_at_a_time() {
    let w = world();
    let mut ws = w.ws;
    let shared = tempfile::tempdir().unwrap();
    let place = tsunagu::sync::Place::Folder {
        path: shared.path().display().to_string(),
    };
    ws.team_create(&w.secrets, &place).unwrap();
    // Another round holds the lock (the window's, the tray's or a cron `tsunagu sync`).
    let holder = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(ws.dir().join("sync.lock"))
        .unwrap();
    holder.try_lock().unwrap();
    let err = ws.sync_now(&w.secrets).unwrap_err();
    assert_eq!(err.code(), tsunagu::ErrorCode::Busy, "{err}");
    assert!(
        ws.team_status().unwrap().last_sync_error.is_none(),
        "not this device's trouble"
    );
    drop(holder);
    ws.sync_now(&w.secrets).unwrap();
}

#[test]
fn a_temporary_failure_that_never_ends_is_stored_as_given_up_with_its_kind() {
    let mut w = world();
    let post = approved(&mut w, "諦め", "再試行し続けるテスト", "2026-11-22T12:00");
    w.server.with(|s| s.fail_500 = 100);
    let mut t = at(2026, 11, 22, 3, 0);
    for _ in 0..tsunagu::publish::outbox::MAX_ATTEMPTS {
        w.clock.set(t);
        w.ws.publish_due(&w.secrets, "test").unwrap();
        t += chrono::Duration::hours(6);
    }
    let failed = tsunagu::app::outbox::failed_jobs(&w.ws).unwrap();
    assert_eq!(
        failed.len(),
        1,
        "{:?}",
        tsunagu::app::outbox::post_jobs(&w.ws, post).unwrap()
    );
    assert_eq!(
        (
            failed[0].last_error_kind,
            failed[0].gave_up,
            failed[0].attempts
        ),
        (
            Some(tsunagu::publish::FailureKind::ServerError),
            true,
            tsunagu::publish::outbox::MAX_ATTEMPTS
        )
    );
    // Retry starts afresh: no longer "given up".
    tsunagu::app::outbox::retry_job(&mut w.ws, Source::Ui, failed[0].id).unwrap();
    assert!(!tsunagu::app::outbox::post_jobs(&w.ws, post).unwrap()[0].gave_up);
}
