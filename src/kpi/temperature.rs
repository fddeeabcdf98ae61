//! The temperature map: departments × months, coloured by participation — the share of a
//! department's active people who answered a request, gave material, wrote a draft or were
//! in a published post that month. The "temperature gap" (温度差) the seeds describe, made
//! visible, with its change from the month before. It counts people, never scores them: a
//! department of three that all took part is as warm as one of thirty.

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

/// One department's row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TemperatureRow {
    /// The department (`None`: people without one).
    pub department: Option<String>,
    /// Its active people.
    pub headcount: u32,
    /// One cell per month, oldest first.
    pub cells: Vec<TemperatureCell>,
    /// The last month's rate minus the one before (`None` for a single month).
    pub change: Option<f64>,
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
    let rows = rows
        .into_iter()
        .map(|(department, headcount, counts)| {
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
                department,
                headcount,
                cells,
                change,
            }
        })
        .collect();
    Ok(TemperatureMap { months, rows })
}
