//! Recognition: thanks from the lead and monthly highlights, never a public ranking.
//!
//! The seeds warn that shaming kills participation, so nothing here orders people by how much
//! they gave. Suggestions for a month's highlight list everyone who contributed, by name; the
//! lead chooses.

use super::ledger::LedgerEntry;
use crate::clock::YearMonth;
use crate::error::{Error, Result};
use crate::ids::{PersonId, PostId, RowId};
use crate::model::PostStatus;
use crate::store::{write::val, Writer};
use chrono::NaiveDate;
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Thanks or a highlight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RecognitionKind {
    /// A thank-you note.
    Thanks,
    /// A monthly highlight.
    Highlight,
}

/// A recognition as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Recognition {
    /// The recognition.
    pub id: RowId,
    /// Who is recognised.
    pub person: PersonId,
    /// Thanks or highlight.
    pub kind: RecognitionKind,
    /// The words.
    pub note: String,
    /// `YYYY-MM`.
    pub month: String,
}

/// Someone who contributed in a month, for the lead to consider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Contributor {
    /// The person.
    pub person: PersonId,
    /// Their month.
    pub entry: LedgerEntry,
}

/// Records thanks or a highlight for `person` in `month`.
pub fn recognise(
    w: &mut Writer<'_>,
    today: NaiveDate,
    person: PersonId,
    kind: RecognitionKind,
    month: YearMonth,
    note: &str,
) -> Result<RowId> {
    let note = note.trim();
    if note.is_empty() {
        return Err(Error::invalid(
            "note",
            "Write a few words: what they did and why it mattered.",
        ));
    }
    crate::roster::person(w.conn(), today, person)?;
    {
        let id = RowId(w.new_id());
        let now = w.now_text().to_string();
        w.insert(
            "recognitions",
            &[("id", val::text(id.as_string()))],
            &[
                ("person_id", val::text(person.as_string())),
                (
                    "kind",
                    val::text(match kind {
                        RecognitionKind::Thanks => "thanks",
                        RecognitionKind::Highlight => "highlight",
                    }),
                ),
                ("note", val::text(note)),
                ("month", val::text(month.to_string())),
                ("created_at", val::text(now)),
            ],
        )?;
        Ok(id)
    }
}

/// Recognitions of `month`, oldest first.
pub fn recognitions(conn: &Connection, month: YearMonth) -> Result<Vec<Recognition>> {
    let mut stmt = conn
        .prepare_cached("SELECT id, person_id, kind, note, month FROM recognitions WHERE month = ?1 ORDER BY created_at, id")?;
    let rows = stmt.query_map([month.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, person, kind, note, month) = row?;
        let (Some(id), Some(person)) = (RowId::parse(&id), PersonId::parse(&person)) else {
            continue;
        };
        let kind = if kind == "highlight" {
            RecognitionKind::Highlight
        } else {
            RecognitionKind::Thanks
        };
        out.push(Recognition {
            id,
            person,
            kind,
            note,
            month,
        });
    }
    Ok(out)
}

/// Everyone who contributed in `month`, by name (never by amount).
pub fn contributors(conn: &Connection, tz: Tz, month: YearMonth) -> Result<Vec<Contributor>> {
    contributors_skipping(conn, tz, month, &std::collections::HashSet::new())
}

fn contributors_skipping(
    conn: &Connection,
    tz: Tz,
    month: YearMonth,
    skip: &std::collections::HashSet<String>,
) -> Result<Vec<Contributor>> {
    Ok(
        super::ledger::ledger_skipping(conn, tz, month, month, skip)?
            .into_iter()
            .filter_map(|p| {
                let e = p.months.into_iter().next()?;
                let gave =
                    e.requests_answered + e.material_given + e.drafts_written + e.posts_published
                        > 0;
                gave.then_some(Contributor {
                    person: p.person,
                    entry: e,
                })
            })
            .collect(),
    )
}

/// The month's contributors ordered by how much they gave, most first, not counting the posts
/// in `skip` (the posts about the company's products: a ranking that counted them would reward
/// product posts, the rewarded reviews Japan's regulator ordered companies to stop in 2024).
/// Only when the workspace has chosen to allow ranking (Settings); otherwise an error that
/// says so.
pub fn ranking(
    conn: &Connection,
    tz: Tz,
    allowed: bool,
    month: YearMonth,
    skip: &std::collections::HashSet<String>,
) -> Result<Vec<Contributor>> {
    if !allowed {
        return Err(Error::invalid(
            "ranking",
            "Ranking people is off for this workspace. Turn it on in Settings if your team has agreed to it.",
        ));
    }
    let mut all = contributors_skipping(conn, tz, month, skip)?;
    let total = |e: &LedgerEntry| {
        u64::from(e.requests_answered)
            + u64::from(e.material_given)
            + u64::from(e.drafts_written)
            + u64::from(e.posts_published)
    };
    // Stable: equal totals keep roster order.
    all.sort_by_key(|c| std::cmp::Reverse(total(&c.entry)));
    Ok(all)
}

/// Holds back a post that shows someone who withdrew or left: a scheduled or approved post
/// is paused so it cannot go out; the text stays for editing.
pub fn hold_back(w: &mut Writer<'_>, post: PostId) -> Result<()> {
    if crate::posts::status_of(w.conn(), post)? == Some(PostStatus::Published) {
        return Err(Error::invalid(
            "post",
            "This post is already out; holding it back changes nothing. Ask the platform to delete it instead.",
        ));
    }
    let now = w.now_text().to_string();
    w.update(
        "posts",
        &[("id", val::text(post.as_string()))],
        &[
            ("status", val::text("paused")),
            ("updated_at", val::text(now)),
        ],
    )
}
