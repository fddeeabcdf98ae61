//! Purposes and KPIs: what the SNS work is for, and the numbers that say whether it works.
//!
//! The seeds' lesson is that the effort withers when management cannot see results in its
//! own terms: recruiting entries, document requests, branded search. So a KPI is a named
//! number with a monthly target, tied to a purpose. SNS KPIs (posts published, reactions,
//! impressions) are computed from the store for the month — for the posts of the KPI's purpose
//! when it has one — and KPIs from outside the SNS (`external`) are entered by hand or
//! imported from CSV (`csv`). The temperature map (`temperature`) shows who takes part.

pub mod accounts;
pub mod csv;
pub mod dashboard;
pub mod digest;
pub mod highlights;
pub mod link;
pub mod pdf;
pub mod report;
pub mod temperature;

use crate::calendar::YearMonth;
use crate::error::{Error, Result};
use crate::ids::{PurposeId, RowId};
use crate::store::{write::val, Source, Writer};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a KPI counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KpiMetric {
    /// Posts published in the month.
    Posts,
    /// Likes, reposts, replies and quotes on the month's posts (latest reading per platform).
    Reactions,
    /// Impressions or views on the month's posts, where the platforms count them.
    Impressions,
    /// A number from outside the SNS, entered by hand or imported (entries, requests, searches).
    External,
}

impl KpiMetric {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            KpiMetric::Posts => "sns.posts",
            KpiMetric::Reactions => "sns.reactions",
            KpiMetric::Impressions => "sns.impressions",
            KpiMetric::External => "external",
        }
    }

    /// The metric from its stored name.
    pub fn parse(s: &str) -> Option<Self> {
        [
            KpiMetric::Posts,
            KpiMetric::Reactions,
            KpiMetric::Impressions,
            KpiMetric::External,
        ]
        .into_iter()
        .find(|m| m.as_str() == s)
    }
}

/// A purpose (採用, 資料請求, 認知, 対話, or the workspace's own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Purpose {
    /// The purpose.
    pub id: PurposeId,
    /// Its name ("採用エントリーを増やす").
    pub name: String,
    /// recruiting, leads, brand, engagement or custom.
    pub kind: String,
}

/// A KPI as created or edited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct KpiInput {
    /// Its name ("採用エントリー数").
    pub name: String,
    /// What it counts.
    pub metric: KpiMetric,
    /// The monthly target, if any.
    pub target: Option<f64>,
    /// The purpose it measures.
    pub purpose: Option<PurposeId>,
    /// The date the target is meant to be reached by (`YYYY-MM-DD`), if any.
    #[serde(default)]
    #[ts(optional)]
    pub target_by: Option<String>,
}

/// A KPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Kpi {
    /// The KPI.
    pub id: RowId,
    /// Its name.
    pub name: String,
    /// What it counts.
    pub metric: KpiMetric,
    /// The monthly target.
    pub target: Option<f64>,
    /// The purpose it measures.
    pub purpose: Option<PurposeId>,
    /// That purpose's name.
    pub purpose_name: Option<String>,
    /// The date the target is meant to be reached by (`YYYY-MM-DD`).
    pub target_by: Option<String>,
}

/// A KPI's month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct KpiProgress {
    /// The KPI.
    pub kpi: Kpi,
    /// `YYYY-MM`.
    pub month: String,
    /// The month's value; `None` for an external KPI nobody entered yet (not 0).
    pub value: Option<f64>,
    /// The value over the target, when both are known and the target is above 0.
    pub ratio: Option<f64>,
}

/// Longest purpose or KPI name, in characters.
const MAX_NAME: usize = 60;

pub(crate) fn check_name(name: &str, what: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(Error::invalid(
            what,
            format!("Give the {what} a name of 1 to {MAX_NAME} characters."),
        ));
    }
    Ok(name.to_string())
}

pub(crate) fn check_value(v: f64, what: &str) -> Result<f64> {
    if !v.is_finite() || v < 0.0 {
        return Err(Error::invalid(
            what,
            format!("The {what} must be a number of 0 or more."),
        ));
    }
    Ok(v)
}

/// Every purpose, by name.
pub fn purposes(conn: &Connection) -> Result<Vec<Purpose>> {
    let mut stmt = conn.prepare("SELECT id, name, kind FROM purposes ORDER BY name")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, kind) = row?;
        if let Some(id) = PurposeId::parse(&id) {
            out.push(Purpose { id, name, kind });
        }
    }
    Ok(out)
}

/// Adds a purpose of the workspace's own.
pub fn add_purpose(w: &mut Writer<'_>, name: &str) -> Result<Purpose> {
    let name = check_name(name, "purpose")?;
    if purposes(w.conn())?.iter().any(|p| p.name == name) {
        return Err(Error::invalid(
            "purpose",
            format!("There is already a purpose named \"{name}\"."),
        ));
    }
    let id = w.new_id();
    w.insert(
        "purposes",
        &[("id", val::text(id.to_string()))],
        &[
            ("name", val::text(name.clone())),
            ("kind", val::text("custom")),
        ],
    )?;
    Ok(Purpose {
        id: PurposeId(id),
        name,
        kind: "custom".into(),
    })
}

/// Every KPI, by purpose and name.
pub fn kpis(conn: &Connection) -> Result<Vec<Kpi>> {
    let mut stmt = conn.prepare(
        "SELECT k.id, k.name, k.metric, k.target, k.purpose_id, p.name, k.target_by
         FROM kpis k LEFT JOIN purposes p ON p.id = k.purpose_id
         ORDER BY p.name IS NULL, p.name, k.name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<f64>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<String>>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, metric, target, purpose, purpose_name, target_by) = row?;
        let (Some(id), Some(metric)) = (RowId::parse(&id), KpiMetric::parse(&metric)) else {
            continue;
        };
        out.push(Kpi {
            id,
            name,
            metric,
            target,
            purpose: purpose.as_deref().and_then(PurposeId::parse),
            purpose_name,
            target_by,
        });
    }
    Ok(out)
}

/// Adds a KPI.
pub fn add_kpi(w: &mut Writer<'_>, input: &KpiInput) -> Result<Kpi> {
    let name = check_name(&input.name, "KPI")?;
    let target = input.target.map(|t| check_value(t, "target")).transpose()?;
    let target_by = match input
        .target_by
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(d) => Some(
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| {
                    Error::invalid(
                        "target_by",
                        format!("\"{d}\" is not a date; write it as 2027-03-31."),
                    )
                })?
                .to_string(),
        ),
        None => None,
    };
    if kpis(w.conn())?.iter().any(|k| k.name == name) {
        return Err(Error::invalid(
            "KPI",
            format!("There is already a KPI named \"{name}\"; choose another name."),
        ));
    }
    if let Some(p) = input.purpose {
        if !purposes(w.conn())?.iter().any(|x| x.id == p) {
            return Err(Error::NotFound {
                entity: "purpose",
                id: p.as_string(),
            });
        }
    }
    let id = RowId(w.new_id());
    w.insert(
        "kpis",
        &[("id", val::text(id.as_string()))],
        &[
            ("name", val::text(name.clone())),
            ("metric", val::text(input.metric.as_str())),
            ("target", val::opt_real(target)),
            (
                "purpose_id",
                val::opt_text(input.purpose.map(|p| p.as_string())),
            ),
            ("period", val::text("month")),
            ("target_by", val::opt_text(target_by)),
        ],
    )?;
    kpis(w.conn())?
        .into_iter()
        .find(|k| k.id == id)
        .ok_or_else(|| Error::NotFound {
            entity: "KPI",
            id: id.as_string(),
        })
}

/// Sets an external KPI's value for a month (replacing what was there).
pub fn set_kpi_value(
    w: &mut Writer<'_>,
    source: Source,
    kpi: RowId,
    month: YearMonth,
    value: f64,
) -> Result<()> {
    let value = check_value(value, "value")?;
    let k = kpis(w.conn())?
        .into_iter()
        .find(|k| k.id == kpi)
        .ok_or_else(|| Error::NotFound {
            entity: "KPI",
            id: kpi.as_string(),
        })?;
    if k.metric != KpiMetric::External {
        return Err(Error::invalid(
            "KPI",
            format!(
                "\"{}\" is counted from the posts; only external KPIs take values.",
                k.name
            ),
        ));
    }
    put_value(w, kpi, month, value, source_name(source))
}

/// Every KPI's value for `month`, with its progress towards the target.
pub fn kpi_progress(
    conn: &Connection,
    tz: chrono_tz::Tz,
    month: YearMonth,
) -> Result<Vec<KpiProgress>> {
    let (from, to) = month.utc_range(tz);
    let (from, to) = (crate::clock::to_db_time(from), crate::clock::to_db_time(to));
    let mut out = Vec::new();
    for kpi in kpis(conn)? {
        let purpose = kpi.purpose.map(|p| p.as_string());
        let sns = |sql: &str| -> Result<f64> {
            Ok(conn
                .query_row(sql, rusqlite::params![from, to, purpose], |r| {
                    r.get::<_, Option<f64>>(0)
                })?
                .unwrap_or(0.0))
        };
        let value = match kpi.metric {
            KpiMetric::Posts => Some(sns(&format!("SELECT count(*) {POSTS_OF_MONTH}"))?),
            KpiMetric::Reactions => Some(sns(&format!(
                "SELECT sum(coalesce(m.likes, 0) + coalesce(m.reposts, 0) + coalesce(m.replies, 0) + coalesce(m.quotes, 0)) {LATEST_METRICS}"
            ))?),
            KpiMetric::Impressions => Some(sns(&format!(
                "SELECT sum(m.impressions) {LATEST_METRICS}"
            ))?),
            KpiMetric::External => conn
                .query_row(
                    "SELECT value FROM kpi_values WHERE kpi_id = ?1 AND period_start = ?2",
                    [kpi.id.as_string(), month.to_string()],
                    |r| r.get::<_, f64>(0),
                )
                .ok(),
        };
        let ratio = match (value, kpi.target) {
            (Some(v), Some(t)) if t > 0.0 => Some(v / t),
            _ => None,
        };
        out.push(KpiProgress {
            kpi,
            month: month.to_string(),
            value,
            ratio,
        });
    }
    Ok(out)
}

/// Published posts of the month (`?1..?2`), of the purpose `?3` when it is not NULL.
const POSTS_OF_MONTH: &str = "FROM posts p WHERE p.status = 'published' AND p.deleted_at IS NULL AND p.scheduled_at >= ?1 AND p.scheduled_at < ?2 AND (?3 IS NULL OR p.purpose_id = ?3)";

/// The latest reading per post and platform of the month's published posts (kept by a
/// trigger in `metrics_latest`).
const LATEST_METRICS: &str = "FROM posts p JOIN metrics_latest m ON m.post_id = p.id
     WHERE p.status = 'published' AND p.deleted_at IS NULL AND p.scheduled_at >= ?1 AND p.scheduled_at < ?2 AND (?3 IS NULL OR p.purpose_id = ?3)";

fn source_name(source: Source) -> &'static str {
    match source {
        Source::Import => "import",
        _ => "manual",
    }
}

/// Writes a KPI's monthly value, replacing the month's earlier one.
pub(crate) fn put_value(
    w: &mut crate::store::Writer<'_>,
    kpi: RowId,
    month: YearMonth,
    value: f64,
    source: &str,
) -> Result<()> {
    let existing: Option<String> = w
        .conn()
        .query_row(
            "SELECT id FROM kpi_values WHERE kpi_id = ?1 AND period_start = ?2",
            [kpi.as_string(), month.to_string()],
            |r| r.get(0),
        )
        .ok();
    let fields = [("value", val::real(value)), ("source", val::text(source))];
    match existing {
        Some(id) => w.update("kpi_values", &[("id", val::text(id))], &fields),
        None => {
            let id = w.new_id().to_string();
            let mut all = fields.to_vec();
            all.push(("kpi_id", val::text(kpi.as_string())));
            all.push(("period_start", val::text(month.to_string())));
            w.insert("kpi_values", &[("id", val::text(id))], &all)
        }
    }
}
