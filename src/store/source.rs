//! Where a write came from, as the change log records it beside the person and the device:
//! the desktop window, the command line, team sync, a file import, a phone on the office
//! network, a watched folder. Audit views and the team's rules read it.

use serde::Serialize;

/// Where a write came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A window of the desktop app.
    Ui,
    /// The `tsunagu` command line.
    Cli,
    /// Team sync applying another device's change.
    Sync,
    /// A file import (CSV, ...).
    Import,
    /// The demo generator.
    Demo,
    /// A phone on the office network, through the intake page (the person is the token's).
    Phone,
    /// A watched folder (material the lead then assigns to a person).
    Folder,
    /// The app itself (migrations of data, scheduler).
    System,
    /// The writing assistant's suggestion, accepted by the person the write names.
    Assistant,
}

impl Source {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Source::Ui => "ui",
            Source::Cli => "cli",
            Source::Sync => "sync",
            Source::Import => "import",
            Source::Demo => "demo",
            Source::Phone => "phone",
            Source::Folder => "folder",
            Source::System => "system",
            Source::Assistant => "assistant",
        }
    }
}
