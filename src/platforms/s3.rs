//! S3-compatible storage (AWS S3, Cloudflare R2, MinIO, Wasabi …) through presigned requests
//! (AWS Signature Version 4, query form, unsigned payload). The media host puts a post's
//! images here for Meta to fetch, and team sync can keep its shared place in a bucket: both
//! use this one client, so the signing is written and tested once.

use super::http::Http;
use super::{Failure, FailureKind, Problem};
use crate::error::{Error, Result};
use crate::secrets::Sensitive;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

/// How long the link [`Bucket::put`] returns works.
const GET_LINK_SECS: u32 = 3600;

/// A bucket's address and key id (no secret here).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "MediaHostConfig")]
pub struct BucketConfig {
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
#[derive(Debug)]
pub struct Bucket {
    cfg: BucketConfig,
    secret: Sensitive<String>,
    now: DateTime<Utc>,
    http: Http,
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

impl Bucket {
    /// A bucket with its secret, signing at `now`.
    pub fn new(cfg: BucketConfig, secret: &str, now: DateTime<Utc>) -> Result<Self> {
        let http = Http::new(&cfg.endpoint).map_err(|f| Error::Platform {
            platform: "media host".into(),
            problem: f.reason(),
        })?;
        Ok(Self {
            cfg,
            secret: Sensitive::new(secret.to_string()),
            now,
            http,
        })
    }

    /// A presigned address for `method` on `key`, valid `expires` seconds from the signing
    /// time (AWS Signature Version 4, query form, unsigned payload).
    pub fn presign(&self, method: &str, key: &str, expires: u32) -> String {
        self.presign_query(method, key, expires, &[])
    }

    /// [`Bucket::presign`] with more query parameters signed in (`list-type=2&prefix=…`
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
        let mut k = hmac(
            format!("AWS4{}", self.secret.expose()).as_bytes(),
            date.as_bytes(),
        );
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
        Ok(self.presign("GET", key, GET_LINK_SECS))
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// AWS's own worked example of a presigned GET (Signature Version 4, query string
    /// authentication, "examplebucket/test.txt" on 24 May 2013).
    #[test]
    fn presigning_matches_the_aws_worked_example() {
        let host = Bucket::new(
            BucketConfig {
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
