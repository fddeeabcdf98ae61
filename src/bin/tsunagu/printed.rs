//! `tsunagu digest …` and `tsunagu kit …`: the pages that carry the SNS work to the people
//! who never open the app (a department's manager, employees at the first briefing).

use super::{Args, Failure};
use tsunagu::clock::Week;
use tsunagu::{Error, Workspace};

fn write(out_file: &str, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(out_file, bytes).map_err(|e| Failure::Core(Error::io("write", out_file, e)))
}

/// `digest --department NAME [--week YYYY-Www] --format pdf|html --out FILE [--language ja|en]`:
/// the manager's weekly page; the week defaults to this one in the workspace's zone.
pub(super) fn digest(mut args: Args, ws: Workspace) -> Result<(), Failure> {
    let department = args
        .value("--department")?
        .ok_or_else(|| Failure::Usage("digest needs --department NAME".into()))?;
    let week = args.value("--week")?;
    let format = args
        .value("--format")?
        .ok_or_else(|| Failure::Usage("digest needs --format pdf|html".into()))?;
    let out_file = args
        .value("--out")?
        .ok_or_else(|| Failure::Usage("digest needs --out FILE".into()))?;
    let language = args.value("--language")?;
    args.finish()?;
    let week = match week {
        Some(w) => Week::parse(&w)?,
        None => {
            let tz = tsunagu::settings::validate_time_zone(&ws.settings()?.time_zone)?;
            Week::of(ws.clock().now().with_timezone(&tz).date_naive())
        }
    };
    let language = super::kpi_cmd::language_of(language, &ws)?;
    let digest = tsunagu::app::kpi::digest(&ws, &department, week, language)?;
    let bytes = match format.as_str() {
        "html" => tsunagu::kpi::digest::render_html(&digest).into_bytes(),
        "pdf" => tsunagu::kpi::digest::render_pdf(&digest)?,
        other => {
            return Err(Failure::Usage(format!(
                "--format takes pdf or html (got '{other}')"
            )))
        }
    };
    write(&out_file, &bytes)?;
    out!("Wrote the {week} digest of {department} to {out_file}.");
    Ok(())
}

/// `kit --format handout|slides --out FILE [--phone-page URL --request TITLE] [--language ja|en]`:
/// the briefing kit; the phone page's address is a request's code from `tsunagu intake open
/// --request ID` (never a personal code, which would let everyone send as that person).
pub(super) fn kit(mut args: Args, ws: Workspace) -> Result<(), Failure> {
    let format = args
        .value("--format")?
        .ok_or_else(|| Failure::Usage("kit needs --format handout|slides".into()))?;
    let out_file = args
        .value("--out")?
        .ok_or_else(|| Failure::Usage("kit needs --out FILE".into()))?;
    let url = args.value("--phone-page")?;
    let request = args.value("--request")?;
    let language = args.value("--language")?;
    args.finish()?;
    let phone = match (url, request) {
        (Some(url), Some(request)) => Some(tsunagu::briefing::PhonePage { url, request }),
        (None, None) => None,
        _ => return Err(Failure::Usage(
            "--phone-page and --request go together: the code's address and the request it answers"
                .into(),
        )),
    };
    let language = super::kpi_cmd::language_of(language, &ws)?;
    let kit = tsunagu::app::briefing::kit(&ws, language, phone)?;
    let bytes = match format.as_str() {
        "handout" => tsunagu::briefing::handout(&kit)?,
        "slides" => tsunagu::briefing::slides(&kit)?,
        other => {
            return Err(Failure::Usage(format!(
                "--format takes handout or slides (got '{other}')"
            )))
        }
    };
    write(&out_file, &bytes)?;
    out!("Wrote the briefing kit ({format}) to {out_file}.");
    Ok(())
}
