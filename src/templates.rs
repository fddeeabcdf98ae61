//! Templates by purpose and hashtag sets: the ready-made forms (型) that let anyone start a
//! post. The defaults ship in `assets/templates/{ja,en}.json` and are copied into each new
//! workspace, where the team edits them like any other data.

use crate::error::{Error, Result};
use crate::ids::RowId;
use crate::store::{write::val, Writer};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Purposes a template serves.
pub const PURPOSES: &[&str] = &[
    "recruiting",
    "product",
    "site",
    "president",
    "event",
    "safety",
];

/// A post template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Template {
    /// The template.
    pub id: RowId,
    /// recruiting, product, site, president, event or safety.
    pub purpose: String,
    /// Its name.
    pub name: String,
    /// The text, with ［placeholders］ to fill in.
    pub body: String,
    /// `ja` or `en`.
    pub language: String,
}

/// A set of hashtags used together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HashtagSet {
    /// The set.
    pub id: RowId,
    /// Its name.
    pub name: String,
    /// The tags, each with its `#`.
    pub tags: Vec<String>,
    /// `ja` or `en`.
    pub language: String,
}

/// A template as written in the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateInput {
    /// Purpose.
    pub purpose: String,
    /// Name.
    pub name: String,
    /// Text.
    pub body: String,
    /// `ja` or `en`.
    pub language: String,
}

#[derive(Deserialize)]
struct Pack {
    templates: Vec<PackTemplate>,
    hashtag_sets: Vec<PackSet>,
}

#[derive(Deserialize)]
struct PackTemplate {
    purpose: String,
    name: String,
    body: String,
}

#[derive(Deserialize)]
struct PackSet {
    name: String,
    tags: Vec<String>,
}

const PACKS: &[(&str, &str)] = &[
    ("ja", include_str!("../assets/templates/ja.json")),
    ("en", include_str!("../assets/templates/en.json")),
];

/// Copies the shipped templates and hashtag sets into a workspace (inside `w`).
pub fn seed(w: &mut Writer<'_>) -> Result<()> {
    for (lang, json) in PACKS {
        let pack: Pack = serde_json::from_str(json).map_err(|e| {
            Error::invalid(
                "assets",
                format!("the {lang} template pack is malformed: {e}"),
            )
        })?;
        for t in pack.templates {
            w.insert(
                "templates",
                &[("id", val::text(w.new_id().to_string()))],
                &[
                    ("purpose", val::text(t.purpose)),
                    ("name", val::text(t.name)),
                    ("body", val::text(t.body)),
                    ("language", val::text(*lang)),
                ],
            )?;
        }
        for s in pack.hashtag_sets {
            w.insert(
                "hashtag_sets",
                &[("id", val::text(w.new_id().to_string()))],
                &[
                    ("name", val::text(s.name)),
                    (
                        "tags",
                        val::text(serde_json::to_string(&s.tags).unwrap_or_else(|_| "[]".into())),
                    ),
                    ("language", val::text(*lang)),
                ],
            )?;
        }
    }
    Ok(())
}

fn check(input: &TemplateInput) -> Result<()> {
    if !PURPOSES.contains(&input.purpose.as_str()) {
        return Err(Error::invalid(
            "purpose",
            format!("Choose one of: {}.", PURPOSES.join(", ")),
        ));
    }
    if input.name.trim().is_empty() {
        return Err(Error::invalid("name", "A template needs a name."));
    }
    if input.body.trim().is_empty() {
        return Err(Error::invalid("body", "A template needs some text."));
    }
    if !matches!(input.language.as_str(), "ja" | "en") {
        return Err(Error::invalid("language", "The language is ja or en."));
    }
    Ok(())
}

/// All templates, by language, purpose and name.
pub fn templates(conn: &Connection) -> Result<Vec<Template>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, purpose, name, body, language FROM templates ORDER BY language, purpose, name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, purpose, name, body, language) = row?;
        if let Some(id) = RowId::parse(&id) {
            out.push(Template {
                id,
                purpose,
                name,
                body,
                language,
            });
        }
    }
    Ok(out)
}

/// Adds a template (`id` None) or changes one; returns its id.
pub fn save_template(
    w: &mut Writer<'_>,
    id: Option<RowId>,
    input: &TemplateInput,
) -> Result<RowId> {
    check(input)?;
    let fields = [
        ("purpose", val::text(input.purpose.clone())),
        ("name", val::text(input.name.trim())),
        ("body", val::text(input.body.clone())),
        ("language", val::text(input.language.clone())),
    ];
    match id {
        Some(id) => {
            w.update("templates", &[("id", val::text(id.as_string()))], &fields)?;
            Ok(id)
        }
        None => {
            let id = RowId(w.new_id());
            w.insert("templates", &[("id", val::text(id.as_string()))], &fields)?;
            Ok(id)
        }
    }
}

/// Deletes a template.
pub fn delete_template(w: &mut Writer<'_>, id: RowId) -> Result<()> {
    w.delete("templates", &[("id", val::text(id.as_string()))])
}

/// Adds (`id` None) or changes a hashtag set; returns its id. Tags are split on spaces and
/// commas and each gets its `#`.
pub fn save_hashtag_set(
    w: &mut Writer<'_>,
    id: Option<RowId>,
    name: &str,
    tags: &str,
    language: &str,
) -> Result<RowId> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name", "A hashtag set needs a name."));
    }
    if !matches!(language, "ja" | "en") {
        return Err(Error::invalid("language", "The language is ja or en."));
    }
    let tags: Vec<String> = tags
        .split(|c: char| c.is_whitespace() || c == ',' || c == '、')
        .map(|t| t.trim_start_matches(['#', '＃']))
        .filter(|t| !t.is_empty())
        .map(|t| format!("#{t}"))
        .collect();
    if tags.is_empty() {
        return Err(Error::invalid(
            "tags",
            "Write at least one hashtag, such as #ものづくり.",
        ));
    }
    if let Some(bad) = tags
        .iter()
        .find(|t| t[1..].chars().any(|c| !(c.is_alphanumeric() || c == '_')))
    {
        return Err(Error::invalid(
            "tags",
            format!("{bad} has a character hashtags cannot hold; use letters, digits and _ only."),
        ));
    }
    let json = serde_json::to_string(&tags).unwrap_or_else(|_| "[]".into());
    let fields = [
        ("name", val::text(name)),
        ("tags", val::text(json)),
        ("language", val::text(language)),
    ];
    match id {
        Some(id) => {
            w.update(
                "hashtag_sets",
                &[("id", val::text(id.as_string()))],
                &fields,
            )?;
            Ok(id)
        }
        None => {
            let id = RowId(w.new_id());
            w.insert(
                "hashtag_sets",
                &[("id", val::text(id.as_string()))],
                &fields,
            )?;
            Ok(id)
        }
    }
}

/// Deletes a hashtag set.
pub fn delete_hashtag_set(w: &mut Writer<'_>, id: RowId) -> Result<()> {
    w.delete("hashtag_sets", &[("id", val::text(id.as_string()))])
}

/// All hashtag sets.
pub fn hashtag_sets(conn: &Connection) -> Result<Vec<HashtagSet>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, tags, language FROM hashtag_sets ORDER BY language, name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get(1)?,
            r.get::<_, String>(2)?,
            r.get(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, tags, language) = row?;
        if let Some(id) = RowId::parse(&id) {
            out.push(HashtagSet {
                id,
                name,
                tags: serde_json::from_str(&tags).unwrap_or_default(),
                language,
            });
        }
    }
    Ok(out)
}
