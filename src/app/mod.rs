//! The way in: opening and creating a workspace, and the scheduler's tick, where the layers
//! meet.
//!
//! The context (`workspace`) and the modules below team sync must not know the layers above
//! them, yet a workspace is only whole with them: a new workspace is seeded with the default
//! templates and guideline pack, a team member's own writes are checked against the team's
//! rules, and the publisher counts only the team's signed approvals. This module is the one
//! place that names them all and plugs them in, so every opened workspace carries them.
//! Lower modules reach these rules only through [`crate::workspace::Hooks`].

pub mod accounts;
pub mod assistant;
pub mod briefing;
pub mod calendar;
pub mod chat;
pub mod convert;
pub mod crisis;
pub mod deleting;
pub mod guideline;
pub mod handoff;
mod join;
pub mod kpi;
pub mod materials;
pub mod media;
pub mod media_host;
pub mod outbox;
pub mod people;
pub mod plan;
pub mod print;
pub mod products;
pub mod purpose;
pub mod recent;
pub mod recognition;
pub mod requests;
pub mod review;
pub mod setup;
pub mod spreadsheet;
pub mod templates;
mod tick;
pub mod training;
pub mod updates;

pub use tick::{tick, Tick};

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::ids::IdSource;
use crate::model::Language;
use crate::store::{Source, Writer};
use crate::workspace::{Hooks, InitOptions, Workspace};
use std::path::Path;
use std::sync::Arc;

/// The rules of the layers above, as the context carries them.
const HOOKS: Hooks = Hooks {
    local_guard: Some(crate::sync::permit::check_local),
    team_approvals: crate::sync::approvals::signed_approvals,
};

/// A new workspace's first content: the default templates and the guideline pack in its
/// language.
fn seed(w: &mut Writer<'_>, language: Language) -> Result<()> {
    crate::templates::seed(w)?;
    crate::guideline::versions::seed(w, language)
}

/// Starts a company's own workspace in `dir` (a new or empty folder): named `name`, in
/// `time_zone` (the system's when `None`) and `language`; no people and no posts, the default
/// guideline and templates. A folder that holds anything already is refused, so a workspace
/// never lands among other files or on top of another workspace.
pub fn start_own(
    dir: &Path,
    clock: Arc<dyn Clock>,
    ids: Arc<dyn IdSource>,
    name: &str,
    time_zone: Option<&str>,
    language: Language,
) -> Result<Workspace> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(Error::invalid(
            "name",
            "Give the company's name (1 to 80 characters), as people there call it.",
        ));
    }
    let mut init = InitOptions {
        name: name.to_string(),
        language,
        ..InitOptions::default()
    };
    if let Some(tz) = time_zone {
        tz.parse::<chrono_tz::Tz>()
            .map_err(|_| Error::InvalidTimeZone(tz.to_string()))?;
        init.time_zone = tz.to_string();
    }
    if Workspace::exists(dir) {
        return Err(Error::invalid(
            "folder",
            format!(
                "{} already holds a workspace; open it, or choose a new folder.",
                dir.display()
            ),
        ));
    }
    if std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(Error::invalid(
            "folder",
            format!(
                "{} is not empty; choose a new or empty folder for the workspace.",
                dir.display()
            ),
        ));
    }
    let mut ws = Workspace::create(dir, clock, ids, &init)?;
    // A company's own workspace opens on the setup guide until it is finished or skipped.
    let ctx = ws.ctx(None, Source::System);
    ws.store_mut().write(&ctx, |w| setup::mark(w, false))?;
    Ok(ws)
}

impl Workspace {
    /// Opens the workspace in the existing folder `dir`, initialising it with `init` if the
    /// folder holds no database yet. Takes the daily backup when one is due, settles publish
    /// jobs after a restore, and gives a workspace made before guidelines its default pack.
    pub fn open(
        dir: &Path,
        clock: Arc<dyn Clock>,
        ids: Arc<dyn IdSource>,
        init: &InitOptions,
    ) -> Result<Self> {
        let (mut ws, fresh) = Workspace::open_context(dir, clock, ids, init, seed, HOOKS)?;
        ws.ambassador = crate::sync::acting_ambassador(ws.store().conn(), ws.device())?;
        if !fresh {
            // Just restored from a backup: whatever was in flight or published since that
            // backup is looked for on its platform before anything is sent again.
            let marker = ws.dir().join(crate::workspace::RESTORED_MARKER);
            if marker.exists() {
                let ctx = ws.ctx(None, Source::System);
                ws.store_mut()
                    .write(&ctx, crate::publish::outbox::mark_may_have_arrived)?;
                std::fs::remove_file(&marker).map_err(|e| Error::io("remove", &marker, e))?;
            }
            // Workspaces made before guidelines existed get the default pack once (not a
            // device waiting for its sealed team's data: the team's guideline is coming).
            if !crate::guideline::versions::any(ws.store().conn())?
                && !crate::sync::awaiting_team_data(ws.store().conn())?
            {
                let language = ws.settings()?.language;
                let ctx = ws.ctx(None, Source::System);
                ws.store_mut()
                    .write(&ctx, |w| crate::guideline::versions::seed(w, language))?;
            }
        }
        Ok(ws)
    }

    /// Creates `dir` (and its parents) if needed, then [`Workspace::open`]s it.
    pub fn create(
        dir: &Path,
        clock: Arc<dyn Clock>,
        ids: Arc<dyn IdSource>,
        init: &InitOptions,
    ) -> Result<Self> {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::WorkspaceNotAFolder(dir.to_path_buf()));
        }
        std::fs::create_dir_all(dir).map_err(|e| match e.kind() {
            std::io::ErrorKind::PermissionDenied => Error::WorkspaceReadOnly(dir.to_path_buf()),
            _ => Error::io("create", dir, e),
        })?;
        Self::open(dir, clock, ids, init)
    }
}
