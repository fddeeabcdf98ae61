//! A roster workbook (`.xlsx`) read as it is, through the maintained `calamine` reader: the
//! first sheet's rows as text records, numbered as Excel numbers them, so the import names a
//! bad cell by the row a person sees.

use crate::error::{Error, Result};

/// An Excel workbook's first sheet as records (each with its row number), cells as text.
pub(super) fn records(bytes: &[u8]) -> Result<Vec<(u32, Vec<String>)>> {
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
        // Excel keeps a date as days since 1899-12-30.
        Data::DateTime(d) => chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|base| {
                base.checked_add_signed(chrono::Duration::days(d.as_f64().floor() as i64))
            })
            .map_or_else(|| d.to_string(), |t| t.to_string()),
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
