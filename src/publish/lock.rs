//! The publishing lock: one pass at a time per workspace, across processes (the app's
//! scheduler, a `publish-due` from cron). A lock left by a process that died is taken over:
//! on Linux by checking the recorded process id, elsewhere after ten minutes.

use crate::error::{Error, Result};

/// Holds `publish.lock` in the workspace folder for one pass.
pub(super) struct PassLock(std::path::PathBuf);

impl PassLock {
    pub(super) fn take(dir: &std::path::Path) -> Result<Self> {
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
