//! Requests to people: a concrete ask, a due date, and optionally a rhythm ("every week").
//!
//! The seeds' advice is concrete asks ("one site photo a week") rather than "please post
//! something". A request goes to people and/or whole departments (expanded to their active
//! people when sent, so a later move does not change who was asked). Each person answers with
//! material (see `materials`). Whether a person has answered is read from the material they
//! sent, so a recurring request is answered afresh in each period, and nothing needs a timer
//! to roll it over.

use crate::error::{Error, Result};
use crate::ids::{DepartmentId, PersonId, RowId};
use crate::store::{write::val, Writer};
use chrono::{Days, Months, NaiveDate};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// How often a recurring request comes round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    /// Every week, on the weekday of the first due date.
    Weekly,
    /// Every month, on the day of the first due date (or the month's last day).
    Monthly,
}

impl Recurrence {
    fn as_str(self) -> &'static str {
        match self {
            Self::Weekly => "weekly",
            Self::Monthly => "monthly",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "weekly" => Some(Self::Weekly),
            "monthly" => Some(Self::Monthly),
            _ => None,
        }
    }

    /// The `k`-th due date counted from `first`.
    fn nth(self, first: NaiveDate, k: u32) -> Option<NaiveDate> {
        match self {
            Self::Weekly => first.checked_add_days(Days::new(7 * u64::from(k))),
            Self::Monthly => first.checked_add_months(Months::new(k)),
        }
    }
}

/// A request as the lead writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RequestInput {
    /// What is wanted, in a line ("現場の写真を1枚").
    pub title: String,
    /// More detail.
    pub description: String,
    /// `YYYY-MM-DD`; the first due date of a recurring request.
    pub due_on: Option<String>,
    /// Comes round again, or once.
    pub recurrence: Option<Recurrence>,
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
    /// Answered with material (in this period, for a recurring request).
    Answered,
    /// Past its due date without an answer (the last period's, for a recurring request).
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
    /// `YYYY-MM-DD`: the due date of the current period.
    pub due_on: Option<String>,
    /// Comes round again, or once.
    pub recurrence: Option<Recurrence>,
    /// The person asked.
    pub person: PersonId,
    /// Where it stands for them.
    pub state: RequestState,
}

/// One person asked, on the lead's board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Assignee {
    /// The person.
    pub person: PersonId,
    /// Their display name.
    pub display_name: String,
    /// Where it stands for them.
    pub state: RequestState,
}

/// A request with everyone asked, for the lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RequestSummary {
    /// The request.
    pub id: RowId,
    /// What is wanted.
    pub title: String,
    /// More detail.
    pub description: String,
    /// `YYYY-MM-DD`: the due date of the current period.
    pub due_on: Option<String>,
    /// Comes round again, or once.
    pub recurrence: Option<Recurrence>,
    /// Everyone asked, by display name.
    pub assignees: Vec<Assignee>,
}

/// A due date on the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RequestDue {
    /// The request.
    pub id: RowId,
    /// What is wanted.
    pub title: String,
    /// `YYYY-MM-DD`.
    pub due_on: String,
    /// People asked.
    pub asked: u32,
    /// People who answered for this due date.
    pub answered: u32,
}

/// One request as stored, with the dates of each person's material.
struct Stored {
    id: RowId,
    title: String,
    description: String,
    first_due: Option<NaiveDate>,
    recurrence: Option<Recurrence>,
    /// (person, display name, answered once, local dates of their material for it).
    people: Vec<(PersonId, String, bool, Vec<NaiveDate>)>,
}

impl Stored {
    /// The period that contains `day`: (the previous due date, the due date). A one-off
    /// request has a single period reaching back to the start of time.
    fn period(&self, day: NaiveDate) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let (Some(first), Some(rec)) = (self.first_due, self.recurrence) else {
            return (None, self.first_due);
        };
        if day <= first {
            return (None, Some(first));
        }
        // Start from the last due date before `day` (weekly: computed; monthly: walked).
        let mut k = match rec {
            Recurrence::Weekly => u32::try_from(((day - first).num_days() - 1) / 7).unwrap_or(0),
            Recurrence::Monthly => 0,
        };
        let mut prev = rec.nth(first, k);
        loop {
            let next = rec.nth(first, k + 1);
            match next {
                Some(n) if n >= day => return (prev, Some(n)),
                Some(_) => {
                    k += 1;
                    prev = next;
                }
                None => return (prev, None),
            }
        }
    }

    /// Whether `dates` hold an answer in the period ending `due`.
    fn answered_in(dates: &[NaiveDate], from: Option<NaiveDate>, due: Option<NaiveDate>) -> bool {
        dates
            .iter()
            .any(|d| from.is_none_or(|f| *d > f) && due.is_none_or(|u| *d <= u))
    }

    /// Where it stands for one person on `today`.
    fn state(&self, answered_once: bool, dates: &[NaiveDate], today: NaiveDate) -> RequestState {
        if self.recurrence.is_none() || self.first_due.is_none() {
            if answered_once {
                return RequestState::Answered;
            }
            return if self.first_due.is_some_and(|d| d < today) {
                RequestState::Overdue
            } else {
                RequestState::Open
            };
        }
        let (prev, due) = self.period(today);
        if Self::answered_in(dates, prev, due) {
            return RequestState::Answered;
        }
        match prev {
            Some(p) => {
                let (before, _) = self.period(p);
                if Self::answered_in(dates, before, Some(p)) {
                    RequestState::Open
                } else {
                    RequestState::Overdue
                }
            }
            None => RequestState::Open,
        }
    }
}

fn parse_due(due: Option<&str>) -> Result<Option<NaiveDate>> {
    due.map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                Error::invalid(
                    "due_on",
                    format!("\"{d}\" is not a date; write it as YYYY-MM-DD."),
                )
            })
        })
        .transpose()
}

/// Sends a request to people and departments. Returns its id.
pub fn send(w: &mut Writer<'_>, input: &RequestInput) -> Result<RowId> {
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
    let due = parse_due(input.due_on.as_deref())?;
    if input.recurrence.is_some() && due.is_none() {
        return Err(Error::invalid(
            "due_on",
            "A recurring request needs its first due date; choose one.",
        ));
    }
    let id = RowId(w.new_id());
    let now = w.now_text().to_string();
    w.insert(
        "requests",
        &[("id", val::text(id.as_string()))],
        &[
            ("title", val::text(title)),
            ("description", val::text(input.description.trim())),
            ("due_on", val::opt_text(due.map(|d| d.to_string()))),
            (
                "recurrence",
                val::opt_text(input.recurrence.map(|r| r.as_str().to_string())),
            ),
            ("created_at", val::text(now)),
        ],
    )?;
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
}

/// Withdraws a request: nobody is asked any more. Material already sent stays, no longer
/// linked to the request.
pub fn delete(w: &mut Writer<'_>, id: RowId) -> Result<()> {
    let conn = w.conn();
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM requests WHERE id = ?1)",
        [id.as_string()],
        |r| r.get(0),
    )?;
    if !exists {
        return Err(Error::NotFound {
            entity: "request",
            id: id.as_string(),
        });
    }
    let ids = |sql: &str| -> Result<Vec<String>> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([id.as_string()], |r| r.get(0))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    };
    let material = ids("SELECT id FROM materials WHERE request_id = ?1")?;
    let people = ids("SELECT person_id FROM request_assignees WHERE request_id = ?1")?;
    for m in material {
        w.update(
            "materials",
            &[("id", val::text(m))],
            &[("request_id", val::opt_text(None::<String>))],
        )?;
    }
    for p in people {
        w.delete(
            "request_assignees",
            &[
                ("request_id", val::text(id.as_string())),
                ("person_id", val::text(p)),
            ],
        )?;
    }
    w.delete("requests", &[("id", val::text(id.as_string()))])
}

fn stored(conn: &Connection, tz: Tz) -> Result<Vec<Stored>> {
    let mut out: Vec<Stored> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, description, due_on, recurrence FROM requests
         ORDER BY coalesce(due_on, '9999'), created_at, id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let Some(rid) = RowId::parse(&id) else {
            continue;
        };
        at.insert(id, out.len());
        out.push(Stored {
            id: rid,
            title: r.get(1)?,
            description: r.get(2)?,
            first_due: r
                .get::<_, Option<String>>(3)?
                .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            recurrence: r
                .get::<_, Option<String>>(4)?
                .and_then(|s| Recurrence::parse(&s)),
            people: Vec::new(),
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT a.request_id, a.person_id, p.display_name, a.status FROM request_assignees a
         JOIN people p ON p.id = a.person_id ORDER BY p.name_reading, p.display_name",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let req: String = r.get(0)?;
        let (Some(&i), Some(p)) = (at.get(&req), PersonId::parse(&r.get::<_, String>(1)?)) else {
            continue;
        };
        let answered = r.get::<_, String>(3)? == "answered";
        out[i].people.push((p, r.get(2)?, answered, Vec::new()));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT request_id, person_id, created_at FROM materials WHERE request_id IS NOT NULL",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (req, person, when): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let (Some(&i), Ok(when)) = (at.get(&req), chrono::DateTime::parse_from_rfc3339(&when))
        else {
            continue;
        };
        let day = when.with_timezone(&tz).date_naive();
        if let Some(slot) = out[i].people.iter_mut().find(|p| p.0.as_string() == person) {
            slot.3.push(day);
        }
    }
    Ok(out)
}

/// Every request with everyone asked and where each stands, soonest due first.
pub fn board(conn: &Connection, tz: Tz, today: NaiveDate) -> Result<Vec<RequestSummary>> {
    Ok(stored(conn, tz)?
        .into_iter()
        .map(|s| RequestSummary {
            assignees: s
                .people
                .iter()
                .map(|(p, name, once, dates)| Assignee {
                    person: *p,
                    display_name: name.clone(),
                    state: s.state(*once, dates, today),
                })
                .collect(),
            due_on: s.period(today).1.map(|d| d.to_string()),
            id: s.id,
            title: s.title,
            description: s.description,
            recurrence: s.recurrence,
        })
        .collect())
}

/// Requests addressed to `person` (or to everyone when `None`), soonest due first.
pub fn assigned(
    conn: &Connection,
    tz: Tz,
    today: NaiveDate,
    person: Option<PersonId>,
) -> Result<Vec<AssignedRequest>> {
    let mut out = Vec::new();
    for r in board(conn, tz, today)? {
        for a in r.assignees {
            if person.is_none_or(|p| p == a.person) {
                out.push(AssignedRequest {
                    id: r.id,
                    title: r.title.clone(),
                    description: r.description.clone(),
                    due_on: r.due_on.clone(),
                    recurrence: r.recurrence,
                    person: a.person,
                    state: a.state,
                });
            }
        }
    }
    Ok(out)
}

/// Due dates falling from `from` to `to` (both included), each occurrence of a recurring
/// request separately, with how many of the people asked answered for it.
pub fn dues(conn: &Connection, tz: Tz, from: NaiveDate, to: NaiveDate) -> Result<Vec<RequestDue>> {
    let mut out = Vec::new();
    for s in stored(conn, tz)? {
        let Some(first) = s.first_due else { continue };
        let mut dues = Vec::new();
        match s.recurrence {
            None => dues.push(first),
            Some(_) => {
                let (_, mut next) = s.period(from);
                while let Some(d) = next.filter(|d| *d <= to) {
                    dues.push(d);
                    next = d.succ_opt().and_then(|after| s.period(after).1);
                }
            }
        }
        for due in dues.into_iter().filter(|d| *d >= from && *d <= to) {
            let (prev, _) = s.period(due);
            let answered = s
                .people
                .iter()
                .filter(|(_, _, once, dates)| {
                    if s.recurrence.is_some() {
                        Stored::answered_in(dates, prev, Some(due))
                    } else {
                        *once
                    }
                })
                .count();
            out.push(RequestDue {
                id: s.id,
                title: s.title.clone(),
                due_on: due.to_string(),
                asked: u32::try_from(s.people.len()).unwrap_or(u32::MAX),
                answered: u32::try_from(answered).unwrap_or(u32::MAX),
            });
        }
    }
    out.sort_by(|a, b| a.due_on.cmp(&b.due_on).then(a.title.cmp(&b.title)));
    Ok(out)
}
