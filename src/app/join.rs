//! Joining a team: a new workspace made from the team's data, or the workspace in the app's
//! folder replaced (kept aside, renamed). It makes a workspace and runs a sync round, so it
//! belongs to the app layer above both.

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::ids::{IdSource, PersonId};
use crate::secrets::SecretStore;
use crate::store::Source;
use crate::sync::api::{device_name, new_key};
use crate::sync::engine;
use crate::sync::ops::hex;
use crate::sync::seal::{Keys, SealedTransport};
use crate::sync::state::{self, TeamState};
use crate::sync::team::{Invite, JoinRequest, Role};
use crate::sync::transport::Transport as _;
use crate::sync::Place;
use crate::workspace::InitOptions;
use crate::Workspace;
use std::path::Path;
use std::sync::Arc;

impl Workspace {
    /// Joins a team with an invite code: makes the workspace in `dir` (which must not hold
    /// one yet), receives the lead's data, and leaves a join request for the lead to admit.
    /// Returns the workspace; its fingerprint is in [`Workspace::team_status`].
    pub fn join_team(
        dir: &Path,
        code: &str,
        place: &Place,
        secrets: &dyn SecretStore,
        clock: Arc<dyn Clock>,
        ids: Arc<dyn IdSource>,
    ) -> Result<Workspace> {
        if Workspace::exists(dir) {
            return Err(Error::invalid("workspace", format!("{} already holds a workspace. Join into a new, empty folder (it is created for you).", dir.display())));
        }
        let (invite, t) = checked_invite(code, place, secrets, clock.as_ref())?;
        let init = InitOptions {
            bare: true,
            ..InitOptions::default()
        };
        let mut ws = Workspace::create(dir, clock, ids, &init)?;
        let team = invite.team.to_string();
        let key = new_key(&ws, secrets, &team)?;
        let at = crate::clock::to_db_time(ws.clock().now());
        let st = TeamState {
            team_id: team.clone(),
            role: invite.role,
            lead_key: invite.lead_key,
            device_key: hex(&key.public()),
            person_id: Some(invite.person.to_string()),
            transport: serde_json::to_string(place)
                .map_err(|e| Error::invalid("team", e.to_string()))?,
            roster: None,
            roster_version: 0,
            exported_seq: 0,
            sent_until: String::new(),
            log_seq: 0,
            log_hash: [0; 32],
            hlc: 0,
            outbox: None,
            last_sync_at: None,
            last_sync_error: None,
        };
        state::create(ws.store().conn(), &st, &at)?;
        engine::round(&mut ws, t.as_ref(), &key)?;
        let person = PersonId(invite.person);
        let book = state::keybook(ws.store().conn())?;
        if book.is_none() {
            // A team from an earlier version sends its data before admission: the person
            // invited must be on it.
            crate::roster::person(ws.store().conn(), ws.today()?, person).map_err(|_| Error::invalid("invite code", "the person this code was made for is not on the team's roster; ask the lead for a new code."))?;
            let device = ws.device();
            let ctx = ws.ctx(Some(person), Source::System);
            ws.store_mut().write(&ctx, |w| {
                w.update(
                    "devices",
                    &[("id", crate::store::write::val::text(device.as_string()))],
                    &[(
                        "person_id",
                        crate::store::write::val::text(person.as_string()),
                    )],
                )
            })?;
        }
        // A sealed team sends nothing before the lead admits this device; the device row
        // names its person once the data has arrived (in the round that receives it). Until
        // then the window needs a workspace row: a local stand-in, never sent (nothing written
        // while joining travels) and removed when the team's own row arrives.
        if book.is_some() {
            let ctx = ws.ctx(None, Source::System);
            let now = at.clone();
            ws.store_mut().write(&ctx, |w| {
                use crate::store::write::val;
                w.insert(
                    "workspace",
                    &[("id", val::text(crate::sync::PLACEHOLDER_WORKSPACE))],
                    &[
                        ("name", val::text(String::new())),
                        ("time_zone", val::text(InitOptions::default().time_zone)),
                        (
                            "language",
                            val::text(InitOptions::default().language.as_str()),
                        ),
                        ("setup_done", val::int(1)),
                        ("created_at", val::text(now.clone())),
                        ("updated_at", val::text(now)),
                    ],
                )
            })?;
        }
        // Nothing written while joining travels: the device row stays here.
        let upto: i64 =
            ws.store()
                .conn()
                .query_row("SELECT coalesce(max(seq), 0) FROM changes", [], |r| {
                    r.get(0)
                })?;
        ws.store().conn().execute(
            "UPDATE sync_team SET exported_seq = ?1 WHERE id = 1",
            [upto],
        )?;
        if invite.role != Role::Lead {
            ws.ambassador = Some(person);
        }
        let request = JoinRequest {
            team,
            nonce: hex(&invite.nonce),
            person_id: person.as_string(),
            key: hex(&key.public()),
            device_name: device_name(),
        };
        // Sealed to the lead: nobody else reads who asked to join.
        let keys = Keys::new(book.as_ref(), &key, &invite.lead_key)?;
        SealedTransport::new(t.as_ref(), &keys).put_immutable(
            &JoinRequest::file_name(&key.fingerprint()),
            &request.sign(&key)?,
        )?;
        Ok(ws)
    }

    /// Joins a team in the folder of an existing workspace (a fresh install holds the demo):
    /// checks the code and the place first, so a mistake changes nothing; then sets the
    /// current database and its backups aside in the same folder (renamed with the time, never
    /// deleted) and joins there. If joining fails after that, the old database is put back.
    pub fn join_team_replacing(
        dir: &Path,
        code: &str,
        place: &Place,
        secrets: &dyn SecretStore,
        clock: Arc<dyn Clock>,
        ids: Arc<dyn IdSource>,
    ) -> Result<Workspace> {
        checked_invite(code, place, secrets, clock.as_ref())?;
        let stamp = clock.now().format("%Y%m%dT%H%M%SZ").to_string();
        let mut moved = Vec::new();
        for name in [
            crate::workspace::DB_FILE.to_string(),
            format!("{}-wal", crate::workspace::DB_FILE),
            format!("{}-shm", crate::workspace::DB_FILE),
            "backups".to_string(),
        ] {
            let from = dir.join(&name);
            if from.exists() {
                let to = dir.join(format!("{name}.before-team-{stamp}"));
                std::fs::rename(&from, &to).map_err(|e| Error::io("rename", &from, e))?;
                moved.push((from, to));
            }
        }
        match Workspace::join_team(dir, code, place, secrets, clock, ids) {
            Ok(ws) => Ok(ws),
            Err(e) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(
                        dir.join(format!("{}{suffix}", crate::workspace::DB_FILE)),
                    );
                }
                for (from, to) in moved {
                    let _ = std::fs::rename(&to, &from);
                }
                Err(e)
            }
        }
    }
}

/// The invite read and the place opened and checked to hold the team's files: what joining
/// needs before it changes anything.
fn checked_invite(
    code: &str,
    place: &Place,
    secrets: &dyn SecretStore,
    clock: &dyn Clock,
) -> Result<(Invite, Box<dyn crate::sync::transport::Transport>)> {
    let invite = Invite::parse(code)?;
    let t = place.open(secrets, clock.now())?;
    crate::sync::join::require_team_files(t.as_ref(), place, &invite.lead_key)?;
    Ok((invite, t))
}
