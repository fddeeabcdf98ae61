//! A window with one painted page, and nothing else: the floor the app's start-up is measured
//! against (see `scripts/bench-start.sh`).

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
    #[allow(clippy::expect_used)]
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![painted])
        .run(tauri::generate_context!())
        .expect("the bare window starts");
}
