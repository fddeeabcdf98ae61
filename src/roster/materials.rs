//! Material people send: a comment, a photo, or both, in answer to a request or on their own.
//!
//! Not everyone wants to write posts. The seeds' advice is to let people take part by sending
//! material, and to credit them for it: the lead turns material into a draft with one action,
//! and the draft keeps the link to who gave it so the ledger and the thanks can find them.

use crate::error::{Error, Result};
use crate::ids::{PersonId, PostId, RowId};
use crate::store::{write::val, Writer};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Material a person sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Material {
    /// The material.
    pub id: RowId,
    /// Who gave it.
    pub person: PersonId,
    /// The request it answers, if any.
    pub request: Option<RowId>,
    /// Their comment.
    pub comment: String,
    /// An attached image, if any.
    pub media: Option<RowId>,
    /// The draft made from it, once made.
    pub post: Option<PostId>,
    /// When, RFC 3339 UTC.
    pub created_at: String,
}

/// A person sends material, answering a request or on their own. Returns the material.
pub fn send_material(
    w: &mut Writer<'_>,
    person: PersonId,
    request: Option<RowId>,
    comment: &str,
    media: Option<RowId>,
) -> Result<RowId> {
    if comment.trim().is_empty() && media.is_none() {
        return Err(Error::invalid(
            "comment",
            "Write a comment or attach a photo.",
        ));
    }
    if let Some(r) = request {
        let asked: Option<String> = w
            .conn()
            .query_row(
                "SELECT status FROM request_assignees WHERE request_id = ?1 AND person_id = ?2",
                [r.as_string(), person.as_string()],
                |row| row.get(0),
            )
            .optional()?;
        if asked.is_none() {
            return Err(Error::invalid(
                "request",
                "This request was not sent to this person.",
            ));
        }
    }
    let id = RowId(w.new_id());
    let now = w.now_text().to_string();
    w.insert(
        "materials",
        &[("id", val::text(id.as_string()))],
        &[
            ("person_id", val::text(person.as_string())),
            ("request_id", val::opt_text(request.map(|r| r.as_string()))),
            ("comment", val::text(comment.trim())),
            ("media_id", val::opt_text(media.map(|m| m.as_string()))),
            ("created_at", val::text(now)),
        ],
    )?;
    if let Some(r) = request {
        w.update(
            "request_assignees",
            &[
                ("request_id", val::text(r.as_string())),
                ("person_id", val::text(person.as_string())),
            ],
            &[("status", val::text("answered"))],
        )?;
    }
    Ok(id)
}

/// Material received, newest first.
pub fn materials(conn: &Connection) -> Result<Vec<Material>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, person_id, request_id, comment, media_id, post_id, created_at FROM materials
         ORDER BY created_at DESC, id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, person, request, comment, media, post, created_at) = row?;
        let (Some(id), Some(person)) = (RowId::parse(&id), PersonId::parse(&person)) else {
            continue;
        };
        out.push(Material {
            id,
            person,
            request: request.as_deref().and_then(RowId::parse),
            comment,
            media: media.as_deref().and_then(RowId::parse),
            post: post.as_deref().and_then(PostId::parse),
            created_at,
        });
    }
    Ok(out)
}
