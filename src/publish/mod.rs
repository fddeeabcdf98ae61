//! Accounts, keychain credentials and the publishing engine.
//!
//! The complaints about schedulers are posts that silently fail, posts that go out twice and
//! tokens that die without warning. So: approving a scheduled post creates one durable job per
//! platform in the same transaction (`outbox`); a runner claims a job atomically before it
//! touches the network, records every attempt, and only marks a job published once the
//! platform returned the post's id. Failures are sorted into transient (retry with backoff and
//! jitter), rate-limited (wait for the reset), permanent (stop and say why) and unknown (the
//! request may have reached the platform: reconcile before anything else). Secrets stay in the
//! OS keychain (`secrets`).

pub mod accounts;
mod adapter;
pub mod blocked;
pub mod bluesky;
mod broker;
pub mod exit;
pub mod facebook;
pub mod graph;
mod handover;
pub mod http;
pub mod images;
pub mod linkedin;
mod lock;
pub mod mastodon;
pub mod media_host;
pub mod meta;
pub mod metrics;
pub mod outbox;
mod record;
mod runner;
pub mod secrets;
mod send;
pub mod tokens;
pub mod withdraw;
pub mod x;
pub mod x_account;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The platform's id (and public address, when there is one) of a published post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Remote {
    /// The platform's id (a Bluesky at:// URI, a Mastodon status id).
    pub id: String,
    /// Where people see it.
    pub url: Option<String>,
    /// Set when the platform holds the post to publish it itself at this time (Facebook's
    /// own scheduling), RFC 3339 UTC; `None` when it is live now.
    pub scheduled_at: Option<String>,
}

impl Remote {
    /// A post that is live now.
    pub fn live(id: impl Into<String>, url: Option<String>) -> Self {
        Self {
            id: id.into(),
            url,
            scheduled_at: None,
        }
    }
}

/// Why an attempt did not publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Worth retrying later (network, server errors).
    Transient(String),
    /// Wait until the platform's reset, then retry.
    RateLimited {
        /// When the limit resets (Unix milliseconds), if the platform said.
        until_ms: Option<i64>,
        /// In plain words.
        reason: String,
    },
    /// Retrying cannot help; a person must act.
    Permanent(String),
    /// The access token expired (refresh and repeat).
    Expired,
    /// The request may have reached the platform: find out before retrying.
    Unknown(String),
}

/// A keychain that cannot be read right now (locked, its service not running, access refused)
/// is temporary: the job waits and goes out once it is unlocked, and never becomes a permanent
/// failure. Any other error reading the secret needs a person.
pub(crate) fn keychain_failure(e: &crate::Error) -> Failure {
    match e {
        crate::Error::KeychainUnavailable(why) => Failure::Transient(format!(
            "The system keychain is locked or cannot be reached ({why}). Open (unlock) the OS keychain; the post is sent on the next pass after that."
        )),
        other => Failure::Permanent(other.to_string()),
    }
}

impl Failure {
    /// In plain words.
    pub fn reason(&self) -> String {
        match self {
            Failure::Transient(r) | Failure::Permanent(r) | Failure::Unknown(r) => r.clone(),
            Failure::RateLimited { reason, .. } => reason.clone(),
            Failure::Expired => "The session expired.".into(),
        }
    }
}
