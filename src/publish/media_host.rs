//! The media host: where Instagram and Threads fetch a post's images from.
//!
//! Meta takes images only from a public address, never as bytes. Tsunagu puts each image in
//! the company's S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, Wasabi …) and hands Meta a
//! presigned link that works for an hour; the object is deleted once the post is out (a
//! lifecycle rule on the bucket is the safety net). The bucket stays private: every request is
//! a presigned URL (AWS Signature Version 4, query form), so no public-read policy is needed.
//! The access key id and the addresses are settings; the secret key lives in the keychain.

use super::Failure;
use crate::error::{Error, Result};
use crate::publish::{FailureKind, Problem};
use crate::secrets::SecretStore;
use crate::store::{write::val, Writer};
use chrono::{DateTime, Utc};
use rusqlite::Connection;

pub use crate::platforms::s3::{Bucket as MediaHost, BucketConfig as MediaHostConfig};

/// The keychain entry of the bucket's secret key.
const SECRET_KEY: &str = "media-host";

/// The media host settings, if one is set.
pub fn config(conn: &Connection) -> Result<Option<MediaHostConfig>> {
    let raw: Option<String> =
        conn.query_row("SELECT media_host FROM workspace LIMIT 1", [], |r| r.get(0))?;
    Ok(raw.and_then(|r| serde_json::from_str(&r).ok()))
}

/// Checks new settings and keeps the secret key in the keychain (or removes it with `None`):
/// the settings to store. A new secret is needed the first time; afterwards an empty one
/// keeps the stored key.
pub fn keep_secret(
    secrets: &dyn SecretStore,
    cfg: Option<MediaHostConfig>,
    secret_key: &str,
) -> Result<Option<MediaHostConfig>> {
    match cfg {
        None => {
            secrets.delete(SECRET_KEY)?;
            Ok(None)
        }
        Some(c) => {
            let c = validate(c)?;
            if !secret_key.trim().is_empty() {
                secrets.set(SECRET_KEY, secret_key.trim())?;
            } else if secrets.get(SECRET_KEY)?.is_none() {
                return Err(Error::invalid(
                    "secret key",
                    "Give the bucket's secret access key; it is kept in the OS keychain only.",
                ));
            }
            Ok(Some(c))
        }
    }
}

/// Stores the media host settings (no secret in them).
pub fn save(w: &mut Writer<'_>, cfg: Option<&MediaHostConfig>) -> Result<()> {
    let text = cfg
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| Error::invalid("media host", e.to_string()))?;
    crate::workspace::set_fields(w, &[("media_host", val::opt_text(text))])
}

/// Puts a small image on the media host, reads it back through its link and deletes it,
/// so a wrong setting shows now and not when a post is due.
pub fn check(conn: &Connection, now: DateTime<Utc>, secrets: &dyn SecretStore) -> Result<()> {
    let fail = |f: Failure| Error::Platform {
        platform: "media host".into(),
        problem: f.reason(),
    };
    let host = host(conn, now, secrets).map_err(fail)?.ok_or_else(|| {
        Error::invalid(
            "media host",
            "No media host is set: fill in Settings → Media host first.",
        )
    })?;
    let key = "tsunagu/check.txt";
    let probe = b"tsunagu media host check".to_vec();
    let link = host.put(key, probe.clone(), "text/plain").map_err(fail)?;
    let back = host.get(key).map_err(fail)?;
    host.delete(key).map_err(fail)?;
    if back != probe {
        return Err(Error::Platform {
            platform: "media host".into(),
            problem: format!("an image put on the host came back different through its link ({link}). Check the endpoint."),
        });
    }
    Ok(())
}

/// The media host, ready to sign at `now`; `None` when none is set.
pub(crate) fn host(
    conn: &Connection,
    now: DateTime<Utc>,
    secrets: &dyn SecretStore,
) -> std::result::Result<Option<MediaHost>, Failure> {
    let perm = |e: Error| super::keychain_failure(&e);
    let Some(cfg) = config(conn).map_err(perm)? else {
        return Ok(None);
    };
    let secret = secrets.get(SECRET_KEY).map_err(perm)?.ok_or_else(|| {
        Failure::Permanent(Problem::new(FailureKind::MediaHostRefused,
            "The media host's secret key is not in the keychain. Enter it again in Settings → Media host.".into(),
        ))
    })?;
    MediaHost::new(cfg, &secret, now).map(Some).map_err(perm)
}

/// Deletes a job's hosted images once its post is out; a failure only leaves them for the
/// bucket's lifecycle rule.
pub(crate) fn unhost(
    conn: &Connection,
    now: DateTime<Utc>,
    secrets: &dyn SecretStore,
    job_key: &str,
) {
    if let Ok(Some(host)) = host(conn, now, secrets) {
        for n in 0..4 {
            let _ = host.delete(&object_key(job_key, n));
        }
    }
}

fn validate(c: MediaHostConfig) -> Result<MediaHostConfig> {
    let endpoint =
        super::accounts::check_server(&c.endpoint, "https://s3.ap-northeast-1.amazonaws.com")?;
    let bucket = c.bucket.trim().to_string();
    let ok_bucket = (3..=63).contains(&bucket.len())
        && bucket
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
    if !ok_bucket {
        return Err(Error::invalid(
            "bucket",
            format!("\"{bucket}\" is not a bucket name: 3–63 lower-case letters, digits, dots and hyphens."),
        ));
    }
    let region = c.region.trim().to_string();
    if region.is_empty() {
        return Err(Error::invalid(
            "region",
            "Give the bucket's region, such as ap-northeast-1 (auto for Cloudflare R2).",
        ));
    }
    let access_key_id = c.access_key_id.trim().to_string();
    if access_key_id.is_empty() {
        return Err(Error::invalid(
            "access key id",
            "Give the access key id of a key that may put, get and delete objects in the bucket.",
        ));
    }
    Ok(MediaHostConfig {
        endpoint,
        bucket,
        region,
        access_key_id,
        virtual_hosted: c.virtual_hosted,
    })
}

/// Where the `n`-th image of a job (by its key) goes: the same name on every attempt, so a
/// retry replaces the object instead of leaving another behind.
pub fn object_key(job_key: &str, n: usize) -> String {
    format!("tsunagu/{job_key}/{n}.jpg")
}
