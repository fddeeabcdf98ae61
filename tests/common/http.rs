//! The bit of HTTP/1.1 the fake servers need: read one request from a connection.
#![allow(dead_code, clippy::unwrap_used)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::net::TcpStream;

/// One request.
pub struct Request {
    pub method: String,
    pub target: String,
    /// Header names in lower case.
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

/// Reads a request; `None` when the connection closed first.
pub fn read(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() || line.is_empty() {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).is_err() || h == "\r\n" || h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    let _ = reader.read_exact(&mut body);
    Some(Request {
        method,
        target,
        headers,
        body,
    })
}

/// Serves `handle` on a free port of 127.0.0.1, one thread per connection, sharing `state`;
/// returns the base address and the state.
pub fn serve<S: Send + 'static>(
    state: S,
    handle: fn(TcpStream, &std::sync::Mutex<S>),
) -> (String, std::sync::Arc<std::sync::Mutex<S>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let state = std::sync::Arc::new(std::sync::Mutex::new(state));
    let shared = std::sync::Arc::clone(&state);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let s = std::sync::Arc::clone(&shared);
            std::thread::spawn(move || handle(stream, &s));
        }
    });
    (url, state)
}
