//! A stand-in for the three company chats, checking what each documents of a message:
//! a Teams webhook (a `message` activity whose attachment is an Adaptive Card of text blocks;
//! answers 202 with no body, as a Workflows webhook does), a Slack incoming webhook (`text`,
//! and `header`/`section` blocks within Slack's lengths; answers `ok`, or the plain-text
//! error codes `invalid_blocks`, `no_text`, `no_service`), and Chatwork's
//! `POST /v2/rooms/{room}/messages` (the `X-ChatWorkToken` header, a form field `body`;
//! answers `{"message_id"}`, or 401 with `errors`). It keeps each accepted message's text.
#![allow(dead_code, clippy::unwrap_used)]

use super::fake_mastodon::{json_reply, send};
use serde_json::{json, Value};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};

pub const CHATWORK_TOKEN: &str = "0123456789abcdef0123456789abcdef";

#[derive(Default)]
pub struct State {
    /// Accepted messages: (which chat, their text as people would read it).
    pub accepted: Vec<(&'static str, String)>,
    /// Requests refused, with why.
    pub refused: Vec<String>,
}

pub struct FakeChat {
    pub url: String,
    pub state: Arc<Mutex<State>>,
}

impl FakeChat {
    pub fn start() -> Self {
        let (url, state) = super::http::serve(State::default(), handle);
        Self { url, state }
    }

    pub fn accepted(&self) -> Vec<(&'static str, String)> {
        self.state.lock().unwrap().accepted.clone()
    }
}

fn teams(body: &Value) -> Result<String, &'static str> {
    if body["type"] != "message" {
        return Err("type must be message");
    }
    let a = &body["attachments"][0];
    if a["contentType"] != "application/vnd.microsoft.card.adaptive" {
        return Err("attachment is not an adaptive card");
    }
    let card = &a["content"];
    if card["type"] != "AdaptiveCard" || !card["version"].is_string() {
        return Err("content is not an AdaptiveCard with a version");
    }
    let blocks = card["body"].as_array().ok_or("card has no body")?;
    let mut text = Vec::new();
    for b in blocks {
        if b["type"] != "TextBlock" {
            return Err("only text blocks expected");
        }
        text.push(
            b["text"]
                .as_str()
                .ok_or("a text block without text")?
                .to_string(),
        );
    }
    Ok(text.join("\n"))
}

fn slack(body: &Value) -> Result<String, &'static str> {
    let text = body["text"]
        .as_str()
        .filter(|t| !t.is_empty())
        .ok_or("no_text")?;
    let mut out = vec![text.to_string()];
    for b in body["blocks"].as_array().into_iter().flatten() {
        let t = b["text"]["text"].as_str().ok_or("invalid_blocks")?;
        match (b["type"].as_str(), b["text"]["type"].as_str()) {
            (Some("header"), Some("plain_text")) if t.chars().count() <= 150 => {}
            (Some("section"), Some("mrkdwn" | "plain_text")) if t.chars().count() <= 3000 => {}
            _ => return Err("invalid_blocks"),
        }
        out.push(t.to_string());
    }
    Ok(out.join("\n"))
}

fn form_field(body: &[u8], name: &str) -> Option<String> {
    let s = std::str::from_utf8(body).ok()?;
    s.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == name).then(|| {
            let v = v.replace('+', " ");
            let bytes = v.as_bytes();
            let mut out = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'%' && i + 2 < bytes.len() {
                    let h =
                        u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap(), 16)
                            .unwrap();
                    out.push(h);
                    i += 3;
                } else {
                    out.push(bytes[i]);
                    i += 1;
                }
            }
            String::from_utf8(out).unwrap()
        })
    })
}

fn handle(mut stream: TcpStream, state: &Mutex<State>) {
    let Some(req) = super::http::read(&stream) else {
        return;
    };
    let json_body = || serde_json::from_slice::<Value>(&req.body).ok();
    let is_json = req
        .headers
        .get("content-type")
        .is_some_and(|c| c.starts_with("application/json"));
    let mut refuse = |status: u16, why: &str| {
        state.lock().unwrap().refused.push(why.to_string());
        send(
            &mut stream,
            status,
            &[("Content-Type", "text/plain".into())],
            why,
        );
    };
    if req.method != "POST" {
        return refuse(405, "method");
    }
    if req.target.starts_with("/teams/") {
        match json_body()
            .filter(|_| is_json)
            .ok_or("not json")
            .and_then(|b| teams(&b))
        {
            Ok(text) => {
                state.lock().unwrap().accepted.push(("teams", text));
                send(&mut stream, 202, &[], "");
            }
            Err(why) => refuse(400, why),
        }
    } else if req.target.starts_with("/slack/revoked") {
        refuse(404, "no_service");
    } else if req.target.starts_with("/slack/") {
        match json_body()
            .filter(|_| is_json)
            .ok_or("invalid_payload")
            .and_then(|b| slack(&b))
        {
            Ok(text) => {
                state.lock().unwrap().accepted.push(("slack", text));
                send(
                    &mut stream,
                    200,
                    &[("Content-Type", "text/plain".into())],
                    "ok",
                );
            }
            Err(why) => refuse(400, why),
        }
    } else if let Some(room) = req
        .target
        .strip_prefix("/v2/rooms/")
        .and_then(|r| r.strip_suffix("/messages"))
    {
        if req.headers.get("x-chatworktoken").map(String::as_str) != Some(CHATWORK_TOKEN) {
            state.lock().unwrap().refused.push("token".into());
            return json_reply(
                &mut stream,
                401,
                &json!({"errors": ["Invalid API token"]}),
                &[],
            );
        }
        let form = req
            .headers
            .get("content-type")
            .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
        match form_field(&req.body, "body")
            .filter(|b| form && !b.is_empty() && room.chars().all(|c| c.is_ascii_digit()))
        {
            Some(text) => {
                state.lock().unwrap().accepted.push(("chatwork", text));
                json_reply(&mut stream, 200, &json!({"message_id": "1234567890"}), &[]);
            }
            None => {
                state.lock().unwrap().refused.push("body".into());
                json_reply(
                    &mut stream,
                    400,
                    &json!({"errors": ["Parameter body is required"]}),
                    &[],
                );
            }
        }
    } else {
        refuse(404, "not found");
    }
}
