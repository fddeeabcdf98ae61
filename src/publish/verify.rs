//! Proven live: a published post is read back from the platform by its id before Tsunagu
//! says it is out.
//!
//! The complaint users of other schedulers make most is a post marked "published" that never
//! appeared. A platform's answer with an id is not proof: a post can be removed at once by a
//! filter, held for review, or lost by a server between its answer and its storage. So every
//! published job is read back; it is **verified** (「公開を確認」) once the platform shows it. A
//! read that fails for the network or a limit is tried again on a later pass; one the platform
//! answers with "no such post" for [`VERIFY_WINDOW_MINUTES`] after publishing makes the job a
//! loud failure with the platform's answer. Such a job keeps the mark that it may have arrived,
//! so a Retry looks for the post before sending anything again (never a second copy).
//!
//! Reading is harmless, so it runs even during a crisis pause. Posts published by hand (a
//! handoff) are the person's word and are not read back.

use super::adapters::Adapters;
use super::outbox::PassReport;
use super::{Failure, FailureKind};
use crate::error::Result;
use crate::ids::RowId;
use crate::secrets::SecretStore;
use crate::store::{write::val, Source};
use crate::workspace::Workspace;
use chrono::{DateTime, Duration, Utc};

/// How long after publishing a platform may take to show a post before the job fails.
pub const VERIFY_WINDOW_MINUTES: i64 = 5;
/// How long a read that could not reach the platform is tried again before the job fails.
pub const VERIFY_GIVE_UP_MINUTES: i64 = 60;
/// How soon an unverified post is read again.
pub const VERIFY_AGAIN_SECS: i64 = 30;

/// A published job waiting to be read back.
struct Unverified {
    job: RowId,
    post: String,
    account: Option<String>,
    remote: String,
    published_at: DateTime<Utc>,
}

fn unverified(ws: &Workspace) -> Result<Vec<Unverified>> {
    let mut stmt = ws.store().conn().prepare(
        "SELECT id, post_id, account_id, remote_id, published_at FROM publish_jobs
             WHERE state = 'published' AND verified_at IS NULL AND handoff_at IS NULL
               AND remote_id IS NOT NULL AND published_at IS NOT NULL
             ORDER BY published_at, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (job, post, account, remote, at) = row?;
        if let (Some(job), Some(published_at)) =
            (RowId::parse(&job), crate::clock::from_db_time(&at))
        {
            out.push(Unverified {
                job,
                post,
                account,
                remote,
                published_at,
            });
        }
    }
    Ok(out)
}

/// Reads back every published job not yet verified (see the module docs).
pub(super) fn verify_published(
    ws: &mut Workspace,
    secrets: &dyn SecretStore,
    adapters: &mut Adapters,
    report: &mut PassReport,
) -> Result<()> {
    for u in unverified(ws)? {
        let now = ws.clock().now();
        let Some(account) = u
            .account
            .as_deref()
            .and_then(RowId::parse)
            .and_then(|a| crate::publish::accounts::account(ws.store().conn(), now, a).ok())
        else {
            continue;
        };
        let read = match adapters.get(&account) {
            Ok(adapter) => adapter.read_back(ws, secrets, &account, &u.remote),
            Err(f) => Err(f),
        };
        let age = now - u.published_at;
        match read {
            Ok(true) => {
                mark_verified(ws, u.job)?;
                report.verified += 1;
            }
            Ok(false) if age >= Duration::minutes(VERIFY_WINDOW_MINUTES) => {
                let why = format!(
                        "The platform accepted the post ({}) but still had no such post {} minutes later.",
                        u.remote,
                        age.num_minutes()
                    );
                not_live(ws, &u, &why)?;
                report.not_live += 1;
            }
            // The platform refused to show it (a permanent answer): that is its answer.
            Err(Failure::Permanent(p)) if age >= Duration::minutes(VERIFY_WINDOW_MINUTES) => {
                let why = format!(
                    "The platform accepted the post ({}) but refused to show it: {}",
                    u.remote, p.detail
                );
                not_live(ws, &u, &why)?;
                report.not_live += 1;
            }
            Err(f) if age >= Duration::minutes(VERIFY_GIVE_UP_MINUTES) => {
                let why = format!(
                    "The post ({}) could not be read back from the platform for an hour: {}",
                    u.remote,
                    f.reason()
                );
                not_live(ws, &u, &why)?;
                report.not_live += 1;
            }
            // Too soon to say, or the platform could not be asked: read again later.
            _ => {}
        }
    }
    Ok(())
}

/// When a pass should next read back an unverified post (`None` when none waits).
pub(super) fn next_verify_check(ws: &Workspace) -> Result<Option<DateTime<Utc>>> {
    let now = ws.clock().now();
    Ok(unverified(ws)?
        .iter()
        .map(|u| (u.published_at + Duration::seconds(VERIFY_AGAIN_SECS)).max(now))
        .min()
        .map(|t| t.min(now + Duration::seconds(VERIFY_AGAIN_SECS))))
}

fn mark_verified(ws: &mut Workspace, job: RowId) -> Result<()> {
    let ctx = ws.ctx(None, Source::System);
    ws.store_mut().write(&ctx, |w| {
        let now = w.now_text().to_string();
        w.update(
            "publish_jobs",
            &[("id", val::text(job.as_string()))],
            &[("verified_at", val::text(now))],
        )
    })
}

/// The platform does not show what it accepted: the job fails loudly, remembering that the
/// post may be there, and the post is failed so the lead sees it.
fn not_live(ws: &mut Workspace, u: &Unverified, why: &str) -> Result<()> {
    let ctx = ws.ctx(None, Source::System);
    ws.store_mut().write(&ctx, |w| {
        let now = w.now_text().to_string();
        let id = w.new_id().to_string();
        w.insert(
            "publish_attempts",
            &[("id", val::text(id))],
            &[
                ("job_id", val::text(u.job.as_string())),
                ("started_at", val::text(now.clone())),
                ("finished_at", val::text(now)),
                ("outcome", val::text("not_live")),
                ("detail", val::text(why)),
            ],
        )?;
        w.update(
            "publish_jobs",
            &[("id", val::text(u.job.as_string()))],
            &[
                ("state", val::text("failed")),
                ("last_error", val::text(why)),
                ("last_error_kind", val::text(FailureKind::NotLive.as_str())),
                ("may_have_arrived", val::int(1)),
                ("gave_up", val::int(0)),
            ],
        )?;
        w.update(
            "posts",
            &[("id", val::text(u.post.clone()))],
            &[("status", val::text("failed"))],
        )
    })
}
