//! LinkedIn through the versioned REST API (`/rest/posts`, `/rest/images`), as a member or as
//! the company's organisation page.
//!
//! Every call names the API version LinkedIn should speak ([`version`], kept in one place;
//! LinkedIn retires a version about a year after release, and a retired one gets a message
//! saying to update Tsunagu). The post text is written in LinkedIn's "little" format, where
//! `\ | { } @ [ ] ( ) < > # * _ ~` are markup: each is escaped unless it starts a hashtag, or
//! LinkedIn may silently cut the post at that character. LinkedIn has no idempotency key and
//! no rate-limit headers: before a retry of an unknown outcome the author's latest posts are
//! read, a 422 "duplicate" names the post it duplicates, and a 429 waits (until midnight UTC
//! when it says the day's limit is spent).

use super::http::Http;
use super::oauth::percent;
use super::{Counts, Failure, FailureKind, Problem, Remote};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};

/// The LinkedIn API version this build speaks (YYYYMM).
pub const LINKEDIN_VERSION: &str = "202610";

/// The version sent: [`LINKEDIN_VERSION`], or `TSUNAGU_LINKEDIN_VERSION` (six digits) to move
/// to a newer one without waiting for a release.
pub fn version() -> String {
    std::env::var("TSUNAGU_LINKEDIN_VERSION")
        .ok()
        .filter(|v| v.len() == 6 && v.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or_else(|| LINKEDIN_VERSION.to_string())
}

/// The text in LinkedIn's "little" format: reserved characters escaped, hashtags kept.
pub fn escape_little(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let hashtag = c == '#'
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric())
            && (i == 0 || chars[i - 1].is_whitespace());
        if "\\|{}@[]()<>#*_~".contains(c) && !hashtag {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A client for LinkedIn's API at `base`.
#[derive(Debug)]
pub struct Client {
    pub(crate) http: Http,
    pub(crate) now_ms: AtomicI64,
}

pub(crate) fn text_of(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

/// The next midnight UTC after `now_ms` (LinkedIn's daily limits reset then).
fn next_midnight(now_ms: i64) -> i64 {
    (now_ms.div_euclid(86_400_000) + 1) * 86_400_000
}

impl Client {
    /// A client for `base` (`https://api.linkedin.com`, or a fake).
    pub fn new(base: &str) -> Result<Self, Failure> {
        Ok(Self {
            http: Http::new(base)?,
            now_ms: AtomicI64::new(0),
        })
    }

    pub(crate) fn req(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
    ) -> reqwest::blocking::RequestBuilder {
        self.http
            .client
            .request(method, format!("{}{path}", self.http.base))
            .bearer_auth(token)
            .header("LinkedIn-Version", version())
            .header("X-Restli-Protocol-Version", "2.0.0")
    }

    /// Sends and sorts LinkedIn's answer: the body (or `Null`) and the `x-restli-id` header.
    pub(crate) fn call(
        &self,
        req: reqwest::blocking::RequestBuilder,
        writes: bool,
    ) -> Result<(Value, Option<String>), Failure> {
        let resp = Http::send(req, writes, "LinkedIn")?;
        let status = resp.status().as_u16();
        let id = resp
            .headers()
            .get("x-restli-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body: Value = resp.json().unwrap_or(Value::Null);
        if (200..300).contains(&status) {
            return Ok((body, id));
        }
        let message = text_of(&body, "message");
        let code = text_of(&body, "code");
        let detail = format!("{status} {code}: {message}");
        let v = version();
        let lower = message.to_lowercase();
        Err(match status {
            401 => Failure::Expired,
            426 => Failure::Permanent(Problem::new(FailureKind::ApiVersion, format!(
                "LinkedIn no longer accepts API version {v}, which this Tsunagu uses ({detail}). Update Tsunagu, or set TSUNAGU_LINKEDIN_VERSION to a current version."
            ))),
            400 if lower.contains("version") => Failure::Permanent(Problem::new(FailureKind::ApiVersion, format!(
                "LinkedIn did not accept API version {v} ({detail}). Update Tsunagu, or set TSUNAGU_LINKEDIN_VERSION to a current version."
            ))),
            403 => Failure::Permanent(Problem::new(FailureKind::Reconnect, format!(
                "LinkedIn did not allow this ({detail}). Reconnect the account, granting posting for the member or the organisation page (the member needs a page admin or content role)."
            ))),
            422 if lower.contains("duplicate") => Failure::Permanent(Problem::new(FailureKind::Refused, format!(
                "LinkedIn refused the post as a duplicate ({detail})."
            )).with_code("duplicate")),
            429 => {
                let now = self.now_ms.load(Ordering::Relaxed);
                let daily = lower.contains("day") || lower.contains("daily") || lower.contains("quota");
                Failure::RateLimited {
                    until_ms: (daily && now > 0).then(|| next_midnight(now)),
                    reason: if daily {
                        Problem::new(FailureKind::DailyLimit, format!("LinkedIn's daily limit for this app or member is spent ({detail}); posts wait until it resets at midnight UTC."))
                    } else {
                        Problem::new(FailureKind::SlowDown, format!("LinkedIn asked to slow down ({detail})."))
                    },
                }
            }
            s if s >= 500 && writes => Failure::Unknown(Problem::new(FailureKind::ServerError, format!("LinkedIn had a server error while writing ({detail}); the post may have arrived"))),
            s if s >= 500 => Failure::Transient(Problem::new(FailureKind::ServerError, format!("LinkedIn had a server error ({detail})"))),
            _ => Failure::Permanent(Problem::new(FailureKind::Refused, format!("LinkedIn refused the post ({detail})."))),
        }
        .with_status(status))
    }

    /// Uploads an image owned by `author`; returns its URN once LinkedIn has it.
    pub(crate) fn upload(
        &self,
        token: &str,
        author: &str,
        bytes: Vec<u8>,
        mime: &str,
    ) -> Result<String, Failure> {
        let (v, _) = self.call(
            self.req(
                reqwest::Method::POST,
                "/rest/images?action=initializeUpload",
                token,
            )
            .json(&json!({ "initializeUploadRequest": { "owner": author } })),
            false,
        )?;
        let upload = text_of(&v["value"], "uploadUrl");
        let image = text_of(&v["value"], "image");
        if upload.is_empty() || image.is_empty() {
            return Err(Failure::Transient(Problem::new(
                FailureKind::StrangeAnswer,
                "LinkedIn did not give an upload address".into(),
            )));
        }
        self.call(
            self.http
                .client
                .put(upload)
                .bearer_auth(token)
                .header("content-type", mime)
                .body(bytes),
            false,
        )?;
        // Posting straight after the upload sometimes fails: wait until LinkedIn has it.
        for wait in [0u64, 300, 700, 1_500, 3_000] {
            std::thread::sleep(std::time::Duration::from_millis(wait));
            let (s, _) = self.call(
                self.req(
                    reqwest::Method::GET,
                    &format!("/rest/images/{}", percent(&image)),
                    token,
                ),
                false,
            )?;
            match text_of(&s, "status").as_str() {
                "AVAILABLE" => return Ok(image),
                "PROCESSING_FAILED" => return Err(Failure::Permanent(Problem::new(
                    FailureKind::Image,
                    "LinkedIn could not process an image; use a JPG or PNG under 36 megapixels."
                        .into(),
                ))),
                _ => {}
            }
        }
        Err(Failure::Transient(Problem::new(
            FailureKind::Processing,
            "LinkedIn is still processing an image".into(),
        )))
    }

    pub(crate) fn create(
        &self,
        token: &str,
        author: &str,
        commentary: &str,
        images: &[(String, String)],
    ) -> Result<Remote, Failure> {
        let mut body = json!({
            "author": author,
            "commentary": commentary,
            "visibility": "PUBLIC",
            "distribution": { "feedDistribution": "MAIN_FEED", "targetEntities": [], "thirdPartyDistributionChannels": [] },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": false,
        });
        match images {
            [] => {}
            [(id, alt)] => body["content"] = json!({ "media": { "id": id, "altText": alt } }),
            many => {
                let list: Vec<Value> = many
                    .iter()
                    .map(|(id, alt)| json!({ "id": id, "altText": alt }))
                    .collect();
                body["content"] = json!({ "multiImage": { "images": list } });
            }
        }
        let (_, id) = self.call(
            self.req(reqwest::Method::POST, "/rest/posts", token)
                .json(&body),
            true,
        )?;
        let id = id.filter(|i| !i.is_empty()).ok_or_else(|| {
            Failure::Unknown(Problem::new(
                FailureKind::StrangeAnswer,
                "LinkedIn answered without the post's id".into(),
            ))
        })?;
        Ok(remote(id))
    }

    /// The author's post with exactly this (escaped) commentary among their latest thousand,
    /// in pages of fifty (newest first), so a post that many others followed is still found.
    pub(crate) fn find(
        &self,
        token: &str,
        author: &str,
        commentary: &str,
    ) -> Result<Option<Remote>, Failure> {
        const PAGE: usize = 50;
        for page in 0..20 {
            let (v, _) = self.call(
                self.req(
                    reqwest::Method::GET,
                    &format!(
                        "/rest/posts?q=author&author={}&count={PAGE}&start={}&sortBy=LAST_MODIFIED",
                        percent(author),
                        page * PAGE
                    ),
                    token,
                )
                .header("X-RestLi-Method", "FINDER"),
                false,
            )?;
            let elements = v["elements"].as_array().cloned().unwrap_or_default();
            if let Some(p) = elements
                .iter()
                .find(|p| text_of(p, "commentary").trim() == commentary.trim())
            {
                return Ok(Some(remote(text_of(p, "id"))));
            }
            if elements.len() < PAGE {
                break;
            }
        }
        Ok(None)
    }

    pub(crate) fn delete(&self, token: &str, urn: &str) -> Result<(), Failure> {
        match self.call(
            self.req(
                reqwest::Method::DELETE,
                &format!("/rest/posts/{}", percent(urn)),
                token,
            ),
            true,
        ) {
            Ok(_) => Ok(()),
            Err(Failure::Permanent(m))
                if m.detail.starts_with("LinkedIn refused the post (404") =>
            {
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Whether the post is on LinkedIn, read back by its URN.
    pub(crate) fn exists(&self, token: &str, urn: &str) -> Result<bool, Failure> {
        match self.call(
            self.req(
                reqwest::Method::GET,
                &format!("/rest/posts/{}", percent(urn)),
                token,
            ),
            false,
        ) {
            Ok(_) => Ok(true),
            Err(Failure::Permanent(m)) if m.status == Some(404) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Organisation posts: one call for many.
    pub(crate) fn org_counts(
        &self,
        token: &str,
        org: &str,
        urns: &[&str],
    ) -> Result<HashMap<String, Counts>, Failure> {
        let mut out = HashMap::new();
        for (kind, prefix) in [("shares", "urn:li:share:"), ("ugcPosts", "urn:li:ugcPost:")] {
            let list: Vec<String> = urns
                .iter()
                .filter(|u| u.starts_with(prefix))
                .map(|u| percent(u))
                .collect();
            if list.is_empty() {
                continue;
            }
            let (v, _) = self.call(
                self.req(
                    reqwest::Method::GET,
                    &format!(
                        "/rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity={}&{kind}=List({})",
                        percent(org),
                        list.join(",")
                    ),
                    token,
                ),
                false,
            )?;
            for e in v["elements"].as_array().into_iter().flatten() {
                let id = [text_of(e, "share"), text_of(e, "ugcPost")]
                    .into_iter()
                    .find(|s| !s.is_empty())
                    .unwrap_or_default();
                let s = &e["totalShareStatistics"];
                out.insert(
                    id,
                    Counts {
                        likes: s["likeCount"].as_i64(),
                        reposts: s["shareCount"].as_i64(),
                        replies: s["commentCount"].as_i64(),
                        quotes: None,
                        impressions: s["impressionCount"].as_i64(),
                    },
                );
            }
        }
        Ok(out)
    }

    /// A member's post: one call per metric.
    pub(crate) fn member_counts(&self, token: &str, urn: &str) -> Result<Counts, Failure> {
        let kind = if urn.starts_with("urn:li:ugcPost:") {
            "ugc"
        } else {
            "share"
        };
        let metric = |name: &str| -> Result<Option<i64>, Failure> {
            let (v, _) = self.call(
                self.req(
                    reqwest::Method::GET,
                    &format!(
                        "/rest/memberCreatorPostAnalytics?q=entity&entity=({kind}:{})&queryType={name}&aggregation=TOTAL",
                        percent(urn)
                    ),
                    token,
                ),
                false,
            )?;
            Ok(v["elements"][0]["count"].as_i64())
        };
        Ok(Counts {
            likes: metric("REACTION")?,
            reposts: metric("RESHARE")?,
            replies: metric("COMMENT")?,
            quotes: None,
            impressions: metric("IMPRESSION")?,
        })
    }
}

pub(crate) fn remote(urn: String) -> Remote {
    let url = Some(format!("https://www.linkedin.com/feed/update/{urn}/"));
    Remote::live(urn, url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn little_format_escapes_markup_but_keeps_hashtags() {
        assert_eq!(
            escape_little("新製品（全角） (半角) #LinkedIn a_b @x 3*4 C#"),
            "新製品（全角） \\(半角\\) #LinkedIn a\\_b \\@x 3\\*4 C\\#"
        );
        assert_eq!(escape_little("# 見出し"), "\\# 見出し");
        assert_eq!(escape_little("\\"), "\\\\");
    }

    #[test]
    fn daily_limits_reset_at_midnight_utc() {
        // 2026-12-01T10:00:00Z → 2026-12-02T00:00:00Z.
        assert_eq!(next_midnight(1_796_119_200_000), 1_796_169_600_000);
    }
}
