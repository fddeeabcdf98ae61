//! Handing one approved post to a person who posts it by hand, for a channel Tsunagu cannot
//! post to itself (no connected account, Instagram without a media host, and the channels
//! without an API a desktop app may use).
//!
//! The promise holds as it does for the publisher: a job is handed off only while its post is
//! approved as it stands (the exit check runs when it is handed off), the publisher never
//! sends a handed-off job, and the address of the post is taken back only if the content is
//! still the approved content the person was shown (the hash they saw is sent back with the
//! address) and only once. A post edited after the handoff goes back to review, as always; the
//! person is told to take down what they posted.

use crate::error::{Error, Result, Rule};
use crate::ids::{PostId, RowId};
use crate::model::Platform;
use crate::store::{write::val, Source};
use crate::workspace::Workspace;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A job that could be posted by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Candidate {
    /// The job.
    pub job: RowId,
    /// Its post.
    pub post: PostId,
    /// The post's title.
    pub title: String,
    /// The platform.
    pub platform: Platform,
    /// When the post is due, RFC 3339 UTC.
    pub scheduled_at: Option<String>,
    /// Whether it is handed off already.
    pub handed_off: bool,
}

/// What the person posting by hand is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kit {
    /// The job.
    pub job: RowId,
    /// The post.
    pub post: PostId,
    /// Its title.
    pub title: String,
    /// The platform.
    pub platform: Platform,
    /// The approved text for the platform.
    pub text: String,
    /// The images in order: (image, file name, alt text).
    pub images: Vec<(RowId, String, String)>,
    /// The approved content's hash, sent back with the address.
    pub hash: String,
}

/// Why a handoff or its address was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HandoffProblem {
    /// The content changed after it was approved (or since the page was opened).
    Changed,
    /// The post has its address already.
    AlreadyPosted,
    /// The address is not a post on the platform.
    BadAddress,
    /// The job is not handed off (taken back, or gone).
    NotHandedOff,
}

/// Approved posts' jobs that have not gone out, by time.
pub fn candidates(ws: &Workspace) -> Result<Vec<Candidate>> {
    let mut stmt = ws.store().conn().prepare(
        "SELECT j.id, j.post_id, p.title, j.platform, p.scheduled_at, j.handoff_at IS NOT NULL
         FROM publish_jobs j JOIN posts p ON p.id = j.post_id
         WHERE p.status = 'scheduled' AND p.deleted_at IS NULL AND j.state IN ('pending', 'failed')
           AND j.may_have_arrived = 0
         ORDER BY p.scheduled_at, p.title, j.platform",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, bool>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (job, post, title, platform, scheduled_at, handed_off) = row?;
        if let (Some(job), Some(post), Some(platform)) = (
            RowId::parse(&job),
            PostId::parse(&post),
            Platform::parse(&platform),
        ) {
            out.push(Candidate {
                job,
                post,
                title,
                platform,
                scheduled_at,
                handed_off,
            });
        }
    }
    Ok(out)
}

fn job_row(ws: &Workspace, job: RowId) -> Result<(PostId, Platform, String, Option<String>)> {
    let row: Option<(String, String, String, Option<String>)> = ws
        .store()
        .conn()
        .query_row(
            "SELECT post_id, platform, state, handoff_at FROM publish_jobs WHERE id = ?1",
            [job.as_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let gone = || Error::NotFound {
        entity: "publish job",
        id: job.as_string(),
    };
    let (post, platform, state, handoff) = row.ok_or_else(gone)?;
    Ok((
        PostId::parse(&post).ok_or_else(gone)?,
        Platform::parse(&platform).ok_or_else(gone)?,
        state,
        handoff,
    ))
}

fn changed() -> Error {
    Error::refused(
        Rule::NotInReview,
        "post",
        "The post changed after it was approved, so it went back to review; nothing was handed off.",
    )
}

/// Hands a job to a person: the publisher leaves it alone from now on.
pub fn hand_off(ws: &mut Workspace, source: Source, job: RowId) -> Result<()> {
    let (post, _, state, _) = job_row(ws, job)?;
    if !matches!(state.as_str(), "pending" | "failed") {
        return Err(Error::refused(
            Rule::AlreadyPublished,
            "job",
            "This post is already on its way or out on this platform.",
        ));
    }
    if ws.exit_check(job, post)?.is_some() {
        return Err(changed());
    }
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| {
        let now = w.now_text().to_string();
        w.update(
            "publish_jobs",
            &[("id", val::text(job.as_string()))],
            &[("handoff_at", val::text(now))],
        )
    })
}

/// Takes a handoff back: the publisher may send the job again.
pub fn take_back(ws: &mut Workspace, source: Source, job: RowId) -> Result<()> {
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| {
        w.update(
            "publish_jobs",
            &[("id", val::text(job.as_string()))],
            &[("handoff_at", val::opt_text(None::<String>))],
        )
    })
}

/// What the person is shown for a handed-off job.
pub fn kit(ws: &Workspace, job: RowId) -> Result<std::result::Result<Kit, HandoffProblem>> {
    let (post, platform, state, handoff) = job_row(ws, job)?;
    if state == "published" {
        return Ok(Err(HandoffProblem::AlreadyPosted));
    }
    if handoff.is_none() {
        return Ok(Err(HandoffProblem::NotHandedOff));
    }
    let approved: Option<String> = ws.store().conn().query_row(
        "SELECT approved_hash FROM publish_jobs WHERE id = ?1",
        [job.as_string()],
        |r| r.get(0),
    )?;
    let content = crate::approval::content(ws.store().conn(), post)?;
    let hash = content.hash();
    if approved.as_deref() != Some(hash.as_str()) {
        return Ok(Err(HandoffProblem::Changed));
    }
    let detail = ws.post(post)?;
    let text = ws
        .text_for(post, platform)
        .map_err(|f| Error::invalid("post", f.reason()))?;
    let images = crate::media::post_media(ws.store().conn(), post)?
        .into_iter()
        .map(|m| (m.id, m.file_name, m.alt_text))
        .collect();
    Ok(Ok(Kit {
        job,
        post,
        title: detail.title,
        platform,
        text,
        images,
        hash,
    }))
}

/// One step of posting by hand, as a typed code the windows word (and the phone page too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KitStep {
    /// Open the platform's app or site as the company's account.
    OpenAccount,
    /// Give the post a title (note).
    Title,
    /// Paste the approved text as it is (the disclosure included).
    PasteText,
    /// Add the images, in order.
    AddImages,
    /// Set each image's alt text where the platform has a place for it.
    AltText,
    /// Choose photo mode (TikTok posts photos as a carousel).
    PhotoMode,
    /// Check nothing was changed, then post.
    Post,
    /// Copy the address of the post and record it here.
    RecordAddress,
}

/// The steps of posting a kit by hand on `platform`.
pub fn steps(platform: Platform, images: usize, alt: bool) -> Vec<KitStep> {
    let mut out = vec![KitStep::OpenAccount];
    if platform == Platform::Note {
        out.push(KitStep::Title);
    }
    out.push(KitStep::PasteText);
    if images > 0 {
        if platform == Platform::Tiktok {
            out.push(KitStep::PhotoMode);
        }
        out.push(KitStep::AddImages);
        if alt {
            out.push(KitStep::AltText);
        }
    }
    out.push(KitStep::Post);
    out.push(KitStep::RecordAddress);
    out
}

/// How big a kit's images are made for a channel: what its app takes without shrinking them
/// again (a TikTok photo is portrait 1080×1920; note's editor shows 1280 wide).
fn kit_limits(platform: Platform) -> super::images::Limits {
    let max_side = match platform {
        Platform::Tiktok => 1920,
        Platform::Note => 1280,
        Platform::Instagram | Platform::Threads => 1440,
        _ => 2048,
    };
    super::images::Limits {
        max_bytes: 8_000_000,
        max_side,
    }
}

/// The `n`-th image of a handed-off job (from 0), made for its channel and stripped of
/// location and camera data: (bytes, MIME type, a file name to save it under).
pub fn kit_image(ws: &Workspace, job: RowId, n: usize) -> Result<(Vec<u8>, String, String)> {
    let k = kit(ws, job)?.map_err(|p| {
        Error::refused(
            Rule::NotInReview,
            "job",
            match p {
                HandoffProblem::Changed => {
                    "The post changed after it was approved; its kit is closed."
                }
                HandoffProblem::AlreadyPosted => "The post is recorded as posted already.",
                _ => "The post is not handed off to be posted by hand.",
            },
        )
    })?;
    let gone = || Error::NotFound {
        entity: "kit image",
        id: format!("{job}/{n}"),
    };
    let (id, file_name, _) = k.images.get(n).cloned().ok_or_else(gone)?;
    let conn = ws.store().conn();
    let info = crate::media::media(conn, id)?;
    let path = crate::media::path(conn, &crate::media::root(ws.dir()), id)?;
    let bytes = std::fs::read(&path).map_err(|e| Error::io("read", path, e))?;
    let (bytes, mime) = super::images::prepare(bytes, &info.mime, kit_limits(k.platform))
        .map_err(|f| Error::invalid("image", f.reason()))?;
    let stem = std::path::Path::new(&file_name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("image");
    let ext = if mime == "image/png" { "png" } else { "jpg" };
    Ok((
        bytes,
        mime,
        format!("{}-{}-{stem}.{ext}", k.platform.as_str(), n + 1),
    ))
}

/// Jobs handed to a person and not yet recorded as posted, by time: the lead's list of
/// posts to post by hand.
pub fn waiting(ws: &Workspace) -> Result<Vec<Candidate>> {
    Ok(candidates(ws)?
        .into_iter()
        .filter(|c| c.handed_off)
        .collect())
}

/// Whether `url` is a post's address on `platform` (https, on the platform's own site; any
/// server for Mastodon, which is federated).
pub fn address_fits(platform: Platform, url: &str) -> bool {
    let Ok(u) = url::Url::parse(url.trim()) else {
        return false;
    };
    let Some(host) = u.host_str().map(str::to_ascii_lowercase) else {
        return false;
    };
    if u.scheme() != "https" || u.path().len() <= 1 {
        return false;
    }
    let on = |domains: &[&str]| {
        domains
            .iter()
            .any(|d| host == *d || host.ends_with(&format!(".{d}")))
    };
    match platform {
        Platform::X => on(&["x.com", "twitter.com"]),
        Platform::Bluesky => on(&["bsky.app"]),
        Platform::Mastodon => host.contains('.'),
        Platform::Linkedin => on(&["linkedin.com"]),
        Platform::Facebook => on(&["facebook.com", "fb.com"]),
        Platform::Instagram => on(&["instagram.com"]),
        Platform::Threads => on(&["threads.net", "threads.com"]),
        // A broadcast has no address of its own; a copy posted by hand is the account's
        // page on LINE.
        Platform::Line => on(&["line.me"]),
        Platform::LineVoom => on(&["voom.line.me", "linevoom.line.me"]),
        Platform::Note => on(&["note.com"]),
        Platform::Tiktok => on(&["tiktok.com"]),
    }
}

/// Takes the address of the post a person posted by hand: only if the job is handed off, the
/// content is still the approved content they were shown (`hash`), and no address was taken
/// before. The job (and, when it was the last, the post) is published.
pub fn record(
    ws: &mut Workspace,
    source: Source,
    job: RowId,
    hash: &str,
    url: &str,
) -> Result<std::result::Result<(), HandoffProblem>> {
    let (post, platform, state, handoff) = job_row(ws, job)?;
    if state == "published" {
        return Ok(Err(HandoffProblem::AlreadyPosted));
    }
    if handoff.is_none() {
        return Ok(Err(HandoffProblem::NotHandedOff));
    }
    if !address_fits(platform, url) {
        return Ok(Err(HandoffProblem::BadAddress));
    }
    if ws.exit_check(job, post)?.is_some() {
        return Ok(Err(HandoffProblem::Changed));
    }
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| {
        // Read again inside the transaction: two addresses sent at once record one.
        let (state, approved): (String, Option<String>) = w.conn().query_row(
            "SELECT state, approved_hash FROM publish_jobs WHERE id = ?1",
            [job.as_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if state == "published" {
            return Ok(Err(HandoffProblem::AlreadyPosted));
        }
        if approved.as_deref() != Some(hash) {
            return Ok(Err(HandoffProblem::Changed));
        }
        let now = w.now_text().to_string();
        let url = url.trim().to_string();
        let attempt = w.new_id().to_string();
        w.insert(
            "publish_attempts",
            &[("id", val::text(attempt))],
            &[
                ("job_id", val::text(job.as_string())),
                ("started_at", val::text(now.clone())),
                ("finished_at", val::text(now)),
                ("outcome", val::text("published")),
                ("detail", val::text("posted by hand")),
            ],
        )?;
        w.update(
            "publish_jobs",
            &[("id", val::text(job.as_string()))],
            &[
                ("state", val::text("published")),
                ("remote_id", val::text(url.clone())),
                ("remote_url", val::text(url)),
                ("last_error", val::opt_text(None::<String>)),
            ],
        )?;
        let left: i64 = w.conn().query_row(
            "SELECT count(*) FROM publish_jobs WHERE post_id = ?1 AND state != 'published'",
            [post.as_string()],
            |r| r.get(0),
        )?;
        if left == 0 {
            w.update(
                "posts",
                &[("id", val::text(post.as_string()))],
                &[("status", val::text("published"))],
            )?;
        }
        Ok(Ok(()))
    })
}
