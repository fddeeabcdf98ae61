//! Sending one job to Bluesky or Mastodon: the post's text for that platform, its images
//! prepared to the platform's limits, then the platform's call. Reached through the platform
//! adapters (`adapter`).

use super::accounts::{load_session, store_session, Account};
use super::{Failure, Remote};
use crate::ids::PostId;
use crate::model::Platform;
use crate::platforms::bluesky::{self, Client};
use crate::publish::{FailureKind, Problem};
use crate::secrets::SecretStore;
use crate::workspace::Workspace;

/// Mastodon accepts far larger images than Bluesky; stay well within common instance limits.
/// Mastodon holds a status at least five minutes ahead; a minute more is asked here.
const MASTODON_NATIVE_MIN_MINUTES: i64 = 6;

const MASTODON_IMAGES: super::images::Limits = super::images::Limits {
    max_bytes: 8_000_000,
    max_side: 4096,
};

impl Workspace {
    /// The post's text for `platform`: its own version if it has one, else the common text.
    pub(super) fn text_for(
        &self,
        post: PostId,
        platform: Platform,
    ) -> std::result::Result<String, Failure> {
        let detail = self
            .post(post)
            .map_err(|e| Failure::Permanent(Problem::new(FailureKind::Other, e.to_string())))?;
        Ok(detail
            .variants
            .iter()
            .find(|v| v.platform == platform)
            .and_then(|v| v.body.clone())
            .unwrap_or(detail.body))
    }

    /// The post's images (at most four), each made to fit `limits` and stripped of metadata:
    /// (bytes, MIME type, alt text).
    pub(super) fn prepared_images(
        &self,
        post: PostId,
        limits: super::images::Limits,
    ) -> std::result::Result<Vec<(Vec<u8>, String, String)>, Failure> {
        let mut out = Vec::new();
        let root = crate::media::root(self.dir());
        for m in crate::media::post_media(self.store().conn(), post)
            .map_err(|e| Failure::Permanent(Problem::new(FailureKind::Other, e.to_string())))?
            .iter()
            .take(4)
        {
            let path = crate::media::path(self.store().conn(), &root, m.id)
                .map_err(|e| Failure::Permanent(Problem::new(FailureKind::Other, e.to_string())))?;
            let bytes = std::fs::read(&path).map_err(|e| {
                Failure::Permanent(Problem::new(
                    FailureKind::Image,
                    format!("the image {} cannot be read: {e}", m.file_name),
                ))
            })?;
            // The file on disk must be the one that was approved: its hash is part of the
            // approved snapshot, so a file swapped under the same name is never uploaded.
            let sha = format!("{:x}", <sha2::Sha256 as sha2::Digest>::digest(&bytes));
            let expected: String = self
                .store()
                .conn()
                .query_row(
                    "SELECT sha256 FROM media WHERE id = ?1",
                    [m.id.as_string()],
                    |r| r.get(0),
                )
                .map_err(|e| Failure::Permanent(Problem::new(FailureKind::Other, e.to_string())))?;
            if sha != expected {
                return Err(Failure::Permanent(Problem::new(FailureKind::Image, format!(
                    "the stored file of image {} is not the approved one (its content changed on disk); nothing was sent. Attach the image again and send the post for review.",
                    m.file_name
                ))));
            }
            let (bytes, mime) = super::images::prepare(bytes, &m.mime, limits)?;
            out.push((bytes, mime, m.alt_text.clone()));
        }
        Ok(out)
    }

    /// Publishes a job's post on Mastodon with the job's `Idempotency-Key`.
    pub(super) fn publish_mastodon_with(
        &mut self,
        client: &crate::platforms::mastodon::Client,
        token: &str,
        post: PostId,
        key: &str,
    ) -> std::result::Result<Remote, Failure> {
        let text = self.text_for(post, Platform::Mastodon)?;
        // Far enough ahead, the instance holds it and publishes it itself at its time.
        let at = super::adapters::native_time(self, post, MASTODON_NATIVE_MIN_MINUTES)?
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        // The same key on every attempt: the server answers a repeat with the first post. A
        // job taken back from the instance's schedule sends a new key (the instance would
        // answer the old one with the status it no longer holds).
        let taken_back: i64 = self
            .store()
            .conn()
            .query_row(
                "SELECT count(*) FROM publish_attempts a JOIN publish_jobs j ON j.id = a.job_id
                 WHERE j.idempotency_key = ?1 AND a.outcome = 'taken_back'",
                [key],
                |r| r.get(0),
            )
            .map_err(|e| Failure::Permanent(Problem::new(FailureKind::Other, e.to_string())))?;
        let key = if taken_back == 0 {
            key.to_string()
        } else {
            format!("{key}-{taken_back}")
        };
        let mut media_ids = Vec::new();
        for (bytes, mime, alt) in self.prepared_images(post, MASTODON_IMAGES)? {
            media_ids.push(client.upload(token, bytes, &mime, &alt)?);
        }
        client.post(token, &key, &text, &media_ids, at.as_deref())
    }

    /// Publishes a job's post on Bluesky under the job's record key, asking first when an
    /// earlier attempt was interrupted.
    pub(super) fn publish_bluesky_with(
        &mut self,
        client: &Client,
        secrets: &dyn SecretStore,
        account: &Account,
        post: PostId,
        rkey: &str,
        interrupted: bool,
    ) -> std::result::Result<Remote, Failure> {
        let Some(mut session) =
            load_session(secrets, account).map_err(|e| super::keychain_failure(&e))?
        else {
            return Err(Failure::Permanent(Problem::new(
                FailureKind::Reconnect,
                "The account's tokens are not in the keychain. Reconnect the account.".into(),
            )));
        };
        let text = self.text_for(post, Platform::Bluesky)?;
        let created_at = crate::clock::to_db_time(self.clock().now());
        let mut refreshed = false;
        loop {
            let attempt = (|| {
                if interrupted {
                    if let Some(found) = client.find_post(&session, rkey)? {
                        return Ok(found);
                    }
                }
                let mut record = serde_json::json!({
                    "$type": "app.bsky.feed.post",
                    "text": text,
                    "createdAt": created_at,
                    "langs": ["ja"],
                });
                let mut facets = bluesky::facets(&text);
                for (start, end, handle) in bluesky::mention_spans(&text) {
                    if let Some(did) = client.resolve_handle(&handle)? {
                        facets.push(bluesky::mention_facet(start, end, &did));
                    }
                }
                facets.sort_by_key(|f| f["index"]["byteStart"].as_u64());
                if !facets.is_empty() {
                    record["facets"] = serde_json::Value::Array(facets);
                }
                let mut images = Vec::new();
                for (bytes, mime, alt) in self.prepared_images(post, super::images::BLUESKY)? {
                    let blob = client.upload_blob(&session, bytes, &mime)?;
                    images.push(serde_json::json!({ "alt": alt, "image": blob }));
                }
                if !images.is_empty() {
                    record["embed"] =
                        serde_json::json!({ "$type": "app.bsky.embed.images", "images": images });
                }
                client.put_post(&session, rkey, &record)
            })();
            match attempt {
                Err(Failure::Expired) if !refreshed => {
                    refreshed = true;
                    session = self.renew_bluesky(client, secrets, account, &session)?;
                }
                other => return other,
            }
        }
    }

    /// Renews an expired Bluesky session with its refresh token and keeps the new one in the
    /// keychain.
    pub(super) fn renew_bluesky(
        &mut self,
        client: &Client,
        secrets: &dyn SecretStore,
        account: &Account,
        session: &bluesky::Session,
    ) -> std::result::Result<bluesky::Session, Failure> {
        let mut renewed = client
            .refresh(session.refresh.expose())
            .map_err(|f| match f {
                Failure::Permanent(m) | Failure::Transient(m) => Failure::Permanent(Problem::new(
                    FailureKind::Reconnect,
                    format!("The session could not be renewed ({m}); reconnect the account."),
                )),
                other => other,
            })?;
        renewed.did = account.remote_id.clone().unwrap_or_default();
        renewed.handle = account.handle.clone();
        store_session(secrets, account.id, &renewed).map_err(|e| super::keychain_failure(&e))?;
        let ctx = self.ctx(None, crate::store::Source::System);
        let _ = self
            .store_mut()
            .write(&ctx, |w| super::accounts::renewed(w, account.id));
        Ok(renewed)
    }
}
