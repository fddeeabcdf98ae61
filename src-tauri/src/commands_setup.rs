//! The setup guide: a preset's plan to adjust, writing it, departments and sites, and whether
//! the guide is finished.

use crate::error::IpcResult;
use crate::events::{notify_changed, Changed};
use crate::state::AppState;
use tauri::{AppHandle, State};
use tsunagu::app::setup::{Preset, SetupApplied, SetupPlan};
use tsunagu::clock::YearMonth;
use tsunagu::store::Source;

/// A preset's plan for `month` (`YYYY-MM`), in the workspace's language, for the lead to adjust.
#[tauri::command]
pub fn setup_preset(
    state: State<'_, AppState>,
    preset: Preset,
    month: String,
    japanese: bool,
) -> IpcResult<SetupPlan> {
    let month = YearMonth::parse(&month)?;
    let language = if japanese {
        tsunagu::model::Language::Ja
    } else {
        tsunagu::model::Language::En
    };
    state.with(|_| Ok(tsunagu::app::setup::preset(preset, month, language)))
}

/// Writes the adjusted plan (purpose, KPIs, themes, cadence, slots) in one transaction.
#[tauri::command]
pub fn apply_setup_plan(
    app: AppHandle,
    state: State<'_, AppState>,
    plan: SetupPlan,
) -> IpcResult<SetupApplied> {
    let done = state.with(|ws| tsunagu::app::setup::apply(ws, Source::Ui, &plan))?;
    notify_changed(&app, Changed::Plan);
    Ok(done)
}

/// Adds departments and sites by name.
#[tauri::command]
pub fn add_places(
    app: AppHandle,
    state: State<'_, AppState>,
    departments: Vec<String>,
    sites: Vec<String>,
) -> IpcResult<()> {
    state.with(|ws| tsunagu::app::setup::add_places(ws, Source::Ui, &departments, &sites))?;
    notify_changed(&app, Changed::People);
    Ok(())
}

/// Marks the guide finished (or to be shown again).
#[tauri::command]
pub fn set_setup_done(app: AppHandle, state: State<'_, AppState>, done: bool) -> IpcResult<()> {
    state.with(|ws| tsunagu::app::setup::set_setup_done(ws, Source::Ui, done))?;
    notify_changed(&app, Changed::Settings);
    Ok(())
}

/// The products and services the guideline lists (for the setup guide's rules step).
#[tauri::command]
pub fn products(state: State<'_, AppState>) -> IpcResult<Vec<String>> {
    state.with(|ws| tsunagu::app::products::products(ws))
}

/// Sets the products and services and publishes the guideline with them.
#[tauri::command]
pub fn set_products(
    app: AppHandle,
    state: State<'_, AppState>,
    names: Vec<String>,
) -> IpcResult<Vec<String>> {
    let kept = state.with(|ws| tsunagu::app::products::set_products(ws, Source::Ui, &names))?;
    notify_changed(&app, Changed::Guideline);
    Ok(kept)
}
