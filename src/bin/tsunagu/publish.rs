//! `tsunagu account …`, `post …`, `review approve …` and `publish-due`: the app's publishing
//! verbs for scripts and headless runners (cron, systemd timers). Secrets go to the OS
//! keychain; an app password is read from standard input, never from an argument.

use super::{to_json, Args, Failure};
use tsunagu::ids::PostId;
use tsunagu::model::Platform;
use tsunagu::posts::DraftInput;
use tsunagu::secrets::{Keychain, SecretStore};
use tsunagu::store::Source;
use tsunagu::{Error, Workspace};

fn post_id(v: Option<String>) -> Result<PostId, Failure> {
    let v = v.ok_or_else(|| Failure::Usage("give the post id".into()))?;
    PostId::parse(&v).ok_or_else(|| Failure::Usage(format!("'{v}' is not a post id")))
}

/// `account add bluesky --service URL --handle H` (app password on stdin) |
/// `account add mastodon --instance URL` (access token on stdin) | `account list [--json]`.
pub(super) fn account(mut args: Args, mut ws: Workspace) -> Result<(), Failure> {
    let what = args.positional().unwrap_or_default();
    match what.as_str() {
        "add" => {
            let platform = args.positional().unwrap_or_default();
            let mut secret = String::new();
            let read_secret = |secret: &mut String| {
                std::io::stdin()
                    .read_line(secret)
                    .map_err(|e| Failure::Core(Error::io("read", "standard input", e)))
            };
            let a = match platform.as_str() {
                "bluesky" => {
                    let service = args
                        .value("--service")?
                        .unwrap_or_else(|| "https://bsky.social".into());
                    let handle = args
                        .value("--handle")?
                        .ok_or_else(|| Failure::Usage("account add bluesky needs --handle H".into()))?;
                    args.finish()?;
                    read_secret(&mut secret)?;
                    tsunagu::app::accounts::connect_bluesky(&mut ws, Source::Cli, &Keychain::new(), &service, &handle, secret.trim())?
                }
                "mastodon" => {
                    let instance = args.value("--instance")?.ok_or_else(|| {
                        Failure::Usage("account add mastodon needs --instance URL".into())
                    })?;
                    args.finish()?;
                    read_secret(&mut secret)?;
                    tsunagu::app::accounts::connect_mastodon_token(&mut ws, Source::Cli, &Keychain::new(), &instance, secret.trim())?
                }
                "linkedin" | "facebook" | "instagram" | "threads" => {
                    super::platforms_cmd::add_token(&platform, args, &mut ws)?
                }
                _ => {
                    return Err(Failure::Usage(
                        "account add takes bluesky (--service URL --handle H, app password on stdin), mastodon (--instance URL, access token on stdin), or linkedin, facebook, instagram or threads (token on stdin)".into(),
                    ))
                }
            };
            out!(
                "Connected {} on {} ({}) as account {}.",
                a.handle,
                a.platform.as_str(),
                a.remote_id.unwrap_or_default(),
                a.id
            );
        }
        "list" => {
            let json = args.flag("--json");
            args.finish()?;
            let accounts = tsunagu::app::accounts::accounts(&ws)?;
            if json {
                out!("{}", to_json(&accounts)?);
            } else {
                for a in accounts {
                    out!(
                        "{}  {:<9} {:<30} {:<12} {}{}",
                        a.id,
                        a.platform.as_str(),
                        a.handle,
                        a.state,
                        a.display_name,
                        if a.is_default { " (default)" } else { "" }
                    );
                }
            }
        }
        "connect" => super::platforms_cmd::connect(args, &mut ws)?,
        "set" => super::platforms_cmd::set(args, &mut ws)?,
        _ => {
            return Err(Failure::Usage(
                "account takes add, connect, list or set".into(),
            ))
        }
    }
    Ok(())
}

/// `post create --platform P --at RFC3339 --text-file F [--image FILE [--alt T] [--person NAME]…]`
/// | `post show POST_ID [--json]`.
pub(super) fn post(mut args: Args, mut ws: Workspace) -> Result<(), Failure> {
    let what = args.positional().unwrap_or_default();
    match what.as_str() {
        "create" => {
            let mut platforms = Vec::new();
            while let Some(p) = args.value("--platform")? {
                platforms.push(
                    Platform::parse(&p)
                        .ok_or_else(|| Failure::Usage(format!("unknown platform '{p}'")))?,
                );
            }
            let accounts = super::platforms_cmd::account_ids(&mut args, &ws)?;
            platforms.extend(accounts.iter().map(|a| a.platform));
            let at = args
                .value("--at")?
                .ok_or_else(|| Failure::Usage("post create needs --at RFC3339".into()))?;
            let file = args
                .value("--text-file")?
                .ok_or_else(|| Failure::Usage("post create needs --text-file F".into()))?;
            let title = args.value("--title")?;
            let image = args.value("--image")?;
            let alt = args.value("--alt")?;
            let mut people = Vec::new();
            while let Some(name) = args.value("--person")? {
                people.push(name);
            }
            args.finish()?;
            if image.is_none() && (alt.is_some() || !people.is_empty()) {
                return Err(Failure::Usage(
                    "--alt and --person describe an --image FILE; add one".into(),
                ));
            }
            // Everyone named must be on the roster, before anything is written.
            let roster = tsunagu::app::people::people(&ws)?;
            let mut shown = Vec::new();
            for name in &people {
                let found = roster.iter().find(|p| p.name == *name).ok_or_else(|| {
                    Failure::Usage(format!(
                        "'{name}' is not on the roster; use the name exactly as the People screen shows it"
                    ))
                })?;
                shown.push(found.id);
            }
            if platforms.is_empty() {
                return Err(Failure::Usage(
                    "post create needs at least one --platform or --account".into(),
                ));
            }
            let when = chrono::DateTime::parse_from_rfc3339(&at).map_err(|_| {
                Failure::Usage(format!(
                    "--at takes an RFC 3339 time such as 2026-12-01T09:00:00+09:00 (got '{at}')"
                ))
            })?;
            let body = std::fs::read_to_string(&file)
                .map_err(|e| Failure::Core(Error::io("read", &file, e)))?;
            let local = when
                .with_timezone(&ws.time_zone()?)
                .format("%Y-%m-%dT%H:%M")
                .to_string();
            let title = title
                .unwrap_or_else(|| body.lines().next().unwrap_or("").chars().take(40).collect());
            let post = ws.create_post_at(Source::Cli, None, &title, &local, &platforms)?;
            let d = ws.post(post.id)?;
            ws.save_draft(
                Source::Cli,
                None,
                post.id,
                &DraftInput {
                    title: d.title,
                    body: body.trim_end().to_string(),
                    variants: d.variants,
                    theme_id: d.theme_id,
                    accounts: Some(accounts.iter().map(|a| a.id).collect()),
                },
            )?;
            if let Some(image) = image {
                let m = tsunagu::app::media::attach_image_file(
                    &mut ws,
                    Source::Cli,
                    None,
                    post.id,
                    std::path::Path::new(&image),
                )?;
                tsunagu::app::media::update_media(
                    &mut ws,
                    Source::Cli,
                    None,
                    m.id,
                    &tsunagu::media::MediaPatch {
                        alt_text: alt,
                        faces_visible: None,
                        people: Some(shown),
                    },
                )?;
            }
            out!("{}", post.id);
        }
        "edit" => {
            let file = args
                .value("--text-file")?
                .ok_or_else(|| Failure::Usage("post edit needs --text-file F".into()))?;
            let title = args.value("--title")?;
            let id = post_id(args.positional())?;
            args.finish()?;
            let body = std::fs::read_to_string(&file)
                .map_err(|e| Failure::Core(Error::io("read", &file, e)))?;
            let d = ws.post(id)?;
            let input = tsunagu::posts::DraftInput {
                title: title.unwrap_or(d.title),
                body: body.trim_end().to_string(),
                variants: d.variants,
                theme_id: d.theme_id,
                accounts: None,
            };
            let saved = ws.save_draft(Source::Cli, None, id, &input)?;
            out!("{}  {}  {}", saved.id, saved.status.as_str(), saved.title);
        }
        "show" => {
            let id = post_id(args.positional())?;
            let json = args.flag("--json");
            args.finish()?;
            let p = ws.post(id)?;
            let jobs = tsunagu::app::outbox::post_jobs(&ws, id)?;
            if json {
                out!(
                    "{}",
                    to_json(
                        &serde_json::json!({ "id": p.id, "title": p.title, "status": p.status, "proof": tsunagu::publish::outbox::proof(&jobs), "local_time": p.local_time, "jobs": jobs, "metrics": tsunagu::app::outbox::post_metrics(&ws, id)? })
                    )?
                );
            } else {
                out!("{}  {}  {}", p.id, p.status.as_str(), p.title);
                for j in jobs {
                    // A published job says whether it was read back from the platform.
                    let state = match (j.state, j.by_hand, &j.verified_at) {
                        (tsunagu::publish::JobState::Published, true, _) => "by_hand".to_string(),
                        (tsunagu::publish::JobState::Published, false, Some(_)) => {
                            "verified".to_string()
                        }
                        (tsunagu::publish::JobState::Published, false, None) => {
                            "unverified".to_string()
                        }
                        (s, ..) => s.to_string(),
                    };
                    out!(
                        "  {:<9} {:<10} {}",
                        j.platform.as_str(),
                        state,
                        j.remote_url
                            .or(j.remote_id)
                            .or(j.last_error)
                            .unwrap_or_default()
                    );
                }
            }
        }
        "delete" | "restore" | "deleted" => super::posts_cmd::post(&what, args, ws)?,
        _ => {
            return Err(Failure::Usage(
                "post takes create, edit, show, delete, restore or deleted".into(),
            ))
        }
    }
    Ok(())
}

/// `review submit POST_ID` | `review approve POST_ID --confirm-checklist`.
pub(super) fn review(mut args: Args, mut ws: Workspace) -> Result<(), Failure> {
    let what = args.positional().unwrap_or_default();
    let id = post_id(args.positional())?;
    match what.as_str() {
        "submit" => {
            args.finish()?;
            tsunagu::app::review::submit_for_review(&mut ws, id)?;
            out!("Submitted {id} for review.");
        }
        "approve" => {
            let confirmed = args.flag("--confirm-checklist");
            args.finish()?;
            if !confirmed {
                return Err(Failure::Usage(
                    "approving needs --confirm-checklist: you confirm every item of the guideline's checklist".into(),
                ));
            }
            let ticks: Vec<String> = ws
                .linter()?
                .rules()
                .checklist
                .iter()
                .map(|c| c.id.clone())
                .collect();
            tsunagu::app::review::approve_as_device(&mut ws, &Keychain::new(), id, &ticks, "")?;
            out!("Approved {id}; it is now {}.", ws.post(id)?.status.as_str());
        }
        _ => return Err(Failure::Usage("review takes submit or approve".into())),
    }
    Ok(())
}

/// `publish-due [--json]`: one pass; exits 1 when a job failed for good.
pub(super) fn publish_due(mut args: Args, mut ws: Workspace) -> Result<(), Failure> {
    let json = args.flag("--json");
    args.finish()?;
    let runner = format!("cli-{}", std::process::id());
    let keychain = Keychain::new();
    keychain_reachable(&ws, &keychain)?;
    let report = ws.publish_due(&keychain, &runner)?;
    if json {
        out!("{}", to_json(&report)?);
    } else if report.paused {
        out!("The crisis pause is on; nothing was published.");
    } else {
        out!(
            "Published {}, retrying {}, failed {}, missed {} (waiting for a decision in the app); verified live {}, handed over to post by hand {}.",
            report.published,
            report.retrying,
            report.failed + report.not_live,
            report.missed.len(),
            report.verified,
            report.by_hand
        );
    }
    if report.failed > 0 {
        return Err(Failure::Core(Error::invalid(
            "publish",
            format!("{} job(s) failed; see `tsunagu post show POST_ID` or the failures list in the app.", report.failed),
        )));
    }
    Ok(())
}

/// From a timer the keychain may be locked or out of reach (no logged-in session): say so once,
/// before anything runs, instead of failing every due post one by one. A workspace without a
/// connected account needs no keychain.
fn keychain_reachable(ws: &Workspace, keychain: &Keychain) -> Result<(), Failure> {
    let connected = tsunagu::app::accounts::accounts(ws)?
        .iter()
        .any(|a| a.state != tsunagu::publish::AccountState::Disconnected);
    match keychain.get("tsunagu-keychain-check") {
        Err(e) if connected => Err(Failure::Core(Error::KeychainUnavailable(format!(
            "{e}. Every token lives in the OS keychain, so nothing can be published from here. A systemd user timer reaches the keychain only while you are logged in with it unlocked: log in (or leave the app running), then the timer publishes on its next run"
        )))),
        _ => Ok(()),
    }
}

/// `tick [--json]`: what the app's scheduler does every 30 seconds, once (the daily backup, a
/// publishing pass, due numbers, a team sync round); exits 1 when a job failed for good.
pub(super) fn tick(mut args: Args, mut ws: Workspace) -> Result<(), Failure> {
    let json = args.flag("--json");
    args.finish()?;
    let runner = format!("cli-{}", std::process::id());
    let keychain = Keychain::new();
    keychain_reachable(&ws, &keychain)?;
    let tick = tsunagu::app::tick(&mut ws, &keychain, &runner)?;
    if json {
        out!("{}", to_json(&tick)?);
    } else {
        match &tick.publishing {
            None => out!("Another Tsunagu is publishing in this workspace; this tick left it to them."),
            Some(r) if r.paused => out!("The crisis pause is on; nothing was published."),
            Some(r) => out!(
                "Published {}, retrying {}, failed {}, missed {} (waiting for a decision in the app).",
                r.published,
                r.retrying,
                r.failed,
                r.missed.len()
            ),
        }
        out!("Read the numbers of {} post(s).", tick.metrics_read);
        match (tick.in_team, tick.synced) {
            (false, _) => {}
            (true, Some(n)) => out!("Team sync: {n} change(s) applied."),
            (true, None) => {
                out!("Team sync: the shared place could not be reached; see `tsunagu team status`.")
            }
        }
    }
    if tick.failed() > 0 {
        return Err(Failure::Core(Error::invalid(
            "publish",
            format!("{} job(s) failed; see `tsunagu post show POST_ID` or the failures list in the app.", tick.failed()),
        )));
    }
    Ok(())
}

/// `metrics refresh [--json]`: one pass reading the numbers of published posts that are due.
pub(super) fn metrics(mut args: Args, mut ws: Workspace) -> Result<(), Failure> {
    let what = args.positional().unwrap_or_default();
    if what != "refresh" {
        return Err(Failure::Usage(
            "metrics takes refresh [--json] (a post's numbers are in `post show POST_ID --json`)"
                .into(),
        ));
    }
    let json = args.flag("--json");
    args.finish()?;
    let report = ws.refresh_metrics(&Keychain::new())?;
    if json {
        out!("{}", to_json(&report)?);
    } else {
        out!(
            "Read the numbers of {} post(s); {} wait for their account's rate limit.",
            report.read,
            report.waiting
        );
        for problem in &report.failed {
            out!("  {problem}");
        }
    }
    Ok(())
}

/// `whoami [--json]`: the person this device acts as, their role and the device's identity.
/// `whoami --set NAME`: chooses that person on a device outside a team (as Settings does).
pub(super) fn whoami(mut args: Args, mut ws: Workspace) -> Result<(), Failure> {
    let json = args.flag("--json");
    let set = args.value("--set")?;
    let hand_over = args.value("--hand-over")?;
    args.finish()?;
    let find = |ws: &Workspace, name: &str| -> Result<_, Failure> {
        tsunagu::app::people::people(ws)?
            .into_iter()
            .find(|p| p.name == name || p.display_name == name)
            .map(|p| p.id)
            .ok_or_else(|| {
                Failure::Usage(format!(
                    "'{name}' is not on the roster; use the name exactly as the People screen shows it"
                ))
            })
    };
    match (set, hand_over) {
        (Some(_), Some(_)) => {
            return Err(Failure::Usage(
                "use either --set (the first time) or --hand-over (to give this computer to someone else)".into(),
            ))
        }
        (Some(name), None) => {
            let person = find(&ws, &name)?;
            ws.set_me(Source::Cli, person)?;
        }
        (None, Some(name)) => {
            let person = find(&ws, &name)?;
            ws.hand_over_device(Source::Cli, person)?;
        }
        (None, None) => {}
    }
    let me = ws.me()?;
    let person = me
        .map(|id| tsunagu::app::people::person(&ws, id))
        .transpose()?;
    let team = if ws.in_team()? {
        Some(ws.team_status()?)
    } else {
        None
    };
    let view = serde_json::json!({
        "person_id": me.map(|id| id.as_string()),
        "person": person.as_ref().map(|p| p.input.name.clone()),
        "role": person.as_ref().map(|p| p.input.role.as_str()),
        "device_id": ws.device().as_string(),
        "fingerprint": team.as_ref().map(|t| t.fingerprint.clone()),
        "team_role": team.as_ref().map(|t| t.role.as_str()),
    });
    if json {
        out!("{}", to_json(&view)?);
    } else {
        out!(
            "Person:      {}",
            person.as_ref().map_or(
                "(not chosen: run `tsunagu whoami --set NAME`)".to_string(),
                |p| p.input.name.clone()
            )
        );
        out!(
            "Role:        {}",
            person.as_ref().map_or("-", |p| p.input.role.as_str())
        );
        out!("Device:      {}", ws.device().as_string());
        match &team {
            Some(t) => out!(
                "Fingerprint: {} ({} of a team)",
                t.fingerprint,
                t.role.as_str()
            ),
            None => out!("Fingerprint: (not in a team)"),
        }
    }
    Ok(())
}
