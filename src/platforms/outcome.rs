//! What a platform call comes to: the post's id and address when it went out, or a failure
//! sorted by what to do about it (retry, wait, stop, or look before trying again) with a typed
//! kind the UI translates. Platform clients return these; the publishing engine acts on them.

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

/// What kind of failure an attempt met, as a stable code: the windows choose their sentence
/// (and what to do) by it, never by reading the English detail, which stays available under
/// 「詳細」 for whoever has to ask the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// The OS keychain is locked or cannot be reached.
    Keychain,
    /// A scheduled post could not be taken back from the platform.
    TakeBack,
    /// The account's credentials were refused, expired or are missing: reconnect it.
    Reconnect,
    /// Instagram or Threads needs a media host and none is set.
    MediaHost,
    /// The media host refused to store an image.
    MediaHostRefused,
    /// The platform needs at least one image.
    NeedsImage,
    /// The image's shape is outside what the platform takes.
    Aspect,
    /// The platform no longer accepts the API version this Tsunagu uses.
    ApiVersion,
    /// The platform's daily limit is spent.
    DailyLimit,
    /// The account's paid API credits are used up (X's pay-per-use, 402): nothing is retried
    /// until someone adds credits.
    Credits,
    /// Sending the post would take the account's X spending this month past the cap the lead
    /// set: nothing was sent.
    SpendCap,
    /// The platform accepted the post but it could not be read back by its id within minutes.
    NotLive,
    /// A LINE official account's messages for the month are used up (or a broadcast would
    /// take more than are left): nothing was sent.
    Quota,
    /// The platform asked to slow down.
    SlowDown,
    /// The platform is still processing the post's media.
    Processing,
    /// A rate limit was reached.
    RateLimited,
    /// The platform had a server error.
    ServerError,
    /// The platform could not be reached, or the connection broke off.
    Unreachable,
    /// No account of the platform is connected.
    NoAccount,
    /// Publishing to the platform is not available in this version.
    NotAvailable,
    /// An image could not be read, prepared or uploaded.
    Image,
    /// The platform refused the post or request.
    Refused,
    /// The platform answered in a way Tsunagu does not understand.
    StrangeAnswer,
    /// Anything else: the detail says what.
    Other,
}

impl FailureKind {
    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Keychain => "keychain",
            Self::TakeBack => "take_back",
            Self::Reconnect => "reconnect",
            Self::MediaHost => "media_host",
            Self::MediaHostRefused => "media_host_refused",
            Self::NeedsImage => "needs_image",
            Self::Aspect => "aspect",
            Self::ApiVersion => "api_version",
            Self::DailyLimit => "daily_limit",
            Self::Credits => "credits",
            Self::SpendCap => "spend_cap",
            Self::NotLive => "not_live",
            Self::Quota => "quota",
            Self::SlowDown => "slow_down",
            Self::Processing => "processing",
            Self::RateLimited => "rate_limited",
            Self::ServerError => "server_error",
            Self::Unreachable => "unreachable",
            Self::NoAccount => "no_account",
            Self::NotAvailable => "not_available",
            Self::Image => "image",
            Self::Refused => "refused",
            Self::StrangeAnswer => "strange_answer",
            Self::Other => "other",
        }
    }

    /// Reads a stored code (unknown codes, from a newer Tsunagu, read as `Other`).
    pub fn parse(code: &str) -> Self {
        [
            Self::Keychain,
            Self::TakeBack,
            Self::Reconnect,
            Self::MediaHost,
            Self::MediaHostRefused,
            Self::NeedsImage,
            Self::Aspect,
            Self::ApiVersion,
            Self::DailyLimit,
            Self::Credits,
            Self::SpendCap,
            Self::NotLive,
            Self::Quota,
            Self::SlowDown,
            Self::Processing,
            Self::RateLimited,
            Self::ServerError,
            Self::Unreachable,
            Self::NoAccount,
            Self::NotAvailable,
            Self::Image,
            Self::Refused,
            Self::StrangeAnswer,
        ]
        .into_iter()
        .find(|k| k.as_str() == code)
        .unwrap_or(Self::Other)
    }
}

/// A failure's kind and its English detail (with the platform's own words inside).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Problem {
    /// What kind of failure.
    pub kind: FailureKind,
    /// In plain English, for 「詳細」, the CLI and whoever asks the platform.
    pub detail: String,
    /// The platform's HTTP status, when the problem is its answer.
    pub status: Option<u16>,
    /// The platform's own error code (Bluesky's error name, Meta's `code/subcode`), or ours
    /// for a state a platform reports in words (`duplicate`, `container_expired`). Code reads
    /// these, never the detail.
    pub code: Option<String>,
}

impl Problem {
    /// A problem of `kind`.
    pub fn new(kind: FailureKind, detail: String) -> Self {
        Self {
            kind,
            detail,
            status: None,
            code: None,
        }
    }

    /// The same, with the platform's own error code.
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// Whether the platform's code is `code`.
    pub fn is(&self, code: &str) -> bool {
        self.code.as_deref() == Some(code)
    }
}

impl Failure {
    /// The same failure, marked with the HTTP status of the answer it came from.
    pub(crate) fn with_status(mut self, status: u16) -> Self {
        if let Failure::Transient(p) | Failure::Permanent(p) | Failure::Unknown(p) = &mut self {
            p.status = Some(status);
        }
        if let Failure::RateLimited { reason, .. } = &mut self {
            reason.status = Some(status);
        }
        self
    }

    /// The same failure, marked with the platform's own error code.
    pub(crate) fn with_code(mut self, code: &str) -> Self {
        if let Failure::Transient(p) | Failure::Permanent(p) | Failure::Unknown(p) = &mut self {
            p.code = Some(code.to_string());
        }
        if let Failure::RateLimited { reason, .. } = &mut self {
            reason.code = Some(code.to_string());
        }
        self
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.detail)
    }
}

/// Why an attempt did not publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Worth retrying later (network, server errors).
    Transient(Problem),
    /// Wait until the platform's reset, then retry.
    RateLimited {
        /// When the limit resets (Unix milliseconds), if the platform said.
        until_ms: Option<i64>,
        /// What and why.
        reason: Problem,
    },
    /// Retrying cannot help; a person must act.
    Permanent(Problem),
    /// The access token expired (refresh and repeat).
    Expired,
    /// The request may have reached the platform: find out before retrying.
    Unknown(Problem),
}

/// A keychain that cannot be read right now (locked, its service not running, access refused)
/// is temporary: the job waits and goes out once it is unlocked, and never becomes a permanent
/// failure. Any other error reading the secret needs a person.
pub(crate) fn keychain_failure(e: &crate::Error) -> Failure {
    match e {
        crate::Error::KeychainUnavailable(why) => Failure::Transient(Problem::new(FailureKind::Keychain, format!(
            "The system keychain is locked or cannot be reached ({why}). Open (unlock) the OS keychain; the post is sent on the next pass after that."
        ))),
        other => Failure::Permanent(Problem::new(FailureKind::Other, other.to_string())),
    }
}

impl Failure {
    /// In plain words.
    pub fn reason(&self) -> String {
        match self {
            Failure::Transient(r) | Failure::Permanent(r) | Failure::Unknown(r) => r.detail.clone(),
            Failure::RateLimited { reason, .. } => reason.detail.clone(),
            Failure::Expired => "The session expired.".into(),
        }
    }

    /// What kind of failure.
    pub fn kind(&self) -> FailureKind {
        match self {
            Failure::Transient(r) | Failure::Permanent(r) | Failure::Unknown(r) => r.kind,
            Failure::RateLimited { reason, .. } => reason.kind,
            Failure::Expired => FailureKind::Reconnect,
        }
    }
}
