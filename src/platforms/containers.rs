//! Instagram's and Threads' container-then-publish flow on Meta's Graph API: make a
//! container from the caption and image links, wait until Meta has processed it, publish it,
//! find an earlier attempt's post, and read counters. The adapter (`publish::adapters::meta`)
//! brings the post, the media host's links and the job's kept container.

use super::graph::{self, text_of, Graph};
use super::{Counts, Failure, FailureKind, Problem, Remote};
use crate::model::Platform;
use std::collections::HashMap;

/// Waits between looks at a container still being processed (about a minute in all); one that
/// is still not ready is published on the next attempt.
const POLL_MS: [u64; 7] = [300, 700, 1_500, 3_000, 6_000, 15_000, 30_000];
/// How long the publishing quota (a moving 24-hour window) is waited out before trying again.
const QUOTA_WAIT_MS: i64 = 3_600_000;

/// Which of the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Instagram (professional accounts, Instagram Login).
    Instagram,
    /// Threads.
    Threads,
}

impl Kind {
    pub(crate) fn platform(self) -> Platform {
        match self {
            Kind::Instagram => Platform::Instagram,
            Kind::Threads => Platform::Threads,
        }
    }
    pub(crate) fn create_path(self, user: &str) -> String {
        match self {
            Kind::Instagram => format!("{user}/media"),
            Kind::Threads => format!("{user}/threads"),
        }
    }
    pub(crate) fn publish_path(self, user: &str) -> String {
        match self {
            Kind::Instagram => format!("{user}/media_publish"),
            Kind::Threads => format!("{user}/threads_publish"),
        }
    }
    pub(crate) fn caption_field(self) -> &'static str {
        match self {
            Kind::Instagram => "caption",
            Kind::Threads => "text",
        }
    }
    pub(crate) fn status_field(self) -> &'static str {
        match self {
            Kind::Instagram => "status_code",
            Kind::Threads => "status",
        }
    }
}

/// An Instagram or Threads account.
pub struct Containers {
    /// The Graph API client.
    pub g: Graph,
    /// Instagram or Threads.
    pub kind: Kind,
}

impl Containers {
    pub(crate) fn status(&self, token: &str, container: &str) -> Result<(String, String), Failure> {
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
    pub(crate) fn ready(&self, token: &str, container: &str) -> Result<bool, Failure> {
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
    pub(crate) fn find(
        &self,
        token: &str,
        user: &str,
        text: &str,
    ) -> Result<Option<Remote>, Failure> {
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
    pub(crate) fn create(
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

    pub(crate) fn publish_container(
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
    pub(crate) fn resume(
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

impl Containers {
    pub(crate) fn read_counts(&self, token: &str, id: &str) -> Result<Counts, Failure> {
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
pub(crate) fn quota(f: Failure, now_ms: i64) -> Failure {
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
