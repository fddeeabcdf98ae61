//! `tsunagu intake open|watch` and `tsunagu material list`: the phone page and the watched
//! folder from the command line (for scripts, a kiosk PC, and the tests).

use super::{to_json, Args, Failure};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tsunagu::ids::RowId;
use tsunagu::intake::{self, server::Options, session};
use tsunagu::Workspace;

/// `intake open [--minutes N] [--bind ADDR] [--port N] [--request ID] [--code-days N] [--json]`
/// and `intake watch DIR [--once] [--json]`.
pub(super) fn intake(mut args: Args, ws: Workspace) -> Result<(), Failure> {
    match args.positional().as_deref() {
        Some("open") => {
            let minutes = number(args.value("--minutes")?, "--minutes", 60)?;
            let port = number(args.value("--port")?, "--port", u32::from(intake::server::DEFAULT_PORT))?;
            let port = u16::try_from(port).map_err(|_| Failure::Usage("--port takes 0 to 65535".into()))?;
            let bind: IpAddr = match args.value("--bind")? {
                Some(b) => b.parse().map_err(|_| Failure::Usage(format!("--bind takes an IP address such as 192.168.1.20 (got '{b}')")))?,
                None => intake::server::local_addresses()[0],
            };
            let request = match args.value("--request")? {
                Some(r) => Some(RowId::parse(&r).ok_or_else(|| Failure::Usage(format!("'{r}' is not a request id")))?),
                None => None,
            };
            let code_days = args.value("--code-days")?.map(|d| number(Some(d), "--code-days", 0)).transpose()?;
            let json = args.flag("--json");
            args.finish()?;
            let door: Arc<Mutex<Workspace>> = Arc::new(Mutex::new(ws));
            let s = session::open(door, Options::minutes(bind, port, minutes), request, code_days)?;
            let status = s.status();
            if json {
                out!("{}", serde_json::to_string(&status).map_err(|e| Failure::Usage(e.to_string()))?);
            } else {
                out!("The phone page listens on {} until {} (Ctrl+C closes it).", status.address, status.closes_at);
                for c in &status.codes {
                    out!("  {:<24} {}", c.title, c.url);
                }
            }
            s.intake.wait();
            eprintln!("The intake closed.");
            Ok(())
        }
        Some("watch") => {
            let dir = PathBuf::from(args.positional().ok_or_else(|| Failure::Usage("give the folder: tsunagu intake watch DIR".into()))?);
            let once = args.flag("--once");
            let json = args.flag("--json");
            args.finish()?;
            let mut ws = ws;
            let dir = std::path::absolute(&dir).unwrap_or(dir);
            loop {
                let r = intake::folder::scan(&mut ws, &dir)?;
                if json {
                    out!("{}", serde_json::to_string(&r).map_err(|e| Failure::Usage(e.to_string()))?);
                } else if r.imported + r.problems > 0 || once {
                    out!("{} new, {} still being written, {} that cannot be kept", r.imported, r.waiting, r.problems);
                }
                if once {
                    return Ok(());
                }
                std::thread::sleep(std::time::Duration::from_secs(5));
            }
        }
        _ => Err(Failure::Usage("tsunagu intake open [--minutes N] [--bind ADDR] [--port N] [--request ID] [--json] | tsunagu intake watch DIR [--once]".into())),
    }
}

fn number(v: Option<String>, name: &str, default: u32) -> Result<u32, Failure> {
    match v {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| Failure::Usage(format!("{name} takes a whole number (got '{v}')"))),
    }
}

/// `material list [--json]`.
pub(super) fn material(mut args: Args, ws: Workspace) -> Result<(), Failure> {
    match args.positional().as_deref() {
        Some("list") => {
            let json = args.flag("--json");
            args.finish()?;
            let list = intake::listing(&ws)?;
            if json {
                out!("{}", to_json(&list)?);
            } else {
                for m in &list {
                    out!(
                        "{}  {:<12} {:<8} {:<12} {} photo(s)  {}",
                        m.created_at.get(..16).unwrap_or(&m.created_at),
                        m.person_name,
                        m.origin,
                        m.appearance.map(|a| a.as_str()).unwrap_or("-"),
                        m.photos.len(),
                        m.request_title.as_deref().unwrap_or("")
                    );
                }
            }
            Ok(())
        }
        _ => Err(Failure::Usage("tsunagu material list [--json]".into())),
    }
}
