//! Adding and changing people. Departments and sites are named; a new name creates it.

use crate::error::{Error, Result};
use crate::ids::PersonId;
use crate::model::{Participation, Platform, Role};
use crate::store::{write::val, Source, Writer};
use crate::workspace::Workspace;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// A person as entered in the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonInput {
    /// Full name (kanji).
    pub name: String,
    /// Reading (kana).
    pub name_reading: String,
    /// Name shown in posts; the family name if empty.
    pub display_name: String,
    /// Department name.
    pub department: Option<String>,
    /// Site name.
    pub site: Option<String>,
    /// Role.
    pub role: Role,
    /// How they are willing to take part.
    pub participation: Vec<Participation>,
    /// Platform handles.
    pub handles: BTreeMap<Platform, String>,
    /// Still with the company.
    pub active: bool,
}

/// Checks a person and returns the tidied display name.
pub(crate) fn check(p: &PersonInput) -> Result<String> {
    let name = p.name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name", "A person needs a name."));
    }
    if name.chars().count() > 100 {
        return Err(Error::invalid(
            "name",
            "The name is longer than 100 characters.",
        ));
    }
    if p.participation.contains(&Participation::NotParticipating) && p.participation.len() > 1 {
        return Err(Error::invalid(
            "participation",
            "\"Not taking part\" cannot be combined with other modes; choose one or the other.",
        ));
    }
    for (platform, handle) in &p.handles {
        if handle.trim().is_empty() || handle.chars().any(char::is_whitespace) {
            return Err(Error::invalid(
                "handles",
                format!("The {platform} handle \"{handle}\" is empty or has spaces."),
            ));
        }
    }
    let display = p.display_name.trim();
    Ok(if display.is_empty() {
        name.split([' ', '　']).next().unwrap_or(name).to_string()
    } else {
        display.to_string()
    })
}

/// The id of the named department or site, created when new.
pub(crate) fn named(
    w: &mut Writer<'_>,
    table: &'static str,
    name: Option<&str>,
) -> Result<Option<String>> {
    let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(None);
    };
    let sql = format!("SELECT id FROM {table} WHERE name = ?1");
    let found: Option<String> = w.conn().query_row(&sql, [name], |r| r.get(0)).optional()?;
    if let Some(id) = found {
        return Ok(Some(id));
    }
    let id = w.new_id().to_string();
    w.insert(
        table,
        &[("id", val::text(id.clone()))],
        &[("name", val::text(name))],
    )?;
    Ok(Some(id))
}

/// Writes a new person inside `w`.
pub(crate) fn insert(w: &mut Writer<'_>, p: &PersonInput) -> Result<PersonId> {
    let display = check(p)?;
    let department = named(w, "departments", p.department.as_deref())?;
    let site = named(w, "sites", p.site.as_deref())?;
    let id = PersonId(w.new_id());
    let now = w.now_text().to_string();
    w.insert(
        "people",
        &[("id", val::text(id.as_string()))],
        &[
            ("name", val::text(p.name.trim())),
            ("name_reading", val::text(p.name_reading.trim())),
            ("display_name", val::text(display)),
            ("department_id", val::opt_text(department)),
            ("site_id", val::opt_text(site)),
            ("role", val::text(p.role.as_str())),
            ("participation", val::text(modes_json(&p.participation))),
            (
                "handles",
                val::text(serde_json::to_string(&p.handles).unwrap_or_else(|_| "{}".into())),
            ),
            ("active", val::bool(p.active)),
            (
                "left_on",
                val::opt_text((!p.active).then(|| w.now().date_naive().to_string())),
            ),
            ("created_at", val::text(now)),
        ],
    )?;
    Ok(id)
}

pub(crate) fn modes_json(modes: &[Participation]) -> String {
    let names: Vec<&str> = modes.iter().map(|m| m.as_str()).collect();
    serde_json::to_string(&names).unwrap_or_else(|_| "[]".into())
}

impl Workspace {
    /// Adds a person.
    pub fn add_person(&mut self, source: Source, p: &PersonInput) -> Result<PersonId> {
        let ctx = self.ctx(None, source);
        self.store_mut().write(&ctx, |w| insert(w, p))
    }

    /// Changes a person. Marking them as left returns the posts that show them.
    pub fn update_person(
        &mut self,
        source: Source,
        id: PersonId,
        p: &PersonInput,
    ) -> Result<super::Impact> {
        let display = check(p)?;
        let was_active: bool = self
            .store()
            .conn()
            .query_row(
                "SELECT active FROM people WHERE id = ?1",
                [id.as_string()],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .map(|a| a != 0)
            .ok_or_else(|| Error::NotFound {
                entity: "person",
                id: id.as_string(),
            })?;
        let ctx = self.ctx(None, source);
        self.store_mut().write(&ctx, |w| {
            let department = named(w, "departments", p.department.as_deref())?;
            let site = named(w, "sites", p.site.as_deref())?;
            let mut fields = vec![
                ("name", val::text(p.name.trim())),
                ("name_reading", val::text(p.name_reading.trim())),
                ("display_name", val::text(display)),
                ("department_id", val::opt_text(department)),
                ("site_id", val::opt_text(site)),
                ("role", val::text(p.role.as_str())),
                ("participation", val::text(modes_json(&p.participation))),
                (
                    "handles",
                    val::text(serde_json::to_string(&p.handles).unwrap_or_else(|_| "{}".into())),
                ),
                ("active", val::bool(p.active)),
            ];
            if was_active && !p.active {
                fields.push(("left_on", val::text(w.now().date_naive().to_string())));
            } else if p.active {
                fields.push(("left_on", rusqlite::types::Value::Null));
            }
            w.update("people", &[("id", val::text(id.as_string()))], &fields)
        })?;
        if was_active && !p.active {
            super::consent::impact(self.store().conn(), id)
        } else {
            Ok(super::Impact {
                person: id,
                posts: Vec::new(),
            })
        }
    }
}
