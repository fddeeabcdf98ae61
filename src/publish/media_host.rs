//! The media host: where Instagram and Threads fetch a post's images from.
//!
//! Meta takes images only from a public address, never as bytes. Tsunagu puts each image in
//! the company's S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, Wasabi …) and hands Meta a
//! presigned link that works for an hour; the object is deleted once the post is out (a
//! lifecycle rule on the bucket is the safety net). The bucket stays private: every request is
//! a presigned URL (AWS Signature Version 4, query form), so no public-read policy is needed.
//! The access key id and the addresses are settings; the secret key lives in the keychain.

use super::http::Http;
use super::secrets::SecretStore;
use super::Failure;
use crate::error::{Error, Result};
use crate::publish::{FailureKind, Problem};
use crate::store::{write::val, Source};
use crate::workspace::Workspace;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

/// The keychain entry of the bucket's secret key.
const SECRET_KEY: &str = "media-host";
/// How long Meta's link to an image works.
const LINK_SECS: u32 = 3600;

/// Where images are put (no secret here).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MediaHostConfig {
    /// The S3 endpoint (`https://s3.ap-northeast-1.amazonaws.com`, an R2 or MinIO address).
    pub endpoint: String,
    /// The bucket.
    pub bucket: String,
    /// The region (`ap-northeast-1`; `auto` for R2).
    pub region: String,
    /// The access key id (the secret key is kept in the keychain).
    pub access_key_id: String,
    /// Address the bucket as `bucket.endpoint-host` instead of `endpoint/bucket`.
    pub virtual_hosted: bool,
}

/// A bucket ready for use: its settings, its secret and the time to sign with.
pub struct MediaHost {
    cfg: MediaHostConfig,
    secret: String,
    now: DateTime<Utc>,
    http: Http,
}

impl std::fmt::Debug for MediaHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MediaHost")
            .field("cfg", &self.cfg)
            .finish_non_exhaustive()
    }
}

/// Where the `n`-th image of a job (by its key) goes: the same name on every attempt, so a
/// retry replaces the object instead of leaving another behind.
pub fn object_key(job_key: &str, n: usize) -> String {
    format!("tsunagu/{job_key}/{n}.jpg")
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(k.map(|b| b ^ 0x36));
    inner.update(data);
    let mut outer = Sha256::new();
    outer.update(k.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// S3's URI encoding: unreserved characters stay, everything else is %XX (upper case); `/`
/// stays in paths.
fn encode(s: &str, keep_slash: bool) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            b'/' if keep_slash => "/".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl MediaHost {
    /// A bucket with its secret, signing at `now`.
    pub fn new(cfg: MediaHostConfig, secret: &str, now: DateTime<Utc>) -> Result<Self> {
        let http = Http::new(&cfg.endpoint).map_err(|f| Error::Platform {
            platform: "media host".into(),
            problem: f.reason(),
        })?;
        Ok(Self {
            cfg,
            secret: secret.to_string(),
            now,
            http,
        })
    }

    /// A presigned address for `method` on `key`, valid `expires` seconds from the signing
    /// time (AWS Signature Version 4, query form, unsigned payload).
    pub fn presign(&self, method: &str, key: &str, expires: u32) -> String {
        self.presign_query(method, key, expires, &[])
    }

    /// [`MediaHost::presign`] with more query parameters signed in (`list-type=2&prefix=…`
    /// for listing; an empty `key` addresses the bucket itself).
    pub fn presign_query(
        &self,
        method: &str,
        key: &str,
        expires: u32,
        extra: &[(&str, String)],
    ) -> String {
        let endpoint = self.cfg.endpoint.trim_end_matches('/');
        let (scheme, host) = endpoint.split_once("://").unwrap_or(("https", endpoint));
        let (host, path) = if self.cfg.virtual_hosted {
            (
                format!("{}.{host}", self.cfg.bucket),
                format!("/{}", encode(key, true)),
            )
        } else {
            (
                host.to_string(),
                format!("/{}/{}", encode(&self.cfg.bucket, false), encode(key, true)),
            )
        };
        let date = self.now.format("%Y%m%d").to_string();
        let stamp = self.now.format("%Y%m%dT%H%M%SZ").to_string();
        let scope = format!("{date}/{}/s3/aws4_request", self.cfg.region);
        let mut query = [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256".to_string()),
            (
                "X-Amz-Credential",
                format!("{}/{scope}", self.cfg.access_key_id),
            ),
            ("X-Amz-Date", stamp.clone()),
            ("X-Amz-Expires", expires.to_string()),
            ("X-Amz-SignedHeaders", "host".to_string()),
        ]
        .map(|(k, v)| (encode(k, false), encode(&v, false)))
        .to_vec();
        query.extend(
            extra
                .iter()
                .map(|(k, v)| (encode(k, false), encode(v, false))),
        );
        query.sort();
        let canonical_query = query
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&");
        let canonical =
            format!("{method}\n{path}\n{canonical_query}\nhost:{host}\n\nhost\nUNSIGNED-PAYLOAD");
        let to_sign = format!(
            "AWS4-HMAC-SHA256\n{stamp}\n{scope}\n{}",
            hex(&Sha256::digest(canonical.as_bytes()))
        );
        let mut k = hmac(format!("AWS4{}", self.secret).as_bytes(), date.as_bytes());
        for part in [self.cfg.region.as_str(), "s3", "aws4_request"] {
            k = hmac(&k, part.as_bytes());
        }
        let signature = hex(&hmac(&k, to_sign.as_bytes()));
        format!("{scheme}://{host}{path}?{canonical_query}&X-Amz-Signature={signature}")
    }

    fn check(
        &self,
        resp: reqwest::blocking::Response,
        what: &str,
    ) -> std::result::Result<(), Failure> {
        let status = resp.status().as_u16();
        if (200..300).contains(&status) {
            return Ok(());
        }
        let body = resp.text().unwrap_or_default();
        let code = body
            .split("<Code>")
            .nth(1)
            .and_then(|s| s.split("</Code>").next())
            .unwrap_or("")
            .to_string();
        let advice = match code.as_str() {
            "SignatureDoesNotMatch" | "InvalidAccessKeyId" => {
                "check the access key id and secret key in Settings → Media host"
            }
            "NoSuchBucket" => "check the bucket name and the region",
            "AccessDenied" => {
                "the key needs permission to put, get and delete objects in the bucket"
            }
            _ => "check the media host settings",
        };
        let problem =
            format!("The media host refused to {what} an image ({status} {code}); {advice}.");
        Err(if status >= 500 {
            Failure::Transient(Problem::new(FailureKind::MediaHostRefused, problem))
        } else {
            Failure::Permanent(Problem::new(FailureKind::MediaHostRefused, problem))
        })
    }

    /// Puts an image under `key`; returns the link Meta fetches it from.
    pub fn put(
        &self,
        key: &str,
        bytes: Vec<u8>,
        mime: &str,
    ) -> std::result::Result<String, Failure> {
        let resp = Http::send(
            self.http
                .client
                .put(self.presign("PUT", key, 900))
                .header("content-type", mime)
                .body(bytes),
            false,
            "The media host",
        )?;
        self.check(resp, "store")?;
        Ok(self.presign("GET", key, LINK_SECS))
    }

    /// Reads an object back (for the settings check).
    pub fn get(&self, key: &str) -> std::result::Result<Vec<u8>, Failure> {
        let resp = Http::send(
            self.http.client.get(self.presign("GET", key, 300)),
            false,
            "The media host",
        )?;
        if !resp.status().is_success() {
            self.check(resp, "return")?;
            return Ok(Vec::new());
        }
        resp.bytes().map(|b| b.to_vec()).map_err(|e| {
            Failure::Transient(Problem::new(
                FailureKind::Unreachable,
                format!("the media host's answer broke off ({e})"),
            ))
        })
    }

    /// Deletes an object (one already gone counts as deleted).
    pub fn delete(&self, key: &str) -> std::result::Result<(), Failure> {
        let resp = Http::send(
            self.http.client.delete(self.presign("DELETE", key, 300)),
            false,
            "The media host",
        )?;
        if resp.status().as_u16() == 404 {
            return Ok(());
        }
        self.check(resp, "delete")
    }
}

impl Workspace {
    /// The media host settings, if one is set.
    pub fn media_host_config(&self) -> Result<Option<MediaHostConfig>> {
        let raw: Option<String> =
            self.store()
                .conn()
                .query_row("SELECT media_host FROM workspace LIMIT 1", [], |r| r.get(0))?;
        Ok(raw.and_then(|r| serde_json::from_str(&r).ok()))
    }

    /// Sets the media host (its secret key to the keychain), or removes it with `None`. A new
    /// secret is needed the first time; afterwards an empty one keeps the stored key.
    pub fn set_media_host(
        &mut self,
        source: Source,
        secrets: &dyn SecretStore,
        cfg: Option<MediaHostConfig>,
        secret_key: &str,
    ) -> Result<Option<MediaHostConfig>> {
        let stored = match cfg {
            None => {
                secrets.delete(SECRET_KEY)?;
                None
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
                Some(c)
            }
        };
        let text = stored
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| Error::invalid("media host", e.to_string()))?;
        let ctx = self.ctx(None, source);
        self.store_mut().write(&ctx, |w| {
            let id: String = w
                .conn()
                .query_row("SELECT id FROM workspace LIMIT 1", [], |r| r.get(0))?;
            w.update(
                "workspace",
                &[("id", val::text(id))],
                &[("media_host", val::opt_text(text.clone()))],
            )
        })?;
        Ok(stored)
    }

    /// Puts a small image on the media host, reads it back through its link and deletes it,
    /// so a wrong setting shows now and not when a post is due.
    pub fn check_media_host(&self, secrets: &dyn SecretStore) -> Result<()> {
        let fail = |f: Failure| Error::Platform {
            platform: "media host".into(),
            problem: f.reason(),
        };
        let host = self.media_host(secrets).map_err(fail)?.ok_or_else(|| {
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

    /// The media host, ready to sign now; `None` when none is set.
    pub(crate) fn media_host(
        &self,
        secrets: &dyn SecretStore,
    ) -> std::result::Result<Option<MediaHost>, Failure> {
        let perm = |e: Error| super::keychain_failure(&e);
        let Some(cfg) = self.media_host_config().map_err(perm)? else {
            return Ok(None);
        };
        let secret = secrets.get(SECRET_KEY).map_err(perm)?.ok_or_else(|| {
            Failure::Permanent(Problem::new(FailureKind::MediaHostRefused,
                "The media host's secret key is not in the keychain. Enter it again in Settings → Media host.".into(),
            ))
        })?;
        MediaHost::new(cfg, &secret, self.clock().now())
            .map(Some)
            .map_err(perm)
    }

    /// Deletes a job's hosted images once its post is out; a failure only leaves them for
    /// the bucket's lifecycle rule.
    pub(crate) fn unhost(&self, secrets: &dyn SecretStore, job_key: &str) {
        if let Ok(Some(host)) = self.media_host(secrets) {
            for n in 0..4 {
                let _ = host.delete(&object_key(job_key, n));
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// AWS's own worked example of a presigned GET (Signature Version 4, query string
    /// authentication, "examplebucket/test.txt" on 24 May 2013).
    #[test]
    fn presigning_matches_the_aws_worked_example() {
        let host = MediaHost::new(
            MediaHostConfig {
                endpoint: "https://s3.amazonaws.com".into(),
                bucket: "examplebucket".into(),
                region: "us-east-1".into(),
                access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
                virtual_hosted: true,
            },
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            Utc.with_ymd_and_hms(2013, 5, 24, 0, 0, 0).unwrap(),
        )
        .unwrap();
        let url = host.presign("GET", "test.txt", 86_400);
        assert_eq!(
            url,
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
        );
    }

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        assert_eq!(
            hex(&hmac(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
