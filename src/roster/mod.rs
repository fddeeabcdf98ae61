//! The roster: people, how they are willing to take part, and their consent records.
//!
//! Consent is what lets a careful company show its people at all, so it is kept as records
//! with a scope (modes, platforms), dates and evidence, never as a flag that can be flipped
//! without a trace. Withdrawing consent or leaving returns every scheduled or published post
//! that shows the person, so the lead can act on each one.

pub mod consent;
pub mod csv;
pub mod export;
pub mod ledger;
pub mod materials;
mod people;
pub mod recognition;
pub mod requests;
pub mod training;

pub use consent::{ConsentInput, ConsentRecord, Impact, ImpactedPost};
pub use materials::Material;
pub(crate) use people::named;
pub use people::PersonInput;
pub use recognition::{Contributor, Recognition, RecognitionKind};
pub use requests::{
    AssignedRequest, Assignee, Recurrence, RequestDue, RequestInput, RequestState, RequestSummary,
};
pub use training::{GuidelineVersion, TrainingStatus};

use crate::error::Result;
use crate::ids::PersonId;
use crate::model::{Participation, Role};
use crate::workspace::Workspace;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A person as pickers show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonSummary {
    /// The person.
    pub id: PersonId,
    /// Full name.
    pub name: String,
    /// Name shown in posts.
    pub display_name: String,
    /// Department name.
    pub department: Option<String>,
    /// Role.
    pub role: Role,
    /// How they take part.
    pub participation: Vec<Participation>,
    /// Still with the company.
    pub active: bool,
}

/// A department, for pickers (requests go to whole departments).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Department {
    /// The department.
    pub id: crate::ids::DepartmentId,
    /// Its name.
    pub name: String,
    /// Active people in it.
    pub active_people: u32,
}

/// A person with everything the roster screen edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonDetail {
    /// The person.
    pub id: PersonId,
    /// As entered.
    pub input: PersonInput,
    /// `YYYY-MM-DD` when they left, if they did.
    pub left_on: Option<String>,
    /// Consent records, newest first.
    pub consents: Vec<ConsentRecord>,
}

impl Workspace {}

/// One person with their consents (their state on `today`).
pub fn person(conn: &Connection, today: NaiveDate, id: PersonId) -> Result<PersonDetail> {
    use rusqlite::OptionalExtension;
    let row = conn
        .query_row(
            "SELECT p.name, p.name_reading, p.display_name, d.name, s.name, p.role, p.participation,
                    p.handles, p.active, p.left_on
             FROM people p LEFT JOIN departments d ON d.id = p.department_id
                           LEFT JOIN sites s ON s.id = p.site_id WHERE p.id = ?1",
            [id.as_string()],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, i64>(8)?,
                    r.get::<_, Option<String>>(9)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| crate::error::Error::NotFound { entity: "person", id: id.as_string() })?;
    let (name, name_reading, display_name, department, site, role, modes, handles, active, left_on) =
        row;
    let modes: Vec<String> = serde_json::from_str(&modes).unwrap_or_default();
    Ok(PersonDetail {
        id,
        input: PersonInput {
            name,
            name_reading,
            display_name,
            department,
            site,
            role: Role::parse(&role).unwrap_or(Role::Ambassador),
            participation: modes
                .iter()
                .filter_map(|m| Participation::parse(m))
                .collect(),
            handles: serde_json::from_str(&handles).unwrap_or_default(),
            active: active != 0,
        },
        left_on,
        consents: consent::consents(conn, today, id)?,
    })
}

/// Everyone on the roster, by department and name reading.
pub fn people(conn: &Connection) -> Result<Vec<PersonSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.name, p.display_name, d.name, p.role, p.participation, p.active
         FROM people p LEFT JOIN departments d ON d.id = p.department_id
         ORDER BY d.sort_order, p.name_reading",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, i64>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, display_name, department, role, participation, active) = row?;
        let Some(id) = PersonId::parse(&id) else {
            continue;
        };
        let modes: Vec<String> = serde_json::from_str(&participation).unwrap_or_default();
        out.push(PersonSummary {
            id,
            name,
            display_name,
            department,
            role: Role::parse(&role).unwrap_or(Role::Ambassador),
            participation: modes
                .iter()
                .filter_map(|m| Participation::parse(m))
                .collect(),
            active: active != 0,
        });
    }
    Ok(out)
}

/// Departments in their set order, with how many active people each has.
pub fn departments(conn: &Connection) -> Result<Vec<Department>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.name, (SELECT count(*) FROM people p WHERE p.department_id = d.id AND p.active = 1)
         FROM departments d ORDER BY d.sort_order, d.name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, u32>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, active_people) = row?;
        if let Some(id) = crate::ids::DepartmentId::parse(&id) {
            out.push(Department {
                id,
                name,
                active_people,
            });
        }
    }
    Ok(out)
}
