//! Token health: each account's real expiry, renewed ahead of time where the platform
//! allows, and warned about before it dies.
//!
//! Credentials that die silently are the other great complaint about schedulers (a Threads
//! token gone after 60 days, a Page token whose data access lapsed). So, at most every
//! [`CHECK_EVERY_HOURS`] for each account:
//!
//! * a Facebook Page token's expiry is read from Meta's token debugging endpoint (its own
//!   expiry, and the data-access expiry that ends a "never expiring" Page token's use);
//! * a LinkedIn token's expiry is read through LinkedIn's introspection, which needs the
//!   company app's secret, so it goes through the company's token-exchange endpoint when the
//!   account was connected through one;
//! * Instagram and Threads tokens (and LinkedIn's, with a refresh token) are renewed a week
//!   before they expire, and the platform's answer sets the new expiry.
//!
//! An expiry read from the platform is marked so ([`ExpirySource::Platform`]); one that is
//! only the platform's usual lifetime counted from the paste stays [`ExpirySource::Assumed`].
//! A token the platform calls invalid marks the account for reconnecting at once.
//!
//! Warnings fall at [`WARN_DAYS`] before the expiry: the windows show them (sidebar,
//! calendar posts that would be affected, Accounts), and each threshold is sent once as an OS
//! notification ([`to_notify`]).

use super::accounts::Account;
use super::{AccountState, ExpirySource, Failure, FailureKind, Problem};
use crate::error::Result;
use crate::ids::RowId;
use crate::model::Platform;
use crate::platforms::http::Http;
use crate::secrets::SecretStore;
use crate::store::{write::val, Source};
use crate::workspace::Workspace;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

/// Days before an expiry at which Tsunagu warns (and notifies once each).
pub const WARN_DAYS: [i64; 3] = [14, 7, 1];
/// How often an account's token is looked at.
pub const CHECK_EVERY_HOURS: i64 = 12;

/// An account whose connection ends soon (or has ended).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExpiryWarning {
    /// The account.
    pub account: RowId,
    /// Its platform.
    pub platform: Platform,
    /// Its company name, or `@handle`.
    pub label: String,
    /// When its token stops working, RFC 3339 UTC.
    pub expires_at: String,
    /// Whole days left (0 or less: today, or past).
    pub days_left: i64,
    /// The warning it falls under: 14, 7 or 1 (days), or 0 once expired.
    pub threshold: i64,
    /// Where the expiry came from.
    pub source: Option<ExpirySource>,
}

/// What one health check did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HealthReport {
    /// Accounts whose expiry was read from their platform.
    pub read: u32,
    /// Tokens renewed ahead of time.
    pub renewed: u32,
    /// Tokens the platform called invalid (the account now asks to be reconnected).
    pub invalid: u32,
}

/// What the platform says about a token: whether it works, and when it stops (Unix ms;
/// `Some(None)` when it does not expire, `None` when the platform did not say).
struct Reading {
    valid: bool,
    expires_at_ms: Option<Option<i64>>,
    /// Permissions the token lacks, when the platform lists what it has.
    missing: Vec<String>,
}

/// Looks at every connected token account (or only `only`) not looked at in the last
/// [`CHECK_EVERY_HOURS`] (all of them when `force`). A platform that cannot be reached only
/// waits for the next check.
pub fn check_tokens(
    ws: &mut Workspace,
    secrets: &dyn SecretStore,
    force: bool,
    only: Option<RowId>,
) -> Result<HealthReport> {
    let now = ws.clock().now();
    let mut report = HealthReport::default();
    for a in super::accounts::accounts(ws.store().conn(), now)? {
        if only.is_some_and(|o| o != a.id)
            || a.state != AccountState::Connected
            || !matches!(
                a.platform,
                Platform::Facebook | Platform::Linkedin | Platform::Instagram | Platform::Threads
            )
        {
            continue;
        }
        let checked: Option<String> = ws.store().conn().query_row(
            "SELECT token_checked_at FROM accounts WHERE id = ?1",
            [a.id.as_string()],
            |r| r.get(0),
        )?;
        let recent = checked
            .as_deref()
            .and_then(crate::clock::from_db_time)
            .is_some_and(|t| now - t < Duration::hours(CHECK_EVERY_HOURS));
        if recent && !force {
            continue;
        }
        let Ok(secret) = super::tokens::load(secrets, &a) else {
            // A locked keychain or a missing token: the publishing pass says so.
            continue;
        };
        if super::tokens::renew_if_closing(ws, secrets, &a).unwrap_or(false) {
            report.renewed += 1;
        }
        let reading = match a.platform {
            Platform::Facebook => debug_token(&api(&a), &secret.access).map(Some),
            Platform::Linkedin => match secret.exchange_url.as_deref() {
                Some(url) => introspect(url, secret.client_id.as_deref(), &secret.access).map(Some),
                None => Ok(None),
            },
            _ => Ok(None),
        };
        match reading {
            Ok(Some(r)) if !r.valid || !r.missing.is_empty() => {
                report.invalid += 1;
                let ctx = ws.ctx(None, Source::System);
                let why = if r.valid {
                    format!(
                        "{} granted the token without {}: allow them for the app (Meta for Developers → the app → use cases), then reconnect the account.",
                        super::tokens::name(a.platform),
                        r.missing.join(", ")
                    )
                } else {
                    format!(
                        "{} says the token is no longer valid (it was revoked, or the password or the Page's roles changed). Reconnect the account.",
                        super::tokens::name(a.platform)
                    )
                };
                ws.store_mut().write(&ctx, |w| {
                    super::accounts::set_state(w, a.id, AccountState::NeedsReconnect, Some(&why))
                })?;
            }
            Ok(Some(Reading {
                expires_at_ms: Some(at),
                ..
            })) => {
                report.read += 1;
                ws.set_token_expiry(a.id, at, Some(ExpirySource::Platform))?;
            }
            // Nothing to read, or the platform could not be asked now: the next check asks.
            Ok(_) | Err(_) => {}
        }
        let ctx = ws.ctx(None, Source::System);
        ws.store_mut().write(&ctx, |w| {
            let at = w.now_text().to_string();
            w.update(
                "accounts",
                &[("id", val::text(a.id.as_string()))],
                &[("token_checked_at", val::text(at))],
            )
        })?;
    }
    Ok(report)
}

fn api(a: &Account) -> String {
    a.server_url
        .clone()
        .unwrap_or_else(|| super::tokens::default_api(a.platform).to_string())
}

/// Meta's token debugging endpoint: whether the token works, and the earlier of its own
/// expiry and its data-access expiry (0 means "none" for either).
fn debug_token(api: &str, token: &str) -> std::result::Result<Reading, Failure> {
    let g = crate::platforms::graph::Graph::new(
        api,
        crate::platforms::graph::GRAPH_VERSION,
        "Facebook",
    )?;
    let v = g.get(token, "debug_token", &[("input_token", token)])?;
    let d = &v["data"];
    let at = |k: &str| d[k].as_i64().filter(|s| *s > 0).map(|s| s * 1000);
    let expires_at_ms = [at("expires_at"), at("data_access_expires_at")]
        .into_iter()
        .flatten()
        .min();
    let Some(valid) = d["is_valid"].as_bool() else {
        return Err(Failure::Transient(Problem::new(
            FailureKind::StrangeAnswer,
            "Meta's token debugging answer did not say whether the token is valid".into(),
        )));
    };
    // Posting to a Page needs these; the others only add numbers.
    let granted: Vec<&str> = d["scopes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str())
        .collect();
    let missing = if d["scopes"].is_array() {
        super::app_guide::missing_scopes(&granted.join(" "), "pages_manage_posts")
    } else {
        Vec::new()
    };
    Ok(Reading {
        valid,
        expires_at_ms: Some(expires_at_ms),
        missing,
    })
}

/// LinkedIn's token introspection, through the company's token-exchange endpoint (which holds
/// the app secret LinkedIn asks for).
fn introspect(
    url: &str,
    client_id: Option<&str>,
    token: &str,
) -> std::result::Result<Reading, Failure> {
    let http = Http::new(url)?;
    let resp = Http::send(
        http.client.post(http.base.clone()).json(&json!({
            "action": "introspect", "platform": "linkedin", "client_id": client_id, "token": token,
        })),
        false,
        "The token-exchange endpoint",
    )?;
    let status = resp.status().as_u16();
    let v: Value = resp.json().unwrap_or(Value::Null);
    if !(200..300).contains(&status) {
        return Err(Failure::Transient(Problem::new(
            FailureKind::StrangeAnswer,
            format!("the token-exchange endpoint could not introspect the token ({status})"),
        )));
    }
    // An endpoint that does not know introspection says nothing about the token; an active
    // token without a stated expiry leaves the one Tsunagu has.
    let Some(valid) = v["active"].as_bool() else {
        return Err(Failure::Transient(Problem::new(
            FailureKind::StrangeAnswer,
            "the token-exchange endpoint's answer did not say whether the token is active".into(),
        )));
    };
    Ok(Reading {
        valid,
        missing: Vec::new(),
        expires_at_ms: v["expires_at"]
            .as_i64()
            .filter(|s| *s > 0)
            .map(|s| Some(s * 1000)),
    })
}

/// Accounts (not disconnected) whose token ends within the first warning's reach, soonest
/// first.
pub fn warnings(conn: &rusqlite::Connection, now: DateTime<Utc>) -> Result<Vec<ExpiryWarning>> {
    let mut out: Vec<ExpiryWarning> = super::accounts::accounts(conn, now)?
        .into_iter()
        .filter(|a| a.state != AccountState::Disconnected)
        .filter_map(|a| {
            let at = a
                .token_expires_at
                .as_deref()
                .and_then(crate::clock::from_db_time)?;
            let days_left = (at - now).num_days();
            let threshold = if at <= now {
                0
            } else {
                WARN_DAYS.iter().copied().filter(|d| days_left < *d).min()?
            };
            Some(ExpiryWarning {
                account: a.id,
                platform: a.platform,
                label: if a.display_name.is_empty() {
                    format!("@{}", a.handle)
                } else {
                    a.display_name.clone()
                },
                expires_at: crate::clock::to_db_time(at),
                days_left,
                threshold,
                source: a.expiry_source,
            })
        })
        .collect();
    out.sort_by(|a, b| a.expires_at.cmp(&b.expires_at));
    Ok(out)
}

/// The warnings not yet sent as an OS notification at their threshold, marked as sent (one
/// notification per threshold and expiry: a renewed token starts over).
pub fn to_notify(ws: &mut Workspace) -> Result<Vec<ExpiryWarning>> {
    let now = ws.clock().now();
    let mut out = Vec::new();
    for w in warnings(ws.store().conn(), now)? {
        let mark = format!("{}|{}", w.expires_at, w.threshold);
        let sent: Option<String> = ws.store().conn().query_row(
            "SELECT expiry_warned FROM accounts WHERE id = ?1",
            [w.account.as_string()],
            |r| r.get(0),
        )?;
        if sent.as_deref() == Some(mark.as_str()) {
            continue;
        }
        let ctx = ws.ctx(None, Source::System);
        ws.store_mut().write(&ctx, |wr| {
            wr.update(
                "accounts",
                &[("id", val::text(w.account.as_string()))],
                &[("expiry_warned", val::text(mark.clone()))],
            )
        })?;
        out.push(w);
    }
    Ok(out)
}
