//! One sync round: send this device's changes, receive everyone else's.
//!
//! 1. What sat in the outbox from a round whose upload failed is uploaded first.
//! 2. The roster is read and verified against the lead's key.
//! 3. Every admitted device's new segments are read and verified (signature, checksum, chain);
//!    this device's own segments beyond its head mean it was restored from a backup, and they
//!    are taken back before anything new is numbered.
//! 4. In one exclusive transaction: the local changes since the last round become the next
//!    entry of this device's log (kept in the outbox), then received batches are applied in
//!    causal order (a batch waits until everything it had seen is applied here; a missing
//!    segment stops that device's log, never skipped).
//! 5. The outbox is uploaded and this device's head hint updated.
//!
//! Nothing from the shared place is applied unless it verifies, and what is refused is kept
//! in quarantine with the reason.

use super::apply::{self, Author, Columns, Version};
use super::causal::apply_causally;
use super::ops::{hex, unhex, Batch};
use super::receive::read_log;
use super::seal::{seal_plain_files, Keys, SealedTransport};
use super::segment::{fingerprint, DeviceKey, Head};
use super::state;
use super::team::{Role, Roster, ROSTER_FILE};
use super::transport::Transport;
use crate::error::{Error, Result};
use crate::store::Source;
use crate::Workspace;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use ts_rs::TS;

/// What one round did.
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct SyncReport {
    /// This device's changes sent in this round.
    pub sent: u32,
    /// Other devices' changes applied.
    pub applied: u32,
    /// Changes refused (now in quarantine).
    pub quarantined: u32,
    /// Fields with versions side by side, after the round.
    pub conflicts: u32,
    /// Devices whose log is waiting for a missing or damaged segment.
    pub waiting: Vec<String>,
    /// Whether this device is admitted yet (an ambassador's changes wait until it is).
    pub admitted: bool,
    /// When the round ended (RFC 3339).
    pub at: String,
}

/// The short name of a device in the shared place: its fingerprint without dashes.
pub fn locator(key_hex: &str) -> String {
    unhex::<32>(key_hex).map_or_else(
        || "unknown".into(),
        |k| fingerprint(&k).replace('-', "").to_ascii_lowercase(),
    )
}

/// Holds the sync lock for something that must not overlap a round (a round itself, an app
/// update being installed). Refused with [`Error::Busy`] while a round runs.
pub fn hold_sync(dir: &std::path::Path) -> Result<crate::lockfile::Held> {
    crate::lockfile::try_take(dir, "sync.lock", Error::Busy("running a sync round"))
}

/// Runs one round against `t` with this device's key.
pub fn round(ws: &mut Workspace, t: &dyn Transport, key: &DeviceKey) -> Result<SyncReport> {
    // One round at a time per workspace, across the window, the tray and `tsunagu sync` from
    // cron: two rounds at once would both number their next segment from the same sequence
    // and fork this device's own log.
    let _lock = hold_sync(ws.dir())?;
    let mut st = state::load(ws.store().conn())?.ok_or_else(state::not_in_team)?;
    if st.device_key != hex(&key.public()) {
        return Err(Error::invalid("sync", "the device key in the keychain is not this workspace's. Join the team again from this device."));
    }
    // What the shared place holds that is refused: shown in the quarantine with its reason.
    let mut refused: Vec<(String, u64, String)> = Vec::new();
    // Everything below reads and writes through the team's keys: sealed on the way out,
    // opened on the way in, unreadable where this device holds no key.
    let started = crate::clock::to_db_time(ws.clock().now());
    let (book, made) =
        super::keybook::refresh(ws.store().conn(), t, &st, key, &started, &mut refused)?;
    let keys = Keys::new(book.as_ref(), key, &st.lead_key)?;
    let sealed = SealedTransport::new(t, &keys);
    let t: &dyn Transport = &sealed;
    if made {
        // A team from an earlier version: everything it left in plain text is sealed now.
        seal_plain_files(&sealed)?;
    }
    if let Some(why) = super::send::flush_outbox(ws, &sealed, &mut st, key, false)? {
        refused.push((locator(&st.device_key), st.log_seq, why));
    }

    // The roster. One that does not verify (junk, a forgery, a half-written copy) is refused
    // and the round goes on with the roster kept here; the lead puts its own back.
    match t.get(ROSTER_FILE) {
        Ok(bytes) => match Roster::verify(&bytes, &st.lead_key, &st.team_id) {
            Ok(r) => {
                if r.version > st.roster_version {
                    state::save_roster(ws.store().conn(), &r)?;
                    st.roster_version = r.version;
                    st.roster = Some(r);
                }
            }
            Err(why) => {
                if st.role == Role::Lead {
                    if let Some(r) = &st.roster {
                        t.put_head(ROSTER_FILE, &r.sign(key)?)?;
                    }
                }
                refused.push((
                    ROSTER_FILE.to_string(),
                    0,
                    format!("{ROSTER_FILE} is not the lead's signed roster ({why}); the roster kept on this device is used, and the lead's next round writes it again"),
                ));
            }
        },
        Err(Error::NotFound { .. }) if st.role == Role::Lead => {
            if let Some(r) = &st.roster {
                t.put_head(ROSTER_FILE, &r.sign(key)?)?;
            }
        }
        Err(Error::NotFound { .. }) => {}
        Err(e) => return Err(e),
    }
    let roster = st.roster.clone().unwrap_or(Roster {
        team: st.team_id.clone(),
        version: 0,
        lead_key: hex(&st.lead_key),
        members: Vec::new(),
    });
    let me = roster.member(&st.device_key).cloned();
    // Admitted: on the roster and not revoked, and (once the team is sealed) holding the
    // newest key; a revoked device learns it from the key book even though it can no longer
    // read the roster.
    let admitted = st.role == Role::Lead
        || (me.as_ref().is_some_and(|m| m.revoked_through.is_none())
            && (!keys.sealed() || keys.holds_current()));

    // Read what is new. No entry may be dated more than a year ahead of this clock.
    let max_hlc =
        u64::try_from((ws.clock().now() + chrono::Duration::days(366)).timestamp_millis())
            .unwrap_or(0)
            << 16;
    let mut peers = state::peers(ws.store().conn())?;
    let root = key.public() == st.lead_key;
    // A device with nothing applied yet starts from the lead's newest snapshot instead of a
    // year of logs, and reads each log from where the snapshot ends.
    let mut read_from = peers.clone();
    let mut from_snapshot = None;
    if admitted && !root && peers.is_empty() && st.log_seq == 0 {
        if let Some(snap) = super::compact::newest(t, &st.lead_key, &st.team_id)? {
            if let Some(start) = super::compact::start_from(snap, &hex(&st.lead_key)) {
                read_from = start.read_from;
                peers = start.applied;
                from_snapshot = Some(start.entry);
            }
        }
    }
    let mut waiting = Vec::new();
    let mut reviewed: Vec<String> = Vec::new();
    let own = read_log(
        &sealed,
        &st.device_key,
        (st.log_seq, st.log_hash),
        &mut waiting,
        &mut refused,
        max_hlc,
    )?;
    let mut received: Vec<super::receive::Received> = from_snapshot.into_iter().collect();
    let lead_hex = hex(&st.lead_key);
    let mut devices: Vec<String> = roster.members.iter().map(|m| m.key.clone()).collect();
    if !devices.contains(&lead_hex) {
        devices.push(lead_hex.clone());
    }
    for d in devices.iter().filter(|d| **d != st.device_key) {
        let head = read_from.get(d).cloned().unwrap_or((0, [0; 32]));
        received.extend(read_log(
            &sealed,
            d,
            head,
            &mut waiting,
            &mut refused,
            max_hlc,
        )?);
    }
    // Each batch carries only the team's changes plain; the parts sealed to an audience this
    // device is in go back into their places, the others are not for it.
    let mut own = own;
    for r in own.iter_mut().chain(received.iter_mut()) {
        for why in super::audience::open(&keys, &mut r.batch) {
            refused.push((r.device.clone(), r.entry.seq, why));
        }
    }
    // Logs in the shared place from devices nobody admitted.
    let known: Vec<String> = devices.iter().map(|d| locator(d)).collect();
    let mut strangers: Vec<String> = t
        .list("log/")?
        .into_iter()
        .filter_map(|n| n.split('/').nth(1).map(str::to_string))
        .filter(|l| !known.contains(l) && *l != locator(&st.device_key))
        .collect();
    strangers.dedup();
    if !admitted {
        // Before admission a sealed team's roster cannot be read here: every colleague's log
        // would look like a stranger's.
        strangers.clear();
    }
    let ctx = ws.ctx(None, Source::Sync);
    let now = ws.clock().now();
    let now_text = crate::clock::to_db_time(now);
    let now_ms = u64::try_from(now.timestamp_millis()).unwrap_or(0);
    let mut report = SyncReport {
        admitted,
        at: now_text.clone(),
        ..SyncReport::default()
    };
    let ws_device = ws.device();
    let due_before = state::snapshot_due(ws.store().conn())?;
    // Whether another device's log was passed (its entries may all have been for others).
    let mut moved = false;
    let mut snapshot_due: Option<(super::audience::Packed, HashMap<String, Head>)> = None;
    ws.store_mut().write_exclusive(&ctx, |w| {
        let cols = Columns::read(w.conn())?;
        let mut applied: HashMap<String, Head> = peers.clone();
        for (device, seq, why) in &refused {
            report.quarantined +=
                state::quarantine(w.conn(), device, *seq, -1, why, "", &now_text)?;
        }
        for l in &strangers {
            report.quarantined += state::quarantine(
                w.conn(),
                l,
                0,
                -1,
                &format!(
                    "log/{l}/ is from a device that is not in the team; nothing from it is applied"
                ),
                "",
                &now_text,
            )?;
        }
        // A restored laptop takes back its own changes before numbering new ones.
        let me_author = Author {
            role: st.role,
            person: st.person_id.as_deref(),
            device: None,
        };
        for r in &own {
            let ver = Version {
                device: &st.device_key,
                seq: r.entry.seq,
                hlc: r.entry.hlc,
                seen: &r.batch.seen,
                base: false,
            };
            for op in &r.batch.ops {
                let _ = apply::apply(
                    w,
                    &cols,
                    Author {
                        role: Role::Lead,
                        ..me_author
                    },
                    &ver,
                    op,
                )?;
            }
            st.log_seq = r.entry.seq;
            st.log_hash = r.entry.hash;
            if r.entry.hlc <= max_hlc {
                st.hlc = st.hlc.max(r.entry.hlc);
            }
            if r.batch.made_at > st.sent_until {
                st.sent_until = r.batch.made_at.clone();
            }
        }
        if admitted {
            report.sent = super::send::export(w, &mut st, key, &keys, &applied, now_ms, &now_text)?;
        }
        let (n, hlc) = apply_causally(
            w,
            &cols,
            &st,
            &roster,
            received,
            &mut applied,
            &now_text,
            &mut report.quarantined,
            &mut waiting,
            &mut reviewed,
        )?;
        report.applied = n;
        if st.role == Role::Lead {
            for post in &reviewed {
                let scheduled: bool = w.conn().query_row(
                    "SELECT EXISTS (SELECT 1 FROM posts WHERE id = ?1 AND status = 'scheduled')",
                    [post],
                    |r| r.get(0),
                )?;
                if let (true, Some(id)) = (scheduled, crate::ids::PostId::parse(post)) {
                    crate::publish::outbox::create_jobs(w, id)?;
                }
            }
        }
        st.hlc = st.hlc.max(hlc);
        super::send::link_device_person(w, &st, ws_device)?;
        // The lead's snapshot, when enough has changed: read here, inside the round's
        // transaction, so it is exactly the positions below (written after the round).
        let due = due_before + i64::from(report.sent) + i64::from(report.applied);
        state::save_snapshot_due(w.conn(), due)?;
        if root && due >= super::compact::SNAPSHOT_EVERY {
            let mut positions = applied.clone();
            positions.insert(st.device_key.clone(), (st.log_seq, st.log_hash));
            let state =
                super::audience::whole_state_with_audiences(w.conn(), st.person_id.as_deref())?;
            snapshot_due = Some((super::audience::pack(&keys, state)?, positions));
        }
        moved = applied != peers;
        state::save_peers(w.conn(), &applied)?;
        st.last_sync_at = Some(now_text.clone());
        st.last_sync_error = None;
        state::save(w.conn(), &st)?;
        report.conflicts = state::conflict_count(w.conn())?;
        Ok(())
    })?;
    if let Some((packed, positions)) = snapshot_due {
        if st.log_seq > 0 {
            let roster_now = st.roster.clone().unwrap_or(roster);
            super::compact::write_and_prune(
                t,
                key,
                &st.team_id,
                &roster_now.members,
                &positions,
                Batch {
                    v: 1,
                    schema: crate::store::SCHEMA_VERSION,
                    seen: BTreeMap::new(),
                    made_at: now_text.clone(),
                    base: true,
                    ops: packed.ops,
                    plain_at: packed.plain_at,
                    sealed: packed.sealed,
                },
                st.hlc,
                &now_text,
            )?;
            state::save_snapshot_due(ws.store().conn(), 0)?;
        }
    }
    if let Some(why) = super::send::flush_outbox(ws, &sealed, &mut st, key, moved)? {
        report.quarantined += state::quarantine(
            ws.store().conn(),
            &locator(&st.device_key),
            st.log_seq,
            -1,
            &why,
            "",
            &now_text,
        )?;
    }
    if key.public() == st.lead_key {
        // Files a device on an earlier version wrote in plain text since.
        sealed.seal_plain_read()?;
    }
    report.waiting = waiting;
    Ok(report)
}
