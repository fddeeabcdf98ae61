//! LINE公式アカウント's adapter: a post is a broadcast to every friend of the account — its
//! text and up to four images (put on the media host, which LINE fetches them from) — sent
//! once under a retry key made from the job's key, after the month's quota was read and found
//! enough for the friends it reaches.
//!
//! A broadcast is not a post anyone can open by an address, and it cannot be taken back: LINE
//! accepting it with a request id is its delivery (the numbers of people who received and
//! opened it are read later, with the other platforms' numbers).

use super::Adapter;
use crate::ids::PostId;
use crate::model::Platform;
use crate::platforms::http::RateState;
use crate::platforms::line;
use crate::platforms::{Counts, Failure, FailureKind, Problem, Remote};
use crate::publish::accounts::Account;
use crate::secrets::SecretStore;
use crate::workspace::Workspace;
use std::collections::HashMap;

/// A LINE official account through the Messaging API.
pub(crate) struct Line(pub(crate) line::Client);

/// LINE's images: a JPEG or PNG the preview may show as is (at most 1 MB).
const LINE_IMAGES: crate::publish::images::Limits = crate::publish::images::Limits {
    max_bytes: 1_000_000,
    max_side: 2048,
};

/// The retry key LINE asks for (a UUID), the same for every attempt of a job.
pub(crate) fn retry_key(job_key: &str) -> String {
    let digest = <sha2::Sha256 as sha2::Digest>::digest(format!("tsunagu-line:{job_key}"));
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

/// The day LINE's latest friend count is for: yesterday in Japan (LINE counts a day once it
/// is over).
fn count_day(now: chrono::DateTime<chrono::Utc>) -> String {
    (now.with_timezone(&chrono_tz::Asia::Tokyo) - chrono::Duration::days(1))
        .format("%Y%m%d")
        .to_string()
}

impl Line {
    fn token(secrets: &dyn SecretStore, account: &Account) -> Result<String, Failure> {
        super::bearer_token(secrets, account)
    }

    /// The month's quota as LINE counts it now.
    pub(crate) fn quota(
        &self,
        secrets: &dyn SecretStore,
        account: &Account,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<line::Quota, Failure> {
        self.0
            .quota(&Self::token(secrets, account)?, &count_day(now))
    }
}

impl Adapter for Line {
    fn publish(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        post: PostId,
        key: &str,
        interrupted: bool,
    ) -> Result<Remote, Failure> {
        let token = Self::token(secrets, account)?;
        let text = ws.text_for(post, Platform::Line)?;
        // An interrupted attempt may have been accepted (and used the quota): the same retry
        // key settles it, so the quota is read only before a first sending.
        if !interrupted {
            let q = self.0.quota(&token, &count_day(ws.clock().now()))?;
            if !q.fits() {
                return Err(Failure::Permanent(Problem::new(
                    FailureKind::Quota,
                    format!(
                        "This broadcast would reach {} friends, but only {} of the month's {} messages are left. Nothing was sent.",
                        q.reach.unwrap_or_default(),
                        q.left().unwrap_or_default(),
                        q.limit.unwrap_or_default()
                    ),
                )));
            }
        }
        let images = ws.prepared_images(post, LINE_IMAGES)?;
        let mut links = Vec::new();
        if !images.is_empty() {
            let host =
                crate::publish::media_host::host(ws.store().conn(), ws.clock().now(), secrets)?
                    .ok_or_else(|| {
                        Failure::Permanent(Problem::new(
                            FailureKind::MediaHost,
                            "LINE takes images only from an HTTPS address: set a media host in Settings, or send the text alone.".into(),
                        ))
                    })?;
            for (i, (bytes, mime, _)) in images.into_iter().enumerate() {
                // Friends open a broadcast for days: the link lasts as long as a link can.
                let url = host.put_for(
                    &crate::publish::media_host::object_key(key, i),
                    bytes,
                    &mime,
                    crate::platforms::s3::WEEK_SECS,
                )?;
                links.push((url.clone(), url));
            }
        }
        self.0.broadcast(&token, &retry_key(key), &text, &links)
    }

    fn delete(
        &self,
        _ws: &mut Workspace,
        _secrets: &dyn SecretStore,
        _account: &Account,
        _remote: &str,
    ) -> Result<(), Failure> {
        Err(Failure::Permanent(Problem::new(
            FailureKind::NotAvailable,
            "A LINE broadcast cannot be taken back once it is sent; it stays in the friends' chats.".into(),
        )))
    }

    fn counts(
        &self,
        _ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        remotes: &[&str],
    ) -> Result<HashMap<String, Counts>, Failure> {
        let token = Self::token(secrets, account)?;
        let mut out = HashMap::new();
        for id in remotes {
            // Numbers not ready yet (LINE has them the next day) are left for the next read.
            if let Some(c) = self.0.delivery(&token, id)? {
                out.insert((*id).to_string(), c);
            }
        }
        Ok(out)
    }

    /// A broadcast has no public post to read: LINE's request id for it is its proof.
    fn read_back(
        &self,
        _ws: &mut Workspace,
        _secrets: &dyn SecretStore,
        _account: &Account,
        remote: &str,
    ) -> Result<bool, Failure> {
        Ok(!remote.is_empty())
    }

    fn rate(&self) -> RateState {
        self.0.http.rate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_retry_key_is_a_uuid_and_the_same_for_a_job() {
        let a = retry_key("3lbcxw2gfa22k");
        assert_eq!(a, retry_key("3lbcxw2gfa22k"));
        assert_ne!(a, retry_key("3lbcxw2gfa22l"));
        assert!(uuid::Uuid::parse_str(&a).is_ok());
    }

    #[test]
    fn friends_are_counted_for_yesterday_in_japan() {
        let t = chrono::DateTime::parse_from_rfc3339("2026-12-06T16:00:00Z")
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or_default();
        // 01:00 on the 7th in Tokyo: the latest full day is the 6th.
        assert_eq!(count_day(t), "20261206");
    }
}
