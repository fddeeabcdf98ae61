//! X accounts: connecting through the browser and publishing through the [`Adapter`].
//!
//! X matches the redirect URI exactly, so the company registers a "Native App" (a public
//! client: no secret for Tsunagu to keep) with a fixed loopback callback, and people connect
//! with that client id and port. The access token (two hours), the rotating refresh token and
//! the client id live in the keychain; every renewal stores the new refresh token at once.

use super::Adapter;
use crate::error::{Error, Result};
use crate::ids::PostId;
use crate::model::Platform;
use crate::platforms::http::RateState;
use crate::platforms::oauth::{pkce, Loopback};
use crate::platforms::x::{Client, Tokens};
use crate::platforms::Counts;
use crate::platforms::{Failure, Remote};
use crate::platforms::{FailureKind, Problem};
use crate::publish::accounts::{check_server, secret_key, Account};
use crate::publish::images::Limits;
use crate::publish::spend;
use crate::secrets::SecretStore;
use crate::store::Source;
use crate::workspace::Workspace;
use std::collections::HashMap;

/// X takes images up to 5 MB.
const X_IMAGES: Limits = Limits {
    max_bytes: 5_000_000,
    max_side: 4096,
};

/// The loopback port registered with the company's X app unless it says otherwise.
pub const DEFAULT_PORT: u16 = 47_863;

/// A finished browser sign-in on X.
#[derive(Debug)]
pub struct XSignIn {
    /// The API (`https://api.x.com`).
    pub api: String,
    /// The company's X app.
    pub client_id: String,
    /// The tokens (to the keychain only).
    pub tokens: Tokens,
    /// The account's id.
    pub user_id: String,
    /// Its username.
    pub username: String,
}

fn x_error(f: &Failure) -> Error {
    Error::Platform {
        platform: "X".into(),
        problem: f.reason(),
    }
}

/// The browser part of connecting X: the approval page on x.com (PKCE S256), the code back on
/// `http://127.0.0.1:PORT/callback` within five minutes, traded at once (it lives 30 s).
pub fn x_sign_in(
    api: &str,
    client_id: &str,
    port: u16,
    open: &dyn Fn(&str) -> Result<()>,
) -> Result<XSignIn> {
    let api = check_server(api, "https://api.x.com")?;
    let client_id = client_id.trim();
    if client_id.is_empty() {
        return Err(Error::invalid(
            "client id",
            "Enter the client id of the company's X app (developer console → the app → Keys and tokens → OAuth 2.0 Client ID).",
        ));
    }
    let client = Client::new(&api).map_err(|f| x_error(&f))?;
    let loopback = Loopback::on_port(port).map_err(|f| x_error(&f))?;
    let (verifier, challenge) = pkce();
    let state = uuid::Uuid::new_v4().simple().to_string();
    open(&client.authorize_url(client_id, &loopback.redirect_uri, &state, &challenge))?;
    let code = loopback
        .wait(&state, std::time::Duration::from_secs(300))
        .map_err(|f| x_error(&f))?;
    let tokens = client
        .exchange(client_id, &code, &loopback.redirect_uri, &verifier)
        .map_err(|f| x_error(&f))?;
    // X says which permissions it granted: an app without write access signs in fine and
    // fails at the first post, so it is caught here.
    if let Some(granted) = &tokens.scope {
        let missing =
            crate::publish::app_guide::missing_scopes(granted, crate::platforms::x::SCOPES);
        if !missing.is_empty() {
            return Err(crate::Error::refused(
                crate::Rule::ScopesMissing,
                "scope",
                format!(
                    "X signed in without {}: in the app's User authentication settings choose \"Read and write\", keep offline access, then sign in again.",
                    missing.join(", ")
                ),
            ));
        }
    }
    let (user_id, username) = client.me(tokens.access.expose()).map_err(|f| x_error(&f))?;
    Ok(XSignIn {
        api,
        client_id: client_id.to_string(),
        tokens,
        user_id,
        username,
    })
}

/// What the keychain holds for an X account.
struct Secret {
    access: String,
    refresh: String,
    client_id: String,
    expires_at_ms: i64,
}

fn store(secrets: &dyn SecretStore, account: crate::ids::RowId, s: &Secret) -> Result<()> {
    let value = serde_json::json!({
        "access": s.access, "refresh": s.refresh, "client_id": s.client_id, "expires_at_ms": s.expires_at_ms,
    });
    secrets.set(&secret_key(account), &value.to_string())
}

fn load(secrets: &dyn SecretStore, account: &Account) -> std::result::Result<Secret, Failure> {
    let raw = secrets
        .get(&secret_key(account.id))
        .map_err(|e| Failure::Permanent(Problem::new(FailureKind::Other, e.to_string())))?
        .ok_or_else(|| {
            Failure::Permanent(Problem::new(
                FailureKind::Reconnect,
                "The account's tokens are not in the keychain. Reconnect the account.".into(),
            ))
        })?;
    let v: serde_json::Value = serde_json::from_str(&raw).map_err(|_| {
        Failure::Permanent(Problem::new(
            FailureKind::Reconnect,
            "The stored tokens cannot be read. Reconnect the account.".into(),
        ))
    })?;
    let text = |k: &str| v[k].as_str().unwrap_or("").to_string();
    Ok(Secret {
        access: text("access"),
        refresh: text("refresh"),
        client_id: text("client_id"),
        expires_at_ms: v["expires_at_ms"].as_i64().unwrap_or(0),
    })
}

impl Workspace {
    /// Records a signed-in X account; its tokens go to the keychain.
    pub fn connect_x_signed_in(
        &mut self,
        source: Source,
        secrets: &dyn SecretStore,
        signed: &XSignIn,
    ) -> Result<Account> {
        let ctx = self.ctx(None, source);
        let id = self.store_mut().write(&ctx, |w| {
            crate::publish::accounts::upsert(
                w,
                Platform::X,
                &signed.username,
                &signed.api,
                &signed.user_id,
            )
        })?;
        let now = self.clock().now().timestamp_millis();
        store(
            secrets,
            id,
            &Secret {
                access: signed.tokens.access.expose().clone(),
                refresh: signed.tokens.refresh.expose().clone(),
                client_id: signed.client_id.clone(),
                expires_at_ms: now + signed.tokens.expires_in * 1000,
            },
        )?;
        crate::publish::accounts::account(self.store().conn(), self.clock().now(), id)
    }
}

/// X through the API at the account's server.
pub(crate) struct X(pub(crate) Client);

impl X {
    /// A usable access token: the stored one, or a renewed one when it expired (or `force`).
    fn access(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        force: bool,
    ) -> std::result::Result<String, Failure> {
        let mut s = load(secrets, account)?;
        let now = ws.clock().now().timestamp_millis();
        if force || s.expires_at_ms <= now + 60_000 {
            let t = self
                .0
                .refresh(&s.client_id, &s.refresh)
                .map_err(|f| match f {
                    Failure::Permanent(m) | Failure::Transient(m) => {
                        Failure::Permanent(Problem::new(
                            FailureKind::Reconnect,
                            format!("X did not renew the session ({m}); reconnect the account."),
                        ))
                    }
                    Failure::Expired => Failure::Permanent(Problem::new(
                        FailureKind::Reconnect,
                        "X did not renew the session; reconnect the account.".into(),
                    )),
                    other => other,
                })?;
            s.access = t.access.expose().clone();
            if !t.refresh.expose().is_empty() {
                s.refresh = t.refresh.expose().clone();
            }
            s.expires_at_ms = now + t.expires_in * 1000;
            // The old refresh token is dead now: keep the new one before anything else.
            store(secrets, account.id, &s)
                .map_err(|e| Failure::Permanent(Problem::new(FailureKind::Other, e.to_string())))?;
        }
        Ok(s.access)
    }

    /// Runs `call` with an access token, renewing it once if X says it expired.
    fn with_access<T>(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        call: impl Fn(&str) -> std::result::Result<T, Failure>,
    ) -> std::result::Result<T, Failure> {
        let access = self.access(ws, secrets, account, false)?;
        match call(&access) {
            Err(Failure::Expired) => call(&self.access(ws, secrets, account, true)?),
            other => other,
        }
    }
}

impl Adapter for X {
    fn publish(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        post: PostId,
        key: &str,
        interrupted: bool,
    ) -> std::result::Result<Remote, Failure> {
        let text = ws.text_for(post, Platform::X)?;
        let user = account.remote_id.clone().unwrap_or_default();
        // The job was made when the post was approved, before anything was sent: a post with
        // the same text from before then is an older one.
        let since = ws
            .store()
            .conn()
            .query_row(
                "SELECT created_at FROM publish_jobs WHERE idempotency_key = ?1",
                [key],
                |r| r.get::<_, String>(0),
            )
            .ok()
            .and_then(|t| crate::clock::from_db_time(&t));
        let find = |ws: &mut Workspace| {
            self.with_access(ws, secrets, account, |a| {
                self.0.find_recent(a, &user, &text, since)
            })
        };
        let images = ws.prepared_images(post, X_IMAGES)?;
        let alt_texts = images
            .iter()
            .filter(|(.., alt)| !alt.trim().is_empty())
            .count();
        let cost = spend::job_cost(&text, u32::try_from(alt_texts).unwrap_or(u32::MAX));
        // No idempotency key on X: after an unknown outcome, look before posting again (the
        // earlier attempt was charged: its cost is kept).
        if interrupted {
            if let Some(found) = find(ws)? {
                keep_cost(ws, key, cost);
                return Ok(found);
            }
        }
        // Past the account's monthly cap, nothing is sent (and nothing is charged).
        spend::check_cap(ws.store().conn(), account.id, ws.clock().now(), cost)?;
        let sent = self.with_access(ws, secrets, account, |a| {
            let mut media = Vec::new();
            for (bytes, mime, alt) in &images {
                media.push(self.0.upload(a, bytes.clone(), mime, alt)?);
            }
            self.0.post(a, &text, &media)
        });
        // "Duplicate content": our earlier attempt got through; its id is on the account.
        let out = super::settle_duplicate(sent, || find(ws))?;
        keep_cost(ws, key, cost);
        Ok(out)
    }

    fn delete(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        remote: &str,
    ) -> std::result::Result<(), Failure> {
        self.with_access(ws, secrets, account, |a| self.0.delete(a, remote))
    }

    fn counts(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        remotes: &[&str],
    ) -> std::result::Result<HashMap<String, Counts>, Failure> {
        let mut out = HashMap::new();
        for batch in remotes.chunks(100) {
            out.extend(self.with_access(ws, secrets, account, |a| self.0.counts(a, batch))?);
        }
        Ok(out)
    }

    fn rate(&self) -> RateState {
        self.0.rate()
    }
}

/// Records what a job cost on the job (by its key), for the month's spending. The post is out
/// whatever happens here: a cost that could not be written (the disk full at that instant) is
/// left out of the month's sum rather than turning a published post into a failure.
fn keep_cost(ws: &mut Workspace, key: &str, cost: i64) {
    let ctx = ws.ctx(None, crate::store::Source::System);
    let _kept = ws.store_mut().write(&ctx, |w| {
        let id: String = w.conn().query_row(
            "SELECT id FROM publish_jobs WHERE idempotency_key = ?1",
            [key],
            |r| r.get(0),
        )?;
        w.update(
            "publish_jobs",
            &[("id", crate::store::write::val::text(id))],
            &[("cost_micros", crate::store::write::val::int(cost))],
        )
    });
}
