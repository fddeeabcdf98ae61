//! `tsunagu guideline …` and `tsunagu lint …`: the guideline from scripts and CI.

use super::{to_json, write_atomically, Args, Failure};
use tsunagu::guideline::{csv, LintContext};
use tsunagu::model::{Language, Platform};
use tsunagu::store::Source;
use tsunagu::{Error, Workspace};

/// One finding as `lint --json` prints it (offsets in UTF-8 bytes).
#[derive(serde::Serialize)]
struct Line<'a> {
    rule: &'a str,
    severity: &'a str,
    start: u32,
    end: u32,
    message: &'a str,
}

/// Japanese unless the workspace (or, when it follows the system, `LANG`) says English.
fn japanese(ws: &Workspace) -> Result<bool, Failure> {
    Ok(match ws.settings()?.language {
        Language::Ja => true,
        Language::En => false,
        Language::System => !std::env::var("LANG").unwrap_or_default().starts_with("en"),
    })
}

fn read_input(file: &str) -> Result<String, Failure> {
    let raw = if file == "-" {
        let mut raw = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut raw)
            .map_err(|e| Failure::Core(Error::io("read", "standard input", e)))?;
        raw
    } else {
        std::fs::read(file).map_err(|e| Failure::Core(Error::io("read", file, e)))?
    };
    let text = String::from_utf8(raw).map_err(|e| {
        Failure::Core(Error::invalid(
            "file",
            format!(
                "the text is not valid UTF-8 (first bad byte at offset {}); save it as UTF-8 and try again",
                e.utf8_error().valid_up_to()
            ),
        ))
    })?;
    let text = text.strip_suffix('\n').unwrap_or(&text);
    Ok(text.strip_suffix('\r').unwrap_or(text).to_string())
}

/// `lint [--platform P] [--json] FILE`: exits 1 when any finding blocks.
pub(super) fn lint(mut args: Args, ws: &Workspace) -> Result<(), Failure> {
    let json = args.flag("--json");
    let platform = match args.value("--platform")? {
        None => None,
        Some(name) => Some(Platform::parse(&name).ok_or_else(|| {
            let all: Vec<&str> = Platform::ALL.iter().map(|p| p.as_str()).collect();
            Failure::Usage(format!(
                "unknown platform '{name}'; use one of {}",
                all.join(", ")
            ))
        })?),
    };
    let file = args
        .positional()
        .ok_or_else(|| Failure::Usage("lint needs a file, or - for standard input".into()))?;
    args.finish()?;
    let text = read_input(&file)?;
    let linter = ws.linter()?;
    let ctx = LintContext {
        platforms: platform.into_iter().collect(),
        ..Default::default()
    };
    let findings = linter.lint(&text, &ctx);
    let ja = japanese(ws)?;
    let message = |f: &tsunagu::guideline::Finding| {
        if ja {
            f.message_ja.clone()
        } else {
            f.message.clone()
        }
    };
    if json {
        let lines: Vec<Line> = findings
            .iter()
            .map(|f| Line {
                rule: &f.rule,
                severity: f.severity.as_str(),
                start: f.start,
                end: f.end,
                message: if ja { &f.message_ja } else { &f.message },
            })
            .collect();
        out!("{}", to_json(&lines)?);
    } else if findings.is_empty() {
        out!("No findings (guideline version {}).", linter.version());
    } else {
        for f in &findings {
            out!(
                "{}-{}  {:<5}  {:<20}  {}",
                f.start,
                f.end,
                f.severity.as_str(),
                f.rule,
                message(f)
            );
        }
    }
    let blocking = findings.iter().filter(|f| f.blocks()).count();
    if blocking > 0 {
        return Err(Failure::Blocked(blocking));
    }
    Ok(())
}

/// `guideline import FILE.csv | export [--out FILE] | publish`.
pub(super) fn guideline(mut args: Args, mut ws: Workspace) -> Result<(), Failure> {
    let what = args.positional().unwrap_or_default();
    match what.as_str() {
        "import" => {
            let file = args.positional().ok_or_else(|| {
                Failure::Usage(
                    "guideline import needs a file: tsunagu guideline import FILE.csv".into(),
                )
            })?;
            args.finish()?;
            let bytes =
                std::fs::read(&file).map_err(|e| Failure::Core(Error::io("read", &file, e)))?;
            let terms = match csv::parse_terms(&bytes)? {
                Ok(t) => t,
                Err(errors) => return Err(Failure::Core(csv::rejected(&errors))),
            };
            let mut draft = tsunagu::app::guideline::draft(&ws)?;
            let count = terms.len();
            draft.rules.terms = terms;
            let saved = tsunagu::app::guideline::save_draft(
                &mut ws,
                Source::Import,
                &draft.title,
                &draft.rules,
            )?;
            out!(
                "Imported {count} terms into the draft of version {}. Publish it with `tsunagu guideline publish`.",
                saved.version
            );
        }
        "export" => {
            let path = args.value("--out")?;
            args.finish()?;
            let terms = ws.linter()?.rules().terms.clone();
            let text = csv::write_terms(&terms);
            match path {
                Some(p) => write_atomically(std::path::Path::new(&p), text.as_bytes())?,
                None => {
                    use std::io::Write as _;
                    let _ = std::io::stdout().lock().write_all(text.as_bytes());
                }
            }
        }
        "publish" => {
            args.finish()?;
            let v = tsunagu::app::guideline::publish(&mut ws, Source::Cli)?;
            out!("Published version {}: {}.", v.version, v.title);
        }
        _ => {
            return Err(Failure::Usage(
                "guideline takes import FILE.csv, export [--out FILE] or publish".into(),
            ))
        }
    }
    Ok(())
}
