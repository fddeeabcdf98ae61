//! Audiences: which devices may read a change. Sealing ([`super::seal`]) keeps the shared
//! place from reading anything; this keeps an ambassador's laptop from reading what it does
//! not need. A lost or shared laptop then holds the plan, its person's own work and what the
//! lead has shared, not the whole company's roster, consents and drafts.
//!
//! Every change gets an audience from the sender's stored rows when it is exported:
//!
//! - **The team**: the plan (workspace settings, departments, sites, purposes, themes,
//!   cadence, slots, templates, hashtags, the guideline, requests, KPIs), the roster's names,
//!   departments, roles and participation modes, and posts once published (they are public
//!   anyway), with their photos. Deletions name only ids and go to everyone.
//! - **The staff and one person** (`staff` + `p:<id>`): the rest of a person's roster row (SNS
//!   handles, leaving date), their consents, acknowledgements, material, thanks and request
//!   assignments; a post that is not published, with everything that belongs to it, to its
//!   author and the people whose material it was made from; its review history and revisions
//!   always (never to the team, even after publication).
//!
//! The staff are the lead's and the reviewers' devices; the lead's device holds every
//! audience, so it can grant a person's history to their next laptop. A batch keeps the
//! team's changes readable to every member and carries the others as parts sealed to their
//! audiences ([`pack`]); a receiver merges the parts it can open back into their places
//! ([`open`]). A row a device did not have becomes readable to it (a post published, a post
//! made from its material, a post handed to it) by a *share*: the lead's next entry carries
//! the whole row and what belongs to it to the wider audience ([`shares`]).

mod parts;
mod stored;

pub(super) use parts::{open, pack, Packed};
pub(super) use stored::Stored;

use super::ops::{to_json, Kind, Op};
use super::tables::{synced, Reach, Via, SYNCED};
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension};
use std::collections::{BTreeMap, BTreeSet};

/// The lead's and reviewers' devices.
pub const STAFF: &str = "staff";

/// The audience of one person's devices.
pub fn person_label(person: &str) -> String {
    format!("p:{person}")
}

/// Who may read a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// Every admitted device.
    Team,
    /// The staff and these people's devices.
    Staff(BTreeSet<String>),
}

impl Audience {
    fn staff_and(people: impl IntoIterator<Item = String>) -> Audience {
        Audience::Staff(people.into_iter().filter(|p| !p.is_empty()).collect())
    }

    fn union(self, other: Audience) -> Audience {
        match (self, other) {
            (Audience::Staff(mut a), Audience::Staff(b)) => {
                a.extend(b);
                Audience::Staff(a)
            }
            _ => Audience::Team,
        }
    }

    /// The labels it is sealed to (`None` for the team).
    pub fn labels(&self) -> Option<Vec<String>> {
        match self {
            Audience::Team => None,
            Audience::Staff(people) => Some(
                std::iter::once(STAFF.to_string())
                    .chain(people.iter().map(|p| person_label(p)))
                    .collect(),
            ),
        }
    }
}

/// The columns of `people` every device receives: what a colleague's screens and checks need
/// (a name to credit, a department, a role, how they take part). The rest stays with the
/// person and the staff.
const PEOPLE_FOR_TEAM: &[&str] = &[
    "name",
    "name_reading",
    "display_name",
    "department_id",
    "site_id",
    "role",
    "participation",
    "active",
    "created_at",
];

/// Every person's id (the lead keeps an audience for each).
pub fn people_ids(conn: &Connection) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached("SELECT id FROM people ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?)
}

fn text_field(op: &Op, name: &str) -> Option<String> {
    op.fields
        .get(name)
        .and_then(serde_json::Value::as_str)
        .map(str::to_string)
}

pub(super) fn key_at(op: &Op, i: usize) -> String {
    op.key
        .get(i)
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// `column` of the row `op` names, from the change itself or else as stored.
fn column(conn: &Connection, op: &Op, column: &str) -> Result<Option<String>> {
    if let Some(v) = text_field(op, column) {
        return Ok(Some(v));
    }
    if op.fields.contains_key(column) {
        return Ok(None);
    }
    Ok(conn
        .prepare_cached(&format!("SELECT {column} FROM {} WHERE id = ?1", op.table))?
        .query_row([key_at(op, 0)], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// The audience of a photo file (every media row with its content hash).
pub(super) fn photo_audience(stored: &Stored<'_>, sha: &str, me: Option<&str>) -> Result<Audience> {
    let ids: Vec<String> = stored
        .conn
        .prepare_cached("SELECT id FROM media WHERE sha256 = ?1")?
        .query_map([sha], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    let mut out: Option<Audience> = None;
    for id in ids {
        let a = stored.media_audience(&id, me)?;
        out = Some(match out {
            Some(o) => o.union(a),
            None => a,
        });
    }
    Ok(out.unwrap_or_else(|| Audience::staff_and(me.map(str::to_string))))
}

/// Who may read `op`, judged from the rows as stored on the sending device. A change to
/// `people` may be split in two: what the team reads and what the person and staff read.
pub(super) fn of_op(s: &Stored<'_>, op: Op, me: Option<&str>) -> Result<Vec<(Audience, Op)>> {
    // A table that does not travel has no reach: only the staff, should one ever be sent.
    let reach = synced(&op.table).map_or(Reach::Person(Via::Key(usize::MAX)), |t| t.reach);
    if op.kind == Kind::Delete {
        return Ok(vec![(Audience::Team, op)]);
    }
    let named = |via: Via| -> Result<Option<String>> {
        match via {
            Via::Key(i) => Ok(op.key.get(i).map(|_| key_at(&op, i))),
            Via::Column(c) => column(s.conn, &op, c),
        }
    };
    let audience = match reach {
        Reach::Team => Audience::Team,
        Reach::Roster => {
            let person = key_at(&op, 0);
            let (team, own): (BTreeMap<_, _>, BTreeMap<_, _>) = op
                .fields
                .clone()
                .into_iter()
                .partition(|(k, _)| PEOPLE_FOR_TEAM.contains(&k.as_str()));
            let mut out = Vec::new();
            if !team.is_empty() || op.kind == Kind::Insert {
                out.push((
                    Audience::Team,
                    Op {
                        fields: team,
                        ..op.clone()
                    },
                ));
            }
            if !own.is_empty() {
                out.push((
                    Audience::staff_and([person]),
                    Op {
                        kind: Kind::Update,
                        fields: own,
                        ..op
                    },
                ));
            }
            return Ok(out);
        }
        Reach::Person(via) => Audience::staff_and(named(via)?),
        // Asked of a whole department: part of the plan.
        Reach::Assignee => match key_at(&op, 1) {
            p if p.is_empty() => Audience::Team,
            p => Audience::staff_and([p]),
        },
        Reach::Post(via) => match named(via)? {
            Some(post) => s.post_audience(&post)?,
            None => Audience::staff_and(None),
        },
        Reach::History(via) => match named(via)? {
            Some(post) => s.post_private(&post)?,
            None => Audience::staff_and(None),
        },
        Reach::Media => s.media_audience(&key_at(&op, 0), me)?,
    };
    Ok(vec![(audience, op)])
}

/// Rows of `table` matching `filter` (SQL with `?1`) as insert operations, local fields
/// included (a receiver without the row needs them once).
pub(super) fn rows_as_inserts(
    conn: &Connection,
    table: &str,
    filter: &str,
    param: &str,
) -> Result<Vec<Op>> {
    let Some(s) = synced(table) else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached(&format!("SELECT * FROM {} WHERE {filter}", s.table))?;
    let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let needs_param = filter.contains("?1");
    let mut rows = if needs_param {
        stmt.query([param])?
    } else {
        stmt.query([])?
    };
    let mut ops = Vec::new();
    while let Some(row) = rows.next()? {
        let mut key = vec![serde_json::Value::Null; s.key.len()];
        let mut fields = BTreeMap::new();
        for (i, name) in names.iter().enumerate() {
            let v = to_json(&row.get::<_, rusqlite::types::Value>(i)?);
            match s.key.iter().position(|k| k == name) {
                Some(k) => key[k] = v,
                None => {
                    fields.insert(name.clone(), v);
                }
            }
        }
        ops.push(Op {
            table: s.table.to_string(),
            key,
            kind: Kind::Insert,
            fields,
        });
    }
    Ok(ops)
}

/// The whole synced state as insert operations (a snapshot, the lead's first entry).
pub(super) fn whole_state(conn: &Connection) -> Result<Vec<Op>> {
    let mut ops = Vec::new();
    for s in SYNCED {
        ops.extend(rows_as_inserts(conn, s.table, "1", "")?);
    }
    Ok(ops)
}

/// A post with what belongs to it (but not its history), in an order where parents come first.
fn post_rows(conn: &Connection, post: &str) -> Result<Vec<Op>> {
    let media = "id IN (SELECT media_id FROM post_media WHERE post_id = ?1)";
    let media_people = "media_id IN (SELECT media_id FROM post_media WHERE post_id = ?1)";
    let mut ops = Vec::new();
    for (table, filter) in [
        ("posts", "id = ?1"),
        ("post_variants", "post_id = ?1"),
        ("post_people", "post_id = ?1"),
        ("media", media),
        ("media_people", media_people),
        ("post_media", "post_id = ?1"),
        ("success_stories", "post_id = ?1"),
    ] {
        ops.extend(rows_as_inserts(conn, table, filter, post)?);
    }
    Ok(ops)
}

fn media_rows(conn: &Connection, media: &str) -> Result<Vec<Op>> {
    let mut ops = rows_as_inserts(conn, "media", "id = ?1", media)?;
    ops.extend(rows_as_inserts(
        conn,
        "media_people",
        "media_id = ?1",
        media,
    )?);
    Ok(ops)
}

/// What this batch makes readable to devices that did not have it: a post published (to the
/// team), a post handed to a new author, a post made from someone's material and the photo
/// a material names (to that person). Each goes whole, before the batch's own changes.
pub(super) fn shares(conn: &Connection, ops: &[Op]) -> Result<Vec<(Audience, Op)>> {
    let stored = Stored::live(conn);
    let mut out: Vec<(Audience, Op)> = Vec::new();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let mut share = |what: &str, id: String, to: Audience, rows: Vec<Op>| {
        let tag = format!("{to:?}");
        if seen.insert((format!("{what}/{id}"), tag)) {
            out.extend(rows.into_iter().map(|r| (to.clone(), r)));
        }
    };
    for op in ops {
        let id = key_at(op, 0);
        match (op.table.as_str(), op.kind) {
            ("posts", Kind::Update) => {
                if text_field(op, "status").as_deref() == Some("published") {
                    share("post", id.clone(), Audience::Team, post_rows(conn, &id)?);
                }
                if let Some(author) = text_field(op, "author_id") {
                    let to = stored.post_audience(&id)?;
                    if to != Audience::Team {
                        share(
                            "post",
                            id.clone(),
                            Audience::staff_and([author]),
                            post_rows(conn, &id)?,
                        );
                    }
                }
            }
            ("materials", Kind::Insert | Kind::Update) => {
                let Some(person) = column(conn, op, "person_id")? else {
                    continue;
                };
                if let Some(post) = text_field(op, "post_id") {
                    if stored.post_audience(&post)? != Audience::Team {
                        let rows = post_rows(conn, &post)?;
                        share("post", post, Audience::staff_and([person.clone()]), rows);
                    }
                }
                if let Some(media) = text_field(op, "media_id") {
                    let rows = media_rows(conn, &media)?;
                    share("media", media, Audience::staff_and([person]), rows);
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Every change of `ops` with its audience, shares first.
pub(super) fn with_audiences(
    conn: &Connection,
    ops: Vec<Op>,
    me: Option<&str>,
    share: bool,
) -> Result<Vec<(Audience, Op)>> {
    let mut out = if share {
        shares(conn, &ops)?
    } else {
        Vec::new()
    };
    let stored = Stored::live(conn);
    for op in ops {
        out.extend(of_op(&stored, op, me)?);
    }
    Ok(out)
}

/// The whole synced state with every row's audience (a snapshot, the lead's first entry).
pub(super) fn whole_state_with_audiences(
    conn: &Connection,
    me: Option<&str>,
) -> Result<Vec<(Audience, Op)>> {
    let stored = Stored::indexed(conn)?;
    let mut out = Vec::new();
    for op in whole_state(conn)? {
        out.extend(of_op(&stored, op, me)?);
    }
    Ok(out)
}
