//! What reviewers and auditors read: the queue of posts waiting for review, and the audit log
//! of who submitted, approved, sent back or voided which content under which guideline
//! version, with a CSV export for whoever keeps the company's records.

use super::{approvals_of, content_hash, ReviewAction};
use crate::error::Result;
use crate::ids::{PersonId, PostId, RowId};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One step of a review, as the audit log shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReviewEntry {
    /// The step.
    pub id: RowId,
    /// The post.
    pub post: PostId,
    /// The post's title now.
    pub post_title: String,
    /// What happened.
    pub action: ReviewAction,
    /// Who did it.
    pub actor: Option<PersonId>,
    /// Their name.
    pub actor_name: Option<String>,
    /// The first 12 hex digits of the content hash ("which version").
    pub content: String,
    /// The guideline version in force.
    pub guideline_version: Option<i64>,
    /// Checklist items ticked (approvals).
    pub checklist: Vec<String>,
    /// The reviewer's comment, or why it was voided.
    pub comment: String,
    /// When, RFC 3339 UTC.
    pub at: String,
    /// An approval of one's own post, allowed because nobody else could review it (a lead
    /// working alone).
    pub self_approved: bool,
}

/// A post waiting for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QueuedPost {
    /// The post.
    pub post: PostId,
    /// Its title.
    pub title: String,
    /// Who wrote it.
    pub author_name: Option<String>,
    /// When it was submitted.
    pub submitted_at: String,
    /// Approvals of this content so far.
    pub approvals: u32,
    /// Approvals needed.
    pub needed: u32,
    /// Wall-clock time in the workspace zone, if scheduled.
    pub local_time: Option<String>,
}
/// id, title, author name, scheduled at, submitted at.
type QueueRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Posts waiting for review, oldest submission first; `needed` approvals each, times in the
/// workspace zone `tz`.
pub fn review_queue(conn: &Connection, tz: Tz, needed: u32) -> Result<Vec<QueuedPost>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.title, a.name, p.scheduled_at,
                (SELECT max(at) FROM review_log l WHERE l.post_id = p.id AND l.action = 'submitted')
         FROM posts p LEFT JOIN people a ON a.id = p.author_id
         WHERE p.status = 'in_review' ORDER BY 5, p.id",
    )?;
    let rows: Vec<QueueRow> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<std::result::Result<_, _>>()?;
    let mut out = Vec::new();
    for (id, title, author_name, scheduled, submitted) in rows {
        let Some(post) = PostId::parse(&id) else {
            continue;
        };
        let hash = content_hash(conn, post)?;
        out.push(QueuedPost {
            post,
            title,
            author_name,
            submitted_at: submitted.unwrap_or_default(),
            approvals: approvals_of(conn, post, &hash)?,
            needed,
            local_time: scheduled
                .and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok())
                .map(|t| t.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string()),
        });
    }
    Ok(out)
}

/// The audit log, newest first; for one post when `post` is given.
pub fn audit_log(conn: &Connection, post: Option<PostId>) -> Result<Vec<ReviewEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.post_id, p.title, l.action, l.actor_id, a.name, l.content_hash,
                l.guideline_version, l.checklist, l.comment, l.at, l.self_approved
         FROM review_log l JOIN posts p ON p.id = l.post_id LEFT JOIN people a ON a.id = l.actor_id
         WHERE ?1 IS NULL OR l.post_id = ?1 ORDER BY l.at DESC, l.rowid DESC",
    )?;
    let mut rows = stmt.query([post.map(|p| p.as_string())])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let (Some(id), Some(post), Some(action)) = (
            RowId::parse(&r.get::<_, String>(0)?),
            PostId::parse(&r.get::<_, String>(1)?),
            ReviewAction::parse(&r.get::<_, String>(3)?),
        ) else {
            continue;
        };
        let hash: String = r.get(6)?;
        out.push(ReviewEntry {
            id,
            post,
            post_title: r.get(2)?,
            action,
            actor: r
                .get::<_, Option<String>>(4)?
                .as_deref()
                .and_then(PersonId::parse),
            actor_name: r.get(5)?,
            content: hash.chars().take(12).collect(),
            guideline_version: r.get(7)?,
            checklist: serde_json::from_str(&r.get::<_, String>(8)?).unwrap_or_default(),
            comment: r.get(9)?,
            at: r.get(10)?,
            self_approved: r.get(11)?,
        });
    }
    Ok(out)
}

/// The audit log as CSV (UTF-8 with a BOM for Excel).
pub fn audit_csv(conn: &Connection) -> Result<String> {
    use crate::roster::csv::quote;
    let mut out = String::from(
        "\u{FEFF}at,post,action,actor,content,guideline_version,checklist,comment,self_approved\r\n",
    );
    for e in audit_log(conn, None)? {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{}\r\n",
            e.at,
            quote(&e.post_title),
            e.action.as_str(),
            quote(e.actor_name.as_deref().unwrap_or("")),
            e.content,
            e.guideline_version
                .map(|v| v.to_string())
                .unwrap_or_default(),
            quote(&e.checklist.join(" ")),
            quote(&e.comment),
            if e.self_approved { "yes" } else { "" }
        ));
    }
    Ok(out)
}
