//! Token health: expiries read from the platform (Meta's token debugging, LinkedIn's
//! introspection through the company's endpoint), tokens renewed ahead of time without a post,
//! warnings 14, 7 and 1 days ahead (each notified once), and a token the platform calls
//! invalid marked for reconnecting.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fake_broker::FakeBroker;
use common::fake_containers::{self as fc, FakeContainers, Kind};
use common::fake_facebook::{self as ffb, FakeFacebook};
use common::fake_linkedin::{self as fli, FakeLinkedin};
use common::*;
use tsunagu::model::Platform;
use tsunagu::publish::health::{check_tokens, to_notify};
use tsunagu::publish::{AccountState, ExpirySource};
use tsunagu::secrets::MemorySecrets;
use tsunagu::store::Source;

/// The fake's Page connected with its Page token.
fn connect_page(
    ws: &mut tsunagu::Workspace,
    secrets: &MemorySecrets,
    fb: &FakeFacebook,
) -> tsunagu::Result<tsunagu::publish::accounts::Account> {
    ws.connect_with_token(
        Source::Ui,
        secrets,
        &token_connect(
            Platform::Facebook,
            &fb.url,
            ffb::PAGE_TOKEN,
            Some(ffb::PAGE),
        ),
    )
}

#[test]
fn a_page_token_s_real_expiry_is_read_from_meta_and_warned_about_at_14_7_and_1_days() {
    let now = at(2026, 11, 22, 3, 0);
    let fb = FakeFacebook::start(now.timestamp());
    // A Page token never expires itself, but its data access ends in ten days.
    let ends = at(2026, 12, 2, 3, 0);
    fb.with(|s| s.data_access_expires_at = ends.timestamp());
    let c = clock(now);
    let (_dir, mut ws) = demo_ws(c.clone());
    let secrets = MemorySecrets::default();
    let a = connect_page(&mut ws, &secrets, &fb).unwrap();
    assert_eq!(fb.with(|s| s.debugged), 1, "asked Meta when connecting");
    assert_eq!(a.token_expires_at.as_deref(), Some("2026-12-02T03:00:00Z"));
    assert_eq!(a.expiry_source, Some(ExpirySource::Platform));
    assert_eq!(a.expires_in_days, Some(10));

    // Ten days ahead: the 14-day warning, notified once.
    let w = tsunagu::app::accounts::expiry_warnings(&ws).unwrap();
    assert_eq!((w.len(), w[0].threshold, w[0].days_left), (1, 14, 10));
    assert_eq!(to_notify(&mut ws).unwrap().len(), 1);
    assert!(to_notify(&mut ws).unwrap().is_empty(), "once per warning");

    // Four days on: the 7-day warning, notified once more.
    c.set(at(2026, 11, 26, 3, 0));
    let w = tsunagu::app::accounts::expiry_warnings(&ws).unwrap();
    assert_eq!((w[0].threshold, w[0].days_left), (7, 6));
    assert_eq!(to_notify(&mut ws).unwrap().len(), 1, "the 7-day warning");
    // The last day.
    c.set(at(2026, 12, 1, 12, 0));
    let w = tsunagu::app::accounts::expiry_warnings(&ws).unwrap();
    assert_eq!(w[0].threshold, 1);
    assert_eq!(to_notify(&mut ws).unwrap().len(), 1, "the 1-day warning");
    c.set(at(2026, 12, 2, 4, 0));
    let ended = to_notify(&mut ws).unwrap();
    assert_eq!((ended.len(), ended[0].threshold), (1, 0));

    // The lead renews the Page's access on Meta's side: the next check reads the new date and
    // the warning goes away.
    fb.with(|s| s.data_access_expires_at = at(2027, 3, 2, 3, 0).timestamp());
    let r = check_tokens(&mut ws, &secrets, false, None).unwrap();
    assert_eq!(r.read, 1);
    assert!(tsunagu::app::accounts::expiry_warnings(&ws)
        .unwrap()
        .is_empty());
    // Checked twice a day at most.
    let r = check_tokens(&mut ws, &secrets, false, None).unwrap();
    assert_eq!(r.read, 0);
    assert_eq!(fb.with(|s| s.debugged), 2);
}

#[test]
fn a_token_meta_calls_invalid_marks_the_account_for_reconnecting() {
    let now = at(2026, 11, 22, 3, 0);
    let fb = FakeFacebook::start(now.timestamp());
    let (_dir, mut ws) = demo_ws(clock(now));
    let secrets = MemorySecrets::default();
    let a = connect_page(&mut ws, &secrets, &fb).unwrap();
    fb.with(|s| s.token_invalid = true);
    let r = check_tokens(&mut ws, &secrets, true, None).unwrap();
    assert_eq!(r.invalid, 1);
    let a = tsunagu::app::accounts::account(&ws, a.id).unwrap();
    assert_eq!(a.state, AccountState::NeedsReconnect);
    assert!(a.last_error.unwrap().contains("Reconnect"));
}

#[test]
fn linkedin_s_expiry_comes_from_introspection_through_the_company_endpoint() {
    let li = FakeLinkedin::start();
    let ends = at(2027, 1, 3, 0, 0);
    li.with(|s| s.token_expires_at = ends.timestamp());
    let broker = FakeBroker::start(
        &format!("{}/oauth/v2/accessToken", li.url),
        fli::CLIENT_SECRET,
    );
    let (_dir, mut ws) = demo_ws(clock(at(2026, 11, 22, 3, 0)));
    let secrets = MemorySecrets::default();
    let mut c = token_connect(Platform::Linkedin, &li.url, fli::TOKEN, None);
    c.exchange_url = Some(broker.url.clone());
    c.client_id = Some(fli::CLIENT_ID.into());
    let a = ws.connect_with_token(Source::Ui, &secrets, &c).unwrap();
    assert_eq!(a.token_expires_at.as_deref(), Some("2027-01-03T00:00:00Z"));
    assert_eq!(a.expiry_source, Some(ExpirySource::Platform));
    // The secret stayed at the endpoint: the app sent the token and the client id only.
    let seen = broker.state.lock().unwrap().seen.clone();
    assert_eq!(seen[0]["action"], "introspect");
    assert!(!seen[0].to_string().contains(fli::CLIENT_SECRET));

    // A pasted token without an endpoint keeps the usual 60 days, said to be an estimate.
    let (_dir2, mut ws2) = demo_ws(clock(at(2026, 11, 22, 3, 0)));
    let b = ws2
        .connect_with_token(
            Source::Ui,
            &secrets,
            &token_connect(Platform::Linkedin, &li.url, fli::TOKEN, None),
        )
        .unwrap();
    assert_eq!(b.expires_in_days, Some(60));
    assert_eq!(b.expiry_source, Some(ExpirySource::Assumed));
}

#[test]
fn an_instagram_token_is_renewed_a_week_ahead_without_any_post() {
    let ig = FakeContainers::start(Kind::Instagram);
    let c = clock(at(2026, 11, 22, 3, 0));
    let (_dir, mut ws) = demo_ws(c.clone());
    let secrets = MemorySecrets::default();
    let a = ws
        .connect_with_token(
            Source::Ui,
            &secrets,
            &token_connect(Platform::Instagram, &ig.url, fc::IG_TOKEN, None),
        )
        .unwrap();
    assert_eq!(a.expiry_source, Some(ExpirySource::Assumed));
    // Fifty days on: nothing to do yet.
    c.set(at(2027, 1, 11, 3, 0));
    ig.with(|s| s.token_age = 50 * 86_400);
    let r = check_tokens(&mut ws, &secrets, false, None).unwrap();
    assert_eq!((r.renewed, ig.with(|s| s.renewals)), (0, 0));
    // Fifty-five days on: within a week, renewed by the check, the platform's lifetime kept.
    c.set(at(2027, 1, 16, 3, 0));
    ig.with(|s| s.token_age = 55 * 86_400);
    let r = check_tokens(&mut ws, &secrets, false, None).unwrap();
    assert_eq!((r.renewed, ig.with(|s| s.renewals)), (1, 1));
    let a = tsunagu::app::accounts::account(&ws, a.id).unwrap();
    assert_eq!(a.expires_in_days, Some(60));
    assert_eq!(a.expiry_source, Some(ExpirySource::Platform));
}

#[test]
fn the_scheduler_tick_hands_each_new_warning_over_once() {
    let now = at(2026, 11, 22, 3, 0);
    let fb = FakeFacebook::start(now.timestamp());
    fb.with(|s| s.data_access_expires_at = at(2026, 11, 25, 3, 0).timestamp());
    let (_dir, mut ws) = demo_ws(clock(now));
    let secrets = MemorySecrets::default();
    connect_page(&mut ws, &secrets, &fb).unwrap();
    let t = tsunagu::app::tick(&mut ws, &secrets, "test").unwrap();
    assert_eq!(t.expiring.len(), 1);
    assert_eq!(t.expiring[0].threshold, 7);
    assert_eq!(t.expiring[0].platform, Platform::Facebook);
    let t = tsunagu::app::tick(&mut ws, &secrets, "test").unwrap();
    assert!(t.expiring.is_empty());
}

#[test]
fn a_page_token_without_permission_to_post_asks_for_reconnecting() {
    let now = at(2026, 11, 22, 3, 0);
    let fb = FakeFacebook::start(now.timestamp());
    fb.with(|s| {
        s.scopes = Some(vec![
            "pages_show_list".into(),
            "pages_read_engagement".into(),
        ])
    });
    let (_dir, mut ws) = demo_ws(clock(now));
    let secrets = MemorySecrets::default();
    let a = connect_page(&mut ws, &secrets, &fb).unwrap();
    let a = tsunagu::app::accounts::account(&ws, a.id).unwrap();
    assert_eq!(a.state, AccountState::NeedsReconnect);
    assert!(a.last_error.unwrap().contains("pages_manage_posts"));
}

#[test]
fn a_linkedin_app_without_the_posting_product_is_refused_at_sign_in() {
    let li = FakeLinkedin::start();
    li.with(|s| s.granted_scope = Some("openid,profile,email".into()));
    let broker = FakeBroker::start(
        &format!("{}/oauth/v2/accessToken", li.url),
        fli::CLIENT_SECRET,
    );
    let (_dir, mut ws) = demo_ws(clock(at(2026, 11, 22, 3, 0)));
    let secrets = MemorySecrets::default();
    let signed = linkedin_broker_sign_in(&li.url, &broker.url);
    let err = ws
        .connect_with_token(Source::Ui, &secrets, &signed)
        .unwrap_err();
    assert_eq!(err.rule(), Some(tsunagu::Rule::ScopesMissing), "{err}");
    assert!(err.to_string().contains("w_member_social"), "{err}");
    assert!(
        tsunagu::app::accounts::accounts(&ws).unwrap().is_empty(),
        "nothing kept"
    );
}
