//! `tsunagu roster import [--dry-run] FILE.csv` and `roster export [--out FILE]`: the roster as
//! CSV for Excel, with every bad row reported and nothing imported when one is wrong.

use super::{write_atomically, Args, Failure};
use std::path::PathBuf;
use tsunagu::store::Source;
use tsunagu::{Error, Workspace};

/// `roster import …` | `roster export …`.
pub(super) fn roster(mut args: Args, mut ws: Workspace) -> Result<(), Failure> {
    let what = args.positional().unwrap_or_default();
    match what.as_str() {
        "import" => {
            let dry_run = args.flag("--dry-run");
            let file = args.positional().ok_or_else(|| {
                Failure::Usage("roster import needs a file: tsunagu roster import FILE.csv".into())
            })?;
            args.finish()?;
            let bytes =
                std::fs::read(&file).map_err(|e| Failure::Core(Error::io("read", &file, e)))?;
            let report = ws.import_roster(Source::Import, &bytes, dry_run)?;
            for e in &report.errors {
                let column = if e.column.is_empty() {
                    String::new()
                } else {
                    format!(", column {}", e.column)
                };
                eprintln!("row {}{column}: {}", e.row, e.problem);
            }
            if !report.errors.is_empty() {
                return Err(Failure::Core(Error::invalid(
                    "roster",
                    format!("{} problem(s) in {file}; nothing was imported. Fix the rows above and import again.", report.errors.len()),
                )));
            }
            let verb = if dry_run { "would add" } else { "added" };
            out!(
                "{} rows read ({}): {verb} {}, {} updated{}.",
                report.rows,
                report.encoding,
                report.added,
                report.updated,
                if dry_run {
                    " (dry run, nothing written)"
                } else {
                    ""
                }
            );
        }
        "export" => {
            let out_file = args.value("--out")?.map(PathBuf::from);
            args.finish()?;
            let csv = tsunagu::app::people::export_roster(&ws)?;
            match out_file {
                Some(path) => write_atomically(&path, csv.as_bytes())?,
                None => {
                    use std::io::Write as _;
                    let _ = std::io::stdout().lock().write_all(csv.as_bytes());
                }
            }
        }
        _ => return Err(Failure::Usage("roster takes import or export".into())),
    }
    Ok(())
}
