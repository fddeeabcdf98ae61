//! S3-compatible storage (AWS S3, Cloudflare R2, MinIO, Wasabi …) through presigned requests
//! (AWS Signature Version 4, query form, unsigned payload). The media host puts a post's
//! images here for Meta to fetch, and team sync can keep its shared place in a bucket: both
//! use this one client. The signing itself is `rusty-s3`'s, a small maintained signer with no
//! I/O of its own that fits our blocking HTTP client; we keep the addresses, the errors in
//! plain words and the secret behind [`Sensitive`].

use super::http::Http;
use super::{Failure, FailureKind, Problem};
use crate::error::{Error, Result};
use crate::secrets::Sensitive;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How long the link [`Bucket::put`] returns works.
const GET_LINK_SECS: u32 = 3600;
/// The longest a presigned link may last (Signature Version 4).
pub const WEEK_SECS: u32 = 7 * 86_400;

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
    signer: rusty_s3::Bucket,
    access_key_id: String,
    secret: Sensitive<String>,
    now: jiff::Timestamp,
    http: Http,
}

/// What a presigned address may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    /// Read an object, or list the bucket (with an empty key and the listing's query).
    Get,
    /// Write an object.
    Put,
    /// Delete an object.
    Delete,
}

impl Bucket {
    /// A bucket with its secret, signing at `now`; refuses an address or a bucket name that
    /// cannot be signed for.
    pub fn new(cfg: BucketConfig, secret: &str, now: DateTime<Utc>) -> Result<Self> {
        let http = Http::new(&cfg.endpoint).map_err(|f| Error::Platform {
            platform: "media host".into(),
            problem: f.reason(),
        })?;
        let bad = |what: &str| {
            Error::invalid(
                "endpoint",
                format!(
                    "The storage's {what} is not valid; enter an address such as \
                     https://s3.ap-northeast-1.amazonaws.com and the bucket's name."
                ),
            )
        };
        let endpoint =
            url::Url::parse(cfg.endpoint.trim_end_matches('/')).map_err(|_| bad("address"))?;
        let style = if cfg.virtual_hosted {
            rusty_s3::UrlStyle::VirtualHost
        } else {
            rusty_s3::UrlStyle::Path
        };
        let signer = rusty_s3::Bucket::new(endpoint, style, cfg.bucket, cfg.region)
            .map_err(|_| bad("address or bucket name"))?;
        let now = jiff::Timestamp::from_second(now.timestamp()).map_err(|_| bad("signing time"))?;
        Ok(Self {
            signer,
            access_key_id: cfg.access_key_id,
            secret: Sensitive::new(secret.to_string()),
            now,
            http,
        })
    }

    /// A presigned address for `verb` on `key`, valid `expires` seconds from the signing
    /// time (AWS Signature Version 4, query form, unsigned payload).
    pub fn presign(&self, verb: Verb, key: &str, expires: u32) -> String {
        self.presign_query(verb, key, expires, &[])
    }

    /// [`Bucket::presign`] with more query parameters signed in (`list-type=2&prefix=…`
    /// for listing; an empty `key` addresses the bucket itself).
    pub fn presign_query(
        &self,
        verb: Verb,
        key: &str,
        expires: u32,
        extra: &[(&str, String)],
    ) -> String {
        use rusty_s3::S3Action;
        let creds =
            rusty_s3::Credentials::new(self.access_key_id.clone(), self.secret.expose().clone());
        let expires = std::time::Duration::from_secs(u64::from(expires));
        let b = &self.signer;
        let url = match verb {
            Verb::Get => {
                let mut action = b.get_object(Some(&creds), key);
                for (k, v) in extra {
                    action.query_mut().insert(*k, v.as_str());
                }
                action.sign_with_time(expires, &self.now)
            }
            Verb::Put => b
                .put_object(Some(&creds), key)
                .sign_with_time(expires, &self.now),
            Verb::Delete => b
                .delete_object(Some(&creds), key)
                .sign_with_time(expires, &self.now),
        };
        url.to_string()
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
        self.put_for(key, bytes, mime, GET_LINK_SECS)
    }

    /// Puts an image under `key`; returns a link that works for `secs` (at most a week, what
    /// a presigned link can last).
    pub fn put_for(
        &self,
        key: &str,
        bytes: Vec<u8>,
        mime: &str,
        secs: u32,
    ) -> std::result::Result<String, Failure> {
        let resp = Http::send(
            self.http
                .client
                .put(self.presign(Verb::Put, key, 900))
                .header("content-type", mime)
                .body(bytes),
            false,
            "The media host",
        )?;
        self.check(resp, "store")?;
        Ok(self.presign(Verb::Get, key, secs.min(WEEK_SECS)))
    }

    /// Reads an object back (for the settings check).
    pub fn get(&self, key: &str) -> std::result::Result<Vec<u8>, Failure> {
        let resp = Http::send(
            self.http.client.get(self.presign(Verb::Get, key, 300)),
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
            self.http
                .client
                .delete(self.presign(Verb::Delete, key, 300)),
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
        let url = host.presign(Verb::Get, "test.txt", 86_400);
        assert_eq!(
            url,
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
        );
    }
}
