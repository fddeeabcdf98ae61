//! The little HTTP/1.1 the phone page needs, over the standard library's sockets so that every
//! limit is ours: one request per connection, headers of at most 16 KB, a body only with a
//! declared length (a form is refused from that length, before it is read), and a lingering
//! close so a refusal's page reaches the phone.

use super::Refusal;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// The largest header block.
const MAX_HEAD: usize = 16 * 1024;

/// A request as read from a connection: its line, its headers, and the body still unread.
pub(super) struct Request {
    pub(super) method: String,
    pub(super) path: String,
    headers: Vec<(String, String)>,
    pub(super) reader: BufReader<TcpStream>,
}

impl Request {
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub(super) fn body_length(&self) -> Option<u64> {
        self.header("Content-Length")
            .and_then(|v| v.trim().parse().ok())
    }
}

pub(super) fn read_request(conn: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(conn.try_clone().ok()?);
    let mut head = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = (&mut reader)
            .take(MAX_HEAD as u64)
            .read_until(b'\n', &mut line)
            .ok()?;
        if n == 0 {
            return None;
        }
        head.extend_from_slice(&line);
        if head.len() > MAX_HEAD {
            return None;
        }
        if line == b"\r\n" || line == b"\n" {
            break;
        }
    }
    let text = std::str::from_utf8(&head).ok()?;
    let mut lines = text.lines();
    let mut first = lines.next()?.split(' ');
    let (method, target) = (first.next()?.to_string(), first.next()?.to_string());
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let path = target.split(['?', '#']).next().unwrap_or("").to_string();
    Some(Request {
        method,
        path,
        headers,
        reader,
    })
}

pub(super) fn respond(conn: &mut TcpStream, status: u16, content_type: &str, body: &[u8]) {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        _ => "Internal Server Error",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\nReferrer-Policy: same-origin\r\nX-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nContent-Security-Policy: default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' blob: data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'\r\n\r\n",
        body.len()
    );
    let _ = conn.write_all(head.as_bytes());
    let _ = conn.write_all(body);
    let _ = conn.flush();
    let _ = conn.shutdown(std::net::Shutdown::Write);
    // What the phone still sends (a refused body) is read and dropped for a moment before
    // closing: closing with unread data would reset the connection and could lose the page
    // that explains the refusal.
    let _ = conn.set_read_timeout(Some(Duration::from_secs(2)));
    let mut sink = [0u8; 16 * 1024];
    let mut drained = 0usize;
    while drained < 4 * 1024 * 1024 {
        match conn.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

pub(super) fn cross_site(req: &Request, host: &str) -> bool {
    let origin_ok = match req.header("Origin") {
        None => true,
        Some(o) => o == format!("http://{host}"),
    };
    let fetch_ok = match req.header("Sec-Fetch-Site") {
        None => true,
        Some(s) => s.eq_ignore_ascii_case("same-origin") || s.eq_ignore_ascii_case("none"),
    };
    !(origin_ok && fetch_ok)
}

/// Reads a multipart form of at most `max` bytes, refused from its declared length first.
pub(super) fn read_form(
    req: &mut Request,
    max: u64,
) -> std::result::Result<Vec<super::multipart::Part>, Refusal> {
    let length = match req.body_length() {
        Some(n) if n > max => return Err(Refusal::TooLarge),
        Some(n) => n,
        None => return Err(Refusal::BadForm),
    };
    let boundary = req
        .header("Content-Type")
        .and_then(super::multipart::boundary)
        .ok_or(Refusal::BadForm)?;
    let mut body = Vec::new();
    (&mut req.reader)
        .take(length)
        .read_to_end(&mut body)
        .map_err(|_| Refusal::BadForm)?;
    if body.len() as u64 != length {
        return Err(Refusal::BadForm);
    }
    super::multipart::parse(&body, &boundary).ok_or(Refusal::BadForm)
}
