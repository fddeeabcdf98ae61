//! Term lists as CSV (`term,category,severity,message`), so a legal or compliance team can keep
//! them in Excel. A file with any bad line is rejected whole, with every line at fault listed.

use super::{Severity, Term, TermCategory};
use crate::error::{Error, Result};
use crate::roster::csv::quote;
use crate::sheet::{decode, records, RowError, RowProblem};

/// The header, in order.
pub const HEADER: &str = "term,category,severity,message";

/// Reads a term list. Errors list each bad line; the caller changes nothing when there are any.
pub fn parse_terms(bytes: &[u8]) -> Result<std::result::Result<Vec<Term>, Vec<RowError>>> {
    let (text, _) = decode(bytes)?;
    let recs = match records(&text) {
        Ok(r) => r,
        Err(e) => return Ok(Err(vec![e])),
    };
    let mut iter = recs
        .into_iter()
        .filter(|(_, r)| r.iter().any(|f| !f.trim().is_empty()));
    let Some((line, header)) = iter.next() else {
        return Ok(Err(vec![RowError {
            row: 1,
            column: String::new(),
            code: RowProblem::Empty,
            problem: format!("The file is empty; the first line must be {HEADER}."),
        }]));
    };
    let names: Vec<String> = header
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    if names != ["term", "category", "severity", "message"] {
        return Ok(Err(vec![RowError {
            row: line,
            column: String::new(),
            code: RowProblem::UnknownColumn,
            problem: format!(
                "The first line must be exactly {HEADER} (found {}).",
                header.join(",")
            ),
        }]));
    }
    let (mut terms, mut errors) = (Vec::new(), Vec::new());
    for (line, rec) in iter {
        if rec.len() != 4 {
            errors.push(RowError {
                row: line,
                column: String::new(),
                code: RowProblem::FieldCount,
                problem: format!(
                    "Expected 4 columns, found {}. Quote values that contain commas.",
                    rec.len()
                ),
            });
            continue;
        }
        let mut bad = |column: &str, problem: String| {
            errors.push(RowError {
                row: line,
                column: column.into(),
                code: RowProblem::BadValue,
                problem,
            })
        };
        let term = rec[0].trim();
        if term.is_empty() {
            bad("term", "The term is empty.".into());
        }
        let category = TermCategory::parse(&rec[1].to_ascii_lowercase());
        if category.is_none() {
            bad(
                "category",
                format!(
                    "\"{}\" is not a category; use forbidden, confidential or caution.",
                    rec[1]
                ),
            );
        }
        let severity = Severity::parse(&rec[2].to_ascii_lowercase());
        if severity.is_none() {
            bad(
                "severity",
                format!("\"{}\" is not a severity; use block, warn or info.", rec[2]),
            );
        }
        if let (false, Some(category), Some(severity)) = (term.is_empty(), category, severity) {
            terms.push(Term {
                term: term.into(),
                category,
                severity,
                message: rec[3].trim().into(),
            });
        }
    }
    Ok(if errors.is_empty() {
        Ok(terms)
    } else {
        Err(errors)
    })
}

/// Writes a term list as CSV (UTF-8 with a BOM, so Excel reads it as such).
pub fn write_terms(terms: &[Term]) -> String {
    let mut out = String::from("\u{FEFF}");
    out.push_str(HEADER);
    out.push_str("\r\n");
    for t in terms {
        out.push_str(&format!(
            "{},{},{},{}\r\n",
            quote(&t.term),
            t.category.as_str(),
            t.severity.as_str(),
            quote(&t.message)
        ));
    }
    out
}

/// Turns row errors into one error for callers that stop at the first problem report.
pub fn rejected(errors: &[RowError]) -> Error {
    let lines: Vec<String> = errors
        .iter()
        .map(|e| {
            if e.column.is_empty() {
                format!("line {}: {}", e.row, e.problem)
            } else {
                format!("line {}, {}: {}", e.row, e.column, e.problem)
            }
        })
        .collect();
    Error::invalid(
        "file",
        format!(
            "Nothing was imported. Fix these lines and try again:\n{}",
            lines.join("\n")
        ),
    )
}
