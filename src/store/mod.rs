//! The SQLite store: opening a database safely, migrating it, and the one write path.
//!
//! Why it looks like this:
//! * Opening reads `PRAGMA user_version` before anything else, so a database written by a
//!   newer Tsunagu, or a damaged file, is refused without a single byte being written.
//! * Connections run in WAL mode with foreign keys on and a busy timeout, so the app and the
//!   CLI can share a workspace.
//! * Domain code reads through [`Store::conn`] but can only write through [`Store::write`],
//!   which records a change entry for every row it touches (see [`write`]).

pub mod backup;
pub mod changeset;
pub mod guard;
mod log;
mod migrate;
mod source;
pub mod write;

use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

pub use changeset::ChangeSet;
pub use migrate::{MIGRATIONS, SCHEMA_VERSION};
pub use write::{Change, Source, WriteCtx, Writer};

/// An open, migrated database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// What committed writes touched since the shell last asked.
    changed: ChangeSet,
}

impl Store {
    /// Opens (creating if needed) and migrates the database at `path`; `now` names the copy
    /// taken before a migration.
    pub fn open(path: &Path, now: chrono::DateTime<chrono::Utc>) -> Result<Self> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(e, path))?;
        // Read-only probe first: refuse newer or damaged files before writing anything.
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| classify(e, path))?;
        if found > SCHEMA_VERSION {
            return Err(Error::SchemaTooNew {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(|e| classify(e, path))?;
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(|e| classify(e, path))?;
        if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
            return Err(Error::invalid(
                "journal_mode",
                format!("SQLite refused WAL mode (got {mode}); put the workspace on a local disk"),
            ));
        }
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
            .map_err(|e| classify(e, path))?;
        conn.set_prepared_statement_cache_capacity(64);
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            changed: ChangeSet::default(),
        };
        // A workspace made by an older version is copied aside before its first migration, so
        // an update can be undone. No copy, no migration: the error says why (a full disk).
        if found > 0 && found < SCHEMA_VERSION {
            if let Some(dir) = path.parent() {
                backup::before_upgrade(
                    &store.conn,
                    &dir.join(backup::BACKUP_DIR),
                    found,
                    SCHEMA_VERSION,
                    now,
                )?;
            }
        }
        migrate::migrate(&mut store.conn, found).map_err(|e| match e {
            Error::Database(inner) => classify(inner, path),
            other => other,
        })?;
        Ok(store)
    }

    /// An in-memory store, for unit tests.
    pub fn open_in_memory() -> Result<Self> {
        let mut conn = Connection::open_in_memory()?;
        conn.execute_batch("PRAGMA foreign_keys = ON;")?;
        migrate::migrate(&mut conn, 0)?;
        Ok(Store {
            conn,
            path: PathBuf::from(":memory:"),
            changed: ChangeSet::default(),
        })
    }

    /// Read access for domain queries. Writes go through [`Store::write`].
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What committed writes touched since the last call, emptied: the shell turns it into
    /// one change event.
    pub fn take_changes(&mut self) -> ChangeSet {
        std::mem::take(&mut self.changed)
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Runs `f` in one transaction whose every row write is recorded in the change log.
    /// Nothing is written if `f` fails.
    pub fn write<T>(
        &mut self,
        ctx: &WriteCtx,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self.conn.transaction()?;
        let mut writer = Writer::new(tx, ctx)?;
        let out = f(&mut writer)?;
        self.changed.merge(writer.commit()?);
        Ok(out)
    }

    /// [`Store::write`] that takes the write lock before reading: team sync reads what to send
    /// and applies what came in as one step, so no window's write can land in between.
    pub fn write_exclusive<T>(
        &mut self,
        ctx: &WriteCtx,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut writer = Writer::new(tx, ctx)?;
        let out = f(&mut writer)?;
        self.changed.merge(writer.commit()?);
        Ok(out)
    }
}

/// Turns a SQLite failure into the error a person can act on.
fn classify(e: rusqlite::Error, path: &Path) -> Error {
    match Error::from(e) {
        Error::DatabaseCorrupt { .. } => Error::DatabaseCorrupt {
            path: path.to_path_buf(),
            newest_backup: path
                .parent()
                .and_then(|dir| backup::newest(&dir.join(backup::BACKUP_DIR)).ok().flatten()),
        },
        Error::Database(inner)
            if inner.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly)
                || inner.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen) =>
        {
            Error::WorkspaceReadOnly(path.parent().unwrap_or(path).to_path_buf())
        }
        other => other,
    }
}
