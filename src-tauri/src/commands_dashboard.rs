//! IPC commands for the dashboard, KPIs, success stories and the monthly report. Each is a
//! line or two over the core (`tsunagu::kpi`).

use crate::error::IpcResult;
use crate::events::{notify_changed, Changed};
use crate::ipc::decode_file;
use crate::state::AppState;
use tauri::{AppHandle, State};
use tsunagu::calendar::YearMonth;
use tsunagu::ids::{PostId, RowId};
use tsunagu::kpi::csv::KpiImportReport;
use tsunagu::kpi::dashboard::Dashboard;
use tsunagu::kpi::report::{render_csv, render_html, ReportLanguage};
use tsunagu::kpi::{Kpi, KpiInput, Purpose};
use tsunagu::store::Source;

/// The dashboard of the months `from` to `to` (`YYYY-MM`, both included).
#[tauri::command]
pub fn dashboard(state: State<'_, AppState>, from: String, to: String) -> IpcResult<Dashboard> {
    state.with(|ws| {
        tsunagu::app::kpi::dashboard(ws, YearMonth::parse(&from)?, YearMonth::parse(&to)?)
    })
}

/// Every reading of a post's numbers, oldest first (its reactions over time).
#[tauri::command]
pub fn post_metrics_history(
    state: State<'_, AppState>,
    post: PostId,
) -> IpcResult<Vec<tsunagu::publish::metrics::PostMetrics>> {
    state.with(|ws| tsunagu::app::outbox::metrics_history(ws, post))
}

/// Every purpose.
#[tauri::command]
pub fn list_purposes(state: State<'_, AppState>) -> IpcResult<Vec<Purpose>> {
    state.with(|ws| tsunagu::app::kpi::purposes(ws))
}

/// Adds a KPI.
#[tauri::command]
pub fn add_kpi(app: AppHandle, state: State<'_, AppState>, input: KpiInput) -> IpcResult<Kpi> {
    let k = state.with(|ws| tsunagu::app::kpi::add_kpi(ws, Source::Ui, &input))?;
    notify_changed(&app, Changed::Settings);
    Ok(k)
}

/// Sets an external KPI's value for a month.
#[tauri::command]
pub fn set_kpi_value(
    app: AppHandle,
    state: State<'_, AppState>,
    kpi: RowId,
    month: String,
    value: f64,
) -> IpcResult<()> {
    state.write(&app, Changed::Settings, |ws| {
        tsunagu::app::kpi::set_kpi_value(ws, Source::Ui, kpi, YearMonth::parse(&month)?, value)
    })
}

/// Imports external KPI values from a CSV file (base64), or checks it with `dry_run`.
#[tauri::command]
pub fn import_kpi_csv(
    app: AppHandle,
    state: State<'_, AppState>,
    data: String,
    dry_run: bool,
) -> IpcResult<KpiImportReport> {
    let bytes = decode_file("file", &data)?;
    let report = state.with(|ws| ws.import_kpi_csv(&bytes, dry_run))?;
    if !dry_run && report.errors.is_empty() {
        notify_changed(&app, Changed::Settings);
    }
    Ok(report)
}

/// Marks a published post as a success story with what happened.
#[tauri::command]
pub fn mark_success(
    app: AppHandle,
    state: State<'_, AppState>,
    post_id: PostId,
    note: String,
) -> IpcResult<()> {
    state.with(|ws| tsunagu::app::kpi::mark_success(ws, Source::Ui, post_id, &note))?;
    notify_changed(&app, Changed::Posts);
    Ok(())
}

/// Takes a post off the success stories.
#[tauri::command]
pub fn unmark_success(
    app: AppHandle,
    state: State<'_, AppState>,
    post_id: PostId,
) -> IpcResult<()> {
    state.write(&app, Changed::Posts, |ws| {
        tsunagu::app::kpi::unmark_success(ws, Source::Ui, post_id)
    })
}

/// Writes the monthly report (`pdf`, `html` or `csv`) to Downloads; returns the path.
#[tauri::command(async)]
pub fn export_report(
    state: State<'_, AppState>,
    month: String,
    format: String,
    language: ReportLanguage,
) -> IpcResult<String> {
    state.with(|ws| {
        let m = YearMonth::parse(&month)?;
        let report = tsunagu::app::kpi::monthly_report(ws, m, language)?;
        let (bytes, ext) = match format.as_str() {
            "pdf" => (tsunagu::kpi::pdf::render_pdf(&report)?, "pdf"),
            "html" => (render_html(&report).into_bytes(), "html"),
            "csv" => (render_csv(&report).into_bytes(), "csv"),
            other => {
                return Err(tsunagu::Error::invalid(
                    "format",
                    format!("\"{other}\" is not a report format: choose PDF, HTML or CSV."),
                ))
            }
        };
        crate::commands::write_export(ws, &format!("tsunagu-report-{m}"), ext, &bytes)
    })
}

/// The purpose a post serves, if any.
#[tauri::command]
pub fn post_purpose(state: State<'_, AppState>, post_id: PostId) -> IpcResult<Option<String>> {
    state.with(|ws| Ok(tsunagu::app::purpose::post_purpose(ws, post_id)?.map(|p| p.as_string())))
}

/// Links a post to a purpose (or unlinks it with `None`); the approval stands.
#[tauri::command]
pub fn set_post_purpose(
    app: AppHandle,
    state: State<'_, AppState>,
    post_id: PostId,
    purpose: Option<tsunagu::ids::PurposeId>,
) -> IpcResult<()> {
    state.with(|ws| tsunagu::app::purpose::set_post_purpose(ws, Source::Ui, post_id, purpose))?;
    notify_changed(&app, Changed::Posts);
    Ok(())
}
