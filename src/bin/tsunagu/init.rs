//! `tsunagu init DIR --name NAME [--time-zone ZONE] [--language ja|en]`: a company's own,
//! empty workspace from the command line (the first screen's 「自社のワークスペースを始める」).

use super::{Args, Failure};
use std::path::PathBuf;
use std::sync::Arc;
use tsunagu::clock::Clock;
use tsunagu::ids::RandomIds;
use tsunagu::model::Language;

/// Starts the workspace in the folder given (or `--workspace`) and says where it is.
pub(super) fn init(
    mut args: Args,
    explicit: Option<PathBuf>,
    clock: Arc<dyn Clock>,
) -> Result<(), Failure> {
    let dir = args
        .positional()
        .map(PathBuf::from)
        .or(explicit.clone())
        .ok_or_else(|| {
            Failure::Usage("init needs a folder: tsunagu init DIR --name NAME".into())
        })?;
    let name = args
        .value("--name")?
        .ok_or_else(|| Failure::Usage("init needs the company's name: --name NAME".into()))?;
    let time_zone = args.value("--time-zone")?;
    let language = match args.value("--language")? {
        None => Language::System,
        Some(l) => match l.as_str() {
            "ja" => Language::Ja,
            "en" => Language::En,
            _ => return Err(Failure::Usage("--language takes ja or en".into())),
        },
    };
    args.finish()?;
    let ws = tsunagu::app::start_own(
        &dir,
        clock,
        Arc::new(RandomIds),
        &name,
        time_zone.as_deref(),
        language,
    )?;
    let info = ws.info()?;
    out!(
        "A new workspace for {} is ready in {} (time zone {}): no people and no posts yet, \
         with the default guideline and templates. Open it with `tsunagu --workspace {} info` \
         or in the app.",
        info.name,
        dir.display(),
        info.time_zone,
        dir.display()
    );
    Ok(())
}
