//! Where the core gets the time from.
//!
//! Domain code never calls `Utc::now()`: it asks the [`Clock`] it was given, so tests can
//! freeze or move time (DST edges, "once a day" backups, expiry) and the demo can be built
//! "around" any day. This module is the only place allowed to read the system clock
//! (see `clippy.toml`).

use crate::error::{Error, Result};
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use std::sync::Mutex;

/// A source of the current instant.
pub trait Clock: Send + Sync {
    /// The current instant in UTC.
    fn now(&self) -> DateTime<Utc>;
}

/// The operating system's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)] // the one sanctioned reading of the system clock
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until it is told to move; for tests and deterministic demos.
#[derive(Debug)]
pub struct FixedClock {
    now: Mutex<DateTime<Utc>>,
}

impl FixedClock {
    /// A clock stopped at `now`.
    pub fn new(now: DateTime<Utc>) -> Self {
        Self {
            now: Mutex::new(now),
        }
    }

    /// Moves the clock to `now`.
    pub fn set(&self, now: DateTime<Utc>) {
        if let Ok(mut guard) = self.now.lock() {
            *guard = now;
        }
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: chrono::Duration) {
        if let Ok(mut guard) = self.now.lock() {
            *guard += by;
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        match self.now.lock() {
            Ok(guard) => *guard,
            Err(poisoned) => *poisoned.into_inner(),
        }
    }
}

/// Formats an instant the way the store keeps it: RFC 3339, UTC, whole seconds, `Z`.
pub fn to_db_time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Reads an instant written by [`to_db_time`] (or any RFC 3339 text).
pub fn from_db_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// A month, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearMonth {
    /// The year.
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl YearMonth {
    /// Reads `YYYY-MM`.
    pub fn parse(text: &str) -> Result<Self> {
        let bad = || {
            Error::invalid(
                "month",
                format!("\"{text}\" is not a month. Write it as YYYY-MM, for example 2026-04."),
            )
        };
        let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Self { year, month })
    }

    /// The month containing `date`.
    pub fn of(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    /// The first day.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The following month.
    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The previous month.
    pub fn prev(self) -> Self {
        if self.month == 1 {
            Self {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Self {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// The UTC range `[start, end)` this month covers in `tz`.
    pub fn utc_range(self, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            local_midnight(self.first_day(), tz),
            local_midnight(self.next().first_day(), tz),
        )
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// An ISO 8601 week, `YYYY-Www` (Monday to Sunday; week 1 holds the year's first Thursday),
/// the unit of the manager's weekly digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Week {
    /// Its Monday.
    monday: NaiveDate,
}

impl Week {
    /// Reads `YYYY-Www` (`2026-W49`; a lower-case `w` is accepted).
    pub fn parse(text: &str) -> Result<Self> {
        let bad = || {
            Error::invalid(
                "week",
                format!(
                    "\"{text}\" is not a week. Write it as YYYY-Www, for example 2026-W49 (ISO weeks start on Monday)."
                ),
            )
        };
        let t = text.trim();
        let (y, w) = t
            .split_once("-W")
            .or_else(|| t.split_once("-w"))
            .ok_or_else(bad)?;
        if y.len() != 4 || w.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let week: u32 = w.parse().map_err(|_| bad())?;
        let monday =
            NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon).ok_or_else(bad)?;
        Ok(Self { monday })
    }

    /// The week containing `date`.
    pub fn of(date: NaiveDate) -> Self {
        let back = i64::from(date.weekday().num_days_from_monday());
        Self {
            monday: date - chrono::Duration::days(back),
        }
    }

    /// Its Monday.
    pub fn monday(self) -> NaiveDate {
        self.monday
    }

    /// Its Sunday.
    pub fn sunday(self) -> NaiveDate {
        self.monday + chrono::Duration::days(6)
    }

    /// The UTC range `[start, end)` this week covers in `tz`.
    pub fn utc_range(self, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            local_midnight(self.monday, tz),
            local_midnight(self.monday + chrono::Duration::days(7), tz),
        )
    }
}

impl std::fmt::Display for Week {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let iso = self.monday.iso_week();
        write!(f, "{:04}-W{:02}", iso.year(), iso.week())
    }
}

/// The first instant of `date` in `tz` (midnight, or the first valid time after a DST gap).
pub fn local_midnight(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let mut t = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    for _ in 0..4 {
        if let Some(dt) = tz.from_local_datetime(&t).earliest() {
            return dt.with_timezone(&Utc);
        }
        t += chrono::Duration::minutes(30);
    }
    Utc.from_utc_datetime(&t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn fixed_clock_moves_only_when_told() {
        let start = Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 0).unwrap();
        let clock = FixedClock::new(start);
        assert_eq!(clock.now(), start);
        clock.advance(chrono::Duration::minutes(2));
        assert_eq!(to_db_time(clock.now()), "2026-03-29T01:01:00Z");
    }

    #[test]
    fn weeks_read_and_print_as_iso_weeks() {
        let w = Week::parse("2026-W49").unwrap();
        assert_eq!(w.monday(), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        assert_eq!(w.sunday(), NaiveDate::from_ymd_opt(2026, 12, 6).unwrap());
        assert_eq!(w.to_string(), "2026-W49");
        // 2027-01-01 is a Friday: it belongs to the last week of 2026.
        let new_year = Week::of(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
        assert_eq!(new_year.to_string(), "2026-W53");
        assert_eq!(Week::parse("2026-w05").unwrap().to_string(), "2026-W05");
        for bad in ["2026-49", "2026-W54", "2025-W53", "26-W01", "2026-W1", ""] {
            assert!(Week::parse(bad).is_err(), "{bad}");
        }
        let tz: Tz = "Asia/Tokyo".parse().unwrap();
        let (from, to) = w.utc_range(tz);
        assert_eq!(to_db_time(from), "2026-11-29T15:00:00Z");
        assert_eq!(to - from, chrono::Duration::days(7));
    }

    #[test]
    fn db_time_round_trips() {
        let at = Utc.with_ymd_and_hms(2026, 11, 22, 3, 4, 5).unwrap();
        assert_eq!(from_db_time(&to_db_time(at)), Some(at));
        assert_eq!(from_db_time("not a time"), None);
    }
}
