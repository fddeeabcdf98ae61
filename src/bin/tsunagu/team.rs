//! `tsunagu team …` and `tsunagu sync`: the team from the command line, for scripts and for
//! setting a laptop up before its owner opens the app.

use super::{to_json, Args, Failure};
use std::path::PathBuf;
use std::sync::Arc;
use tsunagu::clock::Clock;
use tsunagu::ids::{PersonId, RandomIds};
use tsunagu::secrets::Keychain;
use tsunagu::store::Source;
use tsunagu::sync::team::Role;
use tsunagu::sync::Place;
use tsunagu::Workspace;

/// Where the team's files are: `--folder PATH`, `--s3 ENDPOINT --bucket B --region R
/// --access-key ID [--prefix P]` or `--webdav URL --user U`. The S3 secret key or the WebDAV
/// password is read from the first line of stdin and kept in the keychain only.
fn place(args: &mut Args, what: &str) -> Result<Place, Failure> {
    let usage = || {
        Failure::Usage(format!("{what} needs --folder PATH (a shared folder), --s3 ENDPOINT --bucket B --region R --access-key ID, or --webdav URL --user U"))
    };
    if let Some(path) = args.value("--folder")? {
        let abs = std::path::absolute(&path).unwrap_or_else(|_| PathBuf::from(&path));
        return Ok(Place::Folder {
            path: abs.display().to_string(),
        });
    }
    let place = if let Some(endpoint) = args.value("--s3")? {
        let need = |v: Option<String>, flag: &str| {
            v.ok_or_else(|| Failure::Usage(format!("--s3 also needs {flag}")))
        };
        Place::S3 {
            endpoint,
            bucket: need(args.value("--bucket")?, "--bucket B")?,
            region: args.value("--region")?.unwrap_or_default(),
            access_key_id: need(args.value("--access-key")?, "--access-key ID")?,
            prefix: args.value("--prefix")?.unwrap_or_default(),
        }
    } else if let Some(url) = args.value("--webdav")? {
        let user = args
            .value("--user")?
            .ok_or_else(|| Failure::Usage("--webdav also needs --user U".into()))?;
        Place::WebDav { url, user }
    } else {
        return Err(usage());
    };
    // Refused before anything is asked for or kept (http:// to another machine, say).
    let place = place.tidied();
    place.validate()?;
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| Failure::Usage(format!("the secret could not be read from stdin ({e})")))?;
    let secret = line.trim_end_matches(['\r', '\n']);
    if secret.is_empty() {
        return Err(Failure::Usage(format!(
            "give the {} on the first line of stdin",
            if matches!(place, Place::S3 { .. }) {
                "S3 secret key"
            } else {
                "WebDAV password"
            }
        )));
    }
    tsunagu::secrets::SecretStore::set(&Keychain::new(), &place.secret_name(), secret)?;
    Ok(place)
}

fn print_status(ws: &Workspace, json: bool) -> Result<(), Failure> {
    let st = ws.team_status_with(&Keychain::new())?;
    if json {
        out!("{}", to_json(&st)?);
        return Ok(());
    }
    out!(
        "Team {} · this device: {} ({}), fingerprint {}",
        st.team_id,
        st.person_name.as_deref().unwrap_or("-"),
        st.role.as_str(),
        st.fingerprint
    );
    out!("Shared folder: {}", st.place.describe());
    if st.key_epoch > 0 {
        out!(
            "Sealed: every file there is encrypted to the team's devices (key generation {}).",
            st.key_epoch
        );
    } else {
        out!("Not sealed yet: the lead's next sync encrypts every file.");
    }
    out!(
        "Receives: {}",
        match st.role {
            tsunagu::sync::team::Role::Lead => "everything of the team.",
            tsunagu::sync::team::Role::Reviewer =>
                "the plan, the roster, the drafts it reviews with their history, consent records.",
            tsunagu::sync::team::Role::Ambassador =>
                "the plan, the roster's names and departments, its own drafts, material and consents, published posts; never a colleague's drafts, consents, SNS handles or review history.",
        }
    );
    if !st.admitted {
        out!(
            "Waiting for the lead to admit this device (fingerprint {}).",
            st.fingerprint
        );
    }
    out!(
        "Last sync: {}",
        st.last_sync_at.as_deref().unwrap_or("never")
    );
    if let Some(e) = &st.last_sync_error {
        out!("Last attempt failed: {e}");
    }
    for m in &st.members {
        let state = if m.member.revoked_through.is_some() {
            "removed"
        } else {
            m.member.role.as_str()
        };
        let reads = match (m.epochs.first(), m.epochs.last()) {
            (Some(a), Some(b)) if *b >= st.key_epoch => format!(" · reads keys {a}–{b}"),
            (Some(_), Some(b)) => format!(" · reads nothing after key {b}"),
            _ if st.key_epoch > 0 => " · reads nothing".to_string(),
            _ => String::new(),
        };
        out!(
            "  {} {} · {} · {} · {} entries{}{}",
            m.member.fingerprint,
            m.person_name.as_deref().unwrap_or("-"),
            m.member.device_name,
            state,
            m.applied,
            reads,
            if m.is_me { " (this device)" } else { "" }
        );
    }
    for r in &st.requests {
        out!(
            "  waiting: {} {} · {}{}",
            r.fingerprint,
            r.person_name.as_deref().unwrap_or(&r.person_id),
            r.device_name,
            if r.invited { "" } else { " (no valid invite)" }
        );
    }
    out!(
        "Conflicts: {} · refused changes: {}",
        st.conflicts,
        st.quarantined
    );
    Ok(())
}

/// `team create --folder PATH` | `team invite --person ID [--lead]` | `team admit FINGERPRINT`
/// | `team revoke FINGERPRINT` | `team status [--json]` | `team conflicts [--json]`
/// | `team resolve ENTITY ID FIELD --value JSON` | `team quarantine [--json]`.
pub(super) fn team(
    mut args: Args,
    open: impl FnOnce() -> Result<Workspace, Failure>,
) -> Result<(), Failure> {
    let what = args.positional().unwrap_or_default();
    match what.as_str() {
        "create" => {
            let place = place(&mut args, "team create")?;
            let json = args.flag("--json");
            args.finish()?;
            let mut ws = open()?;
            ws.team_create(&Keychain::new(), &place)?;
            print_status(&ws, json)?;
        }
        "invite" => {
            let person = args.value("--person")?.ok_or_else(|| Failure::Usage("team invite needs --person PERSON_ID (the id on the People screen, or in `tsunagu roster export`)".into()))?;
            let lead = args.flag("--lead");
            args.finish()?;
            let person = PersonId::parse(&person).ok_or_else(|| Failure::Usage(format!("'{person}' is not a person id (the id on the People screen, or in `tsunagu roster export`)")))?;
            let mut ws = open()?;
            // A reviewer's or an executive's laptop reviews; anyone else's drafts.
            let role = if lead { Role::Lead } else { ws.team_role_for(person)? };
            let code = ws.team_invite(person, role)?;
            out!("{code}");
        }
        "admit" | "revoke" => {
            let fp = args.positional().ok_or_else(|| Failure::Usage(format!("team {what} needs the device's FINGERPRINT (XXXX-XXXX-XXXX-XXXX)")))?;
            args.finish()?;
            let mut ws = open()?;
            let m = if what == "admit" { ws.team_admit(&Keychain::new(), &fp)? } else { ws.team_revoke(&Keychain::new(), &fp)? };
            let verb = if what == "admit" { "Admitted" } else { "Removed" };
            out!("{verb} {} ({}, {}).", m.fingerprint, m.device_name, m.role.as_str());
        }
        "compact" => {
            let json = args.flag("--json");
            args.finish()?;
            let mut ws = open()?;
            let r = tsunagu::sync::compact::compact_now(&mut ws, &Keychain::new())?;
            if json {
                out!("{}", to_json(&r)?);
            } else {
                out!("Snapshot written; segments every device has passed were removed from the shared place.");
            }
        }
        "place" => {
            let place = place(&mut args, "team place")?;
            let json = args.flag("--json");
            args.finish()?;
            let mut ws = open()?;
            ws.set_team_place(&Keychain::new(), &place)?;
            print_status(&ws, json)?;
        }
        "status" => {
            let json = args.flag("--json");
            args.finish()?;
            print_status(&open()?, json)?;
        }
        "conflicts" => {
            let json = args.flag("--json");
            args.finish()?;
            let list = open()?.sync_conflicts()?;
            if json {
                out!("{}", to_json(&list)?);
            } else if list.is_empty() {
                out!("No conflicts.");
            } else {
                for c in &list {
                    out!("{} {} {}{}", c.entity, c.entity_id, c.field, c.label.as_deref().map(|l| format!(" ({l})")).unwrap_or_default());
                    for v in &c.versions {
                        out!("  {} {}: {}", if v.shown { "*" } else { " " }, if v.mine { "this device" } else { v.device.as_str() }, v.value);
                    }
                }
            }
        }
        "resolve" => {
            let value = args.value("--value")?;
            let entity = args.positional();
            let id = args.positional();
            let field = args.positional();
            args.finish()?;
            let (Some(entity), Some(id), Some(field), Some(value)) = (entity, id, field, value) else {
                return Err(Failure::Usage("team resolve needs ENTITY ID FIELD --value JSON (as `team conflicts --json` lists them)".into()));
            };
            let value: serde_json::Value = serde_json::from_str(&value).unwrap_or(serde_json::Value::String(value));
            open()?.resolve_conflict(Source::Cli, &entity, &id, &field, &value)?;
            out!("Chosen; it travels with the next sync.");
        }
        "quarantine" => {
            let json = args.flag("--json");
            args.finish()?;
            let list = open()?.sync_quarantine()?;
            if json {
                out!("{}", to_json(&list)?);
            } else if list.is_empty() {
                out!("Nothing was refused.");
            } else {
                for q in &list {
                    out!("{} · {} #{}: {}", q.at, q.device, q.seq, q.reason);
                }
            }
        }
        other => return Err(Failure::Usage(format!("unknown team command '{other}' (create, invite, join, admit, revoke, compact, place, status, conflicts, resolve, quarantine)"))),
    }
    Ok(())
}

/// `--workspace DIR team join CODE --folder PATH`: makes the ambassador's workspace.
pub(super) fn join(mut args: Args, dir: PathBuf, clock: Arc<dyn Clock>) -> Result<(), Failure> {
    let place = place(&mut args, "team join")?;
    let code = args
        .positional()
        .ok_or_else(|| Failure::Usage("team join needs the invite CODE from the lead".into()))?;
    let json = args.flag("--json");
    args.finish()?;
    let ws = Workspace::join_team(
        &dir,
        &code,
        &place,
        &Keychain::new(),
        clock,
        Arc::new(RandomIds),
    )?;
    if json {
        return print_status(&ws, true);
    }
    let st = ws.team_status()?;
    out!("Joined. This device's fingerprint: {}", st.fingerprint);
    out!(
        "Tell the lead this fingerprint; they admit it with `tsunagu team admit {}`.",
        st.fingerprint
    );
    Ok(())
}

/// `sync [--json]`: one round.
pub(super) fn sync(mut args: Args, mut ws: Workspace) -> Result<(), Failure> {
    let json = args.flag("--json");
    args.finish()?;
    let r = ws.sync_now(&Keychain::new())?;
    if json {
        out!("{}", to_json(&r)?);
    } else {
        out!(
            "Sent {} change(s), applied {}, refused {}; {} conflict(s) open.",
            r.sent,
            r.applied,
            r.quarantined,
            r.conflicts
        );
        for w in &r.waiting {
            out!("Waiting: {w}");
        }
        if !r.admitted {
            out!("This device is not admitted yet: its changes wait until the lead admits it.");
        }
    }
    Ok(())
}
