//! Connected platform accounts: non-secret metadata in SQLite, tokens in the keychain.

use super::bluesky::{Client, Session};
use super::secrets::SecretStore;
use super::Failure;
use crate::error::{Error, Result};
use crate::ids::RowId;
use crate::model::Platform;
use crate::store::{write::val, Source};
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A connected account as the accounts screen and the CLI show it (no secrets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Account {
    /// The account.
    pub id: RowId,
    /// Its platform.
    pub platform: Platform,
    /// The handle (`minato.bsky.social`).
    pub handle: String,
    /// The server (a Bluesky PDS, a Mastodon instance).
    pub server_url: Option<String>,
    /// connected, needs_reconnect, failing or disconnected.
    pub state: String,
    /// The platform's id for the account (a Bluesky DID).
    pub remote_id: Option<String>,
    /// The last problem, in plain words.
    pub last_error: Option<String>,
}

fn secret_key(account: RowId) -> String {
    format!("account:{account}")
}

/// Keeps a Bluesky session in the keychain under the account's id.
pub(crate) fn store_session(secrets: &dyn SecretStore, account: RowId, s: &Session) -> Result<()> {
    let value = serde_json::json!({ "access": s.access, "refresh": s.refresh }).to_string();
    secrets.set(&secret_key(account), &value)
}

/// The account's Bluesky session from the keychain.
pub(crate) fn load_session(
    secrets: &dyn SecretStore,
    account: &Account,
) -> Result<Option<Session>> {
    let Some(raw) = secrets.get(&secret_key(account.id))? else {
        return Ok(None);
    };
    let v: serde_json::Value = serde_json::from_str(&raw).map_err(|_| {
        Error::KeychainUnavailable(
            "the stored session cannot be read; reconnect the account".into(),
        )
    })?;
    let text = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
    Ok(Some(Session {
        access: text("access"),
        refresh: text("refresh"),
        did: account.remote_id.clone().unwrap_or_default(),
        handle: account.handle.clone(),
    }))
}

impl Workspace {
    /// Connects a Bluesky account with an app password: logs in, keeps the tokens in the
    /// keychain (never the database), and the handle, server and DID in the database.
    pub fn connect_bluesky(
        &mut self,
        source: Source,
        secrets: &dyn SecretStore,
        service_url: &str,
        handle: &str,
        app_password: &str,
    ) -> Result<Account> {
        let service = service_url.trim();
        if !(service.starts_with("https://")
            || service.starts_with("http://127.0.0.1")
            || service.starts_with("http://localhost"))
        {
            return Err(Error::invalid(
                "service",
                format!("\"{service}\" is not a server address; use https://bsky.social or your PDS's https:// address."),
            ));
        }
        let handle = handle.trim().trim_start_matches('@');
        if handle.is_empty() || app_password.trim().is_empty() {
            return Err(Error::invalid(
                "handle",
                "Give the handle and an app password (Settings → App passwords on Bluesky).",
            ));
        }
        let client = Client::new(service).map_err(|f| platform_error(&f))?;
        let session = client
            .create_session(handle, app_password.trim())
            .map_err(|f| platform_error(&f))?;
        let existing = self.accounts()?.into_iter().find(|a| {
            a.platform == Platform::Bluesky && a.remote_id.as_deref() == Some(session.did.as_str())
        });
        let ctx = self.ctx(None, source);
        let id = self.store_mut().write(&ctx, |w| {
            let fields = [
                ("handle", val::text(session.handle.clone())),
                ("server_url", val::text(service)),
                ("state", val::text("connected")),
                ("remote_id", val::text(session.did.clone())),
                ("last_error", val::opt_text(None::<String>)),
            ];
            match &existing {
                Some(a) => {
                    w.update("accounts", &[("id", val::text(a.id.as_string()))], &fields)?;
                    Ok(a.id)
                }
                None => {
                    let id = RowId(w.new_id());
                    let mut all = fields.to_vec();
                    all.push(("platform", val::text("bluesky")));
                    all.push(("created_at", val::text(w.now_text())));
                    w.insert("accounts", &[("id", val::text(id.as_string()))], &all)?;
                    Ok(id)
                }
            }
        })?;
        store_session(secrets, id, &session)?;
        self.account(id)
    }

    /// One account.
    pub fn account(&self, id: RowId) -> Result<Account> {
        self.accounts()?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| Error::NotFound {
                entity: "account",
                id: id.as_string(),
            })
    }

    /// Every account, by platform and handle.
    pub fn accounts(&self) -> Result<Vec<Account>> {
        let mut stmt = self.store().conn().prepare_cached(
            "SELECT id, platform, handle, server_url, state, remote_id, last_error FROM accounts ORDER BY platform, handle",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let (Some(id), Some(platform)) = (
                RowId::parse(&r.get::<_, String>(0)?),
                Platform::parse(&r.get::<_, String>(1)?),
            ) else {
                continue;
            };
            out.push(Account {
                id,
                platform,
                handle: r.get(2)?,
                server_url: r.get(3)?,
                state: r.get(4)?,
                remote_id: r.get(5)?,
                last_error: r.get(6)?,
            });
        }
        Ok(out)
    }

    /// Disconnects an account: its tokens leave the keychain; the row stays for the history
    /// of what it published.
    pub fn disconnect_account(
        &mut self,
        source: Source,
        secrets: &dyn SecretStore,
        id: RowId,
    ) -> Result<()> {
        self.account(id)?;
        secrets.delete(&secret_key(id))?;
        let ctx = self.ctx(None, source);
        self.store_mut().write(&ctx, |w| {
            w.update(
                "accounts",
                &[("id", val::text(id.as_string()))],
                &[("state", val::text("disconnected"))],
            )
        })
    }

    /// Records an account's state after a publish attempt (say why when it needs a person).
    pub(crate) fn set_account_state(
        &mut self,
        id: RowId,
        state: &str,
        error: Option<&str>,
    ) -> Result<()> {
        let ctx = self.ctx(None, Source::System);
        self.store_mut().write(&ctx, |w| {
            w.update(
                "accounts",
                &[("id", val::text(id.as_string()))],
                &[
                    ("state", val::text(state)),
                    ("last_error", val::opt_text(error.map(str::to_string))),
                ],
            )
        })
    }
}

/// A platform failure as the error a person reads.
pub fn platform_error(f: &Failure) -> Error {
    Error::Platform {
        platform: "Bluesky".into(),
        problem: f.reason(),
    }
}
