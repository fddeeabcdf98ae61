//! What an approval is, kept below every module that changes content: the hash of what a
//! reviewer approves, which approvals count and for whom, and voiding an approval when the
//! content changes. Posts and media void through it, the publisher's exit check and team sync
//! count with it, and the review steps (`review`) record through it, so one rule holds from
//! the editor to the exit without the lower modules knowing the review screen.

use crate::error::Result;
use crate::ids::PostId;
use crate::model::PostStatus;
use crate::store::{write::val, Writer};
use rusqlite::OptionalExtension;

mod content;
mod rules;
pub(crate) use content::{content, content_hash, Content};
pub use rules::Signer;
pub(crate) use rules::{approval_message, approvals_of, writers};

/// How many approvals of the same content a post needs: two with the second-reviewer setting.
pub(crate) fn approvals_needed(conn: &rusqlite::Connection) -> Result<u32> {
    let second: bool =
        conn.query_row("SELECT second_reviewer FROM workspace LIMIT 1", [], |r| {
            r.get(0)
        })?;
    Ok(if second { 2 } else { 1 })
}

/// Why an approval was voided by an edit. Stored as `{"code": ...}` in the audit log's comment,
/// as the publisher's exit check stores its own codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VoidReason {
    /// The text or a platform's version changed.
    TextChanged,
    /// An image was attached.
    ImageAdded,
    /// An image's alt text, faces flag or people changed.
    ImageChanged,
    /// An image was removed.
    ImageRemoved,
    /// The accounts it goes out through changed (公式X instead of 採用X).
    AccountsChanged,
}

impl VoidReason {
    fn as_str(self) -> &'static str {
        match self {
            Self::TextChanged => "text_changed",
            Self::ImageAdded => "image_added",
            Self::ImageChanged => "image_changed",
            Self::ImageRemoved => "image_removed",
            Self::AccountsChanged => "accounts_changed",
        }
    }
}

/// Voids a review in progress or an approval when the content of `post` changed (call after
/// the change, in the same transaction). Returns whether anything was voided.
pub(crate) fn void_if_reviewed(
    w: &mut Writer<'_>,
    post: PostId,
    reason: VoidReason,
) -> Result<bool> {
    let status: Option<String> = w
        .conn()
        .query_row(
            "SELECT status FROM posts WHERE id = ?1",
            [post.as_string()],
            |r| r.get(0),
        )
        .optional()?;
    let Some(status) = status.as_deref().and_then(PostStatus::parse) else {
        return Ok(false);
    };
    if !matches!(
        status,
        PostStatus::InReview | PostStatus::Approved | PostStatus::Scheduled
    ) {
        return Ok(false);
    }
    // A scheduled post that was never reviewed (made before review existed) is not voided.
    let reviewed: bool = w.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM review_log WHERE post_id = ?1)",
        [post.as_string()],
        |r| r.get(0),
    )?;
    if !reviewed {
        return Ok(false);
    }
    let hash = content_hash(w.conn(), post)?;
    let now = w.now_text().to_string();
    w.update(
        "posts",
        &[("id", val::text(post.as_string()))],
        &[
            ("status", val::text("draft")),
            ("updated_at", val::text(now.clone())),
        ],
    )?;
    let id = w.new_id().to_string();
    let actor = w.actor().map(|a| a.as_string());
    w.insert(
        "review_log",
        &[("id", val::text(id))],
        &[
            ("post_id", val::text(post.as_string())),
            ("action", val::text("voided")),
            ("actor_id", val::opt_text(actor)),
            ("content_hash", val::text(hash)),
            // A code, not words: the window says it in its own language.
            (
                "comment",
                val::text(format!("{{\"code\":\"{}\"}}", reason.as_str())),
            ),
            ("at", val::text(now)),
        ],
    )?;
    Ok(true)
}
