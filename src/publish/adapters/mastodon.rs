//! Mastodon's adapter: the account's token from the keychain, a post's text and images, and
//! counters read one post at a time.

use super::{one_by_one, Adapter};
use crate::ids::PostId;
use crate::platforms::http::RateState;
use crate::platforms::mastodon;
use crate::platforms::{Counts, Failure, FailureKind, Problem, Remote};
use crate::publish::accounts::Account;
use crate::secrets::SecretStore;
use crate::workspace::Workspace;
use std::collections::HashMap;

/// A Mastodon instance.
pub(crate) struct Mastodon(pub(crate) mastodon::Client);

impl Mastodon {
    fn token(secrets: &dyn SecretStore, account: &Account) -> Result<String, Failure> {
        super::bearer_token(secrets, account)
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
        let token = Self::token(secrets, account)?;
        match remote.strip_prefix(mastodon::SCHEDULED) {
            Some(held) => self.0.delete_scheduled(&token, held),
            None => self.0.delete(&token, remote),
        }
    }

    /// A scheduled status is live once the instance no longer holds it; the status it became
    /// has a new id, found on the account's timeline by its text.
    fn confirm_live(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        remote: &str,
    ) -> Result<Option<Remote>, Failure> {
        let Some(held) = remote.strip_prefix(mastodon::SCHEDULED) else {
            return Ok(Some(Remote::live(remote.to_string(), None)));
        };
        let token = Self::token(secrets, account)?;
        if self.0.still_held(&token, held)? {
            return Ok(None);
        }
        let post: String = ws
            .store()
            .conn()
            .query_row(
                "SELECT post_id FROM publish_jobs WHERE remote_id = ?1 AND account_id = ?2",
                [remote.to_string(), account.id.as_string()],
                |r| r.get(0),
            )
            .map_err(|e| Failure::Permanent(Problem::new(FailureKind::Other, e.to_string())))?;
        let post = PostId::parse(&post).ok_or_else(|| {
            Failure::Permanent(Problem::new(FailureKind::Other, "bad post id".into()))
        })?;
        let text = ws.text_for(post, crate::model::Platform::Mastodon)?;
        self.0.find_recent(
            &token,
            account.remote_id.as_deref().unwrap_or_default(),
            &text,
        )
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
