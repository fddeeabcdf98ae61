//! IPC commands: each a domain verb, each a line or two over one core function.
//!
//! How to add a command: write it here with `#[tauri::command]`, returning `IpcResult<T>`
//! where `T` derives `ts_rs::TS`; add it to `generate_handler!` in `lib.rs`; if `T` is new,
//! add it to `bindings::TYPES`; then run `scripts/bindings.sh` to regenerate
//! `ui/src/bindings.ts` (a test fails while that file is stale).

use crate::error::IpcResult;
use crate::events::{notify_changed, Changed};
use crate::state::AppState;
use serde::Serialize;
use tauri::{AppHandle, State};
use ts_rs::TS;
use tsunagu::calendar::{MonthView, YearMonth};
use tsunagu::settings::{Settings, SettingsPatch};
use tsunagu::store::Source;
use tsunagu::workspace::WorkspaceInfo;

/// Facts about the running app the UI needs at start.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    /// The app version.
    pub version: String,
    /// The workspace folder.
    pub workspace_path: String,
    /// "ja" or "en" from the system locale, when the system says.
    pub system_language: Option<String>,
}

/// Facts about the running app.
#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> IpcResult<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        workspace_path: state.dir.display().to_string(),
        system_language: tsunagu::paths::system_language().map(str::to_string),
    })
}

/// What the open workspace holds; fails with the reason when it could not be opened.
#[tauri::command]
pub fn workspace_info(state: State<'_, AppState>) -> IpcResult<WorkspaceInfo> {
    state.with(|ws| ws.info())
}

/// The workspace settings.
#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> IpcResult<Settings> {
    state.with(|ws| ws.settings())
}

/// Changes settings and returns them as saved.
#[tauri::command]
pub fn update_settings(
    app: AppHandle,
    state: State<'_, AppState>,
    patch: SettingsPatch,
) -> IpcResult<Settings> {
    let saved = state.with(|ws| ws.update_settings(Source::Ui, &patch))?;
    notify_changed(&app, Changed::Settings);
    Ok(saved)
}

/// Every IANA time zone name.
#[tauri::command]
pub fn list_time_zones() -> IpcResult<Vec<String>> {
    Ok(tsunagu::settings::time_zones()
        .into_iter()
        .map(str::to_string)
        .collect())
}

/// One month of the calendar (`YYYY-MM`, workspace time zone).
#[tauri::command]
pub fn month_view(state: State<'_, AppState>, month: String) -> IpcResult<MonthView> {
    state.with(|ws| ws.month_view(YearMonth::parse(&month)?))
}

/// Replaces a damaged workspace database with its newest backup.
#[tauri::command]
pub fn restore_backup(app: AppHandle, state: State<'_, AppState>) -> IpcResult<WorkspaceInfo> {
    state.restore_backup()?;
    notify_changed(&app, Changed::Workspace);
    state.with(|ws| ws.info())
}
