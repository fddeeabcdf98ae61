//! What every platform client shares: one blocking HTTP client with Tsunagu's timeouts and
//! user agent, the server's base address, and the platform's rate-limit headers normalised
//! into one state that the runner reads after each job.

use super::Failure;
use super::{FailureKind, Problem};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A platform's rate-limit headers, normalised: requests left in the window and when it resets
/// (Unix milliseconds: Mastodon says it to the microsecond, Bluesky and X to the second).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateState {
    /// Requests left, when the platform said.
    pub remaining: Option<i64>,
    /// When the window resets (Unix milliseconds), when the platform said.
    pub reset_ms: Option<i64>,
}

impl RateState {
    /// Until when (Unix milliseconds) this account should send nothing more, if it is out of
    /// requests.
    pub fn blocked_until(&self) -> Option<i64> {
        (self.remaining == Some(0))
            .then_some(self.reset_ms)
            .flatten()
    }
}

/// An HTTP client for one server; clones share the connection pool and the rate state.
#[derive(Debug, Clone)]
pub struct Http {
    /// The server, without a trailing slash.
    pub base: String,
    /// The client.
    pub client: reqwest::blocking::Client,
    rate: Arc<Mutex<RateState>>,
}

/// How long one request may take: 30 s, or `TSUNAGU_HTTP_TIMEOUT_SECS` (1–300) for a slow
/// network or a test that needs a timeout to happen quickly.
fn timeout() -> Duration {
    std::env::var("TSUNAGU_HTTP_TIMEOUT_SECS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| (1..=300).contains(s))
        .map_or(Duration::from_secs(30), Duration::from_secs)
}

impl Http {
    /// A client for the server at `base`.
    pub fn new(base: &str) -> Result<Self, Failure> {
        let client = reqwest::blocking::Client::builder()
            .timeout(timeout())
            .connect_timeout(Duration::from_secs(10))
            .user_agent(concat!("Tsunagu/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| {
                Failure::Permanent(Problem::new(
                    FailureKind::Other,
                    format!("the HTTP client could not start: {e}"),
                ))
            })?;
        Ok(Self {
            base: base.trim_end_matches('/').to_string(),
            client,
            rate: Arc::default(),
        })
    }

    /// Sends a request to `who` ("Bluesky", "X", …). For a write, any failure after the
    /// connection was made may have come after the server acted, so the outcome is unknown
    /// (to be reconciled), not failed; a connection that never opened is only transient.
    pub fn send(
        req: reqwest::blocking::RequestBuilder,
        writes: bool,
        who: &str,
    ) -> Result<reqwest::blocking::Response, Failure> {
        req.send().map_err(|e| {
            // The address may carry a token as a query parameter (Meta's refresh calls): it is
            // never part of a message that could reach a job, a log or the screen.
            let e = e.without_url();
            if writes && !e.is_connect() {
                Failure::Unknown(Problem::new(
                    FailureKind::Unreachable,
                    format!("the connection ended before {who} answered ({e})"),
                ))
            } else {
                Failure::Transient(Problem::new(
                    FailureKind::Unreachable,
                    format!("{who} could not be reached ({e})"),
                ))
            }
        })
    }

    /// The rate-limit state from the last response that carried one.
    pub fn rate(&self) -> RateState {
        self.rate.lock().map(|r| *r).unwrap_or_default()
    }

    /// Records a response's rate-limit headers, when it had any.
    pub fn note_rate(&self, remaining: Option<i64>, reset_ms: Option<i64>) {
        if remaining.is_some() || reset_ms.is_some() {
            if let Ok(mut r) = self.rate.lock() {
                *r = RateState {
                    remaining,
                    reset_ms,
                };
            }
        }
    }
}
