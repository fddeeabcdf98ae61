//! `tsunagu settings …`: show or change the workspace settings from the command line.

use super::{to_json, Args, Failure};
use tsunagu::model::Language;
use tsunagu::settings::SettingsPatch;
use tsunagu::store::Source;
use tsunagu::Workspace;

/// `settings [--name NAME] [--time-zone ZONE] [--language system|ja|en] [--public-ranking on|off]
/// [--second-reviewer on|off] [--min-group-size N] [--assistant-cloud on|off] [--json]`.
pub(super) fn settings(mut args: Args, mut ws: Workspace) -> Result<(), Failure> {
    let json = args.flag("--json");
    let patch = SettingsPatch {
        name: args.value("--name")?,
        time_zone: args.value("--time-zone")?,
        language: match args.value("--language")? {
            Some(l) => Some(Language::parse(&l).ok_or_else(|| {
                Failure::Usage(format!("--language must be system, ja or en (got '{l}')"))
            })?),
            None => None,
        },
        public_ranking: on_off(args.value("--public-ranking")?, "--public-ranking")?,
        second_reviewer: on_off(args.value("--second-reviewer")?, "--second-reviewer")?,
        min_group_size: match args.value("--min-group-size")? {
            Some(n) => Some(n.parse().map_err(|_| {
                Failure::Usage(format!(
                    "--min-group-size must be a number of people (got '{n}')"
                ))
            })?),
            None => None,
        },
        assistant_cloud: on_off(args.value("--assistant-cloud")?, "--assistant-cloud")?,
    };
    args.finish()?;
    let s = ws.update_settings(Source::Cli, &patch)?;
    if json {
        out!("{}", to_json(&s)?);
    } else {
        out!(
            "Name:       {}\nTime zone:  {}\nLanguage:   {}\nRanking:    {}\nTwo reviewers: {}\nSmallest group shown: {} people\nAssistant may use a cloud endpoint: {}",
            s.name,
            s.time_zone,
            s.language,
            if s.public_ranking { "on" } else { "off" },
            if s.second_reviewer { "on" } else { "off" },
            s.min_group_size,
            if s.assistant_cloud { "on" } else { "off" }
        );
    }
    Ok(())
}

fn on_off(v: Option<String>, name: &str) -> Result<Option<bool>, Failure> {
    match v.as_deref() {
        None => Ok(None),
        Some("on") => Ok(Some(true)),
        Some("off") => Ok(Some(false)),
        Some(other) => Err(Failure::Usage(format!(
            "{name} must be on or off (got '{other}')"
        ))),
    }
}
