//! The runner: one publishing pass that publishes every due job exactly once.
//!
//! A pass holds `publish.lock`, claims each job in one UPDATE that only one runner can win,
//! and records each attempt and the job's new state in one transaction. A job found
//! `in_flight` at the start of a pass was interrupted (a crash, a kill): its outcome is
//! unknown, so Bluesky is asked first, and Mastodon gets the same `Idempotency-Key` again.
//! Rate limits are one state per account: an account out of requests waits for its reset.

use super::http::RateState;
use super::outbox::{backoff, PassReport, GRACE_MINUTES, MAX_ATTEMPTS};
use super::secrets::SecretStore;
use super::send::Clients;
use super::{Failure, Remote};
use crate::error::{Error, Result};
use crate::ids::{PostId, RowId};
use crate::model::Platform;
use crate::store::{write::val, Source};
use crate::workspace::Workspace;
use chrono::{DateTime, Duration, Utc};

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
        // Each account's last rate-limit state, kept on the account when the pass ends.
        let mut rates: std::collections::HashMap<String, RateState> =
            std::collections::HashMap::new();
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
            let (result, rate) = self.run_job(secrets, &mut clients, job, state == "in_flight")?;
            if let (Some(a), Some(rate)) = (account, rate) {
                if let Some(t) = rate.blocked_until() {
                    blocked.insert(a.clone(), t);
                }
                rates.insert(a, rate);
            }
            match result {
                Ok(_) => report.published += 1,
                Err(true) => report.retrying += 1,
                Err(false) => report.failed += 1,
            }
        }
        self.keep_rates(&rates)?;
        Ok(report)
    }

    /// Keeps each account's rate-limit state for the Accounts screen, in one transaction.
    fn keep_rates(&mut self, rates: &std::collections::HashMap<String, RateState>) -> Result<()> {
        if rates.is_empty() {
            return Ok(());
        }
        let ctx = self.ctx(None, Source::System);
        self.store_mut().write(&ctx, |w| {
            for (account, rate) in rates {
                let reset = rate
                    .reset
                    .and_then(|t| DateTime::from_timestamp(t, 0))
                    .map(crate::clock::to_db_time);
                w.update(
                    "accounts",
                    &[("id", val::text(account.clone()))],
                    &[
                        ("rate_remaining", val::opt_int(rate.remaining)),
                        ("rate_reset_at", val::opt_text(reset)),
                    ],
                )?;
            }
            Ok(())
        })
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
    ) -> Result<(std::result::Result<Remote, bool>, Option<RateState>)> {
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
        let mut rate = None;
        let outcome = match (Platform::parse(&platform), account) {
            (_, None) => Err(Failure::Permanent(format!(
                "No {platform} account is connected. Connect one on the Accounts screen, then retry."
            ))),
            (Some(Platform::Bluesky), Some(a)) => {
                let post_id = PostId::parse(&post).ok_or_else(|| Error::invalid("post", "bad post id"))?;
                let (outcome, r) =
                    self.publish_bluesky(secrets, &mut clients.bluesky, &a, post_id, &key, interrupted);
                rate = Some(merge_rate(r, &outcome));
                outcome
            }
            (Some(Platform::Mastodon), Some(a)) => {
                let post_id =
                    PostId::parse(&post).ok_or_else(|| Error::invalid("post", "bad post id"))?;
                let (outcome, r) =
                    self.publish_mastodon(secrets, &mut clients.mastodon, &a, post_id, &key);
                rate = Some(merge_rate(r, &outcome));
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
        Ok((result, rate))
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

/// The rate state after a job: a 429 with a reset means no requests left until then, whatever
/// the headers of earlier responses said.
fn merge_rate(rate: RateState, outcome: &std::result::Result<Remote, Failure>) -> RateState {
    match outcome {
        Err(Failure::RateLimited { until: Some(t), .. }) => RateState {
            remaining: Some(0),
            reset: Some(*t),
        },
        _ => rate,
    }
}
