//! A stand-in for an OpenAI-compatible endpoint (Ollama, llama.cpp's server, LM Studio, a
//! cloud service): `POST /v1/chat/completions` with `model` and `messages`, answered whole
//! (`choices[0].message.content`) or as server-sent events (`data: {"choices":[{"delta":
//! {"content": …}}]}` lines, then `data: [DONE]`) when `stream` is true; an unknown model gets
//! 404 with `{"error": {"message"}}`, a wrong key 401. It records every request as received.
#![allow(dead_code, clippy::unwrap_used)]

use super::fake_mastodon::{json_reply, send};
use serde_json::{json, Value};
use std::io::Write;
use std::net::TcpStream;
use std::sync::{Arc, Mutex};

/// What the fake answers.
#[derive(Clone)]
pub enum Answer {
    /// This text.
    Text(String),
    /// The user message back, after `prefix` (so placeholders come back as sent).
    Echo(String),
    /// An HTTP error with this status.
    Status(u16),
    /// Nothing for this many seconds, then `ok`.
    Hang(u64),
}

pub struct State {
    pub answer: Answer,
    /// The model it knows.
    pub model: String,
    /// The key it wants, if any.
    pub key: Option<String>,
    /// Every request body, as received.
    pub requests: Vec<Value>,
}

pub struct FakeOpenAi {
    pub url: String,
    pub addr: std::net::SocketAddr,
    pub state: Arc<Mutex<State>>,
}

impl FakeOpenAi {
    pub fn start(answer: Answer) -> Self {
        let (url, state) = super::http::serve(
            State {
                answer,
                model: "qwen2.5:7b".into(),
                key: None,
                requests: Vec::new(),
            },
            handle,
        );
        let addr = url.trim_start_matches("http://").parse().unwrap();
        Self { url, addr, state }
    }

    pub fn requests(&self) -> Vec<Value> {
        self.state.lock().unwrap().requests.clone()
    }

    /// Everything the endpoint received, as one text.
    pub fn received(&self) -> String {
        self.requests()
            .iter()
            .map(|r| r.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn set(&self, answer: Answer) {
        self.state.lock().unwrap().answer = answer;
    }
}

fn handle(mut stream: TcpStream, state: &Mutex<State>) {
    let Some(req) = super::http::read(&stream) else {
        return;
    };
    if req.method != "POST" || !req.target.ends_with("/chat/completions") {
        return json_reply(
            &mut stream,
            404,
            &json!({"error": {"message": "not found"}}),
            &[],
        );
    }
    let Ok(body) = serde_json::from_slice::<Value>(&req.body) else {
        return json_reply(
            &mut stream,
            400,
            &json!({"error": {"message": "bad json"}}),
            &[],
        );
    };
    let (answer, model, key) = {
        let mut s = state.lock().unwrap();
        s.requests.push(body.clone());
        (s.answer.clone(), s.model.clone(), s.key.clone())
    };
    if let Some(k) = key {
        if req.headers.get("authorization") != Some(&format!("Bearer {k}")) {
            return json_reply(
                &mut stream,
                401,
                &json!({"error": {"message": "Incorrect API key provided"}}),
                &[],
            );
        }
    }
    if body["model"] != model.as_str() {
        return json_reply(
            &mut stream,
            404,
            &json!({"error": {"message": format!("model '{}' not found", body["model"])}}),
            &[],
        );
    }
    let Some(messages) = body["messages"].as_array().filter(|m| !m.is_empty()) else {
        return json_reply(
            &mut stream,
            400,
            &json!({"error": {"message": "messages is required"}}),
            &[],
        );
    };
    let user = messages
        .iter()
        .rev()
        .find(|m| m["role"] == "user")
        .map(|m| match &m["content"] {
            Value::String(s) => s.clone(),
            Value::Array(parts) => parts
                .iter()
                .filter_map(|p| p["text"].as_str())
                .collect::<Vec<_>>()
                .join(""),
            _ => String::new(),
        })
        .unwrap_or_default();
    let text = match answer {
        Answer::Text(t) => t,
        Answer::Echo(prefix) => format!("{prefix}{user}"),
        Answer::Hang(secs) => {
            std::thread::sleep(std::time::Duration::from_secs(secs));
            "ok".into()
        }
        Answer::Status(s) => {
            return json_reply(
                &mut stream,
                s,
                &json!({"error": {"message": "the server is busy"}}),
                &[],
            );
        }
    };
    if body["stream"] == true {
        let mut out = String::from(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n",
        );
        let chars: Vec<char> = text.chars().collect();
        for piece in chars.chunks(7) {
            let p: String = piece.iter().collect();
            out.push_str(&format!(
                "data: {}\n\n",
                json!({"choices": [{"index": 0, "delta": {"content": p}}]})
            ));
        }
        out.push_str("data: [DONE]\n\n");
        let _ = stream.write_all(out.as_bytes());
    } else {
        let v =
            json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": text}}]});
        send(
            &mut stream,
            200,
            &[("Content-Type", "application/json".into())],
            &v.to_string(),
        );
    }
}
