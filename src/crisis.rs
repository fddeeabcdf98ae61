//! The crisis pause: one action stops every scheduled post at once.
//!
//! The seeds' playbook starts with "stop the schedule". Pausing records when the crisis began
//! and, on each post it paused, the status to give back, so resuming restores exactly what was
//! paused (and nothing the lead paused by hand). The state lives in the workspace row, so it
//! survives restarts, and the app shows a banner on every screen while it lasts.

use crate::error::{Error, Result};
use crate::store::{write::val, Writer};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The crisis pause, when one is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Crisis {
    /// When it began, RFC 3339 UTC.
    pub since: String,
    /// Posts it holds back.
    pub paused_posts: u32,
}

/// Records when the crisis began (`None` when it ended) on the workspace row.
fn set_since(w: &mut Writer<'_>, since: Option<String>) -> Result<()> {
    let ws: String = w
        .conn()
        .query_row("SELECT id FROM workspace LIMIT 1", [], |r| r.get(0))?;
    w.update(
        "workspace",
        &[("id", val::text(ws))],
        &[("crisis_since", val::opt_text(since))],
    )
}

/// The crisis pause, if one is on.
pub fn crisis(conn: &Connection) -> Result<Option<Crisis>> {
    let since: Option<String> =
        conn.query_row("SELECT crisis_since FROM workspace LIMIT 1", [], |r| {
            r.get(0)
        })?;
    let Some(since) = since else { return Ok(None) };
    let paused_posts: u32 = conn.query_row(
        "SELECT count(*) FROM posts WHERE crisis_paused_from IS NOT NULL",
        [],
        |r| r.get(0),
    )?;
    Ok(Some(Crisis {
        since,
        paused_posts,
    }))
}

/// Pauses every scheduled or approved post that has not gone out. Returns how many.
pub fn pause(w: &mut Writer<'_>) -> Result<u32> {
    if crisis(w.conn())?.is_some() {
        return Err(Error::refused(
            crate::Rule::CrisisAlreadyOn,
            "crisis",
            "The crisis pause is already on.",
        ));
    }
    let now = w.now_text().to_string();
    let targets: Vec<(String, String)> = {
        let mut stmt = w
            .conn()
            .prepare("SELECT id, status FROM posts WHERE status IN ('scheduled', 'approved')")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    for (id, status) in &targets {
        w.update(
            "posts",
            &[("id", val::text(id.clone()))],
            &[
                ("status", val::text("paused")),
                ("crisis_paused_from", val::text(status.clone())),
                ("updated_at", val::text(now.clone())),
            ],
        )?;
    }
    set_since(w, Some(now))?;
    Ok(u32::try_from(targets.len()).unwrap_or(u32::MAX))
}

/// Ends the crisis pause, giving each post it paused its status back. `confirmed` must be
/// true: resuming is a decision, not a click that can slip.
pub fn resume(w: &mut Writer<'_>, confirmed: bool) -> Result<u32> {
    if !confirmed {
        return Err(Error::refused(
            crate::Rule::CrisisConfirm,
            "confirm",
            "Confirm that the crisis is over before resuming the schedule.",
        ));
    }
    if crisis(w.conn())?.is_none() {
        return Err(Error::refused(
            crate::Rule::CrisisNotOn,
            "crisis",
            "There is no crisis pause to end.",
        ));
    }
    let now = w.now_text().to_string();
    let paused: Vec<(String, String)> = {
        let mut stmt = w.conn().prepare(
            "SELECT id, crisis_paused_from FROM posts WHERE crisis_paused_from IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    for (id, status) in &paused {
        w.update(
            "posts",
            &[("id", val::text(id.clone()))],
            &[
                ("status", val::text(status.clone())),
                ("crisis_paused_from", val::opt_text(None::<String>)),
                ("updated_at", val::text(now.clone())),
            ],
        )?;
    }
    set_since(w, None)?;
    Ok(u32::try_from(paused.len()).unwrap_or(u32::MAX))
}
