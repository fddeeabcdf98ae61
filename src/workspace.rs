//! A workspace: one folder holding `tsunagu.db`, a content-addressed `media/` folder and
//! `backups/`.
//!
//! Opening checks the folder before SQLite sees it, so a missing, read-only or wrong path gets
//! an error that names it and says what to do, and nothing is created where it should not be.

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::ids::{DeviceId, IdSource, PersonId, WorkspaceId};
use crate::model::Language;
use crate::settings::{self, Settings, SettingsPatch};
use crate::store::{backup, write::val, Source, Store, WriteCtx};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use ts_rs::TS;

/// The database file inside a workspace folder.
pub const DB_FILE: &str = "tsunagu.db";
/// Left by a restore until the restored workspace has settled its publish jobs.
pub(crate) const RESTORED_MARKER: &str = "restored-from-backup";
/// The media folder inside a workspace folder.
pub const MEDIA_DIR: &str = "media";

/// What a new workspace starts with.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// Its name.
    pub name: String,
    /// Its IANA time zone.
    pub time_zone: String,
    /// Its UI language.
    pub language: Language,
    /// A name for this device.
    pub device_name: String,
    /// Only the device's own row: a workspace about to receive its team's data when it joins
    /// (the team's workspace row, templates and guideline come from the lead).
    pub bare: bool,
}

impl Default for InitOptions {
    fn default() -> Self {
        Self {
            name: "Tsunagu".into(),
            time_zone: crate::paths::system_time_zone().unwrap_or_else(|| "Asia/Tokyo".into()),
            language: Language::System,
            device_name: std::env::var("HOSTNAME")
                .ok()
                .filter(|h| !h.is_empty())
                .unwrap_or_else(|| "this device".into()),
            bare: false,
        }
    }
}

/// What a new workspace is seeded with, in its first transaction (the default templates and
/// guideline pack, which live in layers above this one).
pub(crate) type Seed = fn(&mut crate::store::Writer<'_>, Language) -> Result<()>;

/// The approvals of `(post, hash)` that count in a team, or `None` outside a team.
pub(crate) type TeamApprovals =
    fn(&rusqlite::Connection, crate::ids::PostId, &str) -> Result<Option<u32>>;

/// What the layers above plug into an open workspace, so this context and the modules below
/// the team layer never name them: the team's rules for a team member's own writes, and the
/// team's count of signed approvals for the publisher's exit check.
#[derive(Clone, Copy)]
pub(crate) struct Hooks {
    /// See [`crate::store::write::LocalGuard`].
    pub local_guard: Option<crate::store::write::LocalGuard>,
    /// See [`TeamApprovals`].
    pub team_approvals: TeamApprovals,
}

/// Counts that tell at a glance what a workspace holds.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WorkspaceInfo {
    /// The folder.
    pub path: String,
    /// The workspace name.
    pub name: String,
    /// People on the roster.
    pub people: i64,
    /// Posts (calendar items).
    pub posts: i64,
    /// The database schema version.
    pub schema_version: i64,
    /// The time zone.
    pub time_zone: String,
    /// Why today's automatic backup could not be written, if it could not.
    pub backup_warning: Option<String>,
    /// The demo workspace (never a team, never real accounts).
    pub demo: bool,
    /// The setup guide was finished or skipped (a company's new workspace opens on it).
    pub setup_done: bool,
}

/// Whether the workspace is the demo.
pub fn is_demo(conn: &rusqlite::Connection) -> Result<bool> {
    Ok(
        conn.query_row("SELECT demo FROM workspace LIMIT 1", [], |r| {
            r.get::<_, i64>(0)
        })? != 0,
    )
}

/// Marks the workspace as the demo (done once, by the demo builder).
pub fn mark_demo(w: &mut crate::store::Writer<'_>) -> Result<()> {
    set_fields(w, &[("demo", val::int(1))])
}

/// Writes `fields` on the workspace's one row.
pub(crate) fn set_fields(
    w: &mut crate::store::Writer<'_>,
    fields: &[(&'static str, rusqlite::types::Value)],
) -> Result<()> {
    let id: String = w
        .conn()
        .query_row("SELECT id FROM workspace LIMIT 1", [], |r| r.get(0))?;
    w.update("workspace", &[("id", val::text(id))], fields)
}

/// Refuses `what` in the demo workspace, with what to do instead.
pub fn refuse_in_demo(conn: &rusqlite::Connection, what: &str) -> Result<()> {
    if is_demo(conn)? {
        return Err(Error::refused(
            crate::error::Rule::DemoWorkspace,
            "workspace",
            format!(
                "This is the demo workspace, which cannot {what}. Start your company's own \
                 workspace (the first screen, or `tsunagu init DIR --name NAME`) and do it there."
            ),
        ));
    }
    Ok(())
}

/// An open workspace.
pub struct Workspace {
    dir: PathBuf,
    store: Store,
    clock: Arc<dyn Clock>,
    ids: Arc<dyn IdSource>,
    device: DeviceId,
    /// The compiled current guideline, by version id (published versions never change). Held
    /// as `Any` so this context does not name the guideline module above it.
    pub(crate) linter: std::cell::RefCell<Option<(String, Arc<dyn std::any::Any + Send + Sync>)>>,
    /// What the layers above plug in when the app opens the workspace.
    hooks: Hooks,
    /// On an ambassador's device, the person every write acts as (their drafts are theirs).
    pub(crate) ambassador: Option<PersonId>,
    /// Why the automatic backup failed when this workspace was opened, if it did.
    backup_warning: Option<String>,
}

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl Workspace {
    /// Does `dir` hold a workspace database?
    pub fn exists(dir: &Path) -> bool {
        dir.join(DB_FILE).is_file()
    }

    /// Opens the context of the workspace in the existing folder `dir`, initialising it with
    /// `init` (and `seed`, in the same transaction) if the folder holds no database yet, and
    /// taking the daily backup when one is due. Returns whether it was new. The app's
    /// `Workspace::open` (in `app`) is the way in; it supplies the seed and the hooks.
    pub(crate) fn open_context(
        dir: &Path,
        clock: Arc<dyn Clock>,
        ids: Arc<dyn IdSource>,
        init: &InitOptions,
        seed: Seed,
        hooks: Hooks,
    ) -> Result<(Self, bool)> {
        check_folder(dir)?;
        let fresh = !Self::exists(dir);
        if fresh {
            settings::validate_time_zone(&init.time_zone)?;
            check_writable(dir)?;
        }
        let store = Store::open(&dir.join(DB_FILE), clock.now())?;
        let mut ws = Workspace {
            dir: dir.to_path_buf(),
            store,
            clock,
            ids,
            device: DeviceId(uuid::Uuid::nil()),
            linter: std::cell::RefCell::new(None),
            hooks,
            ambassador: None,
            backup_warning: None,
        };
        ws.device = match ws.local_device()? {
            Some(d) => d,
            None => ws.initialise(init, seed)?,
        };
        // The file a file manager opens the workspace with (see `paths::DOCUMENT_EXT`); a
        // folder that cannot take it is still a workspace.
        let marker = dir.join(crate::paths::DOCUMENT_FILE);
        if !marker.exists() {
            let _ = std::fs::write(&marker, crate::paths::DOCUMENT_TEXT);
        }
        if !fresh {
            // A backup that cannot be written (a full disk) never keeps anyone out of their
            // workspace: it is a warning the fronts show, and the next opening tries again.
            ws.take_daily_backup();
        }
        Ok((ws, fresh))
    }

    /// Takes today's automatic backup if it is not there yet (a connection kept open across
    /// midnight); a failure becomes the backup warning, as at opening.
    pub fn take_daily_backup(&mut self) {
        self.backup_warning = backup::daily(
            self.store.conn(),
            &self.dir.join(backup::BACKUP_DIR),
            self.clock.now(),
        )
        .err()
        .map(|e| e.to_string());
    }

    /// The hooks the app plugged in.
    pub(crate) fn hooks(&self) -> Hooks {
        self.hooks
    }

    fn local_device(&self) -> Result<Option<DeviceId>> {
        use rusqlite::OptionalExtension;
        let id: Option<String> = self
            .store
            .conn()
            .query_row("SELECT id FROM devices WHERE is_local = 1", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(id.as_deref().and_then(DeviceId::parse))
    }

    fn initialise(&mut self, init: &InitOptions, seed: Seed) -> Result<DeviceId> {
        let now = self.clock.now();
        let ms = u64::try_from(now.timestamp_millis()).unwrap_or(0);
        let device = DeviceId(self.ids.next_at(ms));
        let workspace = WorkspaceId(self.ids.next_at(ms));
        let name = settings::validate_name(&init.name)?;
        self.device = device;
        let ctx = self.ctx(None, Source::System);
        self.store.write(&ctx, |w| {
            let at = w.now_text().to_string();
            w.insert(
                "devices",
                &[("id", val::text(device.as_string()))],
                &[
                    ("name", val::text(init.device_name.clone())),
                    ("is_local", val::int(1)),
                    ("created_at", val::text(at.clone())),
                ],
            )?;
            if init.bare {
                return Ok(());
            }
            w.insert(
                "workspace",
                &[("id", val::text(workspace.as_string()))],
                &[
                    ("name", val::text(name)),
                    ("time_zone", val::text(init.time_zone.clone())),
                    ("language", val::text(init.language.as_str())),
                    ("created_at", val::text(at.clone())),
                    ("updated_at", val::text(at)),
                ],
            )?;
            seed(w, init.language)
        })?;
        let media = self.dir.join(MEDIA_DIR);
        std::fs::create_dir_all(&media).map_err(|e| Error::io("create", &media, e))?;
        Ok(device)
    }

    /// The person using this device, if chosen.
    pub fn me(&self) -> Result<Option<PersonId>> {
        let id: Option<String> = self.store().conn().query_row(
            "SELECT person_id FROM devices WHERE id = ?1",
            [self.device().as_string()],
            |r| r.get(0),
        )?;
        Ok(id.as_deref().and_then(PersonId::parse))
    }

    /// A write context for this workspace's device.
    pub fn ctx(&self, actor: Option<PersonId>, source: Source) -> WriteCtx {
        WriteCtx {
            actor: actor.or(self.ambassador),
            ambassador: self.ambassador,
            guard: self.hooks.local_guard,
            device: self.device,
            source,
            clock: Arc::clone(&self.clock),
            ids: Arc::clone(&self.ids),
        }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The store, for domain modules.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The store, for domain writes.
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// The clock this workspace uses.
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// This device's id.
    pub fn device(&self) -> DeviceId {
        self.device
    }

    /// The workspace's time zone.
    pub fn time_zone(&self) -> Result<chrono_tz::Tz> {
        settings::validate_time_zone(&self.settings()?.time_zone)
    }

    /// Today's date in the workspace's time zone.
    pub fn today(&self) -> Result<chrono::NaiveDate> {
        Ok(self
            .clock()
            .now()
            .with_timezone(&self.time_zone()?)
            .date_naive())
    }

    /// The workspace settings.
    pub fn settings(&self) -> Result<Settings> {
        settings::load(self.store.conn())
    }

    /// Changes settings; returns them as saved.
    pub fn update_settings(&mut self, source: Source, patch: &SettingsPatch) -> Result<Settings> {
        let ctx = self.ctx(None, source);
        settings::update(&mut self.store, &ctx, patch)
    }

    /// Counts for `tsunagu info`.
    pub fn info(&self) -> Result<WorkspaceInfo> {
        let conn = self.store.conn();
        let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0));
        let s = self.settings()?;
        Ok(WorkspaceInfo {
            path: self.dir.display().to_string(),
            name: s.name,
            people: count("SELECT count(*) FROM people")?,
            posts: count("SELECT count(*) FROM posts WHERE deleted_at IS NULL")?,
            schema_version: self.store.schema_version()?,
            time_zone: s.time_zone,
            backup_warning: self.backup_warning.clone(),
            demo: is_demo(conn)?,
            setup_done: conn.query_row("SELECT setup_done FROM workspace LIMIT 1", [], |r| {
                r.get::<_, i64>(0)
            })? == 1,
        })
    }

    /// The change log from `after_seq` on, oldest first, at most `limit` entries.
    pub fn changes_since(&self, after_seq: i64, limit: usize) -> Result<Vec<crate::store::Change>> {
        crate::store::write::changes_since(self.store.conn(), after_seq, limit)
    }

    /// Why today's automatic backup could not be written, when it could not (shown as a
    /// warning; the workspace opened anyway).
    pub fn backup_warning(&self) -> Option<&str> {
        self.backup_warning.as_deref()
    }

    /// Takes a backup now, whatever the day; returns its path.
    pub fn backup_now(&self) -> Result<PathBuf> {
        backup::create(
            self.store.conn(),
            &self.dir.join(backup::BACKUP_DIR),
            self.clock.now(),
        )
    }
}

/// Replaces a damaged database in `dir` with the newest backup. The damaged file (and its
/// WAL) is renamed aside, never deleted. Returns the backup used.
pub fn restore_newest_backup(dir: &Path, clock: &dyn Clock) -> Result<PathBuf> {
    check_folder(dir)?;
    let backups = dir.join(backup::BACKUP_DIR);
    let newest = backup::newest(&backups)?.ok_or_else(|| Error::NoBackup(backups.clone()))?;
    let stamp = clock.now().format("%Y%m%dT%H%M%SZ").to_string();
    for suffix in ["", "-wal", "-shm"] {
        let file = dir.join(format!("{DB_FILE}{suffix}"));
        if file.exists() {
            let aside = dir.join(format!("{DB_FILE}{suffix}.damaged-{stamp}"));
            std::fs::rename(&file, &aside).map_err(|e| Error::io("rename", &file, e))?;
        }
    }
    let target = dir.join(DB_FILE);
    // Written first: if the copy is cut short, the next restore still settles the jobs.
    let marker = dir.join(RESTORED_MARKER);
    std::fs::write(&marker, newest.display().to_string())
        .map_err(|e| Error::io("write", &marker, e))?;
    std::fs::copy(&newest, &target).map_err(|e| Error::io("copy", &newest, e))?;
    Ok(newest)
}

fn check_folder(dir: &Path) -> Result<()> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(Error::WorkspaceNotAFolder(dir.to_path_buf())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(Error::WorkspaceMissing(dir.to_path_buf()))
        }
        Err(e) => Err(Error::io("read", dir, e)),
    }
}

/// Proves the folder takes new files, so a read-only folder is reported as such.
fn check_writable(dir: &Path) -> Result<()> {
    let probe = dir.join(".tsunagu-write-probe");
    match std::fs::write(&probe, b"") {
        Ok(()) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e)
            if e.kind() == std::io::ErrorKind::PermissionDenied
                || e.kind() == std::io::ErrorKind::ReadOnlyFilesystem =>
        {
            Err(Error::WorkspaceReadOnly(dir.to_path_buf()))
        }
        Err(e) => Err(Error::io("write in", dir, e)),
    }
}

/// Whether this device holds only its own person's private records (consents, handles): an
/// ambassador's laptop in a team receives only what it needs (see `sync::audience`), so a
/// check that reads a colleague's consent leaves it to the reviewers' devices.
pub fn own_records_only(conn: &rusqlite::Connection) -> Result<bool> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row("SELECT role FROM sync_team WHERE id = 1", [], |r| {
            r.get::<_, String>(0)
        })
        .optional()?
        .is_some_and(|role| role == "ambassador"))
}
