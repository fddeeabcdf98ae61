//! Where things live on disk by default, and what the system says about locale and zone.
//!
//! Kept dependency-free: the rules are short and the same for the CLI and the app, so both
//! find the same default workspace. Debug builds use a separate folder so that developing
//! Tsunagu never touches a real workspace.

use std::path::PathBuf;

/// The environment variable that picks a workspace folder.
pub const WORKSPACE_ENV: &str = "TSUNAGU_WORKSPACE";

const APP_DIR: &str = if cfg!(debug_assertions) {
    "tsunagu-dev"
} else {
    "tsunagu"
};

/// The OS application-data folder for Tsunagu.
pub fn app_data_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = if cfg!(target_os = "windows") {
        env("APPDATA")
    } else if cfg!(target_os = "macos") {
        env("HOME").map(|h| h.join("Library").join("Application Support"))
    } else {
        env("XDG_DATA_HOME").or_else(|| env("HOME").map(|h| h.join(".local").join("share")))
    }?;
    Some(base.join(APP_DIR))
}

/// The extension of the file that opens a workspace from a file manager. A workspace is a
/// folder, which file managers do not open with an app; so every workspace holds a small
/// `workspace.tsunagu`, registered by the installers as a Tsunagu workspace, and opening it
/// (a double-click, "Open with") opens the folder it sits in. Its contents are never read:
/// what is opened is decided by where the file is, not by what it says.
pub const DOCUMENT_EXT: &str = "tsunagu";
/// The name of that file in every workspace folder.
pub const DOCUMENT_FILE: &str = "workspace.tsunagu";
/// What the file says to someone who opens it in a text editor.
pub const DOCUMENT_TEXT: &str = "Tsunagu workspace. Open this file with Tsunagu to open the folder it is in.\nつなぐのワークスペースです。このファイルをつなぐで開くと、このフォルダーのワークスペースが開きます。\n";

/// The workspace a path given by the system names: a `.tsunagu` file's folder, a folder
/// itself, or the folder of a `tsunagu.db`.
pub fn workspace_from_document(path: &std::path::Path) -> Option<PathBuf> {
    let is_doc = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(DOCUMENT_EXT));
    let is_db = path.file_name().is_some_and(|n| n == "tsunagu.db");
    if is_doc || is_db {
        return path.parent().map(|p| {
            if p.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                p.to_path_buf()
            }
        });
    }
    path.is_dir().then(|| path.to_path_buf())
}

/// The folders that may hold Tsunagu's configuration (such as `update.json`), the machine's
/// first: IT manages that one, and it wins over the user's own.
pub fn config_dirs() -> Vec<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let mut dirs = Vec::new();
    if cfg!(target_os = "windows") {
        if let Some(p) = env("ProgramData") {
            dirs.push(p.join(APP_DIR));
        }
    } else if cfg!(target_os = "macos") {
        dirs.push(PathBuf::from("/Library/Application Support").join(APP_DIR));
    } else {
        dirs.push(PathBuf::from("/etc").join(APP_DIR));
    }
    let user = if cfg!(target_os = "windows") || cfg!(target_os = "macos") {
        app_data_dir()
    } else {
        env("XDG_CONFIG_HOME")
            .or_else(|| env("HOME").map(|h| h.join(".config")))
            .map(|d| d.join(APP_DIR))
    };
    dirs.extend(user);
    dirs
}

/// The workspace someone named: the argument, else `TSUNAGU_WORKSPACE`.
pub fn named_workspace(arg: Option<PathBuf>) -> Option<PathBuf> {
    arg.or_else(|| {
        std::env::var_os(WORKSPACE_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
}

/// The workspace in the OS data folder, used when none is named.
pub fn default_workspace() -> Option<PathBuf> {
    app_data_dir().map(|d| d.join("workspace"))
}

/// The workspace to use: the explicit one, else `TSUNAGU_WORKSPACE`, else the default.
pub fn resolve_workspace(explicit: Option<PathBuf>) -> Option<PathBuf> {
    named_workspace(explicit).or_else(default_workspace)
}

/// The system UI language as "ja" or "en", from the POSIX locale variables.
/// `None` when nothing is set (the UI then asks the webview).
pub fn system_language() -> Option<&'static str> {
    for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Some(v) = std::env::var_os(key) {
            let v = v.to_string_lossy().to_ascii_lowercase();
            if v.is_empty() {
                continue;
            }
            return Some(if v.starts_with("ja") { "ja" } else { "en" });
        }
    }
    None
}

/// The system's IANA time zone when it can be found, for a new workspace.
pub fn system_time_zone() -> Option<String> {
    let valid = |s: &str| s.parse::<chrono_tz::Tz>().is_ok().then(|| s.to_string());
    if let Some(tz) = std::env::var_os("TZ") {
        let tz = tz.to_string_lossy();
        if let Some(ok) = valid(tz.trim_start_matches(':')) {
            return Some(ok);
        }
    }
    if let Ok(text) = std::fs::read_to_string("/etc/timezone") {
        if let Some(ok) = valid(text.trim()) {
            return Some(ok);
        }
    }
    let link = std::fs::read_link("/etc/localtime").ok()?;
    let text = link.to_string_lossy();
    let name = text.split("zoneinfo/").nth(1)?;
    valid(name)
}

/// The user's Downloads folder, when there is one.
pub fn downloads_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = env("XDG_DOWNLOAD_DIR") {
        return Some(dir);
    }
    let home = if cfg!(target_os = "windows") {
        env("USERPROFILE")
    } else {
        env("HOME")
    }?;
    Some(home.join("Downloads"))
}

#[cfg(test)]
mod document_tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn a_document_opens_the_folder_it_is_in() {
        assert_eq!(
            workspace_from_document(Path::new("/w/会社/workspace.tsunagu")),
            Some(PathBuf::from("/w/会社"))
        );
        assert_eq!(
            workspace_from_document(Path::new("/w/a/tsunagu.db")),
            Some(PathBuf::from("/w/a"))
        );
        assert_eq!(
            workspace_from_document(Path::new("/no/such/file.txt")),
            None
        );
        let dir = std::env::temp_dir();
        assert_eq!(workspace_from_document(&dir), Some(dir.clone()));
    }
}
