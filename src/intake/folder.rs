//! The watched folder: where the LINE or LINE WORKS PC app saves the photos people send, or a
//! shared 「SNS素材」 folder.
//!
//! Tsunagu only reads it: nothing there is moved, renamed or deleted. Each image file is known
//! by the SHA-256 of its bytes, so a file is imported once however often it is copied, renamed
//! or seen again (a quick check by name, size and time skips files already read without
//! reading them again). A file still being written is left for the next look: it must have
//! stopped changing for a moment and read as a whole image (a JPEG cut short fails to decode).
//! What arrives is unassigned material until the lead names its giver and request; the
//! consent check then runs as it does for a phone.

use crate::clock::to_db_time;
use crate::error::{Error, Result, Rule};
use crate::ids::{PersonId, RowId};
use crate::media;
use crate::model::Appearance;
use crate::roster::materials::{self, Origin, Sending};
use crate::store::{write::val, Source};
use crate::workspace::Workspace;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::{Duration, SystemTime};
use ts_rs::TS;

/// How long a file must have stopped changing before it is read.
pub const SETTLE: Duration = Duration::from_secs(2);

/// What one look at the folder did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ScanReport {
    /// New images kept as unassigned material.
    pub imported: u32,
    /// Files still being written, left for the next look.
    pub waiting: u32,
    /// Files that cannot be kept (a HEIC, a damaged image, too large), listed once.
    pub problems: u32,
}

/// A file from the watched folder, as the inbox lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FolderFile {
    /// The row.
    pub id: RowId,
    /// Its name in the folder.
    pub file_name: String,
    /// When it was last changed, RFC 3339 UTC.
    pub modified_at: Option<String>,
    /// The stored image, if it could be kept.
    pub media: Option<RowId>,
    /// Why it could not be kept: `heic`, `unreadable` or `too_big`.
    pub problem: Option<String>,
    /// A guess at its giver (their name in the file name).
    pub guess_person: Option<PersonId>,
}

const IMAGE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "heic", "heif"];

fn is_candidate(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with('.') || name.starts_with("~$") {
        return false;
    }
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| IMAGE_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Whether an image file's bytes end as a whole file does (a JPEG's end marker, a PNG's last
/// chunk): a copy in progress does not.
fn looks_complete(bytes: &[u8]) -> bool {
    match media::strip::sniff(bytes) {
        Ok(media::strip::Format::Jpeg) => {
            let end = bytes.len().saturating_sub(64);
            memchr::memmem::rfind(&bytes[end..], &[0xFF, 0xD9]).is_some()
        }
        Ok(media::strip::Format::Png) => {
            bytes.len() >= 12 && &bytes[bytes.len() - 8..bytes.len() - 4] == b"IEND"
        }
        Err(_) => true,
    }
}

/// How long ago a file changed. File times come from the file system's clock, so this reads
/// the same clock (the workspace's clock may be a fixed one in tests, or shifted by `--today`).
#[allow(clippy::disallowed_methods)]
fn age(modified: SystemTime) -> Duration {
    SystemTime::now()
        .duration_since(modified)
        .unwrap_or_default()
}

/// Looks at `dir` once and keeps every new, complete image as unassigned material.
pub fn scan(ws: &mut Workspace, dir: &Path) -> Result<ScanReport> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io("read", dir, e))?;
    let mut report = ScanReport::default();
    let root = media::root(ws.dir());
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if !is_candidate(&path) {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let modified = meta.modified().ok();
        if modified.is_some_and(|m| age(m) < SETTLE) {
            report.waiting += 1;
            continue;
        }
        let modified_at = modified.map(|m| to_db_time(chrono::DateTime::<chrono::Utc>::from(m)));
        let size = meta.len() as i64;
        let known: bool = ws.store().conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM folder_files WHERE file_name = ?1 AND size = ?2 AND modified_at IS ?3)",
            rusqlite::params![name, size, modified_at],
            |r| r.get(0),
        )?;
        if known {
            continue;
        }
        let (problem, bytes) = if meta.len() > media::MAX_BYTES {
            (Some("too_big"), Vec::new())
        } else {
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            (None, bytes)
        };
        // A too-big file is not read: its name and size stand for its bytes.
        let sha = if problem.is_some() {
            format!("{:x}", Sha256::digest(format!("{name}\0{size}").as_bytes()))
        } else {
            format!("{:x}", Sha256::digest(&bytes))
        };
        let seen: bool = ws.store().conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM folder_files WHERE sha256 = ?1)",
            [&sha],
            |r| r.get(0),
        )?;
        if seen {
            continue;
        }
        let mut prepared = None;
        let problem = if problem.is_some() {
            problem
        } else if super::is_heic(&bytes) {
            Some("heic")
        } else {
            match media::clean(&name, &bytes) {
                Ok(c) => {
                    prepared = Some(media::file(&root, c)?);
                    None
                }
                Err(e) if e.rule() == Some(Rule::UnreadableImage) && !looks_complete(&bytes) => {
                    report.waiting += 1;
                    continue;
                }
                Err(e) if e.rule() == Some(Rule::ImageTooBig) => Some("too_big"),
                Err(_) => Some("unreadable"),
            }
        };
        let ctx = ws.ctx(None, Source::Folder);
        ws.store_mut().write(&ctx, |w| {
            let media_id = match &prepared {
                Some(p) => Some(media::import(w, p)?),
                None => None,
            };
            let id = RowId(w.new_id());
            let now = w.now_text().to_string();
            w.insert(
                "folder_files",
                &[("id", val::text(id.as_string()))],
                &[
                    ("sha256", val::text(sha.clone())),
                    ("file_name", val::text(name.clone())),
                    ("size", val::int(size)),
                    ("modified_at", val::opt_text(modified_at.clone())),
                    ("media_id", val::opt_text(media_id.map(|m| m.as_string()))),
                    ("problem", val::opt_text(problem.map(str::to_string))),
                    ("seen_at", val::text(now)),
                ],
            )
        })?;
        if problem.is_some() {
            report.problems += 1;
        } else {
            report.imported += 1;
        }
    }
    Ok(report)
}

/// Files from the folder not yet assigned nor dismissed, newest first, with a guess at who
/// sent each.
pub fn unassigned(ws: &Workspace) -> Result<Vec<FolderFile>> {
    let people = crate::app::people::people(ws)?;
    let mut stmt = ws.store().conn().prepare_cached(
        "SELECT id, file_name, modified_at, media_id, problem FROM folder_files
         WHERE material_id IS NULL AND dismissed = 0 ORDER BY coalesce(modified_at, seen_at) DESC, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, file_name, modified_at, media, problem) = row?;
        let Some(id) = RowId::parse(&id) else {
            continue;
        };
        let plain: String = file_name.chars().filter(|c| !c.is_whitespace()).collect();
        let guess_person = people
            .iter()
            .filter(|p| p.active)
            .find(|p| {
                [&p.name, &p.display_name].iter().any(|n| {
                    let n: String = n.chars().filter(|c| !c.is_whitespace()).collect();
                    n.chars().count() >= 2 && plain.contains(&n)
                })
            })
            .map(|p| p.id);
        out.push(FolderFile {
            id,
            file_name,
            modified_at,
            media: media.as_deref().and_then(RowId::parse),
            problem,
            guess_person,
        });
    }
    Ok(out)
}

/// Assigns a file from the folder to its giver (and the request it answers): it becomes their
/// material, with the consent check a phone's sending gets. Returns the material.
pub fn assign(
    ws: &mut Workspace,
    source: Source,
    file: RowId,
    person: PersonId,
    request: Option<RowId>,
    appearance: Appearance,
) -> Result<RowId> {
    let row: Option<(Option<String>, Option<String>)> = ws
        .store()
        .conn()
        .query_row(
            "SELECT media_id, material_id FROM folder_files WHERE id = ?1 AND dismissed = 0",
            [file.as_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((media_id, material)) = row else {
        return Err(Error::NotFound {
            entity: "folder file",
            id: file.as_string(),
        });
    };
    if material.is_some() {
        return Err(Error::invalid(
            "file",
            "This photo was already assigned; find it in the inbox.",
        ));
    }
    let Some(media_id) = media_id.as_deref().and_then(RowId::parse) else {
        return Err(Error::refused(
            Rule::UnreadableImage,
            "file",
            "This file could not be kept as an image; ask the sender for a JPEG or PNG.",
        ));
    };
    if appearance == Appearance::CommentOnly {
        return Err(Error::invalid(
            "appearance",
            "Say how the person appears in the photo.",
        ));
    }
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| {
        let id = materials::send(
            w,
            &Sending {
                person,
                request,
                comment: "",
                appearance: Some(appearance),
                photos: vec![media_id],
                origin: Origin::Folder,
            },
        )?;
        w.update(
            "folder_files",
            &[("id", val::text(file.as_string()))],
            &[("material_id", val::text(id.as_string()))],
        )?;
        Ok(id)
    })
}

/// Puts a file from the folder aside (not material); it is never offered again.
pub fn dismiss(ws: &mut Workspace, source: Source, file: RowId) -> Result<()> {
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| {
        w.update(
            "folder_files",
            &[("id", val::text(file.as_string()))],
            &[("dismissed", val::int(1))],
        )
    })
}

/// The watched folder of this computer, if one is set.
pub fn watched(ws: &Workspace) -> Result<Option<std::path::PathBuf>> {
    let dir: Option<String> =
        ws.store()
            .conn()
            .query_row("SELECT watch_folder FROM workspace", [], |r| r.get(0))?;
    Ok(dir.filter(|d| !d.is_empty()).map(std::path::PathBuf::from))
}

/// Sets (or, with `None`, clears) the watched folder; it must be an existing folder given by
/// its full path.
pub fn set_watched(ws: &mut Workspace, source: Source, dir: Option<&Path>) -> Result<()> {
    if let Some(d) = dir {
        if !d.is_absolute() || !d.is_dir() {
            return Err(Error::invalid(
                "folder",
                format!(
                    "{} is not a folder on this computer; give its full path.",
                    d.display()
                ),
            ));
        }
    }
    super::set_local(
        ws,
        source,
        &[(
            "watch_folder",
            val::opt_text(dir.map(|d| d.to_string_lossy().into_owned())),
        )],
    )
}
