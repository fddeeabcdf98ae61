//! Material people send: a comment, a photo, or both, in answer to a request or on their own.
//!
//! Not everyone wants to write posts. The seeds' advice is to let people take part by sending
//! material, and to credit them for it: the lead turns material into a draft with one action,
//! and the draft keeps the link to who gave it so the ledger and the thanks can find them.

use crate::error::{Error, Result, Rule};
use crate::ids::{PersonId, PostId, RowId};
use crate::model::{Appearance, MAX_PHOTOS_PER_SENDING};
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
    /// The first photo, if any.
    pub media: Option<RowId>,
    /// Every photo of the sending, in order (the first is `media`).
    pub photos: Vec<RowId>,
    /// How the giver appears in it, when they said (material from a phone always says).
    pub appearance: Option<Appearance>,
    /// Where it came from: `app`, `phone` or `folder`.
    pub origin: String,
    /// The draft made from it, once made.
    pub post: Option<PostId>,
    /// When, RFC 3339 UTC.
    pub created_at: String,
}

/// Where material came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Typed into the app (by the giver on their laptop, or by the lead).
    App,
    /// Sent from a phone through the intake page.
    Phone,
    /// Found in the watched folder and assigned by the lead.
    Folder,
}

impl Origin {
    fn as_str(self) -> &'static str {
        match self {
            Origin::App => "app",
            Origin::Phone => "phone",
            Origin::Folder => "folder",
        }
    }
}

/// One sending of material, as it is to be kept.
#[derive(Debug, Clone)]
pub struct Sending<'a> {
    /// Who gives it.
    pub person: PersonId,
    /// The request it answers, if any.
    pub request: Option<RowId>,
    /// Their comment.
    pub comment: &'a str,
    /// How they appear in it, when said.
    pub appearance: Option<Appearance>,
    /// The photos, already stored, in order.
    pub photos: Vec<RowId>,
    /// Where it came from.
    pub origin: Origin,
}

/// A person sends material, answering a request or on their own. Returns the material.
pub fn send_material(
    w: &mut Writer<'_>,
    person: PersonId,
    request: Option<RowId>,
    comment: &str,
    media: Option<RowId>,
) -> Result<RowId> {
    send(
        w,
        &Sending {
            person,
            request,
            comment,
            appearance: None,
            photos: media.into_iter().collect(),
            origin: Origin::App,
        },
    )
}

/// Refuses material whose giver's consent does not cover how they say they appear in it, or
/// who has left or takes no part: checked before anything of it is stored.
pub fn check_appearance(
    conn: &Connection,
    today: chrono::NaiveDate,
    person: PersonId,
    appearance: Appearance,
) -> Result<()> {
    let (active, modes): (bool, String) = conn
        .query_row(
            "SELECT active, participation FROM people WHERE id = ?1",
            [person.as_string()],
            |r| Ok((r.get::<_, i64>(0)? != 0, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "person",
            id: person.as_string(),
        })?;
    if !active {
        return Err(Error::refused(
            Rule::ConsentNotCovered,
            "person",
            "This person has left the company; material from them is not taken.",
        ));
    }
    if modes.contains("not_participating") {
        return Err(Error::refused(
            Rule::ConsentNotCovered,
            "person",
            "This person said they do not take part; material from them is not taken.",
        ));
    }
    let Some(mode) = appearance.needs() else {
        return Ok(());
    };
    let covered = super::consent::consents(conn, today, person)?
        .iter()
        .any(|c| c.state == super::consent::ConsentState::Active && c.modes.contains(&mode));
    if covered {
        Ok(())
    } else {
        Err(Error::refused(
            Rule::ConsentNotCovered,
            "appearance",
            format!(
                "This person's consent in force does not cover {}; nothing was kept. Send it again without them in the photo, or record their consent first.",
                mode.as_str()
            ),
        ))
    }
}

/// Keeps one sending of material. Returns the material.
pub fn send(w: &mut Writer<'_>, s: &Sending<'_>) -> Result<RowId> {
    let (person, request, comment) = (s.person, s.request, s.comment);
    if comment.trim().is_empty() && s.photos.is_empty() {
        return Err(Error::invalid(
            "comment",
            "Write a comment or attach a photo.",
        ));
    }
    if s.photos.len() > MAX_PHOTOS_PER_SENDING {
        return Err(Error::invalid(
            "photos",
            format!("Send at most {MAX_PHOTOS_PER_SENDING} photos at a time."),
        ));
    }
    if let Some(a) = s.appearance {
        let today = w.now().date_naive();
        check_appearance(w.conn(), today, person, a)?;
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
    let extra: Vec<String> = s.photos.iter().skip(1).map(|m| m.as_string()).collect();
    w.insert(
        "materials",
        &[("id", val::text(id.as_string()))],
        &[
            ("person_id", val::text(person.as_string())),
            ("request_id", val::opt_text(request.map(|r| r.as_string()))),
            ("comment", val::text(comment.trim())),
            (
                "media_id",
                val::opt_text(s.photos.first().map(|m| m.as_string())),
            ),
            (
                "extra_media",
                val::text(serde_json::to_string(&extra).unwrap_or_else(|_| "[]".into())),
            ),
            (
                "appearance",
                val::opt_text(s.appearance.map(|a| a.as_str().to_string())),
            ),
            ("origin", val::text(s.origin.as_str())),
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
        "SELECT id, person_id, request_id, comment, media_id, post_id, created_at, extra_media,
                appearance, origin FROM materials
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
            r.get::<_, String>(7)?,
            r.get::<_, Option<String>>(8)?,
            r.get::<_, String>(9)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, person, request, comment, media, post, created_at, extra, appearance, origin) =
            row?;
        let (Some(id), Some(person)) = (RowId::parse(&id), PersonId::parse(&person)) else {
            continue;
        };
        let media = media.as_deref().and_then(RowId::parse);
        let extra: Vec<String> = serde_json::from_str(&extra).unwrap_or_default();
        let photos = media
            .into_iter()
            .chain(extra.iter().filter_map(|m| RowId::parse(m)))
            .collect();
        out.push(Material {
            id,
            person,
            request: request.as_deref().and_then(RowId::parse),
            comment,
            media,
            photos,
            appearance: appearance.as_deref().and_then(Appearance::parse),
            origin,
            post: post.as_deref().and_then(PostId::parse),
            created_at,
        });
    }
    Ok(out)
}
