//! Applying another device's batch: permission, field versions, conflicts, quarantine.
//!
//! Each row change is checked against the signed roster's role for its device and the rules in
//! [`super::tables`]; a change that fails is recorded in `sync_quarantine` with the reason and
//! never touches the domain tables. A change that passes is merged field by field: the field's
//! newest versions are kept in `sync_fields`, and a version the sender had seen (its batch's
//! version vector covers it) is replaced, while one it had not seen stays beside it. Two
//! versions side by side are a conflict: the table shows the one with the later hybrid clock
//! reading (the same choice on every device), the other is kept with its value, and both are
//! shown until someone picks. Nothing typed is lost, and the outcome does not depend on the
//! order batches arrive in, because a batch is applied only after everything it had seen.

use super::ops::{from_json, key_text, Kind, Op};
use super::tables::{synced, Synced};
use super::team::Role;
use crate::error::Result;
use crate::store::Writer;
use rusqlite::types::Value;
use rusqlite::OptionalExtension;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

/// The version a batch gives every field it writes.
#[derive(Debug, Clone)]
pub struct Version<'a> {
    /// The writing device's key (hex).
    pub device: &'a str,
    /// Its entry number.
    pub seq: u64,
    /// Its hybrid clock reading.
    pub hlc: u64,
    /// What it had seen of every other device.
    pub seen: &'a BTreeMap<String, u64>,
    /// The base every device starts from (the lead's first snapshot): recorded nowhere, since
    /// every later change has seen it.
    pub base: bool,
}

/// Who wrote a batch, as the roster says.
#[derive(Debug, Clone, Copy)]
pub struct Author<'a> {
    /// Lead or ambassador.
    pub role: Role,
    /// The person the device belongs to.
    pub person: Option<&'a str>,
    /// The device's public key (hex) when the change came from another device's log: an
    /// approval it carries must be signed by that key.
    pub device: Option<&'a str>,
}

/// The real columns of every synced table, read once per round.
#[derive(Debug, Default)]
pub struct Columns(HashMap<&'static str, HashSet<String>>);

impl Columns {
    /// Whether `op` writes a column this version does not have, of a table it shares: a change
    /// made by a newer Tsunagu. Such a change waits (its device's log stops before it) and is
    /// applied after this device is updated, rather than refused and lost.
    pub fn from_newer(&self, op: &Op, schema: i64) -> bool {
        if schema <= crate::store::SCHEMA_VERSION {
            return false;
        }
        let Some(s) = synced(&op.table) else {
            return false;
        };
        let Some(known) = self.0.get(s.table) else {
            return false;
        };
        op.fields.keys().any(|name| {
            !known.contains(name)
                && !s.key.contains(&name.as_str())
                && !s.local.contains(&name.as_str())
                && super::validate::check_key(s.table, &[serde_json::Value::String(name.clone())])
                    .is_ok()
        })
    }

    /// Reads them from the database.
    pub fn read(conn: &rusqlite::Connection) -> Result<Columns> {
        let mut out = HashMap::new();
        for s in super::tables::SYNCED {
            let mut stmt = conn.prepare_cached("SELECT name FROM pragma_table_info(?1)")?;
            let cols = stmt
                .query_map([s.table], |r| r.get::<_, String>(0))?
                .collect::<std::result::Result<HashSet<_>, _>>()?;
            out.insert(s.table, cols);
        }
        Ok(Columns(out))
    }
}

/// What became of one change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Applied (possibly only partly visible, when another version of a field wins).
    Applied,
    /// Refused, with the reason (goes to quarantine).
    Refused(String),
}

/// Applies one change inside the round's transaction. SQLite failures (a foreign key that does
/// not hold here) roll back only this change and refuse it.
pub fn apply(
    w: &mut Writer<'_>,
    cols: &Columns,
    author: Author<'_>,
    ver: &Version<'_>,
    op: &Op,
) -> Result<Outcome> {
    let Some(s) = synced(&op.table) else {
        return Ok(Outcome::Refused(format!(
            "{} is not shared between devices",
            op.table
        )));
    };
    if op.key.len() != s.key.len() {
        return Ok(Outcome::Refused(format!(
            "the key of {} has the wrong shape",
            op.table
        )));
    }
    // Every value is checked for its column before anything else, whoever signed it.
    if let Err(why) = super::validate::check_key(s.table, &op.key) {
        return Ok(Outcome::Refused(why));
    }
    for (name, v) in &op.fields {
        if let Err(why) = super::validate::check_field(s.table, name, v) {
            return Ok(Outcome::Refused(why));
        }
    }
    let known = cols.0.get(s.table);
    let exists = row_exists(w.conn(), s, op)?;
    let mut fields = Vec::with_capacity(op.fields.len());
    for (name, v) in &op.fields {
        // Local fields are taken only by a device that has no row yet.
        if (exists && s.local.contains(&name.as_str())) || s.key.contains(&name.as_str()) {
            continue;
        }
        if !known.is_some_and(|k| k.contains(name)) {
            return Ok(Outcome::Refused(format!(
                "{}.{name} is unknown here: the change comes from a newer Tsunagu. Update Tsunagu on this device, then sync again.",
                op.table
            )));
        }
        fields.push((name.clone(), v));
    }
    if let Err(why) = super::permit::permitted(w.conn(), s, author, op) {
        return Ok(Outcome::Refused(why));
    }
    let run = |conn: &rusqlite::Connection, sql: &str| -> Result<()> {
        conn.prepare_cached(sql)?.execute([])?;
        Ok(())
    };
    run(w.conn(), "SAVEPOINT sync_op")?;
    match write_op(w, s, ver, op, &fields, exists) {
        Ok(outcome) => {
            if matches!(outcome, Outcome::Refused(_)) {
                run(w.conn(), "ROLLBACK TO sync_op")?;
            }
            run(w.conn(), "RELEASE sync_op")?;
            Ok(outcome)
        }
        Err(e) => {
            run(w.conn(), "ROLLBACK TO sync_op")?;
            run(w.conn(), "RELEASE sync_op")?;
            Ok(Outcome::Refused(format!(
                "it does not fit this workspace: {e}"
            )))
        }
    }
}

pub(super) fn where_key(s: &Synced, offset: usize) -> String {
    let mut out = String::new();
    for (i, c) in s.key.iter().enumerate() {
        if i > 0 {
            out.push_str(" AND ");
        }
        let _ = write!(out, "{c} = ?{}", offset + i + 1);
    }
    out
}

fn row_exists(conn: &rusqlite::Connection, s: &Synced, op: &Op) -> Result<bool> {
    let key: Vec<Value> = op.key.iter().map(from_json).collect();
    Ok(conn
        .prepare_cached(&format!(
            "SELECT 1 FROM {} WHERE {}",
            s.table,
            where_key(s, 0)
        ))?
        .query_row(rusqlite::params_from_iter(key.iter()), |_| Ok(()))
        .optional()?
        .is_some())
}

fn write_op(
    w: &mut Writer<'_>,
    s: &Synced,
    ver: &Version<'_>,
    op: &Op,
    fields: &[(String, &serde_json::Value)],
    exists: bool,
) -> Result<Outcome> {
    let id = key_text(&op.key);
    let key: Vec<Value> = op.key.iter().map(from_json).collect();
    match op.kind {
        Kind::Delete => {
            let sql = format!("DELETE FROM {} WHERE {}", s.table, where_key(s, 0));
            let params: Vec<&Value> = key.iter().collect();
            w.exec_remote(s.table, &sql, &params, &id, "delete", &[])?;
            w.conn()
                .prepare_cached("DELETE FROM sync_fields WHERE entity = ?1 AND entity_id = ?2")?
                .execute(rusqlite::params![s.table, id])?;
            Ok(Outcome::Applied)
        }
        Kind::Update if !exists => Ok(Outcome::Refused(format!(
            "{} {id} is not here (it was deleted here, or its creation was refused); the change is kept here instead",
            s.table
        ))),
        Kind::Insert | Kind::Update => {
            let mut winners: Vec<(String, Value)> = Vec::with_capacity(fields.len());
            for (name, v) in fields {
                if merge_field(w.conn(), s, &key, &id, name, ver, v, exists)? {
                    winners.push((name.clone(), from_json(v)));
                }
            }
            if !exists && !ver.base {
                insert_version(w.conn(), s.table, &id, ROW, ver, &serde_json::Value::Null)?;
            }
            if !exists {
                let mut cols: Vec<&str> = s.key.to_vec();
                cols.extend(winners.iter().map(|(c, _)| c.as_str()));
                let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
                let sql = format!("INSERT INTO {} ({}) VALUES ({})", s.table, cols.join(", "), marks.join(", "));
                let params: Vec<&Value> = key.iter().chain(winners.iter().map(|(_, v)| v)).collect();
                w.exec_remote(s.table, &sql, &params, &id, "insert", &winners)?;
            } else if !winners.is_empty() {
                let sets: Vec<String> = winners.iter().enumerate().map(|(i, (c, _))| format!("{c} = ?{}", i + 1)).collect();
                let sql = format!("UPDATE {} SET {} WHERE {}", s.table, sets.join(", "), where_key(s, winners.len()));
                let params: Vec<&Value> = winners.iter().map(|(_, v)| v).chain(key.iter()).collect();
                w.exec_remote(s.table, &sql, &params, &id, "update", &winners)?;
            }
            Ok(Outcome::Applied)
        }
    }
}

/// The version every field of a row has until one of them is written on its own: a new row
/// records one entry (`*`) instead of one per field.
pub const ROW: &str = "*";

type Entry = (String, i64, i64);

fn entries(conn: &rusqlite::Connection, entity: &str, id: &str, field: &str) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached("SELECT device_key, seq, hlc FROM sync_fields WHERE entity = ?1 AND entity_id = ?2 AND field = ?3")?;
    let rows = stmt
        .query_map(rusqlite::params![entity, id, field], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Merges one field's new version into its versions; returns whether it is the one to show.
#[allow(clippy::too_many_arguments)]
fn merge_field(
    conn: &rusqlite::Connection,
    s: &Synced,
    key: &[Value],
    id: &str,
    field: &str,
    ver: &Version<'_>,
    value: &serde_json::Value,
    exists: bool,
) -> Result<bool> {
    if ver.base || !exists {
        // The base needs no record; a new row gets its one row entry from the caller.
        return Ok(true);
    }
    let entity = s.table;
    let mut current = entries(conn, entity, id, field)?;
    if current.is_empty() {
        // The field still has its row's version: the row entry stays for the other fields;
        // one the sender had not seen becomes this field's own entry, with the value shown.
        for (device, seq, hlc) in entries(conn, entity, id, ROW)? {
            let seen = device == ver.device
                || (seq != 0
                    && ver
                        .seen
                        .get(&device)
                        .is_some_and(|&v| i64::try_from(v).unwrap_or(i64::MAX) >= seq));
            if !seen {
                let sql = format!("SELECT {field} FROM {entity} WHERE {}", where_key(s, 0));
                let shown: Value = conn
                    .prepare_cached(&sql)?
                    .query_row(rusqlite::params_from_iter(key.iter()), |r| r.get(0))?;
                let v = Version {
                    device: &device,
                    seq: u64::try_from(seq).unwrap_or(0),
                    hlc: u64::try_from(hlc).unwrap_or(0),
                    seen: ver.seen,
                    base: false,
                };
                insert_version(conn, entity, id, field, &v, &super::ops::to_json(&shown))?;
                current.push((device, seq, hlc));
            }
        }
    }
    let mut wins = true;
    for (device, seq, hlc) in &current {
        let seq = u64::try_from(*seq).unwrap_or(0);
        let hlc = u64::try_from(*hlc).unwrap_or(0);
        let same_device = device == ver.device && seq <= ver.seq;
        // Sequence 0 is this device's own edit not yet sent: nobody can have seen it.
        let seen = seq != 0 && ver.seen.get(device).is_some_and(|&s| s >= seq);
        if same_device || seen {
            conn.prepare_cached("DELETE FROM sync_fields WHERE entity = ?1 AND entity_id = ?2 AND field = ?3 AND device_key = ?4 AND seq = ?5")?
                .execute(rusqlite::params![entity, id, field, device, i64::try_from(seq).unwrap_or(i64::MAX)])?;
        } else if (hlc, device.as_str()) > (ver.hlc, ver.device) {
            wins = false;
        }
    }
    insert_version(conn, entity, id, field, ver, value)?;
    Ok(wins)
}

fn insert_version(
    conn: &rusqlite::Connection,
    entity: &str,
    id: &str,
    field: &str,
    ver: &Version<'_>,
    value: &serde_json::Value,
) -> Result<()> {
    conn.prepare_cached("INSERT OR REPLACE INTO sync_fields (entity, entity_id, field, device_key, seq, hlc, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
        .execute(rusqlite::params![
            entity,
            id,
            field,
            ver.device,
            i64::try_from(ver.seq).unwrap_or(i64::MAX),
            i64::try_from(ver.hlc).unwrap_or(i64::MAX),
            value.to_string()
        ])?;
    Ok(())
}

/// Records this device's own sent change of a field: it replaces every version, because it
/// was made on a screen that showed all of them.
pub fn record_own(
    conn: &rusqlite::Connection,
    entity: &str,
    id: &str,
    field: &str,
    ver: &Version<'_>,
    value: &serde_json::Value,
) -> Result<()> {
    conn.prepare_cached(
        "DELETE FROM sync_fields WHERE entity = ?1 AND entity_id = ?2 AND field = ?3",
    )?
    .execute(rusqlite::params![entity, id, field])?;
    insert_version(conn, entity, id, field, ver, value)
}
