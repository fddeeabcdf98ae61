//! IPC commands for requests, material, training and recognition. Same rules as
//! `commands.rs`: each a domain verb over one core function.

use crate::error::IpcResult;
use crate::events::{notify_changed, Changed};
use crate::ipc::decode_file;
use crate::state::AppState;
use tauri::{AppHandle, State};
use tsunagu::calendar::YearMonth;
use tsunagu::ids::{PersonId, RowId};
use tsunagu::roster::ledger::LedgerEntry;
use tsunagu::roster::{
    AssignedRequest, Contributor, Department, GuidelineVersion, Material, Recognition,
    RecognitionKind, RequestInput, RequestSummary, TrainingStatus,
};
use tsunagu::store::Source;

fn month(m: &str) -> tsunagu::Result<YearMonth> {
    YearMonth::parse(m)
}

/// Departments with their active head count.
#[tauri::command]
pub fn list_departments(state: State<'_, AppState>) -> IpcResult<Vec<Department>> {
    state.with(|ws| tsunagu::app::people::departments(ws))
}

/// Every request with everyone asked and where each stands.
#[tauri::command]
pub fn request_board(state: State<'_, AppState>) -> IpcResult<Vec<RequestSummary>> {
    state.with(|ws| tsunagu::app::requests::request_board(ws))
}

/// The requests one person was sent.
#[tauri::command]
pub fn person_requests(
    state: State<'_, AppState>,
    person: PersonId,
) -> IpcResult<Vec<AssignedRequest>> {
    state.with(|ws| tsunagu::app::requests::requests(ws, Some(person)))
}

/// Sends a request; returns its id.
#[tauri::command]
pub fn send_request(
    app: AppHandle,
    state: State<'_, AppState>,
    input: RequestInput,
) -> IpcResult<String> {
    let id = state.with(|ws| tsunagu::app::requests::send_request(ws, Source::Ui, &input))?;
    notify_changed(&app, Changed::People);
    Ok(id.as_string())
}

/// Withdraws a request (material already sent is kept).
#[tauri::command]
pub fn delete_request(app: AppHandle, state: State<'_, AppState>, id: RowId) -> IpcResult<()> {
    state.with(|ws| tsunagu::app::requests::delete_request(ws, Source::Ui, id))?;
    notify_changed(&app, Changed::People);
    Ok(())
}

/// Material received, newest first.
#[tauri::command]
pub fn list_materials(state: State<'_, AppState>) -> IpcResult<Vec<Material>> {
    state.with(|ws| tsunagu::app::materials::materials(ws))
}

/// Records material a person sent: a comment, an image (base64), or both.
#[tauri::command]
pub fn send_material(
    app: AppHandle,
    state: State<'_, AppState>,
    person: PersonId,
    request: Option<RowId>,
    comment: String,
    image_name: Option<String>,
    image_data: Option<String>,
) -> IpcResult<String> {
    let image = image_data.map(|d| decode_file("image", &d)).transpose()?;
    let id = state.with(|ws| {
        let media = match &image {
            Some(bytes) => Some(
                tsunagu::app::media::import_image(
                    ws,
                    Source::Ui,
                    Some(person),
                    image_name.as_deref().unwrap_or(""),
                    bytes,
                )?
                .id,
            ),
            None => None,
        };
        tsunagu::app::materials::send_material(ws, Source::Ui, person, request, &comment, media)
    })?;
    notify_changed(&app, Changed::People);
    Ok(id.as_string())
}

/// Turns material into a draft; returns the draft's id.
#[tauri::command]
pub fn material_to_draft(
    app: AppHandle,
    state: State<'_, AppState>,
    id: RowId,
) -> IpcResult<String> {
    let post = state.with(|ws| tsunagu::app::materials::material_to_draft(ws, Source::Ui, id))?;
    notify_changed(&app, Changed::Posts);
    notify_changed(&app, Changed::People);
    Ok(post.as_string())
}

/// The current guideline version, if one is published.
#[tauri::command]
pub fn current_guideline(state: State<'_, AppState>) -> IpcResult<Option<GuidelineVersion>> {
    state.with(|ws| tsunagu::app::training::current_guideline(ws))
}

/// Everyone's training against the current guideline.
#[tauri::command]
pub fn list_training(state: State<'_, AppState>) -> IpcResult<Vec<TrainingStatus>> {
    state.with(|ws| tsunagu::app::training::training(ws))
}

/// Records that a person acknowledged the current guideline.
#[tauri::command]
pub fn acknowledge_guideline(
    app: AppHandle,
    state: State<'_, AppState>,
    person: PersonId,
) -> IpcResult<()> {
    state.with(|ws| tsunagu::app::training::acknowledge_guideline(ws, Source::Ui, person))?;
    notify_changed(&app, Changed::People);
    Ok(())
}

/// One person's ledger, month by month, `from` to `to` (`YYYY-MM`).
#[tauri::command]
pub fn person_ledger(
    state: State<'_, AppState>,
    person: PersonId,
    from: String,
    to: String,
) -> IpcResult<Vec<LedgerEntry>> {
    state.with(|ws| {
        Ok(
            tsunagu::app::recognition::ledger(ws, month(&from)?, month(&to)?)?
                .into_iter()
                .find(|p| p.person == person)
                .map(|p| p.months)
                .unwrap_or_default(),
        )
    })
}

/// Everyone who contributed in a month, in roster order (never by amount).
#[tauri::command]
pub fn list_contributors(state: State<'_, AppState>, month: String) -> IpcResult<Vec<Contributor>> {
    state.with(|ws| tsunagu::app::recognition::contributors(ws, self::month(&month)?))
}

/// Contributors by amount, only where the workspace allows ranking.
#[tauri::command]
pub fn contribution_ranking(
    state: State<'_, AppState>,
    month: String,
) -> IpcResult<Vec<Contributor>> {
    state.with(|ws| tsunagu::app::recognition::ranking(ws, self::month(&month)?))
}

/// Thanks and highlights of a month.
#[tauri::command]
pub fn list_recognitions(state: State<'_, AppState>, month: String) -> IpcResult<Vec<Recognition>> {
    state.with(|ws| tsunagu::app::recognition::recognitions(ws, self::month(&month)?))
}

/// Thanks someone, or makes them a highlight of the month.
#[tauri::command]
pub fn recognise(
    app: AppHandle,
    state: State<'_, AppState>,
    person: PersonId,
    kind: RecognitionKind,
    month: String,
    note: String,
) -> IpcResult<()> {
    state.with(|ws| {
        tsunagu::app::recognition::recognise(
            ws,
            Source::Ui,
            person,
            kind,
            self::month(&month)?,
            &note,
        )
        .map(|_| ())
    })?;
    notify_changed(&app, Changed::People);
    Ok(())
}
