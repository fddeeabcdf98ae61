//! IPC commands for the roster: people, consent, CSV. Same rules as `commands.rs`: each a
//! domain verb over one core function.

use crate::error::IpcResult;
use crate::events::{notify_changed, Changed};
use crate::ipc::decode_file;
use crate::state::AppState;
use tauri::{AppHandle, State};
use tsunagu::ids::{PersonId, RowId};
use tsunagu::roster::csv::ImportReport;
use tsunagu::roster::{ConsentInput, Impact, PersonDetail, PersonInput};
use tsunagu::store::Source;

/// One person with their consent records.
#[tauri::command]
pub fn get_person(state: State<'_, AppState>, id: PersonId) -> IpcResult<PersonDetail> {
    state.with(|ws| tsunagu::app::people::person(ws, id))
}

/// Adds a person; returns the new id.
#[tauri::command]
pub fn add_person(
    app: AppHandle,
    state: State<'_, AppState>,
    input: PersonInput,
) -> IpcResult<String> {
    let id = state.with(|ws| ws.add_person(Source::Ui, &input))?;
    notify_changed(&app, Changed::People);
    Ok(id.as_string())
}

/// Changes a person; marking them as left returns the posts that show them.
#[tauri::command]
pub fn update_person(
    app: AppHandle,
    state: State<'_, AppState>,
    id: PersonId,
    input: PersonInput,
) -> IpcResult<Impact> {
    let impact = state.with(|ws| ws.update_person(Source::Ui, id, &input))?;
    notify_changed(&app, Changed::People);
    Ok(impact)
}

/// Records a consent for a person.
#[tauri::command]
pub fn add_consent(
    app: AppHandle,
    state: State<'_, AppState>,
    person: PersonId,
    input: ConsentInput,
) -> IpcResult<()> {
    state.write(&app, Changed::People, |ws| {
        tsunagu::app::people::add_consent(ws, Source::Ui, person, &input).map(|_| ())
    })
}

/// Withdraws a consent today; returns the posts that show the person.
#[tauri::command]
pub fn withdraw_consent(
    app: AppHandle,
    state: State<'_, AppState>,
    consent: RowId,
) -> IpcResult<Impact> {
    state.write(&app, Changed::People, |ws| {
        tsunagu::app::people::withdraw_consent(ws, Source::Ui, consent, None)
    })
}

/// Imports a roster (.xlsx or CSV, base64 bytes); `mapping` names the column each header the
/// import does not know means (empty: leave it out).
/// Off the main thread, reporting its rows as operation `op` (stopped by `cancel_operation`
/// before anything is written).
#[tauri::command(async)]
pub fn import_roster(
    app: AppHandle,
    state: State<'_, AppState>,
    ops: State<'_, crate::operations::Operations>,
    data: String,
    dry_run: bool,
    mapping: Option<std::collections::BTreeMap<String, String>>,
    op: Option<String>,
) -> IpcResult<ImportReport> {
    let bytes = decode_file("file", &data)?;
    let mapping = mapping.unwrap_or_default();
    let report = ops.run(&app, op, |progress| {
        state.with(|ws| {
            tsunagu::roster::csv::import_mapped(
                ws,
                Source::Import,
                &bytes,
                dry_run,
                &mapping,
                progress,
            )
        })
    })?;
    if !dry_run && report.errors.is_empty() {
        notify_changed(&app, Changed::People);
    }
    Ok(report)
}

/// Writes the roster as CSV to Downloads (else the workspace's exports folder); returns the path.
#[tauri::command]
pub fn export_roster(state: State<'_, AppState>) -> IpcResult<String> {
    state.with(|ws| {
        let csv = tsunagu::app::people::export_roster(ws)?;
        crate::commands::write_export(ws, "tsunagu-roster", "csv", csv.as_bytes())
    })
}

/// Holds back a post that shows someone who withdrew or left (pauses it).
#[tauri::command]
pub fn hold_back_post(
    app: AppHandle,
    state: State<'_, AppState>,
    id: tsunagu::ids::PostId,
) -> IpcResult<()> {
    state.with(|ws| tsunagu::app::recognition::hold_back(ws, Source::Ui, id))?;
    notify_changed(&app, Changed::Posts);
    Ok(())
}
