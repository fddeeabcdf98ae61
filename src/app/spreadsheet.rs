//! A month's plan to and from a spreadsheet, for the fronts: the import as drafts (all or
//! nothing, rules in `crate::posts::sheet`) and the calendar's export in the same columns, in
//! the language the workspace speaks.

use crate::error::Result;
use crate::ids::PersonId;
use crate::posts::sheet::PostsImport;
use crate::workspace::Workspace;
use chrono::NaiveDate;

/// Imports posts from CSV or `.xlsx` bytes as drafts written by `actor` (see
/// [`crate::posts::sheet::import`]).
pub fn import_posts(
    ws: &mut Workspace,
    actor: Option<PersonId>,
    bytes: &[u8],
    dry_run: bool,
    progress: &crate::progress::Progress<'_>,
) -> Result<PostsImport> {
    crate::posts::sheet::import(ws, actor, bytes, dry_run, progress)
}

/// The calendar from `from` to `to` (workspace dates, inclusive, both optional) as CSV.
pub fn export_posts(
    ws: &Workspace,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<String> {
    let japanese = match ws.settings()?.language {
        crate::model::Language::Ja => true,
        crate::model::Language::En => false,
        crate::model::Language::System => crate::paths::system_language() == Some("ja"),
    };
    crate::posts::sheet_export::export(ws.store().conn(), ws.time_zone()?, from, to, japanese)
}
