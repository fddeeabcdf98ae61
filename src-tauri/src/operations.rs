//! Long operations the window follows: each gets an id from the window, reports its steps as
//! `tsunagu://progress` events (at most one per percent), and can be asked to stop with
//! `cancel_operation` while it runs. Stopping is the operation's own decision at its next step
//! (`tsunagu::progress`), so only operations that can stop safely read the flag.

use crate::error::{IpcError, IpcResult};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tauri::{AppHandle, Emitter};
use ts_rs::TS;
use tsunagu::progress::Progress;

/// The event a step is reported with.
pub const PROGRESS_EVENT: &str = "tsunagu://progress";

/// One step of an operation.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ProgressEvent {
    /// The id the window gave the operation.
    pub op: String,
    /// Steps done.
    pub done: u64,
    /// Steps in all.
    pub total: u64,
}

/// The operations running now, by id, with their stop flags.
#[derive(Default)]
pub struct Operations {
    flags: Mutex<HashMap<String, Arc<AtomicBool>>>,
}

impl Operations {
    /// Runs `f` with a [`Progress`] that reports to the window as operation `op` (none when the
    /// window gave no id).
    pub fn run<T>(
        &self,
        app: &AppHandle,
        op: Option<String>,
        f: impl FnOnce(&Progress<'_>) -> IpcResult<T>,
    ) -> IpcResult<T> {
        let Some(op) = op else {
            return f(&Progress::none());
        };
        if op.is_empty()
            || op.len() > 64
            || !op.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(IpcError::from(tsunagu::Error::invalid(
                "op",
                "An operation id is 1 to 64 letters, digits or hyphens.",
            )));
        }
        let flag = Arc::new(AtomicBool::new(false));
        if let Ok(mut flags) = self.flags.lock() {
            flags.insert(op.clone(), Arc::clone(&flag));
        }
        let last = AtomicU64::new(u64::MAX);
        // The end-to-end tests slow each step down to see the bar and press 「中止」 in time.
        let delay = std::env::var("TSUNAGU_STEP_DELAY_MS")
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
            .map(std::time::Duration::from_millis);
        let report = |done: u64, total: u64| {
            if let Some(d) = delay {
                std::thread::sleep(d);
            }
            let percent = done.saturating_mul(100).checked_div(total).unwrap_or(100);
            if last.swap(percent, Ordering::SeqCst) != percent {
                let _ = app.emit(
                    PROGRESS_EVENT,
                    ProgressEvent {
                        op: op.clone(),
                        done,
                        total,
                    },
                );
            }
        };
        let out = f(&Progress::new(&report, &flag));
        if let Ok(mut flags) = self.flags.lock() {
            flags.remove(&op);
        }
        out
    }

    /// Asks operation `op` to stop; whether it was running.
    pub fn cancel(&self, op: &str) -> bool {
        self.flags
            .lock()
            .ok()
            .and_then(|f| f.get(op).map(|flag| flag.store(true, Ordering::SeqCst)))
            .is_some()
    }
}
