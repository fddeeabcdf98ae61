//! Consent records, and which posts a withdrawal or a departure touches.
//!
//! A record says which participation modes and platforms a person agreed to, from when, until
//! when, and on what evidence. An empty platform list means every platform. Withdrawal sets a
//! date; nothing is deleted, so the history of what was agreed stays readable.

use crate::clock::from_db_time;
use crate::error::{Error, Result};
use crate::ids::{PersonId, PostId, RowId};
use crate::model::{Participation, Platform, PostStatus};
use crate::store::{write::val, Writer};
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A consent as entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConsentInput {
    /// Modes agreed to.
    pub modes: Vec<Participation>,
    /// Platforms agreed to; empty means all.
    pub platforms: Vec<Platform>,
    /// `YYYY-MM-DD`.
    pub given_on: String,
    /// `YYYY-MM-DD`, if it expires.
    pub expires_on: Option<String>,
    /// Document id or file name of the signed form.
    pub evidence_ref: String,
}

/// Where a consent stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConsentState {
    /// In force.
    Active,
    /// Not yet in force.
    Future,
    /// Past its expiry date.
    Expired,
    /// Withdrawn by the person.
    Withdrawn,
}

/// A stored consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConsentRecord {
    /// The record.
    pub id: RowId,
    /// Whose.
    pub person: PersonId,
    /// Modes agreed to.
    pub modes: Vec<Participation>,
    /// Platforms agreed to; empty means all.
    pub platforms: Vec<Platform>,
    /// `YYYY-MM-DD`.
    pub given_on: String,
    /// `YYYY-MM-DD`.
    pub expires_on: Option<String>,
    /// Evidence.
    pub evidence_ref: String,
    /// `YYYY-MM-DD`, once withdrawn.
    pub withdrawn_on: Option<String>,
    /// Its state today.
    pub state: ConsentState,
}

/// A post that shows a person, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImpactedPost {
    /// The post.
    pub id: PostId,
    /// Its title.
    pub title: String,
    /// Where it stands.
    pub status: PostStatus,
    /// When, RFC 3339 UTC, if scheduled.
    pub scheduled_at: Option<String>,
    /// Shown in the post itself (`post`) or in one of its images (`image`).
    pub via: String,
}

/// The posts a withdrawal or a departure touches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Impact {
    /// The person.
    pub person: PersonId,
    /// Scheduled or published posts that show them, by time.
    pub posts: Vec<ImpactedPost>,
}

fn date(field: &str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        Error::invalid(
            field,
            format!("\"{text}\" is not a date; write it as YYYY-MM-DD, for example 2026-04-01."),
        )
    })
}

fn state_on(
    given: NaiveDate,
    expires: Option<NaiveDate>,
    withdrawn: Option<NaiveDate>,
    today: NaiveDate,
) -> ConsentState {
    if withdrawn.is_some_and(|w| w <= today) {
        ConsentState::Withdrawn
    } else if given > today {
        ConsentState::Future
    } else if expires.is_some_and(|e| e < today) {
        ConsentState::Expired
    } else {
        ConsentState::Active
    }
}

/// Records a consent.
pub fn add(w: &mut Writer<'_>, person: PersonId, c: &ConsentInput) -> Result<RowId> {
    let given = date("given_on", &c.given_on)?;
    let expires = c
        .expires_on
        .as_deref()
        .filter(|e| !e.trim().is_empty())
        .map(|e| date("expires_on", e))
        .transpose()?;
    if expires.is_some_and(|e| e < given) {
        return Err(Error::invalid(
            "expires_on",
            "The consent expires before it was given; check the dates.",
        ));
    }
    if c.modes.is_empty() || c.modes.contains(&Participation::NotParticipating) {
        return Err(Error::invalid(
            "modes",
            "Say which ways of taking part the person agreed to (face shown, hands only, …).",
        ));
    }
    if c.evidence_ref.trim().is_empty() {
        return Err(Error::invalid(
            "evidence_ref",
            "Note the evidence: the signed form's document id or file name.",
        ));
    }
    person_exists(w.conn(), person)?;
    {
        let id = RowId(w.new_id());
        w.insert(
            "consents",
            &[("id", val::text(id.as_string()))],
            &[
                ("person_id", val::text(person.as_string())),
                ("modes", val::text(super::people::modes_json(&c.modes))),
                (
                    "platforms",
                    val::text(serde_json::to_string(&c.platforms).unwrap_or_else(|_| "[]".into())),
                ),
                ("given_on", val::text(given.to_string())),
                ("expires_on", val::opt_text(expires.map(|e| e.to_string()))),
                ("evidence_ref", val::text(c.evidence_ref.trim())),
            ],
        )?;
        Ok(id)
    }
}

/// Records the consent a roster row states (同意期限): the ways of taking part it lists, on every
/// platform, given on the day of the import and ending on `until`, the row as its evidence. A
/// person who already has that consent, not withdrawn, keeps the one they have.
pub(crate) fn from_roster(
    w: &mut Writer<'_>,
    person: PersonId,
    modes: &[Participation],
    until: NaiveDate,
    row: u32,
) -> Result<()> {
    let same: bool = w.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM consents WHERE person_id = ?1 AND expires_on = ?2 AND withdrawn_on IS NULL)",
        [person.as_string(), until.to_string()],
        |r| r.get(0),
    )?;
    if same {
        return Ok(());
    }
    let today = w.now().date_naive();
    add(
        w,
        person,
        &ConsentInput {
            modes: modes.to_vec(),
            platforms: Vec::new(),
            given_on: today.min(until).to_string(),
            expires_on: Some(until.to_string()),
            evidence_ref: format!("roster import, row {row}"),
        },
    )
    .map(|_| ())
}

fn person_exists(conn: &Connection, person: PersonId) -> Result<()> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM people WHERE id = ?1",
        [person.as_string()],
        |r| r.get(0),
    )?;
    if n == 0 {
        return Err(Error::NotFound {
            entity: "person",
            id: person.as_string(),
        });
    }
    Ok(())
}

/// Whether an active consent covers `mode` on `platform` on `today`.
pub fn covers(
    conn: &Connection,
    today: NaiveDate,
    person: PersonId,
    mode: Participation,
    platform: Platform,
) -> Result<bool> {
    Ok(consents(conn, today, person)?.iter().any(|c| {
        c.state == ConsentState::Active
            && c.modes.contains(&mode)
            && (c.platforms.is_empty() || c.platforms.contains(&platform))
    }))
}

/// Whether `person` may be named in what the company reads (a digest, a chat message): an
/// active consent to take part in some way, and not marked as not taking part.
pub fn may_be_named(conn: &Connection, today: NaiveDate, person: PersonId) -> Result<bool> {
    let shown = consents(conn, today, person)?.iter().any(|c| {
        c.state == ConsentState::Active
            && c.modes
                .iter()
                .any(|m| *m != crate::model::Participation::NotParticipating)
    });
    Ok(shown)
}

/// Withdraws a consent from `on` (`today` if `None`); returns the posts that show the person.
pub fn withdraw(
    w: &mut Writer<'_>,
    today: NaiveDate,
    consent: RowId,
    on: Option<&str>,
) -> Result<Impact> {
    let on = match on {
        Some(d) => date("withdrawn_on", d)?,
        None => today,
    };
    let person: String = w
        .conn()
        .query_row(
            "SELECT person_id FROM consents WHERE id = ?1",
            [consent.as_string()],
            |r| r.get(0),
        )
        .map_err(|_| Error::NotFound {
            entity: "consent",
            id: consent.as_string(),
        })?;
    let person = PersonId::parse(&person)
        .ok_or_else(|| Error::invalid("consent", "the consent names no valid person"))?;
    w.update(
        "consents",
        &[("id", val::text(consent.as_string()))],
        &[("withdrawn_on", val::text(on.to_string()))],
    )?;
    impact(w.conn(), person)
}

/// Scheduled or published posts (anything past a draft) that show `person`, in the post
/// itself or in one of its images.
pub fn impact(conn: &Connection, person: PersonId) -> Result<Impact> {
    // A deleted post counts only while it is still on a platform (removed from Tsunagu only).
    const LIVE: &str = "(p.deleted_at IS NULL OR EXISTS (SELECT 1 FROM publish_jobs j WHERE j.post_id = p.id AND j.state = 'published'))";
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT p.id, p.title, p.status, p.scheduled_at, 'post' FROM posts p
           JOIN post_people pp ON pp.post_id = p.id WHERE pp.person_id = ?1 AND {LIVE}
         UNION
         SELECT p.id, p.title, p.status, p.scheduled_at, 'image' FROM posts p
           JOIN post_media pm ON pm.post_id = p.id
           JOIN media_people mp ON mp.media_id = pm.media_id WHERE mp.person_id = ?1 AND {LIVE}"
    ))?;
    let rows = stmt.query_map([person.as_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut posts: Vec<ImpactedPost> = Vec::new();
    for row in rows {
        let (id, title, status, at, via) = row?;
        let Some(id) = PostId::parse(&id) else {
            continue;
        };
        let status = PostStatus::parse(&status).unwrap_or(PostStatus::Draft);
        if matches!(status, PostStatus::Idea | PostStatus::Draft) {
            continue;
        }
        if posts.iter().any(|p| p.id == id) {
            continue;
        }
        posts.push(ImpactedPost {
            id,
            title,
            status,
            scheduled_at: at,
            via,
        });
    }
    posts.sort_by(|a, b| {
        let t = |p: &ImpactedPost| p.scheduled_at.as_deref().and_then(from_db_time);
        t(a).cmp(&t(b)).then(a.title.cmp(&b.title))
    });
    Ok(Impact { person, posts })
}

/// A person's consent records, newest first, with their state on `today`.
pub fn consents(
    conn: &Connection,
    today: NaiveDate,
    person: PersonId,
) -> Result<Vec<ConsentRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, modes, platforms, given_on, expires_on, coalesce(evidence_ref, ''), withdrawn_on
         FROM consents WHERE person_id = ?1 ORDER BY given_on DESC, id DESC",
    )?;
    let rows = stmt.query_map([person.as_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, modes, platforms, given, expires, evidence, withdrawn) = row?;
        let Some(id) = RowId::parse(&id) else {
            continue;
        };
        let modes: Vec<String> = serde_json::from_str(&modes).unwrap_or_default();
        let platforms: Vec<String> = serde_json::from_str(&platforms).unwrap_or_default();
        let parse = |s: &Option<String>| {
            s.as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        };
        let given_d = NaiveDate::parse_from_str(&given, "%Y-%m-%d").unwrap_or(today);
        out.push(ConsentRecord {
            id,
            person,
            modes: modes
                .iter()
                .filter_map(|m| Participation::parse(m))
                .collect(),
            platforms: platforms
                .iter()
                .filter_map(|p| Platform::parse(p))
                .collect(),
            state: state_on(given_d, parse(&expires), parse(&withdrawn), today),
            given_on: given,
            expires_on: expires,
            evidence_ref: evidence,
            withdrawn_on: withdrawn,
        });
    }
    Ok(out)
}
