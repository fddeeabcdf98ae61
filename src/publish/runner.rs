//! The runner: one publishing pass that publishes every due job exactly once.
//!
//! A pass holds `publish.lock`, claims each job in one UPDATE that only one runner can win,
//! and records each attempt and the job's new state in one transaction (`record`). A job
//! found `in_flight` at the start of a pass was interrupted (a crash, a kill): its outcome is
//! unknown, so its adapter reconciles before sending (Bluesky and X look for the post;
//! Mastodon sends the same `Idempotency-Key`). Rate limits are one state per account: an
//! account out of requests waits for its reset.

use super::accounts::Account;
use super::adapters::Adapters;
use super::lock::PassLock;
use super::outbox::{PassReport, GRACE_MINUTES, MAX_ATTEMPTS};
use super::{Failure, Remote};
use crate::error::{Error, Result};
use crate::ids::{PostId, RowId};
use crate::platforms::http::RateState;
use crate::publish::{FailureKind, Problem};
use crate::secrets::SecretStore;
use crate::store::{write::val, Source};
use crate::workspace::Workspace;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;

/// A wait for a rate limit this short (milliseconds) is waited out inside the pass; a longer
/// one ends the pass for that account and its jobs' next attempt is set to the reset.
pub const SHORT_WAIT_MS: i64 = 5_000;
/// The most one pass spends waiting for rate limits in all, so a pass always ends.
const WAIT_BUDGET_MS: i64 = 60_000;
/// How soon to ask again after a 429 whose stated reset has already passed (Bluesky rounds
/// the reset down to the second): a quarter of a second, not a backoff.
const PROBE_MS: i64 = 250;
/// How long an account waits after a 429 that did not say when the limit resets.
pub(super) const UNSTATED_RESET_MS: i64 = 60_000;

/// How a job's attempt ended: published (or Err(true) to retry, Err(false) failed for good),
/// the account's rate state after it, and the reason when the server was in trouble.
type JobEnd = (
    std::result::Result<Remote, bool>,
    Option<RateState>,
    Option<String>,
);

/// A due job, as the pass sees it.
struct Due {
    job: RowId,
    post: PostId,
    /// Goes to a channel without an API, or through an account posted by hand.
    by_hand: bool,
    state: String,
    attempts: i64,
    scheduled_at: String,
    next_attempt_at: Option<String>,
    account: Option<String>,
}

impl Workspace {
    /// One publishing pass: every due job, exactly once. `runner` names this process in claims.
    ///
    /// An account out of requests is skipped without a request; when its window opens within
    /// [`SHORT_WAIT_MS`] the pass waits for it (so 1,000 posts due in the same minute go out
    /// as fast as the platforms allow), otherwise its jobs are moved to the reset.
    pub fn publish_due(&mut self, secrets: &dyn SecretStore, runner: &str) -> Result<PassReport> {
        let _lock = PassLock::take(self.dir())?;
        let mut report = PassReport::default();
        // One HTTP client per server for the whole pass, so connections are reused.
        let mut clients = Adapters::default();
        // Before anything else, even in a crisis: posts a platform holds for later are taken
        // back when they were paused, moved or changed, and confirmed once their time came.
        self.settle_handed_over(secrets, &mut clients, &mut report)?;
        if crate::crisis::crisis(self.store().conn())?.is_some() {
            report.paused = true;
            // Reading back what is already out sends nothing: it goes on during a pause.
            super::verify::verify_published(self, secrets, &mut clients, &mut report)?;
            return Ok(report);
        }
        let now = self.clock().now();
        let grace = crate::clock::to_db_time(now - Duration::minutes(GRACE_MINUTES));
        let mut queue = self.due_jobs(&crate::clock::to_db_time(now))?;
        // Accounts out of requests until their platform's reset (Unix milliseconds).
        let mut blocked = self.blocked_accounts()?;
        // Each account's last rate-limit state, kept on the account when the pass ends.
        let mut rates: HashMap<String, RateState> = HashMap::new();
        // Each account's last outcome: `None` for a success, the reason for server trouble.
        let mut health: HashMap<String, Option<String>> = HashMap::new();
        let mut waited = 0;
        let mut last_clock = 0;
        loop {
            let mut waiting: Vec<(Due, i64)> = Vec::new();
            for due in queue {
                // A post for a channel without an API (or an account posted by hand) is handed
                // to a person at its time, even late: nothing is sent by Tsunagu.
                if due.by_hand {
                    if due.state == "pending"
                        && super::handoff::hand_off(self, Source::System, due.job).is_ok()
                    {
                        report.by_hand += 1;
                    } else {
                        report.held_back += 1;
                    }
                    continue;
                }
                let now_ms = self.clock().now().timestamp_millis();
                if let Some(until) = due.account.as_ref().and_then(|a| blocked.get(a)).copied() {
                    if until > now_ms {
                        waiting.push((due, until));
                        continue;
                    }
                }
                if due.attempts == 0
                    && due.state == "pending"
                    && due.next_attempt_at.is_none()
                    && due.scheduled_at < grace
                {
                    if !report.missed.contains(&due.post) {
                        report.missed.push(due.post);
                    }
                    continue;
                }
                if !self.claim(due.job, &due.state, runner)? {
                    continue;
                }
                // The exit check, once the job is ours and before anything is sent: only the
                // approved snapshot goes out; otherwise the post is back in review.
                if self.exit_check(due.job, due.post)?.is_some() {
                    report.held_back += 1;
                    continue;
                }
                let (result, rate, trouble) =
                    self.run_job(secrets, &mut clients, due.job, due.state == "in_flight")?;
                if let Some(a) = &due.account {
                    // The account's health is its last outcome that says something about the
                    // server: a success, or trouble reaching it (not a refused post).
                    match (&result, trouble) {
                        (Ok(_), _) => {
                            health.insert(a.clone(), None);
                        }
                        (Err(_), Some(why)) => {
                            health.insert(a.clone(), Some(why));
                        }
                        _ => {}
                    }
                }
                let mut limited = None;
                if let (Some(a), Some(rate)) = (due.account.clone(), rate) {
                    limited = rate.blocked_until();
                    if let Some(t) = limited {
                        blocked.insert(a.clone(), t);
                    }
                    rates.insert(a, rate);
                }
                match result {
                    Ok(r) if r.scheduled_at.is_some() => report.handed_over += 1,
                    Ok(_) => report.published += 1,
                    // Refused for the rate limit: it goes again when the window opens (its
                    // next attempt is set, so it is never taken for a missed post).
                    Err(true) if limited.is_some() => waiting.push((
                        Due {
                            state: "pending".into(),
                            next_attempt_at: Some(crate::clock::to_db_time(now)),
                            ..due
                        },
                        limited.unwrap_or_default(),
                    )),
                    Err(true) => report.retrying += 1,
                    Err(false) => report.failed += 1,
                }
            }
            let Some(soonest) = waiting.iter().map(|(_, until)| *until).min() else {
                break;
            };
            let before = self.clock().now().timestamp_millis();
            let wait = (soonest - before).max(1);
            // A clock that stood still through the last wait is a test's fixed clock: waiting
            // more would never end.
            let frozen = waited > 0 && before == last_clock;
            if wait > SHORT_WAIT_MS
                || waited + wait > WAIT_BUDGET_MS
                || frozen
                || crate::crisis::crisis(self.store().conn())?.is_some()
            {
                report.retrying += u32::try_from(waiting.len()).unwrap_or(u32::MAX);
                self.defer_all(&waiting)?;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(wait.unsigned_abs()));
            waited += wait;
            last_clock = before;
            queue = waiting.into_iter().map(|(due, _)| due).collect();
        }
        // What went out (in this pass or before) is read back from its platform.
        super::verify::verify_published(self, secrets, &mut clients, &mut report)?;
        self.keep_rates(&rates)?;
        self.keep_health(&health)?;
        Ok(report)
    }

    /// The jobs due at `now`, oldest first, and those a platform can hold until their time
    /// (Facebook's own scheduling, from [`super::handover::HAND_OVER_AHEAD_MINUTES`] ahead), so
    /// the laptop may sleep. Only a connected account's jobs are handed over early: a post whose
    /// account is missing or needs reconnecting waits for its own time instead of failing days
    /// ahead.
    fn due_jobs(&self, now: &str) -> Result<Vec<Due>> {
        let (from, to) = super::handover::hand_over_window(self.clock().now());
        let mut stmt = self.store().conn().prepare(
            "SELECT j.id, j.post_id, j.state, j.attempts, p.scheduled_at, j.next_attempt_at, j.account_id,
                    j.platform IN ('line_voom', 'note', 'tiktok')
                    OR EXISTS (SELECT 1 FROM accounts a WHERE a.id = j.account_id AND a.by_hand = 1)
                    OR (j.account_id IS NULL AND EXISTS (SELECT 1 FROM accounts a WHERE a.platform = j.platform
                        AND a.is_default = 1 AND a.by_hand = 1 AND a.state != 'disconnected'))
             FROM publish_jobs j JOIN posts p ON p.id = j.post_id
             WHERE p.status = 'scheduled' AND p.deleted_at IS NULL AND j.state IN ('pending', 'in_flight') AND j.handoff_at IS NULL
               AND (j.next_attempt_at IS NULL OR j.next_attempt_at <= ?1)
               AND (p.scheduled_at <= ?1
                    OR (j.platform IN ('facebook', 'mastodon') AND p.scheduled_at > ?2 AND p.scheduled_at <= ?3
                        AND EXISTS (SELECT 1 FROM accounts a WHERE a.state = 'connected'
                                    AND (a.id = j.account_id OR (j.account_id IS NULL AND a.platform = j.platform)))))
             ORDER BY p.scheduled_at, j.id",
        )?;
        let rows = stmt.query_map([now, from.as_str(), to.as_str()], |r| {
            let (job, post) = (r.get::<_, String>(0)?, r.get::<_, String>(1)?);
            RowId::parse(&job)
                .zip(PostId::parse(&post))
                .map(|(job, post)| -> rusqlite::Result<Due> {
                    Ok(Due {
                        job,
                        post,
                        state: r.get(2)?,
                        attempts: r.get(3)?,
                        scheduled_at: r.get(4)?,
                        next_attempt_at: r.get(5)?,
                        account: r.get(6)?,
                        by_hand: r.get(7)?,
                    })
                })
                .transpose()
        })?;
        let mut out = Vec::new();
        for row in rows {
            out.extend(row?);
        }
        Ok(out)
    }

    /// Accounts whose platform said they have no requests left, with the reset (Unix ms).
    pub(super) fn blocked_accounts(&self) -> Result<HashMap<String, i64>> {
        let mut stmt = self.store().conn().prepare(
            "SELECT id, rate_reset_at FROM accounts WHERE rate_remaining = 0 AND rate_reset_at IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = HashMap::new();
        for row in rows {
            let (id, reset) = row?;
            if let Some(t) = crate::clock::from_db_time(&reset) {
                out.insert(id, t.timestamp_millis());
            }
        }
        Ok(out)
    }

    /// When the next pass has work: the earliest due job that is not waiting for a decision.
    /// `None` when nothing is scheduled or the crisis pause holds everything.
    pub fn next_publish_at(&self) -> Result<Option<DateTime<Utc>>> {
        let handed = [
            self.next_hand_over_check()?,
            super::verify::next_verify_check(self)?,
        ]
        .into_iter()
        .flatten()
        .min();
        if crate::crisis::crisis(self.store().conn())?.is_some() {
            return Ok(handed);
        }
        let grace = crate::clock::to_db_time(self.clock().now() - Duration::minutes(GRACE_MINUTES));
        let next: Option<String> = self.store().conn().query_row(
            "SELECT min(coalesce(j.next_attempt_at, p.scheduled_at)) FROM publish_jobs j JOIN posts p ON p.id = j.post_id
             WHERE p.status = 'scheduled' AND p.deleted_at IS NULL AND j.state IN ('pending', 'in_flight') AND j.handoff_at IS NULL
               AND NOT (j.state = 'pending' AND j.attempts = 0 AND j.next_attempt_at IS NULL AND p.scheduled_at < ?1)",
            [grace],
            |r| r.get(0),
        )?;
        let next = next.as_deref().and_then(crate::clock::from_db_time);
        Ok([next, handed].into_iter().flatten().min())
    }

    /// Moves waiting jobs to their account's reset (rounded up to the second) in one
    /// transaction, without an attempt.
    fn defer_all(&mut self, waiting: &[(Due, i64)]) -> Result<()> {
        let ctx = self.ctx(None, Source::System);
        self.store_mut().write(&ctx, |w| {
            for (due, until) in waiting {
                let at = DateTime::from_timestamp((until + 999).div_euclid(1000), 0)
                    .unwrap_or_else(|| w.now());
                w.update(
                    "publish_jobs",
                    &[("id", val::text(due.job.as_string()))],
                    &[("next_attempt_at", val::text(crate::clock::to_db_time(at)))],
                )?;
            }
            Ok(())
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

    /// Binds a job made without an account to its platform's default account, if any.
    fn bind_account(&mut self, job: RowId, platform: &str) -> Result<Option<Account>> {
        let Some(platform) = crate::model::Platform::parse(platform) else {
            return Ok(None);
        };
        let Some(id) = crate::posts::targets::default_account(self.store().conn(), platform)?
        else {
            return Ok(None);
        };
        let ctx = self.ctx(None, Source::System);
        self.store_mut().write(&ctx, |w| {
            w.update(
                "publish_jobs",
                &[("id", val::text(job.as_string()))],
                &[("account_id", val::text(id.as_string()))],
            )
        })?;
        Ok(Some(crate::publish::accounts::account(
            self.store().conn(),
            self.clock().now(),
            id,
        )?))
    }

    /// Publishes one claimed job. Ok on success; Err(true) when it will be retried,
    /// Err(false) when it failed for good.
    fn run_job(
        &mut self,
        secrets: &dyn SecretStore,
        clients: &mut Adapters,
        job: RowId,
        interrupted: bool,
    ) -> Result<JobEnd> {
        let (post, platform, account, key, attempts, mark): (String, String, Option<String>, String, i64, bool) =
            self.store().conn().query_row(
                "SELECT post_id, platform, account_id, idempotency_key, attempts, may_have_arrived FROM publish_jobs WHERE id = ?1",
                [job.as_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )?;
        // An earlier attempt that may have reached the platform (a timeout, a lost answer, a
        // server error on a write, a killed process) is checked for before anything is sent,
        // whatever happened to the job since (a Retry, attempts running out).
        let interrupted = interrupted || mark;
        let started = crate::clock::to_db_time(self.clock().now());
        let account = match account.as_deref().and_then(RowId::parse) {
            Some(a) => Some(crate::publish::accounts::account(
                self.store().conn(),
                self.clock().now(),
                a,
            )?),
            // Approved before the platform's account was connected: it goes through the
            // account connected since.
            None => self.bind_account(job, &platform)?,
        };
        let post_id = PostId::parse(&post).ok_or_else(|| Error::invalid("post", "bad post id"))?;
        let mut rate = None;
        let outcome = match account {
            None => Err(Failure::Permanent(Problem::new(FailureKind::NoAccount, format!(
                "No {platform} account is connected. Connect one on the Accounts screen, then retry."
            )))),
            Some(a) => match clients.get(&a) {
                Ok(adapter) => {
                    let outcome = adapter.publish(self, secrets, &a, post_id, &key, interrupted);
                    rate = Some(adapter.rate());
                    // Refused credentials on any platform: the account needs reconnecting.
                    if let Err(Failure::Permanent(m)) = &outcome {
                        if m.kind == FailureKind::Reconnect {
                            let ctx = self.ctx(None, crate::store::Source::System);
                            self.store_mut().write(&ctx, |w| {
                                super::accounts::set_state(
                                    w,
                                    a.id,
                                    super::AccountState::NeedsReconnect,
                                    Some(&m.detail),
                                )
                            })?;
                        }
                    }
                    outcome
                }
                Err(f) => Err(f),
            },
        };
        let now = self.clock().now();
        let rate = rate.map(|r| merge_rate(r, &outcome, now.timestamp_millis()));
        // Waiting for a rate limit is not a failed attempt: it never makes a job give up.
        let counted = if matches!(outcome, Err(Failure::RateLimited { .. })) {
            attempts
        } else {
            attempts + 1
        };
        self.record(job, &post, &started, counted, now, &outcome)?;
        let trouble = match &outcome {
            Err(f @ (Failure::Transient(_) | Failure::Unknown(_))) => Some(f.reason()),
            _ => None,
        };
        let result = match outcome {
            Ok(r) => Ok(r),
            Err(Failure::Permanent(_)) => Err(false),
            Err(_) if counted >= MAX_ATTEMPTS => Err(false),
            Err(_) => Err(true),
        };
        Ok((result, rate, trouble))
    }
}

/// The rate state after a job: a 429 means no requests left until its reset whatever earlier
/// responses said; a reset that has already passed (rounded down by the server) or was not
/// given becomes a short probe or a minute.
fn merge_rate(
    rate: RateState,
    outcome: &std::result::Result<Remote, Failure>,
    now_ms: i64,
) -> RateState {
    match outcome {
        Err(Failure::RateLimited { until_ms, .. }) => RateState {
            remaining: Some(0),
            reset_ms: Some(
                until_ms
                    .unwrap_or(now_ms + UNSTATED_RESET_MS)
                    .max(now_ms + PROBE_MS),
            ),
        },
        _ => rate,
    }
}
