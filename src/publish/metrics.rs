//! Metrics read back: likes, reposts, replies, quotes and impressions of every published post,
//! as a time series in `metrics`.
//!
//! Numbers change fast in the first two days and hardly after a month, and every read spends
//! the account's rate limit, so a post is read hourly for its first 48 hours, then daily, and
//! not at all after 30 days. Every counter is optional: Bluesky and Mastodon have no
//! impressions, and a platform that does not give a number must not be shown as zero. Reads
//! share the publishing accounts' rate-limit state: an account that is waiting for its reset
//! is skipped, and a 429 stops reading that account for the pass.

use super::adapters::adapter_for;
use crate::error::Result;
use crate::ids::{PostId, RowId};
use crate::model::Platform;
use crate::secrets::SecretStore;
use crate::store::{write::val, Source};
use crate::workspace::Workspace;
use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// Read hourly while a post is this young.
pub const FRESH_HOURS: i64 = 48;
/// Stop reading a post this old.
pub const STOP_DAYS: i64 = 30;

pub use crate::platforms::Counts;

/// The latest counters of a post on one platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PostMetrics {
    /// The platform.
    pub platform: Platform,
    /// When they were read, RFC 3339 UTC.
    pub captured_at: String,
    /// The numbers.
    pub counts: Counts,
}

/// The reactions (likes + reposts + replies + quotes, latest read per platform) of a post, for
/// the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Reactions {
    /// The post.
    pub post: PostId,
    /// The sum over its platforms.
    pub total: i64,
}

/// Reactions of the published posts scheduled in `[from, to)` (UTC, as stored) that have
/// numbers. Driven by the covering index of published posts, so the month view pays about a
/// tenth of a millisecond for it.
pub fn reactions_between(
    conn: &rusqlite::Connection,
    from: &str,
    to: &str,
) -> Result<Vec<Reactions>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.post_id, sum(coalesce(m.likes, 0) + coalesce(m.reposts, 0) + coalesce(m.replies, 0) + coalesce(m.quotes, 0))
         FROM posts p JOIN metrics m ON m.post_id = p.id
         WHERE p.status = 'published' AND p.scheduled_at >= ?1 AND p.scheduled_at < ?2
           AND m.captured_at = (SELECT max(x.captured_at) FROM metrics x WHERE x.post_id = m.post_id AND x.platform = m.platform)
         GROUP BY m.post_id",
    )?;
    let rows = stmt.query_map([from, to], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (post, total) = row?;
        if let Some(post) = PostId::parse(&post) {
            out.push(Reactions { post, total });
        }
    }
    Ok(out)
}

/// What one metrics pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MetricsReport {
    /// Posts whose numbers were read.
    pub read: u32,
    /// Posts skipped because their account waits for its rate limit.
    pub waiting: u32,
    /// Problems, in plain words (the numbers are read again next time).
    pub failed: Vec<String>,
}

/// A published job due for a read.
struct Due {
    post: String,
    platform: Platform,
    remote: String,
    account: String,
}

/// Whether a post published at `published` and last read at `last` should be read at `now`.
pub fn due(published: DateTime<Utc>, last: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    let age = now - published;
    if age > Duration::days(STOP_DAYS) {
        return false;
    }
    let every = if age < Duration::hours(FRESH_HOURS) {
        Duration::hours(1)
    } else {
        Duration::days(1)
    };
    last.is_none_or(|l| now - l >= every)
}

impl Workspace {
    /// Published jobs whose numbers are due, oldest read first.
    fn metrics_due(&self) -> Result<Vec<Due>> {
        let now = self.clock().now();
        let mut stmt = self.store().conn().prepare(
            "SELECT j.post_id, j.platform, j.remote_id, j.account_id,
                    (SELECT max(a.finished_at) FROM publish_attempts a WHERE a.job_id = j.id AND a.outcome = 'published'),
                    (SELECT max(m.captured_at) FROM metrics m WHERE m.post_id = j.post_id AND m.platform = j.platform AND coalesce(m.account_id, j.account_id) = j.account_id)
             FROM publish_jobs j
             WHERE j.state = 'published' AND j.remote_id IS NOT NULL AND j.account_id IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (post, platform, remote, account, published, last) = row?;
            let (Some(platform), Some(published)) = (
                Platform::parse(&platform),
                published.as_deref().and_then(crate::clock::from_db_time),
            ) else {
                continue;
            };
            let last = last.as_deref().and_then(crate::clock::from_db_time);
            if due(published, last, now) {
                out.push((
                    last,
                    Due {
                        post,
                        platform,
                        remote,
                        account,
                    },
                ));
            }
        }
        out.sort_by_key(|(last, _)| *last);
        Ok(out.into_iter().map(|(_, d)| d).collect())
    }

    /// Reads the numbers of every published post that is due (see the module).
    pub fn refresh_metrics(&mut self, secrets: &dyn SecretStore) -> Result<MetricsReport> {
        let mut report = MetricsReport::default();
        let due = self.metrics_due()?;
        if due.is_empty() {
            return Ok(report);
        }
        let now_ms = self.clock().now().timestamp_millis();
        let blocked: HashMap<String, i64> = self.blocked_accounts()?;
        let mut by_account: HashMap<String, Vec<Due>> = HashMap::new();
        for d in due {
            if blocked.get(&d.account).is_some_and(|t| *t > now_ms) {
                report.waiting += 1;
                continue;
            }
            by_account.entry(d.account.clone()).or_default().push(d);
        }
        let mut read: Vec<(String, Platform, String, Counts)> = Vec::new();
        for (account, jobs) in by_account {
            let Some(account) = RowId::parse(&account).and_then(|a| {
                crate::publish::accounts::account(self.store().conn(), self.clock().now(), a).ok()
            }) else {
                continue;
            };
            let remotes: Vec<&str> = jobs.iter().map(|d| d.remote.as_str()).collect();
            let counts =
                adapter_for(&account).and_then(|p| p.counts(self, secrets, &account, &remotes));
            match counts {
                Ok(counts) => read.extend(jobs.iter().filter_map(|d| {
                    counts
                        .get(&d.remote)
                        .map(|c| (d.post.clone(), d.platform, d.account.clone(), c.clone()))
                })),
                Err(f) => report
                    .failed
                    .push(format!("@{}: {}", account.handle, f.reason())),
            }
        }
        report.read = u32::try_from(read.len()).unwrap_or(u32::MAX);
        let ctx = self.ctx(None, Source::System);
        self.store_mut().write(&ctx, |w| {
            let at = w.now_text().to_string();
            for (post, platform, account, c) in &read {
                let id = w.new_id().to_string();
                w.insert(
                    "metrics",
                    &[("id", val::text(id))],
                    &[
                        ("post_id", val::text(post.clone())),
                        ("platform", val::text(platform.as_str())),
                        ("account_id", val::text(account.clone())),
                        ("captured_at", val::text(at.clone())),
                        ("likes", val::opt_int(c.likes)),
                        ("reposts", val::opt_int(c.reposts)),
                        ("replies", val::opt_int(c.replies)),
                        ("quotes", val::opt_int(c.quotes)),
                        ("impressions", val::opt_int(c.impressions)),
                    ],
                )?;
            }
            Ok(())
        })?;
        Ok(report)
    }
}

/// The latest numbers of a post on each platform it went to.
pub fn post_metrics(conn: &Connection, post: PostId) -> Result<Vec<PostMetrics>> {
    readings(
        conn,
        "SELECT platform, captured_at, likes, reposts, replies, quotes, impressions FROM metrics m
         WHERE post_id = ?1 AND captured_at = (SELECT max(captured_at) FROM metrics WHERE post_id = m.post_id AND platform = m.platform)
         ORDER BY platform",
        post,
    )
}

/// Every reading of a post, oldest first (for the reactions-over-time chart): at most the
/// newest 2,000, which is more than the reading schedule makes in a post's life (hourly for
/// two days, then daily).
pub fn metrics_history(conn: &Connection, post: PostId) -> Result<Vec<PostMetrics>> {
    readings(
        conn,
        "SELECT platform, captured_at, likes, reposts, replies, quotes, impressions FROM (
             SELECT * FROM metrics WHERE post_id = ?1 ORDER BY captured_at DESC LIMIT 2000
         ) ORDER BY captured_at, platform",
        post,
    )
}

/// The readings `sql` selects for `post` (platform, time and the five counters, in that
/// order); rows of a platform this version does not know are left out.
fn readings(conn: &Connection, sql: &str, post: PostId) -> Result<Vec<PostMetrics>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([post.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            Counts {
                likes: r.get(2)?,
                reposts: r.get(3)?,
                replies: r.get(4)?,
                quotes: r.get(5)?,
                impressions: r.get(6)?,
            },
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (platform, captured_at, counts) = row?;
        if let Some(platform) = Platform::parse(&platform) {
            out.push(PostMetrics {
                platform,
                captured_at,
                counts,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn hourly_for_two_days_then_daily_then_never() {
        let published = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
        let at = |h: i64| published + Duration::hours(h);
        assert!(due(published, None, at(0)));
        assert!(!due(published, Some(at(5)), at(5) + Duration::minutes(59)));
        assert!(due(published, Some(at(5)), at(6)));
        // After 48 hours, once a day.
        assert!(!due(published, Some(at(50)), at(60)));
        assert!(due(published, Some(at(50)), at(74)));
        // After 30 days, never.
        assert!(!due(published, Some(at(24 * 29)), at(24 * 31)));
    }
}
