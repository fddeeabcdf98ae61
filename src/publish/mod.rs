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
pub mod adapters;
pub mod app_guide;
pub mod blocked;
mod broker;
pub mod exit;
pub mod handoff;
mod handover;
pub mod health;
pub mod images;
pub mod line_account;
mod lock;
pub use lock::hold_publishing;
pub mod media_host;
pub mod metrics;
pub mod outbox;
mod record;
mod runner;
mod send;
pub mod spend;
pub mod states;
pub use states::{AccountState, ExpirySource, JobState, Proof};
pub mod tokens;
pub mod verify;
pub mod withdraw;

pub(crate) use crate::platforms::outcome::keychain_failure;
pub use crate::platforms::outcome::{Failure, FailureKind, Problem, Remote};
