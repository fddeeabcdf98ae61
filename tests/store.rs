//! The store on real files: opening, migrations, refusing bad input without touching it,
//! backups and restore.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use rusqlite::Connection;
use tsunagu::settings::SettingsPatch;
use tsunagu::store::{Source, MIGRATIONS, SCHEMA_VERSION};
use tsunagu::{ErrorCode, Workspace};

#[test]
fn a_new_workspace_is_migrated_in_wal_with_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let ws = open(dir.path(), clock(at(2026, 11, 22, 0, 0)), "Asia/Tokyo").unwrap();
    assert_eq!(ws.store().schema_version().unwrap(), SCHEMA_VERSION);
    let conn = Connection::open(dir.path().join("tsunagu.db")).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let recorded: i64 = conn
        .query_row("SELECT count(*) FROM schema_migrations", [], |r| r.get(0))
        .unwrap();
    assert_eq!(recorded, SCHEMA_VERSION);
    assert!(dir.path().join("media").is_dir());
    let s = ws.settings().unwrap();
    assert_eq!(s.time_zone, "Asia/Tokyo");
    assert_eq!(s.name, "テスト株式会社");
}

#[test]
fn foreign_keys_are_enforced() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 22, 0, 0)), "Asia/Tokyo").unwrap();
    let mut post = tsunagu::posts::NewPost::draft("存在しない人");
    post.author_id = Some(tsunagu::ids::PersonId(uuid::Uuid::nil()));
    let err = ws.create_post(Source::Ui, None, &post).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Database, "{err}");
    assert_eq!(ws.info().unwrap().posts, 0);
}

#[test]
fn a_newer_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = Connection::open(dir.path().join("tsunagu.db")).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 999;")
            .unwrap();
    }
    let before = snapshot(dir.path());
    let err = open(dir.path(), clock(at(2026, 11, 22, 0, 0)), "Asia/Tokyo").unwrap_err();
    assert_eq!(err.code(), ErrorCode::SchemaTooNew);
    assert!(err.to_string().contains("newer version"), "{err}");
    assert_eq!(snapshot(dir.path()), before, "nothing may be written");
}

#[test]
fn a_corrupt_file_is_reported_offering_the_newest_backup_and_can_be_restored() {
    let dir = tempfile::tempdir().unwrap();
    let c = clock(at(2026, 11, 20, 0, 0));
    {
        let mut ws = open(dir.path(), c.clone(), "Asia/Tokyo").unwrap();
        ws.update_settings(
            Source::Ui,
            &SettingsPatch {
                name: Some("復元前".into()),
                ..Default::default()
            },
        )
        .unwrap();
        ws.backup_now().unwrap();
    }
    // Damage the database (and drop its WAL, as a crashed disk might).
    let db = dir.path().join("tsunagu.db");
    std::fs::write(&db, b"this is not a database, it is a grocery list").unwrap();
    let _ = std::fs::remove_file(dir.path().join("tsunagu.db-wal"));
    let before = std::fs::read(&db).unwrap();
    let err = open(dir.path(), c.clone(), "Asia/Tokyo").unwrap_err();
    assert_eq!(err.code(), ErrorCode::DatabaseCorrupt);
    let msg = err.to_string();
    assert!(
        msg.contains("newest backup") && msg.contains("tsunagu-20261120"),
        "{msg}"
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the damaged file is kept as it was"
    );

    let used = tsunagu::workspace::restore_newest_backup(dir.path(), c.as_ref()).unwrap();
    assert!(used.to_string_lossy().contains("tsunagu-20261120"));
    let ws = open(dir.path(), c, "Asia/Tokyo").unwrap();
    assert_eq!(ws.settings().unwrap().name, "復元前");
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("tsunagu.db.damaged-")
        })
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(std::fs::read(kept[0].path()).unwrap(), before);
}

#[test]
fn a_corrupt_file_without_backups_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tsunagu.db"), vec![0x42u8; 8192]).unwrap();
    let err = open(dir.path(), clock(at(2026, 11, 22, 0, 0)), "Asia/Tokyo").unwrap_err();
    assert_eq!(err.code(), ErrorCode::DatabaseCorrupt);
    assert!(err.to_string().contains("no backup exists"), "{err}");
    let err = tsunagu::workspace::restore_newest_backup(dir.path(), &tsunagu::clock::SystemClock)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NoBackup);
}

#[test]
fn missing_folders_and_files_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    let err = open(&missing, clock(at(2026, 11, 22, 0, 0)), "Asia/Tokyo").unwrap_err();
    assert_eq!(err.code(), ErrorCode::WorkspaceMissing);
    assert!(err.to_string().contains("tsunagu demo"), "{err}");
    assert!(!missing.exists(), "opening must not create the folder");

    let file = dir.path().join("file.txt");
    std::fs::write(&file, "x").unwrap();
    let err = open(&file, clock(at(2026, 11, 22, 0, 0)), "Asia/Tokyo").unwrap_err();
    assert_eq!(err.code(), ErrorCode::WorkspaceNotAFolder);
    let err = Workspace::create(
        &file,
        clock(at(2026, 11, 22, 0, 0)),
        std::sync::Arc::new(tsunagu::ids::RandomIds),
        &init("Asia/Tokyo"),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::WorkspaceNotAFolder);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

#[test]
fn a_read_only_folder_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    // root ignores permission bits; /sys refuses new files even to root.
    let target = if std::fs::write(ro.join("probe"), b"").is_ok() {
        std::path::PathBuf::from("/sys/kernel")
    } else {
        ro.clone()
    };
    if !target.is_dir() {
        eprintln!("no read-only folder available on this machine; skipped");
        return;
    }
    let err = open(&target, clock(at(2026, 11, 22, 0, 0)), "Asia/Tokyo").unwrap_err();
    assert_eq!(err.code(), ErrorCode::WorkspaceReadOnly, "{err}");
    assert!(err.to_string().contains("cannot write"), "{err}");
    assert!(!target.join("tsunagu.db").exists());
}

#[test]
fn an_invalid_time_zone_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let err = open(
        dir.path(),
        clock(at(2026, 11, 22, 0, 0)),
        "Mars/Olympus_Mons",
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidTimeZone);
    assert!(
        !dir.path().join("tsunagu.db").exists(),
        "no database for a bad start"
    );

    let mut ws = open(dir.path(), clock(at(2026, 11, 22, 0, 0)), "Europe/Berlin").unwrap();
    let changes_before = ws.changes_since(0, 1000).unwrap().len();
    let err = ws
        .update_settings(
            Source::Ui,
            &SettingsPatch {
                name: Some("新しい名前".into()),
                time_zone: Some("Asia/Tokio".into()),
                language: None,
                public_ranking: Some(true),
                second_reviewer: None,
                min_group_size: None,
                assistant_cloud: None,
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidTimeZone);
    assert!(
        err.to_string().contains("Asia/Tokyo"),
        "the message shows a valid example: {err}"
    );
    let s = ws.settings().unwrap();
    assert_eq!(
        (s.name.as_str(), s.time_zone.as_str()),
        ("テスト株式会社", "Europe/Berlin")
    );
    assert!(!s.public_ranking, "a refused patch changes nothing");
    let changes_after = ws.changes_since(0, 1000).unwrap().len();
    assert_eq!(changes_before, changes_after);
}

#[test]
fn settings_persist_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let c = clock(at(2026, 11, 22, 0, 0));
    {
        let mut ws = open(dir.path(), c.clone(), "Asia/Tokyo").unwrap();
        ws.update_settings(
            Source::Ui,
            &SettingsPatch {
                name: Some("  ミナト精工 広報  ".into()),
                time_zone: Some("Europe/Berlin".into()),
                language: Some(tsunagu::model::Language::En),
                public_ranking: Some(true),
                second_reviewer: None,
                min_group_size: None,
                assistant_cloud: None,
            },
        )
        .unwrap();
    }
    let ws = open(dir.path(), c, "Asia/Tokyo").unwrap();
    let s = ws.settings().unwrap();
    assert_eq!(s.name, "ミナト精工 広報");
    assert_eq!(s.time_zone, "Europe/Berlin");
    assert_eq!(s.language, tsunagu::model::Language::En);
    assert!(s.public_ranking);
}

#[test]
fn opening_backs_up_at_most_once_a_day_and_keeps_seven() {
    let dir = tempfile::tempdir().unwrap();
    let c = clock(at(2026, 11, 1, 9, 0));
    drop(open(dir.path(), c.clone(), "Asia/Tokyo").unwrap());
    for day in 1..=10 {
        for hour in [9, 18] {
            c.set(at(2026, 11, day, hour, 0));
            drop(open(dir.path(), c.clone(), "Asia/Tokyo").unwrap());
        }
    }
    let backups = tsunagu::store::backup::list(&dir.path().join("backups")).unwrap();
    assert_eq!(backups.len(), 7);
    let names: Vec<String> = backups
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.first().unwrap(), "tsunagu-20261104T090000Z.db");
    assert_eq!(names.last().unwrap(), "tsunagu-20261110T090000Z.db");
}

#[test]
fn a_backup_that_cannot_be_written_never_keeps_anyone_out() {
    let dir = tempfile::tempdir().unwrap();
    let c = clock(at(2026, 11, 1, 9, 0));
    drop(open(dir.path(), c.clone(), "Asia/Tokyo").unwrap());
    // The backups folder cannot be made (as on a full or broken disk): a file sits there.
    std::fs::write(dir.path().join("backups"), b"not a folder").unwrap();
    c.set(at(2026, 11, 2, 9, 0));
    let ws = open(dir.path(), c.clone(), "Asia/Tokyo").unwrap();
    let warning = ws.backup_warning().expect("a warning").to_string();
    assert!(warning.contains("backups"), "{warning}");
    assert_eq!(
        ws.info().unwrap().backup_warning.as_deref(),
        Some(warning.as_str())
    );
    drop(ws);
    // Fixed, with a half-written backup left by a crash: the next opening backs up and
    // removes the leftover.
    std::fs::remove_file(dir.path().join("backups")).unwrap();
    std::fs::create_dir(dir.path().join("backups")).unwrap();
    let leftover = dir
        .path()
        .join("backups")
        .join(".tsunagu-20261101T090000Z.db.partial");
    std::fs::write(&leftover, b"half").unwrap();
    let ws = open(dir.path(), c, "Asia/Tokyo").unwrap();
    assert!(ws.backup_warning().is_none());
    assert!(!leftover.exists(), "the leftover is cleaned");
    assert_eq!(
        tsunagu::store::backup::list(&dir.path().join("backups"))
            .unwrap()
            .len(),
        1
    );
}

/// Shipped migrations are never edited: their text is pinned here. Adding a migration means
/// adding a line, never changing one.
#[test]
fn shipped_migrations_are_unchanged() {
    fn fnv1a(s: &str) -> u64 {
        s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    }
    let pinned: &[(&str, u64)] = &[
        ("0001_foundation.sql", PINNED_0001),
        ("0002_media_size.sql", PINNED_0002),
        ("0003_template_language.sql", PINNED_0003),
        ("0004_post_people_column.sql", PINNED_0004),
        ("0005_ledger_and_ranking.sql", PINNED_0005),
        ("0006_review_and_crisis.sql", PINNED_0006),
        ("0007_publishing.sql", PINNED_0007),
        ("0008_rate_limits.sql", PINNED_0008),
        ("0009_more_platforms.sql", PINNED_0009),
        ("0010_dashboard.sql", PINNED_0010),
        ("0011_team_sync.sql", PINNED_0011),
        ("0012_exit_guarantee.sql", PINNED_0012),
        ("0013_reviewer_devices.sql", PINNED_0013),
        ("0014_failure_kinds.sql", PINNED_0014),
        ("0015_demo.sql", PINNED_0015),
        ("0016_accounts_per_post.sql", PINNED_0016),
        ("0017_deleting.sql", PINNED_0017),
        ("0018_setup.sql", PINNED_0018),
        ("0019_cadence_per_account.sql", PINNED_0019),
        ("0020_intake.sql", PINNED_0020),
        ("0021_proven_live.sql", PINNED_0021),
        ("0022_by_hand.sql", PINNED_0022),
        ("0023_key_book.sql", PINNED_0023),
        ("0024_photo_audiences.sql", PINNED_0024),
        ("0025_small_groups.sql", PINNED_0025),
        ("0026_assistant.sql", PINNED_0026),
    ];
    assert_eq!(
        MIGRATIONS.len(),
        pinned.len(),
        "pin the hash of every new migration here"
    );
    for (m, (name, hash)) in MIGRATIONS.iter().zip(pinned) {
        assert_eq!(m.name, *name);
        assert_eq!(
            fnv1a(m.sql),
            *hash,
            "{name} was edited after shipping; add a new migration instead"
        );
    }
    assert!(
        MIGRATIONS
            .iter()
            .enumerate()
            .all(|(i, m)| m.version == i as i64 + 1),
        "versions are contiguous"
    );
}
const PINNED_0001: u64 = 17006042081830688113;
const PINNED_0002: u64 = 9381381621560815019;
const PINNED_0003: u64 = 15104133139229072155;
const PINNED_0004: u64 = 8527253556392114288;
const PINNED_0005: u64 = 11876864681098548049;
const PINNED_0006: u64 = 4471296639152226466;
const PINNED_0007: u64 = 14436913259281958624;
const PINNED_0008: u64 = 16594792547715972339;
const PINNED_0009: u64 = 12587490422342811759;
const PINNED_0010: u64 = 17287822370477465643;
const PINNED_0011: u64 = 11926697831933692066;
const PINNED_0012: u64 = 0xf8a4_9f21_d9ca_9966;
const PINNED_0013: u64 = 3963315316442447206;
const PINNED_0014: u64 = 0x93e2_b92f_70e4_0ec3;
const PINNED_0015: u64 = 0x79fc_efe5_6742_b331;
const PINNED_0016: u64 = 16076690794755417760;
const PINNED_0017: u64 = 16910005151172620144;
const PINNED_0018: u64 = 704566610069531997;
const PINNED_0019: u64 = 12340943918638091523;
const PINNED_0020: u64 = 13599466735525712768;
const PINNED_0021: u64 = 3660886355245095650;
const PINNED_0022: u64 = 18129849815030111128;
const PINNED_0023: u64 = 10014347861131874626;
const PINNED_0024: u64 = 3407286492547443387;
const PINNED_0025: u64 = 12050265585842581311;
const PINNED_0026: u64 = 5140702434640673286;

/// Tables that sync only ever gain tables, or columns that are NULL-able or defaulted: an
/// older device must be able to read what a newer one wrote. Only the sync engine's own
/// bookkeeping (`sync_*` tables) and tables that never leave the device (publishing jobs, the
/// derived latest readings, a migration's own temporary tables) may be rebuilt, to change a
/// constraint.
#[test]
fn later_migrations_only_add() {
    for m in MIGRATIONS.iter().skip(1) {
        let sql = m.sql.to_ascii_uppercase();
        for stmt in sql.split(';') {
            for banned in ["DROP TABLE", "DROP COLUMN", "RENAME", "ALTER COLUMN"] {
                if !stmt.contains(banned) {
                    continue;
                }
                let table = stmt
                    .split_whitespace()
                    .skip_while(|w| *w != "TABLE")
                    .nth(1)
                    .unwrap_or("");
                let name = table.to_ascii_lowercase();
                let stays = tsunagu::sync::tables::synced(&name).is_none()
                    && tsunagu::sync::tables::synced(name.trim_end_matches("_new")).is_none()
                    && name != "posts";
                assert!(
                    table.starts_with("SYNC_") || stays,
                    "{} uses {banned} on {table}",
                    m.name
                );
            }
        }
        for stmt in sql.split(';').filter(|s| s.contains("ADD COLUMN")) {
            assert!(
                !stmt.contains("NOT NULL") || stmt.contains("DEFAULT"),
                "{}: a new NOT NULL column needs a DEFAULT: {stmt}",
                m.name
            );
        }
    }
}

/// A database left by the previous version: every migration but the last, as it would have run.
fn previous_version_db(dir: &std::path::Path) -> i64 {
    let mut conn = Connection::open(dir.join("tsunagu.db")).unwrap();
    conn.execute_batch("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT '')")
        .unwrap();
    let previous = SCHEMA_VERSION - 1;
    for m in MIGRATIONS.iter().filter(|m| m.version <= previous) {
        let tx = conn.transaction().unwrap();
        tx.execute_batch(m.sql).unwrap();
        tx.execute(
            "INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)",
            rusqlite::params![m.version, m.name],
        )
        .unwrap();
        tx.pragma_update(None, "user_version", m.version).unwrap();
        tx.commit().unwrap();
    }
    previous
}

#[test]
fn the_first_start_of_a_version_that_migrates_copies_the_workspace_aside_first() {
    let dir = tempfile::tempdir().unwrap();
    let previous = previous_version_db(dir.path());
    let ws = open(dir.path(), clock(at(2026, 12, 6, 0, 0)), "Asia/Tokyo").unwrap();
    assert_eq!(ws.store().schema_version().unwrap(), SCHEMA_VERSION);
    let copies = upgrade_copies(dir.path());
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert!(
        copies[0].starts_with(&format!("before-upgrade-v{previous}-to-v{SCHEMA_VERSION}-")),
        "{copies:?}"
    );
    let copy = Connection::open(dir.path().join("backups").join(&copies[0])).unwrap();
    assert_eq!(
        user_version(&copy),
        previous,
        "the copy is the workspace as the old version left it"
    );
    drop(ws);
    // The next start migrates nothing and copies nothing more.
    let _ws = open(dir.path(), clock(at(2026, 12, 7, 0, 0)), "Asia/Tokyo").unwrap();
    assert_eq!(upgrade_copies(dir.path()), copies);
}

/// The copies taken before migrations, by name.
fn upgrade_copies(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("before-upgrade-") && n.ends_with(".db"))
        .collect();
    names.sort();
    names
}

fn user_version(conn: &Connection) -> i64 {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn no_copy_no_migration() {
    let dir = tempfile::tempdir().unwrap();
    let previous = previous_version_db(dir.path());
    // The backups folder cannot be made (as on a full or broken disk): a file sits there.
    std::fs::write(dir.path().join("backups"), b"not a folder").unwrap();
    let err = open(dir.path(), clock(at(2026, 12, 6, 0, 0)), "Asia/Tokyo").unwrap_err();
    assert!(
        err.to_string().contains("backups"),
        "the error names the folder: {err}"
    );
    let conn = Connection::open(dir.path().join("tsunagu.db")).unwrap();
    assert_eq!(
        user_version(&conn),
        previous,
        "the workspace stays as the old version left it"
    );
}
