//! The workspaces this computer opened recently, for the switcher: a small JSON file beside the
//! company's workspace folder. A path read back from it is only ever opened if a workspace is
//! there now; anything else in the file (a moved folder, a damaged file) is dropped, never an
//! error that keeps the window from starting.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// How many workspaces the list keeps.
pub const KEEP: usize = 10;

/// A workspace opened on this computer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RecentWorkspace {
    /// Its folder.
    pub path: String,
    /// Its name when it was last opened.
    pub name: String,
    /// Whether it is the demo.
    pub demo: bool,
    /// When it was last opened, RFC 3339 UTC.
    pub opened_at: String,
    /// Whether it is the one open now (filled in by [`list`]'s caller).
    #[serde(default)]
    pub current: bool,
}

/// The list file beside the company's folder `home` (`…/tsunagu/recent.json`).
pub fn file_for(home: &Path) -> PathBuf {
    home.parent().map_or_else(
        || PathBuf::from("tsunagu-recent.json"),
        |p| p.join("recent.json"),
    )
}

/// The list, newest first, keeping only folders that hold a workspace now.
pub fn list(file: &Path) -> Vec<RecentWorkspace> {
    let Ok(text) = std::fs::read_to_string(file) else {
        return Vec::new();
    };
    let Ok(items) = serde_json::from_str::<Vec<RecentWorkspace>>(&text) else {
        return Vec::new();
    };
    let mut out: Vec<RecentWorkspace> = items
        .into_iter()
        .filter(|r| {
            let p = Path::new(&r.path);
            p.is_absolute() && crate::workspace::Workspace::exists(p)
        })
        .collect();
    out.sort_by(|a, b| b.opened_at.cmp(&a.opened_at));
    out.dedup_by(|a, b| a.path == b.path);
    out.truncate(KEEP);
    out
}

/// Puts `dir` at the top of the list (written to a temporary file, then moved into place).
pub fn remember(
    file: &Path,
    dir: &Path,
    name: &str,
    demo: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let dir = std::path::absolute(dir).map_err(|e| Error::io("read", dir, e))?;
    let path = dir.to_string_lossy().into_owned();
    let mut items: Vec<RecentWorkspace> =
        list(file).into_iter().filter(|r| r.path != path).collect();
    items.insert(
        0,
        RecentWorkspace {
            path,
            name: name.to_string(),
            demo,
            opened_at: crate::clock::to_db_time(now),
            current: false,
        },
    );
    items.truncate(KEEP);
    let text = serde_json::to_string_pretty(&items)
        .map_err(|e| Error::invalid("recent", e.to_string()))?;
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
    }
    let tmp = file.with_extension("json.tmp");
    std::fs::write(&tmp, text).map_err(|e| Error::io("write", &tmp, e))?;
    std::fs::rename(&tmp, file).map_err(|e| Error::io("write", file, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_or_foreign_list_is_dropped_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("recent.json");
        std::fs::write(&file, "not json").unwrap();
        assert!(list(&file).is_empty());
        std::fs::write(
            &file,
            r#"[{"path":"../../etc","name":"x","demo":false,"opened_at":"2026-01-01T00:00:00Z"},
                {"path":"/nonexistent/place","name":"y","demo":false,"opened_at":"2026-01-01T00:00:00Z"}]"#,
        )
        .unwrap();
        assert!(
            list(&file).is_empty(),
            "relative or missing folders are never offered"
        );
    }
}
