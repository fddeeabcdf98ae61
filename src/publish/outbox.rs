//! The outbox: durable publish jobs, one per post and platform, and what people do with them.
//!
//! A job is `pending` → `in_flight` (claimed by one runner) → `published` (only with the
//! platform's id) or back to `pending` with a later `next_attempt_at`, or `failed` with the
//! platform's reason. Jobs are created inside the approval's transaction. Posts that came due
//! while nothing was running are never published late by surprise: they are listed as missed
//! and a person decides. The runner that publishes them is in `runner`.

use crate::error::{Error, Result};
use crate::ids::{PostId, RowId};
use crate::model::Platform;
use crate::platforms::bluesky;
use crate::store::{write::val, Writer};
use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Attempts before a transient problem becomes a failure a person must look at.
pub const MAX_ATTEMPTS: i64 = 8;
/// How late a post may still go out on its own; later ones wait for a decision.
pub const GRACE_MINUTES: i64 = 15;

/// One platform's part of a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Job {
    /// The job.
    pub id: RowId,
    /// The post.
    pub post: PostId,
    /// The post's title.
    pub post_title: String,
    /// The platform.
    pub platform: Platform,
    /// The account it goes out through (`None` until the platform has one here).
    pub account: Option<RowId>,
    /// That account's company name or handle, for the windows.
    pub account_label: Option<String>,
    /// pending, in_flight, scheduled_remote (the platform publishes it at its time),
    /// published, failed or deleted.
    pub state: super::JobState,
    /// Attempts so far.
    pub attempts: i64,
    /// When the next attempt may run, RFC 3339 UTC.
    pub next_attempt_at: Option<String>,
    /// The platform's id once published.
    pub remote_id: Option<String>,
    /// Where people see it.
    pub remote_url: Option<String>,
    /// The last problem, in plain English (for 「詳細」 and the CLI).
    pub last_error: Option<String>,
    /// What kind of problem it was (the windows say it in their language from this).
    pub last_error_kind: Option<super::FailureKind>,
    /// Whether the runner gave up after its attempts (the problem itself was temporary).
    pub gave_up: bool,
    /// When the platform answered with the post's id, RFC 3339 UTC.
    pub published_at: Option<String>,
    /// When Tsunagu read the post back from the platform (「公開を確認」); `None` while it is
    /// published but not yet proven live, or for posts published by hand.
    pub verified_at: Option<String>,
    /// Posted by a person by hand (a handoff), with the address they gave.
    pub by_hand: bool,
    /// What sending it cost on a pay-per-use platform (X), in millionths of a US dollar.
    pub cost_micros: Option<i64>,
}

/// What one pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PassReport {
    /// Jobs published.
    pub published: u32,
    /// Jobs handed to a platform that publishes them itself at their time (Facebook).
    pub handed_over: u32,
    /// Jobs that will be retried.
    pub retrying: u32,
    /// Jobs that failed and need a person.
    pub failed: u32,
    /// Jobs held back because their content differs from what was approved (or lacks a
    /// valid approval): their posts went back to review and nothing was sent.
    pub held_back: u32,
    /// Posts past their time by more than the grace period, waiting for a decision.
    pub missed: Vec<PostId>,
    /// The crisis pause held everything back.
    pub paused: bool,
    /// Published posts read back from their platform (proven live).
    pub verified: u32,
    /// Published posts their platform did not show within minutes: failed, loudly.
    pub not_live: u32,
    /// Posts whose time came for a channel posted by hand: handed to a person with a kit.
    pub by_hand: u32,
}

/// A post that came due while nothing was publishing, waiting for a person's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MissedPost {
    /// The post.
    pub post: PostId,
    /// Its title.
    pub title: String,
    /// When it was meant to go out, RFC 3339 UTC.
    pub scheduled_at: String,
}

/// Creates (or re-arms) one job per target of `post` (each account it names, or its
/// platform's default), inside the approval's transaction.
pub(crate) fn create_jobs(w: &mut Writer<'_>, post: PostId) -> Result<()> {
    let targets = crate::posts::targets::targets(w.conn(), post)?;
    // The snapshot every job carries: the publisher sends nothing that differs from it.
    let (approved_hash, approved_parts) = super::exit::snapshot(w.conn(), post)?;
    let mut kept: Vec<String> = Vec::new();
    for target in targets {
        let platform = target.platform.as_str().to_string();
        let account: Option<String> = target.account.map(|a| a.as_string());
        // The job of this account; for a default target also a job made while the platform
        // had no account (it is bound now instead of making a second one).
        let existing: Option<(String, String)> = w
            .conn()
            .query_row(
                "SELECT id, state FROM publish_jobs WHERE post_id = ?1 AND platform = ?2
                   AND (account_id IS ?3 OR (?4 AND account_id IS NULL))
                 ORDER BY account_id IS NULL LIMIT 1",
                rusqlite::params![post.as_string(), platform, account, !target.named],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok();
        if let Some((id, _)) = &existing {
            kept.push(id.clone());
        }
        match existing {
            Some((_, state)) if state == "published" || state == "in_flight" => {}
            // Facebook holds an earlier version: the next pass takes it back (the time it was
            // given no longer matches) and sends this one.
            Some((id, state)) if state == "scheduled_remote" => w.update(
                "publish_jobs",
                &[("id", val::text(id))],
                &[
                    ("remote_scheduled_at", val::text("superseded")),
                    ("approved_hash", val::text(approved_hash.clone())),
                    ("approved_parts", val::text(approved_parts.clone())),
                ],
            )?,
            Some((id, _)) => w.update(
                "publish_jobs",
                &[("id", val::text(id))],
                &[
                    ("state", val::text("pending")),
                    ("account_id", val::opt_text(account)),
                    ("next_attempt_at", val::opt_text(None::<String>)),
                    ("last_error", val::opt_text(None::<String>)),
                    ("last_error_kind", val::opt_text(None::<String>)),
                    ("gave_up", val::int(0)),
                    ("approved_hash", val::text(approved_hash.clone())),
                    ("approved_parts", val::text(approved_parts.clone())),
                ],
            )?,
            None => {
                let id = w.new_id();
                // The record key is chosen once, so every retry writes the same record, and it
                // is unique in the workspace (two approvals in the same microsecond, or a
                // fixed test clock, step to the next microsecond).
                let mut micros = u64::try_from(w.now().timestamp_micros()).unwrap_or(0);
                let clock_id = (id.as_u128() & 0x3FF) as u16;
                let key = loop {
                    let key = bluesky::tid(micros, clock_id);
                    let taken: bool = w.conn().query_row(
                        "SELECT EXISTS (SELECT 1 FROM publish_jobs WHERE idempotency_key = ?1)",
                        [&key],
                        |r| r.get(0),
                    )?;
                    if !taken {
                        break key;
                    }
                    micros += 1;
                };
                kept.push(id.to_string());
                w.insert(
                    "publish_jobs",
                    &[("id", val::text(id.to_string()))],
                    &[
                        ("post_id", val::text(post.as_string())),
                        ("platform", val::text(platform.clone())),
                        ("account_id", val::opt_text(account)),
                        ("state", val::text("pending")),
                        ("idempotency_key", val::text(key)),
                        ("approved_hash", val::text(approved_hash.clone())),
                        ("approved_parts", val::text(approved_parts.clone())),
                        ("created_at", val::text(w.now_text())),
                    ],
                )?;
            }
        }
    }
    // Jobs of accounts or platforms the post no longer goes to, that never reached a platform,
    // are dropped: nothing of them can go out, and they would hold the post forever.
    let stale: Vec<String> = {
        let mut stmt = w.conn().prepare(
            "SELECT id FROM publish_jobs WHERE post_id = ?1 AND state IN ('pending', 'failed') AND may_have_arrived = 0",
        )?;
        let rows = stmt.query_map([post.as_string()], |r| r.get::<_, String>(0))?;
        rows.filter_map(|r| r.ok())
            .filter(|id| !kept.contains(id))
            .collect()
    };
    for id in stale {
        w.delete("publish_jobs", &[("id", val::text(id))])?;
    }
    Ok(())
}

/// Delay before attempt `n + 1`: 30 s doubling up to an hour, ±20 % jitter that is the same
/// for the same job and attempt (so a test can predict it, and two jobs do not align).
pub fn backoff(job: &str, attempts: i64) -> Duration {
    let base = 30i64
        .saturating_mul(1i64 << attempts.clamp(1, 12).saturating_sub(1))
        .min(3600);
    let h = job
        .bytes()
        .chain(attempts.to_le_bytes())
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    let percent = (h % 41) as i64 - 20;
    Duration::seconds(base + base * percent / 100)
}

/// The jobs of a post, by platform.
pub fn post_jobs(conn: &Connection, post: PostId) -> Result<Vec<Job>> {
    jobs_where(conn, "j.post_id = ?1", &post.as_string())
}

/// How a post's published jobs are known to be out: by hand when a person posted any of them,
/// verified when every one Tsunagu published was read back, unverified otherwise. `None`
/// while none is published, or when all were published before Tsunagu read posts back (it
/// cannot tell).
pub fn proof(jobs: &[Job]) -> Option<super::Proof> {
    let out: Vec<&Job> = jobs
        .iter()
        .filter(|j| j.state == super::JobState::Published)
        .collect();
    if out.iter().any(|j| j.by_hand) {
        Some(super::Proof::ByHand)
    } else if out.iter().all(|j| j.published_at.is_none()) {
        None
    } else if out
        .iter()
        .all(|j| j.verified_at.is_some() || j.published_at.is_none())
    {
        Some(super::Proof::Verified)
    } else {
        Some(super::Proof::Unverified)
    }
}

/// The next post to go out and whether this computer must be on for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NextPost {
    /// The post.
    pub post: PostId,
    /// Its title.
    pub title: String,
    /// When it goes out, RFC 3339 UTC.
    pub at: String,
    /// Tsunagu on this computer sends (or hands over) part of it at that time; `false` when
    /// every platform holds it and publishes it itself (Facebook's and Mastodon's scheduling).
    pub needs_this_pc: bool,
}

/// The next scheduled post still to go out after `now` (`None` when nothing is scheduled).
pub fn next_post(conn: &Connection, now: DateTime<Utc>) -> Result<Option<NextPost>> {
    let now = crate::clock::to_db_time(now);
    let row: Option<(String, String, String, bool)> = conn
        .query_row(
            "SELECT p.id, p.title, p.scheduled_at,
                    EXISTS (SELECT 1 FROM publish_jobs k WHERE k.post_id = p.id AND k.state IN ('pending', 'in_flight'))
             FROM posts p
             WHERE p.status = 'scheduled' AND p.deleted_at IS NULL AND p.scheduled_at > ?1
               AND EXISTS (SELECT 1 FROM publish_jobs j WHERE j.post_id = p.id
                           AND j.state IN ('pending', 'in_flight', 'scheduled_remote'))
             ORDER BY p.scheduled_at, p.id LIMIT 1",
            [now],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    Ok(row.and_then(|(id, title, at, needs)| {
        PostId::parse(&id).map(|post| NextPost {
            post,
            title,
            at,
            needs_this_pc: needs,
        })
    }))
}

/// Jobs that failed and need a person, newest first.
pub fn failed_jobs(conn: &Connection) -> Result<Vec<Job>> {
    jobs_where(conn, "j.state = 'failed' AND ?1 = ?1", "")
}

fn jobs_where(conn: &Connection, filter: &str, arg: &str) -> Result<Vec<Job>> {
    let sql = format!(
        "SELECT j.id, j.post_id, j.platform, j.state, j.attempts, j.next_attempt_at, j.remote_id, j.remote_url, j.last_error, p.title, j.last_error_kind, j.gave_up,
                j.account_id, coalesce(nullif(a.display_name, ''), '@' || a.handle),
                j.published_at, j.verified_at, j.handoff_at IS NOT NULL, j.cost_micros
         FROM publish_jobs j JOIN posts p ON p.id = j.post_id LEFT JOIN accounts a ON a.id = j.account_id WHERE {filter} ORDER BY j.created_at DESC, j.platform"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([arg])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let (Some(id), Some(post), Some(platform), Some(state)) = (
            RowId::parse(&r.get::<_, String>(0)?),
            PostId::parse(&r.get::<_, String>(1)?),
            Platform::parse(&r.get::<_, String>(2)?),
            super::JobState::parse(&r.get::<_, String>(3)?),
        ) else {
            continue;
        };
        out.push(Job {
            id,
            post,
            post_title: r.get(9)?,
            platform,
            account: r
                .get::<_, Option<String>>(12)?
                .as_deref()
                .and_then(RowId::parse),
            account_label: r.get(13)?,
            state,
            attempts: r.get(4)?,
            next_attempt_at: r.get(5)?,
            remote_id: r.get(6)?,
            remote_url: r.get(7)?,
            last_error: r.get(8)?,
            last_error_kind: r
                .get::<_, Option<String>>(10)?
                .as_deref()
                .map(super::FailureKind::parse),
            gave_up: r.get(11)?,
            published_at: r.get(14)?,
            verified_at: r.get(15)?,
            by_hand: r.get(16)?,
            cost_micros: r.get(17)?,
        });
    }
    Ok(out)
}

/// Posts past their time by more than the grace period (at `now`) that nothing has tried to
/// publish.
pub fn missed_posts(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<MissedPost>> {
    let grace = crate::clock::to_db_time(now - Duration::minutes(GRACE_MINUTES));
    let mut stmt = conn.prepare(
        "SELECT DISTINCT p.id, p.title, p.scheduled_at FROM posts p JOIN publish_jobs j ON j.post_id = p.id
         WHERE p.status = 'scheduled' AND p.deleted_at IS NULL AND p.scheduled_at < ?1 AND j.state = 'pending' AND j.attempts = 0 AND j.next_attempt_at IS NULL AND j.handoff_at IS NULL
         ORDER BY p.scheduled_at",
    )?;
    let rows = stmt.query_map([grace], |r| {
        Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, title, scheduled_at) = row?;
        if let Some(post) = PostId::parse(&id) {
            out.push(MissedPost {
                post,
                title,
                scheduled_at,
            });
        }
    }
    Ok(out)
}

/// Refuses when `post` is no longer a missed post waiting for a decision.
pub fn ensure_missed(conn: &Connection, now: DateTime<Utc>, post: PostId) -> Result<()> {
    if missed_posts(conn, now)?.iter().any(|m| m.post == post) {
        Ok(())
    } else {
        Err(Error::invalid(
            "post",
            "This post is not waiting for a decision any more.",
        ))
    }
}

/// Decides a missed post: out now (its time becomes now, and the next pass publishes it), or
/// not at all (back to approved, without a time).
pub fn decide_missed(w: &mut Writer<'_>, post: PostId, now: bool) -> Result<()> {
    ensure_missed(w.conn(), w.now(), post)?;
    let fields = if now {
        vec![("scheduled_at", val::text(w.now_text()))]
    } else {
        vec![("status", val::text("approved"))]
    };
    w.update("posts", &[("id", val::text(post.as_string()))], &fields)
}

/// Puts a failed job back in the queue now (the retry action).
pub fn retry_job(w: &mut Writer<'_>, job: RowId) -> Result<()> {
    let post: String = w
        .conn()
        .query_row(
            "SELECT post_id FROM publish_jobs WHERE id = ?1 AND state = 'failed'",
            [job.as_string()],
            |r| r.get(0),
        )
        .map_err(|_| Error::invalid("job", "Only a failed job can be retried."))?;
    w.update(
        "publish_jobs",
        &[("id", val::text(job.as_string()))],
        &[
            ("state", val::text("pending")),
            ("attempts", val::int(0)),
            ("next_attempt_at", val::opt_text(None::<String>)),
            ("gave_up", val::int(0)),
        ],
    )?;
    w.update(
        "posts",
        &[("id", val::text(post))],
        &[("status", val::text("scheduled"))],
    )
}

/// After a restore from a backup: every job not known to be published is marked "may have
/// arrived", so the publisher checks the platform before it sends anything (the backup
/// cannot know what went out after it was taken).
pub(crate) fn mark_may_have_arrived(w: &mut Writer<'_>) -> Result<()> {
    let jobs: Vec<String> = {
        let mut stmt = w.conn().prepare(
            "SELECT id FROM publish_jobs WHERE state IN ('pending', 'in_flight', 'failed') AND may_have_arrived = 0",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    for id in jobs {
        w.update(
            "publish_jobs",
            &[("id", val::text(id))],
            &[("may_have_arrived", val::int(1))],
        )?;
    }
    Ok(())
}
