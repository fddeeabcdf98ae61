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
    /// The workspace folder.
    pub dir: PathBuf,
    slot: Mutex<Result<Workspace, IpcError>>,
    /// Where account secrets live: the OS keychain, nowhere else.
    pub secrets: Arc<dyn SecretStore>,
    /// Bumped whenever the workspace's database is replaced (a restore, a join), so a
    /// connection kept elsewhere (the scheduler's) knows to open it again.
    generation: std::sync::atomic::AtomicU64,
}

impl AppState {
    /// Opens the workspace in `dir`; a folder without one gets the demo (first run).
    pub fn open(dir: PathBuf) -> Self {
        let slot = open_or_demo(&dir).map_err(IpcError::from);
        Self {
            dir,
            slot: Mutex::new(slot),
            secrets: Arc::new(Keychain::new()),
            generation: std::sync::atomic::AtomicU64::new(0),
        }
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
            &self.dir,
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
        tsunagu::workspace::restore_newest_backup(&self.dir, &SystemClock)?;
        *guard = open_or_demo(&self.dir).map_err(IpcError::from);
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
        let joined = Workspace::join_team_replacing(
            &self.dir,
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
                *guard = open_or_demo(&self.dir).map_err(IpcError::from);
                self.replaced();
                Err(IpcError::from(e))
            }
        }
    }
}

fn open_or_demo(dir: &std::path::Path) -> tsunagu::Result<Workspace> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let missing_or_empty = !Workspace::exists(dir)
        && std::fs::read_dir(dir).map_or(true, |mut entries| entries.next().is_none());
    if missing_or_empty {
        return tsunagu::demo::build(dir, clock, tsunagu::demo::DemoOptions::default());
    }
    Workspace::open(dir, clock, Arc::new(RandomIds), &InitOptions::default())
}
