//! IPC commands for LinkedIn, Facebook Pages, Instagram and Threads, and the media host. The
//! token and the bucket's secret key pass through once, to the platform and into the
//! keychain, and are never stored or logged; the network work runs off the main thread.

use crate::commands_publish::{blocking, open_in_browser};
use crate::error::IpcResult;
use crate::events::{notify_changed, Changed};
use crate::state::AppState;
use tauri::{AppHandle, State};
use tsunagu::model::Platform;
use tsunagu::publish::accounts::Account;
use tsunagu::publish::blocked::BlockedPost;
use tsunagu::publish::media_host::MediaHostConfig;
use tsunagu::publish::tokens::{BrokerSignIn, Granted, TokenConnect};
use tsunagu::store::Source;

/// Connects a LinkedIn, Facebook Page, Instagram or Threads account with a token made
/// elsewhere (LinkedIn's token generator, a Page token, a long-lived token). `target` is the
/// LinkedIn organisation or Facebook Page id, when there is one.
#[tauri::command(async)]
pub fn connect_with_token(
    app: AppHandle,
    state: State<'_, AppState>,
    platform: Platform,
    api: String,
    token: String,
    target: Option<String>,
) -> IpcResult<Account> {
    let secrets = std::sync::Arc::clone(&state.secrets);
    let input = TokenConnect {
        platform,
        api,
        granted: Granted {
            access: token.into(),
            refresh: None,
            expires_in: None,
            scope: None,
        },
        target,
        exchange_url: None,
        client_id: None,
    };
    let a = blocking(|| {
        let mut ws = state.open_own()?;
        Ok(ws.connect_with_token(Source::Ui, secrets.as_ref(), &input)?)
    })?;
    notify_changed(&app, Changed::Settings);
    Ok(a)
}

/// Connects through the company's token-exchange endpoint: the platform's consent page in the
/// system browser, the code back on the registered loopback port, tokens from the endpoint.
/// Waits up to five minutes for the person.
#[tauri::command(async)]
pub fn connect_via_exchange(
    app: AppHandle,
    state: State<'_, AppState>,
    sign_in: BrokerSignIn,
) -> IpcResult<Account> {
    let secrets = std::sync::Arc::clone(&state.secrets);
    let a = blocking(|| {
        let signed = tsunagu::publish::tokens::broker_sign_in(&sign_in, &open_in_browser)?;
        let mut ws = state.open_own()?;
        Ok(ws.connect_with_token(Source::Ui, secrets.as_ref(), &signed)?)
    })?;
    notify_changed(&app, Changed::Settings);
    Ok(a)
}

/// The media host settings (no secret), if set.
#[tauri::command]
pub fn media_host(state: State<'_, AppState>) -> IpcResult<Option<MediaHostConfig>> {
    state.with(|ws| tsunagu::app::media_host::media_host_config(ws))
}

/// Sets the media host, or removes it with `None`. An empty `secret_key` keeps the stored one.
#[tauri::command(async)]
pub fn set_media_host(
    app: AppHandle,
    state: State<'_, AppState>,
    config: Option<MediaHostConfig>,
    secret_key: String,
) -> IpcResult<Option<MediaHostConfig>> {
    let secrets = std::sync::Arc::clone(&state.secrets);
    // The bucket is checked over the network: on a connection of its own, off the window's.
    let saved = blocking(|| {
        let mut ws = state.open_own()?;
        Ok(tsunagu::app::media_host::set_media_host(
            &mut ws,
            Source::Ui,
            secrets.as_ref(),
            config,
            &secret_key,
        )?)
    })?;
    notify_changed(&app, Changed::Settings);
    Ok(saved)
}

/// Puts a small file on the media host, reads it back and deletes it.
#[tauri::command(async)]
pub fn check_media_host(state: State<'_, AppState>) -> IpcResult<()> {
    blocking(|| {
        let ws = state.open_own()?;
        Ok(tsunagu::app::media_host::check_media_host(
            &ws,
            state.secrets.as_ref(),
        )?)
    })
}

/// Posts that cannot go out as they are (Instagram and Threads without a media host).
#[tauri::command]
pub fn blocked_posts(state: State<'_, AppState>) -> IpcResult<Vec<BlockedPost>> {
    state.with(|ws| ws.media_host_blockers())
}
