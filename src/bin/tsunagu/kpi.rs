//! `tsunagu kpi …`, `purpose …` and `temperature …`: purposes, KPIs and participation from
//! the command line, for the monthly routine (import the HR sheet, read the numbers).

use super::{to_json, Args, Failure};
use tsunagu::calendar::YearMonth;
use tsunagu::kpi::{KpiInput, KpiMetric};
use tsunagu::store::Source;
use tsunagu::{Error, Workspace};

/// The month given, or this month in the workspace's zone.
fn month(v: Option<String>, ws: &Workspace) -> Result<YearMonth, Failure> {
    match v {
        Some(m) => Ok(YearMonth::parse(&m)?),
        None => {
            let tz = tsunagu::settings::validate_time_zone(&ws.settings()?.time_zone)?;
            let today = ws.clock().now().with_timezone(&tz).date_naive();
            Ok(YearMonth::of(today))
        }
    }
}

/// `kpi add --name N --metric posts|reactions|impressions|external [--target T] [--purpose NAME]`
/// | `kpi list [--month YYYY-MM] [--json]` | `kpi set NAME --month M --value V`
/// | `kpi import [--dry-run] FILE.csv`.
pub(super) fn kpi(mut args: Args, mut ws: Workspace) -> Result<(), Failure> {
    let what = args.positional().unwrap_or_default();
    match what.as_str() {
        "add" => {
            let name = args
                .value("--name")?
                .ok_or_else(|| Failure::Usage("kpi add needs --name N".into()))?;
            let metric = args.value("--metric")?.unwrap_or_else(|| "external".into());
            let metric = KpiMetric::parse(&metric)
                .or_else(|| KpiMetric::parse(&format!("sns.{metric}")))
                .ok_or_else(|| {
                    Failure::Usage(format!(
                        "--metric takes posts, reactions, impressions or external (got '{metric}')"
                    ))
                })?;
            let target =
                match args.value("--target")? {
                    Some(t) => Some(t.trim().parse::<f64>().map_err(|_| {
                        Failure::Usage(format!("--target takes a number (got '{t}')"))
                    })?),
                    None => None,
                };
            let purpose = match args.value("--purpose")? {
                Some(name) => Some(
                    tsunagu::app::kpi::purposes(&ws)?
                        .into_iter()
                        .find(|p| p.name == name)
                        .ok_or_else(|| {
                            Failure::Usage(format!(
                                "'{name}' is not a purpose; `tsunagu purpose list` shows them"
                            ))
                        })?
                        .id,
                ),
                None => None,
            };
            let target_by = args.value("--by")?;
            args.finish()?;
            let k = tsunagu::app::kpi::add_kpi(
                &mut ws,
                Source::Cli,
                &KpiInput {
                    name,
                    metric,
                    target,
                    purpose,
                    target_by,
                },
            )?;
            out!("{}", k.id);
        }
        "list" => {
            let m = args.value("--month")?;
            let json = args.flag("--json");
            args.finish()?;
            let m = month(m, &ws)?;
            let progress = tsunagu::app::kpi::kpi_progress(&ws, m)?;
            if json {
                out!("{}", to_json(&progress)?);
            } else {
                for p in progress {
                    let value = p.value.map_or("—".to_string(), |v| v.to_string());
                    let target = p.kpi.target.map_or(String::new(), |t| format!(" / {t}"));
                    let ratio = p
                        .ratio
                        .map_or(String::new(), |r| format!(" ({:.0}%)", r * 100.0));
                    out!(
                        "{}  {}{}{}  [{}]",
                        p.kpi.name,
                        value,
                        target,
                        ratio,
                        p.month
                    );
                }
            }
        }
        "set" => {
            let name = args
                .positional()
                .ok_or_else(|| Failure::Usage("kpi set needs the KPI's name".into()))?;
            let m = args.value("--month")?;
            let value = args
                .value("--value")?
                .ok_or_else(|| Failure::Usage("kpi set needs --value V".into()))?;
            args.finish()?;
            let m = month(m, &ws)?;
            let value = value
                .trim()
                .parse::<f64>()
                .map_err(|_| Failure::Usage(format!("--value takes a number (got '{value}')")))?;
            let k = tsunagu::app::kpi::kpis(&ws)?
                .into_iter()
                .find(|k| k.name == name)
                .ok_or_else(|| {
                    Failure::Usage(format!(
                        "'{name}' is not a KPI; `tsunagu kpi list` shows them"
                    ))
                })?;
            tsunagu::app::kpi::set_kpi_value(&mut ws, Source::Cli, k.id, m, value)?;
            out!("{} for {m}: {value}", k.name);
        }
        "import" => {
            let dry_run = args.flag("--dry-run");
            let file = args
                .positional()
                .ok_or_else(|| Failure::Usage("kpi import needs FILE.csv".into()))?;
            args.finish()?;
            let bytes =
                std::fs::read(&file).map_err(|e| Failure::Core(Error::io("read", &file, e)))?;
            let r = ws.import_kpi_csv(&bytes, dry_run)?;
            if !r.errors.is_empty() {
                for e in &r.errors {
                    eprintln!(
                        "row {}{}: {}",
                        e.row,
                        if e.column.is_empty() {
                            String::new()
                        } else {
                            format!(", column {}", e.column)
                        },
                        e.problem
                    );
                }
                return Err(Failure::Core(Error::invalid(
                    "file",
                    format!(
                        "{} problem(s); nothing was imported. Fix the rows above and import again.",
                        r.errors.len()
                    ),
                )));
            }
            out!(
                "{} {} monthly value(s) from {} row(s).",
                if dry_run { "Would import" } else { "Imported" },
                r.written,
                r.rows
            );
        }
        _ => return Err(Failure::Usage("kpi takes add, list, set or import".into())),
    }
    Ok(())
}

/// `purpose list [--json]` | `purpose add NAME`.
pub(super) fn purpose(mut args: Args, mut ws: Workspace) -> Result<(), Failure> {
    let what = args.positional().unwrap_or_default();
    match what.as_str() {
        "list" => {
            let json = args.flag("--json");
            args.finish()?;
            let list = tsunagu::app::kpi::purposes(&ws)?;
            if json {
                out!("{}", to_json(&list)?);
            } else {
                for p in list {
                    out!("{}  {:<11} {}", p.id, p.kind, p.name);
                }
            }
        }
        "add" => {
            let name = args
                .positional()
                .ok_or_else(|| Failure::Usage("purpose add needs a NAME".into()))?;
            args.finish()?;
            out!(
                "{}",
                tsunagu::app::kpi::add_purpose(&mut ws, Source::Cli, &name)?.id
            );
        }
        _ => return Err(Failure::Usage("purpose takes list or add".into())),
    }
    Ok(())
}

/// `temperature --from YYYY-MM --to YYYY-MM [--json]`.
pub(super) fn temperature(mut args: Args, ws: Workspace) -> Result<(), Failure> {
    let from = args.value("--from")?;
    let to = args.value("--to")?;
    let json = args.flag("--json");
    args.finish()?;
    let to = month(to, &ws)?;
    let from = match from {
        Some(f) => YearMonth::parse(&f)?,
        None => to.prev().prev().prev().prev().prev(),
    };
    let map = tsunagu::app::kpi::temperature_map(&ws, from, to)?;
    if json {
        out!("{}", to_json(&map)?);
    } else {
        out!("{:<16} {}", "", map.months.join("  "));
        for r in map.rows {
            let name = r.label(
                "(no department)",
                "Others (small departments)",
                "Hidden: too few people",
            );
            if r.group == tsunagu::kpi::temperature::Group::TooSmall {
                out!("{name}");
                continue;
            }
            let cells: Vec<String> = r
                .cells
                .iter()
                .map(|c| format!("{:>6.0}%", c.rate * 100.0))
                .collect();
            out!(
                "{:<16} {}   ({} people)",
                name,
                cells.join(" "),
                r.headcount
            );
        }
    }
    Ok(())
}

/// `report --month YYYY-MM --format pdf|html|csv --out FILE [--language ja|en]`.
/// The language asked for with `--language ja|en`, else the workspace's (the system's when it
/// follows the system).
pub(super) fn language_of(
    language: Option<String>,
    ws: &Workspace,
) -> Result<tsunagu::kpi::report::ReportLanguage, Failure> {
    use tsunagu::kpi::report::ReportLanguage;
    Ok(match language.as_deref() {
        Some("ja") => ReportLanguage::Ja,
        Some("en") => ReportLanguage::En,
        Some(other) => {
            return Err(Failure::Usage(format!(
                "--language takes ja or en (got '{other}')"
            )))
        }
        None => match ws.settings()?.language {
            tsunagu::model::Language::Ja => ReportLanguage::Ja,
            tsunagu::model::Language::En => ReportLanguage::En,
            tsunagu::model::Language::System => {
                let lang = ["LC_ALL", "LC_MESSAGES", "LANG"]
                    .iter()
                    .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
                    .unwrap_or_default();
                if lang.starts_with("ja") {
                    ReportLanguage::Ja
                } else {
                    ReportLanguage::En
                }
            }
        },
    })
}

pub(super) fn report(mut args: Args, ws: Workspace) -> Result<(), Failure> {
    use tsunagu::kpi::report::{render_csv, render_html};
    let m = args.value("--month")?;
    let format = args
        .value("--format")?
        .ok_or_else(|| Failure::Usage("report needs --format pdf|html|csv".into()))?;
    let out_file = args
        .value("--out")?
        .ok_or_else(|| Failure::Usage("report needs --out FILE".into()))?;
    let language = args.value("--language")?;
    args.finish()?;
    let m = month(m, &ws)?;
    let language = language_of(language, &ws)?;
    let report = tsunagu::app::kpi::monthly_report(&ws, m, language)?;
    let bytes = match format.as_str() {
        "html" => render_html(&report).into_bytes(),
        "csv" => render_csv(&report).into_bytes(),
        "pdf" => tsunagu::kpi::pdf::render_pdf(&report)?,
        other => {
            return Err(Failure::Usage(format!(
                "--format takes pdf, html or csv (got '{other}')"
            )))
        }
    };
    std::fs::write(&out_file, bytes)
        .map_err(|e| Failure::Core(Error::io("write", &out_file, e)))?;
    out!("Wrote the {m} report to {out_file}.");
    Ok(())
}
