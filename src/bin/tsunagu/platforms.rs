//! `tsunagu account add linkedin|facebook|instagram|threads`, `account connect …` (through the
//! company's token-exchange endpoint), `media-host …` and `blocked`: LinkedIn and Meta from the
//! command line. A token or secret key is read from standard input, never from an argument
//! (arguments show in process lists and shell history).

use super::{to_json, Args, Failure};
use tsunagu::model::Platform;
use tsunagu::publish::media_host::MediaHostConfig;
use tsunagu::publish::tokens::{BrokerSignIn, Granted, TokenConnect, DEFAULT_PORT};
use tsunagu::secrets::Keychain;
use tsunagu::store::Source;
use tsunagu::{Error, Workspace};

fn token_platform(name: &str) -> Result<Platform, Failure> {
    match Platform::parse(name) {
        Some(
            p @ (Platform::Linkedin | Platform::Facebook | Platform::Instagram | Platform::Threads),
        ) => Ok(p),
        _ => Err(Failure::Usage(format!(
            "'{name}' is not one of linkedin, facebook, instagram, threads"
        ))),
    }
}

fn read_stdin_line(what: &str) -> Result<String, Failure> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| Failure::Core(Error::io("read", "standard input", e)))?;
    let line = line.trim().to_string();
    if line.is_empty() {
        return Err(Failure::Usage(format!("give the {what} on standard input")));
    }
    Ok(line)
}

/// The LinkedIn organisation or Facebook Page id, when given.
fn target(args: &mut Args, platform: Platform) -> Result<Option<String>, Failure> {
    let org = args.value("--organisation")?;
    let page = args.value("--page")?;
    match (platform, org, page) {
        (Platform::Linkedin, o, None) => Ok(o),
        (Platform::Facebook, None, p) => Ok(p),
        (_, None, None) => Ok(None),
        _ => Err(Failure::Usage(
            "--organisation is for LinkedIn and --page for Facebook".into(),
        )),
    }
}

/// `account add PLATFORM [--api URL] [--organisation ID | --page ID]`, token on stdin.
pub(super) fn add_token(
    name: &str,
    mut args: Args,
    ws: &mut Workspace,
) -> Result<tsunagu::publish::accounts::Account, Failure> {
    let platform = token_platform(name)?;
    let api = args.value("--api")?.unwrap_or_default();
    let target = target(&mut args, platform)?;
    args.finish()?;
    let access = read_stdin_line("access token")?;
    let c = TokenConnect {
        platform,
        api,
        granted: Granted {
            access: access.into(),
            refresh: None,
            expires_in: None,
            scope: None,
        },
        target,
        exchange_url: None,
        client_id: None,
    };
    Ok(ws.connect_with_token(Source::Cli, &Keychain::new(), &c)?)
}

/// `account connect PLATFORM --exchange URL --client-id ID [--port N] [--api URL]
/// [--organisation ID | --page ID]`: prints the approval address, waits for the browser.
pub(super) fn connect(mut args: Args, ws: &mut Workspace) -> Result<(), Failure> {
    let name = args.positional().unwrap_or_default();
    let platform = token_platform(&name)?;
    let exchange_url = args.value("--exchange")?.ok_or_else(|| {
        Failure::Usage(
            "account connect needs --exchange URL (the company's token-exchange endpoint)".into(),
        )
    })?;
    let client_id = args.value("--client-id")?.ok_or_else(|| {
        Failure::Usage("account connect needs --client-id ID (the company's app)".into())
    })?;
    let port = match args.value("--port")? {
        Some(p) => p
            .parse::<u16>()
            .ok()
            .filter(|p| *p >= 1024)
            .ok_or_else(|| Failure::Usage(format!("--port takes 1024–65535 (got '{p}')")))?,
        None => DEFAULT_PORT,
    };
    let api = args.value("--api")?.unwrap_or_default();
    let target = target(&mut args, platform)?;
    args.finish()?;
    let open = |url: &str| -> tsunagu::Result<()> {
        eprintln!(
            "Open this address in a browser and approve Tsunagu (waiting five minutes):\n{url}"
        );
        Ok(())
    };
    let signed = tsunagu::publish::tokens::broker_sign_in(
        &BrokerSignIn {
            platform,
            api,
            exchange_url,
            client_id,
            port,
            target,
        },
        &open,
    )?;
    let a = ws.connect_with_token(Source::Cli, &Keychain::new(), &signed)?;
    out!(
        "Connected {} on {} ({}) as account {}.",
        a.handle,
        a.platform.as_str(),
        a.remote_id.unwrap_or_default(),
        a.id
    );
    Ok(())
}

/// `media-host set --endpoint URL --bucket B --region R --access-key-id K [--virtual-hosted]`
/// (secret key on stdin) | `media-host show [--json]` | `media-host check` | `media-host remove`.
pub(super) fn media_host(mut args: Args, mut ws: Workspace) -> Result<(), Failure> {
    let what = args.positional().unwrap_or_default();
    let keychain = Keychain::new();
    match what.as_str() {
        "set" => {
            let need = |v: Option<String>, flag: &str| {
                v.ok_or_else(|| Failure::Usage(format!("media-host set needs {flag}")))
            };
            let endpoint = need(args.value("--endpoint")?, "--endpoint URL")?;
            let bucket = need(args.value("--bucket")?, "--bucket NAME")?;
            let region = need(args.value("--region")?, "--region REGION")?;
            let access_key_id = need(args.value("--access-key-id")?, "--access-key-id ID")?;
            let virtual_hosted = args.flag("--virtual-hosted");
            args.finish()?;
            let secret = if tsunagu::app::media_host::media_host_config(&ws)?.is_some() {
                let mut line = String::new();
                let _ = std::io::stdin().read_line(&mut line);
                line.trim().to_string()
            } else {
                read_stdin_line("secret access key")?
            };
            let cfg = MediaHostConfig {
                endpoint,
                bucket,
                region,
                access_key_id,
                virtual_hosted,
            };
            tsunagu::app::media_host::set_media_host(
                &mut ws,
                Source::Cli,
                &keychain,
                Some(cfg),
                &secret,
            )?;
            tsunagu::app::media_host::check_media_host(&ws, &keychain)?;
            out!("Media host set and checked: a test file was put, read back and deleted.");
        }
        "show" => {
            let json = args.flag("--json");
            args.finish()?;
            let cfg = tsunagu::app::media_host::media_host_config(&ws)?;
            if json {
                out!("{}", to_json(&cfg)?);
            } else {
                match cfg {
                    Some(c) => out!(
                        "{} bucket {} ({}), key {}{}",
                        c.endpoint,
                        c.bucket,
                        c.region,
                        c.access_key_id,
                        if c.virtual_hosted { ", virtual-hosted" } else { "" }
                    ),
                    None => out!("No media host is set: Instagram and Threads posts with images cannot go out."),
                }
            }
        }
        "check" => {
            args.finish()?;
            tsunagu::app::media_host::check_media_host(&ws, &keychain)?;
            out!("The media host works: a test file was put, read back and deleted.");
        }
        "remove" => {
            args.finish()?;
            tsunagu::app::media_host::set_media_host(&mut ws, Source::Cli, &keychain, None, "")?;
            out!("Media host removed; its secret key left the keychain.");
        }
        _ => {
            return Err(Failure::Usage(
                "media-host takes set, show, check or remove".into(),
            ))
        }
    }
    Ok(())
}

/// `blocked [--json]`: posts that cannot go out as they are, and why.
pub(super) fn blocked(mut args: Args, ws: Workspace) -> Result<(), Failure> {
    let json = args.flag("--json");
    args.finish()?;
    let list = ws.media_host_blockers()?;
    if json {
        out!("{}", to_json(&list)?);
    } else if list.is_empty() {
        out!("No post is blocked.");
    } else {
        for b in list {
            out!(
                "{}  {:<9} {}\n    {}",
                b.post,
                b.platform.as_str(),
                b.title,
                b.reason
            );
        }
    }
    Ok(())
}

/// Every `--account ID` given (repeatable), each an account of this workspace.
pub(super) fn account_ids(
    args: &mut Args,
    ws: &Workspace,
) -> Result<Vec<tsunagu::publish::accounts::Account>, Failure> {
    let all = tsunagu::app::accounts::accounts(ws)?;
    let mut out = Vec::new();
    while let Some(v) = args.value("--account")? {
        let found = all.iter().find(|a| a.id.as_string() == v).ok_or_else(|| {
            Failure::Usage(format!(
                "'{v}' is not an account of this workspace; `tsunagu account list` shows their ids"
            ))
        })?;
        out.push(found.clone());
    }
    Ok(out)
}

/// `account set ID [--name NAME] [--colour #RRGGBB] [--default]`.
pub(super) fn set(mut args: Args, ws: &mut Workspace) -> Result<(), Failure> {
    let id = args
        .positional()
        .and_then(|v| tsunagu::ids::RowId::parse(&v))
        .ok_or_else(|| {
            Failure::Usage("account set needs the account's id (see `account list`)".into())
        })?;
    let name = args.value("--name")?;
    let colour = args.value("--colour")?;
    let default = args.flag("--default");
    args.finish()?;
    let a = tsunagu::app::accounts::account(ws, id)?;
    if name.is_some() || colour.is_some() {
        tsunagu::app::accounts::set_profile(
            ws,
            Source::Cli,
            id,
            name.as_deref().unwrap_or(&a.display_name),
            colour.as_deref().or(a.colour.as_deref()),
        )?;
    }
    if default {
        tsunagu::app::accounts::make_default(ws, Source::Cli, id)?;
    }
    let a = tsunagu::app::accounts::account(ws, id)?;
    out!(
        "{} {} @{}{}",
        a.id,
        if a.display_name.is_empty() {
            a.platform.as_str()
        } else {
            &a.display_name
        },
        a.handle,
        if a.is_default { " (default)" } else { "" }
    );
    Ok(())
}
