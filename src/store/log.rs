//! Reading the change log back: what the audit views, team sync and the tests see of every
//! write (the writing side is `write`).

use crate::error::Result;
use serde::Serialize;

/// A change entry as read back from the log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Position in this workspace's log.
    pub seq: i64,
    /// Table written.
    pub entity: String,
    /// Key of the row (composite keys joined with `/`).
    pub entity_id: String,
    /// insert, update or delete.
    pub op: String,
    /// The fields written, as JSON.
    pub fields: serde_json::Value,
    /// The acting person.
    pub actor_id: Option<String>,
    /// The writing device.
    pub device_id: String,
    /// ui, cli, sync, import, demo or system.
    pub source: String,
    /// When, RFC 3339 UTC.
    pub at: String,
}

/// Reads the change log from `after_seq` on; for audit views, sync and tests.
pub fn changes_since(
    conn: &rusqlite::Connection,
    after_seq: i64,
    limit: usize,
) -> Result<Vec<Change>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, entity, entity_id, op, fields, actor_id, device_id, source, at
         FROM changes WHERE seq > ?1 ORDER BY seq LIMIT ?2",
    )?;
    let rows = stmt.query_map(
        rusqlite::params![after_seq, i64::try_from(limit).unwrap_or(i64::MAX)],
        |r| {
            let fields: String = r.get(4)?;
            Ok(Change {
                seq: r.get(0)?,
                entity: r.get(1)?,
                entity_id: r.get(2)?,
                op: r.get(3)?,
                fields: serde_json::from_str(&fields).unwrap_or(serde_json::Value::Null),
                actor_id: r.get(5)?,
                device_id: r.get(6)?,
                source: r.get(7)?,
                at: r.get(8)?,
            })
        },
    )?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
