//! Backups with SQLite's online backup API.
//!
//! A backup is a complete, consistent copy taken while the database is open (WAL included),
//! written under a temporary name and renamed, so a half-written backup never looks real.
//! Files are named by their UTC instant, which is also how "at most once a day" and "keep the
//! last seven" are decided, with no extra bookkeeping that could drift from the folder.

use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// The folder, inside a workspace, that holds backups.
pub const BACKUP_DIR: &str = "backups";
/// How many daily backups are kept.
pub const KEEP: usize = 7;

const PREFIX: &str = "tsunagu-";
const SUFFIX: &str = ".db";

/// Writes a backup of `conn` into `dir` and prunes old ones. Returns the new file.
///
/// A backup that fails half-way (a full disk, a removed drive) leaves nothing behind: its
/// partial file is removed, and partial files left by an earlier crash are removed first.
pub fn create(conn: &Connection, dir: &Path, at: DateTime<Utc>) -> Result<PathBuf> {
    let name = format!("{PREFIX}{}{SUFFIX}", at.format("%Y%m%dT%H%M%SZ"));
    let target = copy_to(conn, dir, &name)?;
    prune(dir, KEEP)?;
    Ok(target)
}

/// The prefix of the copies taken before a new version migrates the database. They are not
/// daily backups: never pruned, never restored automatically, kept until someone removes them.
pub const UPGRADE_PREFIX: &str = "before-upgrade-";

/// Copies the database into `dir` before it is migrated from schema `from` to `to`, so the
/// first start of a new version can always be undone by hand (see docs/INSTALL.md).
pub fn before_upgrade(
    conn: &Connection,
    dir: &Path,
    from: i64,
    to: i64,
    at: DateTime<Utc>,
) -> Result<PathBuf> {
    let name = format!(
        "{UPGRADE_PREFIX}v{from}-to-v{to}-{}{SUFFIX}",
        at.format("%Y%m%dT%H%M%SZ")
    );
    copy_to(conn, dir, &name)
}

/// Writes a consistent copy of `conn` as `dir/name`, through a partial file renamed at the end.
fn copy_to(conn: &Connection, dir: &Path, name: &str) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    remove_partials(dir);
    let target = dir.join(name);
    let partial = dir.join(format!(".{name}.partial"));
    let written = (|| -> Result<()> {
        let mut out = Connection::open(&partial)?;
        let backup = rusqlite::backup::Backup::new(conn, &mut out)?;
        backup.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
        Ok(())
    })()
    .and_then(|()| {
        std::fs::rename(&partial, &target).map_err(|e| Error::io("rename", &partial, e))
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        let _ = std::fs::remove_file(dir.join(format!(".{name}.partial-journal")));
        return Err(e);
    }
    Ok(target)
}

/// Removes `.partial` files (and their journals) that a backup cut short left behind.
fn remove_partials(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.')
            && (name.ends_with(".partial") || name.ends_with(".partial-journal"))
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Backs up only if no backup was taken on the same UTC day as `at`.
pub fn daily(conn: &Connection, dir: &Path, at: DateTime<Utc>) -> Result<Option<PathBuf>> {
    let today = at.format("%Y%m%d").to_string();
    let taken_today = list(dir)?
        .iter()
        .any(|p| stamp(p).is_some_and(|s| s.starts_with(&today)));
    if taken_today {
        return Ok(None);
    }
    create(conn, dir, at).map(Some)
}

/// Backups in `dir`, oldest first.
pub fn list(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read", dir, e)),
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| stamp(p).is_some())
        .collect();
    found.sort_by_key(|p| stamp(p).map(str::to_owned));
    Ok(found)
}

/// The newest backup in `dir`, if any.
pub fn newest(dir: &Path) -> Result<Option<PathBuf>> {
    Ok(list(dir)?.pop())
}

fn stamp(path: &Path) -> Option<&str> {
    path.file_name()?
        .to_str()?
        .strip_prefix(PREFIX)?
        .strip_suffix(SUFFIX)
}

fn prune(dir: &Path, keep: usize) -> Result<()> {
    let all = list(dir)?;
    if all.len() > keep {
        for old in &all[..all.len() - keep] {
            std::fs::remove_file(old).map_err(|e| Error::io("remove", old, e))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn daily_backups_once_a_day_and_keep_seven() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (42);")
            .unwrap();
        let day = |d: u32, h: u32| Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap();
        assert!(daily(&conn, dir.path(), day(1, 8)).unwrap().is_some());
        assert!(daily(&conn, dir.path(), day(1, 20)).unwrap().is_none());
        for d in 2..=10 {
            daily(&conn, dir.path(), day(d, 8)).unwrap();
        }
        let kept = list(dir.path()).unwrap();
        assert_eq!(kept.len(), KEEP);
        let newest = newest(dir.path()).unwrap().unwrap();
        assert!(newest.to_string_lossy().contains("20261110T080000Z"));
        let copy = Connection::open(&newest).unwrap();
        let x: i64 = copy.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(x, 42);
    }
}
