//! Bluesky's adapter: the account's session from the keychain (renewed once when it has
//! expired), a post's text and images, and batched counters.

use super::{keychain_error, Adapter};
use crate::ids::PostId;
use crate::platforms::bluesky;
use crate::platforms::http::RateState;
use crate::platforms::{Counts, Failure, FailureKind, Problem, Remote};
use crate::publish::accounts::{load_session, Account};
use crate::secrets::SecretStore;
use crate::workspace::Workspace;
use std::collections::HashMap;

/// Bluesky through the account's PDS.
pub(crate) struct Bluesky(pub(crate) bluesky::Client);

/// Bluesky's `getPosts` takes at most this many URIs.
const BLUESKY_BATCH: usize = 25;

impl Bluesky {
    fn session(secrets: &dyn SecretStore, account: &Account) -> Result<bluesky::Session, Failure> {
        load_session(secrets, account)
            .map_err(|e| keychain_error(&e))?
            .ok_or_else(|| {
                Failure::Permanent(Problem::new(
                    FailureKind::Reconnect,
                    "The account's tokens are not in the keychain. Reconnect the account.".into(),
                ))
            })
    }

    /// Runs `call` with the account's session, renewing it once if it expired.
    fn with_session<T>(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        call: impl Fn(&bluesky::Session) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        let session = Self::session(secrets, account)?;
        match call(&session) {
            Err(Failure::Expired) => {
                let renewed = ws.renew_bluesky(&self.0, secrets, account, &session)?;
                call(&renewed)
            }
            other => other,
        }
    }
}

impl Adapter for Bluesky {
    fn publish(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        post: PostId,
        key: &str,
        interrupted: bool,
    ) -> Result<Remote, Failure> {
        ws.publish_bluesky_with(&self.0, secrets, account, post, key, interrupted)
    }

    fn delete(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        remote: &str,
    ) -> Result<(), Failure> {
        let rkey = remote.rsplit('/').next().unwrap_or_default();
        self.with_session(ws, secrets, account, |s| self.0.delete_post(s, rkey))
    }

    fn counts(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        remotes: &[&str],
    ) -> Result<HashMap<String, Counts>, Failure> {
        let mut out = HashMap::new();
        for batch in remotes.chunks(BLUESKY_BATCH) {
            out.extend(self.with_session(ws, secrets, account, |s| self.0.counts(s, batch))?);
        }
        Ok(out)
    }

    /// The record itself, from the account's own server (which holds it the moment it is
    /// written, before any feed shows it).
    fn read_back(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        remote: &str,
    ) -> Result<bool, Failure> {
        let rkey = remote.rsplit('/').next().unwrap_or_default();
        Ok(self
            .with_session(ws, secrets, account, |s| self.0.find_post(s, rkey))?
            .is_some())
    }

    fn rate(&self) -> RateState {
        self.0.rate()
    }
}
