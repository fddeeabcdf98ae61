//! Posts handed to a platform that publishes them itself (Facebook's `scheduled_publish_time`),
//! so a post more than a few minutes ahead goes out even when the laptop sleeps.
//!
//! A handed-over job is `scheduled_remote` with the time Facebook was given. Every pass, before
//! anything else and even during a crisis pause, looks at each one: a post that was paused,
//! moved, changed or withdrawn since is taken back from the platform (deleted there) and its
//! job is pending again; one whose time has come is confirmed live and becomes published. A
//! post that cannot be taken back is loud: the job says why and that it may still go out.

use super::adapters::Adapters;
use super::outbox::PassReport;
use super::FailureKind;
use super::Remote;
use crate::error::Result;
use crate::ids::{PostId, RowId};
use crate::secrets::SecretStore;
use crate::store::{write::val, Source};
use crate::workspace::Workspace;
use chrono::{DateTime, Duration, Utc};

/// A post this far ahead (or more) is handed to the platform; Facebook needs at least ten
/// minutes, and the margin covers a slow pass.
pub const HAND_OVER_AHEAD_MINUTES: i64 = 15;
/// The furthest ahead Facebook is documented to take a scheduled post (30 days), less a day.
pub const HAND_OVER_MAX_DAYS: i64 = 29;
/// How long after its time a handed-over post may take to show as published before the job
/// says something is wrong.
const CONFIRM_GRACE_MINUTES: i64 = 30;

/// The times between which a Facebook job is handed over now (database text).
pub(super) fn hand_over_window(now: DateTime<Utc>) -> (String, String) {
    (
        crate::clock::to_db_time(now + Duration::minutes(HAND_OVER_AHEAD_MINUTES)),
        crate::clock::to_db_time(now + Duration::days(HAND_OVER_MAX_DAYS)),
    )
}

/// One handed-over job as the pass sees it.
struct Handed {
    job: RowId,
    post: String,
    account: Option<String>,
    remote: String,
    url: Option<String>,
    given: Option<String>,
    status: String,
    scheduled_at: Option<String>,
    attempts: i64,
    next_attempt_at: Option<String>,
}

impl Handed {
    /// Whether the post still is what the platform was given: scheduled, at that time.
    fn still_wanted(&self, crisis: bool) -> bool {
        let same_time = match (&self.given, &self.scheduled_at) {
            (Some(a), Some(b)) => crate::clock::from_db_time(a) == crate::clock::from_db_time(b),
            _ => false,
        };
        !crisis && self.status == "scheduled" && same_time
    }
}

impl Workspace {
    fn handed_over(&self) -> Result<Vec<Handed>> {
        let mut stmt = self.store().conn().prepare(
            "SELECT j.id, j.post_id, j.account_id, j.remote_id, j.remote_url, j.remote_scheduled_at, p.status, p.scheduled_at, j.attempts, j.next_attempt_at
             FROM publish_jobs j JOIN posts p ON p.id = j.post_id
             WHERE j.state = 'scheduled_remote' ORDER BY p.scheduled_at, j.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Handed {
                    job: RowId(uuid::Uuid::nil()),
                    post: r.get(1)?,
                    account: r.get(2)?,
                    remote: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    url: r.get(4)?,
                    given: r.get(5)?,
                    status: r.get(6)?,
                    scheduled_at: r.get(7)?,
                    attempts: r.get(8)?,
                    next_attempt_at: r.get(9)?,
                },
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, mut h) = row?;
            if let Some(job) = RowId::parse(&id) {
                h.job = job;
                out.push(h);
            }
        }
        Ok(out)
    }

    /// When a pass should next look at handed-over posts: now for one to take back, else the
    /// earliest time among them.
    pub(super) fn next_hand_over_check(&self) -> Result<Option<DateTime<Utc>>> {
        let crisis = crate::crisis::crisis(self.store().conn())?.is_some();
        let now = self.clock().now();
        let mut next: Option<DateTime<Utc>> = None;
        for h in self.handed_over()? {
            let waits = h
                .next_attempt_at
                .as_deref()
                .and_then(crate::clock::from_db_time)
                .filter(|t| *t > now);
            let at = if let Some(t) = waits {
                t
            } else if h.still_wanted(crisis) {
                h.scheduled_at
                    .as_deref()
                    .and_then(crate::clock::from_db_time)
                    .unwrap_or(now)
            } else {
                now
            };
            next = Some(next.map_or(at, |n| n.min(at)));
        }
        Ok(next)
    }

    /// Takes back or confirms every handed-over post (see the module docs).
    pub(super) fn settle_handed_over(
        &mut self,
        secrets: &dyn SecretStore,
        adapters: &mut Adapters,
        report: &mut PassReport,
    ) -> Result<()> {
        let crisis = crate::crisis::crisis(self.store().conn())?.is_some();
        let now = self.clock().now();
        for h in self.handed_over()? {
            if h.next_attempt_at
                .as_deref()
                .and_then(crate::clock::from_db_time)
                .is_some_and(|t| t > now)
            {
                continue;
            }
            let Some(account) = h.account.as_deref().and_then(RowId::parse).and_then(|a| {
                crate::publish::accounts::account(self.store().conn(), self.clock().now(), a).ok()
            }) else {
                continue;
            };
            let adapter = match adapters.get(&account) {
                Ok(a) => a,
                Err(f) => {
                    self.handover_trouble(&h, f.kind(), &f.reason())?;
                    continue;
                }
            };
            let started = crate::clock::to_db_time(now);
            if !h.still_wanted(crisis) {
                match adapter.delete(self, secrets, &account, &h.remote) {
                    Ok(()) => self.taken_back(&h, &started)?,
                    Err(f) => {
                        report.retrying += 1;
                        self.handover_trouble(
                            &h,
                            FailureKind::TakeBack,
                            &format!(
                                "The post could not be taken back from the platform, which may still publish it at its time ({}). Tsunagu tries again; delete it there if this keeps failing.",
                                f.reason()
                            ),
                        )?;
                    }
                }
                continue;
            }
            let due = h
                .scheduled_at
                .as_deref()
                .and_then(crate::clock::from_db_time)
                .is_some_and(|t| t <= now);
            if !due {
                continue;
            }
            match adapter.confirm_live(self, secrets, &account, &h.remote) {
                Ok(Some(live)) => {
                    let url = live.url.or_else(|| h.url.clone());
                    self.record(
                        h.job,
                        &h.post,
                        &started,
                        h.attempts,
                        now,
                        &Ok(Remote::live(live.id, url)),
                    )?;
                    report.published += 1;
                }
                Ok(None) => {
                    let late = h
                        .scheduled_at
                        .as_deref()
                        .and_then(crate::clock::from_db_time)
                        .is_some_and(|t| now - t > Duration::minutes(CONFIRM_GRACE_MINUTES));
                    if late {
                        self.handover_trouble(&h, FailureKind::StrangeAnswer, "The platform has not published the post it was holding for this time. Check the post on the platform.")?;
                    }
                }
                Err(f) => self.handover_trouble(&h, f.kind(), &f.reason())?,
            }
        }
        Ok(())
    }

    /// The platform no longer holds the post: the job is pending again (for the post's new
    /// time, a new version, or nothing while it is paused or withdrawn).
    fn taken_back(&mut self, h: &Handed, started: &str) -> Result<()> {
        let ctx = self.ctx(None, Source::System);
        self.store_mut().write(&ctx, |w| {
            let id = w.new_id().to_string();
            let now = w.now_text().to_string();
            w.insert(
                "publish_attempts",
                &[("id", val::text(id))],
                &[
                    ("job_id", val::text(h.job.as_string())),
                    ("started_at", val::text(started)),
                    ("finished_at", val::text(now)),
                    ("outcome", val::text("taken_back")),
                    ("detail", val::text(h.remote.clone())),
                ],
            )?;
            w.update(
                "publish_jobs",
                &[("id", val::text(h.job.as_string()))],
                &[
                    ("state", val::text("pending")),
                    ("remote_id", val::opt_text(None::<String>)),
                    ("remote_url", val::opt_text(None::<String>)),
                    ("remote_scheduled_at", val::opt_text(None::<String>)),
                    ("next_attempt_at", val::opt_text(None::<String>)),
                    ("last_error", val::opt_text(None::<String>)),
                    ("last_error_kind", val::opt_text(None::<String>)),
                    ("gave_up", val::int(0)),
                ],
            )
        })
    }

    /// Something is wrong with a handed-over post: say so on the job and look again in a
    /// minute.
    fn handover_trouble(&mut self, h: &Handed, kind: FailureKind, why: &str) -> Result<()> {
        let ctx = self.ctx(None, Source::System);
        self.store_mut().write(&ctx, |w| {
            let next = crate::clock::to_db_time(w.now() + Duration::minutes(1));
            w.update(
                "publish_jobs",
                &[("id", val::text(h.job.as_string()))],
                &[
                    ("last_error", val::text(why)),
                    ("last_error_kind", val::text(kind.as_str())),
                    ("next_attempt_at", val::text(next)),
                ],
            )
        })
    }

    /// The posts a platform holds to publish itself, for the calendar and the CLI.
    pub fn handed_over_posts(&self) -> Result<Vec<PostId>> {
        Ok(self
            .handed_over()?
            .into_iter()
            .filter_map(|h| PostId::parse(&h.post))
            .collect())
    }
}
