//! Where the app looks for its updates, and what must hold before one is installed.
//!
//! Updates are the company's decision, not the project's: a company's IT department publishes
//! the versions it has approved, signed with a key it keeps, on an HTTPS address or a file
//! share, and tells every installed app where to look and which key to trust in `update.json`
//! (the machine-wide file that IT manages wins over the user's own; see docs/INSTALL.md). No
//! address, no checks: the app never talks to an update server nobody configured.
//!
//! Everything in `update.json` is validated before it is used. The address must be `https://`
//! or a manifest on a file share. The key must be a minisign public key as `tauri signer
//! generate` prints it. On a share, the package a manifest names is looked up beside the
//! manifest by its file name alone: whatever path the manifest carries never becomes a path
//! on this machine. The signature check itself is the updater plugin's, at download and again
//! at install.

use crate::error::{Error, Result};
use base64::Engine as _;
use std::path::{Path, PathBuf};

/// The file, in the machine's and the user's Tsunagu config folders, that names the update
/// address and the key that signs updates.
pub const CONFIG_FILE: &str = "update.json";
/// The largest `update.json` or manifest read (they are a few hundred bytes).
const MAX_TEXT: u64 = 256 * 1024;

/// Where the manifest lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// A manifest served over HTTPS.
    Https(url::Url),
    /// A manifest file on a file share (or any folder this machine can read).
    Share(PathBuf),
}

/// The update settings the company gave this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateSource {
    /// Where the signed manifest is published.
    pub endpoint: Endpoint,
    /// The minisign public key (base64, as `tauri signer generate` prints it).
    pub pubkey: String,
    /// The `update.json` it came from.
    pub origin: PathBuf,
}

impl UpdateSource {
    /// The address as people read it.
    pub fn address(&self) -> String {
        match &self.endpoint {
            Endpoint::Https(u) => u.to_string(),
            Endpoint::Share(p) => p.display().to_string(),
        }
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    endpoint: String,
    pubkey: String,
}

/// The `update.json` files looked at, the machine's (IT-managed) first.
pub fn config_files() -> Vec<PathBuf> {
    crate::paths::config_dirs()
        .into_iter()
        .map(|d| d.join(CONFIG_FILE))
        .collect()
}

/// The first `update.json` found, validated; `None` when there is none.
pub fn load() -> Result<Option<UpdateSource>> {
    for file in config_files() {
        match read_small(&file) {
            Ok(text) => return parse(&text, &file).map(Some),
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(None)
}

/// Reads a text file of at most [`MAX_TEXT`] bytes.
fn read_small(path: &Path) -> Result<String> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).map_err(|e| Error::io("read", path, e))?;
    let mut text = String::new();
    file.take(MAX_TEXT + 1)
        .read_to_string(&mut text)
        .map_err(|e| Error::io("read", path, e))?;
    if text.len() as u64 > MAX_TEXT {
        return Err(Error::invalid(
            "update",
            format!("{} is too large to be an update file", path.display()),
        ));
    }
    Ok(text)
}

/// Validates the text of an `update.json` found at `origin`.
pub fn parse(text: &str, origin: &Path) -> Result<UpdateSource> {
    let bad = |why: String| {
        Error::invalid(
            "update",
            format!("{}: {why}. Ask IT for a corrected file.", origin.display()),
        )
    };
    let raw: RawConfig = serde_json::from_str(text).map_err(|e| {
        bad(format!(
            "not a valid update file ({e}); it needs \"endpoint\" and \"pubkey\""
        ))
    })?;
    let endpoint = parse_endpoint(raw.endpoint.trim()).map_err(bad)?;
    let pubkey = raw.pubkey.trim().to_string();
    check_pubkey(&pubkey).map_err(bad)?;
    Ok(UpdateSource {
        endpoint,
        pubkey,
        origin: origin.to_path_buf(),
    })
}

fn parse_endpoint(text: &str) -> std::result::Result<Endpoint, String> {
    if text.is_empty() {
        return Err("\"endpoint\" is empty".into());
    }
    if let Ok(url) = url::Url::parse(text) {
        match url.scheme() {
            "https" => return Ok(Endpoint::Https(url)),
            "file" => {
                return url
                    .to_file_path()
                    .map(Endpoint::Share)
                    .map_err(|()| format!("{text} is not a file on this machine"))
            }
            // A Windows path such as C:\share\latest.json parses as a URL with scheme "c".
            s if s.len() > 1 => {
                return Err(format!(
                    "{text} uses {s}://; updates come over https:// or from a file share"
                ))
            }
            _ => {}
        }
    }
    let path = PathBuf::from(text);
    if !path.is_absolute() {
        return Err(format!(
            "{text} is neither an https:// address nor the full path of a manifest on a file share"
        ));
    }
    Ok(Endpoint::Share(path))
}

/// A minisign public key as Tauri prints it: base64 of the two-line key file, whose second line
/// is base64 of "Ed", an 8-byte key id and a 32-byte Ed25519 key.
fn check_pubkey(key: &str) -> std::result::Result<(), String> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let wrong = || "\"pubkey\" is not a public key made by `tauri signer generate`".to_string();
    let file = b64.decode(key).map_err(|_| wrong())?;
    let file = String::from_utf8(file).map_err(|_| wrong())?;
    let line = file.lines().nth(1).ok_or_else(wrong)?;
    let raw = b64.decode(line.trim()).map_err(|_| wrong())?;
    if raw.len() != 42 || &raw[..2] != b"Ed" {
        return Err(wrong());
    }
    Ok(())
}

/// Reads a manifest from a file share.
pub fn read_share_manifest(manifest: &Path) -> Result<serde_json::Value> {
    let text = read_small(manifest)?;
    serde_json::from_str(&text).map_err(|e| {
        Error::invalid(
            "update",
            format!(
                "{} is not an update manifest ({e}). Ask IT to publish it again.",
                manifest.display()
            ),
        )
    })
}

/// The package a share's manifest names, looked up beside the manifest by its last path
/// segment alone, never by the path the manifest carries.
pub fn share_package(manifest: &Path, announced: &url::Url) -> Result<PathBuf> {
    let refused = || {
        Error::invalid(
            "update",
            format!("the manifest names no package file beside it ({announced})"),
        )
    };
    let segment = announced
        .path_segments()
        .and_then(|mut s| s.next_back())
        .unwrap_or_default();
    let name = percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .map_err(|_| refused())?;
    // A bare file name: no separator, no drive, not hidden (which also rules out . and ..).
    if name.is_empty() || name.starts_with('.') || name.contains(['/', '\\', ':', '\0']) {
        return Err(refused());
    }
    let folder = manifest.parent().ok_or_else(refused)?;
    Ok(folder.join(name.as_ref()))
}

/// The locks an installation holds: no publishing pass and no sync round runs while an update
/// is being installed, and none is interrupted by one.
#[derive(Debug)]
pub struct Quiet {
    _publishing: crate::lockfile::Held,
    _sync: crate::lockfile::Held,
}

/// Takes the publishing and sync locks of the workspace in `dir`, or says which is busy.
pub fn hold_quiet(dir: &Path) -> Result<Quiet> {
    let publishing = crate::publish::hold_publishing(dir)?;
    let sync = crate::sync::engine::hold_sync(dir)?;
    Ok(Quiet {
        _publishing: publishing,
        _sync: sync,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real key as `tauri signer generate` writes it (public half only).
    const KEY: &str = "dW50cnVzdGVkIGNvbW1lbnQ6IG1pbmlzaWduIHB1YmxpYyBrZXk6IDY5RTY1MEUxRkE4Rjc2MkQKUldRdGRvLzY0VkRtYVJVMGZrdmZucEZHSC9Dbm4xOTNuYTd5R3NmMDhHUnBqMEFucGJMWXV6Sk0K";

    fn parsed(endpoint: &str, key: &str) -> Result<UpdateSource> {
        parse(
            &serde_json::json!({ "endpoint": endpoint, "pubkey": key }).to_string(),
            Path::new("/etc/tsunagu/update.json"),
        )
    }

    #[test]
    fn https_and_shares_are_accepted_anything_else_is_refused_with_the_file_named() {
        let https = parsed("https://updates.example.co.jp/tsunagu/latest.json", KEY).unwrap();
        assert!(matches!(https.endpoint, Endpoint::Https(_)));
        let share = parsed("/mnt/share/tsunagu/latest.json", KEY).unwrap();
        assert_eq!(
            share.endpoint,
            Endpoint::Share("/mnt/share/tsunagu/latest.json".into())
        );
        let file = parsed("file:///mnt/share/latest.json", KEY).unwrap();
        assert_eq!(
            file.endpoint,
            Endpoint::Share("/mnt/share/latest.json".into())
        );
        for bad in [
            "http://updates.example.co.jp/latest.json",
            "ftp://x/latest.json",
            "latest.json",
            "",
        ] {
            let err = parsed(bad, KEY).unwrap_err().to_string();
            assert!(err.contains("/etc/tsunagu/update.json"), "{bad}: {err}");
        }
        assert!(parsed("https://x/latest.json", "not a key").is_err());
        assert!(parse("{\"endpoint\": \"https://x/\"}", Path::new("u.json")).is_err());
        assert!(parse(
            &serde_json::json!({ "endpoint": "https://x/", "pubkey": KEY, "unknown": 1 })
                .to_string(),
            Path::new("u.json")
        )
        .is_err());
    }

    #[test]
    fn a_shares_package_is_found_beside_the_manifest_by_name_only() {
        let manifest = Path::new("/mnt/share/tsunagu/latest.json");
        let url = |s: &str| url::Url::parse(s).unwrap();
        assert_eq!(
            share_package(
                manifest,
                &url("file:///anywhere/else/Tsunagu_0.2.0_amd64.AppImage")
            )
            .unwrap(),
            PathBuf::from("/mnt/share/tsunagu/Tsunagu_0.2.0_amd64.AppImage")
        );
        assert_eq!(
            share_package(
                manifest,
                &url("https://x/dl/%E3%81%A4%E3%81%AA%E3%81%90.deb")
            )
            .unwrap(),
            PathBuf::from("/mnt/share/tsunagu/つなぐ.deb")
        );
        for bad in [
            "file:///share/",
            "file:///share/..%2F..%2Fetc%2Fpasswd",
            "file:///share/%2e%2e",
            "file:///share/.hidden",
        ] {
            assert!(share_package(manifest, &url(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_update_waits_for_a_publishing_pass_and_a_sync_round() {
        let dir = tempfile::tempdir().unwrap();
        let pass = crate::publish::hold_publishing(dir.path()).unwrap();
        assert!(matches!(hold_quiet(dir.path()), Err(Error::Busy(_))));
        drop(pass);
        let round = crate::sync::engine::hold_sync(dir.path()).unwrap();
        assert!(matches!(hold_quiet(dir.path()), Err(Error::Busy(_))));
        drop(round);
        let quiet = hold_quiet(dir.path()).unwrap();
        // While the update holds them, no pass or round can start.
        assert!(crate::publish::hold_publishing(dir.path()).is_err());
        assert!(crate::sync::engine::hold_sync(dir.path()).is_err());
        drop(quiet);
    }
}
