//! The stored rows an audience is judged from: the sender's database, query by query, or an
//! index of it read once when many rows are judged together (a snapshot, a round's photos).

use super::Audience;
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension};
use std::collections::{BTreeSet, HashMap};

/// The rows audiences are judged from: the database itself (a batch's few changes), or an
/// index of it read once (a whole snapshot: a query per row would cost seconds on a large
/// team).
pub(in crate::sync) struct Stored<'a> {
    pub(super) conn: &'a Connection,
    index: Option<Index>,
}

#[derive(Default)]
struct Index {
    /// Post → (published, author).
    posts: HashMap<String, (bool, Option<String>)>,
    /// Post → the people whose material it was made from.
    givers_of_post: HashMap<String, BTreeSet<String>>,
    /// Photo → the posts it is in.
    media_posts: HashMap<String, Vec<String>>,
    /// Photo → the people whose material names it.
    media_givers: HashMap<String, BTreeSet<String>>,
}

impl<'a> Stored<'a> {
    /// Judged query by query.
    pub(in crate::sync) fn live(conn: &'a Connection) -> Self {
        Stored { conn, index: None }
    }

    /// Judged from an index read now.
    pub(in crate::sync) fn indexed(conn: &'a Connection) -> Result<Self> {
        let mut index = Index::default();
        let mut stmt = conn.prepare("SELECT id, status, author_id FROM posts")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let status: String = r.get(1)?;
            index
                .posts
                .insert(r.get(0)?, (status == "published", r.get(2)?));
        }
        let mut stmt =
            conn.prepare("SELECT person_id, post_id, media_id, extra_media FROM materials")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let person: String = r.get(0)?;
            if let Some(post) = r.get::<_, Option<String>>(1)? {
                index
                    .givers_of_post
                    .entry(post)
                    .or_default()
                    .insert(person.clone());
            }
            let mut media: Vec<String> = r.get::<_, Option<String>>(2)?.into_iter().collect();
            let extra: String = r.get(3)?;
            media.extend(serde_json::from_str::<Vec<String>>(&extra).unwrap_or_default());
            for m in media {
                index
                    .media_givers
                    .entry(m)
                    .or_default()
                    .insert(person.clone());
            }
        }
        let mut stmt = conn.prepare("SELECT media_id, post_id FROM post_media")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            index
                .media_posts
                .entry(r.get(0)?)
                .or_default()
                .push(r.get(1)?);
        }
        Ok(Stored {
            conn,
            index: Some(index),
        })
    }

    /// Whether a post is published, and its author with the people whose material it was
    /// made from.
    fn post_people(&self, post: &str) -> Result<(bool, BTreeSet<String>)> {
        if let Some(ix) = &self.index {
            let (published, author) = ix.posts.get(post).cloned().unwrap_or((false, None));
            let mut people = ix.givers_of_post.get(post).cloned().unwrap_or_default();
            people.extend(author);
            return Ok((published, people));
        }
        let row: Option<(String, Option<String>)> = self
            .conn
            .prepare_cached("SELECT status, author_id FROM posts WHERE id = ?1")?
            .query_row([post], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let mut people: BTreeSet<String> = self
            .conn
            .prepare_cached("SELECT DISTINCT person_id FROM materials WHERE post_id = ?1")?
            .query_map([post], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        let published = row.as_ref().is_some_and(|(s, _)| s == "published");
        people.extend(row.and_then(|(_, a)| a));
        Ok((published, people))
    }

    /// The posts a photo is in and the people whose material names it.
    fn media_links(&self, media: &str) -> Result<(Vec<String>, BTreeSet<String>)> {
        if let Some(ix) = &self.index {
            return Ok((
                ix.media_posts.get(media).cloned().unwrap_or_default(),
                ix.media_givers.get(media).cloned().unwrap_or_default(),
            ));
        }
        let posts: Vec<String> = self
            .conn
            .prepare_cached("SELECT post_id FROM post_media WHERE media_id = ?1")?
            .query_map([media], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        let givers: BTreeSet<String> = self
            .conn
            .prepare_cached(
                "SELECT person_id FROM materials WHERE media_id = ?1 OR instr(extra_media, ?1) > 0",
            )?
            .query_map([media], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        Ok((posts, givers))
    }

    /// A post's audience: the team once published, else its author and its material's people.
    pub(super) fn post_audience(&self, post: &str) -> Result<Audience> {
        let (published, people) = self.post_people(post)?;
        Ok(if published {
            Audience::Team
        } else {
            Audience::staff_and(people)
        })
    }

    /// A post's history (revisions, reviews): never the team's.
    pub(super) fn post_private(&self, post: &str) -> Result<Audience> {
        Ok(Audience::staff_and(self.post_people(post)?.1))
    }

    /// A photo's audience: everyone who may read a post or material it belongs to, or the
    /// person who added it when nothing names it yet.
    pub(super) fn media_audience(&self, media: &str, me: Option<&str>) -> Result<Audience> {
        let (posts, givers) = self.media_links(media)?;
        if posts.is_empty() && givers.is_empty() {
            return Ok(Audience::staff_and(me.map(str::to_string)));
        }
        let mut out = Audience::staff_and(givers);
        for p in posts {
            out = out.union(self.post_audience(&p)?);
        }
        Ok(out)
    }
}
