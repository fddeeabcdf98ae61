//! A faithful stand-in for LINE's Messaging API (as documented for the endpoints Tsunagu
//! uses): a channel access token checked on every call; the bot's info; the month's quota
//! and consumption; the friend count of a finished day; broadcasts that need a UUID retry key,
//! answer a key they accepted before with 409 and the accepted request's id (within 24 hours),
//! refuse a broadcast past the quota with 429 "monthly limit", and fetch each image from its
//! HTTPS address; and the delivery numbers of a sent broadcast once they are "ready".
#![allow(dead_code, clippy::unwrap_used)]

use super::fake_mastodon::{json_reply, params, send};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::net::TcpStream;
use std::sync::{Arc, Mutex};

pub const TOKEN: &str = "line-channel-access-token-e2e";

#[derive(Default)]
pub struct State {
    /// The quota (`None`: no limit) and what is used of it.
    pub quota: Option<i64>,
    pub used: i64,
    /// Friends a broadcast reaches.
    pub reach: i64,
    /// retry key → request id.
    pub accepted: HashMap<String, String>,
    /// Broadcasts delivered: (request id, messages).
    pub broadcasts: Vec<(String, Vec<Value>)>,
    /// Every POST to /v2/bot/message/broadcast, refused ones included.
    pub requests: u32,
    /// Accept the next broadcast, then drop the connection without answering.
    pub drop_after_accept: u32,
    /// Image bytes fetched from the media host, per broadcast image.
    pub fetched: Vec<usize>,
    /// Delivery numbers are ready.
    pub stats_ready: bool,
}

pub struct FakeLine {
    pub url: String,
    pub state: Arc<Mutex<State>>,
}

impl FakeLine {
    pub fn start(quota: Option<i64>, reach: i64) -> Self {
        let (url, state) = super::http::serve(
            State {
                quota,
                reach,
                ..Default::default()
            },
            handle,
        );
        Self { url, state }
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.state.lock().unwrap())
    }
}

fn handle(mut stream: TcpStream, state: &Mutex<State>) {
    let Some(req) = super::http::read(&stream) else {
        return;
    };
    let (path, query) = req.target.split_once('?').unwrap_or((&req.target, ""));
    let q = params(query);
    if req.headers.get("authorization").map(String::as_str) != Some(&format!("Bearer {TOKEN}")) {
        return json_reply(
            &mut stream,
            401,
            &json!({ "message": "Authentication failed. Confirm that the access token in the authorization header is valid." }),
            &[],
        );
    }
    let mut st = state.lock().unwrap();
    match (req.method.as_str(), path) {
        ("GET", "/v2/bot/info") => json_reply(
            &mut stream,
            200,
            &json!({ "userId": "U4af4980629000000000000000000000", "basicId": "@123minato", "displayName": "ミナト精工", "chatMode": "bot", "markAsReadMode": "auto" }),
            &[],
        ),
        ("GET", "/v2/bot/message/quota") => json_reply(
            &mut stream,
            200,
            &match st.quota {
                Some(v) => json!({ "type": "limited", "value": v }),
                None => json!({ "type": "none" }),
            },
            &[],
        ),
        ("GET", "/v2/bot/message/quota/consumption") => {
            json_reply(&mut stream, 200, &json!({ "totalUsage": st.used }), &[])
        }
        ("GET", "/v2/bot/insight/followers") => {
            let date = q.get("date").cloned().unwrap_or_default();
            if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
                return json_reply(
                    &mut stream,
                    400,
                    &json!({ "message": "The request body has 1 error(s)", "details": [{ "message": "invalid date", "property": "date" }] }),
                    &[],
                );
            }
            json_reply(
                &mut stream,
                200,
                &json!({ "status": "ready", "followers": st.reach + 3, "targetedReaches": st.reach, "blocks": 3 }),
                &[],
            )
        }
        ("POST", "/v2/bot/message/broadcast") => {
            st.requests += 1;
            let key = req
                .headers
                .get("x-line-retry-key")
                .cloned()
                .unwrap_or_default();
            if !key.is_empty() && uuid::Uuid::parse_str(&key).is_err() {
                return json_reply(
                    &mut stream,
                    400,
                    &json!({ "message": "The value for the 'X-Line-Retry-Key' header is invalid" }),
                    &[],
                );
            }
            if let Some(id) = st.accepted.get(&key).cloned() {
                return json_reply(
                    &mut stream,
                    409,
                    &json!({ "message": "The retry key is already accepted", "sentMessages": [] }),
                    &[("x-line-accepted-request-id", id)],
                );
            }
            let v: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
            let messages = v["messages"].as_array().cloned().unwrap_or_default();
            if messages.is_empty() || messages.len() > 5 {
                return json_reply(
                    &mut stream,
                    400,
                    &json!({ "message": "The request body has 1 error(s)", "details": [{ "message": "Size must be between 1 and 5", "property": "messages" }] }),
                    &[],
                );
            }
            for (i, m) in messages.iter().enumerate() {
                if m["type"] == "text" && m["text"].as_str().unwrap_or("").chars().count() > 5000 {
                    return json_reply(
                        &mut stream,
                        400,
                        &json!({ "message": "The request body has 1 error(s)", "details": [{ "message": "Length must be between 0 and 5000", "property": format!("messages[{i}].text") }] }),
                        &[],
                    );
                }
            }
            if st.quota.is_some_and(|q| st.used + st.reach > q) {
                return json_reply(
                    &mut stream,
                    429,
                    &json!({ "message": "You have reached your monthly limit." }),
                    &[],
                );
            }
            // LINE fetches each image from its address.
            let mut fetched = Vec::new();
            for m in messages.iter().filter(|m| m["type"] == "image") {
                let url = m["originalContentUrl"].as_str().unwrap_or("");
                let bytes = reqwest::blocking::get(url)
                    .ok()
                    .filter(|r| r.status().is_success())
                    .and_then(|r| r.bytes().ok())
                    .map_or(0, |b| b.len());
                if bytes == 0 || m["previewImageUrl"].as_str().unwrap_or("").is_empty() {
                    return json_reply(
                        &mut stream,
                        400,
                        &json!({ "message": "The request body has 1 error(s)", "details": [{ "message": "Unable to download the image", "property": "messages.originalContentUrl" }] }),
                        &[],
                    );
                }
                fetched.push(bytes);
            }
            let id = format!(
                "{:08x}-0000-4000-8000-{:012x}",
                st.broadcasts.len() + 1,
                st.requests
            );
            st.accepted.insert(key, id.clone());
            st.broadcasts.push((id.clone(), messages));
            st.fetched.extend(fetched);
            st.used += st.reach;
            if st.drop_after_accept > 0 {
                st.drop_after_accept -= 1;
                let _ = stream.shutdown(std::net::Shutdown::Both);
                return;
            }
            send(
                &mut stream,
                200,
                &[
                    ("x-line-request-id", id),
                    ("content-type", "application/json".into()),
                ],
                "{}",
            );
        }
        ("GET", "/v2/bot/insight/message/event") => {
            let id = q.get("requestId").cloned().unwrap_or_default();
            if !st.broadcasts.iter().any(|(r, _)| *r == id) {
                return json_reply(&mut stream, 404, &json!({ "message": "Not found" }), &[]);
            }
            let overview = if st.stats_ready {
                json!({ "requestId": id, "timestamp": 1_765_000_000, "delivered": st.reach, "uniqueImpression": st.reach / 2, "uniqueClick": 4, "uniqueMediaPlayed": null, "uniqueMediaPlayed100Percent": null })
            } else {
                json!({ "requestId": id, "timestamp": 1_765_000_000, "delivered": null, "uniqueImpression": null })
            };
            json_reply(
                &mut stream,
                200,
                &json!({ "overview": overview, "messages": [], "clicks": [] }),
                &[],
            )
        }
        _ => json_reply(&mut stream, 404, &json!({ "message": "Not found" }), &[]),
    }
}
