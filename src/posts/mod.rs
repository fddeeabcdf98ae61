//! Posts: the items on the calendar, with one main text and per-platform variants.
//!
//! `posts.platforms` repeats the variant platforms as one comma-separated column so the
//! calendar reads a month from one table and one index; [`insert`] keeps both in step.

use crate::error::{Error, Result};
use crate::ids::{PersonId, PostId, PurposeId, ThemeId};
use crate::model::{Platform, PostStatus};
use crate::store::{write::val, Source, Writer};
use crate::workspace::Workspace;
use chrono::{DateTime, Utc};

pub mod delete;
pub(crate) mod draft;
pub(crate) mod edit;
pub mod sheet;
pub mod sheet_export;
pub mod targets;

pub use edit::{
    local_to_utc, DraftInput, PostDetail, Rescheduled, Revision, Variant, REVISION_WINDOW,
};

/// Longest accepted title, in characters.
pub const MAX_TITLE: usize = 200;
/// Longest accepted text, in characters (well above every platform's limit).
pub const MAX_BODY: usize = 100_000;

/// Checks and tidies a title.
pub(crate) fn check_title(title: &str) -> Result<String> {
    let title = title.trim();
    if title.is_empty() {
        return Err(Error::refused(
            crate::Rule::TitleMissing,
            "title",
            "A post needs a title. Type a few words that say what it is about.",
        ));
    }
    if title.chars().count() > MAX_TITLE {
        return Err(Error::refused(
crate::Rule::TitleTooLong,"title", format!("The title is longer than {MAX_TITLE} characters. Shorten it; the text goes in the body.")));
    }
    Ok(title.to_string())
}

/// A post to create.
#[derive(Debug, Clone)]
pub struct NewPost {
    /// Short title shown on the calendar.
    pub title: String,
    /// The main text.
    pub body: String,
    /// Where it stands.
    pub status: PostStatus,
    /// When it goes out (UTC); `None` keeps it off the calendar.
    pub scheduled_at: Option<DateTime<Utc>>,
    /// Target platforms.
    pub platforms: Vec<Platform>,
    /// Accounts it goes out through (their platforms join `platforms`); empty: each
    /// platform's default.
    pub accounts: Vec<crate::ids::RowId>,
    /// Monthly theme.
    pub theme_id: Option<ThemeId>,
    /// Purpose it serves.
    pub purpose_id: Option<PurposeId>,
    /// Who wrote it.
    pub author_id: Option<PersonId>,
    /// People who appear in it.
    pub people: Vec<PersonId>,
}

impl NewPost {
    /// A draft with a title and nothing else.
    pub fn draft(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            body: String::new(),
            status: PostStatus::Draft,
            scheduled_at: None,
            platforms: Vec::new(),
            accounts: Vec::new(),
            theme_id: None,
            purpose_id: None,
            author_id: None,
            people: Vec::new(),
        }
    }
}

/// A post's status: `None` when the stored status is one this version does not know (from a
/// newer Tsunagu); not found when there is no such post.
pub fn status_of(conn: &rusqlite::Connection, post: PostId) -> Result<Option<PostStatus>> {
    use rusqlite::OptionalExtension;
    let status: Option<String> = conn
        .query_row(
            "SELECT status FROM posts WHERE id = ?1",
            [post.as_string()],
            |r| r.get(0),
        )
        .optional()?;
    let status = status.ok_or_else(|| Error::NotFound {
        entity: "post",
        id: post.as_string(),
    })?;
    Ok(PostStatus::parse(&status))
}

/// Writes a post, its variants and the people in it inside `w`.
pub fn insert(w: &mut Writer<'_>, post: &NewPost) -> Result<PostId> {
    let title = post.title.trim();
    if title.is_empty() {
        return Err(Error::refused(
            crate::Rule::TitleMissing,
            "title",
            "A post needs a title. Type a few words that say what it is about.",
        ));
    }
    if title.chars().count() > MAX_TITLE {
        return Err(Error::refused(
crate::Rule::TitleTooLong,"title", format!("The title is longer than {MAX_TITLE} characters. Shorten it; the text goes in the body.")));
    }
    let named = crate::posts::targets::check_named(w.conn(), None, &post.accounts)?;
    let mut platforms = post.platforms.clone();
    platforms.extend(named.iter().map(|(_, p)| *p));
    platforms.sort();
    platforms.dedup();
    let id = PostId(w.new_id());
    let now = w.now_text().to_string();
    let joined: Vec<&str> = platforms.iter().map(|p| p.as_str()).collect();
    // On an ambassador's device the writer acts as its person: their drafts are theirs.
    let author = post.author_id.or(w.actor());
    w.insert(
        "posts",
        &[("id", val::text(id.as_string()))],
        &[
            ("title", val::text(title)),
            ("body", val::text(post.body.clone())),
            ("status", val::text(post.status.as_str())),
            (
                "scheduled_at",
                val::opt_text(post.scheduled_at.map(crate::clock::to_db_time)),
            ),
            ("platforms", val::text(joined.join(","))),
            (
                "people",
                val::text(
                    post.people
                        .iter()
                        .map(|p| p.as_string())
                        .collect::<Vec<_>>()
                        .join(","),
                ),
            ),
            (
                "theme_id",
                val::opt_text(post.theme_id.map(|t| t.as_string())),
            ),
            (
                "purpose_id",
                val::opt_text(post.purpose_id.map(|p| p.as_string())),
            ),
            ("author_id", val::opt_text(author.map(|p| p.as_string()))),
            ("created_at", val::text(now.clone())),
            ("updated_at", val::text(now)),
        ],
    )?;
    for p in &platforms {
        w.insert(
            "post_variants",
            &[
                ("post_id", val::text(id.as_string())),
                ("platform", val::text(p.as_str())),
            ],
            &[("body", rusqlite::types::Value::Null)],
        )?;
    }
    crate::posts::targets::write_named(w, id, &named)?;
    for person in &post.people {
        w.insert(
            "post_people",
            &[
                ("post_id", val::text(id.as_string())),
                ("person_id", val::text(person.as_string())),
            ],
            &[],
        )?;
    }
    Ok(id)
}

impl Workspace {
    /// Creates a post in one transaction.
    pub fn create_post(
        &mut self,
        source: Source,
        actor: Option<PersonId>,
        post: &NewPost,
    ) -> Result<PostId> {
        let ctx = self.ctx(actor, source);
        if let Some(person) = ctx.actor {
            // A device that joined a sealed team holds none of its data until the lead admits
            // it and a round brings it: its person is not here yet.
            let known: bool = self.store().conn().query_row(
                "SELECT EXISTS (SELECT 1 FROM people WHERE id = ?1)",
                [person.as_string()],
                |r| r.get(0),
            )?;
            if !known {
                return Err(crate::error::Error::invalid("team", "this device has not received the team's data yet. Once the lead has admitted it, sync (「今すぐ同期」 or `tsunagu sync`) and try again."));
            }
        }
        self.store_mut().write(&ctx, |w| insert(w, post))
    }
}
