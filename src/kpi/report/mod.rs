//! The monthly report for the management meeting: success stories first, then the KPIs
//! against their targets, reach and engagement per platform over three months, cadence kept
//! against the plan, the month's top posts, results per theme and purpose, the temperature
//! map, thanks to everyone who took part (by name, never ranked), and next month's themes.
//!
//! Every number comes from [`Workspace::dashboard`], so the report and the dashboard never
//! disagree. HTML is one self-contained A4 page set (inline CSS and SVG, no scripts, no
//! remote content) that prints as it shows; CSV is one flat table (UTF-8 with a BOM and CRLF,
//! which Excel opens with the Japanese intact).

mod csv;
mod html;
mod html_charts;
pub(crate) mod words;

pub use super::accounts::AccountResult;
pub use csv::render_csv;
pub(crate) use html::esc;
pub use html::render_html;
pub(crate) use words::{words, Words};

use super::dashboard::Dashboard;
use crate::calendar::{Theme, YearMonth};
use crate::error::Result;
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The report's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ReportLanguage {
    /// 日本語.
    Ja,
    /// English.
    En,
}

/// Everything the report shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MonthlyReport {
    /// The workspace (company or team) name.
    pub workspace: String,
    /// `YYYY-MM`.
    pub month: String,
    /// Its language.
    pub language: ReportLanguage,
    /// The numbers of the month and the two before it (for the trends).
    pub dashboard: Dashboard,
    /// Every KPI over the month and the five before it (for the trend charts).
    pub kpi_trend: Vec<super::dashboard::KpiSeries>,
    /// The month's published posts and their reactions per account.
    pub accounts: Vec<AccountResult>,
    /// Everyone who took part in the month, by name.
    pub contributors: Vec<String>,
    /// Thanks and highlights given in the month: (name, note).
    pub recognitions: Vec<(String, String)>,
    /// Next month's themes.
    pub next_themes: Vec<Theme>,
}

/// The report of `month` in `language`, headed with the workspace's name.
pub fn monthly_report(
    conn: &Connection,
    tz: Tz,
    workspace: String,
    month: YearMonth,
    language: ReportLanguage,
) -> Result<MonthlyReport> {
    let dashboard = super::dashboard::dashboard(conn, tz, month.prev().prev(), month)?;
    let people = crate::roster::people(conn)?;
    let name_of = |id: crate::ids::PersonId| {
        people
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };
    let mut contributors: Vec<String> = crate::roster::recognition::contributors(conn, tz, month)?
        .into_iter()
        .map(|c| name_of(c.person))
        .filter(|n| !n.is_empty())
        .collect();
    contributors.sort();
    let recognitions = crate::roster::recognition::recognitions(conn, month)?
        .into_iter()
        .map(|r| (name_of(r.person), r.note))
        .collect();
    let next_themes = crate::calendar::month_themes(conn, month.next())?;
    let mut six = vec![month];
    while six.len() < 6 {
        let first = six[0];
        six.insert(0, first.prev());
    }
    Ok(MonthlyReport {
        kpi_trend: super::dashboard::kpi_series(conn, tz, &six)?,
        accounts: {
            let (from, to) = month.utc_range(tz);
            super::accounts::account_results(
                conn,
                &crate::clock::to_db_time(from),
                &crate::clock::to_db_time(to),
            )?
        },
        workspace,
        month: month.to_string(),
        language,
        dashboard,
        contributors,
        recognitions,
        next_themes,
    })
}

pub(crate) fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let n = v as i64;
        let s = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        if n < 0 {
            format!("-{out}")
        } else {
            out
        }
    } else {
        format!("{v:.1}")
    }
}

pub(crate) fn month_label(month: &str, l: ReportLanguage) -> String {
    let (y, m) = month.split_once('-').unwrap_or((month, ""));
    match l {
        ReportLanguage::Ja => format!("{y}年{}月", m.trim_start_matches('0')),
        ReportLanguage::En => format!("{m}/{y}"),
    }
}

/// "2026年10月" is too wide under a small chart: "10月" (and the year at January), "10/26".
pub(crate) fn short_month(month: &str, l: ReportLanguage) -> String {
    let (y, m) = month.split_once('-').unwrap_or((month, ""));
    let m = m.trim_start_matches('0');
    match l {
        ReportLanguage::Ja if m == "1" => format!("{y}年1月"),
        ReportLanguage::Ja => format!("{m}月"),
        ReportLanguage::En => format!("{m}/{}", y.get(2..).unwrap_or(y)),
    }
}

/// A blue to orange scale for a participation rate (0–1).
pub(crate) fn warmth(rate: f64) -> String {
    let r = rate.clamp(0.0, 1.0);
    let mix = |a: f64, b: f64| (a + (b - a) * r).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(226.0, 244.0),
        mix(236.0, 162.0),
        mix(247.0, 97.0)
    )
}

pub(crate) fn platform_name(p: crate::model::Platform) -> &'static str {
    p.label()
}

/// What the platforms chart draws, shared by the HTML and the PDF: each platform that
/// published, with one value a month — reactions, or posts while there are no reactions yet (an
/// empty chart says nothing) — the largest value, and which of the two it is.
pub(crate) struct Bars {
    /// (platform, one value a month, oldest first).
    pub rows: Vec<(crate::model::Platform, Vec<i64>)>,
    /// The largest value (at least 1).
    pub max: i64,
    /// Reactions (true) or posts (false).
    pub reactions: bool,
}

/// The chart's bars, `None` when nothing was published.
pub(crate) fn bars_of(d: &Dashboard) -> Option<Bars> {
    let shown: Vec<_> = d
        .platforms
        .iter()
        .filter(|p| p.months.iter().any(|m| m.posts > 0 || m.reactions > 0))
        .collect();
    if shown.is_empty() {
        return None;
    }
    let reactions = shown
        .iter()
        .any(|p| p.months.iter().any(|m| m.reactions > 0));
    let rows: Vec<_> = shown
        .iter()
        .map(|p| {
            let values: Vec<i64> = p
                .months
                .iter()
                .map(|m| {
                    if reactions {
                        m.reactions
                    } else {
                        i64::from(m.posts)
                    }
                })
                .collect();
            (p.platform, values)
        })
        .collect();
    let max = rows
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    Some(Bars {
        rows,
        max,
        reactions,
    })
}

#[cfg(test)]
mod tests {
    use super::html::esc;
    use super::{num, warmth};

    #[test]
    fn numbers_text_and_colours_are_written_safely() {
        assert_eq!(num(1234567.0), "1,234,567");
        assert_eq!(num(-1200.0), "-1,200");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(
            esc("<b>\"A&B\"</b>"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;"
        );
        assert_eq!(warmth(0.0), "#e2ecf7");
        assert_eq!(warmth(1.0), "#f4a261");
    }
}
