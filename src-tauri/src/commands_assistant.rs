//! IPC commands for the writing assistant. A request can take half a minute on a laptop's
//! model, so each runs on a workspace connection of its own (never holding the window's), as a
//! tracked operation the window can stop: the answer streams to the window as
//! `tsunagu://assistant` events carrying the text so far, and 「中止」 stops it before anything
//! is written.

use crate::error::IpcResult;
use crate::events::{notify_changed, Changed};
use crate::operations::Operations;
use crate::state::AppState;
use serde::Serialize;
use tauri::{AppHandle, Emitter, State};
use ts_rs::TS;
use tsunagu::app::assistant::{AssistantNote, Explanation, FitSuggestion};
use tsunagu::assistant::{AssistantInput, AssistantSettings};
use tsunagu::ids::{PostId, RowId};

/// The event the answer streams on.
pub const ASSISTANT_EVENT: &str = "tsunagu://assistant";

/// The answer so far of operation `op`.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AssistantStream {
    /// The operation.
    pub op: String,
    /// The answer so far (placeholders already put back).
    pub text: String,
}

/// The assistant set on this computer, if any.
#[tauri::command]
pub fn assistant_settings(state: State<'_, AppState>) -> IpcResult<Option<AssistantSettings>> {
    let secrets = std::sync::Arc::clone(&state.secrets);
    state.with(|ws| tsunagu::app::assistant::assistant_settings(ws, secrets.as_ref()))
}

/// Sets the assistant on this computer, or turns it off with `None`.
#[tauri::command]
pub fn set_assistant(
    state: State<'_, AppState>,
    input: Option<AssistantInput>,
) -> IpcResult<Option<AssistantSettings>> {
    let secrets = std::sync::Arc::clone(&state.secrets);
    state.with(|ws| tsunagu::app::assistant::set_assistant(ws, secrets.as_ref(), input.as_ref()))
}

/// What the assistant wrote about a post (for the editor and the review).
#[tauri::command]
pub fn assistant_notes(state: State<'_, AppState>, post: PostId) -> IpcResult<Vec<AssistantNote>> {
    state.with(|ws| tsunagu::app::assistant::notes(ws, post))
}

/// Runs `task` on a workspace of its own as operation `op`, streaming the answer.
fn streamed<T: Send>(
    app: &AppHandle,
    state: &AppState,
    ops: &Operations,
    op: Option<String>,
    task: impl FnOnce(
            &mut tsunagu::Workspace,
            &tsunagu::assistant::Ready,
            &mut dyn FnMut(&str) -> bool,
        ) -> tsunagu::Result<T>
        + Send,
) -> IpcResult<T> {
    let name = op.clone().unwrap_or_default();
    crate::commands_publish::blocking(|| {
        ops.run(app, op, |progress| {
            let mut ws = state.open_own()?;
            let ready = tsunagu::app::assistant::ready(&ws, state.secrets.as_ref())?;
            let mut piece = |text: &str| {
                let _ = app.emit(
                    ASSISTANT_EVENT,
                    AssistantStream {
                        op: name.clone(),
                        text: text.to_string(),
                    },
                );
                progress.step(0, 0).is_ok()
            };
            Ok(task(&mut ws, &ready, &mut piece)?)
        })
    })
}

/// A draft from material, written by the assistant; returns the draft.
#[tauri::command(async)]
pub fn assistant_draft(
    app: AppHandle,
    state: State<'_, AppState>,
    ops: State<'_, Operations>,
    material: RowId,
    op: Option<String>,
) -> IpcResult<PostId> {
    let post = streamed(&app, &state, &ops, op, |ws, ready, piece| {
        tsunagu::app::assistant::draft_from_material(ws, ready, material, piece)
    })?;
    notify_changed(&app, Changed::Posts);
    notify_changed(&app, Changed::Requests);
    Ok(post)
}

/// Versions of a post that fit each platform (nothing saved: the editor offers them).
#[tauri::command(async)]
pub fn assistant_fit(
    app: AppHandle,
    state: State<'_, AppState>,
    ops: State<'_, Operations>,
    post: PostId,
    op: Option<String>,
) -> IpcResult<Vec<FitSuggestion>> {
    streamed(&app, &state, &ops, op, |ws, ready, piece| {
        tsunagu::app::assistant::fit_platforms(ws, ready, post, piece)
    })
}

/// A guideline finding explained, with a rewrite the editor offers.
#[tauri::command(async)]
pub fn assistant_explain(
    app: AppHandle,
    state: State<'_, AppState>,
    ops: State<'_, Operations>,
    post: PostId,
    finding: String,
    op: Option<String>,
) -> IpcResult<Explanation> {
    streamed(&app, &state, &ops, op, |ws, ready, piece| {
        tsunagu::app::assistant::explain_finding(ws, ready, post, &finding, piece)
    })
}

/// Ideas for a month (`YYYY-MM`), added to the calendar unscheduled.
#[tauri::command(async)]
pub fn assistant_plan(
    app: AppHandle,
    state: State<'_, AppState>,
    ops: State<'_, Operations>,
    month: String,
    op: Option<String>,
) -> IpcResult<Vec<PostId>> {
    let m = tsunagu::calendar::YearMonth::parse(&month)?;
    let ideas = streamed(&app, &state, &ops, op, |ws, ready, piece| {
        tsunagu::app::assistant::plan_ideas(ws, ready, m, 5, piece)
    })?;
    notify_changed(&app, Changed::Posts);
    Ok(ideas)
}

/// Alt text for one of a post's images (nothing saved: the editor offers it).
#[tauri::command(async)]
pub fn assistant_alt(
    app: AppHandle,
    state: State<'_, AppState>,
    ops: State<'_, Operations>,
    post: PostId,
    media: RowId,
    op: Option<String>,
) -> IpcResult<String> {
    streamed(&app, &state, &ops, op, |ws, ready, piece| {
        tsunagu::app::assistant::suggest_alt(ws, ready, post, media, piece)
    })
}
