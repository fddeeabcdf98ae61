//! Where sync files travel: list, get, put once (immutable), and put a head (advisory, may be
//! replaced). Layout: `log/<device>/<from>-<to>.seg` for log segments, `heads/<device>.json`
//! for hints, `snapshot/<name>.seg` for a lead-signed snapshot, `team/roster.json` and
//! `team/join-<fingerprint>.json` for the team, `media/<sha256>` for photos.
//!
//! Shared folders are hostile places: cloud-drive clients leave "conflicted copy" files,
//! Windows drops `desktop.ini` and `Thumbs.db`, macOS `.DS_Store`, and an interrupted copy
//! leaves half a file. So a name is listed only when it has the layout's exact shape (anything
//! else is ignored, never an error), and a file is written under a temporary name inside the
//! transport and renamed into place once complete and flushed: a reader sees all of it or
//! nothing. A segment is immutable: writing the same bytes again is harmless (duplicate
//! delivery), writing different bytes under an existing name is refused, because it means a
//! device reused its sequence numbers (a laptop restored from a backup).

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What every transport offers.
pub trait Transport: Send + Sync {
    /// Names under `prefix` (`log/`, `log/<device>/`, `heads/`), sorted; stray files left out.
    fn list(&self, prefix: &str) -> Result<Vec<String>>;
    /// The file's bytes.
    fn get(&self, name: &str) -> Result<Vec<u8>>;
    /// Stores a segment once. The same bytes again are accepted; different bytes are refused.
    fn put_immutable(&self, name: &str, bytes: &[u8]) -> Result<()>;
    /// Stores or replaces a head (an advisory hint).
    fn put_head(&self, name: &str, bytes: &[u8]) -> Result<()>;
    /// Removes a file (compaction: segments every member has passed, old snapshots). A file
    /// that is not there is not an error.
    fn remove(&self, name: &str) -> Result<()>;
}

/// Whether `name` has the layout's shape: `log/<id>/<n>-<n>.seg`, `heads/<id>.json`,
/// `snapshot/<id>.seg`, `team/<id>.json` or `media/<sha256>`, where ids are letters, digits,
/// `-` and `_`.
pub fn is_layout_name(name: &str) -> bool {
    let id = |s: &str| {
        !s.is_empty()
            && s.len() <= 80
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    let parts: Vec<&str> = name.split('/').collect();
    match parts.as_slice() {
        ["log", device, file] => {
            id(device)
                && file.strip_suffix(".seg").is_some_and(|range| {
                    range.split_once('-').is_some_and(|(a, b)| {
                        !a.is_empty()
                            && !b.is_empty()
                            && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
                    })
                })
        }
        ["heads", file] => file.strip_suffix(".json").is_some_and(id),
        ["snapshot", file] => file.strip_suffix(".seg").is_some_and(id),
        ["team", file] => file.strip_suffix(".json").is_some_and(id),
        ["media", file] => file.len() == 64 && file.bytes().all(|b| b.is_ascii_hexdigit()),
        _ => false,
    }
}

/// Refuses a name outside the layout (so no transport writes or reads elsewhere).
pub(crate) fn check_name(name: &str) -> Result<()> {
    if is_layout_name(name) {
        Ok(())
    } else {
        Err(Error::invalid(
            "sync file",
            format!("\"{name}\" is not a sync file name (log/<device>/<from>-<to>.seg, heads/<device>.json or snapshot/<name>.seg)."),
        ))
    }
}

/// The largest file read from the shared place: far above any segment or photo Tsunagu
/// writes, and small enough that a planted huge file cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 128 * 1024 * 1024;

/// The error for a file larger than [`MAX_FILE_BYTES`].
pub(crate) fn too_large(name: &str, size: u64) -> Error {
    Error::invalid(
        "sync file",
        format!(
            "{name} is {} MiB, larger than any file Tsunagu writes ({} MiB); it was not read. Remove it from the shared place.",
            size / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

/// Reads at most [`MAX_FILE_BYTES`] from `r`; more is refused.
pub(crate) fn read_capped(name: &str, r: impl std::io::Read) -> Result<Vec<u8>> {
    use std::io::Read as _;
    let mut out = Vec::new();
    r.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| Error::io("read", name, e))?;
    if out.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(name, out.len() as u64));
    }
    Ok(out)
}

/// The error for a segment name written before with other bytes.
pub(crate) fn reused(name: &str) -> Error {
    Error::invalid(
        "sync file",
        format!("{name} already exists with other content: this device has written these sequence numbers before (was it restored from a backup?). Nothing was overwritten."),
    )
}

/// A shared folder.
#[derive(Debug, Clone)]
pub struct FolderTransport {
    root: PathBuf,
}

/// Where half-written files wait to be renamed; never listed.
const STAGING: &str = ".tsunagu-staging";

impl FolderTransport {
    /// The folder at `root`, which must exist (a share that is not mounted must not look like
    /// an empty one).
    pub fn new(root: &Path) -> Result<Self> {
        if !root.is_dir() {
            return Err(Error::Unreachable(format!(
                "{} is not reachable: connect the share or the USB stick, or choose the team folder again.",
                root.display()
            )));
        }
        Ok(Self {
            root: root.to_path_buf(),
        })
    }

    fn path(&self, name: &str) -> PathBuf {
        name.split('/')
            .fold(self.root.clone(), |p, part| p.join(part))
    }

    /// Writes `bytes` to a staging file, flushed, then renames it to `name`.
    fn write_atomically(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let target = self.path(name);
        let staging = self.root.join(STAGING);
        for dir in [
            &staging,
            &target
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| self.root.clone()),
        ] {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io("create", dir.display().to_string(), e))?;
        }
        let temp = staging.join(format!("{}.part", uuid::Uuid::new_v4().simple()));
        let written = (|| {
            let mut f = std::fs::File::create(&temp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            std::fs::rename(&temp, &target)
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temp);
            return Err(Error::io("write", target.display().to_string(), e));
        }
        Ok(())
    }
}

impl Transport for FolderTransport {
    fn list(&self, prefix: &str) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let mut stack = vec![(self.root.clone(), String::new())];
        while let Some((dir, rel)) = stack.pop() {
            let entries = match std::fs::read_dir(&dir) {
                Ok(e) => e,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(Error::io("list", dir.display().to_string(), e)),
            };
            for entry in entries.flatten() {
                let file = entry.file_name().to_string_lossy().into_owned();
                if file == STAGING {
                    continue;
                }
                let name = if rel.is_empty() {
                    file
                } else {
                    format!("{rel}/{file}")
                };
                let kind = entry.file_type().map_err(|e| Error::io("list", &name, e))?;
                if kind.is_dir() && name.split('/').count() < 3 {
                    stack.push((entry.path(), name));
                } else if kind.is_file() && name.starts_with(prefix) && is_layout_name(&name) {
                    out.push(name);
                }
            }
        }
        out.sort();
        Ok(out)
    }

    fn get(&self, name: &str) -> Result<Vec<u8>> {
        check_name(name)?;
        let file = std::fs::File::open(self.path(name)).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound {
                entity: "sync file",
                id: name.to_string(),
            },
            _ => Error::io("read", name, e),
        })?;
        let size = file
            .metadata()
            .map_err(|e| Error::io("read", name, e))?
            .len();
        if size > MAX_FILE_BYTES {
            return Err(too_large(name, size));
        }
        read_capped(name, file)
    }

    fn put_immutable(&self, name: &str, bytes: &[u8]) -> Result<()> {
        check_name(name)?;
        match self.get(name) {
            Ok(existing) if existing == bytes => return Ok(()),
            Ok(_) => return Err(reused(name)),
            Err(Error::NotFound { .. }) => {}
            Err(e) => return Err(e),
        }
        self.write_atomically(name, bytes)
    }

    fn put_head(&self, name: &str, bytes: &[u8]) -> Result<()> {
        check_name(name)?;
        self.write_atomically(name, bytes)
    }

    fn remove(&self, name: &str) -> Result<()> {
        check_name(name)?;
        match std::fs::remove_file(self.path(name)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io("remove", name, e)),
            _ => Ok(()),
        }
    }
}

/// A transport in memory, for simulations of many devices in one process.
#[derive(Debug, Default)]
pub struct MemoryTransport {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Transport for MemoryTransport {
    fn list(&self, prefix: &str) -> Result<Vec<String>> {
        let files = self
            .files
            .lock()
            .map_err(|_| Error::invalid("sync", "the transport is unusable"))?;
        Ok(files
            .keys()
            .filter(|k| k.starts_with(prefix))
            .cloned()
            .collect())
    }

    fn get(&self, name: &str) -> Result<Vec<u8>> {
        let files = self
            .files
            .lock()
            .map_err(|_| Error::invalid("sync", "the transport is unusable"))?;
        files.get(name).cloned().ok_or_else(|| Error::NotFound {
            entity: "sync file",
            id: name.to_string(),
        })
    }

    fn put_immutable(&self, name: &str, bytes: &[u8]) -> Result<()> {
        check_name(name)?;
        let mut files = self
            .files
            .lock()
            .map_err(|_| Error::invalid("sync", "the transport is unusable"))?;
        match files.get(name) {
            Some(existing) if existing.as_slice() == bytes => Ok(()),
            Some(_) => Err(reused(name)),
            None => {
                files.insert(name.to_string(), bytes.to_vec());
                Ok(())
            }
        }
    }

    fn put_head(&self, name: &str, bytes: &[u8]) -> Result<()> {
        check_name(name)?;
        let mut files = self
            .files
            .lock()
            .map_err(|_| Error::invalid("sync", "the transport is unusable"))?;
        files.insert(name.to_string(), bytes.to_vec());
        Ok(())
    }

    fn remove(&self, name: &str) -> Result<()> {
        check_name(name)?;
        self.files
            .lock()
            .map_err(|_| Error::invalid("sync", "the transport is unusable"))?
            .remove(name);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::is_layout_name;

    #[test]
    fn only_the_layout_s_names_count() {
        for ok in [
            "log/dev-1/1-40.seg",
            "log/a_b/0000000001-0000000100.seg",
            "heads/dev-1.json",
            "snapshot/2026-12.seg",
        ] {
            assert!(is_layout_name(ok), "{ok}");
        }
        for stray in [
            "desktop.ini",
            "log/desktop.ini",
            "log/dev-1/desktop.ini",
            "log/dev-1/Thumbs.db",
            "log/dev-1/.DS_Store",
            "log/dev-1/1-40 (Sato's conflicted copy 2026-12-01).seg",
            "log/dev-1/1-40 (1).seg",
            "log/dev-1/1-40.seg.part",
            "log/dev-1/~1-40.seg",
            "log/../heads/x.json",
            "log/dev-1/a-b.seg",
            "heads/dev 1.json",
            "/etc/passwd",
        ] {
            assert!(!is_layout_name(stray), "{stray}");
        }
    }
}
