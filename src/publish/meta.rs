//! Instagram and Threads: Meta's container-then-publish flow, shared.
//!
//! A post is first a *container* made from its caption and images, which Meta fetches from a
//! public address — so images go to the workspace's media host (an S3-compatible bucket, see
//! `media_host`) and Meta gets short-lived presigned links. The container's id is kept on the
//! job before it is published: an attempt that was interrupted looks at that container
//! (`PUBLISHED`: find the post; `FINISHED`: publish the same container again) instead of
//! making a second one, which is how duplicates would happen. Hosted images are deleted once
//! the post is out. Without a media host, a post with images cannot go out, and says so.

use super::accounts::Account;
use super::adapter::Adapter;
use super::graph::{self, text_of, Graph};
use super::http::RateState;
use super::images::Limits;
use super::metrics::Counts;
use super::secrets::SecretStore;
use super::tokens::Identity;
use super::{Failure, Remote};
use crate::ids::PostId;
use crate::model::Platform;
use crate::publish::{FailureKind, Problem};
use crate::workspace::Workspace;
use std::collections::HashMap;

/// Instagram and Threads take images up to 8 MiB; Instagram only JPEG, so everything is
/// re-encoded as JPEG below that.
const META_IMAGES: Limits = Limits {
    max_bytes: 8_000_000,
    max_side: 1440,
};
/// Waits between looks at a container still being processed (about a minute in all); one that
/// is still not ready is published on the next attempt.
const POLL_MS: [u64; 7] = [300, 700, 1_500, 3_000, 6_000, 15_000, 30_000];
/// How long the publishing quota (a moving 24-hour window) is waited out before trying again.
const QUOTA_WAIT_MS: i64 = 3_600_000;

/// Which of the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Instagram (professional accounts, Instagram Login).
    Instagram,
    /// Threads.
    Threads,
}

impl Kind {
    fn platform(self) -> Platform {
        match self {
            Kind::Instagram => Platform::Instagram,
            Kind::Threads => Platform::Threads,
        }
    }
    fn create_path(self, user: &str) -> String {
        match self {
            Kind::Instagram => format!("{user}/media"),
            Kind::Threads => format!("{user}/threads"),
        }
    }
    fn publish_path(self, user: &str) -> String {
        match self {
            Kind::Instagram => format!("{user}/media_publish"),
            Kind::Threads => format!("{user}/threads_publish"),
        }
    }
    fn caption_field(self) -> &'static str {
        match self {
            Kind::Instagram => "caption",
            Kind::Threads => "text",
        }
    }
    fn status_field(self) -> &'static str {
        match self {
            Kind::Instagram => "status_code",
            Kind::Threads => "status",
        }
    }
}

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

/// An Instagram or Threads account.
pub(crate) struct Containers {
    pub(crate) g: Graph,
    pub(crate) kind: Kind,
}

impl Containers {
    fn status(&self, token: &str, container: &str) -> Result<(String, String), Failure> {
        let field = self.kind.status_field();
        let v = self.g.get(
            token,
            container,
            &[("fields", &format!("{field},error_message"))],
        )?;
        Ok((text_of(&v, field), text_of(&v, "error_message")))
    }

    /// Waits for a container to be ready: Ok(true) when it can be published, Ok(false) when
    /// it already was.
    fn ready(&self, token: &str, container: &str) -> Result<bool, Failure> {
        let who = self.g.who();
        for wait in std::iter::once(0).chain(POLL_MS) {
            std::thread::sleep(std::time::Duration::from_millis(wait));
            let (status, message) = self.status(token, container)?;
            match status.as_str() {
                "FINISHED" => return Ok(true),
                "PUBLISHED" => return Ok(false),
                "ERROR" => {
                    return Err(Failure::Permanent(Problem::new(FailureKind::Image, format!(
                        "{who} could not use the post's images ({message}). Check that the media host is reachable from the internet and the image is a JPEG between 4:5 and 1.91:1, then retry."
                    ))))
                }
                "EXPIRED" => {
                    return Err(Failure::Transient(Problem::new(FailureKind::Other, format!(
                        "{who}'s container expired before it was published; a new one is made."
                    )).with_code("container_expired")))
                }
                _ => {}
            }
        }
        Err(Failure::Transient(Problem::new(
            FailureKind::Processing,
            format!(
                "{who} is still processing the post's images; it is published on the next attempt."
            ),
        )))
    }

    /// The account's latest post with this caption.
    fn find(&self, token: &str, user: &str, text: &str) -> Result<Option<Remote>, Failure> {
        let field = self.kind.caption_field();
        let path = match self.kind {
            Kind::Instagram => format!("{user}/media"),
            Kind::Threads => format!("{user}/threads"),
        };
        let found = self
            .g
            .find_in(token, &path, &format!("id,{field},permalink"), |p| {
                graph::same_caption(&text_of(p, field), text)
            })?;
        Ok(found.map(|p| graph::remote(text_of(&p, "id"), Some(text_of(&p, "permalink")))))
    }

    /// Makes the post's container from its caption and hosted images.
    fn create(
        &self,
        token: &str,
        user: &str,
        text: &str,
        images: &[(String, String)],
    ) -> Result<String, Failure> {
        let caption = self.kind.caption_field();
        let path = self.kind.create_path(user);
        let image = |url: &str, alt: &str, child: bool| {
            let mut form = vec![("image_url", url.to_string())];
            if self.kind == Kind::Threads {
                form.push(("media_type", "IMAGE".into()));
            }
            if !alt.trim().is_empty() {
                form.push(("alt_text", alt.to_string()));
            }
            if child {
                form.push(("is_carousel_item", "true".into()));
            } else {
                form.push((caption, text.to_string()));
            }
            form
        };
        let v = match images {
            [] => self.g.post(
                token,
                &path,
                &[("media_type", "TEXT".into()), (caption, text.to_string())],
                false,
            )?,
            [(url, alt)] => self.g.post(token, &path, &image(url, alt, false), false)?,
            many => {
                let mut children = Vec::new();
                for (url, alt) in many {
                    let c = self.g.post(token, &path, &image(url, alt, true), false)?;
                    children.push(self.g.id_of(&c, "id")?);
                }
                self.g.post(
                    token,
                    &path,
                    &[
                        ("media_type", "CAROUSEL".into()),
                        ("children", children.join(",")),
                        (caption, text.to_string()),
                    ],
                    false,
                )?
            }
        };
        self.g.id_of(&v, "id")
    }

    fn publish_container(
        &self,
        token: &str,
        user: &str,
        container: &str,
    ) -> Result<Remote, Failure> {
        let v = self.g.post(
            token,
            &self.kind.publish_path(user),
            &[("creation_id", container.to_string())],
            true,
        )?;
        let id = self.g.id_of(&v, "id")?;
        let url = self
            .g
            .get(token, &id, &[("fields", "permalink")])
            .ok()
            .map(|p| text_of(&p, "permalink"));
        Ok(graph::remote(id, url))
    }

    /// The job's post from an existing container, when it has one that can still be used.
    fn resume(
        &self,
        token: &str,
        user: &str,
        container: &str,
        text: &str,
    ) -> Result<Option<Remote>, Failure> {
        match self.ready(token, container) {
            Ok(true) => self.publish_container(token, user, container).map(Some),
            Ok(false) => match self.find(token, user, text)? {
                Some(found) => Ok(Some(found)),
                None => Err(Failure::Unknown(Problem::new(
                    FailureKind::Other,
                    format!(
                        "{} says the post was published but does not list it yet",
                        self.g.who()
                    ),
                ))),
            },
            // Expired or failed: a new container is made.
            Err(Failure::Transient(m)) if m.is("container_expired") => Ok(None),
            Err(e) => Err(e),
        }
    }
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
                    ws.unhost(secrets, key);
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
                super::images::check_aspect(bytes, 0.8, 1.91, "Instagram")?;
            }
            if mime != "image/jpeg" {
                *bytes = super::images::as_jpeg(bytes)?;
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
            let Some(host) = ws.media_host(secrets)? else {
                return Err(Failure::Permanent(Problem::new(FailureKind::MediaHost, format!(
                    "{who} fetches images from a public address, and no media host is set. Set one in Settings → Media host, then retry."
                ))));
            };
            let mut hosted = Vec::new();
            for (i, (bytes, mime, alt)) in images.into_iter().enumerate() {
                let url = host.put(&super::media_host::object_key(key, i), bytes, &mime)?;
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
                ws.unhost(secrets, key);
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
        super::adapter::one_by_one(
            remotes,
            |p| p.code.as_deref().is_some_and(|c| c.starts_with("100/")),
            |id| ws.with_token(secrets, account, |t| self.read_counts(t, id)),
        )
    }

    fn rate(&self) -> RateState {
        self.g.rate()
    }
}

impl Containers {
    fn read_counts(&self, token: &str, id: &str) -> Result<Counts, Failure> {
        let insight = |metrics: &str| -> Result<HashMap<String, i64>, Failure> {
            let v = self
                .g
                .get(token, &format!("{id}/insights"), &[("metric", metrics)])?;
            Ok(v["data"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|m| {
                    Some((
                        text_of(m, "name"),
                        m["values"][0]["value"]
                            .as_i64()
                            .or_else(|| m["total_value"]["value"].as_i64())?,
                    ))
                })
                .collect())
        };
        match self.kind {
            Kind::Instagram => {
                let v = self
                    .g
                    .get(token, id, &[("fields", "like_count,comments_count")])?;
                // Insights lag up to two days and need enough viewers: no number, not zero.
                let views = insight("views").ok().and_then(|m| m.get("views").copied());
                Ok(Counts {
                    likes: v["like_count"].as_i64(),
                    reposts: None,
                    replies: v["comments_count"].as_i64(),
                    quotes: None,
                    impressions: views,
                })
            }
            Kind::Threads => {
                let m = insight("views,likes,replies,reposts,quotes")?;
                Ok(Counts {
                    likes: m.get("likes").copied(),
                    reposts: m.get("reposts").copied(),
                    replies: m.get("replies").copied(),
                    quotes: m.get("quotes").copied(),
                    impressions: m.get("views").copied(),
                })
            }
        }
    }
}

/// The publishing quota (Instagram 50, Threads 250 posts a day) waits an hour, keeping the
/// container.
fn quota(f: Failure, now_ms: i64) -> Failure {
    match f {
        Failure::Permanent(m)
            if m.code.as_deref().is_some_and(|c| c.ends_with("/2207042")) =>
        {
            Failure::RateLimited {
                until_ms: Some(now_ms + QUOTA_WAIT_MS),
                reason: Problem::new(FailureKind::DailyLimit, format!("The account reached its daily publishing limit ({m}); the post waits for room in the 24-hour window.")),
            }
        }
        other => other,
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
