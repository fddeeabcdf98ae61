//! Embedded, ordered migrations.
//!
//! Each migration runs in its own transaction, is recorded in `schema_migrations`, and bumps
//! `PRAGMA user_version` to its number, so a crash mid-way leaves the database at the last
//! complete version. A shipped migration is never edited; a test pins their checksums.

use crate::error::{Error, Result};
use rusqlite::Connection;

/// One migration: its number, its name and its SQL.
#[derive(Debug)]
pub struct Migration {
    /// 1-based, contiguous.
    pub version: i64,
    /// The file name, for the record.
    pub name: &'static str,
    /// The SQL, run as one batch.
    pub sql: &'static str,
}

/// All migrations, in order.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_foundation.sql",
        sql: include_str!("migrations/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "0002_media_size.sql",
        sql: include_str!("migrations/0002_media_size.sql"),
    },
    Migration {
        version: 3,
        name: "0003_template_language.sql",
        sql: include_str!("migrations/0003_template_language.sql"),
    },
    Migration {
        version: 4,
        name: "0004_post_people_column.sql",
        sql: include_str!("migrations/0004_post_people_column.sql"),
    },
    Migration {
        version: 5,
        name: "0005_ledger_and_ranking.sql",
        sql: include_str!("migrations/0005_ledger_and_ranking.sql"),
    },
    Migration {
        version: 6,
        name: "0006_review_and_crisis.sql",
        sql: include_str!("migrations/0006_review_and_crisis.sql"),
    },
    Migration {
        version: 7,
        name: "0007_publishing.sql",
        sql: include_str!("migrations/0007_publishing.sql"),
    },
    Migration {
        version: 8,
        name: "0008_rate_limits.sql",
        sql: include_str!("migrations/0008_rate_limits.sql"),
    },
    Migration {
        version: 9,
        name: "0009_more_platforms.sql",
        sql: include_str!("migrations/0009_more_platforms.sql"),
    },
    Migration {
        version: 10,
        name: "0010_dashboard.sql",
        sql: include_str!("migrations/0010_dashboard.sql"),
    },
    Migration {
        version: 11,
        name: "0011_team_sync.sql",
        sql: include_str!("migrations/0011_team_sync.sql"),
    },
    Migration {
        version: 12,
        name: "0012_exit_guarantee.sql",
        sql: include_str!("migrations/0012_exit_guarantee.sql"),
    },
    Migration {
        version: 13,
        name: "0013_reviewer_devices.sql",
        sql: include_str!("migrations/0013_reviewer_devices.sql"),
    },
    Migration {
        version: 14,
        name: "0014_failure_kinds.sql",
        sql: include_str!("migrations/0014_failure_kinds.sql"),
    },
    Migration {
        version: 15,
        name: "0015_demo.sql",
        sql: include_str!("migrations/0015_demo.sql"),
    },
    Migration {
        version: 16,
        name: "0016_accounts_per_post.sql",
        sql: include_str!("migrations/0016_accounts_per_post.sql"),
    },
    Migration {
        version: 17,
        name: "0017_deleting.sql",
        sql: include_str!("migrations/0017_deleting.sql"),
    },
    Migration {
        version: 18,
        name: "0018_setup.sql",
        sql: include_str!("migrations/0018_setup.sql"),
    },
    Migration {
        version: 19,
        name: "0019_cadence_per_account.sql",
        sql: include_str!("migrations/0019_cadence_per_account.sql"),
    },
    Migration {
        version: 20,
        name: "0020_intake.sql",
        sql: include_str!("migrations/0020_intake.sql"),
    },
    Migration {
        version: 21,
        name: "0021_proven_live.sql",
        sql: include_str!("migrations/0021_proven_live.sql"),
    },
    Migration {
        version: 22,
        name: "0022_by_hand.sql",
        sql: include_str!("migrations/0022_by_hand.sql"),
    },
    Migration {
        version: 23,
        name: "0023_key_book.sql",
        sql: include_str!("migrations/0023_key_book.sql"),
    },
    Migration {
        version: 24,
        name: "0024_photo_audiences.sql",
        sql: include_str!("migrations/0024_photo_audiences.sql"),
    },
    Migration {
        version: 25,
        name: "0025_small_groups.sql",
        sql: include_str!("migrations/0025_small_groups.sql"),
    },
    Migration {
        version: 26,
        name: "0026_assistant.sql",
        sql: include_str!("migrations/0026_assistant.sql"),
    },
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(super) fn migrate(conn: &mut Connection, current: i64) -> Result<()> {
    if current >= SCHEMA_VERSION {
        return Ok(());
    }
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version INTEGER PRIMARY KEY,
             name TEXT NOT NULL,
             applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
         )",
    )?;
    for m in MIGRATIONS.iter().filter(|m| m.version > current) {
        let tx = conn.transaction()?;
        tx.execute_batch(m.sql).map_err(|e| {
            Error::invalid(
                "migration",
                format!(
                    "migration {} failed: {e}; the database was left at its previous version",
                    m.name
                ),
            )
        })?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)",
            rusqlite::params![m.version, m.name],
        )?;
        tx.pragma_update(None, "user_version", m.version)?;
        tx.commit()?;
    }
    Ok(())
}
