//! Material from the floor: a phone page on the office network, and a watched folder.
//!
//! The people the seeds are about have a phone, not a laptop with Tsunagu. While the lead
//! keeps the intake open, Tsunagu serves a small page on one local interface for a limited
//! time; a QR code per person (or per request, for the 朝礼 board) carries a token that opens
//! it. What a phone sends is checked whole before any of it is kept: the token (known, not
//! ended, not revoked, budget left), the giver's consent for how they say they appear (a face
//! from someone who agreed to hands only is refused on the phone, kindly, and nothing is
//! stored), every photo (a readable JPEG or PNG; location and camera data stripped as for
//! every image). Only then are the photos filed and the material written, in one transaction,
//! with the phone as its source and the giver as its actor.
//!
//! The server is in [`server`], the pages in [`page`]; the watched folder (where the LINE PC
//! app saves received photos) in [`folder`]; the printable sheet of codes in [`sheet`]. The
//! fronts reach the workspace through a [`Door`], so the desktop app (its workspace behind
//! the shell's lock) and the command line (a workspace of its own) share all of this.

pub mod auto;
pub mod folder;
pub mod handoff;
mod http;
pub(crate) mod multipart;
pub mod page;
pub mod server;
pub mod session;
pub mod sheet;
pub mod tokens;

use crate::error::{Error, Result, Rule};
use crate::ids::{PersonId, RowId};
use crate::media;
use crate::model::{Appearance, MAX_PHOTOS_PER_SENDING};
use crate::roster::materials::{self, Origin, Sending};
use crate::store::Source;
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use tokens::{Grant, TokenProblem};
use ts_rs::TS;

/// The largest body one sending may have (ten photos from a phone, with room to spare).
pub const MAX_BODY: u64 = 80 * 1024 * 1024;
/// The longest comment, in characters.
pub const MAX_COMMENT: usize = 1000;

/// How a front lets the intake reach its workspace.
pub trait Door: Send + Sync + 'static {
    /// Runs `f` on the open workspace (under the front's lock).
    fn with_workspace(&self, f: &mut dyn FnMut(&mut Workspace) -> Result<()>) -> Result<()>;
    /// Told after material was kept (the desktop app refreshes its inbox).
    fn received(&self, _receipt: &Receipt) {}
}

impl Door for std::sync::Mutex<Workspace> {
    fn with_workspace(&self, f: &mut dyn FnMut(&mut Workspace) -> Result<()>) -> Result<()> {
        let mut ws = self
            .lock()
            .map_err(|_| Error::Unreachable("The workspace lock was poisoned.".into()))?;
        f(&mut ws)
    }
}

/// Runs `f` on the door's workspace and returns its value.
pub fn through<R>(door: &dyn Door, f: impl FnOnce(&mut Workspace) -> Result<R>) -> Result<R> {
    let mut f = Some(f);
    let mut out = None;
    door.with_workspace(&mut |ws| {
        if let Some(f) = f.take() {
            out = Some(f(ws)?);
        }
        Ok(())
    })?;
    out.ok_or_else(|| Error::Unreachable("The workspace was not reached.".into()))
}

/// Writes this computer's own settings of the intake (the watched folder, the address it
/// opens on): columns of the workspace row that never travel to the team.
fn set_local(
    ws: &mut Workspace,
    source: Source,
    fields: &[(&'static str, rusqlite::types::Value)],
) -> Result<()> {
    let id: String = ws
        .store()
        .conn()
        .query_row("SELECT id FROM workspace", [], |r| r.get(0))?;
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| {
        w.update(
            "workspace",
            &[("id", crate::store::write::val::text(id.clone()))],
            fields,
        )
    })
}

/// One photo as it arrived.
#[derive(Debug, Clone)]
pub struct Photo {
    /// Its file name on the phone.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// One sending from the phone page.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The giver, chosen on a request's code (a personal code names its person).
    pub person: Option<PersonId>,
    /// The request it answers, chosen on a personal code (a request's code names it).
    pub request: Option<RowId>,
    /// How the giver appears.
    pub appearance: Option<Appearance>,
    /// Their comment.
    pub comment: String,
    /// The photos.
    pub photos: Vec<Photo>,
}

/// Why a sending was refused; every refusal stores nothing. The phone page explains each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// The code does not open the page.
    Token(TokenProblem),
    /// The form was posted from another site (or another address).
    CrossSite,
    /// The sending is larger than one sending may be.
    TooLarge,
    /// More photos than one sending may carry.
    TooManyPhotos,
    /// A file is not an image Tsunagu can read.
    NotAnImage,
    /// A photo arrived as HEIC (the phone did not convert it).
    Heic,
    /// The giver's consent does not cover how they appear.
    Consent,
    /// Neither a photo nor a comment.
    Empty,
    /// How the giver appears was not said (or "comment only" with photos).
    NoAppearance,
    /// The name or request chosen is not one this code offers.
    NotAsked,
    /// The form could not be read.
    BadForm,
    /// Something on this computer failed; nothing was kept.
    Internal,
}

impl Refusal {
    /// The HTTP status the page is served with.
    pub fn status(self) -> u16 {
        match self {
            Refusal::Token(_) | Refusal::CrossSite => 403,
            Refusal::TooLarge | Refusal::TooManyPhotos => 413,
            Refusal::NotAnImage | Refusal::Heic => 415,
            Refusal::Consent | Refusal::Empty | Refusal::NoAppearance | Refusal::NotAsked => 422,
            Refusal::BadForm => 400,
            Refusal::Internal => 500,
        }
    }
}

/// Material kept from a phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Receipt {
    /// The material.
    pub material: RowId,
    /// Its giver.
    pub person: PersonId,
    /// Photos kept.
    pub photos: u32,
}

/// Whether `bytes` are a HEIC/HEIF image (an ISO media file with an image brand).
pub fn is_heic(bytes: &[u8]) -> bool {
    bytes.get(4..8) == Some(b"ftyp")
        && bytes.get(8..12).is_some_and(|b| {
            matches!(
                b,
                b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1"
            )
        })
}

/// The giver and request a sending is for, once the code and the choices are checked.
#[derive(Debug, Clone, Copy)]
struct Target {
    person: PersonId,
    request: Option<RowId>,
}

fn internal(e: &Error) -> Refusal {
    match e.rule() {
        Some(Rule::ConsentNotCovered) => Refusal::Consent,
        Some(Rule::UnreadableImage) => Refusal::NotAnImage,
        Some(Rule::ImageTooBig) => Refusal::TooLarge,
        _ => Refusal::Internal,
    }
}

/// Checks the code and what was chosen: who gives it, for which request, and whether their
/// consent covers how they appear. Reads only.
fn target(
    ws: &Workspace,
    grant: &Grant,
    s: &Submission,
) -> Result<std::result::Result<Target, Refusal>> {
    let person = match (grant.person, s.person) {
        (Some(p), _) => p,
        (None, Some(chosen)) => {
            let Some(request) = grant.request else {
                return Ok(Err(Refusal::NotAsked));
            };
            let asked = crate::app::requests::request_board(ws)?
                .into_iter()
                .find(|r| r.id == request)
                .is_some_and(|r| r.assignees.iter().any(|a| a.person == chosen));
            if !asked {
                return Ok(Err(Refusal::NotAsked));
            }
            chosen
        }
        (None, None) => return Ok(Err(Refusal::NotAsked)),
    };
    let request = match (grant.request, s.request) {
        (Some(r), _) => Some(r),
        (None, Some(chosen)) => {
            let asked = crate::app::requests::requests(ws, Some(person))?
                .iter()
                .any(|r| r.id == chosen);
            if !asked {
                return Ok(Err(Refusal::NotAsked));
            }
            Some(chosen)
        }
        (None, None) => None,
    };
    let appearance = match (s.appearance, s.photos.is_empty()) {
        (None, _) => return Ok(Err(Refusal::NoAppearance)),
        (Some(Appearance::CommentOnly), false) => return Ok(Err(Refusal::NoAppearance)),
        (Some(_), true) => Appearance::CommentOnly,
        (Some(a), false) => a,
    };
    if let Err(e) = materials::check_appearance(ws.store().conn(), ws.today()?, person, appearance)
    {
        return match e.rule() {
            Some(Rule::ConsentNotCovered) => Ok(Err(Refusal::Consent)),
            _ => Err(e),
        };
    }
    Ok(Ok(Target { person, request }))
}

/// What a material code allows (a handoff's code opens no material page).
fn grant(ws: &Workspace, token: &str) -> Result<std::result::Result<Grant, Refusal>> {
    Ok(
        match tokens::resolve(ws.store().conn(), token, ws.clock().now())? {
            Ok(g) if g.job.is_some() => Err(Refusal::Token(TokenProblem::Unknown)),
            other => other.map_err(Refusal::Token),
        },
    )
}

/// What the phone page shows for a code: whose it is, what it answers, what can be chosen.
pub fn page_for(door: &dyn Door, token: &str) -> std::result::Result<page::Form, Refusal> {
    let r = through(door, |ws| {
        let g = match grant(ws, token)? {
            Ok(g) => g,
            Err(r) => return Ok(Err(r)),
        };
        page::form(ws, &g).map(Ok)
    });
    r.unwrap_or(Err(Refusal::Internal))
}

/// Whether `token` opens the page now (read before a sending's body is).
pub fn check_token(door: &dyn Door, token: &str) -> std::result::Result<(), Refusal> {
    through(door, |ws| grant(ws, token))
        .unwrap_or(Err(Refusal::Internal))
        .map(|_| ())
}

/// Receives one sending: checks everything, then keeps it whole or not at all.
pub fn receive(
    door: &dyn Door,
    token: &str,
    s: Submission,
) -> std::result::Result<Receipt, Refusal> {
    if s.photos.len() > MAX_PHOTOS_PER_SENDING {
        return Err(Refusal::TooManyPhotos);
    }
    if s.comment.trim().is_empty() && s.photos.is_empty() {
        return Err(Refusal::Empty);
    }
    if s.comment.chars().count() > MAX_COMMENT {
        return Err(Refusal::BadForm);
    }
    let size: u64 =
        s.photos.iter().map(|p| p.bytes.len() as u64).sum::<u64>() + s.comment.len() as u64;
    // 1. The code, the choices and the consent, before any photo is even decoded.
    let checked = through(door, |ws| {
        let g = match grant(ws, token)? {
            Ok(g) => g,
            Err(r) => return Ok(Err(r)),
        };
        if g.bytes.saturating_add(size) > tokens::MAX_TOKEN_BYTES {
            return Ok(Err(Refusal::Token(TokenProblem::Spent)));
        }
        Ok(target(ws, &g, &s)?.map(|t| (t, media::root(ws.dir()))))
    })
    .map_err(|e| internal(&e))??;
    let (target, root) = checked;
    // 2. Every photo, in memory and without the lock: a sending with one bad photo keeps none.
    let mut cleaned = Vec::with_capacity(s.photos.len());
    for p in &s.photos {
        if is_heic(&p.bytes) {
            return Err(Refusal::Heic);
        }
        cleaned.push(media::clean(&p.name, &p.bytes).map_err(|e| internal(&e))?);
    }
    // 3. Filed and written in one transaction, the code checked again (it may have been
    // revoked meanwhile) and its budget counted.
    let appearance = if s.photos.is_empty() {
        Appearance::CommentOnly
    } else {
        s.appearance.unwrap_or(Appearance::Absent)
    };
    let receipt = through(door, |ws| {
        let g = match grant(ws, token)? {
            Ok(g) => g,
            Err(r) => return Ok(Err(r)),
        };
        let mut prepared = Vec::with_capacity(cleaned.len());
        for c in cleaned.drain(..) {
            prepared.push(media::file(&root, c)?);
        }
        let ctx = ws.ctx(Some(target.person), Source::Phone);
        let photos = prepared.len() as u32;
        let material = ws.store_mut().write(&ctx, |w| {
            let mut ids = Vec::with_capacity(prepared.len());
            for p in &prepared {
                ids.push(media::import(w, p)?);
            }
            let id = materials::send(
                w,
                &Sending {
                    person: target.person,
                    request: target.request,
                    comment: s.comment.trim(),
                    appearance: Some(appearance),
                    photos: ids,
                    origin: Origin::Phone,
                },
            )?;
            tokens::record_use(w, &g, size)?;
            Ok(id)
        })?;
        Ok(Ok(Receipt {
            material,
            person: target.person,
            photos,
        }))
    })
    .map_err(|e| internal(&e))??;
    door.received(&receipt);
    Ok(receipt)
}

/// One stored photo of material, by its content hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StoredPhoto {
    /// The image.
    pub media: RowId,
    /// The SHA-256 of the stored (stripped) file.
    pub sha256: String,
}

/// Material as the command line lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Listed {
    /// The material.
    pub id: RowId,
    /// Its giver.
    pub person: PersonId,
    /// Their name.
    pub person_name: String,
    /// The request it answers.
    pub request: Option<RowId>,
    /// The request's title.
    pub request_title: Option<String>,
    /// How the giver appears.
    pub appearance: Option<Appearance>,
    /// `app`, `phone` or `folder`.
    pub origin: String,
    /// The comment.
    pub comment: String,
    /// The photos.
    pub photos: Vec<StoredPhoto>,
    /// The draft made from it.
    pub post: Option<crate::ids::PostId>,
    /// When it arrived, RFC 3339 UTC.
    pub created_at: String,
}

/// Every material, newest first, with names and the stored images' hashes.
pub fn listing(ws: &Workspace) -> Result<Vec<Listed>> {
    let people = crate::app::people::people(ws)?;
    let board = crate::app::requests::request_board(ws)?;
    let conn = ws.store().conn();
    let mut out = Vec::new();
    for m in materials::materials(conn)? {
        let mut photos = Vec::new();
        for id in &m.photos {
            let sha: String = conn.query_row(
                "SELECT sha256 FROM media WHERE id = ?1",
                [id.as_string()],
                |r| r.get(0),
            )?;
            photos.push(StoredPhoto {
                media: *id,
                sha256: sha,
            });
        }
        out.push(Listed {
            id: m.id,
            person: m.person,
            person_name: people
                .iter()
                .find(|p| p.id == m.person)
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            request: m.request,
            request_title: m
                .request
                .and_then(|r| board.iter().find(|b| b.id == r).map(|b| b.title.clone())),
            appearance: m.appearance,
            origin: m.origin,
            comment: m.comment,
            photos,
            post: m.post,
            created_at: m.created_at,
        });
    }
    Ok(out)
}
