//! What a pass writes down: each attempt with the job's new state (and, once every platform
//! has it, the post's), each account's last rate-limit state, and whether its server is
//! failing. Kept apart from the runner, which decides what to send and when.

use super::outbox::{backoff, MAX_ATTEMPTS};
use super::runner::UNSTATED_RESET_MS;
use super::{Failure, Remote};
use crate::error::Result;
use crate::ids::RowId;
use crate::platforms::http::RateState;
use crate::store::{write::val, Source};
use crate::workspace::Workspace;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;

impl Workspace {
    /// A connected account whose server keeps failing shows as `failing` with the reason; the
    /// next success makes it `connected` again. Accounts that need reconnecting stay so.
    pub(super) fn keep_health(&mut self, health: &HashMap<String, Option<String>>) -> Result<()> {
        let mut changes = Vec::new();
        for (account, trouble) in health {
            let state: Option<String> = self
                .store()
                .conn()
                .query_row("SELECT state FROM accounts WHERE id = ?1", [account], |r| {
                    r.get(0)
                })
                .ok();
            use super::AccountState::{Connected, Failing};
            match (
                state.as_deref().and_then(super::AccountState::parse),
                trouble,
            ) {
                (Some(Connected), Some(why)) => changes.push((account, Failing, Some(why))),
                (Some(Failing), None) => changes.push((account, Connected, None)),
                _ => {}
            }
        }
        if changes.is_empty() {
            return Ok(());
        }
        let ctx = self.ctx(None, Source::System);
        self.store_mut().write(&ctx, |w| {
            for (account, state, why) in &changes {
                w.update(
                    "accounts",
                    &[("id", val::text(account.as_str()))],
                    &[
                        ("state", val::text(state.as_str())),
                        ("last_error", val::opt_text(why.cloned())),
                    ],
                )?;
            }
            Ok(())
        })
    }

    /// Keeps each account's rate-limit state for the Accounts screen, in one transaction.
    pub(super) fn keep_rates(&mut self, rates: &HashMap<String, RateState>) -> Result<()> {
        if rates.is_empty() {
            return Ok(());
        }
        let ctx = self.ctx(None, Source::System);
        self.store_mut().write(&ctx, |w| {
            for (account, rate) in rates {
                let reset = rate
                    .reset_ms
                    .and_then(DateTime::from_timestamp_millis)
                    .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string());
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

    /// Records an attempt and moves the job (and, when settled, the post) on.
    pub(super) fn record(
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
                Ok(r) if r.scheduled_at.is_some() => ("scheduled_remote", r.id.clone()),
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
                // The platform holds it until its time (Facebook's own scheduling): the post
                // stays scheduled, and the pass at that time confirms it went live.
                Ok(r) if r.scheduled_at.is_some() => {
                    w.update(
                        "publish_jobs",
                        &key,
                        &[
                            ("state", val::text("scheduled_remote")),
                            ("attempts", val::int(attempts)),
                            ("remote_id", val::text(r.id.clone())),
                            ("remote_url", val::opt_text(r.url.clone())),
                            ("remote_scheduled_at", val::opt_text(r.scheduled_at.clone())),
                            ("last_error", val::opt_text(None::<String>)),
                            ("last_error_kind", val::opt_text(None::<String>)),
                            ("gave_up", val::int(0)),
                        ],
                    )?;
                }
                Ok(r) => {
                    w.update(
                        "publish_jobs",
                        &key,
                        &[
                            ("state", val::text("published")),
                            ("attempts", val::int(attempts)),
                            ("remote_id", val::text(r.id.clone())),
                            ("remote_url", val::opt_text(r.url.clone())),
                            ("published_at", val::text(now_text.clone())),
                            ("verified_at", val::opt_text(None::<String>)),
                            ("last_error", val::opt_text(None::<String>)),
                            ("last_error_kind", val::opt_text(None::<String>)),
                            ("gave_up", val::int(0)),
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
                        // At the reset, rounded up to the second (the pass itself waits out
                        // short limits to the millisecond).
                        Failure::RateLimited { until_ms, .. } => DateTime::from_timestamp(
                            (until_ms.unwrap_or(now.timestamp_millis() + UNSTATED_RESET_MS) + 999).div_euclid(1000),
                            0,
                        )
                        .filter(|t| *t > now)
                        .unwrap_or(now + Duration::seconds(1)),
                        // An unknown outcome (a 5xx on a write, a lost answer) is looked for
                        // on the next pass, straight away: looking sends nothing.
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
                            ("last_error_kind", val::text(f.kind().as_str())),
                            ("gave_up", val::int(i64::from(permanent && !matches!(f, Failure::Permanent(_))))),
                        ],
                    )?;
                    // It may have reached the platform: a stored mark that only a successful
                    // check (a published outcome) clears, so a Retry or a later pass looks
                    // before it sends again.
                    if matches!(f, Failure::Unknown(_)) {
                        w.update("publish_jobs", &key, &[("may_have_arrived", val::int(1))])?;
                    }
                    if permanent {
                        w.update("posts", &[("id", val::text(post))], &[("status", val::text("failed"))])?;
                    }
                }
            }
            Ok(())
        })
    }
}
