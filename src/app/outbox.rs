//! The publishing queue for the fronts: a post's jobs, the failed ones, the posts the
//! scheduler missed and the decisions about them, and retrying a failed job. The queue's
//! rules are in `crate::publish::outbox`.

use crate::error::{Error, Result};
use crate::ids::{PostId, RowId};
use crate::publish::outbox::{self, Job, MissedPost};
use crate::store::Source;
use crate::workspace::Workspace;

/// The jobs of a post, by platform.
pub fn post_jobs(ws: &Workspace, post: PostId) -> Result<Vec<Job>> {
    outbox::post_jobs(ws.store().conn(), post)
}

/// Jobs that failed and need a person, newest first.
pub fn failed_jobs(ws: &Workspace) -> Result<Vec<Job>> {
    outbox::failed_jobs(ws.store().conn())
}

/// Posts past their time that nothing has tried to publish.
pub fn missed_posts(ws: &Workspace) -> Result<Vec<MissedPost>> {
    outbox::missed_posts(ws.store().conn(), ws.clock().now())
}

/// A missed post goes out now: its time becomes now, and the next pass publishes it.
pub fn publish_missed_now(ws: &mut Workspace, source: Source, post: PostId) -> Result<()> {
    let ctx = ws.ctx(None, source);
    ws.store_mut()
        .write(&ctx, |w| outbox::decide_missed(w, post, true))
}

/// A missed post is not published: it goes back to approved, without a time.
pub fn skip_missed(ws: &mut Workspace, source: Source, post: PostId) -> Result<()> {
    let ctx = ws.ctx(None, source);
    ws.store_mut()
        .write(&ctx, |w| outbox::decide_missed(w, post, false))
}

/// A missed post gets a new time (wall clock in the workspace zone), which must be ahead.
pub fn reschedule_missed(
    ws: &mut Workspace,
    source: Source,
    post: PostId,
    local_time: &str,
) -> Result<()> {
    let now = ws.clock().now();
    outbox::ensure_missed(ws.store().conn(), now, post)?;
    let at = crate::posts::edit::local_to_utc(local_time, ws.time_zone()?)?;
    if at <= now {
        return Err(Error::invalid(
            "time",
            "Choose a time that is still ahead; a time in the past would leave the post missed again.",
        ));
    }
    ws.reschedule(source, None, post, local_time).map(|_| ())
}

/// Puts a failed job back in the queue now (the retry action).
pub fn retry_job(ws: &mut Workspace, source: Source, job: RowId) -> Result<()> {
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| outbox::retry_job(w, job))
}

/// Every reading of a post's numbers, oldest first (the reactions-over-time chart).
pub fn metrics_history(
    ws: &Workspace,
    post: PostId,
) -> Result<Vec<crate::publish::metrics::PostMetrics>> {
    crate::publish::metrics::metrics_history(ws.store().conn(), post)
}

/// The newest reactions read back from each platform a post went to.
pub fn post_metrics(
    ws: &Workspace,
    post: PostId,
) -> Result<Vec<crate::publish::metrics::PostMetrics>> {
    crate::publish::metrics::post_metrics(ws.store().conn(), post)
}

/// The next post to go out and whether this computer must be on for it (the sidebar's line).
pub fn next_post(ws: &Workspace) -> Result<Option<crate::publish::outbox::NextPost>> {
    crate::publish::outbox::next_post(ws.store().conn(), ws.clock().now())
}
