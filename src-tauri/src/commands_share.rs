//! IPC commands that carry the SNS work to people who never open the app: a department
//! manager's weekly digest (and later the briefing kit and the company chat). Each is a line
//! or two over the core.

use crate::commands_intake::IntakeState;
use crate::error::IpcResult;
use crate::state::AppState;
use tauri::State;
use tsunagu::clock::Week;
use tsunagu::kpi::report::ReportLanguage;

/// Writes the weekly digest of `department` for `week` (`YYYY-Www`) as `pdf` or `html` to
/// Downloads; returns the path.
#[tauri::command(async)]
pub fn export_digest(
    state: State<'_, AppState>,
    department: String,
    week: String,
    format: String,
    language: ReportLanguage,
) -> IpcResult<String> {
    state.with(|ws| {
        let w = Week::parse(&week)?;
        let digest = tsunagu::app::kpi::digest(ws, &department, w, language)?;
        let (bytes, ext) = match format.as_str() {
            "pdf" => (tsunagu::kpi::digest::render_pdf(&digest)?, "pdf"),
            "html" => (
                tsunagu::kpi::digest::render_html(&digest).into_bytes(),
                "html",
            ),
            other => {
                return Err(tsunagu::Error::invalid(
                    "format",
                    format!("\"{other}\" is not a digest format: choose PDF or HTML."),
                ))
            }
        };
        // The department's name is not put in the file name: it is data, never a path.
        crate::commands::write_export(ws, &format!("tsunagu-digest-{w}"), ext, &bytes)
    })
}

/// The open phone page's request code, if there is one: a kit handed to everyone carries a
/// request's code (the sender picks their name), never a personal one.
fn request_code(intake: &IntakeState) -> Option<tsunagu::briefing::PhonePage> {
    let slot = intake.0.lock().ok()?;
    let (session, _) = slot.as_ref()?;
    session
        .codes
        .iter()
        .find(|c| c.person.is_none() && c.request.is_some() && c.job.is_none())
        .map(|c| tsunagu::briefing::PhonePage {
            url: c.url.clone(),
            request: c.title.clone(),
        })
}

/// The request whose phone-page code the kit will carry, if any (the screen says so before
/// the kit is made).
#[tauri::command]
pub fn kit_code(intake: State<'_, IntakeState>) -> IpcResult<Option<String>> {
    Ok(request_code(&intake).map(|p| p.request))
}

/// Writes the briefing kit as an A4 `handout` or 16:9 `slides` (PDF) to Downloads; returns
/// the path.
#[tauri::command(async)]
pub fn export_kit(
    state: State<'_, AppState>,
    intake: State<'_, IntakeState>,
    format: String,
    language: ReportLanguage,
) -> IpcResult<String> {
    let phone = request_code(&intake);
    state.with(|ws| {
        let kit = tsunagu::app::briefing::kit(ws, language, phone)?;
        let bytes = match format.as_str() {
            "handout" => tsunagu::briefing::handout(&kit)?,
            "slides" => tsunagu::briefing::slides(&kit)?,
            other => {
                return Err(tsunagu::Error::invalid(
                    "format",
                    format!("\"{other}\" is not a kit format: choose the handout or the slides."),
                ))
            }
        };
        crate::commands::write_export(ws, &format!("tsunagu-kit-{format}"), "pdf", &bytes)
    })
}

/// The company chat set on this computer (which one and where; never the address or token).
#[tauri::command]
pub fn chat_settings(
    state: State<'_, AppState>,
) -> IpcResult<Option<tsunagu::app::chat::ChatSettings>> {
    let secrets = std::sync::Arc::clone(&state.secrets);
    state.with(|ws| tsunagu::app::chat::chat_settings(ws, secrets.as_ref()))
}

/// Sets the company chat (kept in the keychain), or forgets it with `None`.
#[tauri::command]
pub fn set_chat(
    state: State<'_, AppState>,
    input: Option<tsunagu::app::chat::ChatInput>,
) -> IpcResult<Option<tsunagu::app::chat::ChatSettings>> {
    let secrets = std::sync::Arc::clone(&state.secrets);
    state.with(|ws| tsunagu::app::chat::set_chat(ws, secrets.as_ref(), input.as_ref()))
}

/// The month's highlights (`YYYY-MM`) exactly as the chat would receive them.
#[tauri::command]
pub fn chat_preview(
    state: State<'_, AppState>,
    month: String,
    language: ReportLanguage,
) -> IpcResult<tsunagu::platforms::chat::ChatMessage> {
    state.with(|ws| {
        tsunagu::app::chat::chat_preview(ws, tsunagu::calendar::YearMonth::parse(&month)?, language)
    })
}

/// Sends the month's highlights to the company chat.
#[tauri::command(async)]
pub fn send_to_chat(
    state: State<'_, AppState>,
    month: String,
    language: ReportLanguage,
) -> IpcResult<tsunagu::platforms::chat::ChatKind> {
    crate::commands_publish::blocking(|| {
        let ws = state.open_own()?;
        let m = tsunagu::calendar::YearMonth::parse(&month)?;
        Ok(tsunagu::app::chat::send_to_chat(
            &ws,
            state.secrets.as_ref(),
            m,
            language,
        )?)
    })
}
