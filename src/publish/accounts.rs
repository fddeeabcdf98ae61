//! Connected platform accounts: non-secret metadata in SQLite, tokens in the keychain.

use super::Failure;
use crate::error::{Error, Result};
use crate::ids::RowId;
use crate::model::Platform;
use crate::platforms::bluesky::{Client, Session};
use crate::secrets::SecretStore;
use crate::store::{write::val, Writer};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
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
    /// The name people know it by in the company (「公式X」「採用X」); empty until given.
    pub display_name: String,
    /// Its colour on the calendar (`#RRGGBB`), if one was chosen.
    pub colour: Option<String>,
    /// Whether it is its platform's default: a post that names only the platform goes out
    /// through it.
    pub is_default: bool,
    /// The server (a Bluesky PDS, a Mastodon instance).
    pub server_url: Option<String>,
    /// Where it stands.
    pub state: super::AccountState,
    /// The platform's id for the account (a Bluesky DID).
    pub remote_id: Option<String>,
    /// The last problem, in plain words.
    pub last_error: Option<String>,
    /// When the long-lived token stops working (Bluesky's refresh token), RFC 3339 UTC.
    pub token_expires_at: Option<String>,
    /// Whole days until then (negative when past); `None` for tokens that do not expire.
    pub expires_in_days: Option<i64>,
    /// Requests left in the platform's current rate-limit window, as it last said.
    pub rate_remaining: Option<i64>,
    /// When that window resets, RFC 3339 UTC.
    pub rate_reset_at: Option<String>,
    /// Out of requests until `rate_reset_at`: its posts wait for the reset.
    pub rate_limited: bool,
    /// The most its posts may cost in a month on a pay-per-use platform (X), in millionths
    /// of a US dollar; `None` for no cap.
    pub monthly_cap_micros: Option<i64>,
    /// What its posts cost since the month began (workspace time zone), same unit.
    pub month_spend_micros: i64,
    /// Where `token_expires_at` came from: read from the platform, or assumed from the
    /// platform's usual lifetime.
    pub expiry_source: Option<super::ExpirySource>,
    /// Its posts are handed to a person with a kit at their time instead of being sent.
    pub by_hand: bool,
}

/// How long a Bluesky refresh token lives (verified on the reference PDS).
pub const BLUESKY_REFRESH_DAYS: i64 = 90;

pub(crate) fn secret_key(account: RowId) -> String {
    format!("account:{account}")
}

/// Keeps a Bluesky session in the keychain under the account's id.
pub(crate) fn store_session(secrets: &dyn SecretStore, account: RowId, s: &Session) -> Result<()> {
    let value = serde_json::json!({ "access": s.access.expose(), "refresh": s.refresh.expose() })
        .to_string();
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
        access: text("access").into(),
        refresh: text("refresh").into(),
        did: account.remote_id.clone().unwrap_or_default(),
        handle: account.handle.clone(),
    }))
}

/// Logs in to Bluesky with an app password (no store, no keychain): the service address as
/// checked and the session.
pub fn bluesky_login(
    service_url: &str,
    handle: &str,
    app_password: &str,
) -> Result<(String, Session)> {
    let service = check_server(service_url, "https://bsky.social")?;
    let handle = handle.trim().trim_start_matches('@');
    if handle.is_empty() || app_password.trim().is_empty() {
        return Err(Error::invalid(
            "handle",
            "Give the handle and an app password (Settings → App passwords on Bluesky).",
        ));
    }
    let client = Client::new(&service).map_err(|f| platform_error(&f))?;
    let session = client
        .create_session(handle, app_password.trim())
        .map_err(|f| platform_error(&f))?;
    Ok((service, session))
}

/// Checks a Mastodon access token on its instance: the account's id and `acct`.
pub fn mastodon_verify(instance: &str, token: &str) -> Result<(String, String)> {
    let client =
        crate::platforms::mastodon::Client::new(instance).map_err(|f| mastodon_error(&f))?;
    client.verify(token).map_err(|f| mastodon_error(&f))
}

/// Keeps a Mastodon token (and the app registration it was made with) in the keychain.
pub fn store_mastodon_token(
    secrets: &dyn SecretStore,
    account: RowId,
    token: &str,
    app: Option<&crate::platforms::mastodon::App>,
) -> Result<()> {
    let value = serde_json::json!({
        "token": token,
        "client_id": app.map(|a| a.client_id.clone()),
        "client_secret": app.map(|a| a.client_secret.expose().clone()),
    })
    .to_string();
    secrets.set(&secret_key(account), &value)
}

/// Keeps a bearer token (a LINE channel access token) in the keychain, where the adapters
/// read it as they read a Mastodon token.
pub(crate) fn store_bearer(secrets: &dyn SecretStore, account: RowId, token: &str) -> Result<()> {
    store_mastodon_token(secrets, account, token, None)
}

/// A Mastodon instance and token as people paste them, checked.
pub fn mastodon_token_input(instance: &str, token: &str) -> Result<(String, String)> {
    let instance = check_server(instance, "https://mastodon.social")?;
    if token.trim().is_empty() {
        return Err(Error::invalid(
            "token",
            "Paste the access token from the instance's Development settings.",
        ));
    }
    Ok((instance, token.trim().to_string()))
}

/// Creates or updates the account row for `remote_id` on `platform` (no secrets here).
pub fn upsert(
    w: &mut Writer<'_>,
    platform: Platform,
    handle: &str,
    server: &str,
    remote_id: &str,
) -> Result<RowId> {
    crate::workspace::refuse_in_demo(w.conn(), "connect real accounts")?;
    let existing = accounts(w.conn(), w.now())?.into_iter().find(|a| {
        a.platform == platform
            && a.remote_id.as_deref() == Some(remote_id)
            && a.server_url.as_deref() == Some(server)
    });
    let fields = [
        ("handle", val::text(handle)),
        ("server_url", val::text(server)),
        ("state", val::text(super::AccountState::Connected.as_str())),
        ("remote_id", val::text(remote_id)),
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
            // The platform's first account is its default.
            let first = crate::posts::targets::default_account(w.conn(), platform)?.is_none();
            all.push(("is_default", val::int(i64::from(first))));
            all.push(("platform", val::text(platform.as_str())));
            all.push(("created_at", val::text(w.now_text())));
            w.insert("accounts", &[("id", val::text(id.as_string()))], &all)?;
            Ok(id)
        }
    }
}

/// One account (`now` for the days left on its token).
pub fn account(conn: &Connection, now: DateTime<Utc>, id: RowId) -> Result<Account> {
    accounts(conn, now)?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or_else(|| Error::NotFound {
            entity: "account",
            id: id.as_string(),
        })
}

/// Every account, by platform and handle (`now` for the days left on their tokens).
pub fn accounts(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<Account>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, platform, handle, server_url, state, remote_id, last_error, token_expires_at, rate_remaining, rate_reset_at,
                display_name, colour, is_default, monthly_cap_micros, token_expiry_source,
                (SELECT coalesce(sum(j.cost_micros), 0) FROM publish_jobs j
                 WHERE j.account_id = accounts.id AND j.cost_micros IS NOT NULL AND j.published_at >= ?1),
                by_hand
         FROM accounts ORDER BY platform, is_default DESC, handle",
    )?;
    let month = crate::clock::to_db_time(super::spend::month_start(conn, now)?);
    let mut rows = stmt.query([month])?;
    let mut out = Vec::new();
    let parse_time = |t: Option<String>| {
        t.as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&Utc))
    };
    while let Some(r) = rows.next()? {
        let (Some(id), Some(platform)) = (
            RowId::parse(&r.get::<_, String>(0)?),
            Platform::parse(&r.get::<_, String>(1)?),
        ) else {
            continue;
        };
        // A state from a newer Tsunagu reads as failing: shown, never used to publish.
        let state = super::AccountState::parse(&r.get::<_, String>(4)?)
            .unwrap_or(super::AccountState::Failing);
        out.push(Account {
            id,
            platform,
            handle: r.get(2)?,
            server_url: r.get(3)?,
            state,
            remote_id: r.get(5)?,
            last_error: r.get(6)?,
            expires_in_days: parse_time(r.get(7)?).map(|t| (t - now).num_days()),
            token_expires_at: r.get(7)?,
            rate_remaining: r.get(8)?,
            rate_limited: r.get::<_, Option<i64>>(8)? == Some(0)
                && parse_time(r.get(9)?).is_some_and(|t| t > now),
            rate_reset_at: r.get(9)?,
            display_name: r.get(10)?,
            colour: r.get(11)?,
            is_default: r.get::<_, i64>(12)? == 1,
            monthly_cap_micros: r.get(13)?,
            expiry_source: r
                .get::<_, Option<String>>(14)?
                .as_deref()
                .and_then(super::ExpirySource::parse),
            month_spend_micros: r.get(15)?,
            by_hand: r.get::<_, i64>(16)? == 1,
        });
    }
    Ok(out)
}

/// Marks an account disconnected (its tokens leave the keychain beside this); the row stays
/// for the history of what it published.
pub fn disconnect(w: &mut Writer<'_>, id: RowId) -> Result<()> {
    account(w.conn(), w.now(), id)?;
    w.update(
        "accounts",
        &[("id", val::text(id.as_string()))],
        &[(
            "state",
            val::text(super::AccountState::Disconnected.as_str()),
        )],
    )
}

/// A Bluesky session was created or refreshed: its refresh token lives another 90 days.
pub fn renewed(w: &mut Writer<'_>, id: RowId) -> Result<()> {
    let until = w.now() + chrono::Duration::days(BLUESKY_REFRESH_DAYS);
    w.update(
        "accounts",
        &[("id", val::text(id.as_string()))],
        &[(
            "token_expires_at",
            val::text(crate::clock::to_db_time(until)),
        )],
    )
}

/// Records an account's state after a publish attempt (say why when it needs a person).
pub(crate) fn set_state(
    w: &mut Writer<'_>,
    id: RowId,
    state: super::AccountState,
    error: Option<&str>,
) -> Result<()> {
    w.update(
        "accounts",
        &[("id", val::text(id.as_string()))],
        &[
            ("state", val::text(state.as_str())),
            ("last_error", val::opt_text(error.map(str::to_string))),
        ],
    )
}

/// A finished browser sign-in on a Mastodon instance. Its token and the app's secret are
/// [`Sensitive`](crate::secrets::Sensitive): it can be printed without them.
#[derive(Debug)]
pub struct MastodonSignIn {
    /// The instance.
    pub instance: String,
    /// The access token (goes to the keychain only).
    pub token: crate::secrets::Sensitive<String>,
    /// Tsunagu's registration on the instance.
    pub app: crate::platforms::mastodon::App,
}

/// The browser part of connecting Mastodon: registers Tsunagu on the instance, opens the
/// approval page (PKCE S256, a loopback redirect on 127.0.0.1), waits up to five minutes for the
/// browser to come back and trades the code for a token.
pub fn mastodon_sign_in(
    instance: &str,
    open: &dyn Fn(&str) -> Result<()>,
) -> Result<MastodonSignIn> {
    use crate::platforms::mastodon::{pkce, Client as Mastodon, Loopback};
    let instance = check_server(instance, "https://mastodon.social")?;
    let client = Mastodon::new(&instance).map_err(|f| mastodon_error(&f))?;
    let loopback = Loopback::start().map_err(|f| mastodon_error(&f))?;
    let app = client
        .register_app(&loopback.redirect_uri)
        .map_err(|f| mastodon_error(&f))?;
    let (verifier, challenge) = pkce();
    let state = uuid::Uuid::new_v4().simple().to_string();
    open(&client.authorize_url(&app, &loopback.redirect_uri, &state, &challenge))?;
    let code = loopback
        .wait(&state, std::time::Duration::from_secs(300))
        .map_err(|f| mastodon_error(&f))?;
    let token = client
        .exchange(&app, &code, &loopback.redirect_uri, &verifier)
        .map_err(|f| mastodon_error(&f))?;
    Ok(MastodonSignIn {
        instance,
        token: token.into(),
        app,
    })
}

/// A server address people may give: https, or loopback for local servers.
pub(super) fn check_server(url: &str, example: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/');
    if url.starts_with("https://")
        || url.starts_with("http://127.0.0.1")
        || url.starts_with("http://localhost")
    {
        Ok(url.to_string())
    } else {
        Err(Error::invalid(
            "server",
            format!("\"{url}\" is not a server address; write it like {example}."),
        ))
    }
}

/// The account's Mastodon token from the keychain.
pub(crate) fn load_token(secrets: &dyn SecretStore, account: &Account) -> Result<Option<String>> {
    let Some(raw) = secrets.get(&secret_key(account.id))? else {
        return Ok(None);
    };
    let v: serde_json::Value = serde_json::from_str(&raw).map_err(|_| {
        Error::KeychainUnavailable("the stored token cannot be read; reconnect the account".into())
    })?;
    Ok(v.get("token").and_then(|t| t.as_str()).map(str::to_string))
}

fn mastodon_error(f: &Failure) -> Error {
    Error::Platform {
        platform: "Mastodon".into(),
        problem: f.reason(),
    }
}

/// A platform failure as the error a person reads.
pub fn platform_error(f: &Failure) -> Error {
    Error::Platform {
        platform: "Bluesky".into(),
        problem: f.reason(),
    }
}

/// Gives an account its company name and calendar colour (`#RRGGBB`).
pub fn set_profile(
    w: &mut Writer<'_>,
    id: RowId,
    display_name: &str,
    colour: Option<&str>,
) -> Result<()> {
    crate::posts::targets::platform_of(w.conn(), id)?;
    let name = display_name.trim();
    if name.chars().count() > 40 {
        return Err(Error::invalid(
            "display_name",
            "An account's name is at most 40 characters (「採用X」).",
        ));
    }
    let colour = match colour.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) if is_colour(c) => Some(c.to_ascii_lowercase()),
        Some(_) => {
            return Err(Error::invalid(
                "colour",
                "A colour is written #RRGGBB, such as #1d9bf0.",
            ))
        }
        None => None,
    };
    w.update(
        "accounts",
        &[("id", val::text(id.as_string()))],
        &[
            ("display_name", val::text(name)),
            ("colour", val::opt_text(colour)),
        ],
    )
}

fn is_colour(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|x| x.is_ascii_hexdigit())
}

/// Marks an account as posted by hand (its posts are handed to a person with a kit at their
/// time) or as posted by Tsunagu again.
pub fn set_by_hand(w: &mut Writer<'_>, id: RowId, by_hand: bool) -> Result<()> {
    account(w.conn(), w.now(), id)?;
    w.update(
        "accounts",
        &[("id", val::text(id.as_string()))],
        &[("by_hand", val::int(i64::from(by_hand)))],
    )
}

/// Makes an account its platform's default (and no other account of that platform).
pub fn make_default(w: &mut Writer<'_>, id: RowId) -> Result<()> {
    let platform = crate::posts::targets::platform_of(w.conn(), id)?;
    let others: Vec<String> = {
        let mut stmt = w.conn().prepare(
            "SELECT id FROM accounts WHERE platform = ?1 AND is_default = 1 AND id != ?2",
        )?;
        let rows = stmt.query_map([platform.as_str(), &id.as_string()], |r| r.get(0))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    for o in others {
        w.update(
            "accounts",
            &[("id", val::text(o))],
            &[("is_default", val::int(0))],
        )?;
    }
    w.update(
        "accounts",
        &[("id", val::text(id.as_string()))],
        &[("is_default", val::int(1))],
    )
}

#[cfg(test)]
mod tests {
    use super::is_colour;

    #[test]
    fn colours_are_six_hex_digits() {
        assert!(is_colour("#1d9bf0"));
        assert!(is_colour("#ABCDEF"));
        assert!(!is_colour("1d9bf0"));
        assert!(!is_colour("#1d9bf"));
        assert!(!is_colour("#1d9bfg"));
        assert!(!is_colour("#1d9bf0; x"));
    }
}
