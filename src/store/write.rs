//! The one write path.
//!
//! Every domain write goes through a [`Writer`], which executes the row change and, in the
//! same transaction, appends an entry to the `changes` table: entity, id, operation, the
//! fields written, the acting person, the device, where the write came from and when (from the
//! injected clock). Audit views and team sync read that log, so a write that skipped it would
//! be invisible to both: the raw connection is therefore never handed out for writing.

pub use super::source::Source;
use crate::clock::{to_db_time, Clock};
use crate::error::{Error, Result};
use crate::ids::{DeviceId, IdSource, PersonId};
use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction};
use std::fmt::Write as _;
use std::sync::Arc;

/// Who writes, from which device and through what, with the clock and id source to use.
#[derive(Clone)]
pub struct WriteCtx {
    /// The person acting, when known.
    pub actor: Option<PersonId>,
    /// This device.
    pub device: DeviceId,
    /// Where the write came from.
    pub source: Source,
    /// The clock for timestamps.
    pub clock: Arc<dyn Clock>,
    /// The source of new ids.
    pub ids: Arc<dyn IdSource>,
    /// On an ambassador's device, its person: a write the team would refuse from this device
    /// (approving, the lead's calendar, someone else's draft) is refused here, at once and
    /// with the reason, instead of being kept locally and refused by everyone else later.
    pub ambassador: Option<PersonId>,
    /// The team's check for such writes (see [`LocalGuard`]).
    pub guard: Option<LocalGuard>,
}

impl std::fmt::Debug for WriteCtx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriteCtx")
            .field("actor", &self.actor)
            .field("device", &self.device)
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

pub use super::changeset::ChangeSet;
pub use super::guard::{Kind, LocalGuard};
pub use super::log::{changes_since, Change};

/// Tables the write path may touch (the shell maps each to a kind of change event). Table and
/// column names come only from code, never from input, so building SQL from them is safe.
pub const TABLES: &[&str] = &[
    "workspace",
    "devices",
    "departments",
    "sites",
    "people",
    "consents",
    "purposes",
    "themes",
    "cadence_targets",
    "recurring_slots",
    "templates",
    "hashtag_sets",
    "posts",
    "post_variants",
    "post_accounts",
    "post_deletions",
    "post_people",
    "revisions",
    "assistant_notes",
    "media",
    "post_media",
    "media_people",
    "guideline_sets",
    "guideline_acks",
    "reviews",
    "review_log",
    "requests",
    "request_assignees",
    "materials",
    "intake_tokens",
    "folder_files",
    "recognitions",
    "accounts",
    "publish_jobs",
    "publish_attempts",
    "metrics",
    "kpis",
    "kpi_values",
    "success_stories",
];

/// A transaction in which every row write is logged.
pub struct Writer<'c> {
    tx: Transaction<'c>,
    ctx: WriteCtx,
    at: DateTime<Utc>,
    at_text: String,
    touched: ChangeSet,
}

impl<'c> Writer<'c> {
    pub(super) fn new(tx: Transaction<'c>, ctx: &WriteCtx) -> Result<Self> {
        let at = ctx.clock.now();
        Ok(Self {
            tx,
            ctx: ctx.clone(),
            at,
            at_text: to_db_time(at),
            touched: ChangeSet::default(),
        })
    }

    /// Commits, and says what the transaction touched.
    pub(super) fn commit(self) -> Result<ChangeSet> {
        self.tx.commit()?;
        Ok(self.touched)
    }

    /// The instant of this transaction (one clock reading for all its writes).
    pub fn now(&self) -> DateTime<Utc> {
        self.at
    }

    /// [`Writer::now`] as the store keeps it.
    pub fn now_text(&self) -> &str {
        &self.at_text
    }

    /// A fresh UUIDv7 from the context's id source.
    pub fn new_id(&self) -> uuid::Uuid {
        let ms = u64::try_from(self.at.timestamp_millis()).unwrap_or(0);
        self.ctx.ids.next_at(ms)
    }

    /// The person this write is on behalf of, if any.
    pub fn actor(&self) -> Option<crate::ids::PersonId> {
        self.ctx.actor
    }

    /// Reads inside the transaction.
    pub fn conn(&self) -> &rusqlite::Connection {
        &self.tx
    }

    /// Inserts a row; `key` and `fields` together are its columns.
    pub fn insert(
        &mut self,
        table: &'static str,
        key: &[(&'static str, Value)],
        fields: &[(&'static str, Value)],
    ) -> Result<()> {
        check_table(table)?;
        self.team_check(table, Kind::Insert, key, fields)?;
        let mut cols = String::new();
        let mut marks = String::new();
        for (i, (c, _)) in key.iter().chain(fields).enumerate() {
            if i > 0 {
                cols.push_str(", ");
                marks.push_str(", ");
            }
            cols.push_str(c);
            let _ = write!(marks, "?{}", i + 1);
        }
        let sql = format!("INSERT INTO {table} ({cols}) VALUES ({marks})");
        let values: Vec<&Value> = key.iter().chain(fields).map(|(_, v)| v).collect();
        self.tx
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(values))?;
        self.log(table, key, "insert", fields)
    }

    /// Updates the given fields of one row. Fails with NotFound if the row does not exist.
    pub fn update(
        &mut self,
        table: &'static str,
        key: &[(&'static str, Value)],
        fields: &[(&'static str, Value)],
    ) -> Result<()> {
        check_table(table)?;
        if fields.is_empty() {
            return Ok(());
        }
        // Only what changes is written and logged: a save that leaves a field as it was does
        // not count as an edit of it (team sync would otherwise see two devices "editing" a
        // title neither touched).
        let cols: Vec<&str> = fields.iter().map(|(c, _)| *c).collect();
        let sql = format!(
            "SELECT {} FROM {table} WHERE {}",
            cols.join(", "),
            where_clause(key, 0)
        );
        let current: Option<Vec<Value>> = self
            .tx
            .prepare_cached(&sql)?
            .query_row(
                rusqlite::params_from_iter(key.iter().map(|(_, v)| v)),
                |r| (0..fields.len()).map(|i| r.get::<_, Value>(i)).collect(),
            )
            .optional()?;
        let Some(current) = current else {
            return Err(Error::NotFound {
                entity: table,
                id: key_text(key),
            });
        };
        let changed: Vec<(&'static str, Value)> = fields
            .iter()
            .zip(current)
            .filter(|((_, v), now)| v != now)
            .map(|((c, v), _)| (*c, v.clone()))
            .collect();
        if changed.is_empty() {
            return Ok(());
        }
        let fields = changed.as_slice();
        self.team_check(table, Kind::Update, key, fields)?;
        let mut sets = String::new();
        for (i, (c, _)) in fields.iter().enumerate() {
            if i > 0 {
                sets.push_str(", ");
            }
            let _ = write!(sets, "{c} = ?{}", i + 1);
        }
        let sql = format!(
            "UPDATE {table} SET {sets} WHERE {}",
            where_clause(key, fields.len())
        );
        let values: Vec<&Value> = fields.iter().chain(key).map(|(_, v)| v).collect();
        let n = self
            .tx
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(values))?;
        if n == 0 {
            return Err(Error::NotFound {
                entity: table,
                id: key_text(key),
            });
        }
        self.log(table, key, "update", fields)
    }

    /// Deletes one row (a no-op, still logged, if it is already gone).
    pub fn delete(&mut self, table: &'static str, key: &[(&'static str, Value)]) -> Result<()> {
        check_table(table)?;
        self.team_check(table, Kind::Delete, key, &[])?;
        let sql = format!("DELETE FROM {table} WHERE {}", where_clause(key, 0));
        let values: Vec<&Value> = key.iter().map(|(_, v)| v).collect();
        self.tx
            .prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(values))?;
        self.log(table, key, "delete", &[])
    }

    fn team_check(
        &self,
        table: &'static str,
        kind: Kind,
        key: &[(&'static str, Value)],
        fields: &[(&'static str, Value)],
    ) -> Result<()> {
        let Some(person) = self.ctx.ambassador else {
            return Ok(());
        };
        if matches!(
            self.ctx.source,
            Source::Sync | Source::System | Source::Demo
        ) {
            return Ok(());
        }
        match self.ctx.guard {
            Some(guard) => guard(&self.tx, &person.as_string(), table, kind, key, fields),
            None => Err(Error::invalid(
                "device",
                "This device acts for a team member but was opened without the team's rules; nothing was written. Open the workspace with Tsunagu again.",
            )),
        }
    }

    /// Runs one statement built by team sync from another device's change (its table is a
    /// domain table and its columns were checked against the table's real columns) and logs it
    /// like any other write, with this context's source (`sync`). Returns the rows touched.
    pub(crate) fn exec_remote(
        &mut self,
        table: &'static str,
        sql: &str,
        params: &[&Value],
        entity_id: &str,
        op: &'static str,
        fields: &[(String, Value)],
    ) -> Result<usize> {
        check_table(table)?;
        let n = self
            .tx
            .prepare_cached(sql)?
            .execute(rusqlite::params_from_iter(params.iter()))?;
        let post = post_of(
            table,
            entity_id,
            fields.iter().map(|(c, v)| (c.as_str(), v)),
        );
        self.touched.record(
            table,
            op,
            post.as_deref(),
            fields.iter().map(|(c, _)| c.as_str()),
        );
        let map = fields.iter().map(|(c, v)| (c.as_str(), v));
        self.log_entry(table, entity_id, op, map)?;
        Ok(n)
    }

    fn log(
        &mut self,
        table: &'static str,
        key: &[(&'static str, Value)],
        op: &'static str,
        fields: &[(&'static str, Value)],
    ) -> Result<()> {
        let entity_id = key_text(key);
        let post = post_of(
            table,
            &entity_id,
            key.iter().chain(fields).map(|(c, v)| (*c, v)),
        );
        self.touched
            .record(table, op, post.as_deref(), fields.iter().map(|(c, _)| *c));
        let map = fields.iter().map(|(c, v)| (*c, v));
        self.log_entry(table, &entity_id, op, map)
    }

    fn log_entry<'v>(
        &mut self,
        table: &'static str,
        entity_id: &str,
        op: &'static str,
        fields: impl Iterator<Item = (&'v str, &'v Value)>,
    ) -> Result<()> {
        let mut map = serde_json::Map::new();
        for (c, v) in fields {
            map.insert(c.to_string(), to_json(v));
        }
        let id = self.new_id().to_string();
        let actor = self.ctx.actor.map(|p| p.as_string());
        self.tx
            .prepare_cached(
                "INSERT INTO changes (id, entity, entity_id, op, fields, actor_id, device_id, source, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(rusqlite::params![
                id,
                table,
                entity_id,
                op,
                serde_json::Value::Object(map).to_string(),
                actor,
                self.ctx.device.as_string(),
                self.ctx.source.as_str(),
                self.at_text,
            ])?;
        Ok(())
    }
}

/// The post a row write belongs to: the row itself for `posts`, else its `post_id` column
/// when the write names it.
fn post_of<'v>(
    table: &str,
    entity_id: &str,
    mut columns: impl Iterator<Item = (&'v str, &'v Value)>,
) -> Option<String> {
    if table == "posts" {
        return Some(entity_id.to_string());
    }
    columns.find_map(|(c, v)| match (c, v) {
        ("post_id", Value::Text(id)) => Some(id.clone()),
        _ => None,
    })
}

fn check_table(table: &str) -> Result<()> {
    if TABLES.contains(&table) {
        Ok(())
    } else {
        Err(Error::invalid(
            "table",
            format!("{table} is not a domain table"),
        ))
    }
}

fn where_clause(key: &[(&'static str, Value)], offset: usize) -> String {
    let mut out = String::new();
    for (i, (c, _)) in key.iter().enumerate() {
        if i > 0 {
            out.push_str(" AND ");
        }
        let _ = write!(out, "{c} = ?{}", offset + i + 1);
    }
    out
}

fn key_text(key: &[(&'static str, Value)]) -> String {
    key.iter()
        .map(|(_, v)| match v {
            Value::Text(s) => s.clone(),
            Value::Integer(i) => i.to_string(),
            other => format!("{other:?}"),
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn to_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Integer(i) => (*i).into(),
        Value::Real(f) => serde_json::Number::from_f64(*f)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null),
        Value::Text(s) => s.clone().into(),
        Value::Blob(b) => format!("<{} bytes>", b.len()).into(),
    }
}

/// Shorthands for building field lists.
pub mod val {
    use rusqlite::types::Value;

    /// Text.
    pub fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    /// Optional text (NULL when absent).
    pub fn opt_text(s: Option<impl Into<String>>) -> Value {
        s.map_or(Value::Null, |s| Value::Text(s.into()))
    }

    /// An integer.
    pub fn int(i: i64) -> Value {
        Value::Integer(i)
    }

    /// An optional integer (NULL when absent).
    pub fn opt_int(i: Option<i64>) -> Value {
        i.map_or(Value::Null, Value::Integer)
    }

    /// A real number.
    pub fn real(v: f64) -> Value {
        Value::Real(v)
    }

    /// An optional real number (NULL when absent).
    pub fn opt_real(v: Option<f64>) -> Value {
        v.map_or(Value::Null, Value::Real)
    }

    /// A boolean as 0/1.
    pub fn bool(b: bool) -> Value {
        Value::Integer(i64::from(b))
    }
}
