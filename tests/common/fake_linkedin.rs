//! A fake LinkedIn REST API on 127.0.0.1, faithful to what Tsunagu relies on (linkedin.md
//! §11): the `LinkedIn-Version` and Rest.li headers required (a retired version answers 426),
//! `/v2/userinfo` and organisations, the Images API (initialize, PUT, PROCESSING → AVAILABLE,
//! owner must be the author), `POST /rest/posts` answering 201 with an empty body and the URN
//! in `x-restli-id`, commentary cut at the first unescaped reserved character (as LinkedIn is
//! reported to do), the 422 duplicate, 429 without headers, 500s, answers lost after the post
//! was stored; the author finder, delete (204 always), statistics; and the OAuth consent page
//! and token endpoint (which needs the app secret) for the token-exchange endpoint to use.
#![allow(dead_code, clippy::unwrap_used)]

use super::fake_mastodon::{b64url, json_reply, params, send};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::TcpStream;
use std::sync::{Arc, Mutex};

pub const TOKEN: &str = "li-token-1";
pub const CLIENT_ID: &str = "li-client";
pub const CLIENT_SECRET: &str = "li-secret-never-in-the-app";
pub const MEMBER: &str = "AbC123";
pub const ORG: &str = "2414183";

#[derive(Default)]
pub struct State {
    pub base: String,
    pub tokens: Vec<String>,
    pub refresh: String,
    pub generation: u32,
    /// code → (challenge, redirect).
    pub codes: HashMap<String, (String, String)>,
    pub retired: bool,
    /// (urn, author, commentary as LinkedIn keeps it, images).
    pub posts: Vec<(String, String, String, Vec<String>)>,
    /// Every POST /rest/posts, refused ones included.
    pub requests: u32,
    /// image urn → (owner, uploaded, status reads).
    pub images: HashMap<String, (String, bool, u32)>,
    pub drop_after_create: u32,
    pub fail_500: u32,
    pub rate_limit: u32,
    pub daily_limit: bool,
    pub duplicates_refused: bool,
    /// The author finder does not list new posts yet.
    pub finder_lags: bool,
    pub deleted: u32,
    pub versions_seen: Vec<String>,
    /// Posts are accepted but cannot be read back (as a post removed at once would be).
    pub unreadable: bool,
    /// When tokens expire, as introspection tells it (Unix seconds).
    pub token_expires_at: i64,
    /// What the token endpoint grants instead of `w_member_social` (an app without the product).
    pub granted_scope: Option<String>,
}

pub struct FakeLinkedin {
    pub url: String,
    pub state: Arc<Mutex<State>>,
}

impl FakeLinkedin {
    pub fn start() -> Self {
        let (url, state) = super::http::serve(
            State {
                tokens: vec![TOKEN.into()],
                duplicates_refused: true,
                ..Default::default()
            },
            handle,
        );
        state.lock().unwrap().base = url.clone();
        Self { url, state }
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.state.lock().unwrap())
    }
}

/// What LinkedIn shows of a commentary: everything up to the first reserved character that
/// was not escaped (hashtags excepted), with the escapes still in place.
pub fn as_kept(commentary: &str) -> String {
    let chars: Vec<char> = commentary.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            i += 2;
            continue;
        }
        let hashtag = c == '#'
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric())
            && (i == 0 || chars[i - 1].is_whitespace());
        if "|{}@[]()<>#*_~".contains(c) && !hashtag {
            return chars[..i].iter().collect();
        }
        i += 1;
    }
    commentary.to_string()
}

/// What a person reads: the escapes removed.
pub fn as_read(kept: &str) -> String {
    let mut out = String::new();
    let mut escaped = false;
    for c in kept.chars() {
        if c == '\\' && !escaped {
            escaped = true;
            continue;
        }
        escaped = false;
        out.push(c);
    }
    out
}

fn error(stream: &mut TcpStream, status: u16, code: &str, message: &str) {
    json_reply(
        stream,
        status,
        &json!({ "status": status, "serviceErrorCode": 100, "code": code, "message": message }),
        &[("x-li-uuid", "fake-uuid".into())],
    );
}

fn decode(s: &str) -> String {
    params(&format!("v={s}")).remove("v").unwrap_or_default()
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
    // The consent page and the token endpoint (www.linkedin.com in real life).
    if path == "/oauth/authorize" {
        let p = params(query);
        assert_eq!(p["code_challenge_method"], "S256");
        if p["client_id"] != CLIENT_ID {
            return send(&mut stream, 400, &[], "unknown client");
        }
        let code = format!("li-code-{}", st.codes.len() + 1);
        st.codes.insert(
            code.clone(),
            (p["code_challenge"].clone(), p["redirect_uri"].clone()),
        );
        let location = format!("{}?state={}&code={code}", p["redirect_uri"], p["state"]);
        return send(&mut stream, 302, &[("Location", location)], "");
    }
    if path == "/oauth/v2/introspectToken" {
        let p = params(&String::from_utf8_lossy(&body));
        if p.get("client_secret").map(String::as_str) != Some(CLIENT_SECRET)
            || p.get("client_id").map(String::as_str) != Some(CLIENT_ID)
        {
            return json_reply(
                &mut stream,
                401,
                &json!({ "error": "invalid_client", "error_description": "Client authentication failed" }),
                &[],
            );
        }
        let token = p.get("token").cloned().unwrap_or_default();
        let active = st.tokens.contains(&token) && !st.retired;
        let v = if active {
            json!({ "active": true, "client_id": CLIENT_ID, "status": "active", "scope": "w_member_social", "auth_type": "3L", "expires_at": st.token_expires_at })
        } else {
            json!({ "active": false })
        };
        return json_reply(&mut stream, 200, &v, &[]);
    }
    if path == "/oauth/v2/accessToken" {
        let p = params(&String::from_utf8_lossy(&body));
        let secret_ok = p.get("client_secret").map(String::as_str) == Some(CLIENT_SECRET)
            && p.get("client_id").map(String::as_str) == Some(CLIENT_ID);
        let ok = secret_ok
            && match p.get("grant_type").map(String::as_str) {
                Some("authorization_code") => st.codes.remove(&p["code"]).is_some_and(|(c, r)| {
                    c == b64url(&Sha256::digest(p["code_verifier"].as_bytes()))
                        && r == p["redirect_uri"]
                }),
                Some("refresh_token") => {
                    !st.refresh.is_empty() && p.get("refresh_token") == Some(&st.refresh)
                }
                _ => false,
            };
        if !ok {
            return json_reply(
                &mut stream,
                400,
                &json!({ "error": "invalid_request", "error_description": "Unable to retrieve access token" }),
                &[],
            );
        }
        st.generation += 1;
        let token = format!("li-token-g{}", st.generation);
        st.tokens.push(token.clone());
        st.refresh = format!("li-refresh-g{}", st.generation);
        let scope = st
            .granted_scope
            .clone()
            .unwrap_or_else(|| "w_member_social".into());
        let v = json!({ "access_token": token, "expires_in": 5_184_000, "refresh_token": st.refresh, "refresh_token_expires_in": 31_536_000, "scope": scope });
        return json_reply(&mut stream, 200, &v, &[]);
    }
    if path.starts_with("/upload/") {
        let image = format!("urn:li:image:{}", path.trim_start_matches("/upload/"));
        if let Some(i) = st.images.get_mut(&image) {
            i.1 = !body.is_empty();
        }
        return send(&mut stream, 201, &[], "");
    }
    let authed = headers
        .get("authorization")
        .and_then(|a| a.strip_prefix("Bearer "))
        .is_some_and(|t| st.tokens.iter().any(|k| k == t));
    if !authed {
        return error(
            &mut stream,
            401,
            "EXPIRED_ACCESS_TOKEN",
            "The token used in the request has expired",
        );
    }
    if path.starts_with("/rest/") {
        let Some(v) = headers.get("linkedin-version") else {
            return error(&mut stream, 400, "VERSION_MISSING", "A version must be present. Please specify a version by adding the LinkedIn-Version header.");
        };
        st.versions_seen.push(v.clone());
        if st.retired {
            return error(
                &mut stream,
                426,
                "NONEXISTENT_VERSION",
                &format!("Requested version {v} is not active"),
            );
        }
        assert_eq!(
            headers.get("x-restli-protocol-version").map(String::as_str),
            Some("2.0.0")
        );
    }
    match (method.as_str(), path) {
        ("GET", "/v2/userinfo") => json_reply(
            &mut stream,
            200,
            &json!({ "sub": MEMBER, "name": "港 太郎", "email_verified": true }),
            &[],
        ),
        ("GET", p) if p.starts_with("/rest/organizations/") => json_reply(
            &mut stream,
            200,
            &json!({ "id": ORG, "localizedName": "ミナト精工株式会社" }),
            &[],
        ),
        ("POST", "/rest/images") => {
            let v: Value = serde_json::from_slice(&body).unwrap();
            let n = st.images.len() + 1;
            let urn = format!("urn:li:image:C4E10AQ{n}");
            st.images.insert(
                urn.clone(),
                (
                    v["initializeUploadRequest"]["owner"]
                        .as_str()
                        .unwrap_or("")
                        .into(),
                    false,
                    0,
                ),
            );
            let url = format!("{}/upload/C4E10AQ{n}", st.base);
            json_reply(
                &mut stream,
                200,
                &json!({ "value": { "uploadUrlExpiresAt": 1_800_000_000_000u64, "uploadUrl": url, "image": urn } }),
                &[],
            );
        }
        ("GET", p) if p.starts_with("/rest/images/") => {
            let urn = decode(p.trim_start_matches("/rest/images/"));
            let Some(i) = st.images.get_mut(&urn) else {
                return error(&mut stream, 404, "NOT_FOUND", "no such image");
            };
            i.2 += 1;
            let status = if !i.1 {
                "WAITING_UPLOAD"
            } else if i.2 < 2 {
                "PROCESSING"
            } else {
                "AVAILABLE"
            };
            json_reply(
                &mut stream,
                200,
                &json!({ "id": urn, "status": status }),
                &[],
            );
        }
        ("POST", "/rest/posts") => {
            st.requests += 1;
            if st.rate_limit > 0 {
                st.rate_limit -= 1;
                let m = if st.daily_limit {
                    "Resource level throttle APPLICATION DAY limit for calls to this resource is reached."
                } else {
                    "Too many requests"
                };
                return error(&mut stream, 429, "TOO_MANY_REQUESTS", m);
            }
            if st.fail_500 > 0 {
                st.fail_500 -= 1;
                return error(
                    &mut stream,
                    500,
                    "INTERNAL_SERVER_ERROR",
                    "Internal Server Error",
                );
            }
            let v: Value = serde_json::from_slice(&body).unwrap();
            let author = v["author"].as_str().unwrap_or("").to_string();
            let kept = as_kept(v["commentary"].as_str().unwrap_or(""));
            let images: Vec<String> = [v["content"]["media"]["id"].as_str().map(str::to_string)]
                .into_iter()
                .flatten()
                .chain(
                    v["content"]["multiImage"]["images"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|i| i["id"].as_str().map(str::to_string)),
                )
                .collect();
            for i in &images {
                match st.images.get(i) {
                    Some((owner, true, _)) if *owner == author => {}
                    Some((_, true, _)) => {
                        return error(
                            &mut stream,
                            400,
                            "INVALID_CONTENT_OWNERSHIP",
                            "Content must be owned by post author",
                        )
                    }
                    _ => {
                        return error(
                            &mut stream,
                            400,
                            "INVALID_CONTENT",
                            "The image is not uploaded",
                        )
                    }
                }
            }
            if st.duplicates_refused {
                if let Some((urn, ..)) = st
                    .posts
                    .iter()
                    .find(|(_, a, c, _)| *a == author && *c == kept)
                {
                    let m = format!("Content is a duplicate of {urn}");
                    return error(&mut stream, 422, "DUPLICATE_POST", &m);
                }
            }
            let urn = format!("urn:li:share:70{:017}", st.posts.len() + 1);
            st.posts.push((urn.clone(), author, kept, images));
            if st.drop_after_create > 0 {
                st.drop_after_create -= 1;
                let _ = stream.shutdown(std::net::Shutdown::Both);
                return;
            }
            send(&mut stream, 201, &[("x-restli-id", urn)], "");
        }
        ("GET", "/rest/posts") => {
            let p = params(query);
            let author = p.get("author").cloned().unwrap_or_default();
            let count: usize = p.get("count").and_then(|c| c.parse().ok()).unwrap_or(10);
            let start: usize = p.get("start").and_then(|c| c.parse().ok()).unwrap_or(0);
            let lag = st.finder_lags;
            let elements: Vec<Value> = st.posts.iter().rev().filter(|(_, a, _, _)| *a == author && !lag).skip(start).take(count).map(|(urn, a, c, _)| json!({ "id": urn, "author": a, "commentary": c, "lifecycleState": "PUBLISHED" })).collect();
            json_reply(
                &mut stream,
                200,
                &json!({ "elements": elements, "paging": { "count": count, "start": start } }),
                &[],
            );
        }
        ("GET", p) if p.starts_with("/rest/posts/") => {
            let urn = decode(p.trim_start_matches("/rest/posts/"));
            match st.posts.iter().find(|(u, ..)| *u == urn) {
                Some((u, a, c, _)) if !st.unreadable => json_reply(
                    &mut stream,
                    200,
                    &json!({ "id": u, "author": a, "commentary": c, "lifecycleState": "PUBLISHED" }),
                    &[],
                ),
                _ => json_reply(
                    &mut stream,
                    404,
                    &json!({ "status": 404, "code": "NOT_FOUND", "message": "Not Found" }),
                    &[],
                ),
            }
        }
        ("DELETE", p) if p.starts_with("/rest/posts/") => {
            let urn = decode(p.trim_start_matches("/rest/posts/"));
            let before = st.posts.len();
            st.posts.retain(|(u, ..)| *u != urn);
            st.deleted += u32::from(st.posts.len() < before);
            send(&mut stream, 204, &[], "");
        }
        ("GET", "/rest/organizationalEntityShareStatistics") => {
            // shares=List(urn%3Ali%3Ashare%3A…,…)
            let list = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("shares=List("))
                .unwrap_or("")
                .trim_end_matches(')');
            let elements: Vec<Value> = list.split(',').filter(|s| !s.is_empty()).map(decode).filter(|u| st.posts.iter().any(|(p, ..)| p == u)).map(|u| json!({ "share": u, "organizationalEntity": format!("urn:li:organization:{ORG}"), "totalShareStatistics": { "impressionCount": 420, "uniqueImpressionsCount": 300, "likeCount": 12, "commentCount": 3, "shareCount": 2, "clickCount": 9, "engagement": 0.06 } })).collect();
            json_reply(&mut stream, 200, &json!({ "elements": elements }), &[]);
        }
        ("GET", "/rest/memberCreatorPostAnalytics") => {
            let p = params(query);
            let n = match p.get("queryType").map(String::as_str) {
                Some("IMPRESSION") => 250,
                Some("REACTION") => 8,
                Some("COMMENT") => 2,
                Some("RESHARE") => 1,
                _ => return error(&mut stream, 400, "INVALID_PARAM", "queryType"),
            };
            json_reply(
                &mut stream,
                200,
                &json!({ "elements": [ { "count": n, "metricType": p["queryType"] } ] }),
                &[],
            );
        }
        _ => error(
            &mut stream,
            404,
            "NOT_FOUND",
            &format!("no resource {path}"),
        ),
    }
}
