//! Guideline versions: the published ones are kept for ever (every check and review records the
//! version it used), and at most one unpublished draft is edited on the guideline screen, then
//! published as the next version.

use super::{default_pack, GuidelineRules, Linter};
use crate::error::{Error, Result};
use crate::ids::RowId;
use crate::model::Language;
use crate::roster::GuidelineVersion;
use crate::store::{write::val, Writer};
use crate::workspace::Workspace;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::Arc;
use ts_rs::TS;

/// The version being edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GuidelineDraft {
    /// The number it will have when published.
    pub version: i64,
    /// Its title.
    pub title: String,
    /// Its rules.
    pub rules: GuidelineRules,
    /// Whether it differs from the current version (an unpublished draft is stored).
    pub unpublished: bool,
    /// The version it was started from.
    pub based_on: Option<i64>,
}

/// Writes version 1 from the default pack of the workspace language.
pub(crate) fn seed(w: &mut Writer<'_>, language: Language) -> Result<()> {
    let pack = default_pack(if language == Language::En { "en" } else { "ja" })?;
    let rules = serde_json::to_string(&pack.rules)
        .map_err(|e| Error::invalid("guideline", e.to_string()))?;
    let id = w.new_id().to_string();
    let now = w.now_text().to_string();
    w.insert(
        "guideline_sets",
        &[("id", val::text(id))],
        &[
            ("version", val::int(1)),
            ("title", val::text(pack.title)),
            ("rules", val::text(rules)),
            ("published_at", val::text(now)),
        ],
    )
}

/// Checks rules before they are stored: what a person typed must make sense.
pub fn validate(rules: &GuidelineRules) -> Result<()> {
    for (i, t) in rules.terms.iter().enumerate() {
        if t.term.trim().is_empty() {
            return Err(Error::invalid(
                "terms",
                format!("Term {} is empty; write the term or remove the row.", i + 1),
            ));
        }
    }
    let mut seen = HashSet::new();
    for item in &rules.checklist {
        if item.id.trim().is_empty() || item.text.trim().is_empty() {
            return Err(Error::invalid(
                "checklist",
                "Every checklist item needs an id and a text.",
            ));
        }
        if !seen.insert(item.id.trim()) {
            return Err(Error::invalid(
                "checklist",
                format!(
                    "The checklist id \"{}\" is used twice; make each id unique.",
                    item.id
                ),
            ));
        }
    }
    for (i, d) in rules.sensitive_days.iter().enumerate() {
        if super::lint::month_day(&d.date).is_none() {
            return Err(Error::refused(
                crate::error::Rule::BadMonthDay,
                "sensitive_days",
                format!(
                    "Day {} (\"{}\") is not a day of the year; write it like 03-11 or 3/11.",
                    i + 1,
                    d.date
                ),
            ));
        }
        if d.reason.trim().is_empty() {
            return Err(Error::invalid(
                "sensitive_days",
                format!("Day {} needs a reason; it is shown in the finding.", i + 1),
            ));
        }
    }
    for d in rules.allowed_domains.iter().chain(&rules.shorteners) {
        let d = d.trim();
        if d.is_empty() || d.contains(['/', ' ', ':']) {
            return Err(Error::invalid(
                "domains",
                format!("\"{d}\" is not a domain; write it like example.co.jp."),
            ));
        }
    }
    Ok(())
}

fn parse_rules(json: &str) -> Result<GuidelineRules> {
    serde_json::from_str(json).map_err(|e| {
        Error::invalid(
            "guideline",
            format!("The stored guideline cannot be read ({e}); restore a backup."),
        )
    })
}

/// Whether the workspace has any guideline version (one made before guidelines has none).
pub fn any(conn: &Connection) -> Result<bool> {
    Ok(
        conn.query_row("SELECT EXISTS (SELECT 1 FROM guideline_sets)", [], |r| {
            r.get(0)
        })?,
    )
}

/// Every published version, newest first.
pub fn versions(conn: &Connection) -> Result<Vec<GuidelineVersion>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, version, title, published_at FROM guideline_sets
         WHERE published_at IS NOT NULL ORDER BY version DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, version, title, published_at) = row?;
        if let Some(id) = RowId::parse(&id) {
            out.push(GuidelineVersion {
                id,
                version,
                title,
                published_at,
            });
        }
    }
    Ok(out)
}

/// The rules of a published version.
pub fn rules(conn: &Connection, version: i64) -> Result<GuidelineRules> {
    let json: Option<String> = conn
        .query_row(
            "SELECT rules FROM guideline_sets WHERE version = ?1 AND published_at IS NOT NULL",
            [version],
            |r| r.get(0),
        )
        .optional()?;
    parse_rules(&json.ok_or_else(|| Error::NotFound {
        entity: "guideline version",
        id: version.to_string(),
    })?)
}

/// The version being edited: the stored draft, or a copy of the current version.
pub fn draft(conn: &Connection) -> Result<GuidelineDraft> {
    let current = crate::roster::training::current_guideline(conn)?;
    let stored: Option<(i64, String, String)> = conn
        .query_row(
            "SELECT version, title, rules FROM guideline_sets WHERE published_at IS NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let based_on = current.as_ref().map(|c| c.version);
    if let Some((version, title, rules)) = stored {
        return Ok(GuidelineDraft {
            version,
            title,
            rules: parse_rules(&rules)?,
            unpublished: true,
            based_on,
        });
    }
    Ok(match current {
        Some(c) => GuidelineDraft {
            version: c.version + 1,
            rules: rules(conn, c.version)?,
            title: c.title,
            unpublished: false,
            based_on,
        },
        None => {
            let pack = default_pack("ja")?;
            GuidelineDraft {
                version: 1,
                title: pack.title,
                rules: pack.rules,
                unpublished: false,
                based_on,
            }
        }
    })
}

/// The id of the stored unpublished draft, if there is one.
fn draft_id(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT id FROM guideline_sets WHERE published_at IS NULL",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

/// Saves the draft of the next version (nothing changes for writers until it is published).
pub fn save_draft(w: &mut Writer<'_>, title: &str, rules: &GuidelineRules) -> Result<()> {
    let title = title.trim();
    if title.is_empty() {
        return Err(Error::invalid("title", "Give the guideline a title."));
    }
    validate(rules)?;
    let next = draft(w.conn())?.version;
    let json =
        serde_json::to_string(rules).map_err(|e| Error::invalid("guideline", e.to_string()))?;
    let fields = [("title", val::text(title)), ("rules", val::text(json))];
    match draft_id(w.conn())? {
        Some(id) => w.update("guideline_sets", &[("id", val::text(id))], &fields),
        None => {
            let id = w.new_id().to_string();
            let mut all = fields.to_vec();
            all.push(("version", val::int(next)));
            w.insert("guideline_sets", &[("id", val::text(id))], &all)
        }
    }
}

/// Publishes the draft as the new current version; earlier versions are kept.
pub fn publish(w: &mut Writer<'_>) -> Result<GuidelineVersion> {
    let Some(id) = draft_id(w.conn())? else {
        return Err(Error::invalid(
            "guideline",
            "There are no unpublished changes; edit the guideline first.",
        ));
    };
    let now = w.now_text().to_string();
    w.update(
        "guideline_sets",
        &[("id", val::text(id))],
        &[("published_at", val::text(now))],
    )?;
    crate::roster::training::current_guideline(w.conn())?.ok_or_else(|| Error::NotFound {
        entity: "guideline version",
        id: "current".into(),
    })
}

impl Workspace {
    /// The current version compiled for checking (cached on the workspace until a new
    /// version is published).
    pub fn linter(&self) -> Result<Arc<Linter>> {
        let current = crate::roster::training::current_guideline(self.store().conn())?;
        let key = current
            .as_ref()
            .map(|g| g.id.as_string())
            .unwrap_or_default();
        if let Some((k, l)) = self.linter.borrow().as_ref() {
            if *k == key {
                if let Ok(l) = Arc::clone(l).downcast::<Linter>() {
                    return Ok(l);
                }
            }
        }
        let linter = Arc::new(match &current {
            Some(g) => Linter::new(g.version, rules(self.store().conn(), g.version)?)?,
            None => Linter::new(0, default_pack("ja")?.rules)?,
        });
        let cached: Arc<dyn std::any::Any + Send + Sync> = Arc::clone(&linter) as _;
        *self.linter.borrow_mut() = Some((key, cached));
        Ok(linter)
    }
}
