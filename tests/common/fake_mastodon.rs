//! A Mastodon instance on 127.0.0.1 for publishing tests (shared/platforms/mastodon.md §11):
//! app registration, an authorize page that approves at once and redirects with the code,
//! a token endpoint that verifies PKCE (S256), `Idempotency-Key` on statuses (a repeat returns
//! the first status), 500-character validation (422), image uploads, `X-RateLimit-*` headers
//! with an ISO 8601 reset, and faults: drop the connection after creating, 500s, 429s.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;
use std::net::TcpStream;
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub struct State {
    pub token: String,
    /// code → PKCE challenge.
    pub codes: HashMap<String, String>,
    /// Idempotency-Key → status.
    pub by_key: HashMap<String, Value>,
    pub statuses: Vec<Value>,
    pub media: u32,
    pub posts: u32,
    pub drop_after_create: u32,
    /// Create the status, then never answer (the publisher is killed while it waits).
    pub hang_after_create: u32,
    pub fail_500: u32,
    /// Refuse this many posts as invalid (422), as a server with a stricter limit would.
    pub reject_content: u32,
    pub rate_limit: u32,
    pub rate_limit_reset: String,
    /// Statuses deleted through the API.
    pub deleted: u32,
    /// Every status's favourites (boosts are half, replies a third; no quotes before 4.5).
    pub favourites: i64,
    /// A real-time window for posting (for the benchmark).
    pub window: Option<super::window::RateWindow>,
    /// Statuses are accepted but cannot be read back (removed at once by a moderator).
    pub unreadable: bool,
    /// The instance's clock for scheduled statuses (the test's clock; real time when unset).
    pub now: Option<chrono::DateTime<chrono::Utc>>,
    /// Statuses held for later: (id, scheduled_at, text, media ids).
    pub scheduled: Vec<(String, String, String, Value)>,
    /// Scheduled statuses deleted through the API.
    pub scheduled_deleted: u32,
}

pub struct FakeMastodon {
    pub url: String,
    pub state: Arc<Mutex<State>>,
}

impl FakeMastodon {
    pub fn start() -> Self {
        let (url, state) = super::http::serve(
            State {
                token: "mastodon-token-1".into(),
                ..Default::default()
            },
            handle,
        );
        Self { url, state }
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.state.lock().unwrap())
    }

    /// The instance publishes every scheduled status whose time has come (at `now`): each
    /// becomes a status with a new id, as Mastodon does.
    pub fn publish_scheduled(&self, now: chrono::DateTime<chrono::Utc>) -> usize {
        self.with(|st| {
            let (due, held): (Vec<_>, Vec<_>) = std::mem::take(&mut st.scheduled)
                .into_iter()
                .partition(|(_, at, ..)| {
                    chrono::DateTime::parse_from_rfc3339(at).unwrap() <= now
                });
            st.scheduled = held;
            for (_, _, text, media) in &due {
                st.posts += 1;
                let id = format!("1130000000000{:05}", st.posts);
                st.statuses.push(json!({ "id": id, "url": format!("http://127.0.0.1/@minato_pr/{id}"), "content": format!("<p>{}</p>", text.replace('&', "&amp;").replace('\n', "<br>")), "media_attachments": media }));
            }
            due.len()
        })
    }
}

pub fn send(stream: &mut TcpStream, status: u16, extra: &[(&str, String)], body: &str) {
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    let _ = stream.write_all(format!("{head}\r\n{body}").as_bytes());
}

pub fn json_reply(stream: &mut TcpStream, status: u16, v: &Value, extra: &[(&str, String)]) {
    let mut headers = vec![("Content-Type", "application/json".to_string())];
    headers.extend(extra.iter().cloned());
    send(stream, status, &headers, &v.to_string());
}

pub fn b64url(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn decode(v: &str) -> String {
    let bytes = v.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).unwrap_or(b'?'));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn params(q: &str) -> HashMap<String, String> {
    q.split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

fn handle(mut stream: TcpStream, state: &Mutex<State>) {
    let Some(super::http::Request {
        method,
        target,
        headers,
        body,
    }) = super::http::read(&stream)
    else {
        return;
    };
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let mut st = state.lock().unwrap();
    let authed =
        headers.get("authorization").map(String::as_str) == Some(&format!("Bearer {}", st.token));
    let limit_headers = |remaining: u32, reset: &str| {
        vec![
            ("X-RateLimit-Limit", "300".to_string()),
            ("X-RateLimit-Remaining", remaining.to_string()),
            ("X-RateLimit-Reset", reset.to_string()),
        ]
    };
    match (method.as_str(), path) {
        ("POST", "/api/v1/apps") => {
            let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            json_reply(
                &mut stream,
                200,
                &json!({ "client_id": "cid-1", "client_secret": "csecret-1", "redirect_uri": v["redirect_uris"] }),
                &[],
            );
        }
        ("GET", "/oauth/authorize") => {
            // Approves at once: the "user" clicked Authorize.
            let p = params(query);
            assert_eq!(
                p.get("code_challenge_method").map(String::as_str),
                Some("S256")
            );
            let code = format!("code-{}", st.codes.len() + 1);
            st.codes.insert(code.clone(), p["code_challenge"].clone());
            let location = format!("{}?code={code}&state={}", p["redirect_uri"], p["state"]);
            send(&mut stream, 302, &[("Location", location)], "");
        }
        ("POST", "/oauth/token") => {
            let p = params(&String::from_utf8_lossy(&body));
            let expected = st.codes.remove(&p["code"]).unwrap_or_default();
            let challenge = b64url(&Sha256::digest(p["code_verifier"].as_bytes()));
            if challenge != expected
                || p.get("client_secret").map(String::as_str) != Some("csecret-1")
            {
                json_reply(&mut stream, 400, &json!({ "error": "invalid_grant" }), &[]);
            } else {
                json_reply(
                    &mut stream,
                    200,
                    &json!({ "access_token": st.token, "token_type": "Bearer", "scope": "read write" }),
                    &[],
                );
            }
        }
        ("GET", "/api/v1/accounts/verify_credentials") => {
            if authed {
                json_reply(
                    &mut stream,
                    200,
                    &json!({ "id": "109000000000000001", "acct": "minato_pr" }),
                    &[],
                );
            } else {
                json_reply(
                    &mut stream,
                    401,
                    &json!({ "error": "The access token is invalid" }),
                    &[],
                );
            }
        }
        ("POST", "/api/v2/media") => {
            if !authed {
                return json_reply(
                    &mut stream,
                    401,
                    &json!({ "error": "The access token is invalid" }),
                    &[],
                );
            }
            st.media += 1;
            let id = format!("2234864{}", st.media);
            json_reply(
                &mut stream,
                200,
                &json!({ "id": id, "type": "image", "url": "http://127.0.0.1/media.jpg" }),
                &[],
            );
        }
        ("POST", "/api/v1/statuses") => {
            if !authed {
                return json_reply(
                    &mut stream,
                    401,
                    &json!({ "error": "The access token is invalid" }),
                    &[],
                );
            }
            st.posts += 1;
            let reset = if st.rate_limit_reset.is_empty() {
                "2026-11-22T03:05:00.000000Z".to_string()
            } else {
                st.rate_limit_reset.clone()
            };
            if st.rate_limit > 0 {
                st.rate_limit -= 1;
                return json_reply(
                    &mut stream,
                    429,
                    &json!({ "error": "Too many requests" }),
                    &limit_headers(0, &reset),
                );
            }
            if st.fail_500 > 0 {
                st.fail_500 -= 1;
                return json_reply(
                    &mut stream,
                    500,
                    &json!({ "error": "Internal Server Error" }),
                    &[],
                );
            }
            // The window's own headers, reset to the microsecond as Mastodon writes it.
            let iso = |ms: i64| {
                chrono::DateTime::from_timestamp_millis(ms)
                    .unwrap()
                    .format("%Y-%m-%dT%H:%M:%S%.6fZ")
                    .to_string()
            };
            let mut window_headers = None;
            if let Some(w) = st.window.as_mut() {
                match w.take() {
                    Err(reset_ms) => {
                        return json_reply(
                            &mut stream,
                            429,
                            &json!({ "error": "Too many requests" }),
                            &limit_headers(0, &iso(reset_ms)),
                        );
                    }
                    Ok((remaining, reset_ms)) => {
                        window_headers = Some(limit_headers(remaining, &iso(reset_ms)));
                    }
                }
            }
            let ok_headers = window_headers.unwrap_or_else(|| limit_headers(250, &reset));
            let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            let text = v["status"].as_str().unwrap_or("");
            if st.reject_content > 0
                && !st
                    .by_key
                    .contains_key(headers.get("idempotency-key").map_or("", String::as_str))
            {
                st.reject_content -= 1;
                return json_reply(
                    &mut stream,
                    422,
                    &json!({ "error": "Validation failed: Text character limit of 280 exceeded" }),
                    &[],
                );
            }
            if text.chars().count() > 500 {
                return json_reply(
                    &mut stream,
                    422,
                    &json!({ "error": "Validation failed: Text character limit of 500 exceeded" }),
                    &[],
                );
            }
            let key = headers.get("idempotency-key").cloned().unwrap_or_default();
            if let Some(existing) = st.by_key.get(&key).cloned() {
                return json_reply(&mut stream, 200, &existing, &ok_headers);
            }
            if let Some(at) = v["scheduled_at"].as_str() {
                #[allow(
                    clippy::disallowed_methods,
                    reason = "a fake server without a test clock keeps real time"
                )]
                let now = st.now.unwrap_or_else(chrono::Utc::now);
                let when =
                    chrono::DateTime::parse_from_rfc3339(at).map(|t| t.with_timezone(&chrono::Utc));
                if !when.is_ok_and(|t| t - now >= chrono::Duration::minutes(5)) {
                    return json_reply(
                        &mut stream,
                        422,
                        &json!({ "error": "Validation failed: Scheduled at The scheduled date must be in the future" }),
                        &[],
                    );
                }
                let id = format!(
                    "{}",
                    900 + st.scheduled.len() + st.scheduled_deleted as usize + st.posts as usize
                );
                let held = json!({ "id": id, "scheduled_at": at, "params": { "text": text }, "media_attachments": [] });
                st.scheduled
                    .push((id, at.to_string(), text.to_string(), v["media_ids"].clone()));
                if !key.is_empty() {
                    st.by_key.insert(key, held.clone());
                }
                return json_reply(&mut stream, 200, &held, &ok_headers);
            }
            // Ids never repeat, even after deletions.
            let id = format!("1130000000000{:05}", st.posts);
            let status = json!({ "id": id, "url": format!("http://127.0.0.1/@minato_pr/{id}"), "content": text, "media_attachments": v["media_ids"] });
            st.statuses.push(status.clone());
            if !key.is_empty() {
                st.by_key.insert(key, status.clone());
            }
            if st.hang_after_create > 0 {
                st.hang_after_create -= 1;
                drop(st);
                std::thread::sleep(std::time::Duration::from_secs(120));
                return;
            }
            if st.drop_after_create > 0 {
                st.drop_after_create -= 1;
                let _ = stream.shutdown(std::net::Shutdown::Both);
                return;
            }
            json_reply(&mut stream, 200, &status, &ok_headers);
        }
        ("GET", p) if p.starts_with("/api/v1/statuses/") => {
            if !authed {
                return json_reply(
                    &mut stream,
                    401,
                    &json!({ "error": "The access token is invalid" }),
                    &[],
                );
            }
            let id = p.trim_start_matches("/api/v1/statuses/");
            match st.statuses.iter().find(|s| s["id"] == id && !st.unreadable) {
                Some(found) => {
                    let mut v = found.clone();
                    v["favourites_count"] = json!(st.favourites);
                    v["reblogs_count"] = json!(st.favourites / 2);
                    v["replies_count"] = json!(st.favourites / 3);
                    json_reply(&mut stream, 200, &v, &[])
                }
                None => json_reply(
                    &mut stream,
                    404,
                    &json!({ "error": "Record not found" }),
                    &[],
                ),
            }
        }
        ("GET", p) if p.starts_with("/api/v1/scheduled_statuses/") => {
            let id = p.trim_start_matches("/api/v1/scheduled_statuses/");
            match st.scheduled.iter().find(|(i, ..)| i == id) {
                Some((i, at, text, _)) if authed => json_reply(
                    &mut stream,
                    200,
                    &json!({ "id": i, "scheduled_at": at, "params": { "text": text } }),
                    &[],
                ),
                _ => json_reply(
                    &mut stream,
                    404,
                    &json!({ "error": "Record not found" }),
                    &[],
                ),
            }
        }
        ("DELETE", p) if p.starts_with("/api/v1/scheduled_statuses/") => {
            let id = p
                .trim_start_matches("/api/v1/scheduled_statuses/")
                .to_string();
            let before = st.scheduled.len();
            st.scheduled.retain(|(i, ..)| *i != id);
            if st.scheduled.len() < before {
                st.scheduled_deleted += 1;
                json_reply(&mut stream, 200, &json!({}), &[])
            } else {
                json_reply(
                    &mut stream,
                    404,
                    &json!({ "error": "Record not found" }),
                    &[],
                )
            }
        }
        ("GET", p) if p.starts_with("/api/v1/accounts/") && p.ends_with("/statuses") => {
            let list: Vec<Value> = st.statuses.iter().rev().take(40).cloned().collect();
            json_reply(&mut stream, 200, &json!(list), &[])
        }
        ("DELETE", p) if p.starts_with("/api/v1/statuses/") => {
            if !authed {
                return json_reply(
                    &mut stream,
                    401,
                    &json!({ "error": "The access token is invalid" }),
                    &[],
                );
            }
            let id = p.trim_start_matches("/api/v1/statuses/").to_string();
            let before = st.statuses.len();
            st.statuses.retain(|s| s["id"] != id.as_str());
            if st.statuses.len() == before {
                return json_reply(
                    &mut stream,
                    404,
                    &json!({ "error": "Record not found" }),
                    &[],
                );
            }
            st.deleted += 1;
            json_reply(&mut stream, 200, &json!({ "id": id, "text": "" }), &[])
        }
        _ => json_reply(
            &mut stream,
            404,
            &json!({ "error": "Record not found" }),
            &[],
        ),
    }
}
