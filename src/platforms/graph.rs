//! What Facebook Pages, Instagram and Threads share: Meta's Graph API shape. One client per
//! host with a pinned version in the path, the token in the `Authorization` header (never in a
//! URL, so no error message or log can carry it), form-encoded writes, and Meta's error object
//! (`code`, `error_subcode`, `is_transient`) sorted into Tsunagu's [`Failure`]s: 190 means the
//! token must be renewed, the throttling codes wait for `estimated_time_to_regain_access` from
//! the `X-Business-Use-Case-Usage` header, 368 ("posting too fast") is retried later, and 506
//! is a duplicate for the adapter to look up.

use super::http::{Http, RateState};
use super::{Failure, Remote};
use super::{FailureKind, Problem};
use serde_json::Value;
use std::sync::atomic::{AtomicI64, Ordering};

/// The Graph API version for Facebook Pages and Instagram, kept in one place: Meta supports
/// a version about two years, so this is raised with each Tsunagu release that needs it.
pub const GRAPH_VERSION: &str = "v25.0";
/// The Threads API version.
pub const THREADS_VERSION: &str = "v1.0";

/// Throttling codes: application, user, page, custom endpoint, Pages BUC, Instagram BUC.
const THROTTLED: [i64; 6] = [4, 17, 32, 613, 80001, 80002];

/// Text of a JSON field (empty when absent).
pub(crate) fn text_of(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// A Graph API host (`https://graph.facebook.com`, `https://graph.instagram.com`,
/// `https://graph.threads.net`, or a fake on 127.0.0.1).
#[derive(Debug)]
pub struct Graph {
    /// The connection, the base address and the rate state.
    pub http: Http,
    version: &'static str,
    who: &'static str,
    /// The pass's clock (Unix ms), set by the adapter before each call: Meta states resets
    /// in minutes from now.
    now_ms: AtomicI64,
}

impl Graph {
    /// A client for `base` with `version` in every path; `who` names the platform in messages.
    pub fn new(base: &str, version: &'static str, who: &'static str) -> Result<Self, Failure> {
        Ok(Self {
            http: Http::new(base)?,
            version,
            who,
            now_ms: AtomicI64::new(0),
        })
    }

    /// The platform's name in messages.
    pub fn who(&self) -> &'static str {
        self.who
    }

    /// Sets the time that throttling resets are counted from.
    pub fn at(&self, now_ms: i64) {
        self.now_ms.store(now_ms, Ordering::Relaxed);
    }

    /// The rate-limit state from the last throttled answer.
    pub fn rate(&self) -> RateState {
        self.http.rate()
    }

    /// The address of `path` under the pinned version.
    pub fn url(&self, path: &str) -> String {
        format!(
            "{}/{}/{}",
            self.http.base,
            self.version,
            path.trim_start_matches('/')
        )
    }

    /// GET `path` with `query`.
    pub fn get(&self, token: &str, path: &str, query: &[(&str, &str)]) -> Result<Value, Failure> {
        self.call(
            self.http
                .client
                .get(self.url(path))
                .bearer_auth(token)
                .query(query),
            false,
        )
    }

    /// POST `form` to `path`; `writes` when it publishes something (an interrupted answer is
    /// then an unknown outcome).
    pub fn post(
        &self,
        token: &str,
        path: &str,
        form: &[(&str, String)],
        writes: bool,
    ) -> Result<Value, Failure> {
        self.call(
            self.http
                .client
                .post(self.url(path))
                .bearer_auth(token)
                .form(form),
            writes,
        )
    }

    /// DELETE `path`; one already gone counts as deleted.
    pub fn delete(&self, token: &str, path: &str) -> Result<(), Failure> {
        match self.call(
            self.http.client.delete(self.url(path)).bearer_auth(token),
            true,
        ) {
            Ok(_) => Ok(()),
            Err(Failure::Permanent(m)) if m.is("100/33") || m.status == Some(404) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Sends a request and sorts Meta's answer.
    pub fn call(
        &self,
        req: reqwest::blocking::RequestBuilder,
        writes: bool,
    ) -> Result<Value, Failure> {
        let resp = Http::send(req, writes, self.who)?;
        let status = resp.status().as_u16();
        let regain = resp
            .headers()
            .get("x-business-use-case-usage")
            .and_then(|v| v.to_str().ok())
            .and_then(regain_minutes);
        let body: Value = resp.json().unwrap_or(Value::Null);
        if (200..300).contains(&status) && body.get("error").is_none() {
            return Ok(body);
        }
        let e = &body["error"];
        let code = e["code"].as_i64().unwrap_or(0);
        let sub = e["error_subcode"].as_i64().unwrap_or(0);
        let message = [text_of(e, "error_user_msg"), text_of(e, "message")]
            .into_iter()
            .find(|s| !s.is_empty())
            .unwrap_or_else(|| format!("HTTP {status}"));
        let who = self.who;
        let detail = format!("{message} ({code}/{sub})");
        Err(match code {
            190 => Failure::Expired,
            c if THROTTLED.contains(&c) => {
                let until = regain
                    .map(|m| self.now_ms.load(Ordering::Relaxed) + m.max(1) * 60_000)
                    .filter(|_| self.now_ms.load(Ordering::Relaxed) > 0);
                self.http.note_rate(Some(0), until);
                Failure::RateLimited {
                    until_ms: until,
                    reason: Problem::new(FailureKind::RateLimited, format!("{who}'s rate limit was reached ({detail})")),
                }
            }
            368 => Failure::Transient(Problem::new(FailureKind::SlowDown, format!(
                "{who} asked to slow down ({detail}); Tsunagu tries again later."
            ))),
            506 => Failure::Permanent(Problem::new(FailureKind::Refused, format!(
                "{who} refused the post as a duplicate of one already on the account ({detail})."
            ))),
            10 | 200 => Failure::Permanent(Problem::new(FailureKind::Reconnect, format!(
                "{who} did not allow this ({detail}). Reconnect the account and grant every permission Tsunagu asks for."
            ))),
            1 | 2 => Failure::Transient(Problem::new(FailureKind::ServerError, format!("{who} had a temporary problem ({detail})"))),
            _ if status >= 500 && writes => Failure::Unknown(Problem::new(FailureKind::ServerError, format!(
                "{who} had a server error {status} while writing ({detail}); the post may have arrived"
            ))),
            _ if e["is_transient"].as_bool() == Some(true) || status >= 500 => {
                Failure::Transient(Problem::new(FailureKind::ServerError, format!("{who} had a server error {status} ({detail})")))
            }
            _ => Failure::Permanent(Problem::new(FailureKind::Refused, format!("{who} refused the post ({detail})."))),
        }
        .with_status(status)
        .with_code(&format!("{code}/{sub}")))
    }

    /// The first item of a list (`/feed`, `/media`, `/threads`) that `wanted` accepts, paging
    /// back through up to a thousand of the newest with Meta's `after` cursors, so a post that
    /// many others followed in the same pass is still found when an answer was lost.
    pub fn find_in(
        &self,
        token: &str,
        path: &str,
        fields: &str,
        wanted: impl Fn(&Value) -> bool,
    ) -> Result<Option<Value>, Failure> {
        let mut after: Option<String> = None;
        for _ in 0..10 {
            let mut query = vec![("fields", fields), ("limit", "100")];
            if let Some(cursor) = after.as_deref() {
                query.push(("after", cursor));
            }
            let page = self.get(token, path, &query)?;
            if let Some(found) = page["data"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|p| wanted(p))
            {
                return Ok(Some(found.clone()));
            }
            // No `next` link: this was the last page.
            if page["paging"]["next"].as_str().is_none() {
                break;
            }
            after = page["paging"]["cursors"]["after"]
                .as_str()
                .map(str::to_string);
            if after.is_none() {
                break;
            }
        }
        Ok(None)
    }

    /// The id Meta answered with, or an unknown outcome (it may have made the post).
    pub fn id_of(&self, v: &Value, key: &str) -> Result<String, Failure> {
        let id = text_of(v, key);
        if id.is_empty() {
            return Err(Failure::Unknown(Problem::new(
                FailureKind::StrangeAnswer,
                format!("{} answered without the post's id", self.who),
            )));
        }
        Ok(id)
    }
}

/// The longest `estimated_time_to_regain_access` (minutes) in an `X-Business-Use-Case-Usage`
/// header: `{"<id>":[{"type":"pages","call_count":100,…,"estimated_time_to_regain_access":7}]}`.
pub fn regain_minutes(header: &str) -> Option<i64> {
    let v: Value = serde_json::from_str(header).ok()?;
    v.as_object()?
        .values()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(|u| u["estimated_time_to_regain_access"].as_i64())
        .max()
}

/// The caption a post carries on Meta's platforms, compared after trimming (Meta trims).
pub fn same_caption(theirs: &str, ours: &str) -> bool {
    theirs.trim() == ours.trim()
}

/// A published Graph post with its permalink when known.
pub fn remote(id: String, url: Option<String>) -> Remote {
    Remote::live(id, url.filter(|u| !u.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::regain_minutes;

    #[test]
    fn the_longest_wait_of_every_business_use_case_is_taken() {
        let h = r#"{"1234":[{"type":"pages","call_count":100,"total_cputime":20,"total_time":30,"estimated_time_to_regain_access":7},{"type":"instagram","call_count":5,"estimated_time_to_regain_access":0}]}"#;
        assert_eq!(regain_minutes(h), Some(7));
        assert_eq!(regain_minutes("not json"), None);
        assert_eq!(regain_minutes(r#"{"1":[{"call_count":3}]}"#), None);
    }
}
