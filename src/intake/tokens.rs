//! The phone page's keys: one per person (on their own QR code) or per request (on the 朝礼
//! board, where the sender picks their name from the people asked).
//!
//! A token is 24 random bytes from the operating system, written as 48 hex digits: too many
//! to guess, short enough for a QR code a phone reads from across a table. Only its SHA-256 is
//! kept, so a copy of the database (a backup, a colleague's synced copy, a stolen laptop's
//! disk) opens no door. Each token ends at a time, can be revoked at once, and carries a
//! budget of sendings and bytes, so a leaked code cannot fill the disk.

use crate::clock::{from_db_time, to_db_time};
use crate::error::{Error, Result};
use crate::ids::{PersonId, RowId};
use crate::store::{write::val, Writer};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

/// Sendings one token may make.
pub const MAX_SENDS: u32 = 50;
/// Bytes one token may bring in, over all its sendings.
pub const MAX_TOKEN_BYTES: u64 = 600 * 1024 * 1024;
/// Random bytes in a token.
const TOKEN_BYTES: usize = 24;

/// Why a token does not open the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TokenProblem {
    /// No such token (mistyped, or from another workspace).
    Unknown,
    /// Its time ended.
    Expired,
    /// The lead revoked it.
    Revoked,
    /// Its budget of sendings or bytes is used up.
    Spent,
}

/// What a valid token allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The token's row.
    pub id: RowId,
    /// The person it belongs to, for a personal code.
    pub person: Option<PersonId>,
    /// The request it answers, if any.
    pub request: Option<RowId>,
    /// The publish job it hands off, for a handoff's code.
    pub job: Option<RowId>,
    /// Sendings made so far.
    pub sends: u32,
    /// Bytes brought in so far.
    pub bytes: u64,
    /// When it ends, RFC 3339 UTC.
    pub expires_at: String,
}

/// A token as the lead's screen lists it (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TokenInfo {
    /// The token's row.
    pub id: RowId,
    /// Whose personal code it is.
    pub person: Option<PersonId>,
    /// The request it answers.
    pub request: Option<RowId>,
    /// When it ends, RFC 3339 UTC.
    pub expires_at: String,
    /// Sendings made with it.
    pub sends: u32,
    /// Whether it opens the page now, and if not, why.
    pub problem: Option<TokenProblem>,
}

/// A token just made: the only time its text exists outside a phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Issued {
    /// The token's row.
    pub id: RowId,
    /// The token (48 hex digits).
    pub token: String,
    /// Whose personal code it is.
    pub person: Option<PersonId>,
    /// The request it answers.
    pub request: Option<RowId>,
    /// When it ends, RFC 3339 UTC.
    pub expires_at: String,
}

fn sha(token: &str) -> String {
    format!("{:x}", Sha256::digest(token.as_bytes()))
}

/// Whether `s` has the shape of a token (so nothing else is ever hashed and looked up).
pub fn well_formed(s: &str) -> bool {
    s.len() == TOKEN_BYTES * 2
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

fn random_token() -> Result<String> {
    let mut buf = [0u8; TOKEN_BYTES];
    getrandom::fill(&mut buf).map_err(|e| {
        Error::invalid(
            "token",
            format!("The operating system gave no random numbers ({e}); restart the computer and try again."),
        )
    })?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// Makes a token for `person` and/or `request`, ending at `expires`.
pub fn issue(
    w: &mut Writer<'_>,
    person: Option<PersonId>,
    request: Option<RowId>,
    expires: DateTime<Utc>,
) -> Result<Issued> {
    if person.is_none() && request.is_none() {
        return Err(Error::invalid(
            "token",
            "A code belongs to a person or to a request.",
        ));
    }
    insert(
        w,
        &[
            ("person_id", val::opt_text(person.map(|p| p.as_string()))),
            ("request_id", val::opt_text(request.map(|r| r.as_string()))),
        ],
        person,
        request,
        expires,
    )
}

/// Writes a new token's row with `owner` (whose, or what, it opens); returns the token.
fn insert(
    w: &mut Writer<'_>,
    owner: &[(&'static str, rusqlite::types::Value)],
    person: Option<PersonId>,
    request: Option<RowId>,
    expires: DateTime<Utc>,
) -> Result<Issued> {
    let token = random_token()?;
    let id = RowId(w.new_id());
    let now = w.now_text().to_string();
    let expires_at = to_db_time(expires);
    let mut fields = vec![("token_sha", val::text(sha(&token)))];
    fields.extend(owner.iter().cloned());
    fields.push(("expires_at", val::text(expires_at.clone())));
    fields.push(("created_at", val::text(now)));
    w.insert(
        "intake_tokens",
        &[("id", val::text(id.as_string()))],
        &fields,
    )?;
    Ok(Issued {
        id,
        token,
        person,
        request,
        expires_at,
    })
}

type Row = (
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    i64,
    i64,
    Option<String>,
);

fn problem(row: &Row, now: DateTime<Utc>) -> Option<TokenProblem> {
    let (_, _, _, expires, revoked, sends, bytes, _) = row;
    if revoked.is_some() {
        Some(TokenProblem::Revoked)
    } else if from_db_time(expires).is_none_or(|e| e <= now) {
        Some(TokenProblem::Expired)
    } else if *sends >= i64::from(MAX_SENDS) || *bytes >= MAX_TOKEN_BYTES as i64 {
        Some(TokenProblem::Spent)
    } else {
        None
    }
}

const COLUMNS: &str = "id, person_id, request_id, expires_at, revoked_at, sends, bytes, job_id";

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
    ))
}

/// What `token` allows at `now`, or why it does not open the page.
pub fn resolve(
    conn: &Connection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<std::result::Result<Grant, TokenProblem>> {
    if !well_formed(token) {
        return Ok(Err(TokenProblem::Unknown));
    }
    let row = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM intake_tokens WHERE token_sha = ?1"),
            [sha(token)],
            read_row,
        )
        .optional()?;
    let Some(row) = row else {
        return Ok(Err(TokenProblem::Unknown));
    };
    if let Some(p) = problem(&row, now) {
        return Ok(Err(p));
    }
    let (id, person, request, expires_at, _, sends, bytes, job) = row;
    let Some(id) = RowId::parse(&id) else {
        return Ok(Err(TokenProblem::Unknown));
    };
    Ok(Ok(Grant {
        id,
        person: person.as_deref().and_then(PersonId::parse),
        request: request.as_deref().and_then(RowId::parse),
        job: job.as_deref().and_then(RowId::parse),
        sends: u32::try_from(sends).unwrap_or(u32::MAX),
        bytes: u64::try_from(bytes).unwrap_or(0),
        expires_at,
    }))
}

/// Makes a code that hands off one publish job (the phone page shows the approved post and
/// takes its address back), ending at `expires`.
pub fn issue_for_job(w: &mut Writer<'_>, job: RowId, expires: DateTime<Utc>) -> Result<Issued> {
    insert(
        w,
        &[("job_id", val::text(job.as_string()))],
        None,
        None,
        expires,
    )
}

/// Counts one sending of `bytes` against the token's budget.
pub fn record_use(w: &mut Writer<'_>, grant: &Grant, bytes: u64) -> Result<()> {
    w.update(
        "intake_tokens",
        &[("id", val::text(grant.id.as_string()))],
        &[
            ("sends", val::int(i64::from(grant.sends) + 1)),
            (
                "bytes",
                val::int(i64::try_from(grant.bytes.saturating_add(bytes)).unwrap_or(i64::MAX)),
            ),
        ],
    )
}

/// Revokes a token at once: the next request with it gets the "no longer valid" page.
pub fn revoke(w: &mut Writer<'_>, id: RowId) -> Result<()> {
    let now = w.now_text().to_string();
    w.update(
        "intake_tokens",
        &[("id", val::text(id.as_string()))],
        &[("revoked_at", val::text(now))],
    )
}

/// Ends every token still open (the intake was closed by the lead).
pub fn revoke_all(w: &mut Writer<'_>) -> Result<u32> {
    let now = w.now();
    let open: Vec<RowId> = list(w.conn(), now)?
        .into_iter()
        .filter(|t| t.problem.is_none())
        .map(|t| t.id)
        .collect();
    for id in &open {
        revoke(w, *id)?;
    }
    Ok(open.len() as u32)
}

/// Every token still listed (those that ended more than a day ago are left out), newest first.
pub fn list(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<TokenInfo>> {
    let since = to_db_time(now - chrono::Duration::days(1));
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM intake_tokens WHERE expires_at > ?1 ORDER BY created_at DESC, id"
    ))?;
    let rows = stmt.query_map([since], read_row)?;
    let mut out = Vec::new();
    for row in rows {
        let row = row?;
        let p = problem(&row, now);
        let (id, person, request, expires_at, _, sends, _, _) = row;
        let Some(id) = RowId::parse(&id) else {
            continue;
        };
        out.push(TokenInfo {
            id,
            person: person.as_deref().and_then(PersonId::parse),
            request: request.as_deref().and_then(RowId::parse),
            expires_at,
            sends: u32::try_from(sends).unwrap_or(u32::MAX),
            problem: p,
        });
    }
    Ok(out)
}
