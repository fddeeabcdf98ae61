//! Workspace settings: name, IANA time zone and UI language.
//!
//! The time zone matters beyond display: scheduled instants are stored in UTC and turned into
//! wall-clock times with it, so an invalid name is refused here, before it can reach a row.

use crate::error::{Error, Result};
use crate::model::Language;
use crate::store::{write::val, Store, WriteCtx};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The settings as shown and edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Settings {
    /// The workspace name (company or team).
    pub name: String,
    /// IANA time zone, e.g. Asia/Tokyo.
    pub time_zone: String,
    /// UI language.
    pub language: Language,
    /// Whether recognition may order people by how much they gave (off unless chosen).
    pub public_ranking: bool,
    /// Whether an approval needs a second reviewer.
    pub second_reviewer: bool,
    /// The fewest people a group may have for its figures to be shown (temperature map,
    /// report, digest): smaller departments are merged into 「その他」 or hidden, so no figure
    /// reads as a judgement of one or two people.
    pub min_group_size: u32,
    /// Whether the writing assistant may use an endpoint outside this machine and the office
    /// network (a cloud service). Only the lead turns it on; off by default.
    pub assistant_cloud: bool,
}

/// The smallest and largest minimum group size a workspace may choose.
pub const GROUP_SIZES: std::ops::RangeInclusive<u32> = 2..=50;

/// A change to some settings; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SettingsPatch {
    /// New name.
    #[ts(optional)]
    pub name: Option<String>,
    /// New IANA time zone.
    #[ts(optional)]
    pub time_zone: Option<String>,
    /// New UI language.
    #[ts(optional)]
    pub language: Option<Language>,
    /// Allow or forbid ranking people by contribution.
    #[ts(optional)]
    pub public_ranking: Option<bool>,
    /// Require or not a second reviewer.
    #[ts(optional)]
    pub second_reviewer: Option<bool>,
    /// The fewest people a group shown in figures may have.
    #[ts(optional)]
    pub min_group_size: Option<u32>,
    /// Allow or forbid the assistant a cloud endpoint.
    #[ts(optional)]
    pub assistant_cloud: Option<bool>,
}

/// Longest accepted workspace name, in characters.
pub const MAX_NAME: usize = 80;

/// Checks an IANA time zone name.
pub fn validate_time_zone(tz: &str) -> Result<chrono_tz::Tz> {
    tz.trim()
        .parse::<chrono_tz::Tz>()
        .map_err(|_| Error::InvalidTimeZone(tz.to_string()))
}

/// Checks and tidies a workspace name.
pub fn validate_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid(
            "name",
            "The workspace name cannot be empty. Type a name such as your company or team.",
        ));
    }
    if name.chars().count() > MAX_NAME {
        return Err(Error::invalid(
            "name",
            format!("The workspace name is longer than {MAX_NAME} characters. Shorten it."),
        ));
    }
    Ok(name.to_string())
}

pub(crate) fn load(conn: &rusqlite::Connection) -> Result<Settings> {
    let (name, time_zone, language, public_ranking, second_reviewer, min_group_size): (
        String,
        String,
        String,
        bool,
        bool,
        u32,
    ) = conn.query_row(
        "SELECT name, time_zone, language, public_ranking, second_reviewer, min_group_size FROM workspace LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
    )?;
    let assistant_cloud: bool =
        conn.query_row("SELECT assistant_cloud FROM workspace LIMIT 1", [], |r| {
            r.get(0)
        })?;
    Ok(Settings {
        name,
        time_zone,
        language: Language::parse(&language).unwrap_or(Language::System),
        public_ranking,
        second_reviewer,
        min_group_size,
        assistant_cloud,
    })
}

pub(crate) fn update(store: &mut Store, ctx: &WriteCtx, patch: &SettingsPatch) -> Result<Settings> {
    let mut fields = Vec::new();
    if let Some(name) = &patch.name {
        fields.push(("name", val::text(validate_name(name)?)));
    }
    if let Some(tz) = &patch.time_zone {
        fields.push(("time_zone", val::text(validate_time_zone(tz)?.name())));
    }
    if let Some(lang) = patch.language {
        fields.push(("language", val::text(lang.as_str())));
    }
    if let Some(on) = patch.public_ranking {
        fields.push(("public_ranking", val::int(i64::from(on))));
    }
    if let Some(on) = patch.second_reviewer {
        fields.push(("second_reviewer", val::int(i64::from(on))));
    }
    if let Some(on) = patch.assistant_cloud {
        fields.push(("assistant_cloud", val::int(i64::from(on))));
    }
    if let Some(n) = patch.min_group_size {
        if !GROUP_SIZES.contains(&n) {
            return Err(Error::invalid(
                "min_group_size",
                format!(
                    "The smallest group shown must be between {} and {} people.",
                    GROUP_SIZES.start(),
                    GROUP_SIZES.end()
                ),
            ));
        }
        fields.push(("min_group_size", val::int(i64::from(n))));
    }
    if fields.is_empty() {
        return load(store.conn());
    }
    store.write(ctx, |w| {
        let id: String = w
            .conn()
            .query_row("SELECT id FROM workspace LIMIT 1", [], |r| r.get(0))?;
        fields.push(("updated_at", val::text(w.now_text())));
        w.update("workspace", &[("id", val::text(id))], &fields)
    })?;
    load(store.conn())
}

/// Every IANA zone name, for the settings picker.
pub fn time_zones() -> Vec<&'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect()
}
