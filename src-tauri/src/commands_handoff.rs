//! Commands for posting by hand (the 公開キット), the LINE official account and the guides to
//! registering the company's own app on a developer site.

use crate::error::IpcResult;
use crate::events::{notify_changed, Changed};
use crate::state::AppState;
use tauri::{AppHandle, State};
use tsunagu::app::handoff::KitAnswer;
use tsunagu::ids::{PostId, RowId};
use tsunagu::publish::accounts::Account;
use tsunagu::publish::app_guide::{GuideCheck, GuideFacts, GuideSite};
use tsunagu::publish::handoff::{Candidate, HandoffProblem};
use tsunagu::publish::line_account::LineQuota;
use tsunagu::store::Source;

/// Posts waiting to be posted by hand.
#[tauri::command]
pub fn handoffs_waiting(state: State<'_, AppState>) -> IpcResult<Vec<Candidate>> {
    state.with(|ws| tsunagu::app::handoff::waiting(ws))
}

/// The kit of a handed-off post, or why there is none.
#[tauri::command]
pub fn handoff_kit(state: State<'_, AppState>, job: RowId) -> IpcResult<KitAnswer> {
    state.with(|ws| tsunagu::app::handoff::kit(ws, job))
}

/// Saves the `n`-th image of a kit (made for its channel) to Downloads; returns the path.
#[tauri::command]
pub fn save_kit_image(state: State<'_, AppState>, job: RowId, n: u32) -> IpcResult<String> {
    state.with(|ws| {
        let (bytes, _, name) =
            tsunagu::app::handoff::kit_image(ws, job, usize::try_from(n).unwrap_or(usize::MAX))?;
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name.as_str(), "jpg"));
        crate::commands::write_export(ws, stem, ext, &bytes)
    })
}

/// Records the address of a post made by hand: nothing when it was recorded, else why not.
#[tauri::command]
pub fn record_handoff(
    app: AppHandle,
    state: State<'_, AppState>,
    job: RowId,
    hash: String,
    url: String,
) -> IpcResult<Option<HandoffProblem>> {
    let r = state.with(|ws| tsunagu::app::handoff::record(ws, Source::Ui, job, &hash, &url))?;
    notify_changed(&app, Changed::Posts);
    Ok(r)
}

/// Marks an account as posted by hand (or by Tsunagu again).
#[tauri::command]
pub fn set_account_by_hand(
    app: AppHandle,
    state: State<'_, AppState>,
    id: RowId,
    by_hand: bool,
) -> IpcResult<Account> {
    let a = state.with(|ws| tsunagu::app::handoff::set_by_hand(ws, Source::Ui, id, by_hand))?;
    notify_changed(&app, Changed::Accounts);
    Ok(a)
}

/// Connects a LINE official account with its channel access token (to the keychain only).
#[tauri::command]
pub fn connect_line(
    app: AppHandle,
    state: State<'_, AppState>,
    api: String,
    token: String,
) -> IpcResult<Account> {
    let secrets = std::sync::Arc::clone(&state.secrets);
    let a = state.with(|ws| {
        tsunagu::app::handoff::connect_line(ws, Source::Ui, secrets.as_ref(), &api, &token)
    })?;
    notify_changed(&app, Changed::Accounts);
    Ok(a)
}

/// The month's LINE messages for a post's broadcast.
#[tauri::command]
pub fn post_line_quota(state: State<'_, AppState>, post: PostId) -> IpcResult<Option<LineQuota>> {
    let secrets = std::sync::Arc::clone(&state.secrets);
    state.with(|ws| tsunagu::app::handoff::line_quota(ws, secrets.as_ref(), post))
}

/// What to register on a developer site for sign-in on `port`.
#[tauri::command]
pub fn guide_facts(site: GuideSite, port: u16) -> GuideFacts {
    tsunagu::app::handoff::guide_facts(site, port)
}

/// Asks the platform whether it takes the app's client id with the callback on `port`.
#[tauri::command]
pub fn check_app_client(
    site: GuideSite,
    api: String,
    client_id: String,
    port: u16,
) -> IpcResult<GuideCheck> {
    Ok(tsunagu::app::handoff::check_app_client(
        site, &api, &client_id, port,
    )?)
}
