//! Who may make a change: the rules of [`super::tables`] checked against the roster's role
//! for the writing device and, for an ambassador, against what is theirs (their posts, their
//! material, their request assignments). The same check runs on every receiver before a
//! change is applied and on an ambassador's own device when it writes.

use super::apply::{where_key, Author};
use super::ops::{from_json, Kind, Op};
use super::tables::{synced, Rule, Synced, AMBASSADOR_STATUSES};
use super::team::Role;
use crate::error::Result;
use rusqlite::types::Value;
use rusqlite::OptionalExtension;

fn text_of(v: Option<&serde_json::Value>) -> Option<&str> {
    v.and_then(serde_json::Value::as_str)
}

fn key_or_field<'o>(s: &Synced, op: &'o Op, col: &str) -> Option<&'o str> {
    match s.key.iter().position(|k| *k == col) {
        Some(i) => op.key.get(i).and_then(serde_json::Value::as_str),
        None => text_of(op.fields.get(col)),
    }
}

fn stored(conn: &rusqlite::Connection, s: &Synced, op: &Op, col: &str) -> Result<Option<String>> {
    let key: Vec<Value> = op.key.iter().map(from_json).collect();
    let sql = format!("SELECT {col} FROM {} WHERE {}", s.table, where_key(s, 0));
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(rusqlite::params_from_iter(key.iter()), |r| {
            r.get::<_, Option<String>>(0)
        })
        .optional()?
        .flatten())
}

fn post_owner(conn: &rusqlite::Connection, post: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT author_id FROM posts WHERE id = ?1")?
        .query_row([post], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

fn row_exists(conn: &rusqlite::Connection, s: &Synced, op: &Op) -> Result<bool> {
    let key: Vec<Value> = op.key.iter().map(from_json).collect();
    let sql = format!("SELECT 1 FROM {} WHERE {}", s.table, where_key(s, 0));
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(rusqlite::params_from_iter(key.iter()), |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether the author may make this change; the reason when not.
///
/// The decision is made from the row as it is stored here, never from what the change says
/// it is: an "insert" for a row that exists is judged as the edit it would be, and a change
/// that moves a row to another post or person must be allowed for both the stored owner and
/// the new one.
pub(super) fn permitted(
    conn: &rusqlite::Connection,
    s: &Synced,
    author: Author<'_>,
    op: &Op,
) -> std::result::Result<(), String> {
    if author.role == Role::Lead {
        return Ok(());
    }
    let lead_only = || {
        Err(format!(
            "only the team lead may change {} (this device is not the lead's)",
            s.table
        ))
    };
    let Some(person) = author.person else {
        return lead_only();
    };
    let db = |e: crate::error::Error| e.to_string();
    let exists = row_exists(conn, s, op).map_err(db)?;
    // What the change would really do here.
    let kind = match op.kind {
        Kind::Delete => Kind::Delete,
        _ if exists => Kind::Update,
        other => other,
    };
    let own_post = |post: Option<&str>| -> std::result::Result<(), String> {
        let Some(post) = post else {
            return Err("the change names no post".into());
        };
        match post_owner(conn, post).map_err(db)? {
            Some(owner) if owner == person => Ok(()),
            _ => Err(format!("post {post} is not this ambassador's own draft")),
        }
    };
    // The owner column's stored value (for a row that exists) and the value the change
    // gives it: each must be the ambassador's.
    let owners = |col: &str| -> std::result::Result<Vec<Option<String>>, String> {
        let mut out = Vec::new();
        if exists {
            out.push(stored(conn, s, op, col).map_err(db)?);
        }
        if let Some(given) = key_or_field(s, op, col) {
            out.push(Some(given.to_string()));
        } else if !exists {
            out.push(None);
        }
        Ok(out)
    };
    match s.rule {
        Rule::Lead => lead_only(),
        Rule::Media => match kind {
            Kind::Delete => lead_only(),
            Kind::Insert => Ok(()),
            Kind::Update => {
                // A photo's file is its identity: a new photo is a new row.
                for col in ["sha256", "mime"] {
                    if let Some(given) = op.fields.get(col) {
                        if stored(conn, s, op, col).map_err(db)?.as_deref() != given.as_str() {
                            return Err("a stored photo cannot be replaced by another file (attach a new photo instead)".into());
                        }
                    }
                }
                media_is_own(conn, op, person).map_err(db)?
            }
        },
        Rule::Posts
            if author.role == Role::Reviewer
                && kind == Kind::Update
                && exists
                && !own(conn, key_or_field(s, op, "id"), person).map_err(db)? =>
        {
            review_step(conn, op).map_err(db)?
        }
        Rule::Posts => {
            if let Some(status) = text_of(op.fields.get("status")) {
                if !AMBASSADOR_STATUSES.contains(&status) {
                    return Err(format!("an ambassador cannot set a post to \"{status}\": approving, scheduling and publishing are the lead's (a forged approval?)"));
                }
            }
            // Deleting (or bringing back) a post that went out is the lead's decision.
            if op.fields.contains_key("deleted_at") && exists {
                let status = stored(conn, s, op, "status").map_err(db)?;
                if status.as_deref() == Some("published") {
                    return Err("only the lead may delete or bring back a published post".into());
                }
            }
            if op.fields.contains_key("crisis_paused_from") {
                return Err("only the lead may pause posts for a crisis".into());
            }
            if let Some(a) = op.fields.get("author_id") {
                if text_of(Some(a)) != Some(person) {
                    return Err("an ambassador can only write posts under their own name".into());
                }
            }
            match kind {
                Kind::Insert if text_of(op.fields.get("author_id")) == Some(person) => Ok(()),
                Kind::Insert => {
                    Err("an ambassador can only write posts under their own name".into())
                }
                _ => own_post(key_or_field(s, op, "id")),
            }
        }
        Rule::OwnPost => {
            for post in owners("post_id")? {
                own_post(post.as_deref())?;
            }
            Ok(())
        }
        Rule::OwnPerson => {
            for who in owners("person_id")? {
                if who.as_deref() != Some(person) {
                    return Err(format!(
                        "{} of another person can only be changed by them or the lead",
                        s.table
                    ));
                }
            }
            Ok(())
        }
        Rule::ReviewLog => {
            if exists || kind != Kind::Insert {
                return Err("the review history is never rewritten (a forged approval?)".into());
            }
            let action = text_of(op.fields.get("action"));
            if author.role == Role::Reviewer
                && matches!(action, Some("approved" | "changes_requested"))
            {
                if action == Some("approved") {
                    if let Some(device) = author.device {
                        signed_by_sender(op, device)?;
                    }
                }
                return reviewer_log(conn, op, person).map_err(db)?;
            }
            if !matches!(action, Some("submitted" | "voided")) {
                return Err("an ambassador can only submit their own post for review (approvals are the lead's: a forged approval?)".into());
            }
            if text_of(op.fields.get("actor_id")) != Some(person) {
                return Err("an ambassador can only submit under their own name".into());
            }
            own_post(text_of(op.fields.get("post_id")))
        }
        Rule::Assignment => {
            let mine = key_or_field(s, op, "person_id") == Some(person);
            if kind == Kind::Update && exists && mine && op.fields.keys().all(|k| k == "status") {
                Ok(())
            } else {
                Err("requests are assigned by the lead; the person asked may only answer".into())
            }
        }
    }
}

/// An approval that arrives from a reviewer's device must carry that device's signature over the
/// post, the approved content hash and the approver (a forged or altered approval is refused
/// here, not only left uncounted at the exit).
fn signed_by_sender(op: &Op, device: &str) -> std::result::Result<(), String> {
    let refused = || {
        Err(
            "the approval is not signed by the device that sent it (a forged approval?)"
                .to_string(),
        )
    };
    let (Some(post), Some(hash), Some(actor), Some(signature)) = (
        text_of(op.fields.get("post_id")),
        text_of(op.fields.get("content_hash")),
        text_of(op.fields.get("actor_id")),
        text_of(op.fields.get("signature")),
    ) else {
        return refused();
    };
    let Some((key_hex, sig_hex)) = signature.split_once(':') else {
        return refused();
    };
    let (Some(key), Some(sig)) = (
        super::ops::unhex::<32>(key_hex),
        super::ops::unhex::<64>(sig_hex),
    ) else {
        return refused();
    };
    let message = crate::approval::approval_message(post, hash, actor);
    if key_hex != device
        || !super::segment::verify_document(
            &key,
            super::approvals::APPROVAL_CONTEXT,
            &message,
            &sig,
        )
    {
        return refused();
    }
    Ok(())
}

/// Whether `post` is `person`'s own.
fn own(conn: &rusqlite::Connection, post: Option<&str>, person: &str) -> Result<bool> {
    Ok(match post {
        Some(p) => post_owner(conn, p)?.as_deref() == Some(person),
        None => false,
    })
}

/// Whether `post` is stored here as waiting for review.
fn waiting_for_review(conn: &rusqlite::Connection, post: &str) -> Result<bool> {
    let status: Option<String> = conn
        .prepare_cached("SELECT status FROM posts WHERE id = ?1")?
        .query_row([post], |r| r.get(0))
        .optional()?;
    Ok(status.as_deref() == Some("in_review"))
}

/// What a reviewer may change of another person's post: its status, from "waiting for
/// review" to approved, scheduled or sent back, and nothing else.
fn review_step(conn: &rusqlite::Connection, op: &Op) -> Result<std::result::Result<(), String>> {
    let Some(post) = op.key.first().and_then(serde_json::Value::as_str) else {
        return Ok(Err("the change names no post".into()));
    };
    if !waiting_for_review(conn, post)? {
        return Ok(Err(format!(
            "a reviewer can only decide on a post waiting for review (post {post} is not)"
        )));
    }
    if !op.fields.keys().all(|k| k == "status" || k == "updated_at") {
        return Ok(Err(
            "a reviewer can only approve or send back another person's post, not change it".into(),
        ));
    }
    Ok(match text_of(op.fields.get("status")) {
        Some("approved" | "scheduled" | "changes_requested") | None => Ok(()),
        Some(other) => Err(format!("a reviewer cannot set a post to \"{other}\"")),
    })
}

/// A reviewer's approval or sending back: under their own name, of a post waiting for review
/// that is not theirs (neither written nor sent by them), never marked as a self-approval.
fn reviewer_log(
    conn: &rusqlite::Connection,
    op: &Op,
    person: &str,
) -> Result<std::result::Result<(), String>> {
    if text_of(op.fields.get("actor_id")) != Some(person) {
        return Ok(Err(
            "a reviewer can only review under their own name (a forged approval?)".into(),
        ));
    }
    if op
        .fields
        .get("self_approved")
        .and_then(serde_json::Value::as_i64)
        .unwrap_or(0)
        != 0
    {
        return Ok(Err(
            "only a lead working alone may approve her own post".into()
        ));
    }
    let Some(post) = text_of(op.fields.get("post_id")) else {
        return Ok(Err("the change names no post".into()));
    };
    if !waiting_for_review(conn, post)? {
        return Ok(Err(format!("post {post} is not waiting for review")));
    }
    let id = crate::ids::PostId::parse(post);
    let writers = match id {
        Some(id) => crate::approval::writers(conn, id)?,
        None => Vec::new(),
    };
    if writers.iter().any(|w| w == person) {
        return Ok(Err(
            "a reviewer cannot approve a post they wrote or sent for review".into(),
        ));
    }
    Ok(Ok(()))
}

/// Whether an existing photo is the ambassador's to edit: attached only to their own posts,
/// or sent by them as material, and to nobody else's post.
fn media_is_own(
    conn: &rusqlite::Connection,
    op: &Op,
    person: &str,
) -> Result<std::result::Result<(), String>> {
    let Some(id) = op.key.first().and_then(serde_json::Value::as_str) else {
        return Ok(Err("the change names no photo".into()));
    };
    let (others, mine): (i64, i64) = conn
        .prepare_cached(
            "SELECT
               (SELECT count(*) FROM post_media pm JOIN posts p ON p.id = pm.post_id
                 WHERE pm.media_id = ?1 AND coalesce(p.author_id, '') != ?2)
             + (SELECT count(*) FROM materials m WHERE m.media_id = ?1 AND m.person_id != ?2),
               (SELECT count(*) FROM post_media pm JOIN posts p ON p.id = pm.post_id
                 WHERE pm.media_id = ?1 AND p.author_id = ?2)
             + (SELECT count(*) FROM materials m WHERE m.media_id = ?1 AND m.person_id = ?2)",
        )?
        .query_row([id, person], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(if others == 0 && mine > 0 {
        Ok(())
    } else {
        Err(
            "this photo belongs to another person's post or material; only the lead may change it"
                .into(),
        )
    })
}

/// Refuses, on an ambassador's own device, a write the team would refuse from it.
pub(crate) fn check_local(
    conn: &rusqlite::Connection,
    person: &str,
    table: &str,
    kind: Kind,
    key: &[(&'static str, Value)],
    fields: &[(&'static str, Value)],
) -> Result<()> {
    let Some(s) = synced(table) else {
        // Not shared: this device's own business.
        return Ok(());
    };
    let op = Op {
        table: table.to_string(),
        key: s
            .key
            .iter()
            .map(|k| {
                key.iter()
                    .find(|(c, _)| c == k)
                    .map_or(serde_json::Value::Null, |(_, v)| super::ops::to_json(v))
            })
            .collect(),
        kind,
        fields: fields
            .iter()
            .map(|(c, v)| ((*c).to_string(), super::ops::to_json(v)))
            .collect(),
    };
    let role: Option<String> = conn
        .query_row("SELECT role FROM sync_team WHERE id = 1", [], |r| r.get(0))
        .optional()?;
    let author = Author {
        role: role
            .as_deref()
            .and_then(Role::parse)
            .unwrap_or(Role::Ambassador),
        person: Some(person),
        device: None,
    };
    permitted(conn, s, author, &op).map_err(|why| {
        crate::error::Error::refused(
crate::Rule::TeamPermission,"team", format!("{why}. On an ambassador's device this stays with the lead; ask them, or send a draft for review."))
    })
}
