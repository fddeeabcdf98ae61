//! `tsunagu post delete|restore|deleted` and `tsunagu posts import|export`: removing posts
//! (with the choice a published post needs) and a month's plan to and from a spreadsheet.

use super::{to_json, Args, Failure};
use tsunagu::ids::PostId;
use tsunagu::posts::delete::DeletionKind;
use tsunagu::secrets::Keychain;
use tsunagu::store::Source;
use tsunagu::Workspace;

fn post_id(v: Option<String>) -> Result<PostId, Failure> {
    let v = v.ok_or_else(|| Failure::Usage("give the post id".into()))?;
    PostId::parse(&v).ok_or_else(|| Failure::Usage(format!("'{v}' is not a post id")))
}

/// `post delete ID [--take-down | --keep-online]`, `post restore ID`, `post deleted [--json]`.
pub(super) fn post(what: &str, mut args: Args, mut ws: Workspace) -> Result<(), Failure> {
    match what {
        "delete" => {
            let id = post_id(args.positional())?;
            let take_down = args.flag("--take-down");
            let keep_online = args.flag("--keep-online");
            args.finish()?;
            let choice = match (take_down, keep_online) {
                (true, true) => {
                    return Err(Failure::Usage(
                        "choose one: --take-down deletes it from the platforms too, --keep-online leaves it there".into(),
                    ))
                }
                (true, false) => Some(DeletionKind::TakeDown),
                (false, true) => Some(DeletionKind::RemoveOnly),
                (false, false) => None,
            };
            let d = tsunagu::app::deleting::delete_post(
                &mut ws,
                Source::Cli,
                None,
                &Keychain::new(),
                id,
                choice,
            )?;
            out!(
                "Deleted \"{}\" ({}). `tsunagu post restore {}` brings it back until {}.",
                d.title,
                d.kind.as_str(),
                d.post,
                d.undo_until
            );
        }
        "restore" => {
            let id = post_id(args.positional())?;
            args.finish()?;
            let d = tsunagu::app::deleting::restore_post(&mut ws, Source::Cli, None, id)?;
            out!("Restored \"{}\".", d.title);
        }
        "deleted" => {
            let json = args.flag("--json");
            args.finish()?;
            let list = tsunagu::app::deleting::deleted_posts(&ws)?;
            if json {
                out!("{}", to_json(&list)?);
            } else {
                for d in list {
                    out!(
                        "{}  {:<12} {}  {}",
                        d.post,
                        d.kind.as_str(),
                        d.deleted_at,
                        d.title
                    );
                }
            }
        }
        _ => unreachable!("only called for delete, restore and deleted"),
    }
    Ok(())
}

/// `posts import FILE [--dry-run] [--json]` | `posts export [--from DATE] [--to DATE] --out FILE`.
pub(super) fn posts(mut args: Args, mut ws: Workspace) -> Result<(), Failure> {
    let what = args.positional().unwrap_or_default();
    match what.as_str() {
        "import" => {
            let file = args
                .positional()
                .ok_or_else(|| Failure::Usage("posts import needs FILE (.xlsx or .csv)".into()))?;
            let dry_run = args.flag("--dry-run");
            let json = args.flag("--json");
            args.finish()?;
            let bytes = std::fs::read(&file)
                .map_err(|e| Failure::Core(tsunagu::Error::io("read", &file, e)))?;
            let r = tsunagu::app::spreadsheet::import_posts(
                &mut ws,
                None,
                &bytes,
                dry_run,
                &tsunagu::progress::Progress::none(),
            )?;
            if json {
                out!("{}", to_json(&r)?);
            } else if !r.errors.is_empty() {
                for e in &r.errors {
                    out!("row {} {}: {}", e.row, e.column, e.problem);
                }
            } else {
                for p in &r.planned {
                    out!(
                        "row {}  {}  {}  {}",
                        p.row,
                        p.local_time.replace('T', " "),
                        p.accounts.join("、"),
                        p.title
                    );
                }
                out!(
                    "{} {} drafts from {} rows ({}).",
                    if dry_run { "Would create" } else { "Created" },
                    r.created,
                    r.rows,
                    r.encoding
                );
            }
            if !r.errors.is_empty() {
                return Err(Failure::Usage(format!(
                    "{} problem(s); nothing was imported",
                    r.errors.len()
                )));
            }
        }
        "export" => {
            let date = |v: Option<String>| -> Result<Option<chrono::NaiveDate>, Failure> {
                v.map(|v| {
                    chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d")
                        .map_err(|_| Failure::Usage(format!("'{v}' is not a date (YYYY-MM-DD)")))
                })
                .transpose()
            };
            let from = date(args.value("--from")?)?;
            let to = date(args.value("--to")?)?;
            let out = args
                .value("--out")?
                .ok_or_else(|| Failure::Usage("posts export needs --out FILE".into()))?;
            args.finish()?;
            let csv = tsunagu::app::spreadsheet::export_posts(&ws, from, to)?;
            std::fs::write(&out, csv.as_bytes())
                .map_err(|e| Failure::Core(tsunagu::Error::io("write", &out, e)))?;
            out!("Wrote {out}.");
        }
        _ => return Err(Failure::Usage("posts takes import or export".into())),
    }
    Ok(())
}
