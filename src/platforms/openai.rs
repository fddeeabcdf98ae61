//! An OpenAI-compatible chat-completions client, for the writing assistant.
//!
//! Ollama, llama.cpp's server and LM Studio on the same machine or the office network speak
//! the same `POST /v1/chat/completions` as the cloud services, so one client serves them all.
//! It sends a list of messages (text, and an image as a `data:` URL for a vision model) and
//! either waits for the whole answer or reads it as server-sent events (`data: {…}` lines
//! carrying `choices[0].delta.content`, ending with `data: [DONE]`), handing each piece to the
//! caller, who may stop it at any time. The API key, when there is one, is a secret: it is
//! held as `Sensitive` and never appears in a failure's words.

use super::http::Http;
use super::{Failure, FailureKind, Problem};
use crate::secrets::Sensitive;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// `system`, `user` or `assistant`.
    pub role: &'static str,
    /// Its text.
    pub text: String,
    /// An image for a vision model, as `(mime type, bytes)`.
    pub image: Option<(String, Vec<u8>)>,
}

impl Message {
    /// A system message.
    pub fn system(text: impl Into<String>) -> Self {
        Self {
            role: "system",
            text: text.into(),
            image: None,
        }
    }

    /// A user message.
    pub fn user(text: impl Into<String>) -> Self {
        Self {
            role: "user",
            text: text.into(),
            image: None,
        }
    }

    fn to_json(&self) -> Value {
        match &self.image {
            None => json!({"role": self.role, "content": self.text}),
            Some((mime, bytes)) => json!({
                "role": self.role,
                "content": [
                    {"type": "text", "text": self.text},
                    {"type": "image_url", "image_url": {"url": format!("data:{mime};base64,{}", base64(bytes))}}
                ]
            }),
        }
    }
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(char::from(T[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A client for one endpoint.
pub struct Client {
    http: Http,
    key: Option<Sensitive<String>>,
}

impl Client {
    /// A client for the API at `base` (`http://127.0.0.1:11434/v1`, `https://api.openai.com/v1`).
    pub fn new(base: &str, key: Option<Sensitive<String>>) -> Result<Self, Failure> {
        Ok(Self {
            http: Http::new(base)?,
            key,
        })
    }

    /// A client whose requests for `host` go to `addr` instead of what the name resolves to
    /// (a test's fake standing for a server elsewhere), giving up after `timeout`.
    pub fn with(
        mut self,
        resolve: Option<(&str, std::net::SocketAddr)>,
        timeout: std::time::Duration,
    ) -> Result<Self, Failure> {
        let mut b = reqwest::blocking::Client::builder()
            .timeout(timeout)
            .connect_timeout(std::time::Duration::from_secs(10));
        if let Some((host, addr)) = resolve {
            b = b.resolve(host, addr);
        }
        self.http.client = b
            .build()
            .map_err(|e| Failure::Permanent(Problem::new(FailureKind::Other, e.to_string())))?;
        Ok(self)
    }

    /// Asks `model`; each piece of the answer goes to `piece` as it arrives (streamed when
    /// `stream`), which returns `false` to stop. Returns the whole answer (what arrived before
    /// a stop).
    pub fn chat(
        &self,
        model: &str,
        messages: &[Message],
        stream: bool,
        piece: &mut dyn FnMut(&str) -> bool,
    ) -> Result<String, Failure> {
        let body = json!({
            "model": model,
            "messages": messages.iter().map(Message::to_json).collect::<Vec<_>>(),
            "stream": stream,
            "temperature": 0.4,
        });
        let mut req = self
            .http
            .client
            .post(format!("{}/chat/completions", self.http.base))
            .json(&body);
        if let Some(k) = &self.key {
            req = req.bearer_auth(k.expose());
        }
        let resp = Http::send(req, false, "the assistant")?;
        let status = resp.status().as_u16();
        if !(200..300).contains(&status) {
            let said: Value = resp.json().unwrap_or(Value::Null);
            let said = said["error"]["message"]
                .as_str()
                .or_else(|| said["error"].as_str())
                .unwrap_or("")
                .chars()
                .take(300)
                .collect::<String>();
            return Err(refused(status, &said));
        }
        if !stream {
            let v: Value = resp.json().map_err(|e| strange(&e.to_string()))?;
            let text = v["choices"][0]["message"]["content"]
                .as_str()
                .ok_or_else(|| strange("no choices[0].message.content"))?
                .to_string();
            piece(&text);
            return Ok(text);
        }
        let mut out = String::new();
        let reader = BufReader::new(resp);
        for line in reader.lines() {
            let line = line.map_err(|e| {
                Failure::Transient(Problem::new(
                    FailureKind::Unreachable,
                    format!("the assistant's answer broke off ({e})"),
                ))
            })?;
            let Some(data) = line.strip_prefix("data:") else {
                continue;
            };
            let data = data.trim();
            if data == "[DONE]" {
                break;
            }
            let v: Value = serde_json::from_str(data).map_err(|e| strange(&e.to_string()))?;
            if let Some(t) = v["choices"][0]["delta"]["content"].as_str() {
                out.push_str(t);
                if !piece(t) {
                    break;
                }
            }
        }
        Ok(out)
    }
}

fn strange(why: &str) -> Failure {
    Failure::Permanent(Problem::new(
        FailureKind::StrangeAnswer,
        format!("the assistant answered in a way Tsunagu does not understand ({why}); check that the endpoint speaks the OpenAI chat-completions API"),
    ))
}

fn refused(status: u16, said: &str) -> Failure {
    match status {
        401 | 403 => Failure::Permanent(Problem::new(
            FailureKind::Reconnect,
            format!("the assistant refused the key ({status} {said}); enter the endpoint's API key again in Settings"),
        )),
        404 => Failure::Permanent(Problem::new(
            FailureKind::Refused,
            format!("the endpoint does not know this model or address ({status} {said}); check the model's name and the address in Settings"),
        )),
        429 => Failure::RateLimited {
            until_ms: None,
            reason: Problem::new(
                FailureKind::RateLimited,
                format!("the assistant asked to slow down ({said}); try again in a minute"),
            ),
        },
        s if s >= 500 => Failure::Transient(Problem::new(
            FailureKind::ServerError,
            format!("the assistant had an error {s} ({said}); try again"),
        )),
        s => Failure::Permanent(Problem::new(
            FailureKind::Refused,
            format!("the assistant refused the request ({s} {said})"),
        )),
    }
    .with_status(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_travel_as_data_urls() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        let m = Message {
            role: "user",
            text: "alt".into(),
            image: Some(("image/png".into(), vec![1, 2, 3])),
        };
        assert_eq!(
            m.to_json()["content"][1]["image_url"]["url"],
            "data:image/png;base64,AQID"
        );
    }
}
