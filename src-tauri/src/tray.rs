//! The tray icon: Tsunagu keeps publishing with its window closed.
//!
//! A scheduler that stops when someone closes a window is a scheduler people have to babysit.
//! So closing the window hides it and the scheduler goes on; the tray icon opens it again,
//! runs a pass on demand, or quits. Where the desktop cannot show a tray icon (no tray host, or
//! the library is missing), there would be no way back to a hidden window, so closing quits as
//! usual and the scheduled posts wait for the next start (they are then listed as missed,
//! never published late by surprise).

use crate::state::AppState;
use std::sync::atomic::{AtomicBool, Ordering};
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Window, WindowEvent};

/// Whether a tray icon exists, so that closing the window may hide it.
static TRAY: AtomicBool = AtomicBool::new(false);
/// Whether the user was already told, this run, that the window only hid.
static TOLD: AtomicBool = AtomicBool::new(false);

/// The tray menu's words, in the workspace language.
struct Words {
    open: &'static str,
    publish: &'static str,
    quit: &'static str,
    tooltip: &'static str,
    hidden_title: &'static str,
    hidden_body: &'static str,
}

fn words(english: bool) -> Words {
    if english {
        Words {
            open: "Open Tsunagu",
            publish: "Publish due posts now",
            quit: "Quit Tsunagu (scheduled posts wait for the next start)",
            tooltip: "Tsunagu — publishing scheduled posts",
            hidden_title: "Tsunagu is still running",
            hidden_body: "Scheduled posts keep going out with the window closed. Open it again or quit from the tray icon.",
        }
    } else {
        Words {
            open: "Tsunaguを開く",
            publish: "予定時刻を過ぎた投稿を今すぐ公開",
            quit: "Tsunaguを終了（予約投稿は次の起動まで待機）",
            tooltip: "Tsunagu — 予約投稿を公開しています",
            hidden_title: "Tsunaguは動作を続けています",
            hidden_body: "ウィンドウを閉じても予約投稿は公開されます。トレイのアイコンから開くか終了できます。",
        }
    }
}

fn english(app: &AppHandle) -> bool {
    app.state::<AppState>()
        .with(|ws| ws.settings())
        .map(|s| s.language == tsunagu::model::Language::En)
        .unwrap_or(false)
}

/// Creates the tray icon. A desktop without a tray is not an error: closing then quits.
pub fn install(app: &AppHandle) {
    match build(app) {
        Ok(()) => TRAY.store(true, Ordering::SeqCst),
        Err(e) => {
            eprintln!("tsunagu: no tray icon on this desktop ({e}); closing the window quits")
        }
    }
}

/// The tray menu in the workspace language.
fn menu(app: &AppHandle, w: &Words) -> tauri::Result<Menu<tauri::Wry>> {
    let open = MenuItem::with_id(app, "open", w.open, true, None::<&str>)?;
    let publish = MenuItem::with_id(app, "publish", w.publish, true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", w.quit, true, None::<&str>)?;
    let separator = PredefinedMenuItem::separator(app)?;
    Menu::with_items(app, &[&open, &publish, &separator, &quit])
}

/// Puts the tray menu in the workspace's language again (after Settings changed it).
pub fn relabel(app: &AppHandle) {
    if let Some(tray) = app.tray_by_id("tsunagu") {
        let w = words(english(app));
        if let Ok(m) = menu(app, &w) {
            let _ = tray.set_menu(Some(m));
        }
        let _ = tray.set_tooltip(Some(w.tooltip));
    }
}

fn build(app: &AppHandle) -> tauri::Result<()> {
    let w = words(english(app));
    let menu = menu(app, &w)?;
    let mut tray = TrayIconBuilder::with_id("tsunagu")
        .menu(&menu)
        .tooltip(w.tooltip)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id().as_ref() {
            "open" => crate::instance::bring_to_front(app),
            "publish" => {
                let app = app.clone();
                std::thread::spawn(move || crate::scheduler::pass(&app));
            }
            "quit" => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                crate::instance::bring_to_front(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

/// Closing the main window hides it while a tray icon can bring it back; the first time in a
/// run, a notification says that Tsunagu is still publishing.
pub fn on_window_event(window: &Window, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    if window.label() != "main" || !TRAY.load(Ordering::SeqCst) {
        return;
    }
    api.prevent_close();
    let _ = window.hide();
    if !TOLD.swap(true, Ordering::SeqCst) {
        use tauri_plugin_notification::NotificationExt;
        let app = window.app_handle();
        let w = words(english(app));
        let _ = app
            .notification()
            .builder()
            .title(w.hidden_title)
            .body(w.hidden_body)
            .show();
    }
}
