//! A fake X API v2 on 127.0.0.1, faithful to what Tsunagu relies on (see x.md §11): the OAuth
//! 2.0 authorize page (approves at once) and token endpoint with PKCE S256, exact redirect URI
//! and rotating refresh tokens; `/2/users/me`; image upload and alt text; `POST /2/tweets`
//! with the 403 duplicate-content refusal, 429 with `x-rate-limit-*` headers, the usage cap and
//! 500s; the user's recent posts with links rewritten to t.co; public metrics; delete.
#![allow(dead_code, clippy::unwrap_used)]

use super::fake_mastodon::{b64url, json_reply, params, send};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::TcpStream;
use std::sync::{Arc, Mutex};

pub const CLIENT_ID: &str = "x-native-client-1";
pub const USER_ID: &str = "1700000000000000001";

#[derive(Default)]
pub struct State {
    /// The callback registered with the app (any, when unset).
    pub registered: Option<String>,
    /// What X grants instead of everything asked for (an app without write access).
    pub granted_scope: Option<String>,
    /// code → (challenge, redirect_uri).
    pub codes: HashMap<String, (String, String)>,
    pub access: String,
    pub refresh: String,
    pub generation: u32,
    /// (id, text as sent, media ids).
    pub posts: Vec<(String, String, Vec<String>)>,
    /// Every POST /2/tweets, including refused ones.
    pub requests: u32,
    pub media: u32,
    pub alts: HashMap<String, String>,
    pub expire_access: bool,
    pub drop_after_create: u32,
    pub fail_500: u32,
    pub rate_limit: u32,
    pub rate_limit_reset: i64,
    pub usage_capped: bool,
    /// Pay-per-use credits spent: posting answers 402.
    pub out_of_credits: bool,
    pub likes: i64,
    pub deleted: u32,
    /// When a post was made (RFC 3339), for posts seeded by a test; others were made at the
    /// tests' fixed clock, 2026-11-22T03:00Z.
    pub created: HashMap<String, String>,
    /// Answer this many reads of an account's posts (the check after an unknown outcome)
    /// with 503.
    pub fail_lookup: u32,
}

pub struct FakeX {
    pub url: String,
    pub state: Arc<Mutex<State>>,
}

impl FakeX {
    pub fn start() -> Self {
        let (url, state) = super::http::serve(State::default(), handle);
        Self { url, state }
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.state.lock().unwrap())
    }
}

fn problem(
    stream: &mut TcpStream,
    status: u16,
    title: &str,
    detail: &str,
    kind: &str,
    extra: &[(&str, String)],
) {
    json_reply(
        stream,
        status,
        &json!({ "title": title, "detail": detail, "type": kind, "status": status }),
        extra,
    );
}

/// X rewrites every link to t.co.
fn as_x_shows(text: &str) -> String {
    text.split_inclusive(char::is_whitespace)
        .map(|w| {
            if w.starts_with("http") {
                format!(
                    "https://t.co/x{}{}",
                    w.len(),
                    if w.ends_with(char::is_whitespace) {
                        " "
                    } else {
                        ""
                    }
                )
            } else {
                w.to_string()
            }
        })
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
    let authed = !st.access.is_empty()
        && headers.get("authorization").map(String::as_str)
            == Some(&format!("Bearer {}", st.access))
        && !st.expire_access;
    let limits = |remaining: u32| {
        vec![
            ("x-rate-limit-limit", "100".to_string()),
            ("x-rate-limit-remaining", remaining.to_string()),
            ("x-rate-limit-reset", "1795000000".to_string()),
        ]
    };
    let unauthorized = |stream: &mut TcpStream| {
        problem(
            stream,
            401,
            "Unauthorized",
            "Unauthorized",
            "about:blank",
            &[],
        )
    };
    match (method.as_str(), path) {
        ("GET", "/i/oauth2/authorize") => {
            let p = params(query);
            assert_eq!(
                p.get("code_challenge_method").map(String::as_str),
                Some("S256")
            );
            assert!(p["scope"].contains("offline.access"), "{}", p["scope"]);
            if p["client_id"] != CLIENT_ID {
                return send(
                    &mut stream,
                    400,
                    &[],
                    "Something went wrong: unknown client",
                );
            }
            if st
                .registered
                .as_ref()
                .is_some_and(|r| *r != p["redirect_uri"])
            {
                return send(
                    &mut stream,
                    400,
                    &[],
                    "Something went wrong: the redirect_uri does not match the callback URL registered for the app",
                );
            }
            let code = format!("xcode-{}", st.codes.len() + 1);
            st.codes.insert(
                code.clone(),
                (p["code_challenge"].clone(), p["redirect_uri"].clone()),
            );
            let location = format!("{}?state={}&code={code}", p["redirect_uri"], p["state"]);
            send(&mut stream, 302, &[("Location", location)], "");
        }
        ("POST", "/2/oauth2/token") => {
            let p = params(&String::from_utf8_lossy(&body));
            let ok = p.get("client_id").map(String::as_str) == Some(CLIENT_ID)
                && match p.get("grant_type").map(String::as_str) {
                    Some("authorization_code") => {
                        st.codes
                            .remove(&p["code"])
                            .is_some_and(|(challenge, redirect)| {
                                challenge == b64url(&Sha256::digest(p["code_verifier"].as_bytes()))
                                    && redirect == p["redirect_uri"]
                            })
                    }
                    Some("refresh_token") => {
                        !st.refresh.is_empty() && p.get("refresh_token") == Some(&st.refresh)
                    }
                    _ => false,
                };
            if !ok {
                return json_reply(
                    &mut stream,
                    400,
                    &json!({ "error": "invalid_request", "error_description": "Value passed for the token was invalid." }),
                    &[],
                );
            }
            st.generation += 1;
            st.access = format!("x-access-{}", st.generation);
            st.refresh = format!("x-refresh-{}", st.generation);
            st.expire_access = false;
            let scope = st.granted_scope.clone().unwrap_or_else(|| {
                "tweet.read tweet.write users.read media.write offline.access".into()
            });
            let v = json!({ "token_type": "bearer", "expires_in": 7200, "access_token": st.access, "scope": scope, "refresh_token": st.refresh });
            json_reply(&mut stream, 200, &v, &[]);
        }
        _ if !authed => unauthorized(&mut stream),
        ("GET", "/2/users/me") => json_reply(
            &mut stream,
            200,
            &json!({ "data": { "id": USER_ID, "name": "ミナト精工", "username": "minato_seiko" } }),
            &[],
        ),
        ("POST", "/2/media/upload") => {
            st.media += 1;
            let id = format!("18800281060205{:05}", st.media);
            json_reply(
                &mut stream,
                200,
                &json!({ "data": { "id": id, "media_key": format!("3_{id}"), "size": body.len(), "expires_after_secs": 86400 } }),
                &[],
            );
        }
        ("POST", "/2/media/metadata") => {
            let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            let id = v["id"].as_str().unwrap_or("").to_string();
            st.alts.insert(
                id,
                v["metadata"]["alt_text"]["text"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
            );
            json_reply(
                &mut stream,
                200,
                &json!({ "data": { "associated_metadata": true } }),
                &[],
            );
        }
        ("POST", "/2/tweets") => {
            st.requests += 1;
            if st.out_of_credits {
                return problem(
                    &mut stream,
                    402,
                    "CreditsDepleted",
                    "Your enrolled account does not have any credits to fulfill this request.",
                    "about:blank",
                    &[],
                );
            }
            if st.usage_capped {
                return problem(
                    &mut stream,
                    429,
                    "UsageCapExceeded",
                    "Usage cap exceeded: Monthly product cap",
                    "https://api.x.com/2/problems/usage-capped",
                    &[],
                );
            }
            if st.rate_limit > 0 {
                st.rate_limit -= 1;
                let reset = st.rate_limit_reset.to_string();
                return problem(
                    &mut stream,
                    429,
                    "Too Many Requests",
                    "Too Many Requests",
                    "about:blank",
                    &[
                        ("x-rate-limit-limit", "100".into()),
                        ("x-rate-limit-remaining", "0".into()),
                        ("x-rate-limit-reset", reset),
                    ],
                );
            }
            if st.fail_500 > 0 {
                st.fail_500 -= 1;
                return problem(
                    &mut stream,
                    503,
                    "Service Unavailable",
                    "Service Unavailable",
                    "about:blank",
                    &[],
                );
            }
            let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            let known = [
                "text",
                "media",
                "reply",
                "quote_tweet_id",
                "reply_settings",
                "poll",
            ];
            if v.as_object()
                .is_some_and(|o| o.keys().any(|k| !known.contains(&k.as_str())))
            {
                return problem(
                    &mut stream,
                    400,
                    "Invalid Request",
                    "One or more parameters to your request was invalid.",
                    "https://api.x.com/2/problems/invalid-request",
                    &[],
                );
            }
            let text = v["text"].as_str().unwrap_or("").to_string();
            // As X: a duplicate of a recent post (not of one seeded as made long ago).
            if st
                .posts
                .iter()
                .any(|(id, t, _)| *t == text && !st.created.contains_key(id))
            {
                return problem(
                    &mut stream,
                    403,
                    "Forbidden",
                    "You are not allowed to create a Tweet with duplicate content.",
                    "about:blank",
                    &limits(90),
                );
            }
            let media: Vec<String> = v["media"]["media_ids"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|m| m.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let id = format!("18{:017}", st.posts.len() + 1);
            st.posts.push((id.clone(), text.clone(), media));
            if st.drop_after_create > 0 {
                st.drop_after_create -= 1;
                let _ = stream.shutdown(std::net::Shutdown::Both);
                return;
            }
            json_reply(
                &mut stream,
                201,
                &json!({ "data": { "id": id, "text": as_x_shows(&text), "edit_history_post_ids": [id] } }),
                &limits(99),
            );
        }
        ("GET", p)
            if p.starts_with("/2/users/") && p.ends_with("/tweets") && st.fail_lookup > 0 =>
        {
            st.fail_lookup -= 1;
            problem(
                &mut stream,
                503,
                "Service Unavailable",
                "Service Unavailable",
                "about:blank",
                &[],
            )
        }
        ("GET", p) if p.starts_with("/2/users/") && p.ends_with("/tweets") => {
            // Newest first, `max_results` per page (5–100), `pagination_token` to go on.
            let p = params(query);
            let size: usize = p
                .get("max_results")
                .and_then(|m| m.parse().ok())
                .unwrap_or(10usize)
                .clamp(5, 100);
            let from: usize = p
                .get("pagination_token")
                .and_then(|t| t.strip_prefix("page-"))
                .and_then(|t| t.parse().ok())
                .unwrap_or(0);
            let with_time = p
                .get("tweet.fields")
                .is_some_and(|f| f.contains("created_at"));
            let data: Vec<Value> = st
                .posts
                .iter()
                .rev()
                .skip(from)
                .take(size)
                .map(|(id, text, _)| {
                    let mut v = json!({ "id": id, "text": as_x_shows(text), "edit_history_post_ids": [id] });
                    if with_time {
                        v["created_at"] = json!(st.created.get(id).cloned().unwrap_or_else(|| "2026-11-22T03:00:00.000Z".into()));
                    }
                    v
                })
                .collect();
            let mut meta = json!({ "result_count": data.len() });
            if from + size < st.posts.len() {
                meta["next_token"] = json!(format!("page-{}", from + size));
            }
            json_reply(
                &mut stream,
                200,
                &json!({ "data": data, "meta": meta }),
                &[],
            );
        }
        ("GET", "/2/tweets") => {
            let p = params(query);
            let ids: Vec<String> = p
                .get("ids")
                .map(|s| s.split(',').map(str::to_string).collect())
                .unwrap_or_default();
            let data: Vec<Value> = st
                .posts
                .iter()
                .filter(|(id, _, _)| ids.contains(id))
                .map(|(id, text, _)| json!({ "id": id, "text": text, "public_metrics": { "retweet_count": st.likes / 4, "reply_count": 1, "like_count": st.likes, "quote_count": 0, "bookmark_count": 2, "impression_count": st.likes * 40 } }))
                .collect();
            json_reply(&mut stream, 200, &json!({ "data": data }), &[]);
        }
        ("DELETE", p) if p.starts_with("/2/tweets/") => {
            let id = p.trim_start_matches("/2/tweets/").to_string();
            let before = st.posts.len();
            st.posts.retain(|(i, _, _)| *i != id);
            st.deleted += u32::from(st.posts.len() < before);
            json_reply(
                &mut stream,
                200,
                &json!({ "data": { "deleted": st.posts.len() < before } }),
                &[],
            );
        }
        _ => problem(
            &mut stream,
            404,
            "Not Found Error",
            "Could not find the resource.",
            "https://api.x.com/2/problems/resource-not-found",
            &[],
        ),
    }
}
