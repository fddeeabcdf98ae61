//! IPC commands for material from the floor: the phone page (open, status, codes, revoke,
//! the printable sheet, close) and the watched folder (set, look now, the unassigned files,
//! assign, put aside). The listener and the folder's rules are in `tsunagu::intake`; this
//! shell keeps the one open session and gives the listener a door to the window's workspace.

use crate::error::{IpcError, IpcResult};
use crate::events::{notify_changed, Changed};
use crate::state::AppState;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tauri::{AppHandle, Manager, State};
use tsunagu::ids::{PersonId, RowId};
use tsunagu::intake::folder::{FolderFile, ScanReport};
use tsunagu::intake::server::Options;
use tsunagu::intake::session::{self, IntakeStatus, Session};
use tsunagu::intake::{Door, Receipt};
use tsunagu::model::Appearance;
use tsunagu::store::Source;
use tsunagu::Workspace;

/// The open intake, if any, and whether its codes outlive it (a printed sheet); and the day the
/// lead last closed it, so it does not open again by itself that day.
#[derive(Default)]
pub struct IntakeState(
    pub(crate) Mutex<Option<(Session, bool)>>,
    Mutex<Option<chrono::NaiveDate>>,
);

/// The listener's way to the window's workspace; what arrives is announced to the window.
struct AppDoor(AppHandle);

impl Door for AppDoor {
    fn with_workspace(
        &self,
        f: &mut dyn FnMut(&mut Workspace) -> tsunagu::Result<()>,
    ) -> tsunagu::Result<()> {
        let state = self.0.state::<AppState>();
        state
            .with(|ws| f(ws))
            .map_err(|e| tsunagu::Error::Unreachable(e.message))
    }

    fn received(&self, _receipt: &Receipt) {
        notify_changed(&self.0, Changed::Requests);
    }
}

fn poisoned() -> IpcError {
    IpcError::from(tsunagu::Error::Unreachable(
        "An earlier operation crashed; restart Tsunagu.".into(),
    ))
}

/// This computer's addresses the phone page can listen on (its network address first).
#[tauri::command]
pub fn intake_addresses() -> Vec<String> {
    tsunagu::intake::server::local_addresses()
        .into_iter()
        .map(|a| a.to_string())
        .collect()
}

/// Opens the phone page on `bind`:`port` for `minutes`, with codes for everyone (or for one
/// request's people); codes live `code_days` days when given (for a printed sheet).
#[tauri::command(async)]
pub fn intake_open(
    app: AppHandle,
    intake: State<'_, IntakeState>,
    bind: String,
    port: u16,
    minutes: u32,
    request: Option<RowId>,
    code_days: Option<u32>,
) -> IpcResult<IntakeStatus> {
    let bind: IpAddr = bind.trim().parse().map_err(|_| {
        IpcError::from(tsunagu::Error::invalid(
            "bind",
            format!("\"{bind}\" is not an IP address; choose one of this computer's addresses."),
        ))
    })?;
    let mut slot = intake.0.lock().map_err(|_| poisoned())?;
    if let Some((old, _)) = slot.take() {
        old.intake.close();
    }
    let door: Arc<dyn Door> = Arc::new(AppDoor(app.clone()));
    let s = session::open(
        door,
        Options {
            bind,
            port,
            open_for: Duration::from_secs(u64::from(minutes) * 60),
        },
        request,
        code_days,
    )
    .map_err(IpcError::from)?;
    let status = s.status();
    *slot = Some((s, code_days.is_some()));
    drop(slot);
    notify_changed(&app, Changed::Requests);
    Ok(status)
}

/// The open intake, or nothing once it closed (by the lead or by its time).
#[tauri::command]
pub fn intake_status(intake: State<'_, IntakeState>) -> IpcResult<Option<IntakeStatus>> {
    let mut slot = intake.0.lock().map_err(|_| poisoned())?;
    if slot.as_ref().is_some_and(|(s, _)| !s.intake.is_open()) {
        if let Some((s, _)) = slot.take() {
            s.intake.wait();
        }
    }
    Ok(slot.as_ref().map(|(s, _)| s.status()))
}

/// Closes the phone page now; its codes end with it unless they were made for a sheet.
#[tauri::command(async)]
pub fn intake_close(
    app: AppHandle,
    state: State<'_, AppState>,
    intake: State<'_, IntakeState>,
) -> IpcResult<()> {
    let taken = intake.0.lock().map_err(|_| poisoned())?.take();
    if let Ok(today) = state.with(|ws| ws.today()) {
        if let Ok(mut closed) = intake.1.lock() {
            *closed = Some(today);
        }
    }
    if let Some((s, long_lived)) = taken {
        let ids: Vec<RowId> = s.codes.iter().map(|c| c.token_id).collect();
        s.intake.close();
        if !long_lived {
            state.with(|ws| {
                for id in &ids {
                    session::revoke(ws, Source::Ui, *id)?;
                }
                Ok(())
            })?;
        }
    }
    notify_changed(&app, Changed::Requests);
    Ok(())
}

/// Revokes one code at once (a lost phone, a code shown to the wrong person).
#[tauri::command]
pub fn intake_revoke(
    app: AppHandle,
    state: State<'_, AppState>,
    intake: State<'_, IntakeState>,
    token: RowId,
) -> IpcResult<()> {
    state.with(|ws| session::revoke(ws, Source::Ui, token))?;
    if let Some((s, _)) = intake.0.lock().map_err(|_| poisoned())?.as_mut() {
        s.codes.retain(|c| c.token_id != token);
    }
    notify_changed(&app, Changed::Requests);
    Ok(())
}

/// Writes the sheet of the open intake's codes (PDF) to Downloads; returns the path.
#[tauri::command(async)]
pub fn intake_sheet(
    state: State<'_, AppState>,
    intake: State<'_, IntakeState>,
) -> IpcResult<String> {
    let slot = intake.0.lock().map_err(|_| poisoned())?;
    let Some((s, _)) = slot.as_ref() else {
        return Err(IpcError::from(tsunagu::Error::invalid(
            "intake",
            "Open the phone page first; the sheet carries its codes.",
        )));
    };
    state.with(|ws| {
        let pdf = session::sheet(ws, s)?;
        crate::commands::write_export(ws, "tsunagu-qr-sheet", "pdf", &pdf)
    })
}

/// The watched folder of this computer, if set.
#[tauri::command]
pub fn watch_folder(state: State<'_, AppState>) -> IpcResult<Option<String>> {
    state.with(|ws| {
        Ok(tsunagu::intake::folder::watched(ws)?.map(|p| p.to_string_lossy().into_owned()))
    })
}

/// Sets (or clears, with `None`) the watched folder, and looks at it at once.
#[tauri::command]
pub fn set_watch_folder(
    app: AppHandle,
    state: State<'_, AppState>,
    folder: Option<String>,
) -> IpcResult<Option<ScanReport>> {
    let dir = folder.filter(|f| !f.trim().is_empty()).map(PathBuf::from);
    let report = state.with(|ws| {
        tsunagu::intake::folder::set_watched(ws, Source::Ui, dir.as_deref())?;
        dir.as_deref()
            .map(|d| tsunagu::intake::folder::scan(ws, d))
            .transpose()
    })?;
    notify_changed(&app, Changed::Requests);
    Ok(report)
}

/// Files from the watched folder waiting for their giver.
#[tauri::command]
pub fn folder_files(state: State<'_, AppState>) -> IpcResult<Vec<FolderFile>> {
    state.with(|ws| tsunagu::intake::folder::unassigned(ws))
}

/// Assigns a file from the folder to its giver and request; returns the material.
#[tauri::command]
pub fn assign_folder_file(
    app: AppHandle,
    state: State<'_, AppState>,
    file: RowId,
    person: PersonId,
    request: Option<RowId>,
    appearance: Appearance,
) -> IpcResult<String> {
    let id = state.with(|ws| {
        tsunagu::intake::folder::assign(ws, Source::Ui, file, person, request, appearance)
    })?;
    notify_changed(&app, Changed::Requests);
    Ok(id.as_string())
}

/// Puts a file from the folder aside (not material).
#[tauri::command]
pub fn dismiss_folder_file(
    app: AppHandle,
    state: State<'_, AppState>,
    file: RowId,
) -> IpcResult<()> {
    state.with(|ws| tsunagu::intake::folder::dismiss(ws, Source::Ui, file))?;
    notify_changed(&app, Changed::Requests);
    Ok(())
}

/// How often the watched folder is looked at: `TSUNAGU_WATCH_INTERVAL_SECS` (1–600) for
/// tests, else every 5 seconds.
fn watch_interval() -> Duration {
    std::env::var("TSUNAGU_WATCH_INTERVAL_SECS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| (1..=600).contains(s))
        .map_or(Duration::from_secs(5), Duration::from_secs)
}

/// Whether the app opens the phone page by itself while a request is open, and where.
#[tauri::command]
pub fn auto_intake(state: State<'_, AppState>) -> IpcResult<tsunagu::intake::auto::AutoIntake> {
    state.with(|ws| tsunagu::intake::auto::settings(ws))
}

/// Changes that setting (the address must be this computer's private or loopback one).
#[tauri::command]
pub fn set_auto_intake(
    app: AppHandle,
    state: State<'_, AppState>,
    setting: tsunagu::intake::auto::AutoIntake,
) -> IpcResult<()> {
    state.with(|ws| tsunagu::intake::auto::set(ws, Source::Ui, &setting))?;
    notify_changed(&app, Changed::Requests);
    Ok(())
}

/// Opens the phone page by itself when it is due (a request open, within the hours) and the
/// lead has not closed it today.
fn auto_open(app: &AppHandle) {
    let state = app.state::<AppState>();
    let intake = app.state::<IntakeState>();
    let Ok(Some((opts, today))) =
        state.with(|ws| Ok(tsunagu::intake::auto::due(ws)?.map(|o| (o, ws.today()))))
    else {
        return;
    };
    let Ok(today) = today else { return };
    if intake.1.lock().map(|c| *c == Some(today)).unwrap_or(true) {
        return;
    }
    let Ok(mut slot) = intake.0.lock() else {
        return;
    };
    if slot.as_ref().is_some_and(|(s, _)| s.intake.is_open()) {
        return;
    }
    if let Some((old, _)) = slot.take() {
        old.intake.wait();
    }
    let door: Arc<dyn Door> = Arc::new(AppDoor(app.clone()));
    if let Ok(s) = session::open(door, opts, None, None) {
        *slot = Some((s, false));
        drop(slot);
        notify_changed(app, Changed::Requests);
    }
}

/// Looks at the watched folder at start (what arrived while Tsunagu was closed) and then
/// every few seconds; the window is told when something new arrived. The same round opens the
/// phone page by itself when that is set and due.
pub fn start_watching(app: AppHandle) {
    let every = watch_interval();
    std::thread::spawn(move || loop {
        auto_open(&app);
        let state = app.state::<AppState>();
        let report = state.with(|ws| match tsunagu::intake::folder::watched(ws)? {
            Some(dir) if dir.is_dir() => tsunagu::intake::folder::scan(ws, &dir).map(Some),
            _ => Ok(None),
        });
        if let Ok(Some(r)) = report {
            if r.imported + r.problems > 0 {
                notify_changed(&app, Changed::Requests);
            }
        }
        std::thread::sleep(every);
    });
}

/// Approved posts' jobs that have not gone out: what can be handed to someone to post by hand.
#[tauri::command]
pub fn handoff_candidates(
    state: State<'_, AppState>,
) -> IpcResult<Vec<tsunagu::publish::handoff::Candidate>> {
    state.with(|ws| tsunagu::publish::handoff::candidates(ws))
}

/// Hands a job to someone to post by hand: the publisher leaves it alone, and the open phone
/// page shows the approved post under a new code, which is returned.
#[tauri::command]
pub fn intake_handoff(
    app: AppHandle,
    state: State<'_, AppState>,
    intake: State<'_, IntakeState>,
    job: RowId,
) -> IpcResult<tsunagu::intake::session::Code> {
    let mut slot = intake.0.lock().map_err(|_| poisoned())?;
    let Some((s, _)) = slot.as_mut() else {
        return Err(IpcError::from(tsunagu::Error::invalid(
            "intake",
            "Open the phone page first; the post is shown there.",
        )));
    };
    let code = state.with(|ws| s.hand_off(ws, Source::Ui, job))?;
    drop(slot);
    notify_changed(&app, Changed::Posts);
    Ok(code)
}

/// Takes a handoff back: the publisher may send the post again; its codes stop.
#[tauri::command]
pub fn handoff_take_back(
    app: AppHandle,
    state: State<'_, AppState>,
    intake: State<'_, IntakeState>,
    job: RowId,
) -> IpcResult<()> {
    let mut slot = intake.0.lock().map_err(|_| poisoned())?;
    let codes: Vec<RowId> = slot
        .as_ref()
        .map(|(s, _)| {
            s.codes
                .iter()
                .filter(|c| c.job == Some(job))
                .map(|c| c.token_id)
                .collect()
        })
        .unwrap_or_default();
    state.with(|ws| {
        for c in &codes {
            session::revoke(ws, Source::Ui, *c)?;
        }
        tsunagu::publish::handoff::take_back(ws, Source::Ui, job)
    })?;
    if let Some((s, _)) = slot.as_mut() {
        s.codes.retain(|c| c.job != Some(job));
    }
    drop(slot);
    notify_changed(&app, Changed::Posts);
    Ok(())
}
