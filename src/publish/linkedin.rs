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

use super::accounts::Account;
use super::adapter::Adapter;
use super::http::{Http, RateState};
use super::images::Limits;
use super::mastodon::percent;
use super::metrics::Counts;
use super::secrets::SecretStore;
use super::tokens::Identity;
use super::{Failure, Remote};
use crate::ids::PostId;
use crate::model::Platform;
use crate::publish::{FailureKind, Problem};
use crate::workspace::Workspace;
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

/// LinkedIn's limit on an image is not published; stay well under common sizes.
const LINKEDIN_IMAGES: Limits = Limits {
    max_bytes: 8_000_000,
    max_side: 4096,
};

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
    http: Http,
    now_ms: AtomicI64,
}

fn text_of(v: &Value, key: &str) -> String {
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

    fn req(
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
    fn call(
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
    fn upload(
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

    fn create(
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
    fn find(&self, token: &str, author: &str, commentary: &str) -> Result<Option<Remote>, Failure> {
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

    fn delete(&self, token: &str, urn: &str) -> Result<(), Failure> {
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

    /// Organisation posts: one call for many.
    fn org_counts(
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
    fn member_counts(&self, token: &str, urn: &str) -> Result<Counts, Failure> {
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

fn remote(urn: String) -> Remote {
    let url = Some(format!("https://www.linkedin.com/feed/update/{urn}/"));
    Remote::live(urn, url)
}

/// Who a token posts as: the organisation page when one is named, else the member.
pub(crate) fn identify(
    api: &str,
    token: &str,
    organisation: Option<&str>,
) -> Result<Identity, Failure> {
    let c = Client::new(api)?;
    let (remote_id, handle) = match organisation {
        Some(org) => {
            let (v, _) = c.call(
                c.req(
                    reqwest::Method::GET,
                    &format!("/rest/organizations/{org}"),
                    token,
                ),
                false,
            )?;
            (
                format!("urn:li:organization:{org}"),
                text_of(&v, "localizedName"),
            )
        }
        None => {
            let (v, _) = c.call(c.req(reqwest::Method::GET, "/v2/userinfo", token), false)?;
            let sub = text_of(&v, "sub");
            if sub.is_empty() {
                return Err(Failure::Permanent(Problem::new(FailureKind::Reconnect,
                    "LinkedIn did not say who the token belongs to; make the token with the openid and profile scopes.".into(),
                )));
            }
            (format!("urn:li:person:{sub}"), text_of(&v, "name"))
        }
    };
    Ok(Identity {
        remote_id,
        handle,
        access: token.to_string(),
        expires_in: None,
    })
}

/// A LinkedIn member or organisation.
pub(crate) struct Linkedin(pub(crate) Client);

impl Adapter for Linkedin {
    fn publish(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        post: PostId,
        _key: &str,
        interrupted: bool,
    ) -> Result<Remote, Failure> {
        self.0
            .now_ms
            .store(ws.clock().now().timestamp_millis(), Ordering::Relaxed);
        let author = account.remote_id.clone().unwrap_or_default();
        let commentary = escape_little(&ws.text_for(post, Platform::Linkedin)?);
        if interrupted {
            if let Some(found) =
                ws.with_token(secrets, account, |t| self.0.find(t, &author, &commentary))?
            {
                return Ok(found);
            }
        }
        let images = ws.prepared_images(post, LINKEDIN_IMAGES)?;
        let sent = ws.with_token(secrets, account, |t| {
            let mut uploaded = Vec::new();
            for (bytes, mime, alt) in &images {
                uploaded.push((self.0.upload(t, &author, bytes.clone(), mime)?, alt.clone()));
            }
            self.0.create(t, &author, &commentary, &uploaded)
        });
        // "Content is a duplicate of urn:li:share:…": that one is ours.
        let named = match &sent {
            Err(Failure::Permanent(m)) if m.is("duplicate") => m
                .detail
                .split_whitespace()
                .find(|w| w.starts_with("urn:li:"))
                .map(|urn| remote(urn.trim_end_matches(['.', ')', ',']).to_string())),
            _ => None,
        };
        super::adapter::settle_duplicate(sent, || match named {
            Some(found) => Ok(Some(found)),
            None => ws.with_token(secrets, account, |t| self.0.find(t, &author, &commentary)),
        })
    }

    fn delete(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        remote: &str,
    ) -> Result<(), Failure> {
        ws.with_token(secrets, account, |t| self.0.delete(t, remote))
    }

    fn counts(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        remotes: &[&str],
    ) -> Result<HashMap<String, Counts>, Failure> {
        let author = account.remote_id.clone().unwrap_or_default();
        if author.starts_with("urn:li:organization:") {
            let mut out = HashMap::new();
            for batch in remotes.chunks(20) {
                out.extend(
                    ws.with_token(secrets, account, |t| self.0.org_counts(t, &author, batch))?,
                );
            }
            return Ok(out);
        }
        super::adapter::one_by_one(
            remotes,
            |p| p.status == Some(404),
            |urn| ws.with_token(secrets, account, |t| self.0.member_counts(t, urn)),
        )
    }

    fn rate(&self) -> RateState {
        self.0.http.rate()
    }
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
