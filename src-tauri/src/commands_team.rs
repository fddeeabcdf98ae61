//! IPC commands for team sync. Same rules as `commands.rs`. A round reads and writes the shared
//! folder, which may be a slow network share, so it runs on a thread of its own on the
//! scheduler's own connection; the window stays responsive and its writes wait for the round's
//! short transaction.

use crate::commands_publish::blocking;
use crate::error::IpcResult;
use crate::events::{notify_changed, Changed};
use crate::state::AppState;
use tauri::{AppHandle, State};
use tsunagu::ids::PersonId;
use tsunagu::store::Source;
use tsunagu::sync::api::TeamStatus;
use tsunagu::sync::engine::SyncReport;
use tsunagu::sync::team::{Member as TeamMember, Role};
use tsunagu::sync::views::{Conflict, Quarantined};
use tsunagu::sync::Place;

/// Where the team's files are, as the Team screen's form gives it: the place itself and, for
/// S3 or WebDAV, its secret (secret key or password), which travels with the form once and
/// goes to the keychain only.
#[derive(Debug, Clone, serde::Deserialize, ts_rs::TS)]
pub struct PlaceInput {
    /// The place.
    #[serde(flatten)]
    pub place: Place,
    /// The S3 secret key or the WebDAV password; `null` for a folder.
    pub secret: Option<String>,
}

/// The place the form describes, validated, with its secret put in the keychain. Nothing is
/// kept when the place is refused (an `http://` address to another machine, say).
fn place_from(state: &AppState, input: PlaceInput) -> IpcResult<Place> {
    let place = input.place.tidied();
    let secret = match place {
        Place::Folder { .. } => None,
        _ => Some(input.secret.unwrap_or_default()),
    };
    place.validate()?;
    if let Some(secret) = secret {
        if secret.is_empty() {
            return Err(tsunagu::Error::invalid(
                "secret",
                "give the password or secret key of the team's server",
            )
            .into());
        }
        state.secrets.set(&place.secret_name(), &secret)?;
    }
    Ok(place)
}

/// Where this device stands in its team; `null` when it is in none.
#[tauri::command]
pub fn team_status(state: State<'_, AppState>) -> IpcResult<Option<TeamStatus>> {
    let secrets = std::sync::Arc::clone(&state.secrets);
    state.with(|ws| {
        if ws.in_team()? {
            ws.team_status_with(secrets.as_ref()).map(Some)
        } else {
            Ok(None)
        }
    })
}

/// Makes this workspace the lead of a new team at `place`.
#[tauri::command(async)]
pub fn team_create(
    app: AppHandle,
    state: State<'_, AppState>,
    place: PlaceInput,
) -> IpcResult<TeamStatus> {
    let secrets = std::sync::Arc::clone(&state.secrets);
    let place = place_from(&state, place)?;
    let st = blocking(|| state.with(|ws| ws.team_create(secrets.as_ref(), &place)))?;
    notify_changed(&app, Changed::Team);
    Ok(st)
}

/// Joins a team with an invite code from the lead, at `place`: this computer's
/// workspace is set aside (kept in its folder) and the team's opens in its place.
#[tauri::command(async)]
pub fn team_join(
    app: AppHandle,
    state: State<'_, AppState>,
    code: String,
    place: PlaceInput,
) -> IpcResult<TeamStatus> {
    let secrets = std::sync::Arc::clone(&state.secrets);
    let place = place_from(&state, place)?;
    blocking(|| state.join_team(&code, &place))?;
    state.write(&app, Changed::Workspace, |ws| {
        ws.team_status_with(secrets.as_ref())
    })
}

/// Where this computer reaches the team's files, if they moved (or the password changed).
#[tauri::command(async)]
pub fn team_set_place(
    app: AppHandle,
    state: State<'_, AppState>,
    place: PlaceInput,
) -> IpcResult<TeamStatus> {
    let secrets = std::sync::Arc::clone(&state.secrets);
    let place = place_from(&state, place)?;
    let st = blocking(|| state.with(|ws| ws.set_team_place(secrets.as_ref(), &place)))?;
    notify_changed(&app, Changed::Team);
    Ok(st)
}

/// A one-time invite code for a person's laptop.
#[tauri::command]
pub fn team_invite(state: State<'_, AppState>, person: PersonId, lead: bool) -> IpcResult<String> {
    state.with(|ws| {
        let role = if lead {
            Role::Lead
        } else {
            ws.team_role_for(person)?
        };
        ws.team_invite(person, role)
    })
}

/// Admits a waiting device by its fingerprint.
#[tauri::command(async)]
pub fn team_admit(
    app: AppHandle,
    state: State<'_, AppState>,
    fingerprint: String,
) -> IpcResult<TeamMember> {
    let secrets = std::sync::Arc::clone(&state.secrets);
    let m = blocking(|| state.with(|ws| ws.team_admit(secrets.as_ref(), &fingerprint)))?;
    notify_changed(&app, Changed::Team);
    Ok(m)
}

/// Removes a device from the team.
#[tauri::command(async)]
pub fn team_revoke(
    app: AppHandle,
    state: State<'_, AppState>,
    fingerprint: String,
) -> IpcResult<TeamMember> {
    let secrets = std::sync::Arc::clone(&state.secrets);
    let m = blocking(|| state.with(|ws| ws.team_revoke(secrets.as_ref(), &fingerprint)))?;
    notify_changed(&app, Changed::Team);
    Ok(m)
}

/// One sync round now.
#[tauri::command(async)]
pub fn sync_now(app: AppHandle, state: State<'_, AppState>) -> IpcResult<SyncReport> {
    let secrets = std::sync::Arc::clone(&state.secrets);
    let r = blocking(|| {
        let mut ws = state.open_own()?;
        ws.sync_now(secrets.as_ref())
            .map_err(crate::error::IpcError::from)
    });
    notify_changed(&app, Changed::Team);
    if r.as_ref().is_ok_and(|r| r.applied > 0) {
        notify_changed(&app, Changed::Posts);
    }
    r
}

/// Fields two devices changed without seeing each other's change.
#[tauri::command]
pub fn sync_conflicts(state: State<'_, AppState>) -> IpcResult<Vec<Conflict>> {
    state.with(|ws| ws.sync_conflicts())
}

/// Settles a conflict with `value` (JSON text: one of the versions, or a merge).
#[tauri::command]
pub fn resolve_conflict(
    app: AppHandle,
    state: State<'_, AppState>,
    entity: String,
    entity_id: String,
    field: String,
    value: String,
) -> IpcResult<()> {
    let value: serde_json::Value =
        serde_json::from_str(&value).unwrap_or(serde_json::Value::String(value));
    state.with(|ws| ws.resolve_conflict(Source::Ui, &entity, &entity_id, &field, &value))?;
    notify_changed(&app, Changed::Team);
    notify_changed(&app, Changed::Posts);
    Ok(())
}

/// Changes refused and kept aside.
#[tauri::command]
pub fn sync_quarantine(state: State<'_, AppState>) -> IpcResult<Vec<Quarantined>> {
    state.with(|ws| ws.sync_quarantine())
}
