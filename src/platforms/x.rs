//! X (API v2) for a desktop app: OAuth 2.0 with PKCE as a public "Native App" client (no
//! secret; the client id and a fixed loopback port are registered by the company), access
//! tokens of two hours renewed with the rotating refresh token (`offline.access`),
//! `POST /2/tweets`, one-shot image upload with alt text, deleting, and public metrics.
//!
//! X has no idempotency key. So before any retry of a post whose outcome is unknown, and when
//! X answers "duplicate content", the account's recent posts are read and a post with exactly
//! this text counts as the one we sent. A usage cap (the app's plan) is a permanent problem a
//! person must solve; a rate limit waits for `x-rate-limit-reset` (epoch seconds).

use super::http::{Http, RateState};
use super::oauth::percent;
use super::Counts;
use super::{Failure, Remote};
use super::{FailureKind, Problem};
use crate::secrets::Sensitive;
use serde_json::{json, Value};
use std::collections::HashMap;

/// What Tsunagu asks X for: post, read (for reconciling and metrics), upload media, and a
/// refresh token.
pub const SCOPES: &str = "tweet.read tweet.write users.read media.write offline.access";

/// Tokens from X's token endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tokens {
    /// The bearer token (two hours).
    pub access: Sensitive<String>,
    /// The refresh token (rotates on every refresh).
    pub refresh: Sensitive<String>,
    /// Seconds the access token lives.
    pub expires_in: i64,
    /// The permissions granted, when X said (space separated).
    pub scope: Option<String>,
}

/// A client for the X API at `base` (`https://api.x.com`, or a fake in tests).
#[derive(Debug, Clone)]
pub struct Client {
    http: Http,
}

fn text_of(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

impl Client {
    /// A client for `base`.
    pub fn new(base: &str) -> Result<Self, Failure> {
        Ok(Self {
            http: Http::new(base)?,
        })
    }

    /// The rate-limit state from the last response that carried one.
    pub fn rate(&self) -> RateState {
        self.http.rate()
    }

    /// Where the person approves access: `x.com` for the real API, the same server for a fake.
    pub fn authorize_url(
        &self,
        client_id: &str,
        redirect: &str,
        state: &str,
        challenge: &str,
    ) -> String {
        let host = if self.http.base.contains("api.x.com") {
            "https://x.com".to_string()
        } else {
            self.http.base.clone()
        };
        let q = [
            ("response_type", "code"),
            ("client_id", client_id),
            ("redirect_uri", redirect),
            ("scope", SCOPES),
            ("state", state),
            ("code_challenge", challenge),
            ("code_challenge_method", "S256"),
        ];
        let query: Vec<String> = q
            .iter()
            .map(|(k, v)| format!("{k}={}", percent(v)))
            .collect();
        format!("{host}/i/oauth2/authorize?{}", query.join("&"))
    }

    fn call(&self, req: reqwest::blocking::RequestBuilder, writes: bool) -> Result<Value, Failure> {
        let resp = Http::send(req, writes, "X")?;
        let status = resp.status().as_u16();
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<i64>().ok())
        };
        let reset = header("x-rate-limit-reset").map(|s| s.saturating_mul(1000));
        self.http.note_rate(header("x-rate-limit-remaining"), reset);
        let body: Value = resp.json().unwrap_or(Value::Null);
        if (200..300).contains(&status) {
            return Ok(body);
        }
        let problem = [
            text_of(&body, "detail"),
            text_of(&body, "error_description"),
        ]
        .into_iter()
        .chain(
            body["errors"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|e| text_of(e, "message")),
        )
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| text_of(&body, "title"));
        let kind = text_of(&body, "type");
        let duplicate = problem.contains("duplicate content");
        Err(match status {
            401 => Failure::Expired,
            // Pay-per-use credits are spent: a retry would only be refused again, so the post
            // waits, loudly, for someone to add credits.
            402 => Failure::Permanent(Problem::new(FailureKind::Credits, format!(
                "The company's X account has no API credits left ({problem}). Add credits (or raise the spending cap) in the X developer console's billing page, then press Retry; Tsunagu does not retry this by itself."
            ))),
            403 if duplicate => Failure::Permanent(Problem::new(FailureKind::Refused, format!(
                "X refused the post as a duplicate of one already on the account ({problem})."
            )).with_code("duplicate")),
            403 if kind.contains("client-not-enrolled") => Failure::Permanent(Problem::new(FailureKind::Other, format!(
                "X did not allow this app to post ({problem}). The company's X app needs API access that includes posting."
            ))),
            403 => Failure::Permanent(Problem::new(FailureKind::Reconnect, format!("X refused the request ({problem}). Reconnect the account if this keeps happening."))),
            429 if kind.contains("usage-capped") || problem.to_lowercase().contains("usage cap") => {
                Failure::Permanent(Problem::new(FailureKind::Other, format!(
                    "The company's X app has used up its plan's posting allowance ({problem}); posts wait until the plan renews or is raised."
                )))
            }
            429 => Failure::RateLimited {
                until_ms: reset,
                reason: Problem::new(FailureKind::RateLimited, format!("X's rate limit was reached ({problem})")),
            },
            s if s >= 500 && writes => Failure::Unknown(Problem::new(FailureKind::ServerError, format!("X had a server error {s} while writing ({problem}); the post may have arrived"))),
            s if s >= 500 => Failure::Transient(Problem::new(FailureKind::ServerError, format!("X had a server error {s} ({problem})"))),
            s => Failure::Permanent(Problem::new(FailureKind::Refused, format!("X refused the post ({s}: {problem})."))),
        }
        .with_status(status))
    }

    fn tokens(v: &Value) -> Result<Tokens, Failure> {
        let t = Tokens {
            access: text_of(v, "access_token").into(),
            refresh: text_of(v, "refresh_token").into(),
            expires_in: v["expires_in"].as_i64().unwrap_or(7200),
            scope: v["scope"].as_str().map(str::to_string),
        };
        if t.access.expose().is_empty() {
            return Err(Failure::Permanent(Problem::new(
                FailureKind::StrangeAnswer,
                "X did not return an access token.".into(),
            )));
        }
        Ok(t)
    }

    /// One call to the token endpoint (a public client: the client id, never a secret).
    fn token_call(&self, form: &[(&str, &str)]) -> Result<Tokens, Failure> {
        let url = format!("{}/2/oauth2/token", self.http.base);
        Self::tokens(&self.call(self.http.client.post(url).form(form), false)?)
    }

    /// Trades the authorization code (it lives 30 seconds) for tokens.
    pub fn exchange(
        &self,
        client_id: &str,
        code: &str,
        redirect: &str,
        verifier: &str,
    ) -> Result<Tokens, Failure> {
        self.token_call(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect),
            ("code_verifier", verifier),
            ("client_id", client_id),
        ])
    }

    /// New tokens from the refresh token; the old refresh token stops working.
    pub fn refresh(&self, client_id: &str, refresh: &str) -> Result<Tokens, Failure> {
        self.token_call(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh),
            ("client_id", client_id),
        ])
    }

    /// The account behind a token: (id, username).
    pub fn me(&self, access: &str) -> Result<(String, String), Failure> {
        let v = self.call(
            self.http
                .client
                .get(format!("{}/2/users/me", self.http.base))
                .bearer_auth(access),
            false,
        )?;
        Ok((text_of(&v["data"], "id"), text_of(&v["data"], "username")))
    }

    /// Uploads one image; returns its media id.
    pub fn upload(
        &self,
        access: &str,
        bytes: Vec<u8>,
        mime: &str,
        alt: &str,
    ) -> Result<String, Failure> {
        let part = reqwest::blocking::multipart::Part::bytes(bytes)
            .file_name("image")
            .mime_str(mime)
            .map_err(|e| {
                Failure::Permanent(Problem::new(
                    FailureKind::Image,
                    format!("the image type is not accepted ({e})"),
                ))
            })?;
        let form = reqwest::blocking::multipart::Form::new()
            .text("media_category", "tweet_image")
            .part("media", part);
        let v = self.call(
            self.http
                .client
                .post(format!("{}/2/media/upload", self.http.base))
                .bearer_auth(access)
                .multipart(form),
            false,
        )?;
        let id = text_of(&v["data"], "id");
        if !alt.trim().is_empty() {
            self.call(
                self.http
                    .client
                    .post(format!("{}/2/media/metadata", self.http.base))
                    .bearer_auth(access)
                    .json(&json!({ "id": id, "metadata": { "alt_text": { "text": alt } } })),
                false,
            )?;
        }
        Ok(id)
    }

    /// Posts; the id comes back as a string (up to 19 digits).
    pub fn post(&self, access: &str, text: &str, media: &[String]) -> Result<Remote, Failure> {
        let mut body = json!({ "text": text });
        if !media.is_empty() {
            body["media"] = json!({ "media_ids": media });
        }
        let v = self.call(
            self.http
                .client
                .post(format!("{}/2/tweets", self.http.base))
                .bearer_auth(access)
                .json(&body),
            true,
        )?;
        let id = text_of(&v["data"], "id");
        if id.is_empty() {
            return Err(Failure::Unknown(Problem::new(
                FailureKind::StrangeAnswer,
                "X answered without the post's id".into(),
            )));
        }
        Ok(remote(id))
    }

    /// The account's post with this text among its latest thousand, if any (X has no
    /// idempotency key; this is how an unknown outcome is settled). Pages of 100, newest
    /// first, so a post that many others followed in the same pass is still found. A post
    /// made before `since` (the job's creation, minus a margin for clocks) is an older post
    /// with the same text, never ours.
    pub fn find_recent(
        &self,
        access: &str,
        user: &str,
        text: &str,
        since: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<Option<Remote>, Failure> {
        let since = since.map(|s| s - chrono::Duration::minutes(5));
        let recent_enough = |p: &Value| match (since, p["created_at"].as_str()) {
            (Some(since), Some(at)) => chrono::DateTime::parse_from_rfc3339(at)
                .map(|at| at >= since)
                .unwrap_or(true),
            _ => true,
        };
        let mut page: Option<String> = None;
        for _ in 0..10 {
            let mut query = vec![
                ("max_results", "100".to_string()),
                ("tweet.fields", "created_at".to_string()),
            ];
            if let Some(token) = &page {
                query.push(("pagination_token", token.clone()));
            }
            let v = self.call(
                self.http
                    .client
                    .get(format!(
                        "{}/2/users/{}/tweets",
                        self.http.base,
                        percent(user)
                    ))
                    .bearer_auth(access)
                    .query(&query),
                false,
            )?;
            if let Some(found) = v["data"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|p| recent_enough(p) && same_text(&text_of(p, "text"), text))
            {
                return Ok(Some(remote(text_of(found, "id"))));
            }
            page = Some(text_of(&v["meta"], "next_token")).filter(|t| !t.is_empty());
            if page.is_none() {
                break;
            }
        }
        Ok(None)
    }

    /// Deletes a post (one already gone counts as deleted).
    pub fn delete(&self, access: &str, id: &str) -> Result<(), Failure> {
        match self.call(
            self.http
                .client
                .delete(format!("{}/2/tweets/{}", self.http.base, percent(id)))
                .bearer_auth(access),
            true,
        ) {
            Ok(_) => Ok(()),
            Err(Failure::Permanent(m)) if m.status == Some(404) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Public metrics of up to 100 posts; deleted ones are left out. Reposts are read from
    /// `retweet_count` or `repost_count`, whichever X sends.
    pub fn counts(&self, access: &str, ids: &[&str]) -> Result<HashMap<String, Counts>, Failure> {
        let v = self.call(
            self.http
                .client
                .get(format!("{}/2/tweets", self.http.base))
                .bearer_auth(access)
                .query(&[
                    ("ids", ids.join(",").as_str()),
                    ("tweet.fields", "public_metrics"),
                ]),
            false,
        )?;
        Ok(v["data"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| {
                let m = &p["public_metrics"];
                let n = |k: &str| m.get(k).and_then(Value::as_i64);
                (
                    text_of(p, "id"),
                    Counts {
                        likes: n("like_count"),
                        reposts: n("retweet_count").or_else(|| n("repost_count")),
                        replies: n("reply_count"),
                        quotes: n("quote_count"),
                        impressions: n("impression_count"),
                    },
                )
            })
            .collect())
    }
}

/// Whether X's copy of a post is the text we sent. X rewrites every link to a `t.co` address
/// (a link may sit right against Japanese text, with no space), returns `&`, `<` and `>`
/// HTML-escaped, and may trim the ends; so each link is compared as "a link", the escapes are
/// undone, and whitespace at the ends is ignored.
pub fn same_text(theirs: &str, ours: &str) -> bool {
    fn unescape(s: &str) -> String {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }
    fn shape(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        while let Some(at) = ["https://", "http://"]
            .iter()
            .filter_map(|scheme| rest.find(scheme))
            .min()
        {
            out.push_str(&rest[..at]);
            // A link runs over printable ASCII: it ends at a space or at Japanese text.
            let len = rest[at..]
                .find(|c: char| !c.is_ascii_graphic())
                .unwrap_or(rest.len() - at);
            out.push_str("<link>");
            rest = &rest[at + len..];
        }
        out.push_str(rest);
        out.trim().to_string()
    }
    shape(&unescape(theirs)) == shape(ours)
}

/// A post's id and its address (which works without the handle).
fn remote(id: String) -> Remote {
    let url = Some(format!("https://x.com/i/web/status/{id}"));
    Remote::live(id, url)
}

#[cfg(test)]
mod tests {
    use super::same_text;

    #[test]
    fn links_rewritten_by_x_still_match() {
        assert!(same_text(
            "見学会のお知らせ https://t.co/AbC123 #ものづくり",
            "見学会のお知らせ https://minato-seiko.co.jp/tour #ものづくり\n"
        ));
        assert!(!same_text("見学会のお知らせ", "見学会のお知らせ（第2回）"));
    }

    #[test]
    fn links_against_japanese_text_and_escaped_ampersands_still_match() {
        assert!(same_text(
            "申し込みはhttps://t.co/Xy12AbからQ&amp;Aは&lt;こちら&gt;",
            "申し込みはhttps://minato.example/tour?a=1&b=2からQ&Aは<こちら>"
        ));
        assert!(same_text("https://t.co/a", "https://example.com/x"));
        assert!(!same_text(
            "申し込みはhttps://t.co/Xy12Abから",
            "申し込みはhttps://minato.example/tourまで"
        ));
    }
}
