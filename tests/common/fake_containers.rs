//! Fake Instagram and Threads APIs on 127.0.0.1, one engine for Meta's container flow
//! (instagram.md §11, threads.md §11): `/me`; containers made from a caption and `image_url`s
//! that the fake really **fetches** (so a media-host bug shows: Instagram takes only JPEG up to
//! 8 MiB between 4:5 and 1.91:1), carousels, Threads text posts; the status machine
//! `IN_PROGRESS → FINISHED → PUBLISHED` (and `ERROR` for an image it could not use);
//! `media_publish` / `threads_publish` with the 24-hour publishing quota, 500s and answers lost
//! after publishing; the account's media list; counters and insights (Instagram rejects the
//! retired `impressions`); delete; and the token renewal that refuses a token under a day old.
#![allow(dead_code, clippy::unwrap_used)]

use super::fake_facebook::graph_error;
use super::fake_mastodon::{json_reply, params};
use serde_json::{json, Value};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Instagram,
    Threads,
}

pub const IG_USER: &str = "17841400000000001";
pub const IG_TOKEN: &str = "ig-long-token-1";
pub const TH_USER: &str = "25000000000000001";
pub const TH_TOKEN: &str = "th-long-token-1";

pub struct Container {
    pub id: String,
    pub caption: String,
    pub images: Vec<Vec<u8>>,
    pub children: Vec<String>,
    pub status: String,
    pub error: String,
    pub polls: u32,
}

#[derive(Default)]
pub struct State {
    pub kind: Option<Kind>,
    pub token: String,
    /// The token's age in seconds (renewal needs a day).
    pub token_age: i64,
    pub renewals: u32,
    pub containers: Vec<Container>,
    /// (media id, caption, container id).
    pub media: Vec<(String, String, String)>,
    /// Every publish call, refused ones included.
    pub publish_requests: u32,
    /// Looks at a container that answer IN_PROGRESS before it is FINISHED.
    pub in_progress_polls: u32,
    pub drop_after_publish: u32,
    pub fail_500: u32,
    pub quota_left: Option<u32>,
    pub image_fetches: u32,
    pub deleted: u32,
}

pub struct FakeContainers {
    pub url: String,
    pub state: Arc<Mutex<State>>,
}

impl FakeContainers {
    pub fn start(kind: Kind) -> Self {
        let token = match kind {
            Kind::Instagram => IG_TOKEN,
            Kind::Threads => TH_TOKEN,
        };
        let (url, state) = super::http::serve(
            State {
                kind: Some(kind),
                token: token.into(),
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

/// Checks an image as Meta does; `Err` is the container's error message.
fn usable(kind: Kind, bytes: &[u8]) -> Result<(), String> {
    let jpeg = bytes.starts_with(&[0xFF, 0xD8, 0xFF]);
    let png = bytes.starts_with(b"\x89PNG");
    if !(jpeg || (kind == Kind::Threads && png)) {
        return Err("ERROR: unsupported image format".into());
    }
    if bytes.len() > 8 * 1024 * 1024 {
        return Err("ERROR: The image size is too large".into());
    }
    let img = image::load_from_memory(bytes)
        .map_err(|_| "ERROR: the image could not be read".to_string())?;
    let ratio = f64::from(img.width()) / f64::from(img.height());
    if kind == Kind::Instagram && !(0.795..=1.915).contains(&ratio) {
        return Err("INVALID_ASPEC_RATIO".into());
    }
    Ok(())
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
    let kind = st.kind.unwrap();
    let (version, user, create, publish, list, caption, status_field) = match kind {
        Kind::Instagram => (
            "/v25.0/",
            IG_USER,
            "media",
            "media_publish",
            "media",
            "caption",
            "status_code",
        ),
        Kind::Threads => (
            "/v1.0/",
            TH_USER,
            "threads",
            "threads_publish",
            "threads",
            "text",
            "status",
        ),
    };
    let q = params(query);
    if path == "/refresh_access_token" {
        let grant = match kind {
            Kind::Instagram => "ig_refresh_token",
            Kind::Threads => "th_refresh_token",
        };
        if q.get("grant_type").map(String::as_str) != Some(grant)
            || q.get("access_token") != Some(&st.token)
        {
            return graph_error(&mut stream, 400, 190, 0, "Invalid OAuth access token", &[]);
        }
        if st.token_age < 86_400 {
            return graph_error(
                &mut stream,
                400,
                10,
                0,
                "The access token is too new to be refreshed",
                &[],
            );
        }
        st.renewals += 1;
        st.token = format!(
            "{}-renewed-{}",
            st.token.split("-renewed").next().unwrap(),
            st.renewals
        );
        st.token_age = 0;
        return json_reply(
            &mut stream,
            200,
            &json!({ "access_token": st.token, "token_type": "bearer", "expires_in": 5_184_000 }),
            &[],
        );
    }
    let Some(path) = path.strip_prefix(version) else {
        return graph_error(
            &mut stream,
            400,
            2500,
            0,
            "Unknown path (wrong version)",
            &[],
        );
    };
    let token = headers
        .get("authorization")
        .and_then(|a| a.strip_prefix("Bearer "))
        .unwrap_or("");
    if token != st.token {
        return graph_error(
            &mut stream,
            400,
            190,
            0,
            "Error validating access token",
            &[],
        );
    }
    let form = params(&String::from_utf8_lossy(&body));
    match (method.as_str(), path) {
        ("GET", "me") => json_reply(
            &mut stream,
            200,
            &json!({ "id": user, "user_id": user, "username": "minato_seiko" }),
            &[],
        ),
        ("POST", p) if p == format!("{user}/{create}") => {
            let id = format!(
                "{}{:06}",
                if kind == Kind::Instagram {
                    "1790"
                } else {
                    "1800"
                },
                st.containers.len() + 1
            );
            let mut c = Container {
                id: id.clone(),
                caption: form.get(caption).cloned().unwrap_or_default(),
                images: Vec::new(),
                children: Vec::new(),
                status: "IN_PROGRESS".into(),
                error: String::new(),
                polls: 0,
            };
            let media_type = form
                .get("media_type")
                .cloned()
                .unwrap_or_else(|| "IMAGE".into());
            match media_type.as_str() {
                "TEXT" if kind == Kind::Threads => {}
                "CAROUSEL" => {
                    c.children = form
                        .get("children")
                        .map(|s| s.split(',').map(str::to_string).collect())
                        .unwrap_or_default();
                    let ok = c.children.len() >= 2
                        && c.children.iter().all(|ch| {
                            st.containers
                                .iter()
                                .any(|x| x.id == *ch && x.error.is_empty())
                        });
                    if !ok {
                        return graph_error(
                            &mut stream,
                            400,
                            100,
                            2207025,
                            "Carousel children are not valid containers",
                            &[],
                        );
                    }
                }
                "IMAGE" => {
                    let Some(url) = form.get("image_url") else {
                        return graph_error(
                            &mut stream,
                            400,
                            100,
                            0,
                            "(#100) The parameter image_url is required",
                            &[],
                        );
                    };
                    st.image_fetches += 1;
                    // Meta fetches the image itself, from the public address it was given.
                    match reqwest::blocking::get(url.as_str()) {
                        Ok(r) if r.status().is_success() => {
                            let bytes = r.bytes().unwrap().to_vec();
                            if let Err(e) = usable(kind, &bytes) {
                                c.status = "ERROR".into();
                                c.error = e;
                            }
                            c.images.push(bytes);
                        }
                        Ok(r) => {
                            c.status = "ERROR".into();
                            c.error = format!(
                                "ERROR: the media could not be fetched from the URI ({})",
                                r.status()
                            );
                        }
                        Err(_) => {
                            c.status = "ERROR".into();
                            c.error = "ERROR: the media could not be fetched from the URI".into();
                        }
                    }
                }
                _ => {
                    return graph_error(&mut stream, 400, 100, 0, "(#100) Invalid media_type", &[])
                }
            }
            st.containers.push(c);
            json_reply(&mut stream, 200, &json!({ "id": id }), &[]);
        }
        ("POST", p) if p == format!("{user}/{publish}") => {
            st.publish_requests += 1;
            if st.fail_500 > 0 {
                st.fail_500 -= 1;
                return graph_error(
                    &mut stream,
                    500,
                    1,
                    2207001,
                    "An unknown error occurred",
                    &[],
                );
            }
            if st.quota_left == Some(0) {
                return graph_error(
                    &mut stream,
                    400,
                    9,
                    2207042,
                    "You have reached the maximum number of posts that is allowed in 24 hours",
                    &[],
                );
            }
            let creation = form.get("creation_id").cloned().unwrap_or_default();
            let Some(c) = st.containers.iter_mut().find(|c| c.id == creation) else {
                return graph_error(&mut stream, 400, 100, 33, "Object does not exist", &[]);
            };
            match c.status.as_str() {
                "FINISHED" => {}
                "PUBLISHED" => {
                    return graph_error(
                        &mut stream,
                        400,
                        100,
                        2207006,
                        "The media has already been published",
                        &[],
                    )
                }
                _ => {
                    return graph_error(
                        &mut stream,
                        400,
                        9007,
                        2207027,
                        "The media is not ready for publishing, please wait for a moment",
                        &[],
                    )
                }
            }
            c.status = "PUBLISHED".into();
            let caption = c.caption.clone();
            if let Some(q) = st.quota_left.as_mut() {
                *q -= 1;
            }
            let id = format!(
                "{}{:06}",
                if kind == Kind::Instagram {
                    "1791"
                } else {
                    "1801"
                },
                st.media.len() + 1
            );
            st.media.push((id.clone(), caption, creation));
            if st.drop_after_publish > 0 {
                st.drop_after_publish -= 1;
                let _ = stream.shutdown(std::net::Shutdown::Both);
                return;
            }
            json_reply(&mut stream, 200, &json!({ "id": id }), &[]);
        }
        ("GET", p) if p == format!("{user}/{list}") => {
            let data: Vec<Value> = st.media.iter().rev().map(|(id, c, _)| json!({ "id": id, caption: c, "permalink": format!("https://fake.meta/p/{id}") })).collect();
            json_reply(&mut stream, 200, &super::fake_facebook::page(data, &q), &[]);
        }
        ("GET", p) if p.ends_with("/insights") => {
            let metrics = q.get("metric").cloned().unwrap_or_default();
            if kind == Kind::Instagram
                && metrics
                    .split(',')
                    .any(|m| m == "impressions" || m == "plays")
            {
                return graph_error(
                    &mut stream,
                    400,
                    100,
                    2108006,
                    "(#100) impressions metric is no longer supported",
                    &[],
                );
            }
            let value = |m: &str| match m {
                "views" => 900,
                "likes" => 30,
                "replies" => 5,
                "reposts" => 3,
                "quotes" => 1,
                "shares" => 2,
                _ => 0,
            };
            let data: Vec<Value> = metrics.split(',').map(|m| json!({ "name": m, "period": "lifetime", "values": [ { "value": value(m) } ] })).collect();
            json_reply(&mut stream, 200, &json!({ "data": data }), &[]);
        }
        ("GET", id) => {
            let polls_needed = st.in_progress_polls;
            if let Some(c) = st.containers.iter_mut().find(|c| c.id == id) {
                c.polls += 1;
                if c.status == "IN_PROGRESS" && c.polls > polls_needed {
                    c.status = "FINISHED".into();
                }
                return json_reply(
                    &mut stream,
                    200,
                    &json!({ "id": c.id, status_field: c.status, "error_message": c.error }),
                    &[],
                );
            }
            if let Some((id, _, _)) = st.media.iter().find(|(m, _, _)| m == id) {
                return json_reply(
                    &mut stream,
                    200,
                    &json!({ "id": id, "permalink": format!("https://fake.meta/p/{id}"), "like_count": 30, "comments_count": 5 }),
                    &[],
                );
            }
            graph_error(&mut stream, 400, 100, 33, "Object does not exist", &[])
        }
        ("DELETE", id) => {
            let before = st.media.len();
            st.media.retain(|(m, _, _)| m != id);
            if st.media.len() == before {
                return graph_error(&mut stream, 400, 100, 33, "Object does not exist", &[]);
            }
            st.deleted += 1;
            json_reply(
                &mut stream,
                200,
                &json!({ "success": true, "deleted_id": id }),
                &[],
            );
        }
        _ => graph_error(&mut stream, 400, 100, 0, "Unsupported request", &[]),
    }
}
