//! The calendar for the fronts: a month as the calendar screen shows it (its posts, themes,
//! requests due and reactions, from four domains), some posts again after an autosave, and the
//! iCalendar export.

use crate::calendar::{self, CalendarPost, MonthView, YearMonth};
use crate::error::Result;
use crate::ics::IcsRange;
use crate::ids::PostId;
use crate::workspace::Workspace;

/// The calendar for `month` in the workspace's time zone.
pub fn month_view(ws: &Workspace, month: YearMonth) -> Result<MonthView> {
    let settings = ws.settings()?;
    let tz = crate::settings::validate_time_zone(&settings.time_zone)?;
    let (start, end) = month.utc_range(tz);
    let conn = ws.store().conn();
    Ok(MonthView {
        reactions: crate::publish::metrics::reactions_between(
            conn,
            &crate::clock::to_db_time(start),
            &crate::clock::to_db_time(end),
        )?,
        month: month.to_string(),
        time_zone: settings.time_zone,
        posts: calendar::month_posts(conn, month, tz)?,
        themes: calendar::month_themes(conn, month)?,
        requests: crate::app::requests::request_dues(
            ws,
            month.first_day(),
            month
                .next()
                .first_day()
                .pred_opt()
                .unwrap_or(month.first_day()),
        )?,
    })
}

/// The posts `ids` as the calendar shows them (a deleted one is absent).
pub fn calendar_posts(ws: &Workspace, ids: &[PostId]) -> Result<Vec<CalendarPost>> {
    let settings = ws.settings()?;
    let tz = crate::settings::validate_time_zone(&settings.time_zone)?;
    calendar::posts_by_id(ws.store().conn(), ids, tz)
}

/// The posts whose title or text holds every word of `query`, newest first (at most 50).
pub fn search_posts(ws: &Workspace, query: &str) -> Result<Vec<CalendarPost>> {
    let tz = crate::settings::validate_time_zone(&ws.settings()?.time_zone)?;
    calendar::search(ws.store().conn(), query, tz, 50)
}

/// The scheduled posts in `range` as an iCalendar document.
pub fn export_ics(ws: &Workspace, range: IcsRange) -> Result<String> {
    crate::ics::export(ws.store().conn(), &ws.settings()?, ws.clock().now(), range)
}
