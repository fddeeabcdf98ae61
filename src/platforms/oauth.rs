//! What the OAuth sign-ins share: PKCE (RFC 7636), the loopback listener that receives the
//! browser's redirect on 127.0.0.1, and percent-encoding of query values. Mastodon, X and
//! LinkedIn all sign in this way.

use super::{Failure, FailureKind, Problem};
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Read as _, Write};
use std::net::TcpListener;
use std::time::Duration;

/// How long the sign-in listener waits for one request line before dropping the caller.
const LOOPBACK_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest request line the sign-in listener reads (a browser's is far shorter).
const LOOPBACK_MAX_LINE: u64 = 8 * 1024;

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

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
pub fn percent(s: &str) -> String {
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
