//! One rule for every CSV cell Tsunagu writes: quoted when it must be, and never a formula.
//!
//! Exports are opened in Excel or a spreadsheet by people who did not write their contents: a
//! post title, a comment or a term written by an ambassador reaches the audit log, the report
//! and the roster export. A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
//! is read by spreadsheets as a formula (CSV injection), so such a cell is written with a
//! leading apostrophe, which spreadsheets show as text. Plain numbers (`-3`, `+1.5`) are left
//! alone. Reading a CSV back (the roster and term imports) removes that apostrophe again, so an
//! export round-trips unchanged: a value that itself starts with apostrophes before a formula
//! gets one more, and a line break at the start counts as a formula start too, because the
//! reader turns a quoted CRLF into LF.

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\n'];

/// Whether `v` would be read as a formula by a spreadsheet.
fn is_formula(v: &str) -> bool {
    v.starts_with(FORMULA_START) && v.trim().parse::<f64>().is_err()
}

/// One cell: neutralised when it would be a formula, quoted when it holds a separator, a
/// quote or a line break.
pub fn cell(v: &str) -> String {
    let v = if is_formula(v.trim_start_matches('\'')) {
        std::borrow::Cow::Owned(format!("'{v}"))
    } else {
        std::borrow::Cow::Borrowed(v)
    };
    if v.contains([',', '"', '\n', '\r', '\t']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.into_owned()
    }
}

/// The value of a cell as it was before [`cell`] neutralised it.
pub fn restore(v: String) -> String {
    match v.strip_prefix('\'') {
        Some(rest) if is_formula(rest.trim_start_matches('\'')) => rest.to_string(),
        _ => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_come_back() {
        for (raw, written) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
            ),
            ("+81 3 1234", "'+81 3 1234"),
            ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "\"'\t=1\""),
            ("-3", "-3"),
            ("+1.5", "+1.5"),
            ("工場見学", "工場見学"),
            ("a,b", "\"a,b\""),
        ] {
            assert_eq!(cell(raw), written, "{raw}");
        }
        // The last three were found by the CSV property test (tests/csv_properties.rs).
        for raw in [
            "=1+1", "@x", "-a", "'quoted", "'-3", "plain", "'=x", "''@y", "\nz",
        ] {
            let written = cell(raw);
            let unquoted = written
                .strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                .map(|s| s.replace("\"\"", "\""))
                .unwrap_or(written);
            assert_eq!(restore(unquoted), raw);
        }
    }
}
