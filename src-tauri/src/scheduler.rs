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
    if report.failed > 0 {
        notify_failure(app, &state, report.failed);
    }
    let changed = report.published + report.retrying + report.failed > 0;
    // The window refetches: the calendar's colours, the failures list, the missed posts.
    if changed || !report.missed.is_empty() {
        notify_changed(app, Changed::Posts);
    }
    changed
}

/// Failure is loud: a desktop notification besides the red post and the failures list. A
/// desktop without a notification service only loses the notification, never the failure.
fn notify_failure(app: &AppHandle, state: &AppState, failed: u32) {
    use tauri_plugin_notification::NotificationExt;
    let english = state
        .with(|ws| ws.settings())
        .map(|s| s.language == tsunagu::model::Language::En)
        .unwrap_or(false);
    let (title, body) = if english {
        (
            "Tsunagu: a post could not be published".to_string(),
            format!("{failed} post(s) failed. Open Accounts → failures to see the platform's reason and retry."),
        )
    } else {
        (
            "Tsunagu：公開できなかった投稿があります".to_string(),
            format!("{failed}件の投稿が失敗しました。「アカウント」の一覧で理由を確認し、もう一度試せます。"),
        )
    };
    let _ = app.notification().builder().title(title).body(body).show();
}

/// Starts the background thread.
pub fn start(app: AppHandle) {
    std::thread::spawn(move || loop {
        std::thread::sleep(INTERVAL);
        pass(&app);
    });
}
