//! The planning panel's surface for the fronts: the themes of a month, the weekly cadence
//! per platform, the recurring slots, and putting a post in the next free slot.
//!
//! The rules live in `crate::planning` as functions over a connection or a writer; this is
//! where the workspace's time zone, who is writing and the transaction are supplied, and
//! where the one step that crosses into posts (a post into a slot) is put together.

use crate::calendar::YearMonth;
use crate::error::{Error, Result};
use crate::ids::{PostId, RowId, ThemeId};
use crate::model::Platform;
use crate::planning::{self, CadenceTarget, CadenceWeek, MonthPlanning, OpenSlot, RecurringSlot};
use crate::store::Source;
use crate::workspace::Workspace;
use chrono::{Duration, NaiveDate};

fn tz(ws: &Workspace) -> Result<chrono_tz::Tz> {
    crate::settings::validate_time_zone(&ws.settings()?.time_zone)
}

/// The planning panel for `month`.
pub fn month_planning(ws: &Workspace, month: YearMonth) -> Result<MonthPlanning> {
    planning::month_planning(ws.store().conn(), tz(ws)?, month)
}

/// The weekly targets.
pub fn cadence_targets(ws: &Workspace) -> Result<Vec<CadenceTarget>> {
    planning::cadence_targets(ws.store().conn())
}

/// Cadence for each ISO week that overlaps `month`.
pub fn cadence(ws: &Workspace, month: YearMonth) -> Result<Vec<CadenceWeek>> {
    planning::cadence(ws.store().conn(), tz(ws)?, month)
}

/// The recurring slots.
pub fn slots(ws: &Workspace) -> Result<Vec<RecurringSlot>> {
    planning::slots(ws.store().conn())
}

/// Slot occurrences from `from` to `to` (local dates, `to` excluded) with no planned post.
pub fn open_slots(ws: &Workspace, from: NaiveDate, to: NaiveDate) -> Result<Vec<OpenSlot>> {
    planning::open_slots(ws.store().conn(), tz(ws)?, from, to)
}

/// Adds a monthly theme (`color` as `#rrggbb`).
pub fn add_theme(
    ws: &mut Workspace,
    source: Source,
    month: YearMonth,
    title: &str,
    description: &str,
    color: &str,
) -> Result<ThemeId> {
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| {
        planning::add_theme(w, month, title, description, color)
    })
}

/// Removes a monthly theme; posts keep their text and lose only the link.
pub fn delete_theme(ws: &mut Workspace, source: Source, id: ThemeId) -> Result<()> {
    let ctx = ws.ctx(None, source);
    ws.store_mut()
        .write(&ctx, |w| planning::delete_theme(w, id))
}

/// Sets a platform's weekly target (0 removes it).
pub fn set_cadence(
    ws: &mut Workspace,
    source: Source,
    platform: Platform,
    per_week: u32,
) -> Result<()> {
    set_account_cadence(ws, source, platform, None, per_week)
}

/// Sets a weekly target for one account of `platform` (`None`: the platform as a whole); 0
/// removes it.
pub fn set_account_cadence(
    ws: &mut Workspace,
    source: Source,
    platform: Platform,
    account: Option<crate::ids::RowId>,
    per_week: u32,
) -> Result<()> {
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| {
        planning::set_cadence(w, platform, account, per_week)
    })
}

/// Adds a recurring slot (ISO weekday 1–7, `HH:MM`).
pub fn add_slot(
    ws: &mut Workspace,
    source: Source,
    weekday: u32,
    local_time: &str,
    title: &str,
    platform: Platform,
) -> Result<RowId> {
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| {
        planning::add_slot(w, weekday, local_time, title, platform)
    })
}

/// Removes a recurring slot.
pub fn delete_slot(ws: &mut Workspace, source: Source, id: RowId) -> Result<()> {
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| planning::delete_slot(w, id))
}

/// Moves a post into the first open slot from now on (within twelve weeks), adding the
/// slot's platform to it, in one transaction. Returns the slot used.
pub fn add_to_next_free_slot(ws: &mut Workspace, source: Source, id: PostId) -> Result<OpenSlot> {
    let tz = crate::settings::validate_time_zone(&ws.settings()?.time_zone)?;
    let now = ws.clock().now();
    let today = now.with_timezone(&tz).date_naive();
    let open = planning::open_slots(ws.store().conn(), tz, today, today + Duration::weeks(12))?;
    let slot = open
        .into_iter()
        .find(|s| {
            crate::posts::local_to_utc(&s.local_time, tz).is_ok_and(|t| t > now)
        })
        .ok_or_else(|| Error::invalid("slot", "No open slot in the next twelve weeks. Add a recurring slot in the calendar's planning panel, or pick a day by hand."))?;
    let post = ws.post(id)?;
    let mut variants = post.variants.clone();
    if !variants.iter().any(|v| v.platform == slot.platform) {
        variants.push(crate::posts::Variant {
            platform: slot.platform,
            body: None,
        });
    }
    let input = crate::posts::DraftInput {
        title: post.title.clone(),
        body: post.body.clone(),
        variants,
        theme_id: post.theme_id,
        accounts: None,
    };
    if post.status == crate::model::PostStatus::Published {
        return Err(Error::refused(
            crate::Rule::AlreadyPublished,
            "slot",
            "This post is already published; a slot cannot change when it went out.",
        ));
    }
    // The slot's platform and the move land together, or neither does.
    let draft = crate::posts::draft::Draft::check(&input)?;
    let at = crate::posts::local_to_utc(&slot.local_time, tz)?;
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| {
        draft.write(w, &post, None)?;
        crate::posts::draft::write_move(w, id, at)
    })?;
    Ok(slot)
}
