//! The outbox: durable publish jobs and the runner that publishes due ones exactly once.
//!
//! A job is `pending` → `in_flight` (claimed by one runner, in one UPDATE that only one
//! runner can win) → `published` (only with the platform's id) or back to `pending` with a
//! later `next_attempt_at`, or `failed` with the platform's reason. A job found `in_flight` at
//! the start of a pass was interrupted (a crash, a kill): its outcome is unknown, so it is
//! reconciled against the platform before anything is sent again. Posts that came due while
//! nothing was running are never published late by surprise: they are listed as missed and a
//! person decides.

use super::accounts::{load_session, store_session, Account};
use super::bluesky::{self, Client};
use super::secrets::SecretStore;
use super::{Failure, Remote};
use crate::error::{Error, Result};
use crate::ids::{PostId, RowId};
use crate::model::Platform;
use crate::store::{write::val, Source, Writer};
use crate::workspace::Workspace;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Attempts before a transient problem becomes a failure a person must look at.
pub const MAX_ATTEMPTS: i64 = 8;
/// How late a post may still go out on its own; later ones wait for a decision.
pub const GRACE_MINUTES: i64 = 15;

/// HTTP clients kept for one pass, one per server.
#[derive(Default)]
struct Clients {
    bluesky: std::collections::HashMap<String, Client>,
    mastodon: std::collections::HashMap<String, super::mastodon::Client>,
}

/// Mastodon accepts far larger images than Bluesky; stay well within common instance limits.
const MASTODON_IMAGES: super::images::Limits = super::images::Limits {
    max_bytes: 8_000_000,
    max_side: 4096,
};

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
    /// pending, in_flight, published or failed.
    pub state: String,
    /// Attempts so far.
    pub attempts: i64,
    /// When the next attempt may run, RFC 3339 UTC.
    pub next_attempt_at: Option<String>,
    /// The platform's id once published.
    pub remote_id: Option<String>,
    /// Where people see it.
    pub remote_url: Option<String>,
    /// The last problem, in plain words.
    pub last_error: Option<String>,
}

/// What one pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PassReport {
    /// Jobs published.
    pub published: u32,
    /// Jobs that will be retried.
    pub retrying: u32,
    /// Jobs that failed and need a person.
    pub failed: u32,
    /// Posts past their time by more than the grace period, waiting for a decision.
    pub missed: Vec<PostId>,
    /// The crisis pause held everything back.
    pub paused: bool,
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

/// Creates (or re-arms) one job per platform of `post`, inside the approval's transaction.
pub(crate) fn create_jobs(w: &mut Writer<'_>, post: PostId) -> Result<()> {
    let platforms: Vec<String> = {
        let mut stmt = w
            .conn()
            .prepare("SELECT platform FROM post_variants WHERE post_id = ?1")?;
        let rows = stmt.query_map([post.as_string()], |r| r.get(0))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    for platform in platforms {
        let existing: Option<(String, String)> = w
            .conn()
            .query_row(
                "SELECT id, state FROM publish_jobs WHERE post_id = ?1 AND platform = ?2",
                [post.as_string(), platform.clone()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok();
        let account: Option<String> = w
            .conn()
            .query_row(
                "SELECT id FROM accounts WHERE platform = ?1 AND state != 'disconnected' ORDER BY created_at LIMIT 1",
                [platform.clone()],
                |r| r.get(0),
            )
            .ok();
        match existing {
            Some((_, state)) if state == "published" || state == "in_flight" => {}
            Some((id, _)) => w.update(
                "publish_jobs",
                &[("id", val::text(id))],
                &[
                    ("state", val::text("pending")),
                    ("account_id", val::opt_text(account)),
                    ("next_attempt_at", val::opt_text(None::<String>)),
                    ("last_error", val::opt_text(None::<String>)),
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
                w.insert(
                    "publish_jobs",
                    &[("id", val::text(id.to_string()))],
                    &[
                        ("post_id", val::text(post.as_string())),
                        ("platform", val::text(platform.clone())),
                        ("account_id", val::opt_text(account)),
                        ("state", val::text("pending")),
                        ("idempotency_key", val::text(key)),
                        ("created_at", val::text(w.now_text())),
                    ],
                )?;
            }
        }
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

/// Holds `publish.lock` in the workspace folder for one pass.
struct PassLock(std::path::PathBuf);

impl PassLock {
    fn take(dir: &std::path::Path) -> Result<Self> {
        let path = dir.join("publish.lock");
        for _ in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut f) => {
                    use std::io::Write as _;
                    let _ = write!(f, "{}", std::process::id());
                    return Ok(Self(path));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let pid = std::fs::read_to_string(&path).unwrap_or_default();
                    let alive = !pid.trim().is_empty()
                        && std::path::Path::new("/proc").join(pid.trim()).exists();
                    let old = std::fs::metadata(&path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.elapsed().ok())
                        .is_some_and(|age| age.as_secs() > 600);
                    if alive || (!cfg!(target_os = "linux") && !old) {
                        return Err(Error::invalid(
                            "publish",
                            "Another Tsunagu is publishing from this workspace right now; this pass was skipped.",
                        ));
                    }
                    let _ = std::fs::remove_file(&path);
                }
                Err(e) => return Err(Error::io("create", path, e)),
            }
        }
        Err(Error::invalid(
            "publish",
            "The publishing lock could not be taken; try again.",
        ))
    }
}

impl Drop for PassLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

impl Workspace {
    /// The jobs of a post, by platform.
    pub fn post_jobs(&self, post: PostId) -> Result<Vec<Job>> {
        self.jobs_where("j.post_id = ?1", &post.as_string())
    }

    /// Jobs that failed and need a person, newest first.
    pub fn failed_jobs(&self) -> Result<Vec<Job>> {
        self.jobs_where("j.state = 'failed' AND ?1 = ?1", "")
    }

    fn jobs_where(&self, filter: &str, arg: &str) -> Result<Vec<Job>> {
        let sql = format!(
            "SELECT j.id, j.post_id, j.platform, j.state, j.attempts, j.next_attempt_at, j.remote_id, j.remote_url, j.last_error, p.title
             FROM publish_jobs j JOIN posts p ON p.id = j.post_id WHERE {filter} ORDER BY j.created_at DESC, j.platform"
        );
        let mut stmt = self.store().conn().prepare(&sql)?;
        let mut rows = stmt.query([arg])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let (Some(id), Some(post), Some(platform)) = (
                RowId::parse(&r.get::<_, String>(0)?),
                PostId::parse(&r.get::<_, String>(1)?),
                Platform::parse(&r.get::<_, String>(2)?),
            ) else {
                continue;
            };
            out.push(Job {
                id,
                post,
                post_title: r.get(9)?,
                platform,
                state: r.get(3)?,
                attempts: r.get(4)?,
                next_attempt_at: r.get(5)?,
                remote_id: r.get(6)?,
                remote_url: r.get(7)?,
                last_error: r.get(8)?,
            });
        }
        Ok(out)
    }

    /// Posts past their time by more than the grace period that nothing has tried to publish.
    pub fn missed_posts(&self) -> Result<Vec<MissedPost>> {
        let grace = crate::clock::to_db_time(self.clock().now() - Duration::minutes(GRACE_MINUTES));
        let mut stmt = self.store().conn().prepare(
            "SELECT DISTINCT p.id, p.title, p.scheduled_at FROM posts p JOIN publish_jobs j ON j.post_id = p.id
             WHERE p.status = 'scheduled' AND p.scheduled_at < ?1 AND j.state = 'pending' AND j.attempts = 0
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

    /// A missed post goes out now: its time becomes now, and the next pass publishes it.
    pub fn publish_missed_now(&mut self, source: Source, post: PostId) -> Result<()> {
        self.decide_missed(source, post, true)
    }

    /// A missed post is not published: it goes back to approved, without a time.
    pub fn skip_missed(&mut self, source: Source, post: PostId) -> Result<()> {
        self.decide_missed(source, post, false)
    }

    fn decide_missed(&mut self, source: Source, post: PostId, now: bool) -> Result<()> {
        if !self.missed_posts()?.iter().any(|m| m.post == post) {
            return Err(Error::invalid(
                "post",
                "This post is not waiting for a decision any more.",
            ));
        }
        let ctx = self.ctx(None, source);
        self.store_mut().write(&ctx, |w| {
            let fields = if now {
                vec![("scheduled_at", val::text(w.now_text()))]
            } else {
                vec![("status", val::text("approved"))]
            };
            w.update("posts", &[("id", val::text(post.as_string()))], &fields)
        })
    }

    /// Puts a failed job back in the queue now (the retry action).
    pub fn retry_job(&mut self, source: Source, job: RowId) -> Result<()> {
        let ctx = self.ctx(None, source);
        self.store_mut().write(&ctx, |w| {
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
                ],
            )?;
            w.update(
                "posts",
                &[("id", val::text(post))],
                &[("status", val::text("scheduled"))],
            )
        })
    }

    /// One publishing pass: every due job, exactly once. `runner` names this process in claims.
    pub fn publish_due(&mut self, secrets: &dyn SecretStore, runner: &str) -> Result<PassReport> {
        let _lock = PassLock::take(self.dir())?;
        let mut report = PassReport::default();
        if self.crisis()?.is_some() {
            report.paused = true;
            return Ok(report);
        }
        let now = self.clock().now();
        let now_text = crate::clock::to_db_time(now);
        let grace = crate::clock::to_db_time(now - Duration::minutes(GRACE_MINUTES));
        let due: Vec<(String, String, i64, String)> = {
            let mut stmt = self.store().conn().prepare(
                "SELECT j.id, j.state, j.attempts, p.scheduled_at FROM publish_jobs j JOIN posts p ON p.id = j.post_id
                 WHERE p.status = 'scheduled' AND p.scheduled_at <= ?1 AND j.state IN ('pending', 'in_flight')
                   AND (j.next_attempt_at IS NULL OR j.next_attempt_at <= ?1)
                 ORDER BY p.scheduled_at, j.id",
            )?;
            let rows = stmt.query_map([&now_text], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        // Accounts out of requests until their platform's reset (Unix seconds): their jobs wait
        // without spending a request on a certain 429.
        let mut blocked: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
        // One HTTP client per server for the whole pass, so connections are reused.
        let mut clients = Clients::default();
        for (id, state, attempts, scheduled_at) in due {
            let Some(job) = RowId::parse(&id) else {
                continue;
            };
            let account: Option<String> = self.store().conn().query_row(
                "SELECT account_id FROM publish_jobs WHERE id = ?1",
                [&id],
                |r| r.get(0),
            )?;
            if let Some(until) = account.as_ref().and_then(|a| blocked.get(a)).copied() {
                if until > now.timestamp() {
                    self.defer(job, until)?;
                    report.retrying += 1;
                    continue;
                }
            }
            if attempts == 0 && state == "pending" && scheduled_at < grace {
                if let Some(p) = self.jobs_where("j.id = ?1", &id)?.first().map(|j| j.post) {
                    if !report.missed.contains(&p) {
                        report.missed.push(p);
                    }
                }
                continue;
            }
            if !self.claim(job, &state, runner)? {
                continue;
            }
            let (result, until) = self.run_job(secrets, &mut clients, job, state == "in_flight")?;
            if let (Some(a), Some(t)) = (account, until) {
                blocked.insert(a, t);
            }
            match result {
                Ok(_) => report.published += 1,
                Err(true) => report.retrying += 1,
                Err(false) => report.failed += 1,
            }
        }
        Ok(report)
    }

    /// Moves a job's next attempt to `until` (Unix seconds) without an attempt.
    fn defer(&mut self, job: RowId, until: i64) -> Result<()> {
        let at = DateTime::from_timestamp(until, 0).unwrap_or_else(|| self.clock().now());
        let ctx = self.ctx(None, Source::System);
        self.store_mut().write(&ctx, |w| {
            w.update(
                "publish_jobs",
                &[("id", val::text(job.as_string()))],
                &[("next_attempt_at", val::text(crate::clock::to_db_time(at)))],
            )
        })
    }

    /// Takes a job for this runner; false when another runner got it first.
    fn claim(&mut self, job: RowId, from: &str, runner: &str) -> Result<bool> {
        let ctx = self.ctx(None, Source::System);
        self.store_mut().write(&ctx, |w| {
            let n = w.conn().execute(
                "UPDATE publish_jobs SET state = 'in_flight', claimed_by = ?3, claimed_at = ?4
                 WHERE id = ?1 AND state = ?2",
                [
                    job.as_string(),
                    from.to_string(),
                    runner.to_string(),
                    w.now_text().to_string(),
                ],
            )?;
            if n == 1 {
                // Logged through the write path like every other change.
                w.update(
                    "publish_jobs",
                    &[("id", val::text(job.as_string()))],
                    &[
                        ("state", val::text("in_flight")),
                        ("claimed_by", val::text(runner)),
                    ],
                )?;
            }
            Ok(n == 1)
        })
    }

    /// Publishes one claimed job. Ok on success; Err(true) when it will be retried,
    /// Err(false) when it failed for good.
    fn run_job(
        &mut self,
        secrets: &dyn SecretStore,
        clients: &mut Clients,
        job: RowId,
        interrupted: bool,
    ) -> Result<(std::result::Result<Remote, bool>, Option<i64>)> {
        let (post, platform, account, key, attempts): (String, String, Option<String>, String, i64) =
            self.store().conn().query_row(
                "SELECT post_id, platform, account_id, idempotency_key, attempts FROM publish_jobs WHERE id = ?1",
                [job.as_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )?;
        let started = crate::clock::to_db_time(self.clock().now());
        let account = account
            .as_deref()
            .and_then(RowId::parse)
            .map(|a| self.account(a))
            .transpose()?;
        let mut until = None;
        let outcome = match (Platform::parse(&platform), account) {
            (_, None) => Err(Failure::Permanent(format!(
                "No {platform} account is connected. Connect one on the Accounts screen, then retry."
            ))),
            (Some(Platform::Bluesky), Some(a)) => {
                let post_id = PostId::parse(&post).ok_or_else(|| Error::invalid("post", "bad post id"))?;
                let (outcome, rate) =
                    self.publish_bluesky(secrets, &mut clients.bluesky, &a, post_id, &key, interrupted);
                until = rate.blocked_until();
                if let Err(Failure::RateLimited { until: Some(t), .. }) = &outcome {
                    until = Some(*t);
                }
                outcome
            }
            (Some(Platform::Mastodon), Some(a)) => {
                let post_id =
                    PostId::parse(&post).ok_or_else(|| Error::invalid("post", "bad post id"))?;
                let (outcome, rate) =
                    self.publish_mastodon(secrets, &mut clients.mastodon, &a, post_id, &key);
                until = rate.blocked_until();
                if let Err(Failure::RateLimited { until: Some(t), .. }) = &outcome {
                    until = Some(*t);
                }
                outcome
            }
            (_, Some(_)) => Err(Failure::Permanent(format!(
                "Publishing to {platform} is not available in this version yet; post it by hand and mark it published."
            ))),
        };
        let now = self.clock().now();
        self.record(job, &post, &started, attempts + 1, now, &outcome)?;
        let result = match outcome {
            Ok(r) => Ok(r),
            Err(Failure::Permanent(_)) => Err(false),
            Err(_) if attempts + 1 >= MAX_ATTEMPTS => Err(false),
            Err(_) => Err(true),
        };
        Ok((result, until))
    }

    fn publish_bluesky(
        &mut self,
        secrets: &dyn SecretStore,
        clients: &mut std::collections::HashMap<String, Client>,
        account: &Account,
        post: PostId,
        rkey: &str,
        interrupted: bool,
    ) -> (std::result::Result<Remote, Failure>, bluesky::RateState) {
        let base = account
            .server_url
            .clone()
            .unwrap_or_else(|| "https://bsky.social".into());
        let client = match clients.get(&base) {
            Some(c) => c.clone(),
            None => match Client::new(&base) {
                Ok(c) => {
                    clients.insert(base, c.clone());
                    c
                }
                Err(f) => return (Err(f), bluesky::RateState::default()),
            },
        };
        let outcome = self.publish_bluesky_with(&client, secrets, account, post, rkey, interrupted);
        (outcome, client.rate())
    }

    fn publish_mastodon(
        &mut self,
        secrets: &dyn SecretStore,
        clients: &mut std::collections::HashMap<String, super::mastodon::Client>,
        account: &Account,
        post: PostId,
        key: &str,
    ) -> (std::result::Result<Remote, Failure>, bluesky::RateState) {
        let base = account.server_url.clone().unwrap_or_default();
        let client = match clients.get(&base) {
            Some(c) => c.clone(),
            None => match super::mastodon::Client::new(&base) {
                Ok(c) => {
                    clients.insert(base, c.clone());
                    c
                }
                Err(f) => return (Err(f), bluesky::RateState::default()),
            },
        };
        let outcome = (|| {
            let token = super::accounts::load_token(secrets, account)
                .map_err(|e| Failure::Permanent(e.to_string()))?
                .ok_or_else(|| {
                    Failure::Permanent(
                        "The account's token is not in the keychain. Reconnect the account.".into(),
                    )
                })?;
            let detail = self
                .post(post)
                .map_err(|e| Failure::Permanent(e.to_string()))?;
            let text = detail
                .variants
                .iter()
                .find(|v| v.platform == Platform::Mastodon)
                .and_then(|v| v.body.clone())
                .unwrap_or(detail.body.clone());
            let mut media_ids = Vec::new();
            for m in self
                .post_media(post)
                .map_err(|e| Failure::Permanent(e.to_string()))?
                .iter()
                .take(4)
            {
                let path = self
                    .media_path(m.id)
                    .map_err(|e| Failure::Permanent(e.to_string()))?;
                let bytes = std::fs::read(&path).map_err(|e| {
                    Failure::Permanent(format!("the image {} cannot be read: {e}", m.file_name))
                })?;
                let (bytes, mime) = super::images::prepare(bytes, &m.mime, MASTODON_IMAGES)?;
                media_ids.push(client.upload(&token, bytes, &mime, &m.alt_text)?);
            }
            // The same key on every attempt: the server answers a repeat with the first post.
            client.post(&token, key, &text, &media_ids)
        })();
        (outcome, client.rate())
    }

    fn publish_bluesky_with(
        &mut self,
        client: &Client,
        secrets: &dyn SecretStore,
        account: &Account,
        post: PostId,
        rkey: &str,
        interrupted: bool,
    ) -> std::result::Result<Remote, Failure> {
        let Some(mut session) =
            load_session(secrets, account).map_err(|e| Failure::Permanent(e.to_string()))?
        else {
            return Err(Failure::Permanent(
                "The account's tokens are not in the keychain. Reconnect the account.".into(),
            ));
        };
        let detail = self
            .post(post)
            .map_err(|e| Failure::Permanent(e.to_string()))?;
        let text = detail
            .variants
            .iter()
            .find(|v| v.platform == Platform::Bluesky)
            .and_then(|v| v.body.clone())
            .unwrap_or(detail.body.clone());
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
                let facets = bluesky::facets(&text);
                if !facets.is_empty() {
                    record["facets"] = serde_json::Value::Array(facets);
                }
                let media = self
                    .post_media(post)
                    .map_err(|e| Failure::Permanent(e.to_string()))?;
                if !media.is_empty() {
                    let mut images = Vec::new();
                    for m in media.iter().take(4) {
                        let path = self
                            .media_path(m.id)
                            .map_err(|e| Failure::Permanent(e.to_string()))?;
                        let bytes = std::fs::read(&path).map_err(|e| {
                            Failure::Permanent(format!(
                                "the image {} cannot be read: {e}",
                                m.file_name
                            ))
                        })?;
                        let (bytes, mime) =
                            super::images::prepare(bytes, &m.mime, super::images::BLUESKY)?;
                        let blob = client.upload_blob(&session, bytes, &mime)?;
                        images.push(serde_json::json!({ "alt": m.alt_text, "image": blob }));
                    }
                    record["embed"] =
                        serde_json::json!({ "$type": "app.bsky.embed.images", "images": images });
                }
                client.put_post(&session, rkey, &record)
            })();
            match attempt {
                Err(Failure::Expired) if !refreshed => {
                    refreshed = true;
                    session = client.refresh(&session.refresh).map_err(|f| match f {
                        Failure::Permanent(m) | Failure::Transient(m) => {
                            Failure::Permanent(format!(
                                "The session could not be renewed ({m}); reconnect the account."
                            ))
                        }
                        other => other,
                    })?;
                    session.did = account.remote_id.clone().unwrap_or_default();
                    session.handle = account.handle.clone();
                    store_session(secrets, account.id, &session)
                        .map_err(|e| Failure::Permanent(e.to_string()))?;
                    let _ = self.renewed(account.id);
                }
                other => {
                    if let Err(Failure::Permanent(m)) = &other {
                        if m.contains("credentials") || m.contains("reconnect") {
                            let _ = self.set_account_state(account.id, "needs_reconnect", Some(m));
                        }
                    }
                    return other;
                }
            }
        }
    }

    /// Records an attempt and moves the job (and, when settled, the post) on.
    fn record(
        &mut self,
        job: RowId,
        post: &str,
        started: &str,
        attempts: i64,
        now: DateTime<Utc>,
        outcome: &std::result::Result<Remote, Failure>,
    ) -> Result<()> {
        let ctx = self.ctx(None, Source::System);
        self.store_mut().write(&ctx, |w| {
            let now_text = w.now_text().to_string();
            let id = w.new_id().to_string();
            let (result, detail) = match outcome {
                Ok(r) => ("published", r.id.clone()),
                Err(f) => (
                    match f {
                        Failure::Unknown(_) => "unknown",
                        Failure::Permanent(_) => "failed",
                        _ => "retry",
                    },
                    f.reason(),
                ),
            };
            w.insert(
                "publish_attempts",
                &[("id", val::text(id))],
                &[
                    ("job_id", val::text(job.as_string())),
                    ("started_at", val::text(started)),
                    ("finished_at", val::text(now_text.clone())),
                    ("outcome", val::text(result)),
                    ("detail", val::text(detail.clone())),
                ],
            )?;
            let key = [("id", val::text(job.as_string()))];
            match outcome {
                Ok(r) => {
                    w.update(
                        "publish_jobs",
                        &key,
                        &[
                            ("state", val::text("published")),
                            ("attempts", val::int(attempts)),
                            ("remote_id", val::text(r.id.clone())),
                            ("remote_url", val::opt_text(r.url.clone())),
                            ("last_error", val::opt_text(None::<String>)),
                        ],
                    )?;
                    let left: i64 = w.conn().query_row(
                        "SELECT count(*) FROM publish_jobs WHERE post_id = ?1 AND state != 'published'",
                        [post],
                        |r| r.get(0),
                    )?;
                    if left == 0 {
                        w.update("posts", &[("id", val::text(post))], &[("status", val::text("published"))])?;
                    }
                }
                Err(f) => {
                    let permanent = matches!(f, Failure::Permanent(_)) || attempts >= MAX_ATTEMPTS;
                    let next = match f {
                        Failure::RateLimited { until: Some(t), .. } => {
                            DateTime::from_timestamp(*t, 0).filter(|t| *t > now).unwrap_or(now + backoff(&job.as_string(), attempts))
                        }
                        // An unknown outcome is reconciled on the next pass, straight away.
                        Failure::Unknown(_) => now,
                        _ => now + backoff(&job.as_string(), attempts),
                    };
                    let reason = if permanent && !matches!(f, Failure::Permanent(_)) {
                        format!("Gave up after {attempts} attempts: {detail}")
                    } else {
                        detail
                    };
                    w.update(
                        "publish_jobs",
                        &key,
                        &[
                            ("state", val::text(if permanent { "failed" } else if matches!(f, Failure::Unknown(_)) { "in_flight" } else { "pending" })),
                            ("attempts", val::int(attempts)),
                            ("next_attempt_at", val::text(crate::clock::to_db_time(next))),
                            ("last_error", val::text(reason)),
                        ],
                    )?;
                    if permanent {
                        w.update("posts", &[("id", val::text(post))], &[("status", val::text("failed"))])?;
                    }
                }
            }
            Ok(())
        })
    }
}
