//! Which purpose a post serves, so results can be read per purpose (the dashboard's "by
//! purpose" and KPIs tied to a purpose). The link is planning metadata: changing it does not
//! touch the text, so it never voids an approval.

use crate::error::{Error, Result};
use crate::ids::{PostId, PurposeId};
use crate::store::{write::val, Writer};
use rusqlite::Connection;

/// The purpose a post serves, if any.
pub fn post_purpose(conn: &Connection, post: PostId) -> Result<Option<PurposeId>> {
    let found: Option<Option<String>> = conn
        .query_row(
            "SELECT purpose_id FROM posts WHERE id = ?1",
            [post.as_string()],
            |r| r.get(0),
        )
        .ok();
    match found {
        None => Err(Error::NotFound {
            entity: "post",
            id: post.as_string(),
        }),
        Some(p) => Ok(p.as_deref().and_then(PurposeId::parse)),
    }
}

/// Links a post to a purpose, or unlinks it with `None`.
pub fn set_post_purpose(
    w: &mut Writer<'_>,
    post: PostId,
    purpose: Option<PurposeId>,
) -> Result<()> {
    post_purpose(w.conn(), post)?;
    if let Some(p) = purpose {
        let known: bool = w.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM purposes WHERE id = ?1)",
            [p.as_string()],
            |r| r.get(0),
        )?;
        if !known {
            return Err(Error::NotFound {
                entity: "purpose",
                id: p.as_string(),
            });
        }
    }
    w.update(
        "posts",
        &[("id", val::text(post.as_string()))],
        &[("purpose_id", val::opt_text(purpose.map(|p| p.as_string())))],
    )
}
