//! The listener behind the phone page.
//!
//! It binds to one address the lead chose (a private, link-local or loopback address: never
//! every interface, never a public one), for a limited time, and answers only what the page
//! needs: the form for a valid code, the sending, and the page's script. Everything else is a
//! plain "no such page" that says nothing about what exists. A request whose `Host` is not the
//! address itself is refused (a web page elsewhere cannot reach the listener through a name it
//! controls), and a sending posted from another origin is refused. When the time ends the
//! workers stop and the socket is closed with them.

use super::page::{self, Lang};
use super::{receive, Door, Photo, Refusal, Submission, MAX_BODY};
use crate::error::{Error, Result};
use crate::ids::{PersonId, RowId};
use crate::model::Appearance;
use std::io::Read;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The port the intake uses unless told otherwise (a printed sheet keeps working from one
/// day to the next only if the address and port stay the same).
pub const DEFAULT_PORT: u16 = 8787;
/// The longest an intake stays open, in minutes (a working day).
pub const MAX_MINUTES: u32 = 12 * 60;
/// Requests handled at once.
const WORKERS: usize = 4;

/// Whether the intake may listen on `ip`: loopback, a private network (10/8, 172.16/12,
/// 192.168/16, fc00::/7) or link-local; never every interface, never a public address.
pub fn allowed_bind(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback() || v4.is_private() || v4.is_link_local(),
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            v6.is_loopback() || (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80
        }
    }
}

/// This computer's addresses the intake could listen on: the one its network traffic leaves
/// from (found without sending anything), then the loopback for trying it on this computer.
pub fn local_addresses() -> Vec<IpAddr> {
    let mut out = Vec::new();
    if let Ok(sock) = std::net::UdpSocket::bind("0.0.0.0:0") {
        // Connecting a UDP socket only picks a route; no packet is sent.
        if sock.connect("192.0.2.1:9").is_ok() {
            if let Ok(a) = sock.local_addr() {
                if allowed_bind(a.ip()) && !a.ip().is_loopback() {
                    out.push(a.ip());
                }
            }
        }
    }
    out.push(IpAddr::from([127, 0, 0, 1]));
    out
}

/// How to open the intake.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port (0: any free one).
    pub port: u16,
    /// How long it stays open.
    pub minutes: u32,
}

/// An open intake; it closes by itself when its time ends, or when closed.
pub struct Intake {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    deadline: Instant,
    workers: Vec<JoinHandle<()>>,
}

impl std::fmt::Debug for Intake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Intake").field("addr", &self.addr).finish_non_exhaustive()
    }
}

impl Intake {
    /// Opens the listener on `opts.bind`; the workspace is reached through `door`.
    pub fn open(door: Arc<dyn Door>, opts: Options) -> Result<Intake> {
        if !allowed_bind(opts.bind) {
            return Err(Error::invalid(
                "bind",
                format!(
                    "{} is not an address of the office network. Choose this computer's private address (such as 192.168.x.x or 10.x.x.x), or 127.0.0.1 to try it on this computer.",
                    opts.bind
                ),
            ));
        }
        if opts.minutes == 0 || opts.minutes > MAX_MINUTES {
            return Err(Error::invalid(
                "minutes",
                format!("Keep the intake open from 1 to {MAX_MINUTES} minutes."),
            ));
        }
        let server = tiny_http::Server::http(SocketAddr::new(opts.bind, opts.port)).map_err(|e| {
            Error::invalid(
                "port",
                format!(
                    "Port {} on {} cannot be opened ({e}). Another program may use it; choose another port, or close that program.",
                    opts.port, opts.bind
                ),
            )
        })?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| Error::invalid("bind", "The listener has no network address."))?;
        let server = Arc::new(server);
        let stop = Arc::new(AtomicBool::new(false));
        let deadline = Instant::now() + Duration::from_secs(u64::from(opts.minutes) * 60);
        let host = addr.to_string();
        let workers = (0..WORKERS)
            .map(|_| {
                let (server, stop, door, host) =
                    (Arc::clone(&server), Arc::clone(&stop), Arc::clone(&door), host.clone());
                std::thread::spawn(move || {
                    while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
                        match server.recv_timeout(Duration::from_millis(200)) {
                            Ok(Some(req)) => handle(door.as_ref(), &host, req),
                            Ok(None) => {}
                            Err(_) => break,
                        }
                    }
                })
            })
            .collect();
        // The workers hold the only handles to the server: when the last one stops, the
        // socket closes.
        drop(server);
        Ok(Intake {
            addr,
            stop,
            deadline,
            workers,
        })
    }

    /// `http://address:port`.
    pub fn address(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The phone page's address for `token`.
    pub fn url(&self, token: &str) -> String {
        format!("{}/p/{token}", self.address())
    }

    /// Whether it still listens.
    pub fn is_open(&self) -> bool {
        !self.stop.load(Ordering::Relaxed)
            && Instant::now() < self.deadline
            && self.workers.iter().any(|w| !w.is_finished())
    }

    /// Seconds until it closes by itself.
    pub fn seconds_left(&self) -> u64 {
        self.deadline.saturating_duration_since(Instant::now()).as_secs()
    }

    /// Closes it now and waits until the socket is closed.
    pub fn close(mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
    }

    /// Serves until its time ends (or it is closed from elsewhere).
    pub fn wait(mut self) {
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
    }
}

impl Drop for Intake {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn header<'r>(req: &'r tiny_http::Request, name: &str) -> Option<&'r str> {
    req.headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn respond(req: tiny_http::Request, status: u16, content_type: &str, body: Vec<u8>) {
    let mut r = tiny_http::Response::from_data(body).with_status_code(status);
    for (k, v) in [
        ("Content-Type", content_type),
        ("Cache-Control", "no-store"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        (
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' blob: data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    ] {
        if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            r.add_header(h);
        }
    }
    let _ = req.respond(r);
}

const HTML: &str = "text/html; charset=utf-8";

fn handle(door: &dyn Door, host: &str, mut req: tiny_http::Request) {
    let lang = Lang::from_accept(header(&req, "Accept-Language"));
    // Only the address itself: a name that points here from elsewhere gets nothing.
    if header(&req, "Host") != Some(host) {
        let page = page::refusal_page(lang, None, Refusal::CrossSite);
        return respond(req, 403, HTML, page.into_bytes());
    }
    let path = req.url().split(['?', '#']).next().unwrap_or("").to_string();
    let token = path
        .strip_prefix("/p/")
        .filter(|t| super::tokens::well_formed(t))
        .map(str::to_string);
    match (req.method(), path.as_str(), token) {
        (tiny_http::Method::Get, "/phone.js", _) => {
            respond(req, 200, "text/javascript; charset=utf-8", page::SCRIPT.as_bytes().to_vec())
        }
        (tiny_http::Method::Get, _, Some(token)) => match super::page_for(door, &token) {
            Ok(form) => respond(req, 200, HTML, page::form_page(lang, &token, &form).into_bytes()),
            Err(r) => respond(req, r.status(), HTML, page::refusal_page(lang, None, r).into_bytes()),
        },
        (tiny_http::Method::Post, _, Some(token)) => {
            let outcome = post(door, host, &mut req, &token);
            match outcome {
                Ok(receipt) => respond(req, 200, HTML, page::thanks_page(lang, &token, &receipt).into_bytes()),
                Err(r) => respond(req, r.status(), HTML, page::refusal_page(lang, Some(&token), r).into_bytes()),
            }
        }
        _ => respond(req, 404, HTML, page::not_found_page(lang).into_bytes()),
    }
}

fn cross_site(req: &tiny_http::Request, host: &str) -> bool {
    let origin_ok = match header(req, "Origin") {
        None => true,
        Some(o) => o == format!("http://{host}"),
    };
    let fetch_ok = match header(req, "Sec-Fetch-Site") {
        None => true,
        Some(s) => s.eq_ignore_ascii_case("same-origin") || s.eq_ignore_ascii_case("none"),
    };
    !(origin_ok && fetch_ok)
}

fn post(
    door: &dyn Door,
    host: &str,
    req: &mut tiny_http::Request,
    token: &str,
) -> std::result::Result<super::Receipt, Refusal> {
    if cross_site(req, host) {
        return Err(Refusal::CrossSite);
    }
    // A code that does not open the page gets nothing read.
    super::page_for(door, token)?;
    match req.body_length() {
        Some(n) if n as u64 > MAX_BODY => return Err(Refusal::TooLarge),
        Some(_) => {}
        None => return Err(Refusal::BadForm),
    }
    let boundary = header(req, "Content-Type")
        .and_then(super::multipart::boundary)
        .ok_or(Refusal::BadForm)?;
    let mut body = Vec::new();
    req.as_reader()
        .take(MAX_BODY + 1)
        .read_to_end(&mut body)
        .map_err(|_| Refusal::BadForm)?;
    if body.len() as u64 > MAX_BODY {
        return Err(Refusal::TooLarge);
    }
    let parts = super::multipart::parse(&body, &boundary).ok_or(Refusal::BadForm)?;
    drop(body);
    let mut s = Submission {
        person: None,
        request: None,
        appearance: None,
        comment: String::new(),
        photos: Vec::new(),
    };
    for p in parts {
        let text = || String::from_utf8(p.data.clone()).map_err(|_| Refusal::BadForm);
        match p.name.as_str() {
            "photos" => {
                if !p.data.is_empty() {
                    s.photos.push(Photo {
                        name: p.file_name.clone().unwrap_or_default(),
                        bytes: p.data,
                    });
                }
            }
            "comment" => s.comment = text()?,
            "appearance" => s.appearance = Some(Appearance::parse(text()?.trim()).ok_or(Refusal::BadForm)?),
            "person" => {
                let t = text()?;
                if !t.trim().is_empty() {
                    s.person = Some(PersonId::parse(t.trim()).ok_or(Refusal::NotAsked)?);
                }
            }
            "request" => {
                let t = text()?;
                if !t.trim().is_empty() {
                    s.request = Some(RowId::parse(t.trim()).ok_or(Refusal::NotAsked)?);
                }
            }
            _ => {}
        }
    }
    receive(door, token, s)
}
