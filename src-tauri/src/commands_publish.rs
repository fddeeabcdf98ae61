//! IPC commands for accounts and publishing. Same rules as `commands.rs`; the app password
//! passes through once, to the platform and into the keychain, and is never stored or logged.

use crate::error::IpcResult;
use crate::events::{notify_changed, Changed};
use crate::state::AppState;
use tauri::{AppHandle, State};
use tsunagu::ids::{PostId, RowId};
use tsunagu::publish::accounts::Account;
use tsunagu::publish::metrics::PostMetrics;
use tsunagu::publish::outbox::{Job, MissedPost};
use tsunagu::publish::withdraw::Withdrawal;
use tsunagu::store::Source;

/// Runs work that waits on the network on a thread of its own. Async commands run inside the
/// Tauri runtime, where the blocking HTTP client must not start (it would abort the app), and
/// plain commands run on the main thread, where waiting would freeze the window.
pub(crate) fn blocking<T: Send>(work: impl FnOnce() -> IpcResult<T> + Send) -> IpcResult<T> {
    std::thread::scope(|s| s.spawn(work).join()).unwrap_or_else(|_| {
        Err(crate::error::IpcError {
            rule: None,
            code: tsunagu::ErrorCode::Io,
            message: "Talking to the platform failed unexpectedly; try again.".into(),
        })
    })
}

/// Connected accounts (no secrets).
#[tauri::command]
pub fn list_accounts(state: State<'_, AppState>) -> IpcResult<Vec<Account>> {
    state.with(|ws| tsunagu::app::accounts::accounts(ws))
}

/// Connects a Bluesky account with an app password.
#[tauri::command(async)]
pub fn connect_bluesky(
    app: AppHandle,
    state: State<'_, AppState>,
    service: String,
    handle: String,
    password: String,
) -> IpcResult<Account> {
    let secrets = std::sync::Arc::clone(&state.secrets);
    // On a connection of its own: the window's commands do not wait for the platform.
    let a = blocking(|| {
        let mut ws = state.open_own()?;
        Ok(tsunagu::app::accounts::connect_bluesky(
            &mut ws,
            Source::Ui,
            secrets.as_ref(),
            &service,
            &handle,
            &password,
        )?)
    })?;
    notify_changed(&app, Changed::Accounts);
    Ok(a)
}

/// Disconnects an account (its tokens leave the keychain).
#[tauri::command]
pub fn disconnect_account(app: AppHandle, state: State<'_, AppState>, id: RowId) -> IpcResult<()> {
    let secrets = std::sync::Arc::clone(&state.secrets);
    state.with(|ws| {
        tsunagu::app::accounts::disconnect_account(ws, Source::Ui, secrets.as_ref(), id)
    })?;
    notify_changed(&app, Changed::Settings);
    Ok(())
}

/// Gives an account its company name and calendar colour.
#[tauri::command]
pub fn set_account_profile(
    app: AppHandle,
    state: State<'_, AppState>,
    id: RowId,
    display_name: String,
    colour: Option<String>,
) -> IpcResult<Account> {
    let a = state.with(|ws| {
        tsunagu::app::accounts::set_profile(ws, Source::Ui, id, &display_name, colour.as_deref())
    })?;
    notify_changed(&app, Changed::Accounts);
    Ok(a)
}

/// Makes an account its platform's default.
#[tauri::command]
pub fn make_default_account(
    app: AppHandle,
    state: State<'_, AppState>,
    id: RowId,
) -> IpcResult<Account> {
    let a = state.with(|ws| tsunagu::app::accounts::make_default(ws, Source::Ui, id))?;
    notify_changed(&app, Changed::Accounts);
    Ok(a)
}

/// Sets (or removes) an account's monthly spending cap, in millionths of a US dollar.
#[tauri::command]
pub fn set_account_cap(
    app: AppHandle,
    state: State<'_, AppState>,
    id: RowId,
    cap_micros: Option<i64>,
) -> IpcResult<Account> {
    let a =
        state.with(|ws| tsunagu::app::accounts::set_monthly_cap(ws, Source::Ui, id, cap_micros))?;
    notify_changed(&app, Changed::Accounts);
    Ok(a)
}

/// What a post's X version will cost, against its account's month.
#[tauri::command]
pub fn post_x_cost(
    state: State<'_, AppState>,
    post: PostId,
) -> IpcResult<Option<tsunagu::publish::spend::XCost>> {
    state.with(|ws| tsunagu::app::accounts::x_cost(ws, post))
}

/// Connections ending within two weeks (or ended), soonest first.
#[tauri::command]
pub fn expiry_warnings(
    state: State<'_, AppState>,
) -> IpcResult<Vec<tsunagu::publish::health::ExpiryWarning>> {
    state.with(|ws| tsunagu::app::accounts::expiry_warnings(ws))
}

/// Reads every token account's expiry from its platform now.
#[tauri::command]
pub fn check_token_health(
    app: AppHandle,
    state: State<'_, AppState>,
) -> IpcResult<tsunagu::publish::health::HealthReport> {
    let secrets = std::sync::Arc::clone(&state.secrets);
    let r = state.with(|ws| tsunagu::app::accounts::check_token_health(ws, secrets.as_ref()))?;
    notify_changed(&app, Changed::Accounts);
    Ok(r)
}

/// Whether Tsunagu starts at login (with its window hidden, so the scheduler runs).
#[tauri::command]
pub fn autostart_enabled(app: AppHandle) -> IpcResult<bool> {
    use tauri_plugin_autostart::ManagerExt;
    app.autolaunch().is_enabled().map_err(|e| {
        tsunagu::Error::io(
            "read",
            "the login items",
            std::io::Error::other(e.to_string()),
        )
        .into()
    })
}

/// Starts Tsunagu at login, or stops doing so; returns whether it now does.
#[tauri::command]
pub fn set_autostart(app: AppHandle, on: bool) -> IpcResult<bool> {
    use tauri_plugin_autostart::ManagerExt;
    let launcher = app.autolaunch();
    let done = if on {
        launcher.enable()
    } else {
        launcher.disable()
    };
    done.and_then(|()| launcher.is_enabled()).map_err(|e| {
        tsunagu::Error::io(
            "write",
            "the login items",
            std::io::Error::other(e.to_string()),
        )
        .into()
    })
}

/// The next post to go out and whether this computer must be on for it.
#[tauri::command]
pub fn next_post(
    state: State<'_, AppState>,
) -> IpcResult<Option<tsunagu::publish::outbox::NextPost>> {
    state.with(|ws| tsunagu::app::outbox::next_post(ws))
}

/// The latest numbers of a post on each platform.
#[tauri::command]
pub fn post_metrics(state: State<'_, AppState>, post: PostId) -> IpcResult<Vec<PostMetrics>> {
    state.with(|ws| tsunagu::app::outbox::post_metrics(ws, post))
}

/// Jobs that failed and need a person.
#[tauri::command]
pub fn failed_jobs(state: State<'_, AppState>) -> IpcResult<Vec<Job>> {
    state.with(|ws| tsunagu::app::outbox::failed_jobs(ws))
}

/// Puts a failed job back in the queue.
#[tauri::command]
pub fn retry_job(app: AppHandle, state: State<'_, AppState>, id: RowId) -> IpcResult<()> {
    state.with(|ws| tsunagu::app::outbox::retry_job(ws, Source::Ui, id))?;
    notify_changed(&app, Changed::Posts);
    Ok(())
}

/// A post's jobs, per platform.
#[tauri::command]
pub fn post_jobs(state: State<'_, AppState>, post: PostId) -> IpcResult<Vec<Job>> {
    state.with(|ws| tsunagu::app::outbox::post_jobs(ws, post))
}

/// Posts that came due while nothing was publishing.
#[tauri::command]
pub fn missed_posts(state: State<'_, AppState>) -> IpcResult<Vec<MissedPost>> {
    state.with(|ws| tsunagu::app::outbox::missed_posts(ws))
}

/// Gives a missed post a new time ahead (wall clock in the workspace zone).
#[tauri::command]
pub fn reschedule_missed(
    app: AppHandle,
    state: State<'_, AppState>,
    post: PostId,
    local_time: String,
) -> IpcResult<()> {
    state.with(|ws| tsunagu::app::outbox::reschedule_missed(ws, Source::Ui, post, &local_time))?;
    notify_changed(&app, Changed::Posts);
    Ok(())
}

/// Publishes a missed post now.
#[tauri::command(async)]
pub fn publish_missed_now(
    app: AppHandle,
    state: State<'_, AppState>,
    post: PostId,
) -> IpcResult<()> {
    state.with(|ws| tsunagu::app::outbox::publish_missed_now(ws, Source::Ui, post))?;
    blocking(|| Ok(crate::scheduler::pass(&app)))?;
    notify_changed(&app, Changed::Posts);
    Ok(())
}

/// Does not publish a missed post (it goes back to approved).
#[tauri::command]
pub fn skip_missed(app: AppHandle, state: State<'_, AppState>, post: PostId) -> IpcResult<()> {
    state.write(&app, Changed::Posts, |ws| {
        tsunagu::app::outbox::skip_missed(ws, Source::Ui, post)
    })
}

/// Runs a publishing pass now instead of waiting for the next one.
#[tauri::command(async)]
pub fn publish_now(app: AppHandle) -> IpcResult<bool> {
    blocking(|| Ok(crate::scheduler::pass(&app)))
}

/// Opens `url` in the system browser (the Mastodon approval page).
///
/// `TSUNAGU_BROWSER` names a program to use instead of the system's choice (a kiosk setup, or
/// the end-to-end tests, whose "browser" follows the approval page's redirect by itself).
pub(crate) fn open_in_browser(url: &str) -> tsunagu::Result<()> {
    let chosen = std::env::var("TSUNAGU_BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty());
    let mut cmd = if let Some(program) = chosen {
        std::process::Command::new(program)
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("rundll32");
        c.arg("url.dll,FileProtocolHandler");
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .spawn()
        .map(|_| ())
        .map_err(|e| tsunagu::Error::io("open the browser for", url, e))
}

/// Connects a Mastodon account through the system browser (OAuth with PKCE on a loopback
/// redirect). Runs off the main thread: it waits, up to five minutes, for the person to approve
/// in the browser, and holds the workspace only to record the result.
#[tauri::command(async)]
pub fn connect_mastodon(
    app: AppHandle,
    state: State<'_, AppState>,
    instance: String,
) -> IpcResult<Account> {
    let secrets = std::sync::Arc::clone(&state.secrets);
    let a = blocking(|| {
        let signed = tsunagu::publish::accounts::mastodon_sign_in(&instance, &open_in_browser)
            .map_err(crate::error::IpcError::from)?;
        let mut ws = state.open_own()?;
        Ok(tsunagu::app::accounts::connect_mastodon_signed_in(
            &mut ws,
            Source::Ui,
            secrets.as_ref(),
            &signed,
        )?)
    })?;
    notify_changed(&app, Changed::Accounts);
    Ok(a)
}

/// Connects a Mastodon account with an access token made on the instance.
#[tauri::command(async)]
pub fn connect_mastodon_token(
    app: AppHandle,
    state: State<'_, AppState>,
    instance: String,
    token: String,
) -> IpcResult<Account> {
    let secrets = std::sync::Arc::clone(&state.secrets);
    let a = blocking(|| {
        let mut ws = state.open_own()?;
        Ok(tsunagu::app::accounts::connect_mastodon_token(
            &mut ws,
            Source::Ui,
            secrets.as_ref(),
            &instance,
            &token,
        )?)
    })?;
    notify_changed(&app, Changed::Accounts);
    Ok(a)
}

/// Asks every platform a published post went to to delete it (from the roster's impact list,
/// when consent is withdrawn). Off the main thread and on its own connection: it waits on the
/// platforms.
#[tauri::command(async)]
pub fn delete_from_platforms(
    app: AppHandle,
    state: State<'_, AppState>,
    post: PostId,
) -> IpcResult<Withdrawal> {
    let done = blocking(|| {
        let mut ws = state.open_own()?;
        Ok(ws.delete_from_platforms(Source::Ui, state.secrets.as_ref(), post)?)
    })?;
    notify_changed(&app, Changed::Posts);
    Ok(done)
}

/// Connects an X account through the system browser: the company's X app (a public "Native
/// App" client id) with its registered loopback port; OAuth 2.0 with PKCE. Off the main thread:
/// it waits, up to five minutes, for the person to approve.
#[tauri::command(async)]
pub fn connect_x(
    app: AppHandle,
    state: State<'_, AppState>,
    api: String,
    client_id: String,
    port: u16,
) -> IpcResult<Account> {
    let secrets = std::sync::Arc::clone(&state.secrets);
    let a = blocking(|| {
        let signed =
            tsunagu::publish::adapters::x::x_sign_in(&api, &client_id, port, &open_in_browser)
                .map_err(crate::error::IpcError::from)?;
        let mut ws = state.open_own()?;
        Ok(ws.connect_x_signed_in(Source::Ui, secrets.as_ref(), &signed)?)
    })?;
    notify_changed(&app, Changed::Accounts);
    Ok(a)
}
