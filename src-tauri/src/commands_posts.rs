//! Deleting posts and bringing them back; a month's plan to and from a spreadsheet.

use crate::commands_publish::blocking;
use crate::error::IpcResult;
use crate::events::{notify_changed, Changed};
use crate::state::AppState;
use tauri::{AppHandle, State};
use tsunagu::ids::PostId;
use tsunagu::posts::delete::{DeletedPost, DeletionKind};
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
