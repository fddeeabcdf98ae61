//! The scheduler: while the app runs, a background thread does a publishing pass every
//! 30 seconds and tells the window what changed. Due posts go out on time; posts that came due
//! while the app was closed are not published here but listed for a decision (the core never
//! publishes late by surprise); the crisis pause makes every pass do nothing.

use crate::events::{notify_changed, Changed};
use crate::state::AppState;
use std::time::Duration;
use tauri::{AppHandle, Manager};

/// How often a pass runs.
pub const INTERVAL: Duration = Duration::from_secs(30);

/// Runs one pass now; returns whether anything changed.
pub fn pass(app: &AppHandle) -> bool {
    let state = app.state::<AppState>();
    let secrets = std::sync::Arc::clone(&state.secrets);
    let runner = format!("app-{}", std::process::id());
    let Ok(report) = state.with(|ws| ws.publish_due(secrets.as_ref(), &runner)) else {
        // Another runner holds the lock, or the workspace is not open: try again next time.
        return false;
    };
    let changed = report.published + report.retrying + report.failed > 0;
    // The window refetches: the calendar's colours, the failures list, the missed posts.
    if changed || !report.missed.is_empty() {
        notify_changed(app, Changed::Posts);
    }
    changed
}

/// Starts the background thread.
pub fn start(app: AppHandle) {
    std::thread::spawn(move || loop {
        std::thread::sleep(INTERVAL);
        pass(&app);
    });
}
