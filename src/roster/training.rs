//! Training: which guideline version each person acknowledged, and who has not read the
//! current one.
//!
//! The seeds' point is that a guideline only protects people who know it. Every published
//! version is kept (the guideline issue edits its rules); an acknowledgement names the version,
//! so publishing a new version flags everyone again until they acknowledge it.

use crate::error::{Error, Result};
use crate::ids::{PersonId, RowId};
use crate::store::{write::val, Writer};
use chrono::NaiveDate;
use rusqlite::Connection;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// A published guideline version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GuidelineVersion {
    /// The version's row.
    pub id: RowId,
    /// 1, 2, 3…
    pub version: i64,
    /// Its title.
    pub title: String,
    /// When it was published, RFC 3339 UTC.
    pub published_at: String,
}

/// One person's training.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TrainingStatus {
    /// The person.
    pub person: PersonId,
    /// The newest version they acknowledged.
    pub acknowledged_version: Option<i64>,
    /// When, RFC 3339 UTC.
    pub acknowledged_at: Option<String>,
    /// They acknowledged the current version (true when none is published).
    pub current: bool,
}

/// The newest published guideline version, if any.
pub fn current_guideline(conn: &Connection) -> Result<Option<GuidelineVersion>> {
    let row = conn
        .query_row(
            "SELECT id, version, title, published_at FROM guideline_sets
             WHERE published_at IS NOT NULL ORDER BY version DESC LIMIT 1",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get::<_, String>(3)?,
                ))
            },
        )
        .optional()?;
    Ok(row.and_then(|(id, version, title, published_at)| {
        Some(GuidelineVersion {
            id: RowId::parse(&id)?,
            version,
            title,
            published_at,
        })
    }))
}

/// Records that `person` read and acknowledged the current guideline version.
pub fn acknowledge_guideline(w: &mut Writer<'_>, today: NaiveDate, person: PersonId) -> Result<()> {
    let Some(current) = current_guideline(w.conn())? else {
        return Err(Error::invalid(
            "guideline",
            "No guideline version is published yet; publish one first.",
        ));
    };
    let detail = crate::roster::person(w.conn(), today, person)?;
    if !detail.input.active {
        return Err(Error::invalid(
            "person",
            "This person has left; training is only recorded for active people.",
        ));
    }
    let done: bool = w.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM guideline_acks WHERE person_id = ?1 AND guideline_id = ?2)",
        [person.as_string(), current.id.as_string()],
        |r| r.get(0),
    )?;
    if done {
        return Ok(());
    }
    let now = w.now_text().to_string();
    w.insert(
        "guideline_acks",
        &[
            ("person_id", val::text(person.as_string())),
            ("guideline_id", val::text(current.id.as_string())),
        ],
        &[("acknowledged_at", val::text(now))],
    )
}

/// Training of every active person, in roster order.
pub fn training(conn: &Connection) -> Result<Vec<TrainingStatus>> {
    let current = current_guideline(conn)?.map(|g| g.version);
    let mut newest: HashMap<String, (i64, String)> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT a.person_id, g.version, a.acknowledged_at FROM guideline_acks a
         JOIN guideline_sets g ON g.id = a.guideline_id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (p, v, at): (String, i64, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let slot = newest.entry(p).or_insert((v, at.clone()));
        if v > slot.0 {
            *slot = (v, at);
        }
    }
    Ok(crate::roster::people(conn)?
        .into_iter()
        .filter(|p| p.active)
        .map(|p| {
            let ack = newest.remove(&p.id.as_string());
            TrainingStatus {
                person: p.id,
                current: current.is_none_or(|c| ack.as_ref().is_some_and(|a| a.0 >= c)),
                acknowledged_version: ack.as_ref().map(|a| a.0),
                acknowledged_at: ack.map(|a| a.1),
            }
        })
        .collect())
}
