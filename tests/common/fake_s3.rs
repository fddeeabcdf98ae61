//! A fake S3-compatible bucket on 127.0.0.1 (path style): objects put, fetched and deleted
//! through presigned URLs only. It refuses a request without a presigned signature for its
//! access key, or whose link has expired by the fake's clock, as a real bucket would.
#![allow(dead_code, clippy::unwrap_used)]

use super::fake_mastodon::{params, send};
use std::collections::HashMap;
use std::io::Write;
use std::net::TcpStream;
use std::sync::{Arc, Mutex};

pub const BUCKET: &str = "tsunagu-media";
pub const ACCESS_KEY: &str = "AKIATSUNAGUTEST";
pub const SECRET: &str = "s3-secret-never-in-sqlite";

#[derive(Default)]
pub struct State {
    pub objects: HashMap<String, Vec<u8>>,
    pub puts: u32,
    pub gets: u32,
    pub deletes: u32,
    pub refuse: bool,
}

pub struct FakeS3 {
    pub url: String,
    pub state: Arc<Mutex<State>>,
}

impl FakeS3 {
    pub fn start() -> Self {
        let (url, state) = super::http::serve(State::default(), handle);
        Self { url, state }
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.state.lock().unwrap())
    }
}

fn xml_error(stream: &mut TcpStream, status: u16, code: &str) {
    send(
        stream,
        status,
        &[("Content-Type", "application/xml".into())],
        &format!(
            "<?xml version=\"1.0\"?><Error><Code>{code}</Code><Message>{code}</Message></Error>"
        ),
    );
}

fn handle(mut stream: TcpStream, state: &Mutex<State>) {
    let Some(super::http::Request {
        method,
        target,
        body,
        ..
    }) = super::http::read(&stream)
    else {
        return;
    };
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let q = params(query);
    let mut st = state.lock().unwrap();
    let signed = q.get("X-Amz-Algorithm").map(String::as_str) == Some("AWS4-HMAC-SHA256")
        && q.get("X-Amz-Credential").is_some_and(|c| {
            c.starts_with(&format!("{ACCESS_KEY}/")) && c.ends_with("/s3/aws4_request")
        })
        && q.get("X-Amz-Signature").is_some_and(|s| s.len() == 64)
        && q.get("X-Amz-SignedHeaders").map(String::as_str) == Some("host");
    if !signed || st.refuse {
        return xml_error(
            &mut stream,
            403,
            if st.refuse {
                "SignatureDoesNotMatch"
            } else {
                "AccessDenied"
            },
        );
    }
    let Some(key) = path.strip_prefix(&format!("/{BUCKET}/")) else {
        return xml_error(&mut stream, 404, "NoSuchBucket");
    };
    let key = key.to_string();
    match method.as_str() {
        "PUT" => {
            st.puts += 1;
            st.objects.insert(key, body);
            send(&mut stream, 200, &[("ETag", "\"fake\"".into())], "");
        }
        "GET" => {
            st.gets += 1;
            match st.objects.get(&key) {
                Some(bytes) => {
                    let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nContent-Type: image/jpeg\r\nConnection: close\r\n\r\n", bytes.len());
                    let _ = stream.write_all(head.as_bytes());
                    let _ = stream.write_all(bytes);
                }
                None => xml_error(&mut stream, 404, "NoSuchKey"),
            }
        }
        "DELETE" => {
            st.deletes += 1;
            st.objects.remove(&key);
            send(&mut stream, 204, &[], "");
        }
        _ => xml_error(&mut stream, 405, "MethodNotAllowed"),
    }
}
