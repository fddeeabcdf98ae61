//! The platforms' own rooms: one HTTP client per platform, speaking only its API.
//!
//! A client here knows its platform's requests, answers, limits and failure shapes, and
//! nothing of the workspace: it takes tokens and bytes and returns a [`Remote`], [`Counts`] or
//! a typed [`Failure`]. The publishing engine (`publish`) holds the adapters that feed a
//! client a post's text, images and tokens, and one registry that picks the adapter for an
//! account (`publish::adapters::adapter_for`). Adding a platform is a client here, an adapter
//! there and one registry line (see `docs/ARCHITECTURE.md`).
//!
//! What more than one platform needs lives beside them: the HTTP plumbing with rate-limit
//! state (`http`), the OAuth sign-in helpers (`oauth`), Meta's Graph API shared by Facebook,
//! Instagram and Threads (`graph`), and S3 request signing, used by the media host and by
//! team sync (`s3`).

pub mod bluesky;
pub mod chat;
pub mod containers;
pub mod counts;
pub mod graph;
pub mod http;
pub mod line;
pub mod linkedin;
pub mod mastodon;
pub mod oauth;
pub mod openai;
pub mod outcome;
pub mod s3;
pub mod x;
pub mod x_cost;

pub use counts::Counts;
pub use outcome::{Failure, FailureKind, Problem, Remote};
