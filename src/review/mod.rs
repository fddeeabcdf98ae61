//! Review and approval: nothing goes out unchecked, and an approval means exactly what was
//! approved.
//!
//! Submit → the reviewer queue → approve (ticking every manual checklist item) or request
//! changes with a comment. Each step is a `review_log` row naming the actor, a hash of the
//! content (text, per-platform versions, images with their alt text, faces flag and people)
//! and the guideline version, so the audit log answers "who approved which version under which
//! guideline". Any change to the content of a post under review or approved voids the review:
//! the post goes back to draft and a `voided` row says why. With the second-reviewer setting an
//! approval needs two different reviewers of the same content.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub mod audit;
pub mod decide;
mod owner;
pub use crate::approval::Signer;
pub(crate) use crate::approval::{approvals_of, content_hash};
pub use audit::{QueuedPost, ReviewEntry};

/// What happened in a review step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewAction {
    /// Sent for review.
    Submitted,
    /// Approved by a reviewer.
    Approved,
    /// Sent back with a comment.
    ChangesRequested,
    /// A review or approval was voided because the content changed.
    Voided,
}

impl ReviewAction {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Approved => "approved",
            Self::ChangesRequested => "changes_requested",
            Self::Voided => "voided",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "submitted" => Some(Self::Submitted),
            "approved" => Some(Self::Approved),
            "changes_requested" => Some(Self::ChangesRequested),
            "voided" => Some(Self::Voided),
            _ => None,
        }
    }
}
