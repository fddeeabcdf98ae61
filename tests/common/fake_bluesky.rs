//! A faithful-enough Bluesky PDS on 127.0.0.1 for publishing tests, with fault injection.
//!
//! It follows what the real reference PDS was seen to do (shared/platforms/bluesky.md §12):
//! sessions with rotating tokens, HTTP 400 `ExpiredToken` for an expired access token,
//! `putRecord` with `swapRecord: null` that returns the same CID for an identical retry and
//! `InvalidSwap` for different content, `getRecord` → `RecordNotFound`, idempotent deletes,
//! `RateLimit-*` headers. Faults: drop the connection after storing, 500s, 429s, expiring the
//! access token.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::Write;
use std::net::TcpStream;
use std::sync::{Arc, Mutex};

/// What the server holds and which faults come next.
#[derive(Default)]
pub struct State {
    pub password: String,
    pub handle: String,
    pub access: String,
    pub refresh: String,
    pub generation: u32,
    /// rkey → record.
    pub records: HashMap<String, Value>,
    pub blobs: u32,
    /// Every putRecord call, including retries.
    pub puts: u32,
    pub drop_after_store: u32,
    /// Store the record, then never answer (the publisher is killed while it waits).
    pub hang_after_store: u32,
    pub fail_500: u32,
    pub rate_limit: u32,
    /// Unix seconds sent as `RateLimit-Reset` with a 429.
    pub rate_limit_reset: i64,
    pub expire_access: bool,
    /// A real-time write window (for the benchmark).
    pub window: Option<super::window::RateWindow>,
    pub reject_content: u32,
    /// What the AppView reports as every post's like count (reposts are half, replies a third).
    pub likes: i64,
    /// `getPosts` calls.
    pub reads: u32,
}

pub struct FakeBluesky {
    pub url: String,
    pub state: Arc<Mutex<State>>,
}

impl FakeBluesky {
    pub fn start(handle: &str, password: &str) -> Self {
        let (url, state) = super::http::serve(
            State {
                password: password.into(),
                handle: handle.into(),
                ..Default::default()
            },
            handle_conn,
        );
        Self { url, state }
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.state.lock().unwrap())
    }
}

fn respond(stream: &mut TcpStream, status: u16, body: &Value, extra: &[(&str, String)]) {
    let text = body.to_string();
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        text.len()
    );
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    let _ = stream.write_all(format!("{head}\r\n{text}").as_bytes());
}

fn error(stream: &mut TcpStream, status: u16, name: &str, message: &str) {
    respond(
        stream,
        status,
        &json!({ "error": name, "message": message }),
        &[],
    );
}

fn handle_conn(mut stream: TcpStream, state: &Mutex<State>) {
    let Some(super::http::Request {
        method,
        target,
        headers,
        body,
    }) = super::http::read(&stream)
    else {
        return;
    };
    let len = body.len();
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("")
        .to_string();
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let nsid = path.trim_start_matches("/xrpc/");
    let json: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let mut st = state.lock().unwrap();

    let authed = |st: &State, stream: &mut TcpStream| -> bool {
        if st.expire_access && bearer == st.access {
            error(stream, 400, "ExpiredToken", "Token has expired");
            return false;
        }
        if bearer != st.access || st.access.is_empty() {
            error(stream, 401, "AuthenticationRequired", "Invalid token");
            return false;
        }
        true
    };
    let new_tokens = |st: &mut State| {
        st.generation += 1;
        st.access = format!("access-{}", st.generation);
        st.refresh = format!("refresh-{}", st.generation);
        st.expire_access = false;
        json!({ "accessJwt": st.access, "refreshJwt": st.refresh, "did": "did:plc:fakeminato", "handle": st.handle })
    };

    match (method.as_str(), nsid) {
        ("POST", "com.atproto.server.createSession") => {
            if json["password"] == st.password
                && (json["identifier"] == st.handle || json["identifier"] == "did:plc:fakeminato")
            {
                let v = new_tokens(&mut st);
                respond(&mut stream, 200, &v, &[]);
            } else {
                error(
                    &mut stream,
                    401,
                    "AuthenticationRequired",
                    "Invalid identifier or password",
                );
            }
        }
        ("POST", "com.atproto.server.refreshSession") => {
            if bearer == st.refresh {
                let v = new_tokens(&mut st);
                respond(&mut stream, 200, &v, &[]);
            } else {
                error(&mut stream, 400, "ExpiredToken", "Refresh token expired");
            }
        }
        ("POST", "com.atproto.repo.uploadBlob") => {
            if authed(&st, &mut stream) {
                st.blobs += 1;
                let v = json!({ "blob": { "$type": "blob", "ref": { "$link": format!("bafkblob{}", st.blobs) }, "mimeType": headers.get("content-type").cloned().unwrap_or_default(), "size": len } });
                respond(&mut stream, 200, &v, &[]);
            }
        }
        ("POST", "com.atproto.repo.putRecord") => {
            if !authed(&st, &mut stream) {
                return;
            }
            st.puts += 1;
            let mut window_headers = Vec::new();
            if let Some(w) = st.window.as_mut() {
                // As the reference server: the reset in whole seconds, rounded down.
                let policy = format!("{};w={}", w.limit, w.seconds);
                match w.take() {
                    Err(reset_ms) => {
                        respond(
                            &mut stream,
                            429,
                            &json!({ "error": "RateLimitExceeded", "message": "Rate Limit Exceeded" }),
                            &[
                                ("RateLimit-Limit", w.limit.to_string()),
                                ("RateLimit-Remaining", "0".into()),
                                ("RateLimit-Reset", reset_ms.div_euclid(1000).to_string()),
                                ("RateLimit-Policy", policy),
                            ],
                        );
                        return;
                    }
                    Ok((remaining, reset_ms)) => {
                        window_headers.push(("RateLimit-Limit", w.limit.to_string()));
                        window_headers.push(("RateLimit-Remaining", remaining.to_string()));
                        window_headers
                            .push(("RateLimit-Reset", reset_ms.div_euclid(1000).to_string()));
                        window_headers.push(("RateLimit-Policy", policy));
                    }
                }
            }
            if st.rate_limit > 0 {
                st.rate_limit -= 1;
                let reset = st.rate_limit_reset.to_string();
                respond(
                    &mut stream,
                    429,
                    &json!({ "error": "RateLimitExceeded", "message": "Rate Limit Exceeded" }),
                    &[
                        ("RateLimit-Limit", "5000".into()),
                        ("RateLimit-Remaining", "0".into()),
                        ("RateLimit-Reset", reset),
                    ],
                );
                return;
            }
            if st.fail_500 > 0 {
                st.fail_500 -= 1;
                error(
                    &mut stream,
                    500,
                    "InternalServerError",
                    "Internal Server Error",
                );
                return;
            }
            if st.reject_content > 0 {
                st.reject_content -= 1;
                error(
                    &mut stream,
                    400,
                    "InvalidRequest",
                    "Record/text must not be longer than 300 graphemes",
                );
                return;
            }
            let rkey = json["rkey"].as_str().unwrap_or("").to_string();
            let record = json["record"].clone();
            let uri = format!("at://did:plc:fakeminato/app.bsky.feed.post/{rkey}");
            match st.records.get(&rkey) {
                Some(existing) if existing["text"] == record["text"] => {
                    respond(
                        &mut stream,
                        200,
                        &json!({ "uri": uri, "cid": format!("bafy{rkey}") }),
                        &[],
                    );
                }
                Some(_) => error(
                    &mut stream,
                    400,
                    "InvalidSwap",
                    "Record was at a different cid",
                ),
                None => {
                    st.records.insert(rkey.clone(), record);
                    if st.hang_after_store > 0 {
                        st.hang_after_store -= 1;
                        drop(st);
                        std::thread::sleep(std::time::Duration::from_secs(120));
                        return;
                    }
                    if st.drop_after_store > 0 {
                        st.drop_after_store -= 1;
                        // Stored, but the answer never arrives.
                        let _ = stream.shutdown(std::net::Shutdown::Both);
                        return;
                    }
                    respond(
                        &mut stream,
                        200,
                        &json!({ "uri": uri, "cid": format!("bafy{rkey}"), "commit": { "cid": "bafycommit", "rev": "3l" } }),
                        &[("RateLimit-Remaining", "4999".into())],
                    );
                }
            }
        }
        ("GET", "app.bsky.feed.getPosts") => {
            // The AppView behind the PDS: counters for the posts that exist.
            if !authed(&st, &mut stream) {
                return;
            }
            st.reads += 1;
            let posts: Vec<Value> = query
                .split('&')
                .filter_map(|kv| kv.strip_prefix("uris="))
                .map(|u| u.replace("%3A", ":").replace("%2F", "/"))
                .filter(|u| st.records.contains_key(u.rsplit('/').next().unwrap_or("")))
                .map(|u| json!({ "uri": u, "likeCount": st.likes, "repostCount": st.likes / 2, "replyCount": st.likes / 3, "quoteCount": 0, "bookmarkCount": 1 }))
                .collect();
            respond(&mut stream, 200, &json!({ "posts": posts }), &[]);
        }
        ("GET", "com.atproto.repo.getRecord") => {
            if !authed(&st, &mut stream) {
                return;
            }
            let rkey = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("rkey="))
                .unwrap_or("");
            match st.records.get(rkey) {
                Some(r) => {
                    let v = json!({ "uri": format!("at://did:plc:fakeminato/app.bsky.feed.post/{rkey}"), "cid": format!("bafy{rkey}"), "value": r });
                    respond(&mut stream, 200, &v, &[]);
                }
                None => error(
                    &mut stream,
                    400,
                    "RecordNotFound",
                    "Could not locate record",
                ),
            }
        }
        ("POST", "com.atproto.repo.deleteRecord") => {
            if authed(&st, &mut stream) {
                let rkey = json["rkey"].as_str().unwrap_or("").to_string();
                st.records.remove(&rkey);
                respond(&mut stream, 200, &json!({}), &[]);
            }
        }
        _ => error(
            &mut stream,
            404,
            "MethodNotImplemented",
            "Method Not Implemented",
        ),
    }
}
