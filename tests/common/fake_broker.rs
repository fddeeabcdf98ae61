//! A stand-in for the company's token-exchange endpoint (see the README): it holds the app
//! secret that the desktop app never sees, trades the code (with the PKCE verifier and the
//! redirect) at the platform's token endpoint, renews with refresh tokens, and answers with
//! the tokens.
#![allow(dead_code, clippy::unwrap_used)]

use super::fake_mastodon::json_reply;
use serde_json::{json, Value};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub struct State {
    /// The platform's token endpoint.
    pub token_url: String,
    pub client_secret: String,
    /// Every request body, for tests that check what the app sent.
    pub seen: Vec<Value>,
}

pub struct FakeBroker {
    pub url: String,
    pub state: Arc<Mutex<State>>,
}

impl FakeBroker {
    pub fn start(token_url: &str, client_secret: &str) -> Self {
        let (url, state) = super::http::serve(
            State {
                token_url: token_url.into(),
                client_secret: client_secret.into(),
                seen: Vec::new(),
            },
            handle,
        );
        Self { url, state }
    }
}

fn handle(mut stream: TcpStream, state: &Mutex<State>) {
    let Some(req) = super::http::read(&stream) else {
        return;
    };
    let v: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
    let (token_url, secret) = {
        let mut st = state.lock().unwrap();
        st.seen.push(v.clone());
        (st.token_url.clone(), st.client_secret.clone())
    };
    let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
    // LinkedIn's token introspection needs the app secret too: the endpoint asks for the app.
    if s("action") == "introspect" {
        let resp = reqwest::blocking::Client::new()
            .post(token_url.replace("/accessToken", "/introspectToken"))
            .form(&[
                ("client_id", s("client_id")),
                ("client_secret", secret),
                ("token", s("token")),
            ])
            .send()
            .unwrap();
        let status = resp.status().as_u16();
        let body: Value = resp.json().unwrap_or(Value::Null);
        return json_reply(&mut stream, status, &body, &[]);
    }
    let mut form = vec![
        ("client_id", s("client_id")),
        ("client_secret", secret),
        ("grant_type", s("grant_type")),
    ];
    match s("grant_type").as_str() {
        "authorization_code" => {
            form.push(("code", s("code")));
            form.push(("redirect_uri", s("redirect_uri")));
            form.push(("code_verifier", s("code_verifier")));
        }
        "refresh_token" => form.push(("refresh_token", s("refresh_token"))),
        _ => {
            return json_reply(
                &mut stream,
                400,
                &json!({ "error": "unsupported_grant_type" }),
                &[],
            )
        }
    }
    let resp = reqwest::blocking::Client::new()
        .post(token_url)
        .form(&form)
        .send()
        .unwrap();
    let status = resp.status().as_u16();
    let body: Value = resp.json().unwrap_or(Value::Null);
    json_reply(&mut stream, status, &body, &[]);
}
