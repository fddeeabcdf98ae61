//! A window with one painted page, and nothing else: the floor the app's start-up is measured
//! against (see `scripts/bench-start.sh`). With `TSUNAGU_BARE_PAGE=calendar` the page is a
//! static copy of the app's painted calendar instead, to tell what painting that screen costs
//! on its own.

use tauri::{WebviewUrl, WebviewWindowBuilder};

/// The page has painted: quit (timing) or say so (memory), as the app does.
#[tauri::command]
fn painted(app: tauri::AppHandle) {
    if std::env::var_os("TSUNAGU_BENCH_REPORT").is_some() {
        println!("painted");
    }
    if std::env::var_os("TSUNAGU_BENCH_EXIT").is_some() {
        app.exit(0);
    }
}

fn main() {
    let page = match std::env::var("TSUNAGU_BARE_PAGE").as_deref() {
        Ok("calendar") => "calendar.html",
        _ => "index.html",
    };
    #[allow(clippy::expect_used)]
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![painted])
        .setup(move |app| {
            WebviewWindowBuilder::new(app, "main", WebviewUrl::App(page.into()))
                .title("Bare")
                .inner_size(1280.0, 820.0)
                .build()?;
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the bare window starts");
}
