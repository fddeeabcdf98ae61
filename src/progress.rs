//! Progress and cancelling for operations that can take more than a moment (importing a
//! spreadsheet of thousands of rows, a report). The operation reports each step it finishes;
//! the window shows it as a bar. Asking to cancel is a flag the operation reads at each step:
//! it stops there, before its single write, so a cancelled import has written nothing
//! (`Rule::Cancelled`). Operations that cannot stop safely half way never read the flag.

use crate::error::{Error, Result, Rule};
use std::sync::atomic::{AtomicBool, Ordering};

/// Where an operation reports its steps, and the flag that asks it to stop.
pub struct Progress<'a> {
    on_step: &'a (dyn Fn(u64, u64) + Sync),
    cancelled: &'a AtomicBool,
}

static NEVER: AtomicBool = AtomicBool::new(false);
fn quiet(_: u64, _: u64) {}

impl<'a> Progress<'a> {
    /// Reports to `on_step(done, total)` and stops when `cancelled` is set.
    pub fn new(on_step: &'a (dyn Fn(u64, u64) + Sync), cancelled: &'a AtomicBool) -> Self {
        Self { on_step, cancelled }
    }

    /// Reports nothing and is never cancelled (the command line, tests).
    pub fn none() -> Progress<'static> {
        Progress {
            on_step: &quiet,
            cancelled: &NEVER,
        }
    }

    /// `done` of `total` steps are finished; an error when someone asked to stop.
    pub fn step(&self, done: u64, total: u64) -> Result<()> {
        (self.on_step)(done, total);
        if self.cancelled.load(Ordering::SeqCst) {
            return Err(Error::refused(
                Rule::Cancelled,
                "operation",
                "Stopped on request; nothing was written.",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn steps_are_reported_and_a_cancel_stops_at_the_next_one() {
        let seen = Mutex::new(Vec::new());
        let report = |d: u64, t: u64| seen.lock().unwrap().push((d, t));
        let flag = AtomicBool::new(false);
        let p = Progress::new(&report, &flag);
        assert!(p.step(1, 3).is_ok());
        flag.store(true, Ordering::SeqCst);
        let e = p.step(2, 3).unwrap_err();
        assert_eq!(e.rule(), Some(Rule::Cancelled));
        assert_eq!(*seen.lock().unwrap(), vec![(1, 3), (2, 3)]);
        assert!(Progress::none().step(1, 1).is_ok());
    }
}
