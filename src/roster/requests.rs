//! Requests to people and the material they send back.
//!
//! The seeds' advice is concrete asks ("one site photo a week") and several ways to take part,
//! including just sending material. A request goes to people and/or whole departments; each
//! person's answer is material (a comment, an image), which the lead turns into a draft with
//! one action, keeping the link to who gave it.

use crate::error::{Error, Result};
use crate::ids::{DepartmentId, PersonId, PostId, RowId};
use crate::store::{write::val, Source};
use crate::workspace::Workspace;
use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A request as the lead writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RequestInput {
    /// What is wanted, in a line ("現場の写真を1枚").
    pub title: String,
    /// More detail.
    pub description: String,
    /// `YYYY-MM-DD`.
    pub due_on: Option<String>,
    /// People asked.
    pub people: Vec<PersonId>,
    /// Departments asked (everyone active in them).
    pub departments: Vec<DepartmentId>,
}

/// Where one person's part of a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    /// Waiting for an answer.
    Open,
    /// Answered with material.
    Answered,
    /// Past its due date without an answer.
    Overdue,
}

/// A request as one person sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AssignedRequest {
    /// The request.
    pub id: RowId,
    /// What is wanted.
    pub title: String,
    /// More detail.
    pub description: String,
    /// `YYYY-MM-DD`.
    pub due_on: Option<String>,
    /// The person asked.
    pub person: PersonId,
    /// Where it stands for them.
    pub state: RequestState,
}

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

impl Workspace {
    /// Sends a request to people and departments. Returns its id.
    pub fn send_request(&mut self, source: Source, input: &RequestInput) -> Result<RowId> {
        let title = input.title.trim();
        if title.is_empty() {
            return Err(Error::invalid(
                "title",
                "Say what is wanted, for example 現場の写真を1枚.",
            ));
        }
        if input.people.is_empty() && input.departments.is_empty() {
            return Err(Error::invalid(
                "people",
                "Choose at least one person or department to ask.",
            ));
        }
        let due = input
            .due_on
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .map(|d| {
                NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| {
                    Error::invalid(
                        "due_on",
                        format!("\"{d}\" is not a date; write it as YYYY-MM-DD."),
                    )
                })
            })
            .transpose()?;
        let ctx = self.ctx(None, source);
        self.store_mut().write(&ctx, |w| {
            let id = RowId(w.new_id());
            let now = w.now_text().to_string();
            w.insert(
                "requests",
                &[("id", val::text(id.as_string()))],
                &[
                    ("title", val::text(title)),
                    ("description", val::text(input.description.trim())),
                    ("due_on", val::opt_text(due.map(|d| d.to_string()))),
                    ("created_at", val::text(now)),
                ],
            )?;
            // Departments are expanded to their active people now, so a later move between
            // departments does not change who was asked.
            let mut people = input.people.clone();
            for d in &input.departments {
                let mut stmt = w
                    .conn()
                    .prepare("SELECT id FROM people WHERE department_id = ?1 AND active = 1")?;
                let ids: Vec<String> = stmt
                    .query_map([d.as_string()], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                people.extend(ids.iter().filter_map(|i| PersonId::parse(i)));
            }
            people.sort();
            people.dedup();
            for p in people {
                w.insert(
                    "request_assignees",
                    &[
                        ("request_id", val::text(id.as_string())),
                        ("person_id", val::text(p.as_string())),
                    ],
                    &[("status", val::text("open"))],
                )?;
            }
            Ok(id)
        })
    }

    /// Requests addressed to `person` (or to everyone when `None`), newest first.
    pub fn requests(&self, person: Option<PersonId>) -> Result<Vec<AssignedRequest>> {
        let tz = crate::settings::validate_time_zone(&self.settings()?.time_zone)?;
        let today = self.clock().now().with_timezone(&tz).date_naive();
        let mut stmt = self.store().conn().prepare_cached(
            "SELECT r.id, r.title, r.description, r.due_on, a.person_id, a.status
             FROM requests r JOIN request_assignees a ON a.request_id = r.id
             WHERE a.person_id IS NOT NULL AND (?1 IS NULL OR a.person_id = ?1)
             ORDER BY r.created_at DESC, a.person_id",
        )?;
        let rows = stmt.query_map([person.map(|p| p.as_string())], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, title, description, due_on, p, status) = row?;
            let (Some(id), Some(p)) = (RowId::parse(&id), PersonId::parse(&p)) else {
                continue;
            };
            let overdue = due_on
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .is_some_and(|d| d < today);
            let state = match (status.as_str(), overdue) {
                ("answered", _) => RequestState::Answered,
                (_, true) => RequestState::Overdue,
                _ => RequestState::Open,
            };
            out.push(AssignedRequest {
                id,
                title,
                description,
                due_on,
                person: p,
                state,
            });
        }
        Ok(out)
    }

    /// A person sends material, answering a request or on their own. Returns the material.
    pub fn send_material(
        &mut self,
        source: Source,
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
            let asked: Option<String> = self
                .store()
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
        let ctx = self.ctx(Some(person), source);
        self.store_mut().write(&ctx, |w| {
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
        })
    }

    /// Material received, newest first.
    pub fn materials(&self) -> Result<Vec<Material>> {
        let mut stmt = self.store().conn().prepare_cached(
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

    /// Turns material into a draft: its comment as the text, the giver shown in it, its image
    /// attached, and the material linked to the draft. Returns the draft.
    pub fn material_to_draft(&mut self, source: Source, material: RowId) -> Result<PostId> {
        let m = self
            .materials()?
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
        let giver = self.person(m.person)?;
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
        let ctx = self.ctx(None, source);
        self.store_mut().write(&ctx, |w| {
            let mut post = crate::posts::NewPost::draft(title);
            post.body = m.comment.clone();
            post.author_id = None;
            // Material-only givers are credited, not shown: only add them as shown people if
            // they take part in a visible way.
            let shows = giver.input.participation.iter().any(|p| {
                !matches!(
                    p,
                    crate::model::Participation::MaterialOnly
                        | crate::model::Participation::NotParticipating
                )
            });
            if shows {
                post.people = vec![m.person];
            }
            let id = crate::posts::insert(w, &post)?;
            if let Some(media) = m.media {
                w.insert(
                    "post_media",
                    &[
                        ("post_id", val::text(id.as_string())),
                        ("media_id", val::text(media.as_string())),
                    ],
                    &[("position", val::int(0))],
                )?;
            }
            w.update(
                "materials",
                &[("id", val::text(material.as_string()))],
                &[("post_id", val::text(id.as_string()))],
            )?;
            Ok(id)
        })
    }
}
