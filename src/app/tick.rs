//! One scheduler tick: everything that happens on its own while Tsunagu runs, in one place
//! for the app's scheduler and for `tsunagu tick` (cron or a systemd timer).
//!
//! A tick crosses four domains, each in its own short transactions: the daily backup (the
//! store), a publishing pass (publishing, with its exit check and the crisis pause), reading
//! the numbers of published posts (publishing), and a team sync round (team sync). Each part
//! that fails waits for the next tick without stopping the others, except the publishing pass:
//! another runner holding the publishing lock skips this tick's publishing (it is already
//! being done) and is reported as such.

use crate::error::Result;
use crate::publish::outbox::PassReport;
use crate::secrets::SecretStore;
use crate::workspace::Workspace;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// What one tick did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Tick {
    /// The publishing pass; `None` when another runner held the publishing lock.
    pub publishing: Option<PassReport>,
    /// Published posts whose numbers were read.
    pub metrics_read: u32,
    /// The workspace is in a team, so a sync round ran (or was tried).
    pub in_team: bool,
    /// Changes applied by the team sync round; `None` outside a team or when the shared
    /// place could not be reached (the team screen keeps the reason).
    pub synced: Option<u32>,
    /// When the next job falls due, for a scheduler that sleeps until then.
    pub next_due: Option<DateTime<Utc>>,
    /// What the token health check did (expiries read, tokens renewed ahead, tokens found
    /// invalid); `None` when it could not run this time.
    pub tokens: Option<crate::publish::health::HealthReport>,
    /// Connections ending soon whose warning (14, 7 or 1 days ahead, or expired) was not yet
    /// sent: the app sends each as an OS notification once.
    pub expiring: Vec<crate::publish::health::ExpiryWarning>,
}

impl Tick {
    /// Whether anything a window shows changed.
    pub fn changed(&self) -> bool {
        let p = self.publishing.as_ref();
        p.is_some_and(|r| {
            r.published
                + r.retrying
                + r.failed
                + r.handed_over
                + r.held_back
                + r.verified
                + r.not_live
                + r.by_hand
                > 0
                || !r.missed.is_empty()
        }) || self.metrics_read > 0
            || self.synced.unwrap_or(0) > 0
    }

    /// Posts handed to a person in this tick, to be posted by hand from their kit.
    pub fn to_post_by_hand(&self) -> u32 {
        self.publishing.as_ref().map_or(0, |r| r.by_hand)
    }

    /// Whether an account changed (an expiry read, a token renewed or found invalid).
    pub fn accounts_changed(&self) -> bool {
        self.tokens
            .as_ref()
            .is_some_and(|t| t.read + t.renewed + t.invalid > 0)
    }

    /// Jobs that failed for good in this tick, posts the platform did not show included.
    pub fn failed(&self) -> u32 {
        self.publishing
            .as_ref()
            .map_or(0, |r| r.failed + r.not_live)
    }
}

/// Runs one tick on `ws` as `runner` (a name for the publishing lock's holder).
pub fn tick(ws: &mut Workspace, secrets: &dyn SecretStore, runner: &str) -> Result<Tick> {
    // A day may have turned since this connection was opened.
    ws.take_daily_backup();
    let publishing = match ws.publish_due(secrets, runner) {
        Ok(report) => Some(report),
        Err(e) if e.code() == crate::ErrorCode::Busy => None,
        Err(e) => return Err(e),
    };
    // The numbers of published posts, when due; a failure here only waits for the next tick.
    let metrics_read = ws.refresh_metrics(secrets).map(|m| m.read).unwrap_or(0);
    // Team sync, when this workspace is in a team: drafts, approvals and the calendar travel
    // while Tsunagu runs. An unreachable place only waits for the next tick.
    let in_team = ws.in_team()?;
    let synced = if in_team {
        ws.sync_now(secrets).ok().map(|r| r.applied)
    } else {
        None
    };
    // Token health, at most twice a day per account; a platform that cannot be asked only
    // waits. The warnings not yet sent go back to the scheduler to notify.
    let tokens = crate::publish::health::check_tokens(ws, secrets, false, None).ok();
    let expiring = crate::publish::health::to_notify(ws).unwrap_or_default();
    Ok(Tick {
        publishing,
        metrics_read,
        in_team,
        synced,
        next_due: ws.next_publish_at()?,
        tokens,
        expiring,
    })
}
