//! A fake Facebook Graph API (Pages) on 127.0.0.1, faithful to what Tsunagu relies on
//! (facebook.md §11): `/me` and `/me/accounts` (a user token trades for the Page token),
//! unpublished photo uploads as multipart bytes, `/feed` with `attached_media`, `published=false`
//! with `scheduled_publish_time` inside 10 minutes to 30 days (code 100 outside), the 506
//! duplicate, 190 for a bad token, throttling code 80001 with `X-Business-Use-Case-Usage`,
//! transient errors, answers lost after the post was made; the Page's feed and scheduled
//! posts, `is_published`, engagement counters with `shares` absent at zero, insights that
//! reject a retired metric, and delete.
#![allow(dead_code, clippy::unwrap_used)]

use super::fake_mastodon::{json_reply, params};
use serde_json::{json, Value};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};

pub const PAGE: &str = "104857600";
pub const PAGE_TOKEN: &str = "fb-page-token";
pub const USER_TOKEN: &str = "fb-user-token";

pub struct Post {
    pub id: String,
    pub message: String,
    pub photos: Vec<String>,
    pub scheduled: Option<i64>,
    pub link: Option<String>,
}

#[derive(Default)]
pub struct State {
    /// The fake's clock (Unix seconds), for the scheduling window and `is_published`.
    pub now: i64,
    pub posts: Vec<Post>,
    /// (id, published, temporary, bytes).
    pub photos: Vec<(String, bool, bool, usize)>,
    /// Every POST /feed, refused ones included.
    pub requests: u32,
    pub drop_after_create: u32,
    pub fail_transient: u32,
    pub throttle: u32,
    pub expired: bool,
    pub deleted: u32,
    pub retired_metrics: Vec<String>,
    /// What the token debugging endpoint says: the token's own expiry and its data-access
    /// expiry (Unix seconds, 0 for none), and whether it is still valid.
    pub token_expires_at: i64,
    pub data_access_expires_at: i64,
    pub token_invalid: bool,
    /// Token debugging requests.
    pub debugged: u32,
    /// The permissions token debugging lists (the usual ones when unset).
    pub scopes: Option<Vec<String>>,
}

pub struct FakeFacebook {
    pub url: String,
    pub state: Arc<Mutex<State>>,
}

impl FakeFacebook {
    pub fn start(now: i64) -> Self {
        let (url, state) = super::http::serve(
            State {
                now,
                retired_metrics: vec!["post_impressions".into(), "post_impressions_unique".into()],
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

/// Meta's error object.
pub fn graph_error(
    stream: &mut TcpStream,
    status: u16,
    code: i64,
    sub: i64,
    message: &str,
    extra: &[(&str, String)],
) {
    json_reply(
        stream,
        status,
        &json!({ "error": { "message": message, "type": "OAuthException", "code": code, "error_subcode": sub, "is_transient": code == 2, "fbtrace_id": "Fake" } }),
        extra,
    );
}

/// One page of a Graph list, newest first: `limit` items after the `after` cursor, with
/// `paging.next` and `paging.cursors.after` when there are more.
pub fn page(items: Vec<Value>, q: &std::collections::HashMap<String, String>) -> Value {
    let limit: usize = q
        .get("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(25)
        .min(100);
    let from: usize = q
        .get("after")
        .and_then(|a| a.strip_prefix("cur-"))
        .and_then(|a| a.parse().ok())
        .unwrap_or(0);
    let data: Vec<Value> = items.iter().skip(from).take(limit).cloned().collect();
    let mut v = json!({ "data": data });
    if from + limit < items.len() {
        let cursor = format!("cur-{}", from + limit);
        v["paging"] = json!({ "cursors": { "before": "cur-0", "after": cursor }, "next": format!("https://graph.fake/next?after={cursor}") });
    }
    v
}

/// The value of a multipart field (text fields only).
pub fn multipart_field(body: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let marker = format!("name=\"{name}\"");
    let at = text.find(&marker)?;
    let rest = &text[at + marker.len()..];
    let start = rest.find("\r\n\r\n")? + 4;
    let end = rest[start..].find("\r\n--")?;
    Some(rest[start..start + end].to_string())
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
    let Some(path) = path.strip_prefix("/v25.0/") else {
        return graph_error(
            &mut stream,
            400,
            2500,
            0,
            "Unknown path components (no version)",
            &[],
        );
    };
    let mut st = state.lock().unwrap();
    let token = headers
        .get("authorization")
        .and_then(|a| a.strip_prefix("Bearer "))
        .unwrap_or("")
        .to_string();
    if st.expired || (token != PAGE_TOKEN && token != USER_TOKEN) {
        return graph_error(
            &mut stream,
            400,
            190,
            463,
            "Error validating access token: Session has expired.",
            &[],
        );
    }
    let q = params(query);
    let form = params(&String::from_utf8_lossy(&body));
    let usage = |eta: i64| {
        (
            "X-Business-Use-Case-Usage",
            format!(
                r#"{{"{PAGE}":[{{"type":"pages","call_count":100,"total_cputime":40,"total_time":60,"estimated_time_to_regain_access":{eta}}}]}}"#
            ),
        )
    };
    match (method.as_str(), path) {
        ("GET", "debug_token") => {
            st.debugged += 1;
            let input = q.get("input_token").cloned().unwrap_or_default();
            let valid = !st.token_invalid && (input == PAGE_TOKEN || input == USER_TOKEN);
            json_reply(
                &mut stream,
                200,
                &json!({ "data": {
                    "app_id": "1234", "type": if input == PAGE_TOKEN { "PAGE" } else { "USER" },
                    "is_valid": valid, "expires_at": st.token_expires_at,
                    "data_access_expires_at": st.data_access_expires_at,
                    "scopes": st.scopes.clone().unwrap_or_else(|| vec!["pages_manage_posts".into(), "pages_read_engagement".into()]),
                } }),
                &[],
            )
        }
        ("GET", "me") if token == PAGE_TOKEN => json_reply(
            &mut stream,
            200,
            &json!({ "id": PAGE, "name": "ミナト精工" }),
            &[],
        ),
        ("GET", "me") => json_reply(
            &mut stream,
            200,
            &json!({ "id": "55500001", "name": "港 花子" }),
            &[],
        ),
        ("GET", "me/accounts") if token == USER_TOKEN => json_reply(
            &mut stream,
            200,
            &json!({ "data": [ { "id": PAGE, "name": "ミナト精工", "access_token": PAGE_TOKEN, "tasks": ["CREATE_CONTENT", "MANAGE", "ANALYZE"] } ] }),
            &[],
        ),
        ("GET", "me/accounts") => graph_error(
            &mut stream,
            400,
            100,
            33,
            "Tried accessing nonexisting field (accounts) on node type (Page)",
            &[],
        ),
        ("POST", p) if p == format!("{PAGE}/photos") => {
            let published = multipart_field(&body, "published").as_deref() != Some("false");
            let temporary = multipart_field(&body, "temporary").as_deref() == Some("true");
            let id = format!("9{:08}", st.photos.len() + 1);
            let bytes = body.len();
            st.photos.push((id.clone(), published, temporary, bytes));
            json_reply(&mut stream, 200, &json!({ "id": id }), &[]);
        }
        ("POST", p) if p == format!("{PAGE}/feed") => {
            st.requests += 1;
            if st.throttle > 0 {
                st.throttle -= 1;
                return graph_error(
                    &mut stream,
                    400,
                    80001,
                    0,
                    "There have been too many calls to this Page account.",
                    &[usage(2)],
                );
            }
            if st.fail_transient > 0 {
                st.fail_transient -= 1;
                return graph_error(
                    &mut stream,
                    500,
                    2,
                    0,
                    "An unexpected error has occurred. Please retry your request later.",
                    &[],
                );
            }
            let message = form.get("message").cloned().unwrap_or_default();
            let scheduled = form
                .get("scheduled_publish_time")
                .and_then(|t| t.parse::<i64>().ok());
            if let Some(t) = scheduled {
                if form.get("published").map(String::as_str) != Some("false")
                    || t < st.now + 600
                    || t > st.now + 30 * 86_400
                {
                    return graph_error(
                        &mut stream,
                        400,
                        100,
                        0,
                        "(#100) The specified scheduled publish time is invalid.",
                        &[],
                    );
                }
            }
            if st.posts.iter().any(|p| p.message == message) {
                return graph_error(&mut stream, 400, 506, 0, "Duplicate status message", &[]);
            }
            let mut photos = Vec::new();
            for (k, v) in &form {
                if k.starts_with("attached_media[") {
                    let m: Value = serde_json::from_str(v).unwrap();
                    let id = m["media_fbid"].as_str().unwrap().to_string();
                    let photo = st.photos.iter().find(|p| p.0 == id);
                    assert!(
                        photo.is_some_and(|p| !p.1),
                        "attached photos are uploaded unpublished"
                    );
                    if scheduled.is_some() {
                        assert!(
                            photo.is_some_and(|p| p.2),
                            "a scheduled post's photos are temporary"
                        );
                    }
                    photos.push(id);
                }
            }
            let id = format!("{PAGE}_{:010}", st.posts.len() + 1);
            let link = form.get("link").cloned();
            if link.is_some() && !photos.is_empty() {
                return graph_error(
                    &mut stream,
                    400,
                    100,
                    0,
                    "(#100) link and attached_media cannot be combined",
                    &[],
                );
            }
            st.posts.push(Post {
                id: id.clone(),
                message,
                photos,
                scheduled,
                link,
            });
            if st.drop_after_create > 0 {
                st.drop_after_create -= 1;
                let _ = stream.shutdown(std::net::Shutdown::Both);
                return;
            }
            json_reply(&mut stream, 200, &json!({ "id": id }), &[]);
        }
        ("GET", p) if p == format!("{PAGE}/feed") || p == format!("{PAGE}/scheduled_posts") => {
            let held = p.ends_with("scheduled_posts");
            let now = st.now;
            let data: Vec<Value> = st
                .posts
                .iter()
                .rev()
                .filter(|p| p.scheduled.is_some_and(|t| t > now) == held)
                .map(|p| json!({ "id": p.id, "message": p.message, "permalink_url": format!("https://www.facebook.com/{}", p.id), "scheduled_publish_time": p.scheduled }))
                .collect();
            json_reply(&mut stream, 200, &page(data, &q), &[]);
        }
        ("GET", p) if p.ends_with("/insights") => {
            let metric = q.get("metric").cloned().unwrap_or_default();
            if st.retired_metrics.contains(&metric) {
                return graph_error(
                    &mut stream,
                    400,
                    100,
                    0,
                    "(#100) The value must be a valid insights metric",
                    &[],
                );
            }
            json_reply(
                &mut stream,
                200,
                &json!({ "data": [ { "name": metric, "period": "lifetime", "values": [ { "value": 640 } ] } ] }),
                &[],
            );
        }
        ("GET", id) => {
            let now = st.now;
            let Some(p) = st.posts.iter().find(|p| p.id == id) else {
                return graph_error(
                    &mut stream,
                    400,
                    100,
                    33,
                    "Object does not exist, cannot be loaded due to missing permissions",
                    &[],
                );
            };
            let fields = q.get("fields").cloned().unwrap_or_default();
            let mut v = json!({ "id": p.id });
            if fields.contains("is_published") {
                v["is_published"] = json!(p.scheduled.is_none_or(|t| t <= now));
            }
            if fields.contains("reactions") {
                v["reactions"] = json!({ "data": [], "summary": { "total_count": 21 } });
                v["comments"] = json!({ "data": [], "summary": { "order": "ranked", "total_count": 4, "can_comment": true } });
                // No `shares` object: nobody shared yet.
            }
            json_reply(&mut stream, 200, &v, &[]);
        }
        ("DELETE", id) => {
            let before = st.posts.len();
            st.posts.retain(|p| p.id != id);
            if st.posts.len() == before {
                return graph_error(&mut stream, 400, 100, 33, "Object does not exist", &[]);
            }
            st.deleted += 1;
            json_reply(&mut stream, 200, &json!({ "success": true }), &[]);
        }
        _ => graph_error(&mut stream, 400, 100, 0, "Unsupported request", &[]),
    }
}
