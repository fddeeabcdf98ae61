//! One trait for every platform, so the runner, taking posts down and reading metrics never
//! ask which platform they talk to, and adding a platform is one module that implements
//! [`Adapter`], one line in [`adapter_for`], and one fake server for its tests.
//!
//! An adapter wraps one server's HTTP client (so connections and the rate-limit state are
//! shared by every call in a pass) and does the platform's part: publishing a job's post
//! exactly once (reconciling first when an earlier attempt was interrupted), deleting a
//! published post, and reading counters. The workspace is passed in for what it owns: the
//! post's text and images, and renewed tokens.

mod bluesky;
mod facebook;
mod line;
mod linkedin;
mod mastodon;
mod meta;
pub mod x;

pub(crate) use facebook::identify as facebook_identity;
pub(crate) use facebook::native_time;
pub(crate) use linkedin::identify as linkedin_identity;
pub(crate) use meta::{
    identify_instagram as instagram_identity, identify_threads as threads_identity,
};

use self::bluesky::Bluesky;
use self::mastodon::Mastodon;
use self::meta::{Containers, Kind};
use crate::ids::PostId;
use crate::model::Platform;
use crate::platforms::graph::{Graph, GRAPH_VERSION, THREADS_VERSION};
use crate::platforms::http::RateState;
use crate::platforms::{self, Counts, Failure, FailureKind, Problem, Remote};
use crate::publish::accounts::Account;
use crate::secrets::SecretStore;
use crate::workspace::Workspace;
use std::collections::HashMap;

/// What Tsunagu needs from a platform.
pub(crate) trait Adapter {
    /// Publishes the post of one job under its idempotency `key`, exactly once: when
    /// `interrupted`, an earlier attempt may have reached the platform, so it is looked for
    /// first.
    fn publish(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        post: PostId,
        key: &str,
        interrupted: bool,
    ) -> Result<Remote, Failure>;

    /// Deletes a published post (one that is already gone counts as deleted).
    fn delete(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        remote: &str,
    ) -> Result<(), Failure>;

    /// The counters of published posts, by their platform id; deleted posts are left out.
    fn counts(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        remotes: &[&str],
    ) -> Result<HashMap<String, Counts>, Failure>;

    /// Reads a published post back from the platform by its id: `Ok(true)` when the platform
    /// shows it, `Ok(false)` when the platform answers that it has no such post. Reading its
    /// counters is reading it by id on most platforms; a platform with a cheaper or more
    /// direct read says so in its own module.
    fn read_back(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        remote: &str,
    ) -> Result<bool, Failure> {
        Ok(self
            .counts(ws, secrets, account, &[remote])?
            .contains_key(remote))
    }

    /// Whether a post the platform holds for later (Facebook's and Mastodon's own
    /// scheduling) is live now: the live post (its id may be new, as on Mastodon), or `None`
    /// while it is still held. Platforms that never hold posts have nothing to confirm.
    fn confirm_live(
        &self,
        _ws: &mut Workspace,
        _secrets: &dyn SecretStore,
        _account: &Account,
        remote: &str,
    ) -> Result<Option<Remote>, Failure> {
        Ok(Some(Remote::live(remote.to_string(), None)))
    }

    /// The rate-limit state the platform last reported.
    fn rate(&self) -> RateState;
}

/// A LINE account's month: quota, usage and the reach of a broadcast.
pub(crate) fn line_quota(
    account: &Account,
    secrets: &dyn SecretStore,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<platforms::line::Quota, Failure> {
    line::Line(platforms::line::Client::new(&server(account))?).quota(secrets, account, now)
}

/// The adapter for an account's platform and server.
pub(crate) fn adapter_for(account: &Account) -> Result<Box<dyn Adapter>, Failure> {
    match account.platform {
        Platform::Bluesky => Ok(Box::new(Bluesky(platforms::bluesky::Client::new(
            account
                .server_url
                .as_deref()
                .unwrap_or("https://bsky.social"),
        )?))),
        Platform::Mastodon => Ok(Box::new(Mastodon(platforms::mastodon::Client::new(
            account.server_url.as_deref().unwrap_or_default(),
        )?))),
        Platform::X => Ok(Box::new(x::X(platforms::x::Client::new(
            account.server_url.as_deref().unwrap_or("https://api.x.com"),
        )?))),
        Platform::Linkedin => Ok(Box::new(linkedin::Linkedin(
            platforms::linkedin::Client::new(&server(account))?,
        ))),
        Platform::Facebook => Ok(Box::new(facebook::Facebook(Graph::new(
            &server(account),
            GRAPH_VERSION,
            "Facebook",
        )?))),
        Platform::Instagram => Ok(Box::new(Containers {
            g: Graph::new(&server(account), GRAPH_VERSION, "Instagram")?,
            kind: Kind::Instagram,
        })),
        Platform::Threads => Ok(Box::new(Containers {
            g: Graph::new(&server(account), THREADS_VERSION, "Threads")?,
            kind: Kind::Threads,
        })),
        Platform::Line => Ok(Box::new(line::Line(platforms::line::Client::new(
            &server(account),
        )?))),
        // Channels without an API are posted by hand: their jobs never reach an adapter.
        Platform::LineVoom | Platform::Note | Platform::Tiktok => {
            Err(Failure::Permanent(Problem::new(
                FailureKind::NotAvailable,
                format!(
                    "{} has no API Tsunagu may post through: the post is handed to a person with a kit at its time.",
                    account.platform.label()
                ),
            )))
        }
    }
}

/// The counters of posts read one at a time; a post the platform says is gone (`gone` tells
/// from the failure's HTTP status or the platform's error code) was deleted there and is
/// left out.
pub(crate) fn one_by_one(
    remotes: &[&str],
    gone: fn(&super::Problem) -> bool,
    mut read: impl FnMut(&str) -> Result<Counts, Failure>,
) -> Result<HashMap<String, Counts>, Failure> {
    let mut out = HashMap::new();
    for id in remotes {
        match read(id) {
            Ok(c) => {
                out.insert((*id).to_string(), c);
            }
            Err(Failure::Permanent(m)) if gone(&m) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// A post the platform refused as a duplicate was our earlier attempt: the post `find` finds
/// stands for it; without one, the refusal stands.
pub(crate) fn settle_duplicate(
    sent: Result<Remote, Failure>,
    find: impl FnOnce() -> Result<Option<Remote>, Failure>,
) -> Result<Remote, Failure> {
    match sent {
        Err(Failure::Permanent(m)) if m.is("duplicate") => find()?.ok_or(Failure::Permanent(m)),
        other => other,
    }
}

/// The account's API address, or its platform's own.
fn server(account: &Account) -> String {
    account
        .server_url
        .clone()
        .unwrap_or_else(|| crate::publish::tokens::default_api(account.platform).to_string())
}

/// Adapters kept for one pass, by platform and server, so connections are reused.
#[derive(Default)]
pub(crate) struct Adapters(HashMap<(Platform, String), Box<dyn Adapter>>);

impl Adapters {
    /// The adapter for `account`, made on first use.
    pub(crate) fn get(&mut self, account: &Account) -> Result<&dyn Adapter, Failure> {
        let key = (
            account.platform,
            account.server_url.clone().unwrap_or_default(),
        );
        if !self.0.contains_key(&key) {
            let made = adapter_for(account)?;
            self.0.insert(key.clone(), made);
        }
        self.0.get(&key).map(AsRef::as_ref).ok_or_else(|| {
            Failure::Transient(Problem::new(
                FailureKind::Other,
                "the platform's client was not kept".into(),
            ))
        })
    }
}

/// A bearer token the account keeps in the keychain (Mastodon's, a LINE channel's).
pub(crate) fn bearer_token(
    secrets: &dyn SecretStore,
    account: &Account,
) -> Result<String, Failure> {
    crate::publish::accounts::load_token(secrets, account)
        .map_err(|e| keychain_error(&e))?
        .ok_or_else(|| {
            Failure::Permanent(Problem::new(
                FailureKind::Reconnect,
                "The account's token is not in the keychain. Reconnect the account.".into(),
            ))
        })
}

pub(crate) fn keychain_error(e: &crate::Error) -> Failure {
    crate::publish::keychain_failure(e)
}
