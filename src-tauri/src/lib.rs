//! Tsunagu desktop shell: the window, the IPC commands and the change events.
//!
//! Everything the app knows lives in the `tsunagu` core crate; this crate only adapts it to
//! Tauri. The workspace folder comes from `--workspace DIR`, else `TSUNAGU_WORKSPACE`, else the
//! OS app-data folder; a folder with no workspace yet gets the demo, so a first run opens on a
//! living calendar.

pub mod commands;
pub mod commands_assistant;
pub mod commands_dashboard;
pub mod commands_handoff;
mod commands_intake;
pub mod commands_people;
pub mod commands_platforms;
pub mod commands_posts;
pub mod commands_publish;
pub mod commands_requests;
pub mod commands_review;
pub mod commands_setup;
pub mod commands_share;
pub mod commands_team;
pub mod commands_workspace;
pub mod error;
pub mod events;
pub mod instance;
pub mod ipc;
pub mod operations;
pub mod scheduler;
pub mod state;
pub mod tray;
pub mod updates;

#[cfg(test)]
mod bindings;
#[cfg(test)]
mod bindings_commands;

use state::AppState;
use std::path::PathBuf;

/// The argument the login start passes: start with the window hidden in the tray.
pub(crate) const HIDDEN_ARG: &str = "--hidden";

/// The `--workspace DIR` argument, if given, else a workspace the system asked to open (a
/// `workspace.tsunagu` double-clicked in a file manager, or a workspace folder).
fn workspace_arg() -> Option<PathBuf> {
    let mut args = std::env::args().skip(1);
    let mut opened = None;
    while let Some(a) = args.next() {
        if a == "--workspace" {
            return args.next().map(PathBuf::from);
        }
        if let Some(v) = a.strip_prefix("--workspace=") {
            return Some(PathBuf::from(v));
        }
        if !a.starts_with('-') && opened.is_none() {
            opened = tsunagu::paths::workspace_from_document(std::path::Path::new(&a));
        }
    }
    opened
}

/// Starts the app. Start-up failures that leave no window to explain them are fatal.
#[allow(clippy::expect_used)] // start-up: without a window there is nothing to show an error in
pub fn run() {
    let _ = commands::STARTED.set(std::time::Instant::now());
    let explicit = tsunagu::paths::named_workspace(workspace_arg());
    let dir = tsunagu::paths::resolve_workspace(explicit.clone())
        .unwrap_or_else(|| PathBuf::from("tsunagu-workspace"));
    tauri::Builder::default()
        // First, so a second launch hands over before anything else starts.
        .plugin(instance::plugin(explicit.as_deref()))
        .plugin(tauri_plugin_notification::init())
        // Signed updates from the company's own address (see `updates`).
        .plugin(tauri_plugin_updater::Builder::new().build())
        // 「ログイン時に起動」 (opt-in, Settings): started by the login with `--hidden`, so the
        // scheduler runs with the window kept in the tray.
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec![HIDDEN_ARG]),
        ))
        .manage(AppState::open(dir))
        .manage(operations::Operations::default())
        .manage(commands_intake::IntakeState::default())
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::workspace_info,
            commands_workspace::qr_code,
            commands_workspace::start_workspace,
            commands_workspace::open_demo,
            commands_workspace::leave_demo,
            commands::get_settings,
            commands::update_settings,
            commands::list_time_zones,
            commands::month_view,
            commands::calendar_posts,
            commands::restore_backup,
            commands::count_text,
            commands::get_post,
            commands::create_post_at,
            commands::save_draft,
            commands::reschedule_post,
            commands::list_revisions,
            commands::restore_revision,
            commands::month_planning,
            commands::add_to_next_free_slot,
            commands::export_ics,
            commands::post_media,
            commands::attach_image_file,
            commands::attach_image_data,
            commands::update_media,
            commands::detach_media,
            commands::media_thumbnail,
            commands::list_people,
            commands::list_templates,
            commands::save_template,
            commands::delete_template,
            commands::list_hashtag_sets,
            commands::save_hashtag_set,
            commands::delete_hashtag_set,
            commands::add_theme,
            commands::delete_theme,
            commands::set_cadence,
            commands::add_slot,
            commands::delete_slot,
            commands_people::get_person,
            commands_people::add_person,
            commands_people::update_person,
            commands_people::add_consent,
            commands_people::withdraw_consent,
            commands_people::import_roster,
            commands_people::export_roster,
            commands_people::hold_back_post,
            commands_intake::intake_addresses,
            commands_intake::intake_open,
            commands_intake::intake_status,
            commands_intake::intake_close,
            commands_intake::intake_revoke,
            commands_intake::intake_sheet,
            commands_intake::watch_folder,
            commands_intake::set_watch_folder,
            commands_intake::folder_files,
            commands_intake::assign_folder_file,
            commands_intake::dismiss_folder_file,
            commands_intake::handoff_candidates,
            commands_intake::auto_intake,
            commands_intake::set_auto_intake,
            commands_intake::intake_handoff,
            commands_intake::handoff_take_back,
            commands_requests::list_departments,
            commands_requests::request_board,
            commands_requests::person_requests,
            commands_requests::send_request,
            commands_requests::delete_request,
            commands_requests::list_materials,
            commands_requests::send_material,
            commands_requests::material_to_draft,
            commands_requests::current_guideline,
            commands_requests::list_training,
            commands_requests::acknowledge_guideline,
            commands_requests::person_ledger,
            commands_requests::list_contributors,
            commands_requests::contribution_ranking,
            commands_requests::list_recognitions,
            commands_requests::recognise,
            commands_review::lint_text,
            commands_review::check_post,
            commands_review::guideline_draft,
            commands_review::save_guideline_draft,
            commands_review::publish_guideline,
            commands_review::guideline_versions,
            commands_review::read_terms_csv,
            commands_review::export_terms_csv,
            commands_review::submit_for_review,
            commands_review::approve_post,
            commands_review::request_changes,
            commands_review::review_queue,
            commands_review::audit_log,
            commands_review::export_audit_csv,
            commands_review::who_am_i,
            commands::bench_painted,
            commands_review::set_me,
            commands_review::hand_over_device,
            commands_review::crisis_state,
            commands_review::crisis_pause,
            commands_review::crisis_resume,
            commands_review::guideline_rules,
            commands_publish::list_accounts,
            commands_publish::connect_bluesky,
            commands_publish::disconnect_account,
            commands_publish::set_account_profile,
            commands_posts::delete_post,
            commands_posts::restore_post,
            commands_posts::deleted_posts,
            commands_posts::import_posts,
            commands_posts::export_posts,
            commands_posts::search_posts,
            commands_posts::cancel_operation,
            commands_setup::setup_preset,
            commands_setup::apply_setup_plan,
            commands_setup::add_places,
            commands_setup::set_setup_done,
            commands_setup::products,
            commands_setup::set_products,
            commands_workspace::recent_workspaces,
            commands_workspace::open_workspace,
            commands_workspace::create_workspace,
            commands_workspace::convert_demo,
            commands_publish::make_default_account,
            commands_publish::set_account_cap,
            commands_publish::post_x_cost,
            commands_publish::expiry_warnings,
            commands_publish::next_post,
            commands_publish::autostart_enabled,
            commands_publish::set_autostart,
            commands_publish::check_token_health,
            commands_handoff::handoffs_waiting,
            commands_handoff::handoff_kit,
            commands_handoff::save_kit_image,
            commands_handoff::record_handoff,
            commands_handoff::set_account_by_hand,
            commands_handoff::connect_line,
            commands_handoff::post_line_quota,
            commands_handoff::guide_facts,
            commands_handoff::check_app_client,
            commands_publish::failed_jobs,
            commands_publish::retry_job,
            commands_publish::post_jobs,
            commands_publish::missed_posts,
            commands_publish::publish_missed_now,
            commands_publish::skip_missed,
            commands_publish::reschedule_missed,
            commands_publish::publish_now,
            commands_publish::connect_mastodon,
            commands_publish::connect_mastodon_token,
            commands_publish::delete_from_platforms,
            commands_publish::post_metrics,
            commands_dashboard::post_metrics_history,
            commands_publish::connect_x,
            commands_platforms::connect_with_token,
            commands_platforms::connect_via_exchange,
            commands_platforms::media_host,
            commands_platforms::set_media_host,
            commands_platforms::check_media_host,
            commands_platforms::blocked_posts,
            commands_team::team_status,
            commands_team::team_create,
            commands_team::team_invite,
            commands_team::team_join,
            commands_team::team_set_place,
            commands_team::team_admit,
            commands_team::team_revoke,
            commands_team::sync_now,
            commands_team::sync_conflicts,
            commands_team::resolve_conflict,
            commands_team::sync_quarantine,
            commands_dashboard::dashboard,
            commands_dashboard::list_purposes,
            commands_dashboard::add_kpi,
            commands_dashboard::set_kpi_value,
            commands_dashboard::import_kpi_csv,
            commands_dashboard::mark_success,
            commands_dashboard::unmark_success,
            commands_dashboard::export_report,
            commands_share::export_digest,
            commands_assistant::assistant_settings,
            commands_assistant::set_assistant,
            commands_assistant::assistant_notes,
            commands_assistant::assistant_draft,
            commands_assistant::assistant_fit,
            commands_assistant::assistant_explain,
            commands_assistant::assistant_plan,
            commands_assistant::assistant_alt,
            commands_share::export_kit,
            commands_share::kit_code,
            commands_share::chat_settings,
            commands_share::set_chat,
            commands_share::chat_preview,
            commands_share::send_to_chat,
            commands_dashboard::post_purpose,
            commands_dashboard::set_post_purpose,
            updates::update_status,
            updates::check_for_update,
            updates::install_update,
            updates::restart_app,
        ])
        .on_window_event(tray::on_window_event)
        .setup(|app| {
            if std::env::args().any(|a| a == HIDDEN_ARG) {
                if let Some(w) = tauri::Manager::get_webview_window(app, "main") {
                    let _ = w.hide();
                }
            }
            tauri::Manager::manage(
                app,
                updates::Updates::new(&app.package_info().version.to_string()),
            );
            tray::install(app.handle());
            updates::start(app.handle().clone());
            scheduler::start(app.handle().clone());
            commands_intake::start_watching(app.handle().clone());
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the Tauri runtime failed to start");
}
