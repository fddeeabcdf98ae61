//! Accounts that publish with a bearer token: LinkedIn, Facebook Pages, Instagram and Threads.
//!
//! Their code and long-lived-token exchanges need the company's app secret, which a desktop
//! app cannot keep. So there are two ways in, both ending in the keychain:
//!
//! * a token made elsewhere and pasted (LinkedIn's token generator, a Facebook Page token, an
//!   Instagram or Threads long-lived token), checked against the platform before it is kept;
//! * the company's **token-exchange endpoint**: Tsunagu opens the platform's consent page with
//!   PKCE and a loopback redirect, and posts the code (with the verifier and the redirect) to
//!   the endpoint, which holds the secret, does the exchanges and answers with the tokens. The
//!   same endpoint renews LinkedIn tokens when the company has refresh tokens.
//!
//! Instagram and Threads tokens are renewed by Tsunagu itself (no secret needed) once they are
//! a day old and within a week of expiring; every account's expiry is on the Accounts screen.

use super::accounts::{check_server, secret_key, Account};
use super::Failure;
use crate::error::{Error, Result};
use crate::ids::RowId;
use crate::model::Platform;
use crate::platforms::http::Http;
use crate::publish::{FailureKind, Problem};
use crate::secrets::SecretStore;
use crate::secrets::Sensitive;
use crate::store::{write::val, Source};
use crate::workspace::Workspace;
use serde_json::{json, Value};

pub use super::broker::{authorize_url, broker_sign_in, BrokerSignIn};

/// The loopback port registered with the company's LinkedIn and Meta apps unless it says
/// otherwise (Meta matches redirect addresses exactly).
pub const DEFAULT_PORT: u16 = 47_864;
/// How long a token lives when the platform does not say: LinkedIn, Instagram and Threads
/// long-lived tokens last 60 days.
const DEFAULT_LIFETIME_SECS: i64 = 60 * 86_400;
/// Renew a token this close to its expiry …
const RENEW_BEFORE_MS: i64 = 7 * 86_400_000;
/// … once it is this old (Meta refuses to renew a token younger than a day).
const RENEW_AFTER_MS: i64 = 86_400_000;

/// Tokens as they arrive, from a person or the exchange endpoint. Never printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Granted {
    /// The bearer token.
    pub access: Sensitive<String>,
    /// A refresh token, when the platform gives one (LinkedIn partners).
    pub refresh: Option<Sensitive<String>>,
    /// Seconds the access token lives; `None` when unknown, `Some(0)` when it never expires.
    pub expires_in: Option<i64>,
    /// The permissions the platform says it granted (`None` when it did not say, as for a
    /// pasted token).
    pub scope: Option<String>,
}

/// What connecting a token account needs.
#[derive(Debug, Clone)]
pub struct TokenConnect {
    /// LinkedIn, Facebook, Instagram or Threads.
    pub platform: Platform,
    /// The API address (empty for the platform's own).
    pub api: String,
    /// The tokens.
    pub granted: Granted,
    /// LinkedIn: an organisation id to post as the company page (else the member); Facebook:
    /// the Page id when the token is a user token that manages several Pages.
    pub target: Option<String>,
    /// The company's token-exchange endpoint, when the tokens came from it.
    pub exchange_url: Option<String>,
    /// The company's app id on the platform.
    pub client_id: Option<String>,
}

/// Who a token speaks for, as the platform says.
#[derive(Clone)]
pub(crate) struct Identity {
    /// The platform's id (a LinkedIn author URN, a Page id, an Instagram or Threads user id).
    pub remote_id: String,
    /// The name shown.
    pub handle: String,
    /// The token to keep (Facebook: the Page's own token).
    pub access: String,
    /// Seconds it lives, when known better than the grant (0: never expires).
    pub expires_in: Option<i64>,
}

/// What the keychain holds for a token account.
#[derive(Clone)]
pub(crate) struct TokenSecret {
    pub access: String,
    pub refresh: Option<String>,
    pub expires_at_ms: Option<i64>,
    pub issued_at_ms: i64,
    pub exchange_url: Option<String>,
    pub client_id: Option<String>,
}

/// The platform's name as people write it (the same in Japanese and English).
pub fn display_name(platform: Platform) -> &'static str {
    platform.label()
}

/// The platform's API unless the person named another (a fake, a proxy).
pub fn default_api(platform: Platform) -> &'static str {
    match platform {
        Platform::Linkedin => "https://api.linkedin.com",
        Platform::Instagram => "https://graph.instagram.com",
        Platform::Threads => "https://graph.threads.net",
        Platform::Line => crate::platforms::line::API,
        _ => "https://graph.facebook.com",
    }
}

pub(super) fn name(platform: Platform) -> &'static str {
    match platform {
        Platform::Linkedin => "LinkedIn",
        Platform::Instagram => "Instagram",
        Platform::Threads => "Threads",
        Platform::Facebook => "Facebook",
        _ => "the platform",
    }
}

pub(super) fn platform_error(platform: Platform, f: &Failure) -> Error {
    Error::Platform {
        platform: name(platform).into(),
        problem: match f {
            Failure::Expired => {
                "the token was refused: it has expired or was revoked. Make a new one.".into()
            }
            other => other.reason(),
        },
    }
}

pub(crate) fn store(secrets: &dyn SecretStore, account: RowId, s: &TokenSecret) -> Result<()> {
    let v = json!({
        "access": s.access, "refresh": s.refresh, "expires_at_ms": s.expires_at_ms,
        "issued_at_ms": s.issued_at_ms, "exchange_url": s.exchange_url, "client_id": s.client_id,
    });
    secrets.set(&secret_key(account), &v.to_string())
}

pub(crate) fn load(
    secrets: &dyn SecretStore,
    account: &Account,
) -> std::result::Result<TokenSecret, Failure> {
    let raw = secrets
        .get(&secret_key(account.id))
        .map_err(|e| super::keychain_failure(&e))?
        .ok_or_else(|| {
            Failure::Permanent(Problem::new(
                FailureKind::Reconnect,
                "The account's token is not in the keychain. Reconnect the account.".into(),
            ))
        })?;
    let v: Value = serde_json::from_str(&raw).map_err(|_| {
        Failure::Permanent(Problem::new(
            FailureKind::Reconnect,
            "The stored token cannot be read. Reconnect the account.".into(),
        ))
    })?;
    let opt = |k: &str| v[k].as_str().map(str::to_string);
    Ok(TokenSecret {
        access: opt("access").unwrap_or_default(),
        refresh: opt("refresh"),
        expires_at_ms: v["expires_at_ms"].as_i64(),
        issued_at_ms: v["issued_at_ms"].as_i64().unwrap_or(0),
        exchange_url: opt("exchange_url"),
        client_id: opt("client_id"),
    })
}

/// When a grant expires (Unix ms), counted from `now_ms`; `None` for a token that never does.
fn expiry(now_ms: i64, expires_in: Option<i64>) -> Option<i64> {
    match expires_in {
        Some(0) => None,
        Some(s) => Some(now_ms + s * 1000),
        None => Some(now_ms + DEFAULT_LIFETIME_SECS * 1000),
    }
}

impl Workspace {
    /// Connects a LinkedIn, Facebook Page, Instagram or Threads account with a token: asks
    /// the platform who it speaks for, keeps the token in the keychain (never the database)
    /// and records the account with its expiry.
    pub fn connect_with_token(
        &mut self,
        source: Source,
        secrets: &dyn SecretStore,
        c: &TokenConnect,
    ) -> Result<Account> {
        let platform = c.platform;
        if !matches!(
            platform,
            Platform::Linkedin | Platform::Facebook | Platform::Instagram | Platform::Threads
        ) {
            return Err(Error::invalid(
                "platform",
                "Tokens connect LinkedIn, Facebook, Instagram or Threads accounts.",
            ));
        }
        let api = if c.api.trim().is_empty() {
            default_api(platform).to_string()
        } else {
            check_server(&c.api, default_api(platform))?
        };
        if c.granted.access.expose().trim().is_empty() {
            return Err(Error::invalid(
                "token",
                format!(
                    "Paste the {} access token (see the README: connecting {}).",
                    name(platform),
                    name(platform)
                ),
            ));
        }
        let target = c.target.as_deref().map(str::trim).filter(|t| !t.is_empty());
        if let Some(t) = target {
            if !t.chars().all(|ch| ch.is_ascii_digit()) {
                return Err(Error::invalid(
                    "target",
                    format!("\"{t}\" is not an id: give the number only (the organisation or Page id in its address)."),
                ));
            }
        }
        let access = c.granted.access.expose().trim();
        // LinkedIn says which permissions it granted: an app without the product for this
        // kind of posting signs in fine and fails at the first post, so it is caught here.
        if let (Platform::Linkedin, Some(scope)) = (platform, c.granted.scope.as_deref()) {
            let needed = if target.is_some() {
                "w_organization_social"
            } else {
                "w_member_social"
            };
            let missing = super::app_guide::missing_scopes(scope, needed);
            if !missing.is_empty() {
                return Err(Error::refused(
                    crate::Rule::ScopesMissing,
                    "scope",
                    format!(
                        "LinkedIn signed in without {}: add the product that grants it to the company's app (Share on LinkedIn for a member, Community Management for a page), then sign in again.",
                        missing.join(", ")
                    ),
                ));
            }
        }
        let who = match platform {
            Platform::Linkedin => super::adapters::linkedin_identity(&api, access, target),
            Platform::Facebook => super::adapters::facebook_identity(&api, access, target),
            Platform::Instagram => super::adapters::instagram_identity(&api, access),
            _ => super::adapters::threads_identity(&api, access),
        }
        .map_err(|f| platform_error(platform, &f))?;
        let ctx = self.ctx(None, source);
        let id = self.store_mut().write(&ctx, |w| {
            super::accounts::upsert(w, platform, &who.handle, &api, &who.remote_id)
        })?;
        let now = self.clock().now().timestamp_millis();
        let secret = TokenSecret {
            access: who.access.clone(),
            refresh: c
                .granted
                .refresh
                .as_ref()
                .map(|r| r.expose().clone())
                .filter(|r| !r.is_empty()),
            expires_at_ms: expiry(now, who.expires_in.or(c.granted.expires_in)),
            issued_at_ms: now,
            exchange_url: c.exchange_url.clone(),
            client_id: c.client_id.clone(),
        };
        store(secrets, id, &secret)?;
        self.set_token_expiry(
            id,
            secret.expires_at_ms,
            source_of(who.expires_in.or(c.granted.expires_in)),
        )?;
        // Where the platform can say when the token really ends (Meta's token debugging,
        // LinkedIn's introspection), it is asked now; one that cannot be asked keeps the above.
        let _ = super::health::check_tokens(self, secrets, true, Some(id));
        crate::publish::accounts::account(self.store().conn(), self.clock().now(), id)
    }

    /// Records when an account's token stops working and where that came from, for the
    /// expiry warnings.
    pub(crate) fn set_token_expiry(
        &mut self,
        id: RowId,
        at_ms: Option<i64>,
        source: Option<super::ExpirySource>,
    ) -> Result<()> {
        let at = at_ms
            .and_then(chrono::DateTime::from_timestamp_millis)
            .map(crate::clock::to_db_time);
        let ctx = self.ctx(None, Source::System);
        self.store_mut().write(&ctx, |w| {
            w.update(
                "accounts",
                &[("id", val::text(id.as_string()))],
                &[
                    ("token_expires_at", val::opt_text(at.clone())),
                    (
                        "token_expiry_source",
                        val::opt_text(at.and(source).map(|s| s.as_str())),
                    ),
                ],
            )
        })
    }

    /// Runs `call` with the account's token: renewed first when it is close to expiring, and
    /// once more when the platform says it expired; a token that cannot be renewed asks for
    /// reconnecting.
    pub(crate) fn with_token<T>(
        &mut self,
        secrets: &dyn SecretStore,
        account: &Account,
        call: impl Fn(&str) -> std::result::Result<T, Failure>,
    ) -> std::result::Result<T, Failure> {
        let mut s = load(secrets, account)?;
        let now = self.clock().now().timestamp_millis();
        let closing = s
            .expires_at_ms
            .is_some_and(|t| t - now <= RENEW_BEFORE_MS && now - s.issued_at_ms >= RENEW_AFTER_MS);
        if closing {
            // A renewal that fails here is not yet a problem: the token still works.
            if let Some(Ok(next)) = renew(account, &s) {
                s = self.keep_renewed(secrets, account, s, next)?;
            }
        }
        match call(&s.access) {
            Err(Failure::Expired) => {
                let renewed = match renew(account, &s) {
                    Some(Ok(next)) => self.keep_renewed(secrets, account, s, next)?,
                    _ => {
                        return Err(Failure::Permanent(Problem::new(FailureKind::Reconnect, format!(
                            "{} refused the token: it has expired or was revoked. Reconnect the account.",
                            name(account.platform)
                        ))))
                    }
                };
                call(&renewed.access).map_err(|f| match f {
                    Failure::Expired => Failure::Permanent(Problem::new(
                        FailureKind::Reconnect,
                        format!(
                            "{} refused the renewed token. Reconnect the account.",
                            name(account.platform)
                        ),
                    )),
                    other => other,
                })
            }
            other => other,
        }
    }

    fn keep_renewed(
        &mut self,
        secrets: &dyn SecretStore,
        account: &Account,
        mut s: TokenSecret,
        next: Granted,
    ) -> std::result::Result<TokenSecret, Failure> {
        let now = self.clock().now().timestamp_millis();
        s.access = next.access.expose().clone();
        if let Some(r) = next.refresh.filter(|r| !r.expose().is_empty()) {
            s.refresh = Some(r.expose().clone());
        }
        s.expires_at_ms = expiry(now, next.expires_in);
        s.issued_at_ms = now;
        store(secrets, account.id, &s).map_err(|e| super::keychain_failure(&e))?;
        let _ = self.set_token_expiry(account.id, s.expires_at_ms, source_of(next.expires_in));
        Ok(s)
    }
}

/// Where an expiry comes from: a lifetime the platform stated, or the usual one assumed.
fn source_of(expires_in: Option<i64>) -> Option<super::ExpirySource> {
    match expires_in {
        Some(0) => None,
        Some(_) => Some(super::ExpirySource::Platform),
        None => Some(super::ExpirySource::Assumed),
    }
}

/// Renews the account's token now when it is within a week of expiring (and old enough for
/// its platform to renew it); true when it was renewed. Used by the health check, so a token
/// is renewed ahead of time even when nothing is published through it.
pub(crate) fn renew_if_closing(
    ws: &mut Workspace,
    secrets: &dyn SecretStore,
    account: &Account,
) -> std::result::Result<bool, Failure> {
    let s = load(secrets, account)?;
    let now = ws.clock().now().timestamp_millis();
    let closing = s
        .expires_at_ms
        .is_some_and(|t| t - now <= RENEW_BEFORE_MS && now - s.issued_at_ms >= RENEW_AFTER_MS);
    if !closing {
        return Ok(false);
    }
    match renew(account, &s) {
        Some(Ok(next)) => {
            ws.keep_renewed(secrets, account, s, next)?;
            Ok(true)
        }
        Some(Err(e)) => Err(e),
        None => Ok(false),
    }
}

/// A new token for the account, when its platform can give one without a person: Instagram
/// and Threads renew their own long-lived tokens; LinkedIn renews through the company's
/// endpoint with a refresh token. `None` when there is no way.
fn renew(account: &Account, s: &TokenSecret) -> Option<std::result::Result<Granted, Failure>> {
    let api = account
        .server_url
        .clone()
        .unwrap_or_else(|| default_api(account.platform).to_string());
    match account.platform {
        Platform::Instagram => Some(meta_refresh(&api, "ig_refresh_token", &s.access)),
        Platform::Threads => Some(meta_refresh(&api, "th_refresh_token", &s.access)),
        Platform::Linkedin => {
            let (url, refresh) = (s.exchange_url.as_deref()?, s.refresh.as_deref()?);
            Some(exchange(
                url,
                &json!({
                    "grant_type": "refresh_token", "platform": "linkedin",
                    "client_id": s.client_id, "refresh_token": refresh,
                }),
            ))
        }
        _ => None,
    }
}

/// Instagram's and Threads' own renewal of a long-lived token (no secret needed).
fn meta_refresh(api: &str, grant: &str, access: &str) -> std::result::Result<Granted, Failure> {
    let http = Http::new(api)?;
    let resp = Http::send(
        http.client
            .get(format!("{}/refresh_access_token", http.base))
            .query(&[("grant_type", grant), ("access_token", access)]),
        false,
        "Meta",
    )?;
    granted(resp, "Meta")
}

fn granted(resp: reqwest::blocking::Response, who: &str) -> std::result::Result<Granted, Failure> {
    let status = resp.status().as_u16();
    let v: Value = resp.json().unwrap_or(Value::Null);
    let access = v["access_token"].as_str().unwrap_or("").to_string();
    if !(200..300).contains(&status) || access.is_empty() {
        let why = [
            v["error"]["message"].as_str(),
            v["error_description"].as_str(),
            v["error"].as_str(),
            v["message"].as_str(),
        ]
        .into_iter()
        .flatten()
        .next()
        .unwrap_or("no token in the answer")
        .to_string();
        return Err(if status >= 500 {
            Failure::Transient(Problem::new(
                FailureKind::ServerError,
                format!("{who} could not give a token now ({status}: {why})"),
            ))
        } else {
            Failure::Permanent(Problem::new(
                FailureKind::Reconnect,
                format!("{who} gave no token ({status}: {why})"),
            ))
        });
    }
    Ok(Granted {
        access: access.into(),
        refresh: v["refresh_token"].as_str().map(Sensitive::from),
        expires_in: v["expires_in"].as_i64(),
        scope: v["scope"].as_str().map(str::to_string),
    })
}

/// One call to the company's token-exchange endpoint.
pub(super) fn exchange(url: &str, body: &Value) -> std::result::Result<Granted, Failure> {
    let http = Http::new(url)?;
    let resp = Http::send(
        http.client.post(http.base.clone()).json(body),
        false,
        "The token-exchange endpoint",
    )?;
    granted(resp, "The token-exchange endpoint")
}
