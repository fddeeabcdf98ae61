//! Reading and editing one post: the editor's view, autosave, and rescheduling.
//!
//! Autosave sends the editor's whole state about once a second, so saving is a replace of
//! the editable fields, and revisions are coalesced: a save within [`REVISION_WINDOW`] of the
//! latest revision by the same person updates that revision instead of adding one. History
//! then shows working sessions, not keystrokes, and nothing typed is lost.

use super::MAX_BODY;
use crate::clock::{from_db_time, to_db_time};
use crate::error::{Error, Result};
use crate::ids::{PersonId, PostId, RowId, ThemeId};
use crate::model::{Platform, PostStatus};
use crate::store::{write::val, Source, Writer};
use crate::workspace::Workspace;
use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// Saves closer together than this (by the same person) update one revision.
pub const REVISION_WINDOW: Duration = Duration::minutes(5);

/// One platform's version of the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Variant {
    /// The platform.
    pub platform: Platform,
    /// Its own text, or `None` while it inherits the main text.
    pub body: Option<String>,
}

/// A post as the editor shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PostDetail {
    /// The post.
    pub id: PostId,
    /// Short title.
    pub title: String,
    /// Main text.
    pub body: String,
    /// Where it stands.
    pub status: PostStatus,
    /// Wall-clock time in the workspace zone, `YYYY-MM-DDTHH:MM`, if scheduled.
    pub local_time: Option<String>,
    /// The same instant in RFC 3339 with the zone's offset.
    pub scheduled_at: Option<String>,
    /// One entry per target platform.
    pub variants: Vec<Variant>,
    /// The accounts it names (empty: each platform's default account).
    pub accounts: Vec<crate::ids::RowId>,
    /// Monthly theme.
    pub theme_id: Option<ThemeId>,
    /// Last change, RFC 3339 UTC.
    pub updated_at: String,
}

/// What the editor saves: the editable fields, whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DraftInput {
    /// Short title.
    pub title: String,
    /// Main text.
    pub body: String,
    /// Target platforms with their own text where they differ.
    pub variants: Vec<Variant>,
    /// Monthly theme.
    pub theme_id: Option<ThemeId>,
    /// The accounts it goes out through (their platforms join the variants); `None` keeps
    /// the ones it names, an empty list means each platform's default.
    #[serde(default)]
    #[ts(optional)]
    pub accounts: Option<Vec<crate::ids::RowId>>,
}

/// A saved version of a post's text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Revision {
    /// The revision.
    pub id: RowId,
    /// Main text then.
    pub body: String,
    /// Variant texts then (platform → text), inheriting ones left out.
    pub variants: BTreeMap<String, String>,
    /// Who wrote it.
    pub author_id: Option<PersonId>,
    /// When, RFC 3339 UTC.
    pub created_at: String,
}

/// The result of a reschedule, with what undo needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Rescheduled {
    /// The post as it is now.
    pub post: PostDetail,
    /// Its previous wall-clock time (`YYYY-MM-DDTHH:MM`), for undo.
    pub previous_local_time: Option<String>,
}

/// Earliest and latest year a post may be scheduled in.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Reads a wall-clock time `YYYY-MM-DDTHH:MM[:SS]` in `tz` into UTC, refusing times that do
/// not exist (the hour skipped by a DST change) and years out of range.
pub fn local_to_utc(local: &str, tz: chrono_tz::Tz) -> Result<DateTime<Utc>> {
    let local = local.trim();
    let naive = NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M"))
        .map_err(|_| {
            Error::refused(
                crate::Rule::BadDateTime,
                "time",
                format!("\"{local}\" is not a date and time. Use YYYY-MM-DDTHH:MM, for example 2026-04-01T09:00."),
            )
        })?;
    if !YEARS.contains(&chrono::Datelike::year(&naive)) {
        return Err(Error::refused(
            crate::Rule::YearOutOfRange,
            "time",
            format!(
                "{local} is outside the years Tsunagu schedules ({}–{}).",
                YEARS.start(),
                YEARS.end()
            ),
        ));
    }
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| {
            Error::refused(
                crate::Rule::TimeSkipped,
                "time",
                format!("{local} does not exist in {tz}: the clocks skip that hour for daylight saving. Choose another time."),
            )
        })
}

pub(super) fn check_body(field: &str, body: &str) -> Result<()> {
    if body.chars().count() > MAX_BODY {
        return Err(Error::refused(
            crate::Rule::TextTooLong,
            field,
            format!("The text is longer than {MAX_BODY} characters; no platform takes that much. Shorten it."),
        ));
    }
    if body.contains('\u{0}') {
        return Err(Error::refused(
crate::Rule::NulCharacter,field, "The text contains a NUL character; remove it (it often comes from pasting binary data)."));
    }
    Ok(())
}

impl Workspace {
    fn tz(&self) -> Result<chrono_tz::Tz> {
        crate::settings::validate_time_zone(&self.settings()?.time_zone)
    }

    /// A post as the editor shows it.
    pub fn post(&self, id: PostId) -> Result<PostDetail> {
        let tz = self.tz()?;
        let conn = self.store().conn();
        let row = conn
            .query_row(
                "SELECT title, body, status, scheduled_at, theme_id, updated_at FROM posts WHERE id = ?1 AND deleted_at IS NULL",
                [id.as_string()],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, String>(5)?,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| Error::NotFound { entity: "post", id: id.as_string() })?;
        let (title, body, status, at, theme, updated_at) = row;
        let mut stmt = conn.prepare_cached(
            "SELECT platform, body FROM post_variants WHERE post_id = ?1 ORDER BY platform",
        )?;
        let mut variants: Vec<Variant> = stmt
            .query_map([id.as_string()], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
            })?
            .filter_map(|r| r.ok())
            .filter_map(|(p, body)| Platform::parse(&p).map(|platform| Variant { platform, body }))
            .collect();
        variants.sort_by_key(|v| v.platform);
        let at = at
            .as_deref()
            .and_then(from_db_time)
            .map(|t| t.with_timezone(&tz));
        Ok(PostDetail {
            id,
            title,
            body,
            status: PostStatus::parse(&status).unwrap_or(PostStatus::Draft),
            local_time: at.map(|t| t.format("%Y-%m-%dT%H:%M").to_string()),
            scheduled_at: at.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            variants,
            accounts: crate::posts::targets::named(conn, id)?
                .into_iter()
                .map(|(a, _)| a)
                .collect(),
            theme_id: theme.as_deref().and_then(ThemeId::parse),
            updated_at,
        })
    }

    /// Creates a draft at a wall-clock time (a click on a calendar day).
    pub fn create_post_at(
        &mut self,
        source: Source,
        actor: Option<PersonId>,
        title: &str,
        local_time: &str,
        platforms: &[Platform],
    ) -> Result<PostDetail> {
        let at = local_to_utc(local_time, self.tz()?)?;
        let mut post = super::NewPost::draft(title);
        post.scheduled_at = Some(at);
        post.platforms = platforms.to_vec();
        post.author_id = actor;
        let id = self.create_post(source, actor, &post)?;
        self.post(id)
    }

    /// Saves the editor's state: title, text, platforms and variants, theme.
    pub fn save_draft(
        &mut self,
        source: Source,
        actor: Option<PersonId>,
        id: PostId,
        input: &DraftInput,
    ) -> Result<PostDetail> {
        let draft = super::draft::Draft::check(input)?;
        let before = self.post(id)?;
        let ctx = self.ctx(actor, source);
        self.store_mut()
            .write(&ctx, |w| draft.write(w, &before, actor))?;
        self.post(id)
    }

    /// Moves a post to a wall-clock time in the workspace zone; returns where it was for undo.
    pub fn reschedule(
        &mut self,
        source: Source,
        actor: Option<PersonId>,
        id: PostId,
        local_time: &str,
    ) -> Result<Rescheduled> {
        let at = local_to_utc(local_time, self.tz()?)?;
        let before = self.post(id)?;
        if before.status == PostStatus::Published {
            return Err(Error::refused(
                crate::Rule::AlreadyPublished,
                "time",
                "This post is already published; moving it on the calendar would not change when it went out.",
            ));
        }
        let ctx = self.ctx(actor, source);
        self.store_mut()
            .write(&ctx, |w| super::draft::write_move(w, id, at))?;
        Ok(Rescheduled {
            post: self.post(id)?,
            previous_local_time: before.local_time,
        })
    }

    /// The post's revisions, newest first.
    pub fn revisions(&self, id: PostId) -> Result<Vec<Revision>> {
        let mut stmt = self.store().conn().prepare_cached(
            "SELECT id, body, variants, author_id, created_at FROM revisions
             WHERE post_id = ?1 ORDER BY created_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([id.as_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (rid, body, variants, author, created_at) = row?;
            let Some(rid) = RowId::parse(&rid) else {
                continue;
            };
            out.push(Revision {
                id: rid,
                body,
                variants: serde_json::from_str(&variants).unwrap_or_default(),
                author_id: author.as_deref().and_then(PersonId::parse),
                created_at,
            });
        }
        Ok(out)
    }

    /// Puts a revision's text back (the current text stays in history).
    pub fn restore_revision(
        &mut self,
        source: Source,
        actor: Option<PersonId>,
        id: PostId,
        revision: RowId,
    ) -> Result<PostDetail> {
        let rev = self
            .revisions(id)?
            .into_iter()
            .find(|r| r.id == revision)
            .ok_or_else(|| Error::NotFound {
                entity: "revision",
                id: revision.as_string(),
            })?;
        let current = self.post(id)?;
        let variants = current
            .variants
            .iter()
            .map(|v| Variant {
                platform: v.platform,
                body: rev.variants.get(v.platform.as_str()).cloned(),
            })
            .collect();
        let input = DraftInput {
            title: current.title,
            body: rev.body,
            variants,
            theme_id: current.theme_id,
            accounts: None,
        };
        self.save_draft(source, actor, id, &input)
    }
}

/// The first edit of a post keeps its text as it was (from the demo, a template or an
/// import) as the first revision, so it can always be restored.
pub(super) fn keep_original(w: &mut Writer<'_>, before: &PostDetail) -> Result<()> {
    let any: Option<String> = w
        .conn()
        .query_row(
            "SELECT id FROM revisions WHERE post_id = ?1 LIMIT 1",
            [before.id.as_string()],
            |r| r.get(0),
        )
        .optional()?;
    if any.is_some() || before.body.is_empty() {
        return Ok(());
    }
    let own: BTreeMap<&str, &str> = before
        .variants
        .iter()
        .filter_map(|v| v.body.as_deref().map(|b| (v.platform.as_str(), b)))
        .collect();
    let created = from_db_time(&before.updated_at).unwrap_or_else(|| w.now() - REVISION_WINDOW);
    // Never inside the coalescing window, so the next revision is a separate entry.
    let created = created.min(w.now() - REVISION_WINDOW);
    w.insert(
        "revisions",
        &[("id", val::text(w.new_id().to_string()))],
        &[
            ("post_id", val::text(before.id.as_string())),
            ("body", val::text(before.body.clone())),
            (
                "variants",
                val::text(serde_json::to_string(&own).unwrap_or_else(|_| "{}".into())),
            ),
            ("author_id", val::opt_text(None::<String>)),
            ("created_at", val::text(to_db_time(created))),
        ],
    )
}

/// Adds a revision, or updates the latest one when it is recent and by the same person.
pub(super) fn record_revision(
    w: &mut Writer<'_>,
    id: PostId,
    actor: Option<PersonId>,
    body: &str,
    variants: &BTreeMap<Platform, Option<String>>,
) -> Result<()> {
    let own: BTreeMap<&str, &str> = variants
        .iter()
        .filter_map(|(p, b)| b.as_deref().map(|b| (p.as_str(), b)))
        .collect();
    let variants_json = serde_json::to_string(&own).unwrap_or_else(|_| "{}".into());
    let latest: Option<(String, String, Option<String>)> = w
        .conn()
        .query_row(
            "SELECT id, created_at, author_id FROM revisions WHERE post_id = ?1
             ORDER BY created_at DESC, id DESC LIMIT 1",
            [id.as_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let now = w.now();
    let actor_text = actor.map(|a| a.as_string());
    if let Some((rid, created, author)) = latest {
        let recent = from_db_time(&created).is_some_and(|t| now - t < REVISION_WINDOW);
        if recent && author == actor_text {
            return w.update(
                "revisions",
                &[("id", val::text(rid))],
                &[
                    ("body", val::text(body)),
                    ("variants", val::text(variants_json)),
                ],
            );
        }
    }
    w.insert(
        "revisions",
        &[("id", val::text(w.new_id().to_string()))],
        &[
            ("post_id", val::text(id.as_string())),
            ("body", val::text(body)),
            ("variants", val::text(variants_json)),
            ("author_id", val::opt_text(actor_text)),
            ("created_at", val::text(to_db_time(now))),
        ],
    )
}
