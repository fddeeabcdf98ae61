//! What the shell keeps between commands: the open workspace, or why it could not be opened.
//!
//! A workspace that fails to open (damaged, from a newer version, read-only) still lets the
//! window start, so the UI can explain the problem and offer the way out instead of the app
//! vanishing at launch.

use crate::error::{IpcError, IpcResult};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use tsunagu::clock::{Clock, SystemClock};
use tsunagu::ids::RandomIds;
use tsunagu::secrets::{Keychain, SecretStore};
use tsunagu::workspace::InitOptions;
use tsunagu::{Error, ErrorCode, Workspace};

/// The shell's state.
pub struct AppState {
    /// The company's own workspace folder (given with `--workspace`, else the default).
    home: PathBuf,
    /// The folder open now: `home`, or the demo's beside it.
    dir: Mutex<PathBuf>,
    slot: Mutex<Result<Workspace, IpcError>>,
    /// Where account secrets live: the OS keychain, nowhere else.
    pub secrets: Arc<dyn SecretStore>,
    /// Bumped whenever the workspace's database is replaced (a restore, a join), so a
    /// connection kept elsewhere (the scheduler's) knows to open it again.
    generation: std::sync::atomic::AtomicU64,
}

impl AppState {
    /// Opens the company's workspace in `home`; when there is none yet, the demo beside it if
    /// one was opened before, else nothing: the window then shows the two doors (start the
    /// company's own workspace, or see the demo).
    pub fn open(home: PathBuf) -> Self {
        let demo = demo_dir(&home);
        let dir = if !Workspace::exists(&home) && Workspace::exists(&demo) {
            demo
        } else {
            home.clone()
        };
        let slot = open_existing(&dir).map_err(IpcError::from);
        let state = Self {
            home,
            dir: Mutex::new(dir),
            slot: Mutex::new(slot),
            secrets: Arc::new(Keychain::new()),
            generation: std::sync::atomic::AtomicU64::new(0),
        };
        state.remember();
        state
    }

    /// The list of recently opened workspaces (beside the company's folder).
    fn recent_file(&self) -> PathBuf {
        tsunagu::app::recent::file_for(&self.home)
    }

    /// Puts the open workspace at the top of the recent list (a list that cannot be written
    /// only loses the convenience, never the workspace).
    fn remember(&self) {
        let dir = self.dir();
        let Ok(guard) = self.slot.lock() else { return };
        if let Ok(ws) = guard.as_ref() {
            if let Ok(info) = ws.info() {
                let _ = tsunagu::app::recent::remember(
                    &self.recent_file(),
                    &dir,
                    &info.name,
                    info.demo,
                    SystemClock.now(),
                );
            }
        }
    }

    /// The recent workspaces, the open one marked.
    pub fn recent(&self) -> Vec<tsunagu::app::recent::RecentWorkspace> {
        let now = std::path::absolute(self.dir()).unwrap_or_else(|_| self.dir());
        tsunagu::app::recent::list(&self.recent_file())
            .into_iter()
            .map(|mut r| {
                r.current = std::path::Path::new(&r.path) == now;
                r
            })
            .collect()
    }

    /// Opens the workspace in the folder `dir` (from the recent list or typed by the lead); a
    /// folder without one is refused and the open workspace stays open.
    pub fn open_folder(&self, dir: PathBuf) -> IpcResult<()> {
        if !dir.is_absolute() || !Workspace::exists(&dir) {
            return Err(IpcError::from(Error::invalid(
                "folder",
                format!(
                    "{} holds no Tsunagu workspace. Give the full path of a workspace folder (the one with tsunagu.db in it).",
                    dir.display()
                ),
            )));
        }
        self.switch(dir, open_existing)?;
        self.remember();
        Ok(())
    }

    /// Starts a new company workspace in the folder `dir` (new or empty) and opens it.
    pub fn create_in(
        &self,
        dir: PathBuf,
        name: &str,
        time_zone: &str,
        language: tsunagu::model::Language,
    ) -> IpcResult<()> {
        if !dir.is_absolute() {
            return Err(IpcError::from(Error::invalid(
                "folder",
                "Give the full path of the new workspace's folder (for example /home/sato/tsunagu/採用).",
            )));
        }
        if Workspace::exists(&dir)
            || std::fs::read_dir(&dir).is_ok_and(|mut entries| entries.next().is_some())
        {
            return Err(IpcError::from(Error::invalid(
                "folder",
                format!(
                    "{} is not empty; choose a new or empty folder.",
                    dir.display()
                ),
            )));
        }
        self.switch(dir, |d| {
            tsunagu::app::start_own(
                d,
                Arc::new(SystemClock),
                Arc::new(RandomIds),
                name,
                Some(time_zone),
                language,
            )
        })?;
        self.remember();
        Ok(())
    }

    /// The folder open now.
    pub fn dir(&self) -> PathBuf {
        self.dir
            .lock()
            .map(|d| d.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    /// Closes what is open and opens `dir` with `open`, which creates it when it must.
    fn switch(
        &self,
        dir: PathBuf,
        open: impl FnOnce(&std::path::Path) -> tsunagu::Result<Workspace>,
    ) -> IpcResult<()> {
        let mut guard = self.lock()?;
        // The window's connection closes first.
        drop(std::mem::replace(
            &mut *guard,
            Err(IpcError::from(Error::WorkspaceMissing(dir.clone()))),
        ));
        let opened = open(&dir).map_err(IpcError::from);
        let result = opened.as_ref().map(|_| ()).map_err(Clone::clone);
        *guard = opened;
        if let Ok(mut d) = self.dir.lock() {
            *d = dir;
        }
        self.replaced();
        result
    }

    /// Starts the company's own workspace in its folder (the first door), then opens it.
    pub fn start_own(
        &self,
        name: &str,
        time_zone: &str,
        language: tsunagu::model::Language,
    ) -> IpcResult<()> {
        let home = self.home.clone();
        let started = self.switch(home, |dir| {
            tsunagu::app::start_own(
                dir,
                Arc::new(SystemClock),
                Arc::new(RandomIds),
                name,
                Some(time_zone),
                language,
            )
        });
        self.remember();
        started
    }

    /// Opens the demo (the second door), building it beside the company's folder the first
    /// time.
    pub fn open_demo(&self) -> IpcResult<()> {
        let demo = demo_dir(&self.home);
        let opened = self.switch(demo, |dir| {
            if Workspace::exists(dir) {
                open_existing(dir)
            } else {
                tsunagu::demo::build(
                    dir,
                    Arc::new(SystemClock),
                    tsunagu::demo::DemoOptions {
                        as_demo: true,
                        ..Default::default()
                    },
                )
            }
        });
        self.remember();
        opened
    }

    /// Converts the open demo into the company's own workspace in the company's folder (only
    /// templates, hashtag sets and the guideline go with it) and opens that.
    pub fn convert_demo(
        &self,
        name: &str,
        time_zone: &str,
        language: tsunagu::model::Language,
    ) -> IpcResult<tsunagu::app::convert::Converted> {
        let home = self.home.clone();
        let mut guard = self.lock()?;
        let (own, done) = match guard.as_ref() {
            Ok(demo) => tsunagu::app::convert::convert_demo(
                demo,
                &home,
                Arc::new(SystemClock),
                Arc::new(RandomIds),
                name,
                Some(time_zone),
                language,
            )
            .map_err(IpcError::from)?,
            Err(e) => return Err(e.clone()),
        };
        *guard = Ok(own);
        drop(guard);
        if let Ok(mut d) = self.dir.lock() {
            *d = home;
        }
        self.replaced();
        self.remember();
        Ok(done)
    }

    /// Leaves the demo for the company's own folder (where the two doors appear if it holds
    /// no workspace yet).
    pub fn leave_demo(&self) -> IpcResult<()> {
        let home = self.home.clone();
        let _ = self.switch(home, open_existing);
        Ok(())
    }

    /// Which database is current (see the `generation` field).
    pub fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn replaced(&self) {
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    fn lock(&self) -> IpcResult<MutexGuard<'_, Result<Workspace, IpcError>>> {
        self.slot.lock().map_err(|_| IpcError {
            rule: None,
            code: ErrorCode::Io,
            message: "An earlier operation crashed; restart Tsunagu.".into(),
        })
    }

    /// Runs `f` on the open workspace.
    pub fn with<T>(&self, f: impl FnOnce(&mut Workspace) -> tsunagu::Result<T>) -> IpcResult<T> {
        let mut guard = self.lock()?;
        match guard.as_mut() {
            Ok(ws) => f(ws).map_err(IpcError::from),
            Err(e) => Err(e.clone()),
        }
    }

    /// What the window's connection wrote since the last call (nothing when the workspace
    /// is not open).
    pub fn take_changes(&self) -> tsunagu::store::ChangeSet {
        match self.slot.lock() {
            Ok(mut guard) => guard
                .as_mut()
                .map(|ws| ws.store_mut().take_changes())
                .unwrap_or_default(),
            Err(_) => tsunagu::store::ChangeSet::default(),
        }
    }

    /// A connection of its own to the same workspace, for work that waits on the network (a
    /// publishing pass, deleting from a platform) so the window's commands never wait for it.
    pub fn open_own(&self) -> IpcResult<Workspace> {
        if let Err(e) = self.lock()?.as_ref() {
            return Err(e.clone());
        }
        Workspace::open(
            &self.dir(),
            Arc::new(SystemClock),
            Arc::new(RandomIds),
            &InitOptions::default(),
        )
        .map_err(IpcError::from)
    }

    /// Replaces a damaged database with its newest backup and reopens it.
    pub fn restore_backup(&self) -> IpcResult<()> {
        let mut guard = self.lock()?;
        if let Ok(ws) = guard.as_ref() {
            // Never replace a database that opened fine.
            let _ = ws;
            return Err(IpcError::from(Error::invalid(
                "restore",
                "The workspace opened normally; there is nothing to restore.",
            )));
        }
        let dir = self.dir();
        tsunagu::workspace::restore_newest_backup(&dir, &SystemClock)?;
        *guard = open_existing(&dir).map_err(IpcError::from);
        self.replaced();
        guard.as_ref().map(|_| ()).map_err(Clone::clone)
    }
}

impl AppState {
    /// Joins a team in this window's workspace folder: the workspace there (a fresh install's
    /// demo, say) is set aside in the folder, renamed, and the team's opens in its place. A bad
    /// code or an unreachable place changes nothing.
    pub fn join_team(&self, code: &str, place: &tsunagu::sync::Place) -> IpcResult<()> {
        let mut guard = self.lock()?;
        // The window's connection closes first, so the files can move.
        let previous = std::mem::replace(
            &mut *guard,
            Err(IpcError {
                rule: None,
                code: ErrorCode::Io,
                message: "Joining the team…".into(),
            }),
        );
        drop(previous);
        let dir = self.dir();
        let joined = Workspace::join_team_replacing(
            &dir,
            code,
            place,
            self.secrets.as_ref(),
            Arc::new(SystemClock),
            Arc::new(RandomIds),
        );
        match joined {
            Ok(ws) => {
                *guard = Ok(ws);
                self.replaced();
                Ok(())
            }
            Err(e) => {
                *guard = open_existing(&dir).map_err(IpcError::from);
                self.replaced();
                Err(IpcError::from(e))
            }
        }
    }
}

/// The demo's folder: beside the company's (`…/tsunagu/demo` next to `…/tsunagu/workspace`).
fn demo_dir(home: &std::path::Path) -> PathBuf {
    home.parent()
        .map_or_else(|| PathBuf::from("tsunagu-demo"), |p| p.join("demo"))
}

/// Opens the workspace in `dir`; a missing or empty folder is `WorkspaceMissing` (the window
/// shows the two doors), never a workspace made silently.
fn open_existing(dir: &std::path::Path) -> tsunagu::Result<Workspace> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let missing_or_empty = !Workspace::exists(dir)
        && std::fs::read_dir(dir).map_or(true, |mut entries| entries.next().is_none());
    if missing_or_empty {
        return Err(Error::WorkspaceMissing(dir.to_path_buf()));
    }
    Workspace::open(dir, clock, Arc::new(RandomIds), &InitOptions::default())
}
