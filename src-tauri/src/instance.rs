//! One window per workspace: a second launch brings the running window to the front.
//!
//! Someone who closed the window (it hides in the tray and keeps publishing) and later clicks
//! the menu entry again expects the window back, not a second app that would run a second
//! scheduler on the same workspace. Tauri's single-instance plugin forwards the second
//! launch to the first, which shows and focuses its window; the second process then exits.
//!
//! The instance is keyed by workspace. A plain launch (the menu, the dock, the login start)
//! uses the app's identifier, so it always finds the running app. A launch with an explicit
//! folder (`--workspace DIR` or `TSUNAGU_WORKSPACE`) is keyed by that folder as well: a lead
//! may open a training workspace beside the real one, and two launches on the same folder still
//! meet. Publishing and sync remain safe across whatever processes run, because their passes
//! hold the workspace's OS file locks (`crate::lockfile` in the core), which the CLI, cron and
//! the tray all take too.

use std::path::Path;
use tauri::{AppHandle, Manager, Runtime};

/// The app's identifier, as in `tauri.conf.json`.
const IDENTIFIER: &str = "jp.tsunagu.desktop";

/// The name the running instance is known by for `explicit` (the folder given on the command
/// line or in the environment, if any). Stable across processes and versions: FNV-1a of the
/// folder's absolute path, so it never depends on the standard library's randomised hasher.
pub fn instance_id(explicit: Option<&Path>) -> String {
    let Some(dir) = explicit else {
        return IDENTIFIER.to_string();
    };
    let absolute = canonical(dir);
    // The default workspace named explicitly (its file opened from a file manager) is the
    // plain launch's instance.
    if tsunagu::paths::default_workspace().is_some_and(|d| canonical(&d) == absolute) {
        return IDENTIFIER.to_string();
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in absolute.to_string_lossy().as_bytes() {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    // A D-Bus name element may not start with a digit, hence the letter.
    format!("{IDENTIFIER}.w{hash:016x}")
}

fn canonical(dir: &Path) -> std::path::PathBuf {
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    std::fs::canonicalize(&absolute).unwrap_or(absolute)
}

/// Shows the main window, restores it from the dock or taskbar and gives it the focus.
pub fn bring_to_front<R: Runtime>(app: &AppHandle<R>) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.show();
        let _ = w.unminimize();
        let _ = w.set_focus();
    }
}

/// The single-instance plugin for the workspace given explicitly, if any.
pub fn plugin<R: Runtime>(explicit: Option<&Path>) -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_single_instance::Builder::new()
        .dbus_id(instance_id(explicit))
        .callback(|app, argv, _cwd| {
            // The login start of an app that is already running changes nothing.
            if !argv.iter().any(|a| a == crate::HIDDEN_ARG) {
                bring_to_front(app)
            }
        })
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_launch_uses_the_identifier_and_folders_get_their_own_name() {
        assert_eq!(instance_id(None), IDENTIFIER);
        let a = tempfile_dir("a");
        let b = tempfile_dir("b");
        let id_a = instance_id(Some(&a));
        assert_eq!(id_a, instance_id(Some(&a)), "the same folder meets itself");
        assert_ne!(id_a, instance_id(Some(&b)));
        // The same folder by another spelling is the same instance.
        assert_eq!(
            id_a,
            instance_id(Some(&a.join("..").join(a.file_name().unwrap())))
        );
        // A valid D-Bus well-known name: elements of [A-Za-z0-9_], none starting with a digit.
        for part in id_a.split('.') {
            assert!(!part.is_empty() && !part.starts_with(|c: char| c.is_ascii_digit()));
            assert!(part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        }
    }

    fn tempfile_dir(name: &str) -> std::path::PathBuf {
        let d =
            std::env::temp_dir().join(format!("tsunagu-instance-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }
}
