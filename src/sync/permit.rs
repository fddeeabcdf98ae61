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

/// Whether the author may make this change; the reason when not.
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
            "only the team lead may change {} (this device is an ambassador's)",
            s.table
        ))
    };
    let Some(person) = author.person else {
        return lead_only();
    };
    let db = |e: crate::error::Error| e.to_string();
    let own_post = |post: Option<&str>| -> std::result::Result<(), String> {
        let Some(post) = post else {
            return Err("the change names no post".into());
        };
        match post_owner(conn, post).map_err(db)? {
            Some(owner) if owner == person => Ok(()),
            _ => Err(format!("post {post} is not this ambassador's own draft")),
        }
    };
    match s.rule {
        Rule::Lead => lead_only(),
        Rule::Media => match op.kind {
            Kind::Delete => lead_only(),
            _ => Ok(()),
        },
        Rule::Posts => {
            if let Some(status) = text_of(op.fields.get("status")) {
                if !AMBASSADOR_STATUSES.contains(&status) {
                    return Err(format!("an ambassador cannot set a post to \"{status}\": approving, scheduling and publishing are the lead's (a forged approval?)"));
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
            match op.kind {
                Kind::Insert if text_of(op.fields.get("author_id")) == Some(person) => Ok(()),
                Kind::Insert => {
                    Err("an ambassador can only write posts under their own name".into())
                }
                _ => own_post(key_or_field(s, op, "id")),
            }
        }
        Rule::OwnPost => {
            let post = match key_or_field(s, op, "post_id") {
                Some(p) => Some(p.to_string()),
                None => stored(conn, s, op, "post_id").map_err(db)?,
            };
            own_post(post.as_deref())
        }
        Rule::OwnPerson => {
            let who = match key_or_field(s, op, "person_id") {
                Some(p) => Some(p.to_string()),
                None => stored(conn, s, op, "person_id").map_err(db)?,
            };
            if who.as_deref() == Some(person) {
                Ok(())
            } else {
                Err(format!(
                    "{} of another person can only be changed by them or the lead",
                    s.table
                ))
            }
        }
        Rule::ReviewLog => {
            let action = text_of(op.fields.get("action"));
            if op.kind != Kind::Insert || !matches!(action, Some("submitted" | "voided")) {
                return Err("an ambassador can only submit their own post for review (approvals are the lead's: a forged approval?)".into());
            }
            if text_of(op.fields.get("actor_id")) != Some(person) {
                return Err("an ambassador can only submit under their own name".into());
            }
            own_post(text_of(op.fields.get("post_id")))
        }
        Rule::Assignment => {
            let mine = key_or_field(s, op, "person_id") == Some(person);
            if op.kind == Kind::Update && mine && op.fields.keys().all(|k| k == "status") {
                Ok(())
            } else {
                Err("requests are assigned by the lead; the person asked may only answer".into())
            }
        }
    }
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
    let author = Author {
        role: Role::Ambassador,
        person: Some(person),
    };
    permitted(conn, s, author, &op).map_err(|why| {
        crate::error::Error::invalid("team", format!("{why}. On an ambassador's device this stays with the lead; ask them, or send a draft for review."))
    })
}
