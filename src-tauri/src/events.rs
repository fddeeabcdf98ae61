//! Change events from the shell to the UI: after a write, the UI refetches what it shows.

use serde::Serialize;
use tauri::{AppHandle, Emitter};
use ts_rs::TS;

/// The event name the UI listens to.
pub const CHANGED_EVENT: &str = "tsunagu://changed";

/// What changed.
#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Changed {
    /// Workspace settings.
    Settings,
    /// Posts (created, edited, moved).
    Posts,
    /// Templates.
    Templates,
    /// The roster.
    People,
    /// The whole workspace (reopened or restored).
    Workspace,
    /// The guideline (a draft saved or a version published).
    Guideline,
    /// The crisis pause began or ended.
    Crisis,
    /// Team sync: a round ran, a device joined or left, a conflict was settled.
    Team,
}

/// Tells every window that `what` changed. A window that misses it only shows stale data
/// until its next fetch, so a failed emit is not an error for the write that caused it.
pub fn notify_changed(app: &AppHandle, what: Changed) {
    let _ = app.emit(CHANGED_EVENT, what);
}
