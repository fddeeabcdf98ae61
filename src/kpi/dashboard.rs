//! The dashboard: what a manager reads in ten seconds, for a period of whole months — KPI
//! progress against target, reach and engagement per platform per month, cadence kept against
//! the plan, the period's top posts, results per theme and per purpose, the temperature map
//! and the success stories. One read of the period's published posts joined to their latest
//! readings (`metrics_latest`, kept by a trigger), bucketed by month in Rust; the report is
//! made from the same numbers.

use super::temperature::TemperatureMap;
use super::KpiProgress;
use crate::calendar::YearMonth;
use crate::error::{Error, Result};
use crate::ids::{PersonId, PostId};
use crate::model::Platform;
use crate::store::{write::val, Writer};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// One KPI over the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct KpiSeries {
    /// Each month's value and progress, oldest first.
    pub months: Vec<KpiProgress>,
}

/// One platform's month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlatformMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Posts published there.
    pub posts: u32,
    /// Likes, reposts, replies and quotes (latest reading of each post).
    pub reactions: i64,
    /// Impressions or views, `None` when the platform counts none.
    pub impressions: Option<i64>,
}

/// One platform over the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlatformTrend {
    /// The platform.
    pub platform: Platform,
    /// Oldest first.
    pub months: Vec<PlatformMonth>,
    /// Posts the cadence targets asked for in the period (per week × weeks), when set.
    pub planned: Option<u32>,
}

/// A post among the period's best.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TopPost {
    /// The post.
    pub post: PostId,
    /// Its title.
    pub title: String,
    /// When it went out, RFC 3339 UTC.
    pub published_at: String,
    /// Its platforms.
    pub platforms: Vec<Platform>,
    /// Reactions on every platform.
    pub reactions: i64,
    /// Impressions or views where counted.
    pub impressions: Option<i64>,
    /// Its theme's title.
    pub theme: Option<String>,
    /// Its purpose's name.
    pub purpose: Option<String>,
    /// Where it can be read: the first public address a platform gave it (for a QR code on
    /// paper), if any.
    pub url: Option<String>,
    /// Read back from its platforms, not (yet), or posted by hand.
    pub proof: Option<crate::publish::Proof>,
}

/// Results of the posts of one theme or purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GroupResult {
    /// The theme's title or the purpose's name (`None`: posts without one).
    pub name: Option<String>,
    /// Posts published.
    pub posts: u32,
    /// Their reactions.
    pub reactions: i64,
    /// Their impressions or views where counted.
    pub impressions: Option<i64>,
}

/// A post marked as one that worked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SuccessStory {
    /// The post.
    pub post: PostId,
    /// Its title.
    pub title: String,
    /// What happened ("三人の応募者が投稿に触れていました").
    pub note: String,
    /// When it went out, RFC 3339 UTC, if it did.
    pub published_at: Option<String>,
    /// Who marked it.
    pub marked_by: Option<String>,
}

/// The dashboard of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Dashboard {
    /// The months, oldest first.
    pub months: Vec<String>,
    /// Every KPI, month by month.
    pub kpis: Vec<KpiSeries>,
    /// Every platform that published in the period or has a cadence target.
    pub platforms: Vec<PlatformTrend>,
    /// The ten posts with the most reactions.
    pub top_posts: Vec<TopPost>,
    /// By theme, most reactions first.
    pub by_theme: Vec<GroupResult>,
    /// By purpose, most reactions first.
    pub by_purpose: Vec<GroupResult>,
    /// Participation by department and month.
    pub temperature: TemperatureMap,
    /// Success stories of posts published in the period (or marked in it).
    pub successes: Vec<SuccessStory>,
    /// Posts and reactions per account over the period.
    pub accounts: Vec<super::accounts::AccountResult>,
}

/// One published post of the period with its latest numbers.
struct Row {
    post: String,
    title: String,
    at: String,
    platforms: String,
    theme: Option<String>,
    purpose: Option<String>,
    platform: Option<String>,
    reactions: i64,
    impressions: Option<i64>,
}

fn add_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (None, None) => None,
        (x, y) => Some(x.unwrap_or(0) + y.unwrap_or(0)),
    }
}

/// The longest period the dashboard reads at once.
const MAX_MONTHS: usize = 24;

/// The dashboard of `from..=to` (whole months in the workspace zone).
pub fn dashboard(conn: &Connection, tz: Tz, from: YearMonth, to: YearMonth) -> Result<Dashboard> {
    if from > to {
        return Err(Error::invalid(
            "months",
            format!("{from} is after {to}; swap them."),
        ));
    }
    let mut months = Vec::new();
    let mut starts = Vec::new();
    let mut m = from;
    while m <= to {
        months.push(m);
        starts.push(crate::clock::to_db_time(m.utc_range(tz).0));
        m = m.next();
        if months.len() > MAX_MONTHS {
            return Err(Error::invalid(
                "months",
                "Choose a period of at most 24 months.",
            ));
        }
    }
    let end = crate::clock::to_db_time(to.utc_range(tz).1);
    let names: Vec<String> = months.iter().map(ToString::to_string).collect();
    let index = |at: &str| starts.partition_point(|s| s.as_str() <= at).checked_sub(1);

    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.title, p.scheduled_at, p.platforms, t.title, u.name, l.platform,
                coalesce(l.likes, 0) + coalesce(l.reposts, 0) + coalesce(l.replies, 0) + coalesce(l.quotes, 0),
                l.impressions
         FROM posts p
         LEFT JOIN metrics_latest l ON l.post_id = p.id
         LEFT JOIN themes t ON t.id = p.theme_id
         LEFT JOIN purposes u ON u.id = p.purpose_id
         WHERE p.status = 'published' AND p.deleted_at IS NULL AND p.scheduled_at >= ?1 AND p.scheduled_at < ?2",
    )?;
    let rows = stmt.query_map([&starts[0], &end], |r| {
        Ok(Row {
            post: r.get(0)?,
            title: r.get(1)?,
            at: r.get(2)?,
            platforms: r.get(3)?,
            theme: r.get(4)?,
            purpose: r.get(5)?,
            platform: r.get(6)?,
            reactions: r.get::<_, Option<i64>>(7)?.unwrap_or(0),
            impressions: r.get(8)?,
        })
    })?;
    // Per platform and month; per post; per theme and purpose.
    let mut trend: BTreeMap<Platform, Vec<PlatformMonth>> = BTreeMap::new();
    let blank = || -> Vec<PlatformMonth> {
        names
            .iter()
            .map(|n| PlatformMonth {
                month: n.clone(),
                ..Default::default()
            })
            .collect()
    };
    let mut posts: BTreeMap<String, TopPost> = BTreeMap::new();
    for row in rows {
        let row = row?;
        let Some(i) = index(&row.at) else { continue };
        let first_seen = !posts.contains_key(&row.post);
        let entry = posts.entry(row.post.clone()).or_insert_with(|| TopPost {
            post: PostId::parse(&row.post).unwrap_or(PostId(uuid::Uuid::nil())),
            title: row.title.clone(),
            published_at: row.at.clone(),
            platforms: row
                .platforms
                .split(',')
                .filter_map(Platform::parse)
                .collect(),
            reactions: 0,
            impressions: None,
            theme: row.theme.clone(),
            purpose: row.purpose.clone(),
            url: None,
            proof: None,
        });
        if first_seen {
            for p in &entry.platforms {
                trend.entry(*p).or_insert_with(blank)[i].posts += 1;
            }
        }
        if let Some(p) = row.platform.as_deref().and_then(Platform::parse) {
            entry.reactions += row.reactions;
            entry.impressions = add_opt(entry.impressions, row.impressions);
            let cell = &mut trend.entry(p).or_insert_with(blank)[i];
            cell.reactions += row.reactions;
            cell.impressions = add_opt(cell.impressions, row.impressions);
        }
    }
    let group = |key: fn(&TopPost) -> Option<String>| -> Vec<GroupResult> {
        let mut by: BTreeMap<Option<String>, GroupResult> = BTreeMap::new();
        for p in posts.values() {
            let g = by.entry(key(p)).or_insert_with(|| GroupResult {
                name: key(p),
                posts: 0,
                reactions: 0,
                impressions: None,
            });
            g.posts += 1;
            g.reactions += p.reactions;
            g.impressions = add_opt(g.impressions, p.impressions);
        }
        let mut out: Vec<GroupResult> = by.into_values().collect();
        out.sort_by(|a, b| b.reactions.cmp(&a.reactions).then(a.name.cmp(&b.name)));
        out
    };
    let by_theme = group(|p| p.theme.clone());
    let by_purpose = group(|p| p.purpose.clone());
    let mut top: Vec<TopPost> = posts.into_values().collect();
    top.sort_by(|a, b| {
        b.reactions
            .cmp(&a.reactions)
            .then(b.impressions.cmp(&a.impressions))
            .then(a.published_at.cmp(&b.published_at))
    });
    top.truncate(10);
    let mut url_of = conn.prepare_cached(
        "SELECT remote_url FROM publish_jobs
         WHERE post_id = ?1 AND state = 'published' AND (remote_url LIKE 'https://%' OR remote_url LIKE 'http://%')
         ORDER BY platform LIMIT 1",
    )?;
    for t in &mut top {
        t.url = url_of
            .query_row([t.post.as_string()], |r| r.get(0))
            .optional()?;
        t.proof = crate::publish::outbox::proof(&crate::publish::outbox::post_jobs(conn, t.post)?);
    }

    // Cadence: what the weekly targets asked for over the period's days.
    let days = (to.utc_range(tz).1 - from.utc_range(tz).0).num_days();
    for t in crate::planning::cadence_targets(conn)? {
        trend.entry(t.platform).or_insert_with(blank);
    }
    let targets: BTreeMap<Platform, u32> = crate::planning::cadence_targets(conn)?
        .into_iter()
        .map(|t| (t.platform, t.per_week))
        .collect();
    let platforms = trend
        .into_iter()
        .map(|(platform, months)| PlatformTrend {
            platform,
            planned: targets
                .get(&platform)
                .map(|w| u32::try_from((i64::from(*w) * days + 3) / 7).unwrap_or(u32::MAX)),
            months,
        })
        .collect();

    Ok(Dashboard {
        months: names,
        kpis: kpi_series(conn, tz, &months)?,
        platforms,
        top_posts: top,
        by_theme,
        by_purpose,
        temperature: super::temperature::temperature_map(conn, tz, from, to)?,
        successes: success_stories(conn, &starts[0], &end)?,
        accounts: super::accounts::account_results(conn, &starts[0], &end)?,
    })
}

/// Every KPI's progress over `months`, one series a KPI.
pub fn kpi_series(conn: &Connection, tz: Tz, months: &[YearMonth]) -> Result<Vec<KpiSeries>> {
    let mut kpis: Vec<KpiSeries> = Vec::new();
    for m in months {
        for (i, p) in crate::kpi::kpi_progress(conn, tz, *m)?
            .into_iter()
            .enumerate()
        {
            match kpis.get_mut(i) {
                Some(s) => s.months.push(p),
                None => kpis.push(KpiSeries { months: vec![p] }),
            }
        }
    }
    Ok(kpis)
}

/// Marks a published post as a success with what happened (or changes the note).
pub fn mark_success(w: &mut Writer<'_>, post: PostId, note: &str) -> Result<()> {
    let note = note.trim();
    if note.is_empty() || note.chars().count() > 400 {
        return Err(Error::invalid(
            "note",
            "Say in 1 to 400 characters what happened (\"three applicants mentioned it\").",
        ));
    }
    if crate::posts::status_of(w.conn(), post)? != Some(crate::model::PostStatus::Published) {
        return Err(Error::invalid(
            "post",
            "Only a published post can be a success story; mark it once it is out.",
        ));
    }
    let marked_by: Option<PersonId> = w.actor();
    {
        let exists: bool = w.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM success_stories WHERE post_id = ?1)",
            [post.as_string()],
            |r| r.get(0),
        )?;
        let key = [("post_id", val::text(post.as_string()))];
        let fields = [
            ("note", val::text(note)),
            ("marked_by", val::opt_text(marked_by.map(|p| p.as_string()))),
            ("marked_at", val::text(w.now_text())),
        ];
        if exists {
            w.update("success_stories", &key, &fields)
        } else {
            w.insert("success_stories", &key, &fields)
        }
    }
}

/// Takes a post off the success stories.
pub fn unmark_success(w: &mut Writer<'_>, post: PostId) -> Result<()> {
    w.delete(
        "success_stories",
        &[("post_id", val::text(post.as_string()))],
    )
}

/// Success stories of posts published in `from..to` (database times), newest first.
fn success_stories(conn: &Connection, from: &str, to: &str) -> Result<Vec<SuccessStory>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.post_id, p.title, s.note, p.scheduled_at, pe.name
         FROM success_stories s JOIN posts p ON p.id = s.post_id
         LEFT JOIN people pe ON pe.id = s.marked_by
         WHERE p.scheduled_at >= ?1 AND p.scheduled_at < ?2 AND p.deleted_at IS NULL
         ORDER BY p.scheduled_at DESC",
    )?;
    let rows = stmt.query_map([from, to], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, title, note, published_at, marked_by) = row?;
        if let Some(post) = PostId::parse(&id) {
            out.push(SuccessStory {
                post,
                title,
                note,
                published_at,
                marked_by,
            });
        }
    }
    Ok(out)
}
