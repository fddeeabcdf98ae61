//! IPC commands for which workspace is open (the first screen's two doors, leaving the demo)
//! and for the QR code of a published post. Each is a line or two over the shell's state or
//! the core's `app` surface.

use crate::error::IpcResult;
use crate::events::{notify_changed, Changed};
use crate::state::AppState;
use tauri::{AppHandle, State};

/// `data` (a published post's address) as a QR code in SVG, labelled `label`.
#[tauri::command]
pub fn qr_code(data: String, label: String) -> IpcResult<String> {
    Ok(tsunagu::app::print::qr_svg(&data, &label)?)
}

/// The first door: starts the company's own workspace (name, IANA time zone, `ja` or `en`)
/// in its folder and opens it.
#[tauri::command]
pub fn start_workspace(
    app: AppHandle,
    state: State<'_, AppState>,
    name: String,
    time_zone: String,
    language: tsunagu::model::Language,
) -> IpcResult<()> {
    state.start_own(&name, &time_zone, language)?;
    notify_changed(&app, Changed::Settings);
    Ok(())
}

/// The second door: opens the demo (built beside the company's folder the first time).
#[tauri::command]
pub fn open_demo(app: AppHandle, state: State<'_, AppState>) -> IpcResult<()> {
    state.open_demo()?;
    notify_changed(&app, Changed::Settings);
    Ok(())
}

/// Leaves the demo for the company's own workspace (the two doors when it has none yet).
#[tauri::command]
pub fn leave_demo(app: AppHandle, state: State<'_, AppState>) -> IpcResult<()> {
    state.leave_demo()?;
    notify_changed(&app, Changed::Settings);
    Ok(())
}

/// The workspaces this computer opened recently, newest first, the open one marked.
#[tauri::command]
pub fn recent_workspaces(
    state: State<'_, AppState>,
) -> IpcResult<Vec<tsunagu::app::recent::RecentWorkspace>> {
    Ok(state.recent())
}

/// Opens the workspace in the folder `path` (absolute); the open one stays when there is none.
#[tauri::command]
pub fn open_workspace(app: AppHandle, state: State<'_, AppState>, path: String) -> IpcResult<()> {
    state.open_folder(std::path::PathBuf::from(path))?;
    notify_changed(&app, Changed::Settings);
    Ok(())
}

/// Starts a new company workspace in the folder `path` (absolute, new or empty) and opens it.
#[tauri::command]
pub fn create_workspace(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    name: String,
    time_zone: String,
    language: tsunagu::model::Language,
) -> IpcResult<()> {
    state.create_in(std::path::PathBuf::from(path), &name, &time_zone, language)?;
    notify_changed(&app, Changed::Settings);
    Ok(())
}

/// Converts the demo into the company's own workspace (every demo person and post stays
/// behind; templates, hashtag sets and the guideline go with it) and opens it.
#[tauri::command]
pub fn convert_demo(
    app: AppHandle,
    state: State<'_, AppState>,
    name: String,
    time_zone: String,
    language: tsunagu::model::Language,
) -> IpcResult<tsunagu::app::convert::Converted> {
    let done = state.convert_demo(&name, &time_zone, language)?;
    notify_changed(&app, Changed::Settings);
    Ok(done)
}
