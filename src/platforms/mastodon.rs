//! Mastodon: per-instance app registration, OAuth with PKCE on a loopback redirect, statuses
//! with an `Idempotency-Key`, image uploads.
//!
//! Exactly once: every job sends the same `Idempotency-Key` on every attempt; the server
//! remembers it for an hour and answers a repeat with the status it already created (see
//! `shared/platforms/mastodon.md` §8), so an attempt whose outcome is unknown is simply sent
//! again with the same key. Tokens do not expire; a 401 means the account must be reconnected.
//! Rate limits come as `X-RateLimit-Remaining` and an ISO 8601 `X-RateLimit-Reset`.

use super::http::{Http, RateState};
use super::{Counts, Failure, FailureKind, Problem, Remote};
use crate::secrets::Sensitive;
use serde_json::{json, Value};

use super::oauth::percent;
pub use super::oauth::{pkce, Loopback};

/// What an instance gave this install when it registered. Its `Debug` leaves the secret out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct App {
    /// The client id.
    pub client_id: String,
    /// The client secret (kept in the keychain).
    pub client_secret: Sensitive<String>,
}

/// A client for one instance.
#[derive(Debug, Clone)]
pub struct Client {
    http: Http,
}

/// The scopes Tsunagu asks for: post, upload, and read back counts.
pub const SCOPES: &str = "read:statuses read:accounts write:statuses write:media";

fn text_of(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

impl Client {
    /// A client for the instance at `base`, e.g. `https://mastodon.social`.
    pub fn new(base: &str) -> Result<Self, Failure> {
        Ok(Self {
            http: Http::new(base)?,
        })
    }

    /// The rate-limit state from the last response that carried one.
    pub fn rate(&self) -> RateState {
        self.http.rate()
    }

    fn call(&self, req: reqwest::blocking::RequestBuilder, writes: bool) -> Result<Value, Failure> {
        let resp = Http::send(req, writes, "the Mastodon server")?;
        let status = resp.status();
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let remaining = header("x-ratelimit-remaining").and_then(|v| v.parse::<i64>().ok());
        let reset = header("x-ratelimit-reset")
            .and_then(|v| chrono::DateTime::parse_from_rfc3339(&v).ok())
            .map(|t| t.timestamp_millis());
        self.http.note_rate(remaining, reset);
        let body: Value = resp.json().unwrap_or(Value::Null);
        if status.is_success() {
            return Ok(body);
        }
        let said = text_of(&body, "error");
        Err(match status.as_u16() {
            401 | 403 => Failure::Permanent(Problem::new(FailureKind::Reconnect, format!(
                "The Mastodon server refused the account's access ({said}). Reconnect the account."
            ))),
            422 => Failure::Permanent(Problem::new(FailureKind::Refused, format!("The Mastodon server refused the post: {said}"))),
            404 => Failure::Permanent(Problem::new(FailureKind::Refused, format!("The Mastodon server does not know this ({said})."))),
            429 => Failure::RateLimited {
                until_ms: reset,
                reason: Problem::new(FailureKind::RateLimited, format!("the Mastodon server's rate limit was reached ({said})")),
            },
            s if s >= 500 && writes => Failure::Unknown(Problem::new(FailureKind::ServerError, format!(
                "the Mastodon server had an error {s} while writing ({said}); the post may have arrived"
            ))),
            s if s >= 500 => {
                Failure::Transient(Problem::new(FailureKind::ServerError, format!("the Mastodon server had an error {s} ({said})")))
            }
            s => Failure::Permanent(Problem::new(FailureKind::Refused, format!(
                "the Mastodon server refused the request ({s} {said})"
            ))),
        }
        .with_status(status.as_u16()))
    }

    /// Registers Tsunagu on this instance with a loopback redirect.
    pub fn register_app(&self, redirect_uri: &str) -> Result<App, Failure> {
        let v = self.call(
            self.http
                .client
                .post(format!("{}/api/v1/apps", self.http.base))
                .json(&json!({
                    "client_name": "Tsunagu",
                    "redirect_uris": redirect_uri,
                    "scopes": SCOPES,
                    "website": "https://tsunagu.invalid",
                })),
            false,
        )?;
        Ok(App {
            client_id: text_of(&v, "client_id"),
            client_secret: text_of(&v, "client_secret").into(),
        })
    }

    /// Where the user approves access in their browser.
    pub fn authorize_url(
        &self,
        app: &App,
        redirect_uri: &str,
        state: &str,
        challenge: &str,
    ) -> String {
        let q = [
            ("response_type", "code"),
            ("client_id", app.client_id.as_str()),
            ("redirect_uri", redirect_uri),
            ("scope", SCOPES),
            ("state", state),
            ("code_challenge", challenge),
            ("code_challenge_method", "S256"),
        ];
        let query: Vec<String> = q
            .iter()
            .map(|(k, v)| format!("{k}={}", percent(v)))
            .collect();
        format!("{}/oauth/authorize?{}", self.http.base, query.join("&"))
    }

    /// Trades the authorization code for an access token.
    pub fn exchange(
        &self,
        app: &App,
        code: &str,
        redirect_uri: &str,
        verifier: &str,
    ) -> Result<String, Failure> {
        let v = self.call(
            self.http
                .client
                .post(format!("{}/oauth/token", self.http.base))
                .form(&[
                    ("grant_type", "authorization_code"),
                    ("code", code),
                    ("client_id", &app.client_id),
                    ("client_secret", app.client_secret.expose()),
                    ("redirect_uri", redirect_uri),
                    ("code_verifier", verifier),
                    ("scope", SCOPES),
                ]),
            false,
        )?;
        let token = text_of(&v, "access_token");
        if token.is_empty() {
            return Err(Failure::Permanent(Problem::new(
                FailureKind::StrangeAnswer,
                "The server did not return an access token.".into(),
            )));
        }
        Ok(token)
    }

    /// The account behind a token: (id, acct).
    pub fn verify(&self, token: &str) -> Result<(String, String), Failure> {
        let v = self.call(
            self.http
                .client
                .get(format!(
                    "{}/api/v1/accounts/verify_credentials",
                    self.http.base
                ))
                .bearer_auth(token),
            false,
        )?;
        Ok((text_of(&v, "id"), text_of(&v, "acct")))
    }

    /// Uploads an image with its alt text; returns the attachment id.
    pub fn upload(
        &self,
        token: &str,
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
            .part("file", part)
            .text("description", alt.to_string());
        let v = self.call(
            self.http
                .client
                .post(format!("{}/api/v2/media", self.http.base))
                .bearer_auth(token)
                .multipart(form),
            false,
        )?;
        Ok(text_of(&v, "id"))
    }

    /// Posts a status; every retry of the same job sends the same `key`. With `at`, the
    /// instance holds it and publishes it itself at that time (at least five minutes ahead):
    /// the answer is a scheduled status, kept as `scheduled:ID` with its time.
    pub fn post(
        &self,
        token: &str,
        key: &str,
        text: &str,
        media: &[String],
        at: Option<&str>,
    ) -> Result<Remote, Failure> {
        let mut body =
            json!({ "status": text, "visibility": "public", "language": "ja", "media_ids": media });
        if let Some(at) = at {
            body["scheduled_at"] = json!(at);
        }
        let v = self.call(
            self.http
                .client
                .post(format!("{}/api/v1/statuses", self.http.base))
                .bearer_auth(token)
                .header("Idempotency-Key", key)
                .json(&body),
            true,
        )?;
        let id = text_of(&v, "id");
        if id.is_empty() {
            return Err(Failure::Unknown(Problem::new(
                FailureKind::StrangeAnswer,
                "the server answered without the post's id".into(),
            )));
        }
        if v.get("params").is_some() {
            let held = text_of(&v, "scheduled_at");
            return Ok(Remote {
                id: format!("{SCHEDULED}{id}"),
                url: None,
                scheduled_at: Some(if held.is_empty() {
                    at.unwrap_or_default().to_string()
                } else {
                    held
                }),
            });
        }
        let url = text_of(&v, "url");
        Ok(Remote::live(id, (!url.is_empty()).then_some(url)))
    }

    /// Whether the instance still holds a scheduled status (it is gone once published, or
    /// once someone deleted it).
    pub fn still_held(&self, token: &str, id: &str) -> Result<bool, Failure> {
        match self.call(
            self.http
                .client
                .get(format!(
                    "{}/api/v1/scheduled_statuses/{}",
                    self.http.base,
                    percent(id)
                ))
                .bearer_auth(token),
            false,
        ) {
            Ok(_) => Ok(true),
            Err(Failure::Permanent(m)) if m.status == Some(404) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// The account's latest status whose text is `text` (a scheduled status gets a new id
    /// when it is published; Mastodon tells it only through the timeline).
    pub fn find_recent(
        &self,
        token: &str,
        account: &str,
        text: &str,
    ) -> Result<Option<Remote>, Failure> {
        let v = self.call(
            self.http
                .client
                .get(format!(
                    "{}/api/v1/accounts/{}/statuses",
                    self.http.base,
                    percent(account)
                ))
                .query(&[("limit", "40")])
                .bearer_auth(token),
            false,
        )?;
        Ok(v.as_array().into_iter().flatten().find_map(|s| {
            (crate::platforms::x::same_text(&plain(&text_of(s, "content")), text)
                || text_of(s, "text").trim() == text.trim())
            .then(|| {
                let url = text_of(s, "url");
                Remote::live(text_of(s, "id"), (!url.is_empty()).then_some(url))
            })
        }))
    }

    /// Deletes a scheduled status (one already gone counts as deleted).
    pub fn delete_scheduled(&self, token: &str, id: &str) -> Result<(), Failure> {
        self.delete_at(token, "scheduled_statuses", id)
    }
}

/// The prefix of a job's remote id while the instance holds the status for later.
pub const SCHEDULED: &str = "scheduled:";

/// A status's HTML content as plain text (paragraphs and line breaks as newlines, tags
/// dropped, the few entities Mastodon writes decoded).
fn plain(html: &str) -> String {
    let with_breaks = html
        .replace("<br>", "\n")
        .replace("<br />", "\n")
        .replace("</p><p>", "\n\n");
    let mut out = String::new();
    let mut in_tag = false;
    for c in with_breaks.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

impl Client {
    /// A status's counters (`quotes_count` only from Mastodon 4.5; no impressions exist).
    pub fn counts(&self, token: &str, id: &str) -> Result<Counts, Failure> {
        let v = self.call(
            self.http
                .client
                .get(format!(
                    "{}/api/v1/statuses/{}",
                    self.http.base,
                    percent(id)
                ))
                .bearer_auth(token),
            false,
        )?;
        let count = |k: &str| v.get(k).and_then(Value::as_i64);
        Ok(Counts {
            likes: count("favourites_count"),
            reposts: count("reblogs_count"),
            replies: count("replies_count"),
            quotes: count("quotes_count"),
            impressions: None,
        })
    }

    /// Deletes a status (a status already gone counts as deleted).
    pub fn delete(&self, token: &str, id: &str) -> Result<(), Failure> {
        self.delete_at(token, "statuses", id)
    }

    /// Deletes `/api/v1/{kind}/{id}`; one already gone counts as deleted.
    fn delete_at(&self, token: &str, kind: &str, id: &str) -> Result<(), Failure> {
        match self.call(
            self.http
                .client
                .delete(format!("{}/api/v1/{kind}/{}", self.http.base, percent(id)))
                .bearer_auth(token),
            true,
        ) {
            Ok(_) => Ok(()),
            Err(Failure::Permanent(m)) if m.status == Some(404) => Ok(()),
            Err(e) => Err(e),
        }
    }
}
