//! A real-time fixed rate window, as the platforms' servers keep one, for the benchmark: at
//! most `limit` requests per `seconds`. Bluesky's reference server starts a window at the
//! first request and reports its reset rounded *down* to the second; Mastodon's windows are
//! aligned to multiples of the period since the epoch and report the reset exactly.
#![allow(dead_code)]

use tsunagu::clock::{Clock, SystemClock};

pub struct RateWindow {
    pub limit: u32,
    pub seconds: i64,
    /// Windows aligned to the epoch (Mastodon) rather than started by the first request.
    pub aligned: bool,
    start_ms: i64,
    used: u32,
    /// Requests refused with a 429.
    pub refused: u32,
}

impl RateWindow {
    pub fn new(limit: u32, seconds: i64, aligned: bool) -> Self {
        Self {
            limit,
            seconds,
            aligned,
            start_ms: i64::MIN,
            used: 0,
            refused: 0,
        }
    }

    /// Takes one request now: `Ok((remaining, reset_ms))`, or `Err(reset_ms)` when the window
    /// is used up.
    pub fn take(&mut self) -> Result<(u32, i64), i64> {
        let now = SystemClock.now().timestamp_millis();
        let period = self.seconds * 1000;
        if self.aligned {
            let start = now - now.rem_euclid(period);
            if start != self.start_ms {
                self.start_ms = start;
                self.used = 0;
            }
        } else if self.start_ms == i64::MIN || now >= self.start_ms + period {
            self.start_ms = now;
            self.used = 0;
        }
        let reset = self.start_ms + period;
        if self.used >= self.limit {
            self.refused += 1;
            return Err(reset);
        }
        self.used += 1;
        Ok((self.limit - self.used, reset))
    }
}
