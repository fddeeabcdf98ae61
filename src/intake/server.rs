//! The listener behind the phone page.
//!
//! It binds to one address the lead chose (a private, link-local or loopback address: never
//! every interface, never a public one), for a limited time, and answers only what the page
//! needs: the form for a valid code, the sending, and the page's script. Everything else is a
//! plain "no such page" that says nothing about what exists. A request whose `Host` is not the
//! address itself is refused (a web page elsewhere cannot reach the listener through a name it
//! controls), and a sending posted from another origin is refused. When the time ends the
//! listening socket is closed. The HTTP it speaks, and its limits, are in `super::http`; a
//! cap on connections served at once and a read timeout are here.

use super::http::{cross_site, read_form, read_request, respond, Request};
use super::page::{self, Lang};
use super::{receive, Door, Photo, Refusal, Submission, MAX_BODY};
use crate::error::{Error, Result};
use crate::ids::{PersonId, RowId};
use crate::model::Appearance;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The port the intake uses unless told otherwise (a printed sheet keeps working from one
/// day to the next only if the address and port stay the same).
pub const DEFAULT_PORT: u16 = 8787;
/// The longest an intake stays open, in minutes (a working day).
pub const MAX_MINUTES: u32 = 12 * 60;

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
    /// How long it stays open (at most [`MAX_MINUTES`]).
    pub open_for: Duration,
}

impl Options {
    /// Listening on `bind`:`port` for `minutes`.
    pub fn minutes(bind: IpAddr, port: u16, minutes: u32) -> Options {
        Options {
            bind,
            port,
            open_for: Duration::from_secs(u64::from(minutes) * 60),
        }
    }
}

/// An open intake; it closes by itself when its time ends, or when closed.
pub struct Intake {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    deadline: Instant,
    acceptor: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Intake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Intake")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// Connections served at once; more wait their turn.
const MAX_CONNECTIONS: usize = 64;
/// How long a connection may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(30);

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
        if opts.open_for.is_zero()
            || opts.open_for > Duration::from_secs(u64::from(MAX_MINUTES) * 60)
        {
            return Err(Error::invalid(
                "minutes",
                format!("Keep the intake open from 1 to {MAX_MINUTES} minutes."),
            ));
        }
        let listener = TcpListener::bind(SocketAddr::new(opts.bind, opts.port)).map_err(|e| {
            Error::invalid(
                "port",
                format!(
                    "Port {} on {} cannot be opened ({e}). Another program may use it; choose another port, or close that program.",
                    opts.port, opts.bind
                ),
            )
        })?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::io("listen", "intake", e))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::io("listen", "intake", e))?;
        let stop = Arc::new(AtomicBool::new(false));
        let deadline = Instant::now() + opts.open_for;
        let acceptor = {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || accept(listener, door, addr.to_string(), stop, deadline))
        };
        Ok(Intake {
            addr,
            stop,
            deadline,
            acceptor: Some(acceptor),
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

    /// The handoff page's address for `token`.
    pub fn handoff_url(&self, token: &str) -> String {
        format!("{}/h/{token}", self.address())
    }

    /// Whether it still listens.
    pub fn is_open(&self) -> bool {
        !self.stop.load(Ordering::Relaxed)
            && Instant::now() < self.deadline
            && self.acceptor.as_ref().is_some_and(|a| !a.is_finished())
    }

    /// Seconds until it closes by itself.
    pub fn seconds_left(&self) -> u64 {
        self.deadline
            .saturating_duration_since(Instant::now())
            .as_secs()
    }

    /// Closes it now and waits until the socket is closed.
    pub fn close(mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(a) = self.acceptor.take() {
            let _ = a.join();
        }
    }

    /// Serves until its time ends (or it is closed from elsewhere).
    pub fn wait(mut self) {
        if let Some(a) = self.acceptor.take() {
            let _ = a.join();
        }
    }
}

impl Drop for Intake {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn accept(
    listener: TcpListener,
    door: Arc<dyn Door>,
    host: String,
    stop: Arc<AtomicBool>,
    deadline: Instant,
) {
    let busy = Arc::new(AtomicUsize::new(0));
    let mut handlers: Vec<JoinHandle<()>> = Vec::new();
    while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
        match listener.accept() {
            Ok((conn, _)) => {
                handlers.retain(|h| !h.is_finished());
                let _ = conn.set_nonblocking(false);
                // At the cap, this one waits for a free slot (and the rest in the system's
                // queue): a phone on a busy morning is slow, never turned away.
                while busy.load(Ordering::Acquire) >= MAX_CONNECTIONS && Instant::now() < deadline {
                    std::thread::sleep(Duration::from_millis(5));
                }
                busy.fetch_add(1, Ordering::AcqRel);
                let (door, host, busy) = (Arc::clone(&door), host.clone(), Arc::clone(&busy));
                handlers.push(std::thread::spawn(move || {
                    serve(door.as_ref(), &host, conn);
                    busy.fetch_sub(1, Ordering::AcqRel);
                }));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    // The socket closes here; sendings already being received finish.
    drop(listener);
    for h in handlers {
        let _ = h.join();
    }
}

const HTML: &str = "text/html; charset=utf-8";

fn serve(door: &dyn Door, host: &str, mut conn: TcpStream) {
    let _ = conn.set_read_timeout(Some(READ_TIMEOUT));
    let _ = conn.set_write_timeout(Some(READ_TIMEOUT));
    let Some(mut req) = read_request(&conn) else {
        return respond(&mut conn, 400, "text/plain", b"");
    };
    let lang = Lang::from_accept(req.header("Accept-Language"));
    // Only the address itself: a name that points here from elsewhere gets nothing.
    if req.header("Host") != Some(host) {
        let page = page::refusal_page(lang, None, Refusal::CrossSite);
        return respond(&mut conn, 403, HTML, page.as_bytes());
    }
    if let Some(rest) = req.path.clone().strip_prefix("/h/") {
        let (status, kind, body) = handoff_route(door, host, lang, &mut req, rest);
        return respond(&mut conn, status, &kind, &body);
    }
    let token = req
        .path
        .strip_prefix("/p/")
        .filter(|t| super::tokens::well_formed(t))
        .map(str::to_string);
    let (status, kind, body) = match (req.method.as_str(), req.path.as_str(), token) {
        ("GET", "/phone.js", _) => (
            200,
            "text/javascript; charset=utf-8",
            page::SCRIPT.to_string(),
        ),
        ("GET", _, Some(token)) => match super::page_for(door, &token) {
            Ok(form) => (200, HTML, page::form_page(lang, &token, &form)),
            Err(r) => (r.status(), HTML, page::refusal_page(lang, None, r)),
        },
        ("POST", _, Some(token)) => match post(door, host, &mut req, &token) {
            Ok(receipt) => (200, HTML, page::thanks_page(lang, &token, &receipt)),
            Err(r) => (r.status(), HTML, page::refusal_page(lang, Some(&token), r)),
        },
        _ => (404, HTML, page::not_found_page(lang)),
    };
    respond(&mut conn, status, kind, body.as_bytes());
}

/// The handoff pages: the kit, its images, and the address sent back.
fn handoff_route(
    door: &dyn Door,
    host: &str,
    lang: Lang,
    req: &mut Request,
    rest: &str,
) -> (u16, String, Vec<u8>) {
    use super::handoff;
    let mut segments = rest.split('/');
    let token = segments.next().unwrap_or("");
    if !super::tokens::well_formed(token) {
        return (404, HTML.into(), page::not_found_page(lang).into_bytes());
    }
    match (
        req.method.as_str(),
        segments.next(),
        segments.next(),
        segments.next(),
    ) {
        ("GET", None, _, _) => match handoff::kit_for(door, token) {
            Ok(kit) => (
                200,
                HTML.into(),
                handoff::kit_page(lang, token, &kit).into_bytes(),
            ),
            Err(s) => (
                s.status(),
                HTML.into(),
                handoff::shut_page(lang, token, s).into_bytes(),
            ),
        },
        ("GET", Some("img"), Some(n), None) => {
            match n
                .parse::<usize>()
                .ok()
                .and_then(|n| handoff::image(door, token, n))
            {
                Some((bytes, mime)) => (200, mime, bytes),
                None => (404, HTML.into(), page::not_found_page(lang).into_bytes()),
            }
        }
        ("POST", None, _, _) => {
            if cross_site(req, host) {
                let page = page::refusal_page(lang, None, Refusal::CrossSite);
                return (403, HTML.into(), page.into_bytes());
            }
            let parts = match read_form(req, 64 * 1024) {
                Ok(p) => p,
                Err(r) => {
                    return (
                        r.status(),
                        HTML.into(),
                        page::refusal_page(lang, None, r).into_bytes(),
                    )
                }
            };
            let field = |name: &str| {
                parts
                    .iter()
                    .find(|p| p.name == name)
                    .and_then(|p| std::str::from_utf8(&p.data).ok())
                    .unwrap_or("")
                    .to_string()
            };
            match handoff::record(door, token, &field("hash"), &field("url")) {
                Ok(kit) => (
                    200,
                    HTML.into(),
                    handoff::recorded_page(lang, &kit).into_bytes(),
                ),
                Err(s) => (
                    s.status(),
                    HTML.into(),
                    handoff::shut_page(lang, token, s).into_bytes(),
                ),
            }
        }
        _ => (404, HTML.into(), page::not_found_page(lang).into_bytes()),
    }
}

fn post(
    door: &dyn Door,
    host: &str,
    req: &mut Request,
    token: &str,
) -> std::result::Result<super::Receipt, Refusal> {
    if cross_site(req, host) {
        return Err(Refusal::CrossSite);
    }
    // A code that does not open the page gets nothing read.
    super::check_token(door, token)?;
    let parts = read_form(req, MAX_BODY)?;
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
            "photos" if !p.data.is_empty() => s.photos.push(Photo {
                name: p.file_name.clone().unwrap_or_default(),
                bytes: p.data,
            }),
            "comment" => s.comment = text()?,
            "appearance" => {
                s.appearance = Some(Appearance::parse(text()?.trim()).ok_or(Refusal::BadForm)?)
            }
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
