//! The publishing lock: one pass at a time per workspace, across processes (the app's
//! scheduler, the tray, a `publish-due` from cron), held by the operating system (see
//! [`crate::lockfile`]). A job found `in_flight` at the start of a pass therefore belongs to a
//! holder that is gone, and only then is it claimed again.

use crate::error::{Error, Result};

/// Holds `publish.lock` in the workspace folder for one pass.
pub(super) struct PassLock(#[allow(dead_code)] crate::lockfile::Held);

impl PassLock {
    pub(super) fn take(dir: &std::path::Path) -> Result<Self> {
        hold_publishing(dir).map(Self)
    }
}

/// Holds the publishing lock for something that must not overlap a pass (an app update being
/// installed). Refused with [`Error::Busy`] while a pass runs; no pass starts while it is held.
pub fn hold_publishing(dir: &std::path::Path) -> Result<crate::lockfile::Held> {
    crate::lockfile::try_take(dir, "publish.lock", Error::Busy("publishing"))
}
