//! Material people send, for the fronts: sending it (as the giver), listing it, and turning it
//! into a draft, the step that crosses from the roster into posts and media in one
//! transaction.

use crate::error::{Error, Result};
use crate::ids::{PersonId, PostId, RowId};
use crate::roster::materials::{self, Material};
use crate::store::{write::val, Source};
use crate::workspace::Workspace;

/// A person sends material, answering a request or on their own. Returns the material.
pub fn send_material(
    ws: &mut Workspace,
    source: Source,
    person: PersonId,
    request: Option<RowId>,
    comment: &str,
    media: Option<RowId>,
) -> Result<RowId> {
    let ctx = ws.ctx(Some(person), source);
    ws.store_mut().write(&ctx, |w| {
        materials::send_material(w, person, request, comment, media)
    })
}

/// Material received, newest first.
pub fn materials(ws: &Workspace) -> Result<Vec<Material>> {
    materials::materials(ws.store().conn())
}

/// Turns material into a draft: its comment as the text, the giver shown in it, its image
/// attached, and the material linked to the draft. Returns the draft.
pub fn material_to_draft(ws: &mut Workspace, source: Source, material: RowId) -> Result<PostId> {
    let m = materials::materials(ws.store().conn())?
        .into_iter()
        .find(|m| m.id == material)
        .ok_or_else(|| Error::NotFound {
            entity: "material",
            id: material.as_string(),
        })?;
    if let Some(post) = m.post {
        return Err(Error::invalid(
            "material",
            format!("This material already became draft {post}; open that draft instead."),
        ));
    }
    let giver = crate::roster::person(ws.store().conn(), ws.today()?, m.person)?;
    let title: String = if m.comment.trim().is_empty() {
        format!("{}さんの素材", giver.input.display_name)
    } else {
        m.comment
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .take(40)
            .collect()
    };
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| {
        let mut post = crate::posts::NewPost::draft(title);
        post.body = m.comment.clone();
        post.author_id = None;
        // Givers are credited; they are shown people only when they appear in the material
        // (as they said when sending it), or, for material that did not say, when they take
        // part in a visible way.
        let shows = match m.appearance {
            Some(a) => a.needs().is_some(),
            None => giver.input.participation.iter().any(|p| {
                !matches!(
                    p,
                    crate::model::Participation::MaterialOnly
                        | crate::model::Participation::NotParticipating
                )
            }),
        };
        if shows {
            post.people = vec![m.person];
        }
        let id = crate::posts::insert(w, &post)?;
        for (position, media) in m.photos.iter().enumerate() {
            w.insert(
                "post_media",
                &[
                    ("post_id", val::text(id.as_string())),
                    ("media_id", val::text(media.as_string())),
                ],
                &[("position", val::int(position as i64))],
            )?;
            // What the giver said about the photo goes onto the image, where the exit's
            // consent check reads it.
            if m.appearance.and_then(|a| a.needs()).is_some() {
                let known: bool = w.conn().query_row(
                    "SELECT EXISTS (SELECT 1 FROM media_people WHERE media_id = ?1 AND person_id = ?2)",
                    [media.as_string(), m.person.as_string()],
                    |r| r.get(0),
                )?;
                if !known {
                    w.insert(
                        "media_people",
                        &[
                            ("media_id", val::text(media.as_string())),
                            ("person_id", val::text(m.person.as_string())),
                        ],
                        &[],
                    )?;
                }
            }
            if m.appearance == Some(crate::model::Appearance::Face) {
                w.update(
                    "media",
                    &[("id", val::text(media.as_string()))],
                    &[("faces_visible", val::int(1))],
                )?;
            }
        }
        w.update(
            "materials",
            &[("id", val::text(material.as_string()))],
            &[("post_id", val::text(id.as_string()))],
        )?;
        Ok(id)
    })
}
