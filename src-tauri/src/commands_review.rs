//! IPC commands for the guideline, review and the crisis pause. Same rules as `commands.rs`:
//! each a domain verb over one core function.

use crate::commands::write_export;
use crate::error::IpcResult;
use crate::events::{notify_changed, Changed};
use crate::ipc::decode_file;
use crate::state::AppState;
use serde::Serialize;
use tauri::{AppHandle, State};
use ts_rs::TS;
use tsunagu::crisis::Crisis;
use tsunagu::guideline::post::PostCheck;
use tsunagu::guideline::versions::GuidelineDraft;
use tsunagu::guideline::{Finding, GuidelineRules};
use tsunagu::ids::{PersonId, PostId};
use tsunagu::model::Platform;
use tsunagu::review::{QueuedPost, ReviewEntry};
use tsunagu::roster::csv::RowError;
use tsunagu::roster::GuidelineVersion;
use tsunagu::store::Source;

/// Findings for a text as typed, with the guideline version used.
#[derive(Debug, Clone, Serialize, TS)]
pub struct LintResult {
    /// The guideline version.
    pub guideline_version: i64,
    /// What was found.
    pub findings: Vec<Finding>,
}

/// Checks a post's text as typed (not yet saved); `platform` for a platform's own version.
#[tauri::command]
pub fn lint_text(
    state: State<'_, AppState>,
    post: PostId,
    text: String,
    platform: Option<Platform>,
) -> IpcResult<LintResult> {
    state.with(|ws| {
        let (guideline_version, findings) = ws.lint_text(post, &text, platform)?;
        Ok(LintResult {
            guideline_version,
            findings,
        })
    })
}

/// Checks a stored post: main text, each platform's version, people and images.
#[tauri::command]
pub fn check_post(state: State<'_, AppState>, post: PostId) -> IpcResult<PostCheck> {
    state.with(|ws| ws.check_post(post))
}

/// The guideline version being edited.
#[tauri::command]
pub fn guideline_draft(state: State<'_, AppState>) -> IpcResult<GuidelineDraft> {
    state.with(|ws| tsunagu::app::guideline::draft(ws))
}

/// Saves the draft of the next guideline version.
#[tauri::command]
pub fn save_guideline_draft(
    app: AppHandle,
    state: State<'_, AppState>,
    title: String,
    rules: GuidelineRules,
) -> IpcResult<GuidelineDraft> {
    let d = state.with(|ws| tsunagu::app::guideline::save_draft(ws, Source::Ui, &title, &rules))?;
    notify_changed(&app, Changed::Guideline);
    Ok(d)
}

/// Publishes the draft as the new current version.
#[tauri::command]
pub fn publish_guideline(
    app: AppHandle,
    state: State<'_, AppState>,
) -> IpcResult<GuidelineVersion> {
    let v = state.with(|ws| tsunagu::app::guideline::publish(ws, Source::Ui))?;
    notify_changed(&app, Changed::Guideline);
    notify_changed(&app, Changed::People);
    Ok(v)
}

/// Every published version, newest first.
#[tauri::command]
pub fn guideline_versions(state: State<'_, AppState>) -> IpcResult<Vec<GuidelineVersion>> {
    state.with(|ws| tsunagu::app::guideline::versions(ws))
}

/// Reads a term-list CSV (base64): its terms, or every bad line. Nothing is saved here.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TermsFile {
    /// The terms, when the file is good.
    pub terms: Vec<tsunagu::guideline::Term>,
    /// Every bad line, when it is not.
    pub errors: Vec<RowError>,
}

/// Reads a term-list CSV chosen in the file picker (base64 bytes).
#[tauri::command]
pub fn read_terms_csv(data: String) -> IpcResult<TermsFile> {
    let bytes = decode_file("file", &data)?;
    Ok(match tsunagu::guideline::csv::parse_terms(&bytes)? {
        Ok(terms) => TermsFile {
            terms,
            errors: Vec::new(),
        },
        Err(errors) => TermsFile {
            terms: Vec::new(),
            errors,
        },
    })
}

/// Writes the draft's term list as CSV to Downloads; returns the path.
#[tauri::command]
pub fn export_terms_csv(state: State<'_, AppState>) -> IpcResult<String> {
    state.with(|ws| {
        let csv =
            tsunagu::guideline::csv::write_terms(&tsunagu::app::guideline::draft(ws)?.rules.terms);
        write_export(ws, "tsunagu-terms", "csv", csv.as_bytes())
    })
}

/// Sends a post for review.
#[tauri::command]
pub fn submit_for_review(
    app: AppHandle,
    state: State<'_, AppState>,
    post: PostId,
) -> IpcResult<()> {
    state.with(|ws| tsunagu::app::review::submit_for_review(ws, post))?;
    notify_changed(&app, Changed::Posts);
    Ok(())
}

/// Approves a post with the checklist items ticked.
#[tauri::command]
pub fn approve_post(
    app: AppHandle,
    state: State<'_, AppState>,
    post: PostId,
    ticked: Vec<String>,
    comment: String,
) -> IpcResult<()> {
    let secrets = state.secrets.clone();
    state.write(&app, Changed::Posts, |ws| {
        tsunagu::app::review::approve_as_device(ws, secrets.as_ref(), post, &ticked, &comment)
    })
}

/// Sends a post back with a comment.
#[tauri::command]
pub fn request_changes(
    app: AppHandle,
    state: State<'_, AppState>,
    post: PostId,
    comment: String,
) -> IpcResult<()> {
    state.write(&app, Changed::Posts, |ws| {
        tsunagu::app::review::request_changes(ws, post, &comment)
    })
}

/// Posts waiting for review.
#[tauri::command]
pub fn review_queue(state: State<'_, AppState>) -> IpcResult<Vec<QueuedPost>> {
    state.with(|ws| tsunagu::app::review::review_queue(ws))
}

/// The audit log (all posts, or one).
#[tauri::command]
pub fn audit_log(state: State<'_, AppState>, post: Option<PostId>) -> IpcResult<Vec<ReviewEntry>> {
    state.with(|ws| tsunagu::app::review::audit_log(ws, post))
}

/// Writes the audit log as CSV to Downloads; returns the path.
#[tauri::command]
pub fn export_audit_csv(state: State<'_, AppState>) -> IpcResult<String> {
    state.with(|ws| {
        let csv = tsunagu::app::review::audit_csv(ws)?;
        write_export(ws, "tsunagu-audit", "csv", csv.as_bytes())
    })
}

/// Who uses this device.
#[tauri::command]
pub fn who_am_i(state: State<'_, AppState>) -> IpcResult<Option<PersonId>> {
    state.with(|ws| ws.me())
}

/// Records who uses this device, the first time (refused once someone has it).
#[tauri::command]
pub fn set_me(app: AppHandle, state: State<'_, AppState>, person: PersonId) -> IpcResult<()> {
    state.with(|ws| ws.set_me(Source::Ui, person))?;
    notify_changed(&app, Changed::Settings);
    Ok(())
}

/// Gives this computer to another person (recorded in the change log).
#[tauri::command]
pub fn hand_over_device(
    app: AppHandle,
    state: State<'_, AppState>,
    person: PersonId,
) -> IpcResult<()> {
    state.write(&app, Changed::Settings, |ws| {
        ws.hand_over_device(Source::Ui, person)
    })
}

/// The crisis pause, if one is on.
#[tauri::command]
pub fn crisis_state(state: State<'_, AppState>) -> IpcResult<Option<Crisis>> {
    state.with(|ws| tsunagu::app::crisis::crisis(ws))
}

/// Pauses every scheduled post; returns how many.
#[tauri::command]
pub fn crisis_pause(app: AppHandle, state: State<'_, AppState>) -> IpcResult<u32> {
    let n = state.with(|ws| tsunagu::app::crisis::pause(ws, Source::Ui))?;
    notify_changed(&app, Changed::Crisis);
    notify_changed(&app, Changed::Posts);
    Ok(n)
}

/// Ends the crisis pause (after confirmation); returns how many posts resumed.
#[tauri::command]
pub fn crisis_resume(
    app: AppHandle,
    state: State<'_, AppState>,
    confirmed: bool,
) -> IpcResult<u32> {
    let n = state.with(|ws| tsunagu::app::crisis::resume(ws, Source::Ui, confirmed))?;
    notify_changed(&app, Changed::Crisis);
    notify_changed(&app, Changed::Posts);
    Ok(n)
}

/// A guideline version's rules (to show an older version).
#[tauri::command]
pub fn guideline_rules(state: State<'_, AppState>, version: i64) -> IpcResult<GuidelineRules> {
    state.with(|ws| tsunagu::app::guideline::rules(ws, version))
}
