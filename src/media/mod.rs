//! Images attached to posts: a content-addressed store in the workspace's `media/` folder.
//!
//! Importing reads the file once, refuses what is not a JPEG or PNG (or is too big, or
//! damaged) with a message that says what to do, strips location and other metadata
//! ([`strip`]), names the file by the SHA-256 of what is stored (so the same photo is kept
//! once), writes it under a temporary name and renames it, and makes a thumbnail. The row
//! keeps alt text, a "faces visible" flag and the people who appear.

pub mod strip;

use crate::error::{Error, Result};
use crate::ids::{PersonId, PostId, RowId};
use crate::store::{write::val, Writer};
use crate::workspace::MEDIA_DIR;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// The largest image accepted, in bytes.
pub const MAX_BYTES: u64 = 30 * 1024 * 1024;
/// Longest side of a thumbnail, in pixels.
pub const THUMB_PX: u32 = 480;

/// An attached image as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MediaInfo {
    /// The image.
    pub id: RowId,
    /// `image/jpeg` or `image/png`.
    pub mime: String,
    /// Size of the stored (stripped) file.
    pub bytes: u32,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The name it had when attached.
    pub file_name: String,
    /// Description for screen readers.
    pub alt_text: String,
    /// Whether faces can be recognised.
    pub faces_visible: bool,
    /// People who appear.
    pub people: Vec<PersonId>,
}

/// Changes to an image's description.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MediaPatch {
    /// New alt text.
    #[ts(optional)]
    pub alt_text: Option<String>,
    /// New faces flag.
    #[ts(optional)]
    pub faces_visible: Option<bool>,
    /// New list of people who appear.
    #[ts(optional)]
    pub people: Option<Vec<PersonId>>,
}

fn too_big(size: u64) -> Error {
    Error::refused(
        crate::error::Rule::ImageTooBig,
        "image",
        format!(
            "The image is {:.1} MB; Tsunagu takes up to {} MB (Instagram and Threads take 8 MB). Resize or export it smaller and attach it again.",
            size as f64 / 1_048_576.0,
            MAX_BYTES / 1_048_576
        ),
    )
}

/// An image checked and filed, ready for its row.
pub struct Prepared {
    sha: String,
    mime: &'static str,
    bytes: i64,
    width: u32,
    height: u32,
    name: String,
}

fn insert_media(w: &mut Writer<'_>, image: &Prepared) -> Result<RowId> {
    let id = RowId(w.new_id());
    let now = w.now_text().to_string();
    w.insert(
        "media",
        &[("id", val::text(id.as_string()))],
        &[
            ("sha256", val::text(image.sha.clone())),
            ("mime", val::text(image.mime)),
            ("bytes", val::int(image.bytes)),
            ("width", val::int(i64::from(image.width))),
            ("height", val::int(i64::from(image.height))),
            ("file_name", val::text(image.name.clone())),
            ("created_at", val::text(now)),
        ],
    )?;
    Ok(id)
}

/// The workspace's media folder: `media/` in the workspace directory.
pub fn root(workspace_dir: &Path) -> PathBuf {
    workspace_dir.join(MEDIA_DIR)
}

/// The file of an image by its content hash. The hash is checked to be 64 lower-case hex
/// digits first: a value from another device or the database file never becomes a path.
fn media_file(root: &Path, sha: &str, ext: &str) -> Result<PathBuf> {
    let sha = checked_sha(sha)?;
    Ok(root.join(&sha[..2]).join(format!("{sha}.{ext}")))
}

fn thumb_file(root: &Path, sha: &str) -> Result<PathBuf> {
    let sha = checked_sha(sha)?;
    Ok(root.join("thumbs").join(format!("{sha}.jpg")))
}

/// Reads an image file for [`prepare`], refusing one that is too big before reading it.
pub fn read_file(path: &Path) -> Result<(String, Vec<u8>)> {
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io("read", path, e))?
        .len();
    if size > MAX_BYTES {
        return Err(too_big(size));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io("read", path, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((name, bytes))
}

/// An image checked and cleaned in memory, with its thumbnail, not yet filed: material from
/// a phone is checked whole (every photo of a sending) before any of it is kept.
pub struct Cleaned {
    format: strip::Format,
    clean: Vec<u8>,
    thumb: Vec<u8>,
    width: u32,
    height: u32,
    name: String,
}

impl Cleaned {
    /// Size of the cleaned file.
    pub fn len(&self) -> usize {
        self.clean.len()
    }

    /// Whether the cleaned file is empty (never, for an image that decoded).
    pub fn is_empty(&self) -> bool {
        self.clean.is_empty()
    }
}

/// Checks and cleans an image in memory: refuses what is not a readable JPEG or PNG (or is
/// too big), strips its metadata and makes the thumbnail.
pub fn clean(file_name: &str, bytes: &[u8]) -> Result<Cleaned> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    let (format, clean, width, height) = strip::strip(bytes)?;
    // Decoding proves the pixels are readable and gives the thumbnail.
    let decoded = image::load_from_memory(&clean).map_err(|_| {
        Error::refused(crate::error::Rule::UnreadableImage, "image", "The image could not be decoded; it may be damaged. Export it again and attach the new file.")
    })?;
    let thumb = decoded.thumbnail(THUMB_PX, THUMB_PX).to_rgb8();
    drop(decoded);
    let mut thumb_bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut thumb_bytes, 82)
        .encode_image(&thumb)
        .map_err(|e| Error::invalid("image", format!("The thumbnail could not be made: {e}")))?;
    Ok(Cleaned {
        format,
        clean,
        thumb: thumb_bytes,
        width,
        height,
        name: file_name
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect(),
    })
}

/// Files a cleaned image and its thumbnail under `root` (content-addressed, so doing it twice
/// is harmless); its row is written by [`attach`] or [`import`] in the caller's transaction.
pub fn file(root: &Path, c: Cleaned) -> Result<Prepared> {
    let sha = format!("{:x}", Sha256::digest(&c.clean));
    write_new(&media_file(root, &sha, c.format.ext())?, &c.clean)?;
    write_new(&thumb_file(root, &sha)?, &c.thumb)?;
    Ok(Prepared {
        sha,
        mime: c.format.mime(),
        bytes: c.clean.len() as i64,
        width: c.width,
        height: c.height,
        name: c.name,
    })
}

/// Checks, cleans and files an image and its thumbnail under `root` ([`clean`], then
/// [`file`]).
pub fn prepare(root: &Path, file_name: &str, bytes: &[u8]) -> Result<Prepared> {
    file(root, clean(file_name, bytes)?)
}

impl Prepared {
    /// The SHA-256 of the stored file.
    pub fn sha256(&self) -> &str {
        &self.sha
    }
}

/// Attaches a prepared image to the end of a post's images; a review of the post is void.
pub fn attach(w: &mut Writer<'_>, post: PostId, image: &Prepared) -> Result<RowId> {
    let exists: bool = w.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM posts WHERE id = ?1)",
        [post.as_string()],
        |r| r.get(0),
    )?;
    if !exists {
        return Err(Error::NotFound {
            entity: "post",
            id: post.as_string(),
        });
    }
    let id = insert_media(w, image)?;
    let position: i64 = w.conn().query_row(
        "SELECT coalesce(max(position) + 1, 0) FROM post_media WHERE post_id = ?1",
        [post.as_string()],
        |r| r.get(0),
    )?;
    w.insert(
        "post_media",
        &[
            ("post_id", val::text(post.as_string())),
            ("media_id", val::text(id.as_string())),
        ],
        &[("position", val::int(position))],
    )?;
    crate::approval::void_if_reviewed(w, post, crate::approval::VoidReason::ImageAdded)?;
    Ok(id)
}

/// Keeps a prepared image that belongs to no post yet (material someone sent).
pub fn import(w: &mut Writer<'_>, image: &Prepared) -> Result<RowId> {
    insert_media(w, image)
}

/// One image.
pub fn media(conn: &Connection, id: RowId) -> Result<MediaInfo> {
    let mut info = conn
        .query_row(
            "SELECT mime, bytes, coalesce(width, 0), coalesce(height, 0), coalesce(file_name, ''), alt_text, faces_visible
             FROM media WHERE id = ?1",
            [id.as_string()],
            |r| {
                Ok(MediaInfo {
                    id,
                    mime: r.get(0)?,
                    bytes: r.get(1)?,
                    width: r.get(2)?,
                    height: r.get(3)?,
                    file_name: r.get(4)?,
                    alt_text: r.get(5)?,
                    faces_visible: r.get::<_, i64>(6)? != 0,
                    people: Vec::new(),
                })
            },
        )
        .map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Error::NotFound { entity: "image", id: id.as_string() },
            other => other.into(),
        })?;
    let mut stmt = conn.prepare_cached(
        "SELECT person_id FROM media_people WHERE media_id = ?1 ORDER BY person_id",
    )?;
    info.people = stmt
        .query_map([id.as_string()], |r| r.get::<_, String>(0))?
        .filter_map(|r| r.ok())
        .filter_map(|p| PersonId::parse(&p))
        .collect();
    Ok(info)
}

/// A post's images, in order.
pub fn post_media(conn: &Connection, post: PostId) -> Result<Vec<MediaInfo>> {
    let ids: Vec<String> = {
        let mut stmt = conn.prepare_cached(
            "SELECT media_id FROM post_media WHERE post_id = ?1 ORDER BY position",
        )?;
        let ids = stmt
            .query_map([post.as_string()], |r| r.get(0))?
            .collect::<Result<Vec<_>, _>>()?;
        ids
    };
    ids.iter()
        .filter_map(|i| RowId::parse(i))
        .map(|i| media(conn, i))
        .collect()
}

/// Changes alt text, the faces flag or the people in an image; every post showing it loses
/// its review (all three are part of what was approved).
pub fn update(w: &mut Writer<'_>, id: RowId, patch: &MediaPatch) -> Result<()> {
    let before = media(w.conn(), id)?;
    if let Some(alt) = &patch.alt_text {
        if alt.chars().count() > 1500 {
            return Err(Error::invalid(
                "alt_text",
                "Alt text is limited to 1,500 characters (Mastodon's limit). Shorten it.",
            ));
        }
    }
    let mut fields = Vec::new();
    if let Some(alt) = &patch.alt_text {
        fields.push(("alt_text", val::text(alt.trim())));
    }
    if let Some(f) = patch.faces_visible {
        fields.push(("faces_visible", val::bool(f)));
    }
    w.update("media", &[("id", val::text(id.as_string()))], &fields)?;
    if let Some(people) = &patch.people {
        let key = |p: &PersonId| {
            [
                ("media_id", val::text(id.as_string())),
                ("person_id", val::text(p.as_string())),
            ]
        };
        for p in before.people.iter().filter(|p| !people.contains(p)) {
            w.delete("media_people", &key(p))?;
        }
        for p in people.iter().filter(|p| !before.people.contains(p)) {
            w.insert("media_people", &key(p), &[])?;
        }
    }
    let posts: Vec<String> = {
        let mut stmt = w
            .conn()
            .prepare("SELECT post_id FROM post_media WHERE media_id = ?1")?;
        let rows = stmt.query_map([id.as_string()], |r| r.get(0))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    for p in posts.iter().filter_map(|p| PostId::parse(p)) {
        crate::approval::void_if_reviewed(w, p, crate::approval::VoidReason::ImageChanged)?;
    }
    Ok(())
}

/// Removes an image from a post (the file stays for other uses and backups).
pub fn detach(w: &mut Writer<'_>, post: PostId, id: RowId) -> Result<()> {
    w.delete(
        "post_media",
        &[
            ("post_id", val::text(post.as_string())),
            ("media_id", val::text(id.as_string())),
        ],
    )?;
    crate::approval::void_if_reviewed(w, post, crate::approval::VoidReason::ImageRemoved)?;
    Ok(())
}

/// The stored (stripped) file of an image.
pub fn path(conn: &Connection, root: &Path, id: RowId) -> Result<PathBuf> {
    let (sha, mime): (String, String) = conn.query_row(
        "SELECT sha256, mime FROM media WHERE id = ?1",
        [id.as_string()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let ext = if mime == "image/png" { "png" } else { "jpg" };
    media_file(root, &sha, ext)
}

/// The thumbnail (JPEG bytes) of an image.
pub fn thumbnail(conn: &Connection, root: &Path, id: RowId) -> Result<Vec<u8>> {
    let sha: String = conn.query_row(
        "SELECT sha256 FROM media WHERE id = ?1",
        [id.as_string()],
        |r| r.get(0),
    )?;
    let path = thumb_file(root, &sha)?;
    std::fs::read(&path).map_err(|e| Error::io("read", path, e))
}

/// Whether `s` is a SHA-256 in the form Tsunagu writes: 64 lower-case hex digits.
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn checked_sha(sha: &str) -> Result<&str> {
    if is_sha256_hex(sha) {
        Ok(sha)
    } else {
        Err(Error::invalid(
            "image",
            "This image's record is damaged (its content hash is not a SHA-256). Remove the image from the post and attach it again.",
        ))
    }
}

/// Writes `bytes` to `path` unless it exists (same content, same name), atomically.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.exists() {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    }
    // A name of its own per write: two writers of the same photo never share a half file.
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_extension(format!("partial-{}-{n}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| Error::io("write", &tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io("write", path, e))
}

/// Every stored image file as (sha256, path), for team sync: photos travel as
/// content-addressed files beside the log.
pub(crate) fn files(conn: &Connection, root: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut stmt = conn.prepare("SELECT DISTINCT sha256, mime FROM media")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (sha, mime) = row?;
        // A malformed hash (from a damaged or hostile row) names no file: skipped here, and
        // refused by the sync validator before it could be stored.
        let ext = if mime == "image/png" { "png" } else { "jpg" };
        if let Ok(path) = media_file(root, &sha, ext) {
            out.push((sha, path));
        }
    }
    Ok(out)
}

/// Files an image that arrived from another device: checked against its hash, with its
/// thumbnail made here.
pub(crate) fn receive_file(root: &Path, sha: &str, path: &Path, bytes: &[u8]) -> Result<()> {
    if format!("{:x}", Sha256::digest(bytes)) != sha {
        return Err(Error::invalid(
            "image",
            format!("the shared copy of image {sha} is damaged; it is fetched again next time"),
        ));
    }
    write_new(path, bytes)?;
    if let Ok(decoded) = image::load_from_memory(bytes) {
        let thumb = decoded.thumbnail(THUMB_PX, THUMB_PX).to_rgb8();
        let mut thumb_bytes = Vec::new();
        if image::codecs::jpeg::JpegEncoder::new_with_quality(&mut thumb_bytes, 82)
            .encode_image(&thumb)
            .is_ok()
        {
            write_new(&thumb_file(root, sha)?, &thumb_bytes)?;
        }
    }
    Ok(())
}
