//! Deleting posts and bringing them back; a month's plan to and from a spreadsheet.

use crate::commands_publish::blocking;
use crate::error::IpcResult;
use crate::events::{notify_changed, Changed};
use crate::operations::Operations;
use crate::state::AppState;
use tauri::{AppHandle, State};
use tsunagu::ids::PostId;
use tsunagu::posts::delete::{DeletedPost, DeletionKind};
use tsunagu::posts::sheet::PostsImport;
use tsunagu::store::Source;

/// Deletes a post; `choice` says what to do with a published one (take it down from the
/// platforms first, or remove it from Tsunagu only). Off the main thread and on its own
/// connection: taking down waits on the platforms.
#[tauri::command(async)]
pub fn delete_post(
    app: AppHandle,
    state: State<'_, AppState>,
    post: PostId,
    choice: Option<DeletionKind>,
) -> IpcResult<DeletedPost> {
    let done = blocking(|| {
        let mut ws = state.open_own()?;
        Ok(tsunagu::app::deleting::delete_post(
            &mut ws,
            Source::Ui,
            None,
            state.secrets.as_ref(),
            post,
            choice,
        )?)
    })?;
    notify_changed(&app, Changed::Posts);
    Ok(done)
}

/// Brings back a post deleted in the last 30 days.
#[tauri::command]
pub fn restore_post(
    app: AppHandle,
    state: State<'_, AppState>,
    post: PostId,
) -> IpcResult<DeletedPost> {
    state.write(&app, Changed::Posts, |ws| {
        tsunagu::app::deleting::restore_post(ws, Source::Ui, None, post)
    })
}

/// The deleted posts that can still be brought back, newest first.
#[tauri::command]
pub fn deleted_posts(state: State<'_, AppState>) -> IpcResult<Vec<DeletedPost>> {
    state.with(|ws| tsunagu::app::deleting::deleted_posts(ws))
}

/// Reads a month's plan (`.xlsx` or CSV, base64) as drafts; `dry_run` only checks and shows
/// what would be made. Off the main thread, reporting its rows as operation `op` (which
/// `cancel_operation` stops before anything is written).
#[tauri::command(async)]
pub fn import_posts(
    app: AppHandle,
    state: State<'_, AppState>,
    ops: State<'_, Operations>,
    data: String,
    dry_run: bool,
    op: Option<String>,
) -> IpcResult<PostsImport> {
    let bytes = crate::ipc::decode_file("file", &data)?;
    let report = ops.run(&app, op, |progress| {
        state
            .with(|ws| tsunagu::app::spreadsheet::import_posts(ws, None, &bytes, dry_run, progress))
    })?;
    if !dry_run && report.errors.is_empty() {
        notify_changed(&app, Changed::Posts);
    }
    Ok(report)
}

/// Writes the calendar from `from` to `to` (`YYYY-MM-DD`, both optional) as CSV to Downloads
/// (else the workspace's exports folder); returns the path.
#[tauri::command]
pub fn export_posts(
    state: State<'_, AppState>,
    from: Option<String>,
    to: Option<String>,
) -> IpcResult<String> {
    let date = |v: Option<String>| -> tsunagu::Result<Option<chrono::NaiveDate>> {
        v.map(|v| {
            chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d").map_err(|_| {
                tsunagu::Error::invalid("date", format!("'{v}' is not a date (YYYY-MM-DD)"))
            })
        })
        .transpose()
    };
    let (from, to) = (date(from)?, date(to)?);
    state.with(|ws| {
        let csv = tsunagu::app::spreadsheet::export_posts(ws, from, to)?;
        crate::commands::write_export(ws, "tsunagu-posts", "csv", csv.as_bytes())
    })
}

/// The posts whose title or text holds every word of `query`, newest first.
#[tauri::command]
pub fn search_posts(
    state: State<'_, AppState>,
    query: String,
) -> IpcResult<Vec<tsunagu::calendar::CalendarPost>> {
    state.with(|ws| tsunagu::app::calendar::search_posts(ws, &query))
}

/// Asks the operation `op` (an import) to stop; whether it was running. It stops at its next
/// step, before it writes anything.
#[tauri::command]
pub fn cancel_operation(ops: State<'_, Operations>, op: String) -> bool {
    ops.cancel(&op)
}
