//! LINE公式アカウント through the Messaging API: the account behind a channel access token,
//! the month's message quota and what is used of it, how many friends a broadcast reaches,
//! the broadcast itself (exactly once, with the API's retry key), and the delivery numbers of
//! a sent broadcast.
//!
//! A broadcast is counted against the quota once per friend it reaches, and LINE refuses one
//! that would pass the quota only when it is sent (429 "monthly limit"). So Tsunagu reads the
//! quota, the usage and the reach before sending and says when it will not fit. A retried
//! broadcast carries the same `X-Line-Retry-Key` (a UUID): LINE answers a key it already
//! accepted with 409 and the accepted request's id, which stands for the broadcast.

use super::http::Http;
use super::{Counts, Failure, FailureKind, Problem, Remote};
use serde_json::{json, Value};

/// LINE's API.
pub const API: &str = "https://api.line.me";
/// Messages in one broadcast (a text and up to four images).
pub const MAX_MESSAGES: usize = 5;

/// A client for the Messaging API.
pub struct Client {
    pub(crate) http: Http,
}

/// The account a channel access token speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bot {
    /// The bot's user id.
    pub user_id: String,
    /// Its LINE ID (`@123abcde`).
    pub basic_id: String,
    /// Its name.
    pub display_name: String,
}

/// The month's message quota and what a broadcast would take of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    /// Messages a month (`None`: no limit on the account's plan).
    pub limit: Option<i64>,
    /// Used this month.
    pub used: i64,
    /// Friends a broadcast reaches (LINE's latest count), when known.
    pub reach: Option<i64>,
}

impl Quota {
    /// Messages left this month (`None`: no limit).
    pub fn left(&self) -> Option<i64> {
        self.limit.map(|l| (l - self.used).max(0))
    }

    /// Whether a broadcast fits in what is left (unknown reach counts as fitting: LINE then
    /// decides).
    pub fn fits(&self) -> bool {
        match (self.left(), self.reach) {
            (Some(left), Some(reach)) => reach <= left,
            _ => true,
        }
    }
}

fn text_of(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

impl Client {
    /// A client for the API at `base` (LINE's own, or a fake in tests).
    pub fn new(base: &str) -> Result<Self, Failure> {
        Ok(Self {
            http: Http::new(base)?,
        })
    }

    /// One call; LINE's error shapes (`{"message", "details": [{"message", "property"}]}`)
    /// become failures that say what to do.
    fn call(
        &self,
        req: reqwest::blocking::RequestBuilder,
        writes: bool,
    ) -> Result<(Value, reqwest::header::HeaderMap), Failure> {
        let resp = Http::send(req, writes, "LINE")?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body: Value = resp.json().unwrap_or(Value::Null);
        if (200..300).contains(&status) {
            return Ok((body, headers));
        }
        let said = text_of(&body, "message");
        let details: Vec<String> = body["details"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| format!("{} ({})", text_of(d, "message"), text_of(d, "property")))
            .collect();
        let said = if details.is_empty() {
            said
        } else {
            format!("{said}: {}", details.join("; "))
        };
        if status == 409 {
            // The retry key was accepted before: LINE names that request.
            let mut p = Problem::new(
                FailureKind::Refused,
                format!("LINE had accepted this broadcast already ({said})"),
            );
            p.code = headers
                .get("x-line-accepted-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            return Err(Failure::Permanent(p).with_status(status));
        }
        Err(match status {
            401 | 403 => Failure::Permanent(Problem::new(
                FailureKind::Reconnect,
                format!("LINE refused the channel access token ({said}). Issue a new one in the LINE Developers console and reconnect the account."),
            )),
            429 if said.contains("monthly limit") => Failure::Permanent(Problem::new(
                FailureKind::Quota,
                format!("LINE refused the broadcast: the account's messages for this month are used up ({said}). Nothing was sent."),
            )),
            429 => Failure::RateLimited {
                until_ms: None,
                reason: Problem::new(
                    FailureKind::RateLimited,
                    format!("LINE's rate limit was reached ({said})"),
                ),
            },
            s if s >= 500 && writes => Failure::Unknown(Problem::new(
                FailureKind::ServerError,
                format!("LINE had an error {s} while sending ({said}); the broadcast may have gone out"),
            )),
            s if s >= 500 => Failure::Transient(Problem::new(
                FailureKind::ServerError,
                format!("LINE had an error {s} ({said})"),
            )),
            s => Failure::Permanent(Problem::new(
                FailureKind::Refused,
                format!("LINE refused the request ({s}: {said})"),
            )),
        }
        .with_status(status))
    }

    fn get(&self, token: &str, path: &str) -> Result<Value, Failure> {
        self.call(
            self.http
                .client
                .get(format!("{}{path}", self.http.base))
                .bearer_auth(token),
            false,
        )
        .map(|(v, _)| v)
    }

    /// The account behind a channel access token.
    pub fn bot(&self, token: &str) -> Result<Bot, Failure> {
        let v = self.get(token, "/v2/bot/info")?;
        let bot = Bot {
            user_id: text_of(&v, "userId"),
            basic_id: text_of(&v, "basicId"),
            display_name: text_of(&v, "displayName"),
        };
        if bot.user_id.is_empty() {
            return Err(Failure::Permanent(Problem::new(
                FailureKind::StrangeAnswer,
                "LINE answered without the account's id".into(),
            )));
        }
        Ok(bot)
    }

    /// The month's quota, what is used of it, and the reach of a broadcast (friends LINE can
    /// deliver to, as of `day`, `YYYYMMDD`; LINE counts a day once it is over).
    pub fn quota(&self, token: &str, day: &str) -> Result<Quota, Failure> {
        let q = self.get(token, "/v2/bot/message/quota")?;
        let limit = match q["type"].as_str() {
            Some("limited") => q["value"].as_i64(),
            _ => None,
        };
        let used = self.get(token, "/v2/bot/message/quota/consumption")?["totalUsage"]
            .as_i64()
            .unwrap_or(0);
        let f = self.get(token, &format!("/v2/bot/insight/followers?date={day}"))?;
        let reach = (f["status"].as_str() == Some("ready"))
            .then(|| f["targetedReaches"].as_i64())
            .flatten();
        Ok(Quota { limit, used, reach })
    }

    /// Broadcasts `text` and the images at `images` (HTTPS addresses: original, preview) to
    /// every friend, once: LINE answers a repeat of an accepted `retry_key` with 409 and the
    /// accepted request's id, which stands for the broadcast.
    pub fn broadcast(
        &self,
        token: &str,
        retry_key: &str,
        text: &str,
        images: &[(String, String)],
    ) -> Result<Remote, Failure> {
        let mut messages = vec![json!({ "type": "text", "text": text })];
        for (original, preview) in images.iter().take(MAX_MESSAGES - 1) {
            messages.push(json!({ "type": "image", "originalContentUrl": original, "previewImageUrl": preview }));
        }
        let req = self
            .http
            .client
            .post(format!("{}/v2/bot/message/broadcast", self.http.base))
            .bearer_auth(token)
            .header("X-Line-Retry-Key", retry_key)
            .json(&json!({ "messages": messages }));
        let header = |h: &reqwest::header::HeaderMap, name: &str| {
            h.get(name)
                .and_then(|v| v.to_str().ok())
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        match self.call(req, true) {
            Ok((_, headers)) => header(&headers, "x-line-request-id")
                .map(|id| Remote::live(id, None))
                .ok_or_else(|| {
                    Failure::Unknown(Problem::new(
                        FailureKind::StrangeAnswer,
                        "LINE accepted the broadcast without a request id".into(),
                    ))
                }),
            Err(Failure::Permanent(p)) if p.status == Some(409) => p
                .code
                .clone()
                .map(|id| Remote::live(id, None))
                .ok_or(Failure::Permanent(p)),
            Err(e) => Err(e),
        }
    }

    /// Delivery numbers of a sent broadcast: people it reached and who opened it (LINE has
    /// them once its statistics are ready, usually the next day).
    pub fn delivery(&self, token: &str, request_id: &str) -> Result<Option<Counts>, Failure> {
        let v = self.get(
            token,
            &format!("/v2/bot/insight/message/event?requestId={request_id}"),
        )?;
        let o = &v["overview"];
        if o["delivered"].is_null() {
            return Ok(None);
        }
        Ok(Some(Counts {
            likes: None,
            reposts: None,
            replies: None,
            quotes: None,
            impressions: o["uniqueImpression"].as_i64(),
        }))
    }
}
