//! A LINE公式アカウント in Tsunagu: connected with the channel access token the company issues
//! in the LINE Developers console (kept in the OS keychain only), and the month's message
//! quota read before a broadcast is approved and sent, so nobody finds out from a refusal.

use super::accounts::{self, Account};
use crate::error::{Error, Result};
use crate::ids::PostId;
use crate::model::Platform;
use crate::platforms::line;
use crate::secrets::SecretStore;
use crate::store::Source;
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The month's messages of a LINE official account and what a broadcast takes of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LineQuota {
    /// The account.
    pub account: crate::ids::RowId,
    /// Messages a month (`None`: no limit on its plan).
    pub limit: Option<i64>,
    /// Used this month.
    pub used: i64,
    /// Left this month (`None`: no limit).
    pub left: Option<i64>,
    /// Friends a broadcast reaches (each counts as one message), when LINE has the number.
    pub reach: Option<i64>,
    /// Whether a broadcast fits in what is left.
    pub fits: bool,
}

fn platform_error(f: &super::Failure) -> Error {
    Error::Platform {
        platform: "LINE".into(),
        problem: f.reason(),
    }
}

/// Connects a LINE official account with its channel access token: asks LINE which account
/// it is before keeping anything.
pub fn connect(
    ws: &mut Workspace,
    source: Source,
    secrets: &dyn SecretStore,
    api: &str,
    token: &str,
) -> Result<Account> {
    crate::workspace::refuse_in_demo(ws.store().conn(), "connect real accounts")?;
    let api = if api.trim().is_empty() {
        line::API.to_string()
    } else {
        accounts::check_server(api, line::API)?
    };
    let token = token.trim();
    if token.is_empty() {
        return Err(Error::invalid(
            "token",
            "Paste the channel access token (LINE Developers console → the Messaging API channel → Messaging API tab → Channel access token).",
        ));
    }
    let client = line::Client::new(&api).map_err(|f| platform_error(&f))?;
    let bot = client.bot(token).map_err(|f| platform_error(&f))?;
    let ctx = ws.ctx(None, source);
    let id = ws.store_mut().write(&ctx, |w| {
        let id = accounts::upsert(w, Platform::Line, &bot.basic_id, &api, &bot.user_id)?;
        let named = accounts::account(w.conn(), w.now(), id)?.display_name;
        if named.is_empty() {
            accounts::set_profile(w, id, &bot.display_name, None)?;
        }
        Ok(id)
    })?;
    accounts::store_bearer(secrets, id, token)?;
    accounts::account(ws.store().conn(), ws.clock().now(), id)
}

/// The quota of the LINE account a post goes out through (`None` when the post does not go
/// to LINE or no LINE account is connected). Asks LINE.
pub fn quota_for_post(
    ws: &Workspace,
    secrets: &dyn SecretStore,
    post: PostId,
) -> Result<Option<LineQuota>> {
    let detail = ws.post(post)?;
    if !detail.variants.iter().any(|v| v.platform == Platform::Line) {
        return Ok(None);
    }
    let conn = ws.store().conn();
    let now = ws.clock().now();
    let all = accounts::accounts(conn, now)?;
    let named = all
        .iter()
        .find(|a| a.platform == Platform::Line && detail.accounts.contains(&a.id));
    let default = crate::posts::targets::default_account(conn, Platform::Line)?;
    let Some(account) = named.or_else(|| all.iter().find(|a| Some(a.id) == default)) else {
        return Ok(None);
    };
    let q = super::adapters::line_quota(account, secrets, now).map_err(|f| platform_error(&f))?;
    Ok(Some(LineQuota {
        account: account.id,
        limit: q.limit,
        used: q.used,
        left: q.left(),
        reach: q.reach,
        fits: q.fits(),
    }))
}
