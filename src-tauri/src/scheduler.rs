//! The scheduler: while the app runs, a background thread does a publishing pass every
//! 30 seconds and tells the window what changed. Due posts go out on time; posts that came due
//! while the app was closed are not published here but listed for a decision (the core never
//! publishes late by surprise); the crisis pause makes every pass do nothing.

use crate::events::{notify_changed, Changed};
use crate::state::AppState;
use std::sync::Mutex;
use std::time::Duration;
use tauri::{AppHandle, Manager};
use tsunagu::clock::SystemClock;

/// How often a pass runs.
pub const INTERVAL: Duration = Duration::from_secs(30);

/// The interval: `TSUNAGU_PUBLISH_INTERVAL_SECS` (1–3600) for tests and impatient setups,
/// else [`INTERVAL`].
fn interval() -> Duration {
    std::env::var("TSUNAGU_PUBLISH_INTERVAL_SECS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| (1..=3600).contains(s))
        .map_or(INTERVAL, Duration::from_secs)
}

/// One pass at a time in this process: "publish now" waits for a running pass instead of
/// being turned away by the workspace's publishing lock. It also keeps the passes' own
/// connection (with the generation of the database it was opened on) from one pass to the
/// next: opening a workspace runs its start-up checks, which a pass every 30 seconds need not
/// repeat. The daily backup is still taken when a day turns.
static PASS: Mutex<Option<(u64, tsunagu::Workspace)>> = Mutex::new(None);

/// Runs one pass now; returns whether anything changed.
///
/// The pass works on its own connection to the workspace, not on the window's: a slow platform
/// (up to the 30-second timeout per request) never freezes the window's commands. SQLite in WAL
/// mode lets both write, each in short transactions.
pub fn pass(app: &AppHandle) -> bool {
    pass_then_next(app).0
}

/// Runs one pass; returns whether anything changed and when the next job falls due.
fn pass_then_next(app: &AppHandle) -> (bool, Option<chrono::DateTime<chrono::Utc>>) {
    let mut kept = PASS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let state = app.state::<AppState>();
    let generation = state.generation();
    if kept.as_ref().is_none_or(|(g, _)| *g != generation) {
        let Ok(ws) = state.open_own() else {
            // The window explains a workspace that does not open; nothing to publish from.
            *kept = None;
            return (false, None);
        };
        *kept = Some((generation, ws));
    }
    let Some((_, ws)) = kept.as_mut() else {
        return (false, None);
    };
    let runner = format!("app-{}", std::process::id());
    let Ok(tick) = tsunagu::app::tick(ws, state.secrets.as_ref(), &runner) else {
        // The workspace could not be read this time: try again next time.
        return (false, None);
    };
    if tick.failed() > 0 {
        let english = ws
            .settings()
            .map(|s| s.language == tsunagu::model::Language::En)
            .unwrap_or(false);
        notify_failure(app, english, tick.failed());
    }
    if tick.to_post_by_hand() > 0 {
        let english = ws
            .settings()
            .map(|s| s.language == tsunagu::model::Language::En)
            .unwrap_or(false);
        notify_by_hand(app, english, tick.to_post_by_hand());
    }
    if !tick.expiring.is_empty() {
        let english = ws
            .settings()
            .map(|s| s.language == tsunagu::model::Language::En)
            .unwrap_or(false);
        for w in &tick.expiring {
            notify_expiry(app, english, w);
        }
    }
    if tick.accounts_changed() || !tick.expiring.is_empty() {
        notify_changed(app, Changed::Accounts);
    }
    if tick.in_team {
        notify_changed(app, Changed::Team);
    }
    // The window refetches: the calendar's colours, the failures list, the missed posts.
    if tick.changed() {
        notify_changed(app, Changed::Posts);
    }
    (tick.changed(), tick.next_due)
}

/// Failure is loud: a desktop notification besides the red post and the failures list. A
/// desktop without a notification service only loses the notification, never the failure.
fn notify_failure(app: &AppHandle, english: bool, failed: u32) {
    use tauri_plugin_notification::NotificationExt;
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

/// A post whose time came for a channel posted by hand: its kit is ready on the Accounts
/// screen (and nobody would know otherwise, since nothing goes out by itself).
fn notify_by_hand(app: &AppHandle, english: bool, count: u32) {
    use tauri_plugin_notification::NotificationExt;
    let (title, body) = if english {
        (
            format!("Tsunagu: {count} post(s) to post by hand"),
            "Their time has come. Open Accounts → Posts to post by hand for each kit, and record the address once it is up.".to_string(),
        )
    } else {
        (
            format!("Tsunagu：手動で投稿する投稿が{count}件あります"),
            "予定の時刻になりました。「アカウント」の「手動で投稿する投稿」で公開キットを開き、投稿したらURLを記録してください。".to_string(),
        )
    };
    let _ = app.notification().builder().title(title).body(body).show();
}

/// A connection that ends soon is said once per warning (14, 7 and 1 days ahead, and when it
/// has ended), besides the sidebar and the calendar, so it never dies unnoticed.
fn notify_expiry(app: &AppHandle, english: bool, w: &tsunagu::publish::health::ExpiryWarning) {
    use tauri_plugin_notification::NotificationExt;
    let platform = tsunagu::publish::tokens::display_name(w.platform);
    let (title, body) = match (english, w.threshold) {
        (true, 0) => (
            format!("Tsunagu: the connection to {} ({platform}) has ended", w.label),
            "Its scheduled posts cannot go out. Reconnect it on the Accounts screen.".to_string(),
        ),
        (true, _) => (
            format!("Tsunagu: the connection to {} ({platform}) ends in {} day(s)", w.label, w.days_left.max(1)),
            "Reconnect it on the Accounts screen before then, or its scheduled posts will not go out.".to_string(),
        ),
        (false, 0) => (
            format!("Tsunagu：{}（{platform}）の接続が切れました", w.label),
            "予約した投稿は公開できません。アカウント画面でつなぎ直してください。".to_string(),
        ),
        (false, _) => (
            format!("Tsunagu：{}（{platform}）の接続があと{}日で切れます", w.label, w.days_left.max(1)),
            "それまでにアカウント画面でつなぎ直してください。切れた後の予約投稿は公開されません。".to_string(),
        ),
    };
    let _ = app.notification().builder().title(title).body(body).show();
}

/// Says that a pass ended in a panic: on standard error (for logs and the terminal) and as a
/// desktop notification. The window's failures list still shows any job it left behind.
fn report_panic(app: &AppHandle, cause: &(dyn std::any::Any + Send)) {
    use tauri_plugin_notification::NotificationExt;
    let what = cause
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| cause.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    eprintln!(
        "tsunagu: a publishing pass stopped unexpectedly ({what}); the next pass runs as usual"
    );
    let english = app
        .state::<AppState>()
        .open_own()
        .ok()
        .and_then(|ws| ws.settings().ok())
        .is_some_and(|s| s.language == tsunagu::model::Language::En);
    let (title, body) = if english {
        ("Tsunagu: a publishing pass stopped unexpectedly", "Nothing was lost; the next pass runs in a moment. If this repeats, save a backup and report it.")
    } else {
        ("Tsunagu：公開の処理が途中で止まりました", "データは失われていません。次の処理はまもなく行われます。繰り返す場合はバックアップを保存してご連絡ください。")
    };
    let _ = app.notification().builder().title(title).body(body).show();
}

/// Starts the background thread.
pub fn start(app: AppHandle) {
    let every = interval();
    std::thread::spawn(move || {
        let mut next = None;
        loop {
            // Wake at the next due job when that is sooner than the interval, so a post goes
            // out at its minute and a rate-limit reset is used when it comes.
            let until_next = next
                .and_then(|n: chrono::DateTime<chrono::Utc>| {
                    (n - tsunagu::clock::Clock::now(&SystemClock)).to_std().ok()
                })
                .unwrap_or(every);
            std::thread::sleep(until_next.clamp(Duration::from_secs(1), every));
            // A pass that panics (a bug, or input nobody foresaw) must not end the scheduler
            // silently: it is reported loudly and the next pass runs as usual. Every write is
            // a transaction, so a pass cut short leaves nothing half-written.
            next = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                pass_then_next(&app)
            })) {
                Ok((_, next)) => next,
                Err(cause) => {
                    report_panic(&app, cause.as_ref());
                    // The next pass starts from a fresh connection.
                    *PASS
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
                    None
                }
            };
        }
    });
}
