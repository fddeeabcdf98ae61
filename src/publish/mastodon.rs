//! Mastodon: per-instance app registration, OAuth with PKCE on a loopback redirect, statuses
//! with an `Idempotency-Key`, image uploads.
//!
//! Exactly once: every job sends the same `Idempotency-Key` on every attempt; the server
//! remembers it for an hour and answers a repeat with the status it already created (see
//! `shared/platforms/mastodon.md` §8), so an attempt whose outcome is unknown is simply sent
//! again with the same key. Tokens do not expire; a 401 means the account must be reconnected.
//! Rate limits come as `X-RateLimit-Remaining` and an ISO 8601 `X-RateLimit-Reset`.

use super::http::{Http, RateState};
use super::{Failure, Remote};
use crate::publish::{FailureKind, Problem};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Read as _, Write};
use std::net::TcpListener;
use std::time::Duration;

/// What an instance gave this install when it registered. Its `Debug` leaves the secret out.
#[derive(Clone, PartialEq, Eq)]
pub struct App {
    /// The client id.
    pub client_id: String,
    /// The client secret (kept in the keychain).
    pub client_secret: String,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

/// How long the sign-in listener waits for one request line before dropping the caller.
const LOOPBACK_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest request line the sign-in listener reads (a browser's is far shorter).
const LOOPBACK_MAX_LINE: u64 = 8 * 1024;

/// A client for one instance.
#[derive(Debug, Clone)]
pub struct Client {
    http: Http,
}

/// The scopes Tsunagu asks for: post, upload, and read back counts.
pub const SCOPES: &str = "read:statuses read:accounts write:statuses write:media";

/// Base64url without padding (RFC 7636).
fn b64url(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 2);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// A PKCE verifier and its S256 challenge.
pub fn pkce() -> (String, String) {
    let verifier = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let challenge = b64url(&Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

fn text_of(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

impl Client {
    /// A client for the instance at `base`, e.g. `https://mastodon.social`.
    pub fn new(base: &str) -> Result<Self, Failure> {
        Ok(Self {
            http: Http::new(base)?,
        })
    }

    /// The rate-limit state from the last response that carried one.
    pub fn rate(&self) -> RateState {
        self.http.rate()
    }

    fn call(&self, req: reqwest::blocking::RequestBuilder, writes: bool) -> Result<Value, Failure> {
        let resp = Http::send(req, writes, "the Mastodon server")?;
        let status = resp.status();
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let remaining = header("x-ratelimit-remaining").and_then(|v| v.parse::<i64>().ok());
        let reset = header("x-ratelimit-reset")
            .and_then(|v| chrono::DateTime::parse_from_rfc3339(&v).ok())
            .map(|t| t.timestamp_millis());
        self.http.note_rate(remaining, reset);
        let body: Value = resp.json().unwrap_or(Value::Null);
        if status.is_success() {
            return Ok(body);
        }
        let said = text_of(&body, "error");
        Err(match status.as_u16() {
            401 | 403 => Failure::Permanent(Problem::new(FailureKind::Reconnect, format!(
                "The Mastodon server refused the account's access ({said}). Reconnect the account."
            ))),
            422 => Failure::Permanent(Problem::new(FailureKind::Refused, format!("The Mastodon server refused the post: {said}"))),
            404 => Failure::Permanent(Problem::new(FailureKind::Refused, format!("The Mastodon server does not know this ({said})."))),
            429 => Failure::RateLimited {
                until_ms: reset,
                reason: Problem::new(FailureKind::RateLimited, format!("the Mastodon server's rate limit was reached ({said})")),
            },
            s if s >= 500 && writes => Failure::Unknown(Problem::new(FailureKind::ServerError, format!(
                "the Mastodon server had an error {s} while writing ({said}); the post may have arrived"
            ))),
            s if s >= 500 => {
                Failure::Transient(Problem::new(FailureKind::ServerError, format!("the Mastodon server had an error {s} ({said})")))
            }
            s => Failure::Permanent(Problem::new(FailureKind::Refused, format!(
                "the Mastodon server refused the request ({s} {said})"
            ))),
        }
        .with_status(status.as_u16()))
    }

    /// Registers Tsunagu on this instance with a loopback redirect.
    pub fn register_app(&self, redirect_uri: &str) -> Result<App, Failure> {
        let v = self.call(
            self.http
                .client
                .post(format!("{}/api/v1/apps", self.http.base))
                .json(&json!({
                    "client_name": "Tsunagu",
                    "redirect_uris": redirect_uri,
                    "scopes": SCOPES,
                    "website": "https://tsunagu.invalid",
                })),
            false,
        )?;
        Ok(App {
            client_id: text_of(&v, "client_id"),
            client_secret: text_of(&v, "client_secret"),
        })
    }

    /// Where the user approves access in their browser.
    pub fn authorize_url(
        &self,
        app: &App,
        redirect_uri: &str,
        state: &str,
        challenge: &str,
    ) -> String {
        let q = [
            ("response_type", "code"),
            ("client_id", app.client_id.as_str()),
            ("redirect_uri", redirect_uri),
            ("scope", SCOPES),
            ("state", state),
            ("code_challenge", challenge),
            ("code_challenge_method", "S256"),
        ];
        let query: Vec<String> = q
            .iter()
            .map(|(k, v)| format!("{k}={}", percent(v)))
            .collect();
        format!("{}/oauth/authorize?{}", self.http.base, query.join("&"))
    }

    /// Trades the authorization code for an access token.
    pub fn exchange(
        &self,
        app: &App,
        code: &str,
        redirect_uri: &str,
        verifier: &str,
    ) -> Result<String, Failure> {
        let v = self.call(
            self.http
                .client
                .post(format!("{}/oauth/token", self.http.base))
                .form(&[
                    ("grant_type", "authorization_code"),
                    ("code", code),
                    ("client_id", &app.client_id),
                    ("client_secret", &app.client_secret),
                    ("redirect_uri", redirect_uri),
                    ("code_verifier", verifier),
                    ("scope", SCOPES),
                ]),
            false,
        )?;
        let token = text_of(&v, "access_token");
        if token.is_empty() {
            return Err(Failure::Permanent(Problem::new(
                FailureKind::StrangeAnswer,
                "The server did not return an access token.".into(),
            )));
        }
        Ok(token)
    }

    /// The account behind a token: (id, acct).
    pub fn verify(&self, token: &str) -> Result<(String, String), Failure> {
        let v = self.call(
            self.http
                .client
                .get(format!(
                    "{}/api/v1/accounts/verify_credentials",
                    self.http.base
                ))
                .bearer_auth(token),
            false,
        )?;
        Ok((text_of(&v, "id"), text_of(&v, "acct")))
    }

    /// Uploads an image with its alt text; returns the attachment id.
    pub fn upload(
        &self,
        token: &str,
        bytes: Vec<u8>,
        mime: &str,
        alt: &str,
    ) -> Result<String, Failure> {
        let part = reqwest::blocking::multipart::Part::bytes(bytes)
            .file_name("image")
            .mime_str(mime)
            .map_err(|e| {
                Failure::Permanent(Problem::new(
                    FailureKind::Image,
                    format!("the image type is not accepted ({e})"),
                ))
            })?;
        let form = reqwest::blocking::multipart::Form::new()
            .part("file", part)
            .text("description", alt.to_string());
        let v = self.call(
            self.http
                .client
                .post(format!("{}/api/v2/media", self.http.base))
                .bearer_auth(token)
                .multipart(form),
            false,
        )?;
        Ok(text_of(&v, "id"))
    }

    /// Posts a status; every retry of the same job sends the same `key`.
    pub fn post(
        &self,
        token: &str,
        key: &str,
        text: &str,
        media: &[String],
    ) -> Result<Remote, Failure> {
        let v = self.call(
            self.http.client
                .post(format!("{}/api/v1/statuses", self.http.base))
                .bearer_auth(token)
                .header("Idempotency-Key", key)
                .json(&json!({ "status": text, "visibility": "public", "language": "ja", "media_ids": media })),
            true,
        )?;
        let id = text_of(&v, "id");
        if id.is_empty() {
            return Err(Failure::Unknown(Problem::new(
                FailureKind::StrangeAnswer,
                "the server answered without the post's id".into(),
            )));
        }
        let url = text_of(&v, "url");
        Ok(Remote::live(id, (!url.is_empty()).then_some(url)))
    }
}

impl Client {
    /// A status's counters (`quotes_count` only from Mastodon 4.5; no impressions exist).
    pub fn counts(&self, token: &str, id: &str) -> Result<super::metrics::Counts, Failure> {
        let v = self.call(
            self.http
                .client
                .get(format!(
                    "{}/api/v1/statuses/{}",
                    self.http.base,
                    percent(id)
                ))
                .bearer_auth(token),
            false,
        )?;
        let count = |k: &str| v.get(k).and_then(Value::as_i64);
        Ok(super::metrics::Counts {
            likes: count("favourites_count"),
            reposts: count("reblogs_count"),
            replies: count("replies_count"),
            quotes: count("quotes_count"),
            impressions: None,
        })
    }

    /// Deletes a status (a status already gone counts as deleted).
    pub fn delete(&self, token: &str, id: &str) -> Result<(), Failure> {
        match self.call(
            self.http
                .client
                .delete(format!(
                    "{}/api/v1/statuses/{}",
                    self.http.base,
                    percent(id)
                ))
                .bearer_auth(token),
            true,
        ) {
            Ok(_) => Ok(()),
            Err(Failure::Permanent(m)) if m.status == Some(404) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
pub(super) fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The loopback end of the OAuth flow: listens on 127.0.0.1 on a free port.
pub struct Loopback {
    listener: TcpListener,
    /// The redirect URI to register and send.
    pub redirect_uri: String,
}

impl Loopback {
    /// Starts listening on a free port.
    pub fn start() -> Result<Self, Failure> {
        Self::on_port(0)
    }

    /// Starts listening on `port`: platforms that match the redirect URI exactly (X) need the
    /// port registered with the app.
    pub fn on_port(port: u16) -> Result<Self, Failure> {
        let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
            Failure::Permanent(Problem::new(FailureKind::Other, format!(
                "the local port {port} for the sign-in could not be opened ({e}); close what uses it or register another port with the app"
            )))
        })?;
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
        Ok(Self {
            listener,
            redirect_uri: format!("http://127.0.0.1:{port}/callback"),
        })
    }

    /// Waits (at most `timeout`) for the browser to come back; returns the code if `state`
    /// matches. The browser gets a short page saying it can be closed.
    pub fn wait(&self, state: &str, timeout: Duration) -> Result<String, Failure> {
        self.listener
            .set_nonblocking(true)
            .map_err(|e| Failure::Permanent(Problem::new(FailureKind::Other, e.to_string())))?;
        let until = std::time::Instant::now() + timeout;
        loop {
            match self.listener.accept() {
                Ok((mut stream, _)) => {
                    let _ = stream.set_nonblocking(false);
                    // A caller that never finishes its request line, or sends an endless one,
                    // must not hold the sign-in: a read timeout and a size cap.
                    let _ = stream.set_read_timeout(Some(LOOPBACK_READ_TIMEOUT));
                    let mut line = String::new();
                    let _ = BufReader::new((&stream).take(LOOPBACK_MAX_LINE)).read_line(&mut line);
                    let target = line.split_whitespace().nth(1).unwrap_or("");
                    let query = target.split_once('?').map(|(_, q)| q).unwrap_or("");
                    let get = |k: &str| {
                        query
                            .split('&')
                            .find_map(|kv| kv.strip_prefix(&format!("{k}=")))
                            .map(str::to_string)
                    };
                    let ok = get("state").as_deref() == Some(state) && get("code").is_some();
                    let page = if ok {
                        "<!doctype html><meta charset=utf-8><title>Tsunagu</title><p>接続できました。このタブを閉じて Tsunagu に戻ってください。<br>Connected. You can close this tab and return to Tsunagu."
                    } else {
                        "<!doctype html><meta charset=utf-8><title>Tsunagu</title><p>接続できませんでした。Tsunagu でもう一度お試しください。<br>The sign-in did not complete; try again in Tsunagu."
                    };
                    let _ = write!(
                        stream,
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
                        page.len()
                    );
                    if let (true, Some(code)) = (ok, get("code")) {
                        return Ok(code);
                    }
                    // Only an answer that carries our `state` may end the sign-in: a stray
                    // `?error=` from another page or program is answered and ignored.
                    if get("error").is_some() && get("state").as_deref() == Some(state) {
                        return Err(Failure::Permanent(Problem::new(
                            FailureKind::Other,
                            "Access was not granted in the browser.".into(),
                        )));
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    if std::time::Instant::now() > until {
                        return Err(Failure::Permanent(Problem::new(
                            FailureKind::Other,
                            "The browser did not come back within the time allowed; connect again."
                                .into(),
                        )));
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(e) => {
                    return Err(Failure::Permanent(Problem::new(
                        FailureKind::Other,
                        format!("the sign-in listener failed ({e})"),
                    )))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_challenges_follow_rfc_7636() {
        // RFC 7636 appendix B.
        let challenge = b64url(&Sha256::digest(
            b"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        ));
        assert_eq!(challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        let (v, c) = pkce();
        assert_eq!(v.len(), 64);
        assert_eq!(c.len(), 43);
    }

    #[test]
    fn the_sign_in_listener_survives_a_silent_caller_a_flood_and_a_stray_error() {
        use std::net::TcpStream;
        let lb = Loopback::start().unwrap();
        let addr = lb.redirect_uri["http://".len()..]
            .split('/')
            .next()
            .unwrap()
            .to_string();
        let a = addr.clone();
        let t = std::thread::spawn(move || {
            // A caller that connects and says nothing (it would block a listener without a
            // read timeout), one that sends an endless line, one with another state's error.
            let _silent = TcpStream::connect(&a).unwrap();
            let mut flood = TcpStream::connect(&a).unwrap();
            let _ = flood.write_all(&vec![b'A'; 64 * 1024]);
            let mut stray = TcpStream::connect(&a).unwrap();
            stray
                .write_all(b"GET /callback?error=access_denied&state=other HTTP/1.1\r\n\r\n")
                .unwrap();
            let mut ok = TcpStream::connect(&a).unwrap();
            ok.write_all(b"GET /callback?code=abc&state=s1 HTTP/1.1\r\n\r\n")
                .unwrap();
            std::thread::sleep(Duration::from_secs(12));
        });
        let code = lb.wait("s1", Duration::from_secs(30)).unwrap();
        assert_eq!(code, "abc");
        drop(t);
    }
}
