//! Planning aids on the calendar: monthly themes, cadence targets per platform with the weeks
//! that fall short, and recurring slots ("every Tuesday 12:00, 現場の一枚, Instagram") with
//! the slots still open.
//!
//! Weeks are ISO weeks (Monday first) in the workspace zone. A post counts toward cadence and
//! fills a slot once it is more than an idea and not paused: an idea is not yet a plan.

use crate::calendar::{local_midnight, YearMonth};
use crate::clock::from_db_time;
use crate::error::{Error, Result};
use crate::ids::{RowId, ThemeId};
use crate::model::Platform;
use crate::store::{write::val, Writer};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// A cadence target: so many posts a week on a platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CadenceTarget {
    /// The platform.
    pub platform: Platform,
    /// The account (`None`: every post on the platform).
    pub account: Option<RowId>,
    /// Posts per week.
    pub per_week: u32,
}

/// One platform in one week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CadenceCell {
    /// The platform.
    pub platform: Platform,
    /// The account (`None`: every post on the platform).
    pub account: Option<RowId>,
    /// Posts planned that week.
    pub planned: u32,
    /// The target.
    pub target: u32,
    /// How many are missing (0 when the target is met).
    pub missing: u32,
}

/// One week's cadence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CadenceWeek {
    /// The Monday, `YYYY-MM-DD`.
    pub week_start: String,
    /// One cell per target.
    pub cells: Vec<CadenceCell>,
    /// Total missing that week.
    pub missing: u32,
}

/// A recurring slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RecurringSlot {
    /// The slot.
    pub id: RowId,
    /// ISO weekday, 1 = Monday.
    pub weekday: u32,
    /// `HH:MM` in the workspace zone.
    pub local_time: String,
    /// What goes there.
    pub title: String,
    /// Where.
    pub platform: Platform,
}

/// One occurrence of a slot with no post in it yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OpenSlot {
    /// The slot.
    pub slot_id: RowId,
    /// What goes there.
    pub title: String,
    /// Where.
    pub platform: Platform,
    /// `YYYY-MM-DDTHH:MM` in the workspace zone.
    pub local_time: String,
}

/// Everything the calendar's planning panel shows for a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MonthPlanning {
    /// `YYYY-MM`.
    pub month: String,
    /// Weekly targets.
    pub targets: Vec<CadenceTarget>,
    /// Each week overlapping the month.
    pub weeks: Vec<CadenceWeek>,
    /// The recurring slots.
    pub slots: Vec<RecurringSlot>,
    /// Slot occurrences in the month with nothing planned.
    pub open_slots: Vec<OpenSlot>,
}

/// Statuses that count as planned.
const PLANNED: &str = "status NOT IN ('idea', 'paused') AND deleted_at IS NULL";

/// The planning panel for `month` (workspace zone `tz`).
pub fn month_planning(conn: &Connection, tz: Tz, month: YearMonth) -> Result<MonthPlanning> {
    Ok(MonthPlanning {
        month: month.to_string(),
        targets: cadence_targets(conn)?,
        weeks: cadence(conn, tz, month)?,
        slots: slots(conn)?,
        open_slots: open_slots(conn, tz, month.first_day(), month.next().first_day())?,
    })
}

/// Adds a monthly theme.
pub fn add_theme(
    w: &mut Writer<'_>,
    month: YearMonth,
    title: &str,
    description: &str,
    color: &str,
) -> Result<ThemeId> {
    let title = title.trim();
    if title.is_empty() {
        return Err(Error::invalid(
            "title",
            "A theme needs a title, such as 現場の一枚.",
        ));
    }
    let ok_colour = color.len() == 7
        && color.starts_with('#')
        && color[1..].chars().all(|c| c.is_ascii_hexdigit());
    if !ok_colour {
        return Err(Error::invalid(
            "color",
            format!("\"{color}\" is not a colour; use #rrggbb."),
        ));
    }
    let id = ThemeId(w.new_id());
    w.insert(
        "themes",
        &[("id", val::text(id.as_string()))],
        &[
            ("month", val::text(month.to_string())),
            ("title", val::text(title)),
            ("description", val::text(description.trim())),
            ("color", val::text(color)),
        ],
    )?;
    Ok(id)
}

/// Removes a monthly theme; posts keep their text and lose only the link.
pub fn delete_theme(w: &mut Writer<'_>, id: ThemeId) -> Result<()> {
    let posts: Vec<String> = {
        let mut stmt = w
            .conn()
            .prepare("SELECT id FROM posts WHERE theme_id = ?1")?;
        let ids = stmt
            .query_map([id.as_string()], |r| r.get(0))?
            .collect::<Result<Vec<_>, _>>()?;
        ids
    };
    for p in &posts {
        w.update(
            "posts",
            &[("id", val::text(p.clone()))],
            &[("theme_id", rusqlite::types::Value::Null)],
        )?;
    }
    w.delete("themes", &[("id", val::text(id.as_string()))])
}

/// Removes a recurring slot.
pub fn delete_slot(w: &mut Writer<'_>, id: RowId) -> Result<()> {
    w.delete("recurring_slots", &[("id", val::text(id.as_string()))])
}

/// Sets a platform's weekly target (0 removes it).
pub fn set_cadence(
    w: &mut Writer<'_>,
    platform: Platform,
    account: Option<RowId>,
    per_week: u32,
) -> Result<()> {
    if per_week > 100 {
        return Err(Error::invalid(
            "per_week",
            "More than 100 posts a week is not a cadence; use a smaller number.",
        ));
    }
    if let Some(a) = account {
        if crate::posts::targets::platform_of(w.conn(), a)? != platform {
            return Err(Error::invalid(
                "account",
                format!("That account is not on {}.", platform.as_str()),
            ));
        }
    }
    let account = account.map(|a| a.as_string());
    let existing: Vec<String> = {
        let mut stmt = w
            .conn()
            .prepare("SELECT id FROM cadence_targets WHERE platform = ?1 AND account_id IS ?2")?;
        let ids = stmt
            .query_map(rusqlite::params![platform.as_str(), account], |r| r.get(0))?
            .collect::<Result<Vec<_>, _>>()?;
        ids
    };
    for id in &existing {
        w.delete("cadence_targets", &[("id", val::text(id.clone()))])?;
    }
    if per_week > 0 {
        w.insert(
            "cadence_targets",
            &[("id", val::text(w.new_id().to_string()))],
            &[
                ("platform", val::text(platform.as_str())),
                ("account_id", val::opt_text(account)),
                ("per_week", val::int(i64::from(per_week))),
            ],
        )?;
    }
    Ok(())
}

/// The weekly targets.
pub fn cadence_targets(conn: &Connection) -> Result<Vec<CadenceTarget>> {
    let mut stmt = conn.prepare_cached(
        "SELECT platform, per_week, account_id FROM cadence_targets ORDER BY platform, account_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (p, n, account) = row?;
        if let Some(platform) = Platform::parse(&p) {
            out.push(CadenceTarget {
                platform,
                account: account.as_deref().and_then(RowId::parse),
                per_week: u32::try_from(n).unwrap_or(0),
            });
        }
    }
    out.sort_by_key(|t| (t.platform, t.account.is_some(), t.account));
    Ok(out)
}

/// Cadence for each ISO week that overlaps `month` (workspace zone `tz`).
pub fn cadence(conn: &Connection, tz: Tz, month: YearMonth) -> Result<Vec<CadenceWeek>> {
    let targets = cadence_targets(conn)?;
    let first = month.first_day();
    let mut monday = first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
    let end = month.next().first_day();
    let mut weeks = Vec::new();
    while monday < end {
        let counts = target_counts(
            conn,
            local_midnight(monday, tz),
            local_midnight(monday + Duration::days(7), tz),
            &targets,
        )?;
        let cells: Vec<CadenceCell> = targets
            .iter()
            .zip(counts)
            .map(|(t, planned)| CadenceCell {
                platform: t.platform,
                account: t.account,
                planned,
                target: t.per_week,
                missing: t.per_week.saturating_sub(planned),
            })
            .collect();
        let missing = cells.iter().map(|c| c.missing).sum();
        weeks.push(CadenceWeek {
            week_start: monday.to_string(),
            cells,
            missing,
        });
        monday += Duration::days(7);
    }
    Ok(weeks)
}

/// How many posts planned from `from` up to `to` count for each target: every post on the
/// platform for a target without an account; for an account's target, the posts that name it,
/// and those that name no account on the platform when it is the platform's default.
fn target_counts(
    conn: &Connection,
    from: chrono::DateTime<Utc>,
    to: chrono::DateTime<Utc>,
    targets: &[CadenceTarget],
) -> Result<Vec<u32>> {
    let sql = format!(
        "SELECT platforms, (SELECT group_concat(account_id || ':' || platform) FROM post_accounts pa WHERE pa.post_id = posts.id)
         FROM posts WHERE scheduled_at >= ?1 AND scheduled_at < ?2 AND {PLANNED}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        [crate::clock::to_db_time(from), crate::clock::to_db_time(to)],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)),
    )?;
    let mut defaults: BTreeMap<Platform, Option<RowId>> = BTreeMap::new();
    for t in targets {
        if let std::collections::btree_map::Entry::Vacant(e) = defaults.entry(t.platform) {
            e.insert(crate::posts::targets::default_account(conn, t.platform)?);
        }
    }
    let mut counts = vec![0u32; targets.len()];
    for row in rows {
        let (platforms, named) = row?;
        let platforms: Vec<Platform> = platforms.split(',').filter_map(Platform::parse).collect();
        let named: Vec<(RowId, Platform)> = named
            .unwrap_or_default()
            .split(',')
            .filter_map(|x| x.split_once(':'))
            .filter_map(|(a, p)| Some((RowId::parse(a)?, Platform::parse(p)?)))
            .collect();
        for (t, n) in targets.iter().zip(counts.iter_mut()) {
            if !platforms.contains(&t.platform) {
                continue;
            }
            let counts_here = match t.account {
                None => true,
                Some(a) => {
                    let mine: Vec<RowId> = named
                        .iter()
                        .filter(|(_, p)| *p == t.platform)
                        .map(|(x, _)| *x)
                        .collect();
                    mine.contains(&a)
                        || (mine.is_empty()
                            && defaults.get(&t.platform).copied().flatten() == Some(a))
                }
            };
            if counts_here {
                *n += 1;
            }
        }
    }
    Ok(counts)
}

/// Adds a recurring slot.
pub fn add_slot(
    w: &mut Writer<'_>,
    weekday: u32,
    local_time: &str,
    title: &str,
    platform: Platform,
) -> Result<RowId> {
    if !(1..=7).contains(&weekday) {
        return Err(Error::invalid(
            "weekday",
            "The weekday is 1 (Monday) to 7 (Sunday).",
        ));
    }
    let time = NaiveTime::parse_from_str(local_time.trim(), "%H:%M").map_err(|_| {
        Error::invalid(
            "time",
            format!("\"{local_time}\" is not a time; use HH:MM, for example 12:00."),
        )
    })?;
    let title = title.trim();
    if title.is_empty() {
        return Err(Error::invalid(
            "title",
            "A slot needs a title, such as 現場の一枚.",
        ));
    }
    let id = RowId(w.new_id());
    w.insert(
        "recurring_slots",
        &[("id", val::text(id.as_string()))],
        &[
            ("weekday", val::int(i64::from(weekday))),
            ("local_time", val::text(time.format("%H:%M").to_string())),
            ("title", val::text(title)),
            ("platform", val::text(platform.as_str())),
        ],
    )?;
    Ok(id)
}

/// The recurring slots.
pub fn slots(conn: &Connection) -> Result<Vec<RecurringSlot>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, weekday, local_time, title, platform FROM recurring_slots ORDER BY weekday, local_time",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, weekday, local_time, title, platform) = row?;
        if let (Some(id), Some(platform)) = (RowId::parse(&id), Platform::parse(&platform)) {
            out.push(RecurringSlot {
                id,
                weekday: u32::try_from(weekday).unwrap_or(1),
                local_time,
                title,
                platform,
            });
        }
    }
    Ok(out)
}

/// Slot occurrences from `from` to `to` (local dates, `to` excluded) with no planned post
/// on that day for that platform (workspace zone `tz`).
pub fn open_slots(
    conn: &Connection,
    tz: Tz,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<OpenSlot>> {
    let slots = slots(conn)?;
    if slots.is_empty() {
        return Ok(Vec::new());
    }
    // Platforms with a planned post, per local day.
    let sql = format!(
        "SELECT scheduled_at, platforms FROM posts WHERE scheduled_at >= ?1 AND scheduled_at < ?2 AND {PLANNED}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        [
            crate::clock::to_db_time(local_midnight(from, tz)),
            crate::clock::to_db_time(local_midnight(to, tz)),
        ],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
    )?;
    let mut taken: BTreeMap<(NaiveDate, Platform), ()> = BTreeMap::new();
    for row in rows {
        let (at, platforms) = row?;
        let Some(at) = from_db_time(&at) else {
            continue;
        };
        let day = at.with_timezone(&tz).date_naive();
        for p in platforms.split(',').filter_map(Platform::parse) {
            taken.insert((day, p), ());
        }
    }
    let mut out = Vec::new();
    for day in from.iter_days().take_while(|d| *d < to) {
        for s in slots
            .iter()
            .filter(|s| s.weekday == day.weekday().number_from_monday())
        {
            if !taken.contains_key(&(day, s.platform)) {
                out.push(OpenSlot {
                    slot_id: s.id,
                    title: s.title.clone(),
                    platform: s.platform,
                    local_time: format!("{day}T{}", s.local_time),
                });
            }
        }
    }
    Ok(out)
}
