//! X against its fake (`tests/common/fake_x.rs`): the whole OAuth 2.0 PKCE flow on a fixed
//! loopback port, publishing with an image and alt text, a rotating refresh token kept in the
//! keychain, exactly once across a dropped connection (no idempotency key: the recent posts are
//! read first, links rewritten to t.co and all), duplicates, the usage cap, rate limits,
//! metrics with impressions, and deleting.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fake_x::{FakeX, CLIENT_ID, USER_ID};
use common::*;
use tsunagu::model::{Platform, PostStatus};
use tsunagu::secrets::{MemorySecrets, SecretStore};
use tsunagu::store::Source;

struct World {
    _dir: tempfile::TempDir,
    ws: tsunagu::Workspace,
    clock: std::sync::Arc<tsunagu::clock::FixedClock>,
    server: FakeX,
    secrets: MemorySecrets,
    account: tsunagu::publish::accounts::Account,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn world() -> World {
    let clock = clock(at(2026, 11, 22, 3, 0));
    let (dir, mut ws) = demo_ws(clock.clone());
    let server = FakeX::start();
    let secrets = MemorySecrets::default();
    let port = free_port();
    let signed =
        tsunagu::publish::adapters::x::x_sign_in(&server.url, CLIENT_ID, port, &browser).unwrap();
    let account = ws
        .connect_x_signed_in(Source::Ui, &secrets, &signed)
        .unwrap();
    World {
        _dir: dir,
        ws,
        clock,
        server,
        secrets,
        account,
    }
}

fn approved(w: &mut World, title: &str, body: &str) -> tsunagu::ids::PostId {
    let p = approved_post(
        &mut w.ws,
        None,
        title,
        body,
        "2026-11-22T12:00",
        &[Platform::X],
    );
    assert_eq!(w.ws.post(p).unwrap().status, PostStatus::Scheduled);
    p
}

fn stored_secret(w: &World) -> serde_json::Value {
    let raw = w
        .secrets
        .get(&format!("account:{}", w.account.id))
        .unwrap()
        .unwrap();
    serde_json::from_str(&raw).unwrap()
}

#[test]
fn oauth_with_pkce_on_a_fixed_port_then_publish_with_an_image() {
    let mut w = world();
    assert_eq!(w.account.platform, Platform::X);
    assert_eq!(w.account.handle, "minato_seiko");
    assert_eq!(w.account.remote_id.as_deref(), Some(USER_ID));
    let secret = stored_secret(&w);
    assert_eq!(secret["refresh"], "x-refresh-1");
    assert_eq!(secret["client_id"], CLIENT_ID);

    // A wrong client id is refused before the browser opens.
    let err =
        tsunagu::publish::adapters::x::x_sign_in(&w.server.url, " ", free_port(), &|_| Ok(()))
            .unwrap_err();
    assert!(err.to_string().contains("client id"), "{err}");

    // The photo and its alt text come before approval (changing images voids it).
    let post =
        w.ws.create_post_at(
            Source::Ui,
            None,
            "見学会",
            "2026-11-22T12:00",
            &[Platform::X],
        )
        .unwrap()
        .id;
    write_body(
        &mut w.ws,
        post,
        "工場見学会を開きます https://minato-seiko.co.jp/tour",
    );
    attach_with_alt(&mut w.ws, post, &png(32, 24), "新しい治具");
    submit_and_approve(&mut w.ws, post);
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    let job = tsunagu::app::outbox::post_jobs(&w.ws, post)
        .unwrap()
        .remove(0);
    assert_eq!(r.published, 1, "{:?}", job.last_error);
    let id = job.remote_id.unwrap();
    assert_eq!(
        job.remote_url.as_deref(),
        Some(format!("https://x.com/i/web/status/{id}").as_str())
    );
    let (posts, alts) = w.server.with(|s| (s.posts.clone(), s.alts.clone()));
    assert_eq!(posts.len(), 1);
    assert_eq!(
        posts[0].1,
        "工場見学会を開きます https://minato-seiko.co.jp/tour"
    );
    assert_eq!(posts[0].2.len(), 1, "the image went with it");
    assert_eq!(
        alts.get(&posts[0].2[0]).map(String::as_str),
        Some("新しい治具")
    );
}

#[test]
fn expired_tokens_are_renewed_and_the_new_refresh_token_kept() {
    let mut w = world();
    let post = approved(&mut w, "更新", "トークン更新のテストです");
    w.server.with(|s| s.expire_access = true);
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
    assert_eq!(
        stored_secret(&w)["refresh"],
        "x-refresh-2",
        "rotated and kept"
    );
    // Two hours later the stored token is past its life: renewed before the call.
    let next = approved_post(
        &mut w.ws,
        None,
        "二件目",
        "二件目の投稿です",
        "2026-11-22T14:30",
        &[Platform::X],
    );
    w.clock.set(at(2026, 11, 22, 5, 31));
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
    assert_eq!(stored_secret(&w)["refresh"], "x-refresh-3");
    assert_eq!(w.ws.post(post).unwrap().status, PostStatus::Published);
    assert_eq!(w.ws.post(next).unwrap().status, PostStatus::Published);
}

#[test]
fn a_dropped_answer_is_found_among_recent_posts_not_sent_again() {
    let mut w = world();
    let post = approved(
        &mut w,
        "切断",
        "接続が切れても一度だけ https://minato-seiko.co.jp/a",
    );
    w.server.with(|s| s.drop_after_create = 1);
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!((r.published, r.retrying), (0, 1));
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
    let (posts, requests) = w.server.with(|s| (s.posts.len(), s.requests));
    assert_eq!((posts, requests), (1, 1), "looked up, not posted again");
    let job = tsunagu::app::outbox::post_jobs(&w.ws, post)
        .unwrap()
        .remove(0);
    assert_eq!(
        job.remote_id.as_deref(),
        Some(w.server.with(|s| s.posts[0].0.clone()).as_str())
    );
}

#[test]
fn an_older_post_with_the_same_text_is_not_taken_for_ours() {
    let mut w = world();
    let text = "年末年始の営業のお知らせ https://minato-seiko.co.jp/news";
    // Last year's identical announcement is in the account's feed.
    w.server.with(|s| {
        s.posts.push(("old-1".into(), text.into(), Vec::new()));
        s.created
            .insert("old-1".into(), "2025-12-20T01:00:00.000Z".into());
    });
    let post = approved(&mut w, "年末年始", text);
    // This year's send gets a server error: it may have arrived, so the next pass looks first.
    w.server.with(|s| s.fail_500 = 1);
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!((r.published, r.retrying), (0, 1));
    let job = tsunagu::app::outbox::post_jobs(&w.ws, post)
        .unwrap()
        .remove(0);
    assert_eq!(
        job.state, "in_flight",
        "may have arrived: {:?}",
        job.last_error
    );
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(
        r.published,
        1,
        "{r:?} {:?}",
        tsunagu::app::outbox::post_jobs(&w.ws, post).unwrap()
    );
    let (posts, requests, newest) = w
        .server
        .with(|s| (s.posts.len(), s.requests, s.posts[1].0.clone()));
    assert_eq!(
        (posts, requests),
        (2, 2),
        "last year's was not taken for it: sent"
    );
    let job = tsunagu::app::outbox::post_jobs(&w.ws, post)
        .unwrap()
        .remove(0);
    assert_eq!(job.remote_id.as_deref(), Some(newest.as_str()));
}

#[test]
fn duplicates_usage_caps_and_rate_limits_are_plain() {
    let mut w = world();
    // X refuses the same text twice; the post already there is the one we meant.
    let first = approved(&mut w, "同文1", "同じ文面の投稿");
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
    let second = approved(&mut w, "同文2", "同じ文面の投稿");
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
    assert_eq!(
        tsunagu::app::outbox::post_jobs(&w.ws, second).unwrap()[0].remote_id,
        tsunagu::app::outbox::post_jobs(&w.ws, first).unwrap()[0].remote_id
    );
    assert_eq!(w.server.with(|s| s.posts.len()), 1);

    let capped = approved(&mut w, "上限", "プランの上限のテスト");
    w.server.with(|s| s.usage_capped = true);
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(r.failed, 1);
    let job = tsunagu::app::outbox::post_jobs(&w.ws, capped)
        .unwrap()
        .remove(0);
    assert!(job.last_error.unwrap().contains("plan's posting allowance"));

    w.server.with(|s| {
        s.usage_capped = false;
        s.rate_limit = 1;
        s.rate_limit_reset = at(2026, 11, 22, 3, 15).timestamp();
    });
    let limited = approved(&mut w, "制限", "レート制限のテスト");
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(r.retrying, 1);
    let job = tsunagu::app::outbox::post_jobs(&w.ws, limited)
        .unwrap()
        .remove(0);
    assert_eq!(job.next_attempt_at.as_deref(), Some("2026-11-22T03:15:00Z"));
    assert!(tsunagu::app::accounts::accounts(&w.ws).unwrap()[0].rate_limited);
    w.clock.set(at(2026, 11, 22, 3, 15));
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
}

#[test]
fn metrics_with_impressions_and_deleting() {
    let mut w = world();
    let post = approved(&mut w, "反応", "反応を読むテスト");
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
    w.server.with(|s| s.likes = 40);
    assert_eq!(w.ws.refresh_metrics(&w.secrets).unwrap().read, 1);
    let m = tsunagu::app::outbox::post_metrics(&w.ws, post)
        .unwrap()
        .remove(0);
    assert_eq!(m.platform, Platform::X);
    assert_eq!(
        (
            m.counts.likes,
            m.counts.reposts,
            m.counts.replies,
            m.counts.impressions
        ),
        (Some(40), Some(10), Some(1), Some(1600))
    );
    let done =
        w.ws.delete_from_platforms(Source::Ui, &w.secrets, post)
            .unwrap();
    assert_eq!(done.deleted, vec![Platform::X]);
    assert_eq!(w.server.with(|s| (s.posts.len(), s.deleted)), (0, 1));
}

#[test]
fn fault_injection_over_many_posts_gives_no_duplicates_on_x() {
    // X has no idempotency key, so this is the hardest platform for exactly once: answers
    // lost after X stored the post, 503s on the write (it may have arrived), 429s, checks that
    // fail themselves, and last year's posts with the same texts in the feed, across 300 posts.
    let mut w = world();
    w.server.with(|s| {
        for i in (0..300).step_by(10) {
            let id = format!("old-{i}");
            s.posts.push((
                id.clone(),
                format!("まとめて公開する投稿 {i} 号 https://minato-seiko.co.jp/n/{i}"),
                Vec::new(),
            ));
            s.created.insert(id, "2025-11-22T03:00:00.000Z".into());
        }
    });
    let mut posts = Vec::new();
    for i in 0..300 {
        posts.push(approved(
            &mut w,
            &format!("X{i}"),
            &format!("まとめて公開する投稿 {i} 号 https://minato-seiko.co.jp/n/{i}"),
        ));
    }
    w.server.with(|s| {
        s.drop_after_create = 25;
        s.fail_500 = 30;
        s.fail_lookup = 12;
        s.rate_limit = 10;
        s.rate_limit_reset = at(2026, 11, 22, 3, 2).timestamp();
    });
    let mut minute = 0;
    for _ in 0..40 {
        w.ws.publish_due(&w.secrets, "test").unwrap();
        minute += 5;
        w.clock
            .set(at(2026, 11, 22, 3, 0) + chrono::Duration::minutes(minute));
    }
    let mut ids = std::collections::HashSet::new();
    for p in &posts {
        let job = tsunagu::app::outbox::post_jobs(&w.ws, *p)
            .unwrap()
            .remove(0);
        assert_eq!(job.state, "published", "{:?}", job.last_error);
        assert!(
            ids.insert(job.remote_id.unwrap()),
            "two posts share one X post"
        );
    }
    assert!(
        ids.iter().all(|id| !id.starts_with("old-")),
        "last year's posts were never taken for this year's"
    );
    assert_eq!(
        w.server.with(|s| s.posts.len()),
        330,
        "zero duplicates on X (300 sent, 30 from last year)"
    );
}

#[test]
fn spent_credits_are_a_loud_failure_that_is_not_retried() {
    let mut w = world();
    let post = approved(&mut w, "クレジット", "クレジット切れのテスト");
    w.server.with(|s| s.out_of_credits = true);
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(r.failed, 1);
    let job = tsunagu::app::outbox::post_jobs(&w.ws, post)
        .unwrap()
        .remove(0);
    assert_eq!(job.state, "failed");
    assert_eq!(job.attempts, 1);
    assert_eq!(
        job.last_error_kind,
        Some(tsunagu::platforms::FailureKind::Credits)
    );
    assert!(job.last_error.unwrap().contains("Add credits"));
    // Later passes leave it alone: one request in all, until someone presses Retry.
    let before = w.server.with(|s| s.requests);
    w.clock.advance(chrono::Duration::hours(2));
    w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(w.server.with(|s| s.requests), before);
}

/// What each X post cost is kept on its job; the month's spending is on the account; a cap
/// refuses a post before anything is sent, and the reviewer sees the cost and the cap first.
#[test]
fn each_post_costs_what_the_price_table_says_and_a_cap_stops_one_before_it_is_sent() {
    let mut w = world();
    let plain = approved(&mut w, "安い", "工場見学会を開きます #ものづくり");
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(r.published, 1);
    let prices = tsunagu::platforms::x_cost::prices();
    let plain_cost = tsunagu::publish::spend::micros(prices.content_create)
        + tsunagu::publish::spend::micros(prices.post_read);
    let job = |w: &World, p| tsunagu::app::outbox::post_jobs(&w.ws, p).unwrap().remove(0);
    assert_eq!(job(&w, plain).cost_micros, Some(plain_cost));
    let account = |w: &World| tsunagu::app::accounts::account(&w.ws, w.account.id).unwrap();
    assert_eq!(account(&w).month_spend_micros, plain_cost);

    // A cap of five cents: a post with a link (twenty cents and more) is over it.
    tsunagu::app::accounts::set_monthly_cap(&mut w.ws, Source::Ui, w.account.id, Some(50_000))
        .unwrap();
    let linked = approved(
        &mut w,
        "高い",
        "工場見学会の申し込みはこちら https://minato-seiko.co.jp/tour",
    );
    let seen = tsunagu::app::accounts::x_cost(&w.ws, linked)
        .unwrap()
        .unwrap();
    assert!(seen.cost.with_link && seen.over_cap);
    assert_eq!(seen.month_spend_micros, plain_cost);
    assert!(seen.cost_micros > 10 * plain_cost);
    let sent_before = w.server.with(|s| s.posts.len());
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!((r.published, r.failed), (0, 1));
    let j = job(&w, linked);
    assert_eq!(
        j.last_error_kind,
        Some(tsunagu::publish::FailureKind::SpendCap)
    );
    assert!(j.last_error.unwrap().contains("cap of $0.05"));
    assert_eq!(
        w.server.with(|s| s.posts.len()),
        sent_before,
        "nothing was sent"
    );
    assert_eq!(j.cost_micros, None, "nothing was charged");

    // The lead raises the cap and retries: it goes out and the month adds up.
    tsunagu::app::accounts::set_monthly_cap(&mut w.ws, Source::Ui, w.account.id, Some(1_000_000))
        .unwrap();
    tsunagu::app::outbox::retry_job(&mut w.ws, Source::Ui, j.id).unwrap();
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(r.published, 1);
    let total = plain_cost + job(&w, linked).cost_micros.unwrap();
    assert_eq!(account(&w).month_spend_micros, total);

    // A negative cap is refused with what to do; no cap at all is allowed.
    let err =
        tsunagu::app::accounts::set_monthly_cap(&mut w.ws, Source::Ui, w.account.id, Some(-1))
            .unwrap_err();
    assert!(err.to_string().contains("below zero"), "{err}");
    tsunagu::app::accounts::set_monthly_cap(&mut w.ws, Source::Ui, w.account.id, None).unwrap();
    assert_eq!(account(&w).monthly_cap_micros, None);
}

/// The bring-your-own-app guide's checks against X: an unknown client id and a callback that
/// is not registered are each named; the right ones pass; an app without write access is
/// caught at sign-in, before any post fails.
#[test]
fn the_app_guide_checks_the_client_the_callback_and_the_permissions() {
    use tsunagu::publish::app_guide::{check_client, GuideProblem};
    let server = FakeX::start();
    let port = free_port();
    server.with(|s| s.registered = Some(format!("http://127.0.0.1:{port}/callback")));
    let c = check_client(Platform::X, &server.url, "someone-else", port).unwrap();
    assert_eq!(c.problem, Some(GuideProblem::UnknownClient), "{c:?}");
    let c = check_client(Platform::X, &server.url, CLIENT_ID, port + 1).unwrap();
    assert_eq!(
        c.problem,
        Some(GuideProblem::RedirectNotRegistered),
        "{c:?}"
    );
    let c = check_client(Platform::X, &server.url, CLIENT_ID, port).unwrap();
    assert!(c.ok, "{c:?}");
    let c = check_client(Platform::X, "http://127.0.0.1:9", CLIENT_ID, port).unwrap();
    assert_eq!(c.problem, Some(GuideProblem::Unreachable));

    // Read-only app: X signs in without tweet.write.
    server.with(|s| s.granted_scope = Some("tweet.read users.read offline.access".into()));
    let err = tsunagu::publish::adapters::x::x_sign_in(&server.url, CLIENT_ID, port, &browser)
        .unwrap_err();
    assert_eq!(err.rule(), Some(tsunagu::Rule::ScopesMissing), "{err}");
    assert!(err.to_string().contains("tweet.write"), "{err}");
}
