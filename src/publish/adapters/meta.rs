//! Instagram and Threads: Meta's container-then-publish flow, shared.
//!
//! A post is first a *container* made from its caption and images, which Meta fetches from a
//! public address — so images go to the workspace's media host (an S3-compatible bucket, see
//! `media_host`) and Meta gets short-lived presigned links. The container's id is kept on the
//! job before it is published: an attempt that was interrupted looks at that container
//! (`PUBLISHED`: find the post; `FINISHED`: publish the same container again) instead of
//! making a second one, which is how duplicates would happen. Hosted images are deleted once
//! the post is out. Without a media host, a post with images cannot go out, and says so.

use super::Adapter;
use crate::ids::PostId;
use crate::platforms::containers::quota;
pub(crate) use crate::platforms::containers::{Containers, Kind};
use crate::platforms::graph::{self, text_of, Graph};
use crate::platforms::http::RateState;
use crate::platforms::Counts;
use crate::platforms::{Failure, Remote};
use crate::platforms::{FailureKind, Problem};
use crate::publish::accounts::Account;
use crate::publish::images::Limits;
use crate::publish::tokens::Identity;
use crate::secrets::SecretStore;
use crate::workspace::Workspace;
use std::collections::HashMap;

/// Instagram and Threads take images up to 8 MiB; Instagram only JPEG, so everything is
/// re-encoded as JPEG below that.
const META_IMAGES: Limits = Limits {
    max_bytes: 8_000_000,
    max_side: 1440,
};
/// The Instagram professional account behind a token.
pub(crate) fn identify_instagram(api: &str, token: &str) -> Result<Identity, Failure> {
    let g = Graph::new(api, graph::GRAPH_VERSION, "Instagram")?;
    let me = g.get(token, "me", &[("fields", "id,user_id,username")])?;
    let id = Some(text_of(&me, "user_id"))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| text_of(&me, "id"));
    Ok(Identity {
        remote_id: id,
        handle: text_of(&me, "username"),
        access: token.to_string(),
        expires_in: None,
    })
}

/// The Threads profile behind a token.
pub(crate) fn identify_threads(api: &str, token: &str) -> Result<Identity, Failure> {
    let g = Graph::new(api, graph::THREADS_VERSION, "Threads")?;
    let me = g.get(token, "me", &[("fields", "id,username")])?;
    Ok(Identity {
        remote_id: text_of(&me, "id"),
        handle: text_of(&me, "username"),
        access: token.to_string(),
        expires_in: None,
    })
}

impl Adapter for Containers {
    fn publish(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        post: PostId,
        key: &str,
        _interrupted: bool,
    ) -> Result<Remote, Failure> {
        let now = ws.clock().now().timestamp_millis();
        self.g.at(now);
        let who = self.g.who();
        let platform = self.kind.platform();
        let text = ws.text_for(post, platform)?;
        let user = account.remote_id.clone().unwrap_or_default();
        // An earlier attempt's container, when there is one (interrupted or not).
        if let Some(container) = ws.job_container(key)? {
            let resumed = ws.with_token(secrets, account, |t| {
                self.resume(t, &user, &container, &text)
            });
            match resumed {
                Ok(Some(r)) => {
                    crate::publish::media_host::unhost(
                        ws.store().conn(),
                        ws.clock().now(),
                        secrets,
                        key,
                    );
                    return Ok(r);
                }
                Ok(None) => ws.set_job_container(key, None)?,
                Err(Failure::Permanent(m)) => {
                    // A container Meta could not use is not reused.
                    ws.set_job_container(key, None)?;
                    return Err(Failure::Permanent(m));
                }
                Err(e) => return Err(quota(e, now)),
            }
        }
        let mut images = ws.prepared_images(post, META_IMAGES)?;
        for (bytes, mime, _) in &mut images {
            if self.kind == Kind::Instagram {
                crate::publish::images::check_aspect(bytes, 0.8, 1.91, "Instagram")?;
            }
            if mime != "image/jpeg" {
                *bytes = crate::publish::images::as_jpeg(bytes)?;
                *mime = "image/jpeg".into();
            }
        }
        if images.is_empty() && self.kind == Kind::Instagram {
            return Err(Failure::Permanent(Problem::new(FailureKind::NeedsImage,
                "Instagram posts need at least one image. Add a photo to the post, or take Instagram off its platforms.".into(),
            )));
        }
        let hosted = if images.is_empty() {
            Vec::new()
        } else {
            let Some(host) =
                crate::publish::media_host::host(ws.store().conn(), ws.clock().now(), secrets)?
            else {
                return Err(Failure::Permanent(Problem::new(FailureKind::MediaHost, format!(
                    "{who} fetches images from a public address, and no media host is set. Set one in Settings → Media host, then retry."
                ))));
            };
            let mut hosted = Vec::new();
            for (i, (bytes, mime, alt)) in images.into_iter().enumerate() {
                let url = host.put(
                    &crate::publish::media_host::object_key(key, i),
                    bytes,
                    &mime,
                )?;
                hosted.push((url, alt));
            }
            hosted
        };
        let outcome = ws.with_token(secrets, account, |t| {
            let container = self.create(t, &user, &text, &hosted)?;
            Ok(container)
        });
        let container = outcome.map_err(|e| quota(e, now))?;
        // Kept before publishing: a retry publishes this container, never a second one.
        ws.set_job_container(key, Some(&container))?;
        let published = ws
            .with_token(secrets, account, |t| {
                self.resume(t, &user, &container, &text)
            })
            .map_err(|e| quota(e, now))?;
        match published {
            Some(r) => {
                crate::publish::media_host::unhost(
                    ws.store().conn(),
                    ws.clock().now(),
                    secrets,
                    key,
                );
                Ok(r)
            }
            None => Err(Failure::Transient(
                Problem::new(
                    FailureKind::Other,
                    format!(
                        "{who}'s container expired before it was published; a new one is made."
                    ),
                )
                .with_code("container_expired"),
            )),
        }
    }

    fn delete(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        remote: &str,
    ) -> Result<(), Failure> {
        self.g.at(ws.clock().now().timestamp_millis());
        ws.with_token(secrets, account, |t| self.g.delete(t, remote))
    }

    fn counts(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        remotes: &[&str],
    ) -> Result<HashMap<String, Counts>, Failure> {
        self.g.at(ws.clock().now().timestamp_millis());
        // Deleted: nothing to read.
        super::one_by_one(
            remotes,
            |p| p.code.as_deref().is_some_and(|c| c.starts_with("100/")),
            |id| ws.with_token(secrets, account, |t| self.read_counts(t, id)),
        )
    }

    fn rate(&self) -> RateState {
        self.g.rate()
    }
}

impl Workspace {
    /// The container an earlier attempt of the job (by its key) made, if any.
    pub(crate) fn job_container(&self, key: &str) -> Result<Option<String>, Failure> {
        self.store()
            .conn()
            .query_row(
                "SELECT remote_container FROM publish_jobs WHERE idempotency_key = ?1",
                [key],
                |r| r.get(0),
            )
            .map_err(|e| {
                Failure::Permanent(Problem::new(
                    FailureKind::Other,
                    format!("the job could not be read ({e})"),
                ))
            })
    }

    /// Keeps (or forgets) the job's container.
    pub(crate) fn set_job_container(
        &mut self,
        key: &str,
        container: Option<&str>,
    ) -> Result<(), Failure> {
        let ctx = self.ctx(None, crate::store::Source::System);
        let id: String = self
            .store()
            .conn()
            .query_row(
                "SELECT id FROM publish_jobs WHERE idempotency_key = ?1",
                [key],
                |r| r.get(0),
            )
            .map_err(|e| {
                Failure::Permanent(Problem::new(
                    FailureKind::Other,
                    format!("the job could not be read ({e})"),
                ))
            })?;
        self.store_mut()
            .write(&ctx, |w| {
                w.update(
                    "publish_jobs",
                    &[("id", crate::store::write::val::text(id))],
                    &[(
                        "remote_container",
                        crate::store::write::val::opt_text(container.map(str::to_string)),
                    )],
                )
            })
            .map_err(|e| Failure::Permanent(Problem::new(FailureKind::Other, e.to_string())))
    }
}
