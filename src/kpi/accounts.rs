//! Results per account: which of the company's accounts carried the period's posts and the
//! reactions they drew. A company with a 公式 and a 採用 account on one platform needs to see
//! them apart; posts that went out before accounts were recorded count under their platform.

use crate::error::Result;
use crate::model::Platform;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use ts_rs::TS;

/// One account's period: what went out through it and the reactions it drew.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AccountResult {
    /// The platform.
    pub platform: Platform,
    /// The account's handle; `None` for posts that went out before an account was recorded
    /// (they are counted under their platform).
    pub handle: Option<String>,
    /// The company's name for the account (「採用X」), when it was given one.
    pub display_name: Option<String>,
    /// Published posts.
    pub posts: u32,
    /// Likes, reposts, replies and quotes.
    pub reactions: i64,
}

impl AccountResult {
    /// "X @minato_pr", or the platform alone.
    pub fn label(&self) -> String {
        match (&self.display_name, &self.handle) {
            (Some(name), Some(h)) => format!(
                "{name} ({} @{})",
                super::report::platform_name(self.platform),
                h.trim_start_matches('@')
            ),
            (_, Some(h)) => format!(
                "{} @{}",
                super::report::platform_name(self.platform),
                h.trim_start_matches('@')
            ),
            (_, None) => super::report::platform_name(self.platform).to_string(),
        }
    }
}

/// Per account (the job's account when the post went out through one, else its platform), the
/// posts published from `from` up to `to` (database times) and their reactions, most
/// reactions first. A post carried by two accounts (公式X and 採用X) counts once for each.
pub fn account_results(conn: &Connection, from: &str, to: &str) -> Result<Vec<AccountResult>> {
    let range = [from, to];
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.platforms FROM posts p
         WHERE p.status = 'published' AND p.deleted_at IS NULL AND p.scheduled_at >= ?1 AND p.scheduled_at < ?2",
    )?;
    let posts: Vec<(String, String)> = stmt
        .query_map(rusqlite::params_from_iter(&range), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    // The month's accounts and reactions in two reads, not two per post and platform.
    let mut stmt = conn.prepare_cached(
        "SELECT j.post_id, j.platform, a.id, a.handle, a.display_name FROM publish_jobs j
         JOIN accounts a ON a.id = j.account_id JOIN posts p ON p.id = j.post_id
         WHERE p.status = 'published' AND j.state = 'published' AND p.scheduled_at >= ?1 AND p.scheduled_at < ?2
         ORDER BY a.id",
    )?;
    type Carrier = (String, String, String);
    let mut carriers: HashMap<(String, String), Vec<Carrier>> = HashMap::new();
    for row in stmt.query_map(rusqlite::params_from_iter(&range), |r| {
        Ok((
            (r.get::<_, String>(0)?, r.get::<_, String>(1)?),
            (
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ),
        ))
    })? {
        let (key, carrier) = row?;
        carriers.entry(key).or_default().push(carrier);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT l.post_id, l.platform, l.account_key,
                coalesce(l.likes, 0) + coalesce(l.reposts, 0) + coalesce(l.replies, 0) + coalesce(l.quotes, 0)
         FROM metrics_latest l JOIN posts p ON p.id = l.post_id
         WHERE p.status = 'published' AND p.deleted_at IS NULL AND p.scheduled_at >= ?1 AND p.scheduled_at < ?2",
    )?;
    let reactions: HashMap<(String, String, String), i64> = stmt
        .query_map(rusqlite::params_from_iter(&range), |r| {
            Ok(((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    type Key = (Platform, Option<String>, Option<String>);
    let mut by: BTreeMap<Key, (u32, i64)> = BTreeMap::new();
    for (post, platforms) in posts {
        for platform in platforms.split(',').filter_map(Platform::parse) {
            let key = (post.clone(), platform.as_str().to_string());
            match carriers.get(&key) {
                Some(list) => {
                    for (id, handle, name) in list {
                        let e = by
                            .entry((
                                platform,
                                Some(handle.clone()),
                                Some(name.clone()).filter(|n| !n.is_empty()),
                            ))
                            .or_default();
                        e.0 += 1;
                        e.1 += reactions
                            .get(&(key.0.clone(), key.1.clone(), id.clone()))
                            .or_else(|| {
                                reactions.get(&(key.0.clone(), key.1.clone(), String::new()))
                            })
                            .copied()
                            .unwrap_or(0);
                    }
                }
                None => {
                    let e = by.entry((platform, None, None)).or_default();
                    e.0 += 1;
                    e.1 += reactions
                        .iter()
                        .filter(|((p, pl, _), _)| *p == key.0 && *pl == key.1)
                        .map(|(_, v)| *v)
                        .sum::<i64>();
                }
            }
        }
    }
    let mut out: Vec<AccountResult> = by
        .into_iter()
        .map(
            |((platform, handle, display_name), (posts, reactions))| AccountResult {
                platform,
                handle,
                display_name,
                posts,
                reactions,
            },
        )
        .collect();
    out.sort_by(|a, b| b.reactions.cmp(&a.reactions).then(b.posts.cmp(&a.posts)));
    Ok(out)
}
