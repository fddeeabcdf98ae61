//! Bluesky (AT Protocol) over XRPC: app-password sessions, idempotent posts, facets.
//!
//! Exactly once: each job chooses its record key (a TID) when it is created and publishes with
//! `com.atproto.repo.putRecord` and `swapRecord: null`. A retry of the same record returns the
//! same CID and creates nothing; `createRecord` with the same key would fail with HTTP 500, so
//! it is never used (see `shared/platforms/bluesky.md` §12). An attempt whose outcome is unknown
//! is reconciled with `getRecord` before anything else. An expired access token is HTTP 400
//! `ExpiredToken` (not 401): the session is refreshed and the call repeated once.

use super::http::{Http, RateState};
use super::{Failure, Remote};
use super::{FailureKind, Problem};
use crate::secrets::Sensitive;
use serde_json::{json, Value};

/// A logged-in session. Its tokens are [`Sensitive`], so no log can carry them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Short-lived access token (about 2 hours).
    pub access: Sensitive<String>,
    /// Long-lived refresh token (about 90 days).
    pub refresh: Sensitive<String>,
    /// The account's DID.
    pub did: String,
    /// Its handle.
    pub handle: String,
}

/// A client for one PDS.
#[derive(Debug, Clone)]
pub struct Client {
    http: Http,
}

/// A TID record key from a time in microseconds and a clock id (0–1023): 13 characters of
/// base32-sortable, so keys sort by time.
pub fn tid(micros: u64, clock_id: u16) -> String {
    const ALPHABET: &[u8] = b"234567abcdefghijklmnopqrstuvwxyz";
    let v = ((micros & 0x1F_FFFF_FFFF_FFFF) << 10) | u64::from(clock_id & 0x3FF);
    (0..13)
        .rev()
        .map(|i| ALPHABET[((v >> (i * 5)) & 31) as usize] as char)
        .collect()
}

fn text_of(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

impl Client {
    /// A client for the PDS (or entryway) at `base`, e.g. `https://bsky.social`.
    pub fn new(base: &str) -> Result<Self, Failure> {
        Ok(Self {
            http: Http::new(base)?,
        })
    }

    /// The rate-limit state from the last response that carried one.
    pub fn rate(&self) -> RateState {
        self.http.rate()
    }

    fn url(&self, nsid: &str) -> String {
        format!("{}/xrpc/{nsid}", self.http.base)
    }

    /// Sends a request; for a write (`writes`), a failure after the request left may have
    /// happened after the server stored it, so the outcome is unknown, not failed.
    fn call(&self, req: reqwest::blocking::RequestBuilder, writes: bool) -> Result<Value, Failure> {
        let resp = Http::send(req, writes, "Bluesky")?;
        let status = resp.status();
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<i64>().ok())
        };
        // Whole seconds, rounded down by the reference server: the window opens within the
        // second after this.
        let reset = header("ratelimit-reset").map(|s| s.saturating_mul(1000));
        let remaining = header("ratelimit-remaining");
        self.http.note_rate(remaining, reset);
        let body: Value = resp.json().unwrap_or(Value::Null);
        if status.is_success() {
            return Ok(body);
        }
        let error = text_of(&body, "error");
        let message = text_of(&body, "message");
        let said = if message.is_empty() {
            error.clone()
        } else {
            format!("{error}: {message}")
        };
        Err(match (status.as_u16(), error.as_str()) {
            (400, "ExpiredToken") => Failure::Expired,
            (401, _) | (400, "InvalidToken") | (400, "AuthenticationRequired") => Failure::Permanent(Problem::new(FailureKind::Reconnect, format!(
                "Bluesky refused the account's credentials ({said}). Reconnect the account with a new app password."
            ))),
            (429, _) => Failure::RateLimited {
                until_ms: reset,
                reason: Problem::new(FailureKind::RateLimited, format!("Bluesky's rate limit was reached ({said})")),
            },
            (413, _) => Failure::Permanent(Problem::new(FailureKind::Image, format!("An image is too large for Bluesky ({said})."))),
            // A 5xx on a write is not "may have arrived" here: the record's key is the job's
            // idempotency key and `swapRecord: null` refuses a second copy, so sending again
            // is itself the check.
            (s, _) if s >= 500 => Failure::Transient(Problem::new(FailureKind::ServerError, format!("Bluesky had a server error {s} ({said})"))),
            (s, _) => Failure::Permanent(Problem::new(FailureKind::Refused, format!("Bluesky refused the post ({s} {said})."))),
        }
        .with_status(status.as_u16())
        .with_code(&error))
    }

    /// Logs in with a handle (or DID) and an app password.
    pub fn create_session(&self, identifier: &str, password: &str) -> Result<Session, Failure> {
        let v = self.call(
            self.http
                .client
                .post(self.url("com.atproto.server.createSession"))
                .json(&json!({ "identifier": identifier, "password": password })),
            false,
        )?;
        Ok(Session {
            access: text_of(&v, "accessJwt").into(),
            refresh: text_of(&v, "refreshJwt").into(),
            did: text_of(&v, "did"),
            handle: text_of(&v, "handle"),
        })
    }

    /// A new token pair from the refresh token.
    pub fn refresh(&self, refresh: &str) -> Result<Session, Failure> {
        let v = self.call(
            self.http
                .client
                .post(self.url("com.atproto.server.refreshSession"))
                .bearer_auth(refresh),
            false,
        )?;
        Ok(Session {
            access: text_of(&v, "accessJwt").into(),
            refresh: text_of(&v, "refreshJwt").into(),
            did: text_of(&v, "did"),
            handle: text_of(&v, "handle"),
        })
    }

    /// Uploads an image; returns the blob reference to embed.
    pub fn upload_blob(
        &self,
        session: &Session,
        bytes: Vec<u8>,
        mime: &str,
    ) -> Result<Value, Failure> {
        let v = self.call(
            self.http
                .client
                .post(self.url("com.atproto.repo.uploadBlob"))
                .bearer_auth(session.access.expose())
                .header("Content-Type", mime)
                .body(bytes),
            false,
        )?;
        v.get("blob").cloned().ok_or_else(|| {
            Failure::Transient(Problem::new(
                FailureKind::Image,
                "Bluesky did not return the uploaded image".into(),
            ))
        })
    }

    /// Writes the post under `rkey`, creating it only if it does not exist yet.
    pub fn put_post(
        &self,
        session: &Session,
        rkey: &str,
        record: &Value,
    ) -> Result<Remote, Failure> {
        let v = self.call(
            self.http
                .client
                .post(self.url("com.atproto.repo.putRecord"))
                .bearer_auth(session.access.expose())
                .json(&json!({
                    "repo": session.did,
                    "collection": "app.bsky.feed.post",
                    "rkey": rkey,
                    "record": record,
                    "swapRecord": null,
                })),
            true,
        )?;
        let uri = text_of(&v, "uri");
        if uri.is_empty() {
            return Err(Failure::Unknown(Problem::new(
                FailureKind::StrangeAnswer,
                "Bluesky answered without the post's address".into(),
            )));
        }
        Ok(Remote::live(uri, web_url(&session.handle, rkey)))
    }

    /// The post under `rkey`, if it exists (for reconciling an unknown outcome).
    pub fn find_post(&self, session: &Session, rkey: &str) -> Result<Option<Remote>, Failure> {
        let result = self.call(
            self.http
                .client
                .get(self.url("com.atproto.repo.getRecord"))
                .bearer_auth(session.access.expose())
                .query(&[
                    ("repo", session.did.as_str()),
                    ("collection", "app.bsky.feed.post"),
                    ("rkey", rkey),
                ]),
            false,
        );
        match result {
            Ok(v) => Ok(Some(Remote::live(
                text_of(&v, "uri"),
                web_url(&session.handle, rkey),
            ))),
            Err(Failure::Permanent(m)) if m.is("RecordNotFound") => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The DID behind a handle, or `None` when no server knows it (then the mention stays
    /// plain text, as in Bluesky's own app).
    pub fn resolve_handle(&self, handle: &str) -> Result<Option<String>, Failure> {
        match self.call(
            self.http
                .client
                .get(self.url("com.atproto.identity.resolveHandle"))
                .query(&[("handle", handle)]),
            false,
        ) {
            Ok(v) => Ok(Some(text_of(&v, "did")).filter(|d| d.starts_with("did:"))),
            Err(Failure::Permanent(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The counters of up to 25 posts (`app.bsky.feed.getPosts`, proxied by the PDS to its
    /// AppView): URI → counts. Deleted posts are simply absent. Bluesky has no impressions.
    pub fn counts(
        &self,
        session: &Session,
        uris: &[&str],
    ) -> Result<std::collections::HashMap<String, super::Counts>, Failure> {
        let query: Vec<(&str, &str)> = uris.iter().map(|u| ("uris", *u)).collect();
        let v = self.call(
            self.http
                .client
                .get(self.url("app.bsky.feed.getPosts"))
                .bearer_auth(session.access.expose())
                .query(&query),
            false,
        )?;
        let count = |p: &Value, k: &str| p.get(k).and_then(Value::as_i64);
        Ok(v["posts"]
            .as_array()
            .map(|posts| {
                posts
                    .iter()
                    .map(|p| {
                        (
                            text_of(p, "uri"),
                            super::Counts {
                                likes: count(p, "likeCount"),
                                reposts: count(p, "repostCount"),
                                replies: count(p, "replyCount"),
                                quotes: count(p, "quoteCount"),
                                impressions: None,
                            },
                        )
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Deletes the post under `rkey` (deleting twice is fine).
    pub fn delete_post(&self, session: &Session, rkey: &str) -> Result<(), Failure> {
        self.call(
            self.http.client
                .post(self.url("com.atproto.repo.deleteRecord"))
                .bearer_auth(session.access.expose())
                .json(&json!({ "repo": session.did, "collection": "app.bsky.feed.post", "rkey": rkey })),
            true,
        )
        .map(|_| ())
    }
}

/// Where people see the post (bsky.app), when the handle is a public one.
fn web_url(handle: &str, rkey: &str) -> Option<String> {
    (!handle.ends_with(".test") && !handle.is_empty())
        .then(|| format!("https://bsky.app/profile/{handle}/post/{rkey}"))
}

/// Mentions of Bluesky handles (`@minato.bsky.social`): byte range of `@handle` and the
/// handle. A handle is at least two dot-separated labels of letters, digits and hyphens, after
/// the start, a space or an opening bracket; `pr@minato.test` (an address) is not a mention.
pub fn mention_spans(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices('@') {
        let before = text[..i].chars().next_back();
        if before.is_some_and(|c| !c.is_whitespace() && !"(（[「".contains(c)) {
            continue;
        }
        let handle: String = text[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
            .collect();
        let handle = handle.trim_end_matches('.').to_ascii_lowercase();
        let labels: Vec<&str> = handle.split('.').collect();
        let valid = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-')
            })
            && labels
                .last()
                .is_some_and(|tld| tld.chars().next().is_some_and(|c| c.is_ascii_alphabetic()));
        if valid {
            out.push((i, i + 1 + handle.len(), handle));
        }
    }
    out
}

/// A mention facet for a resolved handle.
pub fn mention_facet(start: usize, end: usize, did: &str) -> Value {
    json!({
        "index": { "byteStart": start, "byteEnd": end },
        "features": [{ "$type": "app.bsky.richtext.facet#mention", "did": did }],
    })
}

/// Facets for links and hashtags, in UTF-8 byte offsets as Bluesky requires.
pub fn facets(text: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for (start, end) in crate::counting::url_spans(text) {
        let raw = &text[start..end];
        let uri = if raw.contains("://") {
            raw.to_string()
        } else {
            format!("https://{raw}")
        };
        out.push(json!({
            "index": { "byteStart": start, "byteEnd": end },
            "features": [{ "$type": "app.bsky.richtext.facet#link", "uri": uri }],
        }));
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let hash = if bytes[i] == b'#' {
            Some(1)
        } else if text[i..].starts_with('＃') {
            Some('＃'.len_utf8())
        } else {
            None
        };
        let after_space = i == 0
            || text[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_whitespace);
        if let (Some(len), true) = (hash, after_space) {
            let tag: String = text[i + len..]
                .chars()
                .take_while(|c| !c.is_whitespace() && !"#＃,.!?、。!?「」()（）".contains(*c))
                .collect();
            if !tag.is_empty() && !tag.chars().all(|c| c.is_ascii_digit()) {
                let end = i + len + tag.len();
                out.push(json!({
                    "index": { "byteStart": i, "byteEnd": end },
                    "features": [{ "$type": "app.bsky.richtext.facet#tag", "tag": tag }],
                }));
                i = end;
                continue;
            }
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tids_are_13_sortable_characters() {
        let a = tid(1_763_780_000_000_000, 7);
        let b = tid(1_763_780_000_000_001, 7);
        assert_eq!(a.len(), 13);
        assert!(a < b);
        assert!(a
            .chars()
            .all(|c| "234567abcdefghijklmnopqrstuvwxyz".contains(c)));
    }

    #[test]
    fn mentions_are_handles_after_a_space_not_addresses() {
        let text = "@minato.test さんと（@yamada.bsky.social）へ。連絡は pr@minato.test まで。@nodot と @a.1 は違う。";
        let m = mention_spans(text);
        let handles: Vec<&str> = m.iter().map(|(_, _, h)| h.as_str()).collect();
        assert_eq!(handles, ["minato.test", "yamada.bsky.social"]);
        assert_eq!(&text[m[0].0..m[0].1], "@minato.test");
        assert_eq!(&text[m[1].0..m[1].1], "@yamada.bsky.social");
    }

    #[test]
    fn facets_use_utf8_byte_offsets() {
        let text = "新製品です https://example.com/a #ものづくり ＃精密加工";
        let f = facets(text);
        assert_eq!(f.len(), 3);
        let range = |i: usize| {
            let s = f[i]["index"]["byteStart"].as_u64().unwrap() as usize;
            let e = f[i]["index"]["byteEnd"].as_u64().unwrap() as usize;
            &text[s..e]
        };
        assert_eq!(range(0), "https://example.com/a");
        assert_eq!(range(1), "#ものづくり");
        assert_eq!(f[1]["features"][0]["tag"], "ものづくり");
        assert_eq!(range(2), "＃精密加工");
    }
}
