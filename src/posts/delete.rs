//! Deleting a post, and undoing it.
//!
//! A deletion is a mark, not a row removal: the post keeps its review history (the audit needs
//! who approved what, and `review_log` would go with the row), it can be brought back for
//! [`UNDO_DAYS`] days, and the mark travels to the team as an ordinary change that each
//! receiving device checks (an ambassador may delete only their own unpublished post).
//!
//! A post that never went out becomes a draft as it is marked, so no device's publisher picks
//! it up even before it has heard of the deletion's jobs; its jobs that never reached a
//! platform are dropped. A published post is deleted only after a choice: taken down from
//! every platform first (done above this layer, by the publisher) or removed from Tsunagu
//! only, where it stays live on the platforms (and still counts for consent withdrawals).

use crate::error::{Error, Result, Rule};
use crate::ids::{PersonId, PostId};
use crate::store::{write::val, Writer};
use chrono::Duration;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How long a deletion can be undone.
pub const UNDO_DAYS: i64 = 30;

/// Which kind of deletion it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DeletionKind {
    /// It never went out.
    Unpublished,
    /// It stays on the platforms; Tsunagu no longer shows it.
    RemoveOnly,
    /// It was deleted from every platform first.
    TakeDown,
}

impl DeletionKind {
    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unpublished => "unpublished",
            Self::RemoveOnly => "remove_only",
            Self::TakeDown => "take_down",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "unpublished" => Some(Self::Unpublished),
            "remove_only" => Some(Self::RemoveOnly),
            "take_down" => Some(Self::TakeDown),
            _ => None,
        }
    }
}

/// A deleted post, as the undo bar and the list of deleted posts show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DeletedPost {
    /// The post.
    pub post: PostId,
    /// Its title.
    pub title: String,
    /// Which kind of deletion.
    pub kind: DeletionKind,
    /// When, RFC 3339 UTC.
    pub deleted_at: String,
    /// Until when it can be brought back, RFC 3339 UTC.
    pub undo_until: String,
}

/// Where a post stands for deleting: its status, whether it is already deleted, and its jobs
/// that are live on a platform or on their way.
pub(crate) struct Standing {
    pub status: String,
    pub deleted: bool,
    pub published_jobs: u32,
    pub sending_jobs: u32,
}

/// Reads a post's [`Standing`].
pub(crate) fn standing(conn: &Connection, post: PostId) -> Result<Standing> {
    let row: Option<(String, Option<String>)> = conn
        .query_row(
            "SELECT status, deleted_at FROM posts WHERE id = ?1",
            [post.as_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((status, deleted)) = row else {
        return Err(Error::NotFound {
            entity: "post",
            id: post.as_string(),
        });
    };
    let (published_jobs, sending_jobs): (u32, u32) = conn.query_row(
        "SELECT count(*) FILTER (WHERE state = 'published'),
                count(*) FILTER (WHERE state IN ('in_flight', 'scheduled_remote') OR (state = 'pending' AND may_have_arrived = 1))
         FROM publish_jobs WHERE post_id = ?1",
        [post.as_string()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(Standing {
        status,
        deleted: deleted.is_some(),
        published_jobs,
        sending_jobs,
    })
}

/// Refuses what cannot be deleted now: a post on its way to a platform, and a published post
/// without the choice of how (`choice` is `None` when nobody chose).
pub(crate) fn check(s: &Standing, choice: Option<DeletionKind>) -> Result<DeletionKind> {
    if s.sending_jobs > 0 {
        return Err(Error::refused(
            Rule::PostBeingSent,
            "post",
            "This post is being sent, or a platform holds it to publish at its time. Delete it once that has settled (or pause it first).",
        ));
    }
    let published = s.published_jobs > 0 || s.status == "published";
    match (published, choice) {
        (false, _) => Ok(DeletionKind::Unpublished),
        (true, Some(k @ (DeletionKind::RemoveOnly | DeletionKind::TakeDown))) => Ok(k),
        (true, _) => Err(Error::refused(
            Rule::PublishedNeedsChoice,
            "post",
            "This post is published. Choose --take-down to delete it from the platforms first, or --keep-online to remove it from Tsunagu only.",
        )),
    }
}

/// Marks `post` deleted as `kind` (checked by [`check`]) inside a transaction: the mark, a
/// draft status for a post that never went out, its jobs that never reached a platform
/// dropped, and the audit row.
pub(crate) fn mark(
    w: &mut Writer<'_>,
    post: PostId,
    kind: DeletionKind,
    status_before: &str,
    actor: Option<PersonId>,
) -> Result<()> {
    let now = w.now_text().to_string();
    let mut fields = vec![
        ("deleted_at", val::text(now.clone())),
        ("updated_at", val::text(now.clone())),
    ];
    if kind == DeletionKind::Unpublished && status_before != "draft" {
        fields.push(("status", val::text("draft")));
    }
    w.update("posts", &[("id", val::text(post.as_string()))], &fields)?;
    let stale: Vec<String> = {
        let mut stmt = w.conn().prepare(
            "SELECT id FROM publish_jobs WHERE post_id = ?1 AND state IN ('pending', 'failed') AND may_have_arrived = 0",
        )?;
        let rows = stmt.query_map([post.as_string()], |r| r.get(0))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    for id in stale {
        w.delete("publish_jobs", &[("id", val::text(id))])?;
    }
    let id = w.new_id().to_string();
    w.insert(
        "post_deletions",
        &[("id", val::text(id))],
        &[
            ("post_id", val::text(post.as_string())),
            ("actor_id", val::opt_text(actor.map(|a| a.as_string()))),
            ("kind", val::text(kind.as_str())),
            ("status_before", val::text(status_before)),
            ("at", val::text(now)),
        ],
    )
}

/// The deletions that can still be undone, newest first.
pub fn deleted_posts(
    conn: &Connection,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<DeletedPost>> {
    let since = crate::clock::to_db_time(now - Duration::days(UNDO_DAYS));
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.title, d.kind, d.at FROM post_deletions d JOIN posts p ON p.id = d.post_id
         WHERE d.restored_at IS NULL AND p.deleted_at IS NOT NULL AND d.at >= ?1
           AND d.at = (SELECT max(d2.at) FROM post_deletions d2 WHERE d2.post_id = d.post_id)
         ORDER BY d.at DESC",
    )?;
    let rows = stmt.query_map([since], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, title, kind, at) = row?;
        let (Some(post), Some(kind), Some(when)) = (
            PostId::parse(&id),
            DeletionKind::parse(&kind),
            crate::clock::from_db_time(&at),
        ) else {
            continue;
        };
        out.push(DeletedPost {
            post,
            title,
            kind,
            deleted_at: at,
            undo_until: crate::clock::to_db_time(when + Duration::days(UNDO_DAYS)),
        });
    }
    Ok(out)
}

/// Brings a deleted post back (inside a transaction). A post that was taken down comes back
/// as a draft (it is no longer online); one that never went out comes back as the draft it
/// became; one removed from Tsunagu only comes back published.
pub(crate) fn restore(w: &mut Writer<'_>, post: PostId) -> Result<DeletedPost> {
    let found = deleted_posts(w.conn(), w.now())?
        .into_iter()
        .find(|d| d.post == post);
    let Some(found) = found else {
        let deleted: Option<Option<String>> = w
            .conn()
            .query_row(
                "SELECT deleted_at FROM posts WHERE id = ?1",
                [post.as_string()],
                |r| r.get(0),
            )
            .optional()?;
        return Err(match deleted {
            Some(Some(_)) => Error::refused(
                Rule::UndoExpired,
                "post",
                format!("This post was deleted more than {UNDO_DAYS} days ago and can no longer be brought back."),
            ),
            _ => Error::NotFound {
                entity: "deleted post",
                id: post.as_string(),
            },
        });
    };
    let now = w.now_text().to_string();
    let mut fields = vec![
        ("deleted_at", val::opt_text(None::<String>)),
        ("updated_at", val::text(now.clone())),
    ];
    if found.kind == DeletionKind::TakeDown {
        fields.push(("status", val::text("draft")));
    }
    w.update("posts", &[("id", val::text(post.as_string()))], &fields)?;
    let id: String = w.conn().query_row(
        "SELECT id FROM post_deletions WHERE post_id = ?1 AND restored_at IS NULL ORDER BY at DESC LIMIT 1",
        [post.as_string()],
        |r| r.get(0),
    )?;
    w.update(
        "post_deletions",
        &[("id", val::text(id))],
        &[("restored_at", val::text(now))],
    )?;
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(status: &str, published: u32, sending: u32) -> Standing {
        Standing {
            status: status.into(),
            deleted: false,
            published_jobs: published,
            sending_jobs: sending,
        }
    }

    #[test]
    fn a_published_post_needs_a_choice_and_a_post_on_its_way_waits() {
        assert_eq!(
            check(&standing("draft", 0, 0), None).unwrap(),
            DeletionKind::Unpublished
        );
        assert_eq!(
            check(&standing("scheduled", 0, 0), Some(DeletionKind::TakeDown)).unwrap(),
            DeletionKind::Unpublished,
            "nothing to take down"
        );
        let e = check(&standing("published", 1, 0), None).unwrap_err();
        assert_eq!(e.rule(), Some(Rule::PublishedNeedsChoice));
        assert_eq!(
            check(&standing("published", 1, 0), Some(DeletionKind::RemoveOnly)).unwrap(),
            DeletionKind::RemoveOnly
        );
        let e = check(&standing("scheduled", 0, 1), None).unwrap_err();
        assert_eq!(e.rule(), Some(Rule::PostBeingSent));
    }
}
