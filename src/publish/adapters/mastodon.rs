//! Mastodon's adapter: the account's token from the keychain, a post's text and images, and
//! counters read one post at a time.

use super::{keychain_error, one_by_one, Adapter};
use crate::ids::PostId;
use crate::platforms::http::RateState;
use crate::platforms::mastodon;
use crate::platforms::{Counts, Failure, FailureKind, Problem, Remote};
use crate::publish::accounts::{load_token, Account};
use crate::secrets::SecretStore;
use crate::workspace::Workspace;
use std::collections::HashMap;

/// A Mastodon instance.
pub(crate) struct Mastodon(pub(crate) mastodon::Client);

impl Mastodon {
    fn token(secrets: &dyn SecretStore, account: &Account) -> Result<String, Failure> {
        load_token(secrets, account)
            .map_err(|e| keychain_error(&e))?
            .ok_or_else(|| {
                Failure::Permanent(Problem::new(
                    FailureKind::Reconnect,
                    "The account's token is not in the keychain. Reconnect the account.".into(),
                ))
            })
    }
}

impl Adapter for Mastodon {
    fn publish(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        post: PostId,
        key: &str,
        _interrupted: bool,
    ) -> Result<Remote, Failure> {
        // No lookup needed after an interruption: the same Idempotency-Key makes the server
        // answer a repeat with the status it already made.
        ws.publish_mastodon_with(&self.0, &Self::token(secrets, account)?, post, key)
    }

    fn delete(
        &self,
        _ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        remote: &str,
    ) -> Result<(), Failure> {
        self.0.delete(&Self::token(secrets, account)?, remote)
    }

    fn counts(
        &self,
        _ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        remotes: &[&str],
    ) -> Result<HashMap<String, Counts>, Failure> {
        let token = Self::token(secrets, account)?;
        // Deleted on the instance: nothing to read.
        one_by_one(
            remotes,
            |p| p.status == Some(404),
            |id| self.0.counts(&token, id),
        )
    }

    fn rate(&self) -> RateState {
        self.0.rate()
    }
}
