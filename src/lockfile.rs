//! Workspace-wide locks held by the operating system, not by a PID file.
//!
//! A publishing pass and a sync round must each run once at a time per workspace, whichever
//! front starts them: the window's scheduler, the tray, `tsunagu publish-due` or `tsunagu
//! sync` from cron, in another process namespace or on another user session. A PID file
//! cannot tell whether its owner is alive (PIDs are reused, other namespaces have other PIDs,
//! there is no `/proc` on macOS or Windows), so a stale lock was taken over by guesswork.
//! An OS file lock (`flock` on Unix, `LockFileEx` on Windows, through the standard library's
//! `File::try_lock`) is released by the kernel the moment its holder exits or dies, however it
//! ends, so the lock is never stale and never taken over while its holder lives. The lock file
//! itself stays in the folder; it is never deleted (deleting it would let a second holder lock
//! a new file while the first still holds the old one).

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

/// An exclusive lock on a file in the workspace folder, held until dropped.
#[derive(Debug)]
pub struct Held {
    // Holding the open file holds the lock; the kernel releases it when the file is closed.
    _file: File,
}

/// Takes the lock `name` in `dir` without waiting. `busy` is the refusal when another process
/// (or another pass in this one) holds it.
pub fn try_take(dir: &Path, name: &str, busy: Error) -> Result<Held> {
    let path = dir.join(name);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io("create", &path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(Held { _file: file }),
        Err(TryLockError::WouldBlock) => Err(busy),
        Err(TryLockError::Error(e)) => Err(Error::io("lock", &path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_at_a_time_and_free_again_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let busy = || Error::invalid("lock", "busy");
        let first = try_take(dir.path(), "x.lock", busy()).unwrap();
        assert!(try_take(dir.path(), "x.lock", busy()).is_err());
        // Another lock name is independent.
        let _other = try_take(dir.path(), "y.lock", busy()).unwrap();
        drop(first);
        assert!(try_take(dir.path(), "x.lock", busy()).is_ok());
        assert!(dir.path().join("x.lock").exists());
    }
}
