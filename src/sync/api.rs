//! The workspace's team commands: create a team, invite, join, admit, revoke, sync, and the
//! views of conflicts and quarantine.
//!
//! A device's signing key lives in the OS keychain under `sync-device/<team>/<device>`; the
//! database keeps only the public half. The lead's first log entry is the workspace as it is
//! when the team is made (not its whole history), so a device that joins later starts from
//! the same state with the columns of today's schema.

use super::engine::{self, locator, SyncReport};
use super::ops::{hex, unhex, Batch};
use super::seal::{KeyBook, Keys, SealedTransport};
use super::segment::{fingerprint, segment_name, write_segment, DeviceKey};
use super::state::{self, TeamState};
use super::team::{Invite, Member, Role, Roster, ROSTER_FILE};
use super::transport::Transport;
use super::Place;
use crate::error::{Error, Result};
use crate::ids::PersonId;
use crate::secrets::SecretStore;
use crate::workspace::InitOptions;
use crate::Workspace;
use std::collections::BTreeMap;

pub use super::status::{JoinView, MemberView, TeamStatus};

pub(super) fn key_name(team: &str, ws: &Workspace) -> String {
    format!("sync-device/{team}/{}", ws.device().as_string())
}

pub(crate) fn load_key(
    ws: &Workspace,
    secrets: &dyn SecretStore,
    st: &TeamState,
) -> Result<DeviceKey> {
    let missing = || {
        Error::invalid("team", "this device's team key is not in the keychain (was the keychain reset?). Ask the lead to remove this device and invite it again.")
    };
    let secret = secrets
        .get(&key_name(&st.team_id, ws))?
        .ok_or_else(missing)?;
    unhex::<32>(&secret)
        .map(|s| DeviceKey::from_secret(&s))
        .ok_or_else(missing)
}

pub(crate) fn new_key(ws: &Workspace, secrets: &dyn SecretStore, team: &str) -> Result<DeviceKey> {
    let key = DeviceKey::generate();
    secrets.set(&key_name(team, ws), &hex(&key.secret()))?;
    Ok(key)
}

/// A fingerprint as typed (any case, with or without dashes or spaces), reduced to its
/// letters and digits for comparing.
fn bare_fingerprint(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase()
}

pub(super) fn place_of(st: &TeamState) -> Result<Place> {
    serde_json::from_str(&st.transport).map_err(|_| Error::invalid("team", "the team's place is not readable here; set it again with `tsunagu team place --folder PATH`."))
}

/// This computer's name as people know it (the host name), for the roster.
pub(crate) fn device_name() -> String {
    ["HOSTNAME", "COMPUTERNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .chain(std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .find(|h| !h.is_empty())
        .unwrap_or_else(|| InitOptions::default().device_name)
}

pub(super) fn person_name(ws: &Workspace, id: &str) -> Option<String> {
    ws.store()
        .conn()
        .query_row("SELECT display_name FROM people WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .ok()
}

impl Workspace {
    pub(super) fn team(&self) -> Result<TeamState> {
        state::load(self.store().conn())?.ok_or_else(state::not_in_team)
    }

    fn lead_team(&self) -> Result<TeamState> {
        let st = self.team()?;
        if st.role != Role::Lead {
            return Err(Error::invalid(
                "team",
                "only the team lead's device can do this.",
            ));
        }
        Ok(st)
    }

    /// Makes this workspace the lead of a new team whose files live in `place`.
    pub fn team_create(&mut self, secrets: &dyn SecretStore, place: &Place) -> Result<TeamStatus> {
        crate::workspace::refuse_in_demo(self.store().conn(), "become a team")?;
        if state::load(self.store().conn())?.is_some() {
            return Err(Error::invalid(
                "team",
                "this workspace is already in a team. `tsunagu team status` shows which.",
            ));
        }
        let t = place.open(secrets, self.clock().now())?;
        let now = self.clock().now();
        let ms = u64::try_from(now.timestamp_millis()).unwrap_or(0);
        let team = uuid::Uuid::new_v4().to_string();
        let key = new_key(self, secrets, &team)?;
        let me = self.me()?.map(|p| p.as_string());
        let at = crate::clock::to_db_time(now);
        let roster = Roster {
            team: team.clone(),
            version: 1,
            lead_key: hex(&key.public()),
            members: vec![Member {
                key: hex(&key.public()),
                fingerprint: key.fingerprint(),
                device_name: device_name(),
                person_id: me.clone(),
                role: Role::Lead,
                admitted_at: at.clone(),
                revoked_through: None,
                revoked_at: None,
            }],
        };
        let conn = self.store().conn();
        let exported_seq: i64 =
            conn.query_row("SELECT coalesce(max(seq), 0) FROM changes", [], |r| {
                r.get(0)
            })?;
        let hlc = super::ops::hlc_tick(0, ms, 0);
        // Sealed from the first file: the key book's first epoch is the lead's alone until
        // someone is admitted, with an audience for the staff and for every person, so the
        // first entry already keeps each person's own data to them.
        let lead_hex = hex(&key.public());
        let mut book = KeyBook::new(&team, std::slice::from_ref(&lead_hex), &at)?;
        let people = super::audience::people_ids(conn)?;
        let readers = super::keybook::readers(&roster.members, &lead_hex);
        book.ensure_audiences(
            &Keys::new(Some(&book), &key, &key.public())?,
            &readers,
            &people,
        )?;
        let keys = Keys::new(Some(&book), &key, &key.public())?;
        let packed = super::audience::pack(
            &keys,
            super::audience::whole_state_with_audiences(conn, me.as_deref())?,
        )?;
        let batch = Batch {
            v: 1,
            schema: crate::store::SCHEMA_VERSION,
            seen: BTreeMap::new(),
            made_at: at.clone(),
            base: true,
            ops: packed.ops,
            plain_at: packed.plain_at,
            sealed: packed.sealed,
        };
        let (bytes, head) = write_segment(&key, (0, [0; 32]), &[(hlc, batch.encode()?)]);
        let place_json =
            serde_json::to_string(place).map_err(|e| Error::invalid("team", e.to_string()))?;
        let st = TeamState {
            team_id: team,
            role: Role::Lead,
            lead_key: key.public(),
            device_key: hex(&key.public()),
            person_id: me,
            transport: place_json,
            roster: Some(roster.clone()),
            roster_version: 1,
            exported_seq,
            sent_until: String::new(),
            log_seq: head.0,
            log_hash: head.1,
            hlc,
            outbox: Some((segment_name(&locator(&hex(&key.public())), 1, 1), bytes)),
            last_sync_at: None,
            last_sync_error: None,
        };
        state::create(conn, &st, &at)?;
        state::save_roster(conn, &roster)?;
        super::keybook::publish(conn, t.as_ref(), &key, &book)?;
        SealedTransport::new(t.as_ref(), &keys).put_head(ROSTER_FILE, &roster.sign(&key)?)?;
        self.sync_now(secrets)?;
        self.team_status()
    }

    /// The team role a person's laptop gets unless it is a lead's: reviewers and executives
    /// review from it, everyone else drafts as an ambassador.
    pub fn team_role_for(&self, person: PersonId) -> Result<Role> {
        self.team()?;
        Ok(
            match crate::roster::person(self.store().conn(), self.today()?, person)?
                .input
                .role
            {
                crate::model::Role::Reviewer | crate::model::Role::Executive => Role::Reviewer,
                _ => Role::Ambassador,
            },
        )
    }

    /// An invite code for `person` (lead only). Single use; admitted with `team admit`.
    pub fn team_invite(&mut self, person: PersonId, role: Role) -> Result<String> {
        let st = self.lead_team()?;
        crate::roster::person(self.store().conn(), self.today()?, person)?;
        let mut nonce = [0u8; 8];
        nonce.copy_from_slice(&uuid::Uuid::new_v4().as_bytes()[..8]);
        let at = crate::clock::to_db_time(self.clock().now());
        self.store().conn().execute(
            "INSERT INTO sync_invites (nonce, person_id, role, created_at) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![hex(&nonce), person.as_string(), role.as_str(), at],
        )?;
        let team = uuid::Uuid::parse_str(&st.team_id)
            .map_err(|_| Error::invalid("team", "the team id is damaged"))?;
        Ok(Invite {
            team,
            lead_key: st.lead_key,
            person: person.0,
            nonce,
            role,
        }
        .code())
    }

    /// Writes a new roster, after changing the key book with `rekey` (the lead): admission
    /// grants every epoch to the new device, revocation starts a new epoch without the revoked
    /// one. The book is written first, so the roster is sealed to the newest epoch.
    pub(super) fn publish_roster(
        &mut self,
        secrets: &dyn SecretStore,
        st: &TeamState,
        roster: &Roster,
        rekey: impl FnOnce(&mut KeyBook, &Keys) -> Result<()>,
    ) -> Result<()> {
        let key = load_key(self, secrets, st)?;
        let t = place_of(st)?.open(secrets, self.clock().now())?;
        let conn = self.store().conn();
        let mut book = state::keybook(conn)?;
        if let Some(b) = book.as_mut() {
            let keys = Keys::new(Some(b), &key, &st.lead_key)?;
            rekey(b, &keys)?;
            // The audiences follow the roster: a device admitted reads its person's history
            // (and the staff's, for a reviewer); a new epoch gets its own audience keys.
            let keys = Keys::new(Some(b), &key, &st.lead_key)?;
            let readers = super::keybook::readers(&roster.members, &hex(&st.lead_key));
            b.ensure_audiences(&keys, &readers, &super::audience::people_ids(conn)?)?;
            super::keybook::publish(conn, t.as_ref(), &key, b)?;
        }
        let keys = Keys::new(book.as_ref(), &key, &st.lead_key)?;
        SealedTransport::new(t.as_ref(), &keys).put_head(ROSTER_FILE, &roster.sign(&key)?)?;
        state::save_roster(conn, roster)
    }

    /// Admits the device whose fingerprint the joining screen shows (lead only).
    pub fn team_admit(
        &mut self,
        secrets: &dyn SecretStore,
        fingerprint_text: &str,
    ) -> Result<Member> {
        let st = self.lead_team()?;
        let wanted = bare_fingerprint(fingerprint_text);
        if let Some(m) = super::join::readmit(self, secrets, &st, &wanted)? {
            return Ok(m);
        }
        let raw = place_of(&st)?.open(secrets, self.clock().now())?;
        let keys = super::join::team_keys(self, secrets, &st)?;
        let t = SealedTransport::new(raw.as_ref(), &keys);
        let found = self.join_requests(&t, &st)?.into_iter().find(|(r, _)| {
            r.fingerprint()
                .is_some_and(|f| f.replace('-', "") == wanted)
        });
        let Some((req, invited)) = found else {
            return Err(Error::invalid("fingerprint", format!("no device with fingerprint {fingerprint_text} is waiting in {}. Check the fingerprint on the joining screen, and that the folder has finished syncing.", place_of(&st)?.describe())));
        };
        if !invited {
            return Err(Error::invalid("fingerprint", "that device's invite was not made here or was used already. Make a new invite with `tsunagu team invite --person ID`."));
        }
        let role: String = self.store().conn().query_row(
            "SELECT role FROM sync_invites WHERE nonce = ?1",
            [&req.nonce],
            |r| r.get(0),
        )?;
        let mut roster = st.roster.clone().ok_or_else(state::not_in_team)?;
        let member = Member {
            key: req.key.clone(),
            fingerprint: req.fingerprint().unwrap_or_default(),
            device_name: req.device_name.clone(),
            person_id: Some(req.person_id.clone()),
            role: Role::parse(&role).unwrap_or(Role::Ambassador),
            admitted_at: crate::clock::to_db_time(self.clock().now()),
            revoked_through: None,
            revoked_at: None,
        };
        roster.members.push(member.clone());
        roster.version += 1;
        self.publish_roster(secrets, &st, &roster, |book, keys| {
            book.grant_all(keys, &member.key)
        })?;
        self.store().conn().execute(
            "UPDATE sync_invites SET used_by = ?1 WHERE nonce = ?2",
            [&req.key, &req.nonce],
        )?;
        Ok(member)
    }

    /// Removes a device (lead only): what it sent until now stays, anything later is refused.
    pub fn team_revoke(
        &mut self,
        secrets: &dyn SecretStore,
        fingerprint_text: &str,
    ) -> Result<Member> {
        let st = self.lead_team()?;
        let wanted = bare_fingerprint(fingerprint_text);
        let mut roster = st.roster.clone().ok_or_else(state::not_in_team)?;
        let peers = state::peers(self.store().conn())?;
        let now = crate::clock::to_db_time(self.clock().now());
        let Some(m) = roster
            .members
            .iter_mut()
            .find(|m| m.fingerprint.replace('-', "") == wanted && m.key != st.device_key)
        else {
            return Err(Error::invalid("fingerprint", format!("no other device in the team has fingerprint {fingerprint_text}; `tsunagu team status` lists them.")));
        };
        if m.revoked_through.is_none() {
            m.revoked_through = Some(peers.get(&m.key).map_or(0, |h| h.0));
            m.revoked_at = Some(now);
        }
        let member = m.clone();
        roster.version += 1;
        let readers: Vec<String> = roster
            .members
            .iter()
            .filter(|m| m.revoked_through.is_none())
            .map(|m| m.key.clone())
            .collect();
        let now = crate::clock::to_db_time(self.clock().now());
        self.publish_roster(secrets, &st, &roster, |book, _| {
            book.new_epoch(&readers, &now)
        })?;
        Ok(member)
    }

    /// Where this device stands, without reading the shared place (no waiting devices).
    pub fn team_status(&self) -> Result<TeamStatus> {
        self.team_status_inner(None)
    }

    /// Where this device stands, with the devices waiting in the shared place (lead).
    pub fn team_status_with(&self, secrets: &dyn SecretStore) -> Result<TeamStatus> {
        self.team_status_inner(Some(secrets))
    }

    fn team_status_inner(&self, secrets: Option<&dyn SecretStore>) -> Result<TeamStatus> {
        let st = self.team()?;
        let place = place_of(&st)?;
        let peers = state::peers(self.store().conn())?;
        let roster = st.roster.clone();
        let book = state::keybook(self.store().conn())?;
        let members = roster
            .as_ref()
            .map(|r| {
                r.members
                    .iter()
                    .map(|m| MemberView {
                        person_name: m.person_id.as_deref().and_then(|p| person_name(self, p)),
                        applied: if m.key == st.device_key {
                            st.log_seq
                        } else {
                            peers.get(&m.key).map_or(0, |h| h.0)
                        },
                        is_me: m.key == st.device_key,
                        epochs: book
                            .as_ref()
                            .map(|b| b.readable_by(&m.key))
                            .unwrap_or_default(),
                        member: m.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let requests = match secrets {
            Some(secrets) if st.role == Role::Lead => place
                .open(secrets, self.clock().now())
                .and_then(|t| {
                    let keys = super::join::team_keys(self, secrets, &st)?;
                    self.join_requests(&SealedTransport::new(t.as_ref(), &keys), &st)
                })
                .unwrap_or_default()
                .into_iter()
                .map(|(r, invited)| JoinView {
                    fingerprint: r.fingerprint().unwrap_or_default(),
                    device_name: r.device_name.clone(),
                    person_name: person_name(self, &r.person_id),
                    person_id: r.person_id,
                    invited,
                })
                .collect(),
            _ => Vec::new(),
        };
        let quarantined: i64 =
            self.store()
                .conn()
                .query_row("SELECT count(*) FROM sync_quarantine", [], |r| r.get(0))?;
        let fp = unhex::<32>(&st.device_key)
            .map(|k| fingerprint(&k))
            .unwrap_or_default();
        let key_epoch = book.as_ref().map_or(0, KeyBook::current);
        Ok(TeamStatus {
            admitted: st.role == Role::Lead
                || (roster
                    .as_ref()
                    .and_then(|r| r.member(&st.device_key))
                    .is_some_and(|m| m.revoked_through.is_none())
                    && book
                        .as_ref()
                        .is_none_or(|b| b.readable_by(&st.device_key).contains(&b.current()))),
            key_epoch,
            team_id: st.team_id.clone(),
            role: st.role,
            fingerprint: fp,
            person_name: st.person_id.as_deref().and_then(|p| person_name(self, p)),
            person_id: st.person_id.clone(),
            place_text: place.describe(),
            place,
            members,
            requests,
            last_sync_at: st.last_sync_at.clone(),
            last_sync_error: state::stored_error(st.last_sync_error.as_deref()).1,
            last_sync_error_code: state::stored_error(st.last_sync_error.as_deref()).0,
            conflicts: state::conflict_count(self.store().conn())?,
            quarantined: u32::try_from(quarantined).unwrap_or(0),
        })
    }

    /// Points this device at the team's place where this computer sees it (a share mounted
    /// at another path, a moved cloud-drive folder). The new place must hold the team's files.
    pub fn set_team_place(
        &mut self,
        secrets: &dyn SecretStore,
        place: &Place,
    ) -> Result<TeamStatus> {
        let mut st = self.team()?;
        let t = place.open(secrets, self.clock().now())?;
        super::join::require_team_files(t.as_ref(), place, &st.lead_key)?;
        st.transport =
            serde_json::to_string(place).map_err(|e| Error::invalid("team", e.to_string()))?;
        state::save(self.store().conn(), &st)?;
        state::save_error(self.store().conn(), None)?;
        self.team_status_with(secrets)
    }

    /// Whether this workspace is in a team.
    pub fn in_team(&self) -> Result<bool> {
        Ok(state::load(self.store().conn())?.is_some())
    }

    /// One sync round. A failure is kept for the status line and returned.
    pub fn sync_now(&mut self, secrets: &dyn SecretStore) -> Result<SyncReport> {
        let st = self.team()?;
        let result = (|| {
            let key = load_key(self, secrets, &st)?;
            let t = place_of(&st)?.open(secrets, self.clock().now())?;
            engine::round(self, t.as_ref(), &key)
        })();
        if let Err(e) = &result {
            // Another round in progress is not this device's trouble: nothing to show.
            if e.code() != crate::error::ErrorCode::Busy {
                let stored =
                    serde_json::json!({ "code": e.code().as_str(), "message": e.to_string() });
                state::save_error(self.store().conn(), Some(&stored.to_string()))?;
            }
        }
        result
    }

    /// Runs a round against an explicit transport and key (simulations and tests).
    pub fn sync_with(&mut self, t: &dyn Transport, key: &DeviceKey) -> Result<SyncReport> {
        engine::round(self, t, key)
    }
}
