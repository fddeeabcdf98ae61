//! The sync engine's own rows (`sync_team`, `sync_peers`, `sync_quarantine`): where this
//! device's log stands and how far it has read everyone else's. They are bookkeeping, not
//! domain data, so they are written in the round's transaction directly and never travel.

use super::ops::{hex, unhex};
use super::segment::Head;
use super::team::{Role, Roster};
use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;

/// This device's place in its team.
#[derive(Debug, Clone)]
pub struct TeamState {
    /// The team.
    pub team_id: String,
    /// This device's role.
    pub role: Role,
    /// The lead's public key.
    pub lead_key: [u8; 32],
    /// This device's public key (hex).
    pub device_key: String,
    /// The person this device belongs to.
    pub person_id: Option<String>,
    /// Where the team's files are (JSON, see [`super::Place`]).
    pub transport: String,
    /// The newest verified roster.
    pub roster: Option<Roster>,
    /// Its version.
    pub roster_version: u64,
    /// The change-log position sent so far.
    pub exported_seq: i64,
    /// After a restore from a backup: changes made at or before this instant were already
    /// sent before the laptop lost them, and are taken back from the log instead of sent again.
    pub sent_until: String,
    /// This device's log head.
    pub log_seq: u64,
    /// Its hash.
    pub log_hash: [u8; 32],
    /// The hybrid clock.
    pub hlc: u64,
    /// A segment made but not yet uploaded.
    pub outbox: Option<(String, Vec<u8>)>,
    /// When the last round finished.
    pub last_sync_at: Option<String>,
    /// Why the last attempt failed, if it did.
    pub last_sync_error: Option<String>,
}

/// The error for a workspace that is in no team.
pub fn not_in_team() -> Error {
    Error::invalid("team", "this workspace is not in a team yet. The lead runs `tsunagu team create --folder PATH`; an ambassador joins with `tsunagu team join CODE --folder PATH`.")
}

fn i(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn u(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// This device's team state, if it is in one.
pub fn load(conn: &Connection) -> Result<Option<TeamState>> {
    let row = conn
        .query_row(
            "SELECT team_id, role, lead_key, device_key, person_id, transport, roster, roster_version,
                    exported_seq, sent_until, log_seq, log_hash, hlc, outbox_name, outbox, last_sync_at, last_sync_error
             FROM sync_team WHERE id = 1",
            [],
            |r| {
                Ok((
                    (r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, Option<String>>(4)?, r.get::<_, String>(5)?),
                    (r.get::<_, Option<String>>(6)?, r.get::<_, i64>(7)?, r.get::<_, i64>(8)?, r.get::<_, String>(9)?, r.get::<_, i64>(10)?, r.get::<_, String>(11)?),
                    (r.get::<_, i64>(12)?, r.get::<_, Option<String>>(13)?, r.get::<_, Option<Vec<u8>>>(14)?, r.get::<_, Option<String>>(15)?, r.get::<_, Option<String>>(16)?),
                ))
            },
        )
        .optional()?;
    let Some((
        (team_id, role, lead, device_key, person_id, transport),
        (roster, rv, es, eid, ls, lh),
        (hlc, on, ob, last, err),
    )) = row
    else {
        return Ok(None);
    };
    let broken = || {
        Error::invalid("team", "this workspace's team record is damaged. Restore the newest backup, or leave the team and join again.")
    };
    Ok(Some(TeamState {
        team_id,
        role: Role::parse(&role).ok_or_else(broken)?,
        lead_key: unhex::<32>(&lead).ok_or_else(broken)?,
        device_key,
        person_id,
        transport,
        roster: roster.and_then(|r| serde_json::from_str(&r).ok()),
        roster_version: u(rv),
        exported_seq: es,
        sent_until: eid,
        log_seq: u(ls),
        log_hash: if lh.is_empty() {
            [0; 32]
        } else {
            unhex::<32>(&lh).ok_or_else(broken)?
        },
        hlc: u(hlc),
        outbox: on.zip(ob),
        last_sync_at: last,
        last_sync_error: err,
    }))
}

/// Creates the row (joining or creating a team).
pub fn create(conn: &Connection, st: &TeamState, at: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_team (id, team_id, role, lead_key, device_key, person_id, transport, created_at) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        rusqlite::params![st.team_id, st.role.as_str(), hex(&st.lead_key), st.device_key, st.person_id, st.transport, at],
    )?;
    save(conn, st)
}

/// Saves where the log stands (and the outbox, when one is waiting).
pub fn save(conn: &Connection, st: &TeamState) -> Result<()> {
    let (on, ob) = match &st.outbox {
        Some((n, b)) => (Some(n.as_str()), Some(b.as_slice())),
        None => (None, None),
    };
    conn.execute(
        "UPDATE sync_team SET exported_seq = ?1, sent_until = ?2, log_seq = ?3, log_hash = ?4, hlc = ?5,
                outbox_name = ?6, outbox = ?7, last_sync_at = ?8, last_sync_error = ?9, transport = ?10 WHERE id = 1",
        rusqlite::params![st.exported_seq, st.sent_until, i(st.log_seq), if st.log_seq == 0 { String::new() } else { hex(&st.log_hash) }, i(st.hlc), on, ob, st.last_sync_at, st.last_sync_error, st.transport],
    )?;
    Ok(())
}

/// Records why the last attempt failed (the transport unreachable, a roster that does not
/// verify), for the status line.
pub fn save_error(conn: &Connection, error: Option<&str>) -> Result<()> {
    conn.execute(
        "UPDATE sync_team SET last_sync_error = ?1 WHERE id = 1",
        [error],
    )?;
    Ok(())
}

/// Keeps a verified roster.
pub fn save_roster(conn: &Connection, r: &Roster) -> Result<()> {
    let text = serde_json::to_string(r).map_err(|e| Error::invalid("roster", e.to_string()))?;
    conn.execute(
        "UPDATE sync_team SET roster = ?1, roster_version = ?2 WHERE id = 1",
        rusqlite::params![text, i(r.version)],
    )?;
    Ok(())
}

/// Row changes sent and applied since the lead's last snapshot.
pub fn snapshot_due(conn: &Connection) -> Result<i64> {
    Ok(conn
        .query_row("SELECT snapshot_due FROM sync_team WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or(0))
}

/// Saves it.
pub fn save_snapshot_due(conn: &Connection, due: i64) -> Result<()> {
    conn.execute("UPDATE sync_team SET snapshot_due = ?1 WHERE id = 1", [due])?;
    Ok(())
}

/// The newest verified key book this device holds.
pub fn keybook(conn: &Connection) -> Result<Option<super::seal::KeyBook>> {
    let text: Option<String> = conn
        .query_row("SELECT keybook FROM sync_team WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?
        .flatten();
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
}

/// Keeps a verified key book.
pub fn save_keybook(conn: &Connection, book: &super::seal::KeyBook) -> Result<()> {
    let text =
        serde_json::to_string(book).map_err(|e| Error::invalid("key book", e.to_string()))?;
    conn.execute("UPDATE sync_team SET keybook = ?1 WHERE id = 1", [text])?;
    Ok(())
}

/// The outbox was uploaded.
pub fn clear_outbox(conn: &Connection) -> Result<()> {
    conn.execute(
        "UPDATE sync_team SET outbox_name = NULL, outbox = NULL WHERE id = 1",
        [],
    )?;
    Ok(())
}

/// How far every other device's log is applied here.
pub fn peers(conn: &Connection) -> Result<HashMap<String, Head>> {
    let mut stmt =
        conn.prepare_cached("SELECT device_key, applied_seq, applied_hash FROM sync_peers")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let (k, s, h) = row?;
        out.insert(k, (u(s), unhex::<32>(&h).unwrap_or([0; 32])));
    }
    Ok(out)
}

/// Saves them.
pub fn save_peers(conn: &Connection, peers: &HashMap<String, Head>) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO sync_peers (device_key, applied_seq, applied_hash) VALUES (?1, ?2, ?3)
         ON CONFLICT (device_key) DO UPDATE SET applied_seq = excluded.applied_seq, applied_hash = excluded.applied_hash",
    )?;
    for (k, (s, h)) in peers {
        stmt.execute(rusqlite::params![k, i(*s), hex(h)])?;
    }
    Ok(())
}

/// How much of a refused change the quarantine keeps.
const QUARANTINED_OP_BYTES: usize = 4 * 1024;

/// Puts a refused change (or segment, `idx` -1) in quarantine; returns 1 when it is new there.
pub fn quarantine(
    conn: &Connection,
    device: &str,
    seq: u64,
    idx: i64,
    reason: &str,
    op: &str,
    at: &str,
) -> Result<u32> {
    // The change is kept for people to read, not to replay: a planted huge value is cut.
    let op = if op.len() > QUARANTINED_OP_BYTES {
        let mut end = QUARANTINED_OP_BYTES;
        while !op.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}…", &op[..end])
    } else {
        op.to_string()
    };
    let n = conn
        .prepare_cached("INSERT OR IGNORE INTO sync_quarantine (device_key, seq, idx, reason, op, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute(rusqlite::params![device, i(seq), idx, reason, op, at])?;
    Ok(u32::try_from(n).unwrap_or(0))
}

/// The fields whose concurrent versions are conflicts people see: every field but the
/// bookkeeping timestamps (`updated_at`: the later simply shows) and revision history (its
/// texts are the post's, whose own conflict shows them). Versions with the same value agree.
pub const CONFLICTS: &str = "SELECT entity, entity_id, field FROM sync_fields
     WHERE field NOT IN ('updated_at', '*') AND entity <> 'revisions'
     GROUP BY entity, entity_id, field HAVING count(DISTINCT value) > 1";

/// Fields with more than one version.
pub fn conflict_count(conn: &Connection) -> Result<u32> {
    let n: i64 = conn.query_row(&format!("SELECT count(*) FROM ({CONFLICTS})"), [], |r| {
        r.get(0)
    })?;
    Ok(u32::try_from(n).unwrap_or(0))
}

/// A stored sync error: `{"code", "message"}` (rows from before codes were stored hold the
/// message alone and read without a code).
pub(crate) fn stored_error(
    stored: Option<&str>,
) -> (Option<crate::error::ErrorCode>, Option<String>) {
    let Some(text) = stored else {
        return (None, None);
    };
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) if v.is_object() => (
            v["code"].as_str().and_then(crate::error::ErrorCode::parse),
            v["message"].as_str().map(str::to_string),
        ),
        _ => (None, Some(text.to_string())),
    }
}
