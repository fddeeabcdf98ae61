//! `tsunagu kpi import FILE.csv`: KPIs from outside the SNS (recruiting entries, document
//! requests, branded search volume) as monthly values, the way an HR or sales sheet exports
//! them. Columns by name, in any order: `kpi` (the KPI's name), `month` (`YYYY-MM`, or
//! `YYYY/MM` as Excel writes it) and `value` (digits; thousands separators and full-width
//! digits accepted). UTF-8 or Shift_JIS, like the roster. Every problem is reported by row and
//! column, and a file with any problem imports nothing.

use super::{check_value, put_value, KpiMetric};
use crate::calendar::YearMonth;
use crate::error::Result;
use crate::sheet::{decode, records, RowError, RowProblem};
use crate::store::Source;
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use unicode_normalization::UnicodeNormalization;

/// What a KPI import did, or would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct KpiImportReport {
    /// Data rows read.
    pub rows: u32,
    /// Monthly values written (or that would be).
    pub written: u32,
    /// Problems; when any, nothing was imported.
    pub errors: Vec<RowError>,
    /// Nothing was written because this was a dry run.
    pub dry_run: bool,
}

fn problem(row: u32, column: &str, text: impl Into<String>) -> RowError {
    let code = if column.is_empty() {
        RowProblem::FieldCount
    } else {
        RowProblem::BadValue
    };
    RowError::new(row, column, code, text)
}

/// A number as people type it in a sheet: `1,234`, `１２３`, ` 56 `.
fn number(v: &str) -> Option<f64> {
    let v: String = v
        .nfkc()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    v.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// `2026-11`, `2026/11`, `2026-11-01`.
fn month(v: &str) -> Option<YearMonth> {
    let v: String = v.nfkc().collect::<String>().trim().replace('/', "-");
    let ym = v.get(..7).filter(|_| v.len() == 7 || v.len() == 10)?;
    YearMonth::parse(ym).ok()
}

impl Workspace {
    /// Imports monthly values of external KPIs (see the module).
    pub fn import_kpi_csv(&mut self, bytes: &[u8], dry_run: bool) -> Result<KpiImportReport> {
        let mut report = KpiImportReport {
            rows: 0,
            written: 0,
            errors: Vec::new(),
            dry_run,
        };
        let (text, _) = decode(bytes)?;
        let rows = match records(&text) {
            Ok(r) => r,
            Err(e) => {
                report.errors.push(e);
                return Ok(report);
            }
        };
        let Some(((_, header), data)) = rows.split_first() else {
            report
                .errors
                .push(problem(1, "", "The file is empty: write a header row kpi,month,value and one row per KPI and month."));
            return Ok(report);
        };
        let col = |name: &str| {
            header.iter().position(|h| {
                h.trim()
                    .trim_start_matches('\u{feff}')
                    .eq_ignore_ascii_case(name)
            })
        };
        let (Some(ck), Some(cm), Some(cv)) = (col("kpi"), col("month"), col("value")) else {
            report.errors.push(problem(
                1,
                "",
                "The header must name the columns kpi, month and value (in any order).",
            ));
            return Ok(report);
        };
        let kpis = crate::kpi::kpis(self.store().conn())?;
        let mut values = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (row, fields) in data {
            if fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            report.rows += 1;
            let get = |i: usize| fields.get(i).map(|s| s.trim()).unwrap_or("");
            let name = get(ck);
            let kpi = match kpis.iter().find(|k| k.name == name) {
                None => {
                    let known: Vec<&str> = kpis
                        .iter()
                        .filter(|k| k.metric == KpiMetric::External)
                        .map(|k| k.name.as_str())
                        .collect();
                    report.errors.push(problem(
                        *row,
                        "kpi",
                        format!(
                            "\"{name}\" is not a KPI of this workspace. Use one of: {} (or add it first).",
                            if known.is_empty() { "none yet".to_string() } else { known.join(", ") }
                        ),
                    ));
                    continue;
                }
                Some(k) if k.metric != KpiMetric::External => {
                    report.errors.push(problem(
                        *row,
                        "kpi",
                        format!("\"{name}\" is counted from the posts; only external KPIs are imported."),
                    ));
                    continue;
                }
                Some(k) => k,
            };
            let Some(m) = month(get(cm)) else {
                report.errors.push(problem(
                    *row,
                    "month",
                    format!("\"{}\" is not a month: write it like 2026-11.", get(cm)),
                ));
                continue;
            };
            let value = match number(get(cv)).map(|v| check_value(v, "value")) {
                Some(Ok(v)) => v,
                _ => {
                    report.errors.push(problem(
                        *row,
                        "value",
                        format!("\"{}\" is not a number of 0 or more.", get(cv)),
                    ));
                    continue;
                }
            };
            if !seen.insert((kpi.id, m.to_string())) {
                report.errors.push(problem(
                    *row,
                    "",
                    format!("\"{name}\" for {m} appears twice; keep one row."),
                ));
                continue;
            }
            values.push((kpi.id, m, value));
        }
        if !report.errors.is_empty() {
            return Ok(report);
        }
        report.written = u32::try_from(values.len()).unwrap_or(u32::MAX);
        if dry_run || values.is_empty() {
            return Ok(report);
        }
        let actor = self.me()?;
        let ctx = self.ctx(actor, Source::Import);
        self.store_mut().write(&ctx, |w| {
            for (kpi, m, v) in &values {
                put_value(w, *kpi, *m, *v, "import")?;
            }
            Ok(())
        })?;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::{month, number};

    #[test]
    fn numbers_and_months_as_sheets_write_them() {
        assert_eq!(number("1,234"), Some(1234.0));
        assert_eq!(number("１２３"), Some(123.0));
        assert_eq!(number(" 5.5 "), Some(5.5));
        assert_eq!(number("多い"), None);
        assert_eq!(
            month("2026/11").map(|m| m.to_string()).as_deref(),
            Some("2026-11")
        );
        assert_eq!(
            month("２０２６-１１-０１")
                .map(|m| m.to_string())
                .as_deref(),
            Some("2026-11")
        );
        assert_eq!(month("2026-13"), None);
        assert_eq!(month("11月"), None);
    }
}
