//! The `tsunagu` command line: the same core as the app, for scripts, CI and power users.
//!
//! Arguments are parsed by hand: the grammar is small, and keeping clap out keeps the build
//! lean. Errors go to stderr with a non-zero exit code (2 for usage, 1 for everything else).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use tsunagu::calendar::YearMonth;
use tsunagu::clock::{Clock, FixedClock, SystemClock};
use tsunagu::ids::RandomIds;
use tsunagu::model::Platform;
use tsunagu::workspace::{restore_newest_backup, InitOptions};
use tsunagu::{Error, Workspace};

/// Prints a line to stdout; a closed pipe (`| head`) ends output quietly instead of panicking.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($t)*);
    }};
}

#[path = "tsunagu/guideline.rs"]
mod guideline_cmd;
#[path = "tsunagu/help.rs"]
mod help;
use help::HELP;
#[path = "tsunagu/init.rs"]
mod init_cmd;
#[path = "tsunagu/intake.rs"]
mod intake_cmd;
#[path = "tsunagu/kpi.rs"]
mod kpi_cmd;
#[path = "tsunagu/platforms.rs"]
mod platforms_cmd;
#[path = "tsunagu/posts.rs"]
mod posts_cmd;
#[path = "tsunagu/printed.rs"]
mod printed_cmd;
#[path = "tsunagu/publish.rs"]
mod publish_cmd;
#[path = "tsunagu/roster.rs"]
mod roster_cmd;
#[path = "tsunagu/settings.rs"]
mod settings_cmd;
#[path = "tsunagu/team.rs"]
mod team_cmd;

enum Failure {
    Usage(String),
    Core(Error),
    /// `lint` found this many blocking findings (already printed).
    Blocked(usize),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Core(e)
    }
}

struct Args {
    items: Vec<String>,
}

impl Args {
    /// Removes `--name VALUE` (or `--name=VALUE`) and returns the value.
    fn value(&mut self, name: &str) -> Result<Option<String>, Failure> {
        let prefix = format!("{name}=");
        if let Some(i) = self.items.iter().position(|a| a == name) {
            if i + 1 >= self.items.len() {
                return Err(Failure::Usage(format!("{name} needs a value")));
            }
            let v = self.items.remove(i + 1);
            self.items.remove(i);
            return Ok(Some(v));
        }
        if let Some(i) = self.items.iter().position(|a| a.starts_with(&prefix)) {
            let v = self.items.remove(i)[prefix.len()..].to_string();
            return Ok(Some(v));
        }
        Ok(None)
    }

    fn flag(&mut self, name: &str) -> bool {
        if let Some(i) = self.items.iter().position(|a| a == name) {
            self.items.remove(i);
            true
        } else {
            false
        }
    }

    fn positional(&mut self) -> Option<String> {
        let i = self.items.iter().position(|a| !a.starts_with("--"))?;
        Some(self.items.remove(i))
    }

    fn finish(self) -> Result<(), Failure> {
        match self.items.first() {
            Some(extra) => Err(Failure::Usage(format!("unexpected argument '{extra}'"))),
            None => Ok(()),
        }
    }
}

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(msg)) => {
            eprintln!("error: {msg}\n\nRun `tsunagu --help` for usage.");
            ExitCode::from(2)
        }
        Err(Failure::Core(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
        Err(Failure::Blocked(n)) => {
            eprintln!("{n} finding(s) block this text; fix them before submitting.");
            ExitCode::from(1)
        }
    }
}

fn run(items: Vec<String>) -> Result<(), Failure> {
    let mut args = Args { items };
    if args.flag("--help") || args.flag("-h") {
        out!("{}", HELP.trim_end());
        return Ok(());
    }
    let explicit = args.value("--workspace")?.map(PathBuf::from);
    let command = args.positional().unwrap_or_else(|| "help".into());
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let workspace_dir = || {
        tsunagu::paths::resolve_workspace(explicit.clone()).ok_or_else(|| {
            Failure::Usage(
                "no workspace folder: pass --workspace DIR or set TSUNAGU_WORKSPACE".into(),
            )
        })
    };
    let open = |clock: Arc<dyn Clock>| -> Result<Workspace, Failure> {
        let dir = workspace_dir()?;
        if !Workspace::exists(&dir) {
            return Err(Failure::Core(Error::invalid(
                "workspace",
                format!(
                    "{} holds no Tsunagu workspace. Run `tsunagu demo {}` for a demo, or open the app once.",
                    dir.display(),
                    dir.display()
                ),
            )));
        }
        let ws = Workspace::open(&dir, clock, Arc::new(RandomIds), &InitOptions::default())?;
        if let Some(why) = ws.backup_warning() {
            eprintln!("warning: today's automatic backup could not be written ({why}). The workspace opened as usual; free some disk space or run `tsunagu backup` later.");
        }
        Ok(ws)
    };
    match command.as_str() {
        "help" => {
            args.finish()?;
            out!("{}", HELP.trim_end());
        }
        "demo" => {
            let dir = args
                .positional()
                .map(PathBuf::from)
                .or(explicit.clone())
                .ok_or_else(|| Failure::Usage("demo needs a folder: tsunagu demo DIR".into()))?;
            let posts = parse_num(
                args.value("--posts")?,
                "--posts",
                tsunagu::demo::DEFAULT_POSTS,
            )?;
            let seed = parse_num(args.value("--seed")?, "--seed", 1)?;
            let people = parse_num(args.value("--people")?, "--people", 27)?;
            let fixture = args.flag("--fixture");
            if people > 100_000 {
                return Err(Failure::Usage("--people takes at most 100000".into()));
            }
            let clock: Arc<dyn Clock> = match args.value("--today")? {
                Some(day) => Arc::new(FixedClock::new(parse_today(&day)?)),
                None => clock,
            };
            args.finish()?;
            let ws = tsunagu::demo::build(
                &dir,
                clock,
                tsunagu::demo::DemoOptions {
                    posts,
                    seed,
                    people,
                    as_demo: !fixture,
                    ..Default::default()
                },
            )?;
            let info = ws.info()?;
            out!(
                "Demo workspace ready in {}: {} people, {} posts.",
                dir.display(),
                info.people,
                info.posts
            );
        }
        "init" => init_cmd::init(args, explicit.clone(), clock)?,
        "info" => {
            let json = args.flag("--json");
            args.finish()?;
            let info = open(clock)?.info()?;
            if json {
                out!("{}", to_json(&info)?);
            } else {
                out!("Workspace:  {} ({})", info.name, info.path);
                out!("Time zone:  {}", info.time_zone);
                out!("People:     {}", info.people);
                out!("Posts:      {}", info.posts);
                out!("Schema:     {}", info.schema_version);
            }
        }
        "calendar" => {
            let json = args.flag("--json");
            let month = args
                .value("--month")?
                .ok_or_else(|| Failure::Usage("calendar needs --month YYYY-MM".into()))?;
            args.finish()?;
            let month = YearMonth::parse(&month)?;
            let view = tsunagu::app::calendar::month_view(&open(clock)?, month)?;
            if json {
                out!("{}", to_json(&view)?);
            } else {
                out!(
                    "{} ({}) — {} posts",
                    view.month,
                    view.time_zone,
                    view.posts.len()
                );
                for t in &view.themes {
                    out!("theme: {}", t.title);
                }
                for r in &view.requests {
                    out!(
                        "request due {}: {} ({}/{} answered)",
                        r.due_on,
                        r.title,
                        r.answered,
                        r.asked
                    );
                }
                for p in &view.posts {
                    let platforms: Vec<&str> = p.platforms.iter().map(|p| p.as_str()).collect();
                    out!(
                        "{}  {:<17}  {:<28}  {}",
                        p.local_time
                            .replace('T', " ")
                            .get(..16)
                            .unwrap_or(&p.local_time),
                        p.status.as_str(),
                        platforms.join(","),
                        p.title
                    );
                }
            }
        }
        "settings" => settings_cmd::settings(args, open(clock)?)?,
        "count" => {
            let json = args.flag("--json");
            let name = args
                .value("--platform")?
                .ok_or_else(|| Failure::Usage("count needs --platform P".into()))?;
            args.finish()?;
            let platform = Platform::parse(&name).ok_or_else(|| {
                let all: Vec<&str> = Platform::ALL.iter().map(|p| p.as_str()).collect();
                Failure::Usage(format!(
                    "unknown platform '{name}'; use one of {}",
                    all.join(", ")
                ))
            })?;
            let mut raw = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut raw)
                .map_err(|e| Failure::Core(Error::io("read", "standard input", e)))?;
            let text = String::from_utf8(raw).map_err(|e| {
                Failure::Core(Error::invalid(
                    "stdin",
                    format!(
                        "the text is not valid UTF-8 (first bad byte at offset {}); save it as UTF-8 and try again",
                        e.utf8_error().valid_up_to()
                    ),
                ))
            })?;
            // A trailing newline from `echo` or an editor is not part of the post.
            let text = text.strip_suffix('\n').unwrap_or(&text);
            let text = text.strip_suffix('\r').unwrap_or(text);
            let c = tsunagu::counting::count(platform, text);
            if json {
                out!("{}", to_json(&c)?);
            } else {
                let verdict = match (&c.problem, &c.over_from) {
                    (Some(p), _) => p.clone(),
                    (None, Some(at)) => {
                        format!("over the limit from character {} on", at.utf16 + 1)
                    }
                    (None, None) => "fits".into(),
                };
                out!(
                    "{}: {}/{} ({:?}) — {verdict}",
                    c.platform,
                    c.length,
                    c.limit,
                    c.unit
                );
                for m in &c.also {
                    out!("  {:?}: {}/{}", m.unit, m.length, m.limit);
                }
                if platform == Platform::X {
                    let cost = tsunagu::platforms::x_cost::post_cost(text, 0);
                    out!(
                        "  cost: ${:.3} per post{} (X's pay-per-use prices of {}, assets/x_prices.json)",
                        cost.usd,
                        if cost.with_link { ", with a link" } else { "" },
                        cost.prices_as_of
                    );
                }
            }
        }
        "export" => {
            let what = args.positional().unwrap_or_default();
            if what != "ics" {
                return Err(Failure::Usage(
                    "export knows one format: tsunagu export ics".into(),
                ));
            }
            let range = tsunagu::ics::IcsRange {
                from: args
                    .value("--from")?
                    .map(|d| parse_date(&d, "--from"))
                    .transpose()?,
                to: args
                    .value("--to")?
                    .map(|d| parse_date(&d, "--to"))
                    .transpose()?,
            };
            let out_file = args.value("--out")?.map(PathBuf::from);
            args.finish()?;
            let ics = tsunagu::app::calendar::export_ics(&open(clock)?, range)?;
            match out_file {
                Some(path) => {
                    write_atomically(&path, ics.as_bytes())?;
                    eprintln!(
                        "Wrote {} events to {}",
                        ics.matches("BEGIN:VEVENT").count(),
                        path.display()
                    );
                }
                None => {
                    use std::io::Write as _;
                    let _ = std::io::stdout().lock().write_all(ics.as_bytes());
                }
            }
        }
        "roster" => roster_cmd::roster(args, open(clock)?)?,
        "lint" => guideline_cmd::lint(args, &open(clock)?)?,
        "guideline" => guideline_cmd::guideline(args, open(clock)?)?,
        "account" => publish_cmd::account(args, open(clock)?)?,
        "post" => publish_cmd::post(args, open(clock)?)?,
        "posts" => posts_cmd::posts(args, open(clock)?)?,
        "intake" => intake_cmd::intake(args, open(clock)?)?,
        "material" => intake_cmd::material(args, open(clock)?)?,
        "review" => publish_cmd::review(args, open(clock)?)?,
        "whoami" => publish_cmd::whoami(args, open(clock)?)?,
        "publish-due" => publish_cmd::publish_due(args, open(clock)?)?,
        "tick" => publish_cmd::tick(args, open(clock)?)?,
        "metrics" => publish_cmd::metrics(args, open(clock)?)?,
        "media-host" => platforms_cmd::media_host(args, open(clock)?)?,
        "blocked" => platforms_cmd::blocked(args, open(clock)?)?,
        "kpi" => kpi_cmd::kpi(args, open(clock)?)?,
        "team" => {
            if args
                .items
                .iter()
                .find(|a| !a.starts_with("--"))
                .map(String::as_str)
                == Some("join")
            {
                let _ = args.positional();
                team_cmd::join(args, workspace_dir()?, clock)?;
            } else {
                team_cmd::team(args, || open(clock.clone()))?;
            }
        }
        "sync" => team_cmd::sync(args, open(clock)?)?,
        "purpose" => kpi_cmd::purpose(args, open(clock)?)?,
        "temperature" => kpi_cmd::temperature(args, open(clock)?)?,
        "report" => kpi_cmd::report(args, open(clock)?)?,
        "digest" => printed_cmd::digest(args, open(clock)?)?,
        "kit" => printed_cmd::kit(args, open(clock)?)?,
        "backup" => {
            args.finish()?;
            let path = open(clock)?.backup_now()?;
            out!("Backup written to {}", path.display());
        }
        "restore" => {
            args.finish()?;
            let dir = workspace_dir()?;
            let used = restore_newest_backup(&dir, clock.as_ref())?;
            out!(
                "Restored {} from {}. The damaged file was kept beside it with a .damaged- suffix.",
                dir.display(),
                used.display()
            );
        }
        other => return Err(Failure::Usage(format!("unknown command '{other}'"))),
    }
    Ok(())
}

fn parse_num(v: Option<String>, name: &str, default: u64) -> Result<u64, Failure> {
    match v {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| Failure::Usage(format!("{name} takes a whole number (got '{v}')"))),
    }
}

fn parse_date(day: &str, name: &str) -> Result<chrono::NaiveDate, Failure> {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| {
        Failure::Usage(format!(
            "{name} takes a date as YYYY-MM-DD, for example 2026-04-01 (got '{day}')"
        ))
    })
}

/// Writes `bytes` to a temporary file beside `path`, then renames it, so an interrupted
/// export never leaves half a file where a calendar client might read it.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), Failure> {
    let tmp = path.with_extension("partial");
    std::fs::write(&tmp, bytes).map_err(|e| Failure::Core(Error::io("write", &tmp, e)))?;
    std::fs::rename(&tmp, path).map_err(|e| Failure::Core(Error::io("write", path, e)))
}

fn parse_today(day: &str) -> Result<chrono::DateTime<chrono::Utc>, Failure> {
    let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map_err(|_| Failure::Usage(format!("--today takes YYYY-MM-DD (got '{day}')")))?;
    Ok(date.and_hms_opt(3, 0, 0).unwrap_or_default().and_utc())
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(v)
        .map_err(|e| Failure::Core(Error::invalid("json", e.to_string())))
}
