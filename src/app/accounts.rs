//! Platform accounts for the fronts: connecting (the platform's login or token check first,
//! with no store held, then one transaction for the row and the keychain for the secrets),
//! listing and disconnecting. The rules are in `crate::publish::accounts`.

use crate::error::Result;
use crate::ids::RowId;
use crate::model::Platform;
use crate::publish::accounts::{self, Account, MastodonSignIn};
use crate::secrets::SecretStore;
use crate::store::Source;
use crate::workspace::Workspace;

/// Connects a Bluesky account with an app password: logs in, keeps the tokens in the
/// keychain (never the database), and the handle, server and DID in the database.
pub fn connect_bluesky(
    ws: &mut Workspace,
    source: Source,
    secrets: &dyn SecretStore,
    service_url: &str,
    handle: &str,
    app_password: &str,
) -> Result<Account> {
    crate::workspace::refuse_in_demo(ws.store().conn(), "connect real accounts")?;
    let (service, session) = accounts::bluesky_login(service_url, handle, app_password)?;
    let ctx = ws.ctx(None, source);
    let id = ws.store_mut().write(&ctx, |w| {
        let id = accounts::upsert(
            w,
            Platform::Bluesky,
            &session.handle,
            &service,
            &session.did,
        )?;
        accounts::renewed(w, id)?;
        Ok(id)
    })?;
    accounts::store_session(secrets, id, &session)?;
    account(ws, id)
}

/// Connects a Mastodon account through the browser (see [`accounts::mastodon_sign_in`]).
pub fn connect_mastodon(
    ws: &mut Workspace,
    source: Source,
    secrets: &dyn SecretStore,
    instance: &str,
    open: &dyn Fn(&str) -> Result<()>,
) -> Result<Account> {
    crate::workspace::refuse_in_demo(ws.store().conn(), "connect real accounts")?;
    let signed_in = accounts::mastodon_sign_in(instance, open)?;
    connect_mastodon_signed_in(ws, source, secrets, &signed_in)
}

/// Finishes a browser sign-in (done without the workspace, since it waits for a person).
pub fn connect_mastodon_signed_in(
    ws: &mut Workspace,
    source: Source,
    secrets: &dyn SecretStore,
    signed_in: &MastodonSignIn,
) -> Result<Account> {
    finish_mastodon(
        ws,
        source,
        secrets,
        &signed_in.instance,
        signed_in.token.expose(),
        Some(&signed_in.app),
    )
}

/// Connects a Mastodon account with an access token made on the instance (Settings →
/// Development), for machines where the browser flow is not possible.
pub fn connect_mastodon_token(
    ws: &mut Workspace,
    source: Source,
    secrets: &dyn SecretStore,
    instance: &str,
    token: &str,
) -> Result<Account> {
    crate::workspace::refuse_in_demo(ws.store().conn(), "connect real accounts")?;
    let (instance, token) = accounts::mastodon_token_input(instance, token)?;
    finish_mastodon(ws, source, secrets, &instance, &token, None)
}

fn finish_mastodon(
    ws: &mut Workspace,
    source: Source,
    secrets: &dyn SecretStore,
    instance: &str,
    token: &str,
    app: Option<&crate::platforms::mastodon::App>,
) -> Result<Account> {
    let (remote, acct) = accounts::mastodon_verify(instance, token)?;
    let ctx = ws.ctx(None, source);
    let id = ws.store_mut().write(&ctx, |w| {
        accounts::upsert(w, Platform::Mastodon, &acct, instance, &remote)
    })?;
    accounts::store_mastodon_token(secrets, id, token, app)?;
    account(ws, id)
}

/// One account.
pub fn account(ws: &Workspace, id: RowId) -> Result<Account> {
    accounts::account(ws.store().conn(), ws.clock().now(), id)
}

/// Every account, by platform and handle.
pub fn accounts(ws: &Workspace) -> Result<Vec<Account>> {
    accounts::accounts(ws.store().conn(), ws.clock().now())
}

/// Disconnects an account: its tokens leave the keychain; the row stays for the history of
/// what it published. The keychain is cleared inside the transaction that marks the account,
/// so a keychain that refuses leaves the account as it was.
pub fn disconnect_account(
    ws: &mut Workspace,
    source: Source,
    secrets: &dyn SecretStore,
    id: RowId,
) -> Result<()> {
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| {
        accounts::disconnect(w, id)?;
        secrets.delete(&accounts::secret_key(id))
    })
}

/// Gives an account its company name (「採用X」) and calendar colour (`#RRGGBB`).
pub fn set_profile(
    ws: &mut Workspace,
    source: Source,
    id: RowId,
    display_name: &str,
    colour: Option<&str>,
) -> Result<Account> {
    let ctx = ws.ctx(None, source);
    ws.store_mut()
        .write(&ctx, |w| accounts::set_profile(w, id, display_name, colour))?;
    account(ws, id)
}

/// Makes an account its platform's default: posts that name only the platform go out
/// through it.
pub fn make_default(ws: &mut Workspace, source: Source, id: RowId) -> Result<Account> {
    let ctx = ws.ctx(None, source);
    ws.store_mut()
        .write(&ctx, |w| accounts::make_default(w, id))?;
    account(ws, id)
}

/// Sets an account's monthly spending cap in millionths of a US dollar (`None`: no cap).
pub fn set_monthly_cap(
    ws: &mut Workspace,
    source: Source,
    id: RowId,
    cap_micros: Option<i64>,
) -> Result<Account> {
    let ctx = ws.ctx(None, source);
    ws.store_mut()
        .write(&ctx, |w| crate::publish::spend::set_cap(w, id, cap_micros))?;
    account(ws, id)
}

/// What the post's X version will cost and where that leaves its account's month (`None`
/// when the post does not go to X).
pub fn x_cost(
    ws: &Workspace,
    post: crate::ids::PostId,
) -> Result<Option<crate::publish::spend::XCost>> {
    let detail = ws.post(post)?;
    // A post has one variant per platform it goes to.
    if !detail
        .variants
        .iter()
        .any(|v| v.platform == crate::model::Platform::X)
    {
        return Ok(None);
    }
    let text = detail
        .variants
        .iter()
        .find(|v| v.platform == crate::model::Platform::X)
        .and_then(|v| v.body.clone())
        .unwrap_or_else(|| detail.body.clone());
    let conn = ws.store().conn();
    // X takes four images; alt text is set on each that has one.
    let alt_texts = crate::media::post_media(conn, post)?
        .iter()
        .take(4)
        .filter(|m| !m.alt_text.trim().is_empty())
        .count();
    let now = ws.clock().now();
    let named = accounts::accounts(conn, now)?
        .into_iter()
        .filter(|a| a.platform == crate::model::Platform::X)
        .map(|a| a.id)
        .find(|id| detail.accounts.contains(id));
    let account = match named {
        Some(a) => Some(a),
        None => crate::posts::targets::default_account(conn, crate::model::Platform::X)?,
    };
    Ok(Some(crate::publish::spend::estimate(
        conn,
        now,
        account,
        &text,
        u32::try_from(alt_texts).unwrap_or(u32::MAX),
    )?))
}

/// Connections ending within two weeks (or ended), soonest first: for the sidebar, the
/// calendar and the Accounts screen.
pub fn expiry_warnings(ws: &Workspace) -> Result<Vec<crate::publish::health::ExpiryWarning>> {
    crate::publish::health::warnings(ws.store().conn(), ws.clock().now())
}

/// Reads every token account's expiry from its platform now (and renews those close to
/// expiring), whatever the last check was.
pub fn check_token_health(
    ws: &mut Workspace,
    secrets: &dyn SecretStore,
) -> Result<crate::publish::health::HealthReport> {
    crate::publish::health::check_tokens(ws, secrets, true, None)
}
