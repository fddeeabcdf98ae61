//! The temperature map: departments × months, coloured by participation — the share of a
//! department's active people who answered a request, gave material, wrote a draft or were
//! in a published post that month. The "temperature gap" (温度差) the seeds describe, made
//! visible, with its change from the month before. It counts people, never scores them: a
//! department of three that all took part is as warm as one of thirty.
//!
//! A department smaller than the workspace's minimum group size (3 by default) would let a
//! rate be read as one or two named people's: such departments are merged into 「その他」, and
//! when even that is too small it is shown without any figure.

use crate::calendar::YearMonth;
use crate::error::Result;
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One department's month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TemperatureCell {
    /// `YYYY-MM`.
    pub month: String,
    /// People of the department who took part.
    pub participants: u32,
    /// Participants over the department's active people (0–1).
    pub rate: f64,
}

/// What a row stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// One department (`department`; `None` is the people without one).
    Department,
    /// The departments smaller than the minimum group size, merged (「その他」).
    Others,
    /// Fewer people than the minimum even merged: no figure (「少人数のため非表示」).
    TooSmall,
}

/// One department's row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TemperatureRow {
    /// What it stands for.
    pub group: Group,
    /// The department (`None`: people without one, or a merged group).
    pub department: Option<String>,
    /// Its active people.
    pub headcount: u32,
    /// One cell per month, oldest first.
    pub cells: Vec<TemperatureCell>,
    /// The last month's rate minus the one before (`None` for a single month).
    pub change: Option<f64>,
}

impl TemperatureRow {
    /// Its name in a report: the department's, or the words for the people without one, the
    /// merged small departments and a group too small to show.
    pub fn label<'a>(
        &'a self,
        no_department: &'a str,
        others: &'a str,
        too_small: &'a str,
    ) -> &'a str {
        match self.group {
            Group::Department => self.department.as_deref().unwrap_or(no_department),
            Group::Others => others,
            Group::TooSmall => too_small,
        }
    }
}

/// The map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TemperatureMap {
    /// The months, oldest first.
    pub months: Vec<String>,
    /// One row per department, by name.
    pub rows: Vec<TemperatureRow>,
}

/// The temperature map from `from` to `to` (months, both included).
pub fn temperature_map(
    conn: &Connection,
    tz: Tz,
    from: YearMonth,
    to: YearMonth,
) -> Result<TemperatureMap> {
    let ledger = crate::roster::ledger::ledger(conn, tz, from, to)?;
    let active: std::collections::HashSet<String> = crate::roster::people(conn)?
        .into_iter()
        .filter(|p| p.active)
        .map(|p| p.id.as_string())
        .collect();
    let months: Vec<String> = ledger
        .first()
        .map(|p| p.months.iter().map(|m| m.month.clone()).collect())
        .unwrap_or_else(|| {
            let mut out = Vec::new();
            let mut m = from;
            while m <= to {
                out.push(m.to_string());
                m = m.next();
            }
            out
        });
    let mut rows: Vec<(Option<String>, u32, Vec<u32>)> = Vec::new();
    for p in ledger
        .iter()
        .filter(|p| active.contains(&p.person.as_string()))
    {
        let i = match rows.iter().position(|r| r.0 == p.department) {
            Some(i) => i,
            None => {
                rows.push((p.department.clone(), 0, vec![0; months.len()]));
                rows.len() - 1
            }
        };
        rows[i].1 += 1;
        for (slot, m) in rows[i].2.iter_mut().zip(&p.months) {
            let took_part =
                m.requests_answered + m.material_given + m.drafts_written + m.posts_published > 0;
            *slot += u32::from(took_part);
        }
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    // Groups too small to show: merged into one, and that shown only when it is large enough.
    let min: u32 = conn.query_row("SELECT min_group_size FROM workspace LIMIT 1", [], |r| {
        r.get(0)
    })?;
    let (rows, small): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.1 >= min);
    let mut rows: Vec<(Group, Option<String>, u32, Vec<u32>)> = rows
        .into_iter()
        .map(|(d, h, c)| (Group::Department, d, h, c))
        .collect();
    if !small.is_empty() {
        let headcount: u32 = small.iter().map(|r| r.1).sum();
        let mut counts = vec![0; months.len()];
        for r in &small {
            for (sum, n) in counts.iter_mut().zip(&r.2) {
                *sum += n;
            }
        }
        if headcount >= min {
            rows.push((Group::Others, None, headcount, counts));
        } else {
            rows.push((Group::TooSmall, None, 0, Vec::new()));
        }
    }
    let rows = rows
        .into_iter()
        .map(|(group, department, headcount, counts)| {
            let cells: Vec<TemperatureCell> = months
                .iter()
                .zip(&counts)
                .map(|(month, n)| TemperatureCell {
                    month: month.clone(),
                    participants: *n,
                    rate: f64::from(*n) / f64::from(headcount.max(1)),
                })
                .collect();
            let change = match cells.as_slice() {
                [.., a, b] => Some(b.rate - a.rate),
                _ => None,
            };
            TemperatureRow {
                group,
                department,
                headcount,
                cells,
                change,
            }
        })
        .collect();
    Ok(TemperatureMap { months, rows })
}
