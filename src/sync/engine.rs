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
use super::ops::{hex, hlc_tick, unhex, Batch, Kind, Op};
use super::receive::{exchange_media, read_log};
use super::segment::{fingerprint, segment_name, write_segment, DeviceKey, Head};
use super::state::{self, TeamState};
use super::tables::synced;
use super::team::{Role, Roster, ROSTER_FILE};
use super::transport::Transport;
use crate::error::{Error, Result};
use crate::store::{Source, Writer};
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
    if let Some(why) = flush_outbox(ws, t, &mut st, key)? {
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
    let admitted =
        st.role == Role::Lead || me.as_ref().is_some_and(|m| m.revoked_through.is_none());

    // Read what is new. No entry may be dated more than a year ahead of this clock.
    let max_hlc =
        u64::try_from((ws.clock().now() + chrono::Duration::days(366)).timestamp_millis())
            .unwrap_or(0)
            << 16;
    let peers = state::peers(ws.store().conn())?;
    let mut waiting = Vec::new();
    let mut reviewed: Vec<String> = Vec::new();
    let own = read_log(
        t,
        &st.device_key,
        (st.log_seq, st.log_hash),
        &mut waiting,
        &mut refused,
        max_hlc,
    )?;
    let mut received = Vec::new();
    let lead_hex = hex(&st.lead_key);
    let mut devices: Vec<String> = roster.members.iter().map(|m| m.key.clone()).collect();
    if !devices.contains(&lead_hex) {
        devices.push(lead_hex.clone());
    }
    for d in devices.iter().filter(|d| **d != st.device_key) {
        let head = peers.get(d).cloned().unwrap_or((0, [0; 32]));
        received.extend(read_log(t, d, head, &mut waiting, &mut refused, max_hlc)?);
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
    let ctx = ws.ctx(None, Source::Sync);
    let now = ws.clock().now();
    let now_text = crate::clock::to_db_time(now);
    let now_ms = u64::try_from(now.timestamp_millis()).unwrap_or(0);
    let mut report = SyncReport {
        admitted,
        at: now_text.clone(),
        ..SyncReport::default()
    };
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
            report.sent = export(w, &mut st, key, &applied, now_ms, &now_text)?;
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
        state::save_peers(w.conn(), &applied)?;
        st.last_sync_at = Some(now_text.clone());
        st.last_sync_error = None;
        state::save(w.conn(), &st)?;
        report.conflicts = state::conflict_count(w.conn())?;
        Ok(())
    })?;
    if let Some(why) = flush_outbox(ws, t, &mut st, key)? {
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
    report.waiting = waiting;
    Ok(report)
}

/// Sends the segment waiting in the outbox. Returns a notice when a file that was not this
/// device's sat at its name (junk, or a forgery, that anyone with write access to the shared
/// place could leave to freeze this device) and was replaced.
fn flush_outbox(
    ws: &mut Workspace,
    t: &dyn Transport,
    st: &mut TeamState,
    key: &DeviceKey,
) -> Result<Option<String>> {
    exchange_media(ws, t)?;
    let Some((name, bytes)) = st.outbox.take() else {
        return Ok(None);
    };
    let mut notice = None;
    if let Err(refused) = t.put_immutable(&name, &bytes) {
        match t.get(&name) {
            Ok(existing) if existing != bytes && !signed_by(&existing, &key.public(), &name) => {
                t.put_head(&name, &bytes)?;
                notice = Some(format!(
                    "{name} held a file this device did not write; it was replaced by this device's own segment"
                ));
            }
            _ => return Err(refused),
        }
    }
    let head =
        serde_json::json!({ "seq": st.log_seq, "at": crate::clock::to_db_time(ws.clock().now()) });
    t.put_head(
        &format!("heads/{}.json", locator(&st.device_key)),
        head.to_string().as_bytes(),
    )?;
    state::clear_outbox(ws.store().conn())?;
    Ok(notice)
}

/// Whether `bytes` at `name` is a segment signed by `device` (this device's own, written
/// before: a laptop restored from a backup must not overwrite it).
fn signed_by(bytes: &[u8], device: &[u8; 32], name: &str) -> bool {
    let from = name
        .rsplit('/')
        .next()
        .and_then(|f| f.split('-').next())
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or(1);
    matches!(
        super::segment::read_segment(bytes, device, (from.saturating_sub(1), [0; 32])),
        Ok(_) | Err(super::segment::Rejected::BrokenChain { .. })
    )
}

/// Turns the local changes since the last round into the next entry of this device's log.
fn export(
    w: &mut Writer<'_>,
    st: &mut TeamState,
    key: &DeviceKey,
    applied: &HashMap<String, Head>,
    now_ms: u64,
    now_text: &str,
) -> Result<u32> {
    let mut ops: Vec<Op> = Vec::new();
    let mut last_seq = st.exported_seq;
    {
        let mut stmt = w.conn().prepare_cached(
            "SELECT seq, at, entity, entity_id, op, fields FROM changes WHERE seq > ?1 AND source <> 'sync' ORDER BY seq",
        )?;
        let rows = stmt.query_map([st.exported_seq], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        for row in rows {
            let (seq, at, entity, entity_id, kind, fields) = row?;
            last_seq = seq;
            if !st.sent_until.is_empty() && at <= st.sent_until {
                // Sent before this laptop was restored from a backup (and taken back since).
                continue;
            }
            let Some(s) = synced(&entity) else { continue };
            let kind = match kind.as_str() {
                "insert" => Kind::Insert,
                "delete" => Kind::Delete,
                _ => Kind::Update,
            };
            let mut map: BTreeMap<String, serde_json::Value> =
                serde_json::from_str(&fields).unwrap_or_default();
            if kind != Kind::Insert {
                // A new row carries its local fields once, for a receiver that has no row yet.
                map.retain(|k, _| !s.local.contains(&k.as_str()));
            }
            if kind == Kind::Update && map.is_empty() {
                continue;
            }
            let parts: Vec<serde_json::Value> = entity_id
                .splitn(s.key.len(), '/')
                .map(|p| serde_json::Value::String(p.to_string()))
                .collect();
            ops.push(Op {
                table: entity,
                key: parts,
                kind,
                fields: map,
            });
        }
    }
    st.exported_seq = last_seq;
    if ops.is_empty() {
        return Ok(0);
    }
    let seen: BTreeMap<String, u64> = applied
        .iter()
        .filter(|(k, v)| **k != st.device_key && v.0 > 0)
        .map(|(k, v)| (k.clone(), v.0))
        .collect();
    let hlc = hlc_tick(st.hlc, now_ms, 0);
    let batch = Batch {
        v: 1,
        schema: crate::store::SCHEMA_VERSION,
        seen,
        made_at: now_text.to_string(),
        base: false,
        ops,
    };
    let (bytes, head) = write_segment(key, (st.log_seq, st.log_hash), &[(hlc, batch.encode()?)]);
    let ver = Version {
        device: &st.device_key,
        seq: head.0,
        hlc,
        seen: &batch.seen,
        base: false,
    };
    for op in &batch.ops {
        let id = super::ops::key_text(&op.key);
        if op.kind == Kind::Insert {
            // A new row: one row entry stands for all its fields.
            w.conn()
                .prepare_cached("DELETE FROM sync_fields WHERE entity = ?1 AND entity_id = ?2")?
                .execute(rusqlite::params![op.table, id])?;
            apply::record_own(
                w.conn(),
                &op.table,
                &id,
                apply::ROW,
                &ver,
                &serde_json::Value::Null,
            )?;
        } else {
            for (field, v) in &op.fields {
                apply::record_own(w.conn(), &op.table, &id, field, &ver, v)?;
            }
        }
        if op.kind == Kind::Delete {
            w.conn()
                .prepare_cached("DELETE FROM sync_fields WHERE entity = ?1 AND entity_id = ?2")?
                .execute(rusqlite::params![op.table, id])?;
        }
    }
    let name = segment_name(&locator(&st.device_key), head.0, head.0);
    st.outbox = Some((name, bytes));
    st.log_seq = head.0;
    st.log_hash = head.1;
    st.hlc = hlc;
    Ok(u32::try_from(batch.ops.len()).unwrap_or(u32::MAX))
}
