//! IPC commands: each a domain verb, each a line or two over one core function.
//!
//! How to add a command: write it here with `#[tauri::command]`, returning `IpcResult<T>`
//! where `T` derives `ts_rs::TS`; add it to `generate_handler!` in `lib.rs`; if `T` is new,
//! add it to `bindings::TYPES`; then run `scripts/bindings.sh` to regenerate
//! `ui/src/bindings.ts` (a test fails while that file is stale).

use crate::error::IpcResult;
use crate::events::{notify_changed, Changed};
use crate::ipc::decode_file;
use crate::state::AppState;
use serde::Serialize;
use tauri::{AppHandle, State};
use ts_rs::TS;
use tsunagu::calendar::{CalendarPost, MonthView, YearMonth};
use tsunagu::counting::Count;
use tsunagu::ids::{PostId, RowId, ThemeId};
use tsunagu::media::{MediaInfo, MediaPatch};
use tsunagu::model::Platform;
use tsunagu::planning::{MonthPlanning, OpenSlot};
use tsunagu::posts::{DraftInput, PostDetail, Rescheduled, Revision};
use tsunagu::roster::PersonSummary;
use tsunagu::settings::{Settings, SettingsPatch};
use tsunagu::store::Source;
use tsunagu::templates::{HashtagSet, Template, TemplateInput};
use tsunagu::workspace::WorkspaceInfo;

/// Facts about the running app the UI needs at start.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    /// The app version.
    pub version: String,
    /// The workspace folder.
    pub workspace_path: String,
    /// "ja" or "en" from the system locale, when the system says.
    pub system_language: Option<String>,
}

/// Facts about the running app.
#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> IpcResult<AppInfo> {
    bench_mark("first-ipc");
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        workspace_path: state.dir().display().to_string(),
        system_language: tsunagu::paths::system_language().map(str::to_string),
    })
}

/// The window has painted its first calendar. Only the start-up benchmark
/// (`scripts/bench-start.sh`) listens: with `TSUNAGU_BENCH_EXIT` set the app quits here, and
/// with `TSUNAGU_BENCH_REPORT` set it says so on standard output; otherwise nothing happens.
#[tauri::command]
pub fn bench_painted(app: tauri::AppHandle) {
    bench_mark("painted");
    if std::env::var_os("TSUNAGU_BENCH_EXIT").is_some() {
        app.exit(0);
    }
}

/// When the process started (for the start-up benchmark's marks).
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// With `TSUNAGU_BENCH_REPORT` set, prints `name` and the milliseconds since start, so the
/// benchmark can say where start-up time goes. (Standard output is the benchmark's channel.)
#[allow(clippy::print_stdout)]
pub fn bench_mark(name: &str) {
    if std::env::var_os("TSUNAGU_BENCH_REPORT").is_some() {
        let ms = STARTED.get().map_or(0, |t| t.elapsed().as_millis());
        println!("{name} {ms}");
    }
}

/// What the open workspace holds; fails with the reason when it could not be opened.
#[tauri::command]
pub fn workspace_info(state: State<'_, AppState>) -> IpcResult<WorkspaceInfo> {
    state.with(|ws| ws.info())
}

/// The workspace settings.
#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> IpcResult<Settings> {
    state.with(|ws| ws.settings())
}

/// Changes settings and returns them as saved.
#[tauri::command]
pub fn update_settings(
    app: AppHandle,
    state: State<'_, AppState>,
    patch: SettingsPatch,
) -> IpcResult<Settings> {
    let saved = state.with(|ws| ws.update_settings(Source::Ui, &patch))?;
    notify_changed(&app, Changed::Settings);
    // The tray menu speaks the workspace language too.
    crate::tray::relabel(&app);
    Ok(saved)
}

/// Every IANA time zone name.
#[tauri::command]
pub fn list_time_zones() -> IpcResult<Vec<String>> {
    Ok(tsunagu::settings::time_zones()
        .into_iter()
        .map(str::to_string)
        .collect())
}

/// One month of the calendar (`YYYY-MM`, workspace time zone).
#[tauri::command]
pub fn month_view(state: State<'_, AppState>, month: String) -> IpcResult<MonthView> {
    state.with(|ws| tsunagu::app::calendar::month_view(ws, YearMonth::parse(&month)?))
}

/// Some posts as the calendar shows them (a deleted one is absent): after an autosave the
/// calendar reloads only the post that changed.
#[tauri::command]
pub fn calendar_posts(
    state: State<'_, AppState>,
    ids: Vec<PostId>,
) -> IpcResult<Vec<CalendarPost>> {
    state.with(|ws| tsunagu::app::calendar::calendar_posts(ws, &ids))
}

/// Replaces a damaged workspace database with its newest backup.
#[tauri::command]
pub fn restore_backup(app: AppHandle, state: State<'_, AppState>) -> IpcResult<WorkspaceInfo> {
    state.restore_backup()?;
    notify_changed(&app, Changed::Workspace);
    state.with(|ws| ws.info())
}

/// Counts a text the way each platform does.
#[tauri::command]
pub fn count_text(text: String, platforms: Vec<Platform>) -> IpcResult<Vec<Count>> {
    Ok(tsunagu::counting::count_all(&platforms, &text))
}

/// One post as the editor shows it.
#[tauri::command]
pub fn get_post(state: State<'_, AppState>, id: PostId) -> IpcResult<PostDetail> {
    state.with(|ws| ws.post(id))
}

/// Creates a draft at a wall-clock time in the workspace zone (`YYYY-MM-DDTHH:MM`).
#[tauri::command]
pub fn create_post_at(
    app: AppHandle,
    state: State<'_, AppState>,
    title: String,
    local_time: String,
    platforms: Vec<Platform>,
) -> IpcResult<PostDetail> {
    let post =
        state.with(|ws| ws.create_post_at(Source::Ui, None, &title, &local_time, &platforms))?;
    notify_changed(&app, Changed::Posts);
    Ok(post)
}

/// Saves the editor's state (autosave).
#[tauri::command]
pub fn save_draft(
    app: AppHandle,
    state: State<'_, AppState>,
    id: PostId,
    input: DraftInput,
) -> IpcResult<PostDetail> {
    state.write(&app, Changed::Posts, |ws| {
        ws.save_draft(Source::Ui, None, id, &input)
    })
}

/// Moves a post to a wall-clock time; the answer carries the old time for undo.
#[tauri::command]
pub fn reschedule_post(
    app: AppHandle,
    state: State<'_, AppState>,
    id: PostId,
    local_time: String,
) -> IpcResult<Rescheduled> {
    state.write(&app, Changed::Posts, |ws| {
        ws.reschedule(Source::Ui, None, id, &local_time)
    })
}

/// A post's revisions, newest first.
#[tauri::command]
pub fn list_revisions(state: State<'_, AppState>, id: PostId) -> IpcResult<Vec<Revision>> {
    state.with(|ws| ws.revisions(id))
}

/// Puts a revision's text back.
#[tauri::command]
pub fn restore_revision(
    app: AppHandle,
    state: State<'_, AppState>,
    id: PostId,
    revision: RowId,
) -> IpcResult<PostDetail> {
    let post = state.with(|ws| ws.restore_revision(Source::Ui, None, id, revision))?;
    notify_changed(&app, Changed::Posts);
    Ok(post)
}

/// Cadence, slots and open slots for a month.
#[tauri::command]
pub fn month_planning(state: State<'_, AppState>, month: String) -> IpcResult<MonthPlanning> {
    state.with(|ws| tsunagu::app::plan::month_planning(ws, YearMonth::parse(&month)?))
}

/// Moves a post into the first open recurring slot.
#[tauri::command]
pub fn add_to_next_free_slot(
    app: AppHandle,
    state: State<'_, AppState>,
    id: PostId,
) -> IpcResult<OpenSlot> {
    let slot = state.with(|ws| tsunagu::app::plan::add_to_next_free_slot(ws, Source::Ui, id))?;
    notify_changed(&app, Changed::Posts);
    Ok(slot)
}

/// Writes the calendar as an .ics file (Downloads, else the workspace's exports folder) and
/// returns its path.
#[tauri::command]
pub fn export_ics(state: State<'_, AppState>) -> IpcResult<String> {
    state.with(|ws| {
        let ics = tsunagu::app::calendar::export_ics(ws, tsunagu::ics::IcsRange::default())?;
        write_export(ws, "tsunagu", "ics", ics.as_bytes())
    })
}

/// Writes an export to Downloads (else the workspace's `exports` folder) under a temporary
/// name, then renames it, so a half-written file is never left where a user opens it.
/// Returns the path.
pub(crate) fn write_export(
    ws: &tsunagu::Workspace,
    prefix: &str,
    ext: &str,
    bytes: &[u8],
) -> tsunagu::Result<String> {
    let dir = tsunagu::paths::downloads_dir()
        .filter(|d| d.is_dir())
        .unwrap_or_else(|| ws.dir().join("exports"));
    std::fs::create_dir_all(&dir).map_err(|e| tsunagu::Error::io("create", &dir, e))?;
    let name = format!(
        "{prefix}-{}.{ext}",
        ws.clock().now().format("%Y%m%d-%H%M%S")
    );
    let path = dir.join(name);
    let tmp = path.with_extension("partial");
    std::fs::write(&tmp, bytes).map_err(|e| tsunagu::Error::io("write", &tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| tsunagu::Error::io("write", &path, e))?;
    Ok(path.display().to_string())
}

/// The images of a post, in order.
#[tauri::command]
pub fn post_media(state: State<'_, AppState>, id: PostId) -> IpcResult<Vec<MediaInfo>> {
    state.with(|ws| tsunagu::app::media::post_media(ws, id))
}

/// Attaches an image file (dropped on the window) to a post.
#[tauri::command]
pub fn attach_image_file(
    app: AppHandle,
    state: State<'_, AppState>,
    id: PostId,
    path: String,
) -> IpcResult<MediaInfo> {
    let m = state.with(|ws| {
        tsunagu::app::media::attach_image_file(
            ws,
            Source::Ui,
            None,
            id,
            std::path::Path::new(&path),
        )
    })?;
    notify_changed(&app, Changed::Posts);
    Ok(m)
}

/// Attaches an image chosen in the file picker (base64 bytes) to a post.
#[tauri::command]
pub fn attach_image_data(
    app: AppHandle,
    state: State<'_, AppState>,
    id: PostId,
    file_name: String,
    data: String,
) -> IpcResult<MediaInfo> {
    let bytes = decode_file("image", &data)?;
    state.write(&app, Changed::Posts, |ws| {
        tsunagu::app::media::attach_image(ws, Source::Ui, None, id, &file_name, &bytes)
    })
}

/// Changes an image's alt text, faces flag or people.
#[tauri::command]
pub fn update_media(
    app: AppHandle,
    state: State<'_, AppState>,
    media: RowId,
    patch: MediaPatch,
) -> IpcResult<MediaInfo> {
    let m =
        state.with(|ws| tsunagu::app::media::update_media(ws, Source::Ui, None, media, &patch))?;
    // The guideline check and any review depend on the images' flags and people.
    notify_changed(&app, Changed::Posts);
    Ok(m)
}

/// Removes an image from a post.
#[tauri::command]
pub fn detach_media(
    app: AppHandle,
    state: State<'_, AppState>,
    id: PostId,
    media: RowId,
) -> IpcResult<()> {
    state.with(|ws| tsunagu::app::media::detach_media(ws, Source::Ui, None, id, media))?;
    notify_changed(&app, Changed::Posts);
    Ok(())
}

/// An image's thumbnail as a `data:` URL.
#[tauri::command]
pub fn media_thumbnail(state: State<'_, AppState>, media: RowId) -> IpcResult<String> {
    use base64::Engine as _;
    let bytes = state.with(|ws| tsunagu::app::media::media_thumbnail(ws, media))?;
    Ok(format!(
        "data:image/jpeg;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

/// Everyone on the roster.
#[tauri::command]
pub fn list_people(state: State<'_, AppState>) -> IpcResult<Vec<PersonSummary>> {
    state.with(|ws| tsunagu::app::people::people(ws))
}

/// All templates.
#[tauri::command]
pub fn list_templates(state: State<'_, AppState>) -> IpcResult<Vec<Template>> {
    state.with(|ws| tsunagu::app::templates::templates(ws))
}

/// Adds (`id` null) or changes a template.
#[tauri::command]
pub fn save_template(
    app: AppHandle,
    state: State<'_, AppState>,
    id: Option<RowId>,
    input: TemplateInput,
) -> IpcResult<Template> {
    let t = state.with(|ws| tsunagu::app::templates::save_template(ws, Source::Ui, id, &input))?;
    notify_changed(&app, Changed::Templates);
    Ok(t)
}

/// Deletes a template.
#[tauri::command]
pub fn delete_template(app: AppHandle, state: State<'_, AppState>, id: RowId) -> IpcResult<()> {
    state.write(&app, Changed::Templates, |ws| {
        tsunagu::app::templates::delete_template(ws, Source::Ui, id)
    })
}

/// All hashtag sets.
#[tauri::command]
pub fn list_hashtag_sets(state: State<'_, AppState>) -> IpcResult<Vec<HashtagSet>> {
    state.with(|ws| tsunagu::app::templates::hashtag_sets(ws))
}

/// Adds (`id` null) or changes a hashtag set; `tags` is free text ("#a #b, c").
#[tauri::command]
pub fn save_hashtag_set(
    app: AppHandle,
    state: State<'_, AppState>,
    id: Option<RowId>,
    name: String,
    tags: String,
    language: String,
) -> IpcResult<HashtagSet> {
    let set = state.with(|ws| {
        tsunagu::app::templates::save_hashtag_set(ws, Source::Ui, id, &name, &tags, &language)
    })?;
    notify_changed(&app, Changed::Templates);
    Ok(set)
}

/// Deletes a hashtag set.
#[tauri::command]
pub fn delete_hashtag_set(app: AppHandle, state: State<'_, AppState>, id: RowId) -> IpcResult<()> {
    state.write(&app, Changed::Templates, |ws| {
        tsunagu::app::templates::delete_hashtag_set(ws, Source::Ui, id)
    })
}

/// Adds a monthly theme (`month` as `YYYY-MM`, `color` as `#rrggbb`).
#[tauri::command]
pub fn add_theme(
    app: AppHandle,
    state: State<'_, AppState>,
    month: String,
    title: String,
    description: String,
    color: String,
) -> IpcResult<()> {
    state.write(&app, Changed::Posts, |ws| {
        tsunagu::app::plan::add_theme(
            ws,
            Source::Ui,
            YearMonth::parse(&month)?,
            &title,
            &description,
            &color,
        )
        .map(|_| ())
    })
}

/// Removes a monthly theme.
#[tauri::command]
pub fn delete_theme(app: AppHandle, state: State<'_, AppState>, id: ThemeId) -> IpcResult<()> {
    state.write(&app, Changed::Posts, |ws| {
        tsunagu::app::plan::delete_theme(ws, Source::Ui, id)
    })
}

/// Sets a weekly target (0 removes it): for the platform as a whole, or for one of its
/// accounts.
#[tauri::command]
pub fn set_cadence(
    app: AppHandle,
    state: State<'_, AppState>,
    platform: Platform,
    per_week: u32,
    account: Option<RowId>,
) -> IpcResult<()> {
    state.write(&app, Changed::Posts, |ws| {
        tsunagu::app::plan::set_account_cadence(ws, Source::Ui, platform, account, per_week)
    })
}

/// Adds a recurring slot (ISO weekday 1–7, `HH:MM`).
#[tauri::command]
pub fn add_slot(
    app: AppHandle,
    state: State<'_, AppState>,
    weekday: u32,
    local_time: String,
    title: String,
    platform: Platform,
) -> IpcResult<()> {
    state.write(&app, Changed::Posts, |ws| {
        tsunagu::app::plan::add_slot(ws, Source::Ui, weekday, &local_time, &title, platform)
            .map(|_| ())
    })
}

/// Removes a recurring slot.
#[tauri::command]
pub fn delete_slot(app: AppHandle, state: State<'_, AppState>, id: RowId) -> IpcResult<()> {
    state.write(&app, Changed::Posts, |ws| {
        tsunagu::app::plan::delete_slot(ws, Source::Ui, id)
    })
}
