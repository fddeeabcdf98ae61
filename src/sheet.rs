//! Reading the spreadsheets people bring: CSV in UTF-8 (with or without a BOM) or Shift_JIS
//! (what Japanese Excel saves as "CSV"), with quoted fields, CRLF and blank lines, and `.xlsx`
//! workbooks read as they are through the maintained `calamine` reader. Every importer (the
//! roster, KPI values, guideline terms, a month's posts) reads here, so each names a bad cell
//! by the row a person sees, and each refuses a file it cannot read with what to do instead.

use crate::error::{Error, Result};
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One problem in an import file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RowError {
    /// Line in the file where the record starts (1 = the header).
    pub row: u32,
    /// Column name, or empty for the whole row.
    pub column: String,
    /// What kind of problem it is: the windows say it in their language from this.
    pub code: RowProblem,
    /// What is wrong and what to write instead, in English (the detail under 「詳細」 and the
    /// command line's message).
    pub problem: String,
}

impl RowError {
    /// A problem on `row` in `column` (empty for the whole row).
    pub fn new(
        row: u32,
        column: impl Into<String>,
        code: RowProblem,
        problem: impl Into<String>,
    ) -> Self {
        Self {
            row,
            column: column.into(),
            code,
            problem: problem.into(),
        }
    }
}

/// The kinds of problem an import names. Stable codes: the UI picks its words from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RowProblem {
    /// The file has no header (or nothing at all).
    Empty,
    /// A column name that the import does not know.
    UnknownColumn,
    /// A required column is missing from the header.
    MissingColumn,
    /// A row has more or fewer fields than the header.
    FieldCount,
    /// A quote inside an unquoted field, or a quoted field never closed.
    Quotes,
    /// A value that cannot be read (the detail says which form is expected).
    BadValue,
    /// A required value is empty.
    Missing,
    /// A value is too long.
    TooLong,
    /// The same thing appears twice in the file.
    Duplicate,
    /// A date that cannot be read.
    BadDate,
    /// A time that cannot be read, or that does not exist.
    BadTime,
    /// An account or platform that this workspace does not have.
    UnknownAccount,
    /// A theme that the month does not have.
    UnknownTheme,
    /// A purpose that the workspace does not have.
    UnknownPurpose,
    /// The same post is already on the calendar.
    AlreadyPlanned,
}

/// Reads bytes as UTF-8 (BOM or not) or, failing that, Shift_JIS.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str)> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") || bytes.contains(&0) {
        return Err(Error::invalid(
            "file",
            "The file is UTF-16 (Excel's \"Unicode text\") or binary. Save it from Excel as \"CSV UTF-8\" and import it again.",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), "UTF-8"));
    }
    let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
    if had_errors {
        return Err(Error::invalid(
            "file",
            "The file is neither UTF-8 nor Shift_JIS. Save it from Excel as \"CSV UTF-8\" and import it again.",
        ));
    }
    Ok((text.into_owned(), "Shift_JIS"))
}

/// Splits CSV text into records, each with the line it starts on. Quoted fields may hold
/// commas, quotes (doubled) and line breaks.
pub fn records(text: &str) -> std::result::Result<Vec<(u32, Vec<String>)>, RowError> {
    let mut out = Vec::new();
    let mut line = 1u32;
    let mut start_line = 1u32;
    let mut field = String::new();
    let mut record: Vec<String> = Vec::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut field_started_quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                '\r' => {}
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !field_started_quoted => {
                quoted = true;
                field_started_quoted = true;
            }
            '"' => {
                return Err(RowError {
                    row: start_line,
                    column: String::new(),
                    code: RowProblem::Quotes,
                    problem: "A quote appears inside an unquoted field; put the whole field in quotes and double the quote (\"\").".into(),
                })
            }
            ',' => {
                record.push(crate::csv_cell::restore(std::mem::take(&mut field)));
                field_started_quoted = false;
            }
            '\r' => {}
            '\n' => {
                record.push(crate::csv_cell::restore(std::mem::take(&mut field)));
                field_started_quoted = false;
                if !(record.len() == 1 && record[0].trim().is_empty()) {
                    out.push((start_line, std::mem::take(&mut record)));
                } else {
                    record.clear();
                }
                line += 1;
                start_line = line;
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(RowError {
            row: start_line,
            column: String::new(),
            code: RowProblem::Quotes,
            problem: "A quoted field is never closed; add the closing quote.".into(),
        });
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(crate::csv_cell::restore(field));
        if !(record.len() == 1 && record[0].trim().is_empty()) {
            out.push((start_line, record));
        }
    }
    Ok(out)
}

/// An Excel workbook's first sheet as records (each with its row number), cells as text.
pub fn xlsx_records(bytes: &[u8]) -> Result<Vec<(u32, Vec<String>)>> {
    use calamine::{Data, Reader};
    let bad = |what: String| {
        Error::invalid(
            "file",
            format!("The Excel file could not be read ({what}). Save it again from Excel as .xlsx, or as \"CSV UTF-8\", and import it again."),
        )
    };
    let mut book =
        calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| bad("it has no sheet".into()))?
        .map_err(|e| bad(e.to_string()))?;
    let first = range.start().map_or(0, |(r, _)| r);
    let cell = |d: &Data| match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => {
            if *b {
                "yes".into()
            } else {
                "no".into()
            }
        }
        Data::DateTime(d) => excel_time(d.as_f64()).unwrap_or_else(|| d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    };
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            (
                first + i as u32 + 1,
                row.iter().map(cell).collect::<Vec<String>>(),
            )
        })
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .collect())
}

/// A header cell as the importers compare it: trimmed, without a BOM, lower case, with no
/// spaces (half or full width) inside.
pub fn header_key(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{FEFF}')
        .to_lowercase()
        .replace(['　', ' '], "")
}

/// A date as people write it: 2026-12-03, 2026/12/3, 2026年12月3日, or a workbook's date
/// (with its time, when the cell holds both).
pub fn date_cell(v: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let v: String = v.trim().chars().map(fold_width).collect();
    let (d, t) = match v.split_once(' ') {
        Some((d, t)) => (d.to_string(), time_cell(t)),
        None => (v.clone(), None),
    };
    let d = d.replace(['/', '.', '年', '月'], "-").replace('日', "");
    NaiveDate::parse_from_str(&d, "%Y-%m-%d")
        .ok()
        .map(|d| (d, t))
}

/// A time as people write it: 9:00, 09:00, 9時, 9時30分, 21:05.
pub fn time_cell(v: &str) -> Option<NaiveTime> {
    let v: String = v.trim().chars().map(fold_width).collect();
    let v = v.replace('時', ":").replace('分', "");
    let v = v.trim_end_matches(':');
    let (h, m) = v.split_once(':').unwrap_or((v, "0"));
    let (h, m) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
    NaiveTime::from_hms_opt(h, m, 0)
}

/// Full-width digits and punctuation as their ASCII forms.
fn fold_width(c: char) -> char {
    match c {
        '０'..='９' | '：' | '／' | '－' | '．' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '　' => ' ',
        c => c,
    }
}

/// An Excel date-time serial (days since 1899-12-30, the fraction the time of day) as text:
/// `YYYY-MM-DD` for a whole day, `HH:MM` for a time alone (under one day), and
/// `YYYY-MM-DD HH:MM` for both.
fn excel_time(serial: f64) -> Option<String> {
    if !serial.is_finite() || serial < 0.0 {
        return None;
    }
    let days = serial.floor();
    let minutes = ((serial - days) * 24.0 * 60.0).round() as i64;
    let (days, minutes) = if minutes >= 24 * 60 {
        (days + 1.0, 0)
    } else {
        (days, minutes)
    };
    let clock = format!("{:02}:{:02}", minutes / 60, minutes % 60);
    if days == 0.0 {
        return Some(clock);
    }
    let date = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?
        .checked_add_signed(chrono::Duration::days(days as i64))?;
    Some(if minutes == 0 {
        date.to_string()
    } else {
        format!("{date} {clock}")
    })
}

#[cfg(test)]
mod tests {
    use super::{date_cell, excel_time, time_cell};
    use chrono::{NaiveDate, NaiveTime};

    #[test]
    fn dates_and_times_as_people_write_them() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        for v in [
            "2026-12-03",
            "2026/12/3",
            "2026年12月3日",
            "２０２６／１２／３",
        ] {
            assert_eq!(date_cell(v).map(|(d, _)| d), Some(d), "{v}");
        }
        assert_eq!(
            date_cell("2026-12-03 09:30").and_then(|(_, t)| t),
            NaiveTime::from_hms_opt(9, 30, 0)
        );
        assert_eq!(date_cell("12月3日"), None);
        let t = NaiveTime::from_hms_opt(9, 0, 0);
        for v in ["9:00", "09:00", "9時", "９：００"] {
            assert_eq!(time_cell(v), t, "{v}");
        }
        assert_eq!(time_cell("9時30分"), NaiveTime::from_hms_opt(9, 30, 0));
        assert_eq!(time_cell("25:00"), None);
        assert_eq!(time_cell("朝"), None);
    }

    #[test]
    fn excel_serials_read_as_dates_times_or_both() {
        assert_eq!(excel_time(46357.0).as_deref(), Some("2026-12-01"));
        assert_eq!(excel_time(0.375).as_deref(), Some("09:00"));
        assert_eq!(excel_time(46357.5).as_deref(), Some("2026-12-01 12:00"));
        assert_eq!(excel_time(0.999_999_9).as_deref(), Some("1899-12-31"));
        assert_eq!(excel_time(-1.0), None);
    }
}
