//! The review screen's reads for the fronts: the queue and the audit log.

use crate::error::Result;
use crate::ids::PostId;
use crate::review::audit;
use crate::review::{QueuedPost, ReviewEntry};
use crate::workspace::Workspace;

/// Posts waiting for review, oldest submission first.
pub fn review_queue(ws: &Workspace) -> Result<Vec<QueuedPost>> {
    let conn = ws.store().conn();
    audit::review_queue(
        conn,
        ws.time_zone()?,
        crate::approval::approvals_needed(conn)?,
    )
}

/// The audit log, newest first; for one post when `post` is given.
pub fn audit_log(ws: &Workspace, post: Option<PostId>) -> Result<Vec<ReviewEntry>> {
    audit::audit_log(ws.store().conn(), post)
}

/// The audit log as CSV (UTF-8 with a BOM for Excel).
pub fn audit_csv(ws: &Workspace) -> Result<String> {
    audit::audit_csv(ws.store().conn())
}
