//! The calendar: which posts fall in a month of the workspace's time zone.
//!
//! Instants are stored in UTC; a month is a wall-clock notion. So the month's bounds are
//! computed in the workspace zone (DST included) and turned into a UTC range, which an index
//! on `posts.scheduled_at` answers directly.

use crate::clock::from_db_time;
use crate::error::{Error, Result};
use crate::ids::{PersonId, PostId, ThemeId};
use crate::model::{Platform, PostStatus};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::clock::{local_midnight, YearMonth};

/// A post as the calendar shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CalendarPost {
    /// The post.
    pub id: PostId,
    /// Its title.
    pub title: String,
    /// Where it stands.
    pub status: PostStatus,
    /// Where it goes.
    pub platforms: Vec<Platform>,
    /// When, RFC 3339 with the workspace zone's offset.
    pub scheduled_at: String,
    /// The same instant as wall-clock time in the workspace zone, `YYYY-MM-DDTHH:MM:SS`.
    pub local_time: String,
    /// Its monthly theme.
    pub theme_id: Option<ThemeId>,
    /// Who wrote it.
    pub author_id: Option<PersonId>,
    /// People who appear in it.
    pub people: Vec<PersonId>,
    /// The accounts it names (empty: each platform's default account); the calendar paints
    /// it in the first one's colour.
    pub accounts: Vec<crate::ids::RowId>,
    /// For a published post: read back from its platforms, not yet, or posted by hand.
    pub proof: Option<crate::publish::Proof>,
}

/// A monthly theme (今月のテーマ).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Theme {
    /// The theme.
    pub id: ThemeId,
    /// `YYYY-MM`.
    pub month: String,
    /// Its title.
    pub title: String,
    /// A longer note.
    pub description: String,
    /// A colour, `#rrggbb`.
    pub color: String,
}

/// One month of the calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MonthView {
    /// `YYYY-MM`.
    pub month: String,
    /// The workspace zone the times are in.
    pub time_zone: String,
    /// Posts scheduled in the month, by time.
    pub posts: Vec<CalendarPost>,
    /// The month's themes.
    pub themes: Vec<Theme>,
    /// Requests due in the month (each occurrence of a recurring one).
    pub requests: Vec<crate::roster::RequestDue>,
    /// Reactions read back from the platforms for the month's published posts.
    pub reactions: Vec<crate::publish::metrics::Reactions>,
}

/// The columns [`calendar_post`] reads, in its order.
const CALENDAR_COLUMNS: &str =
    "id, title, status, platforms, scheduled_at, theme_id, author_id, people,
     (SELECT group_concat(account_id) FROM post_accounts pa WHERE pa.post_id = posts.id),
     CASE WHEN status = 'published' THEN
       (SELECT CASE WHEN max(j.handoff_at IS NOT NULL) = 1 THEN 'by_hand'
                    WHEN count(j.published_at) = 0 THEN NULL
                    WHEN min(j.verified_at IS NOT NULL OR j.published_at IS NULL) = 1 THEN 'verified'
                    ELSE 'unverified' END
        FROM publish_jobs j WHERE j.post_id = posts.id AND j.state = 'published') END";

/// Posts scheduled in `month` (workspace zone `tz`), by time.
pub fn month_posts(
    conn: &rusqlite::Connection,
    month: YearMonth,
    tz: Tz,
) -> Result<Vec<CalendarPost>> {
    let (start, end) = month.utc_range(tz);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CALENDAR_COLUMNS} FROM posts
         WHERE scheduled_at >= ?1 AND scheduled_at < ?2 AND deleted_at IS NULL ORDER BY scheduled_at, id"
    ))?;
    let (from, to) = (
        crate::clock::to_db_time(start),
        crate::clock::to_db_time(end),
    );
    let mut rows = stmt.query(rusqlite::params![from, to])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.extend(calendar_post(r, tz)?);
    }
    Ok(out)
}

/// The posts `ids` as the calendar shows them (a deleted one is simply absent): after an
/// autosave the calendar reloads the one post that changed instead of its months.
pub fn posts_by_id(
    conn: &rusqlite::Connection,
    ids: &[PostId],
    tz: Tz,
) -> Result<Vec<CalendarPost>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CALENDAR_COLUMNS} FROM posts WHERE id = ?1 AND deleted_at IS NULL"
    ))?;
    let mut out = Vec::new();
    for id in ids {
        let mut rows = stmt.query([id.as_string()])?;
        if let Some(r) = rows.next()? {
            out.extend(calendar_post(r, tz)?);
        }
    }
    Ok(out)
}

/// One row of [`CALENDAR_COLUMNS`]; `None` for a post without a readable time.
fn calendar_post(r: &rusqlite::Row<'_>, tz: Tz) -> Result<Option<CalendarPost>> {
    let id: String = r
        .get_ref(0)?
        .as_str()
        .map_err(rusqlite::Error::from)?
        .to_owned();
    let status: &str = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
    let status = PostStatus::parse(status).unwrap_or(PostStatus::Draft);
    let platforms = r
        .get_ref(3)?
        .as_str()
        .map_err(rusqlite::Error::from)?
        .split(',')
        .filter_map(Platform::parse)
        .collect();
    let at_text: &str = r.get_ref(4)?.as_str().map_err(rusqlite::Error::from)?;
    let Some(at) = from_db_time(at_text) else {
        return Ok(None);
    };
    let local = at.with_timezone(&tz);
    let theme: Option<String> = r.get(5)?;
    let author: Option<String> = r.get(6)?;
    let accounts: Option<String> = r.get(8)?;
    let proof: Option<String> = r.get(9)?;
    Ok(Some(CalendarPost {
        proof: proof.as_deref().and_then(crate::publish::Proof::parse),
        accounts: accounts
            .as_deref()
            .unwrap_or("")
            .split(',')
            .filter_map(crate::ids::RowId::parse)
            .collect(),
        people: r
            .get_ref(7)?
            .as_str()
            .map_err(rusqlite::Error::from)?
            .split(',')
            .filter_map(PersonId::parse)
            .collect(),
        author_id: author.as_deref().and_then(PersonId::parse),
        id: PostId::parse(&id).ok_or_else(|| Error::invalid("posts.id", format!("bad id {id}")))?,
        title: r.get(1)?,
        status,
        platforms,
        scheduled_at: local.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        local_time: local.format("%Y-%m-%dT%H:%M:%S").to_string(),
        theme_id: theme.as_deref().and_then(ThemeId::parse),
    }))
}

/// Themes of `month`.
pub fn month_themes(conn: &rusqlite::Connection, month: YearMonth) -> Result<Vec<Theme>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, month, title, description, color FROM themes WHERE month = ?1 ORDER BY title",
    )?;
    let rows = stmt.query_map([month.to_string()], |r| {
        let id: String = r.get(0)?;
        Ok((id, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, month, title, description, color): (String, String, String, String, String) = row?;
        if let Some(id) = ThemeId::parse(&id) {
            out.push(Theme {
                id,
                month,
                title,
                description,
                color,
            });
        }
    }
    Ok(out)
}

/// The posts whose title or text holds every word of `query` (width and case folded), newest
/// first, at most `limit`: the search the lead opens with Ctrl+K. Deleted posts are left out.
pub fn search(
    conn: &rusqlite::Connection,
    query: &str,
    tz: Tz,
    limit: usize,
) -> Result<Vec<CalendarPost>> {
    use unicode_normalization::UnicodeNormalization;
    let fold = |s: &str| s.nfkc().collect::<String>().to_lowercase();
    let words: Vec<String> = fold(query).split_whitespace().map(str::to_string).collect();
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CALENDAR_COLUMNS}, title || ' ' || body FROM posts
         WHERE scheduled_at IS NOT NULL AND deleted_at IS NULL ORDER BY scheduled_at DESC, id"
    ))?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let text: String = r.get(10)?;
        let text = fold(&text);
        if words.iter().all(|w| text.contains(w.as_str())) {
            out.extend(calendar_post(r, tz)?);
            if out.len() >= limit {
                break;
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_strictly() {
        assert_eq!(YearMonth::parse("2026-04").unwrap().to_string(), "2026-04");
        for bad in ["2026-4", "2026-13", "26-04", "april", "2026-00", ""] {
            let err = YearMonth::parse(bad).unwrap_err();
            assert!(err.to_string().contains("YYYY-MM"), "{bad}: {err}");
        }
        assert_eq!(
            YearMonth::parse("2026-12").unwrap().next().to_string(),
            "2027-01"
        );
        assert_eq!(
            YearMonth::parse("2026-01").unwrap().prev().to_string(),
            "2025-12"
        );
    }

    #[test]
    fn month_bounds_follow_the_zone_and_dst() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let (start, end) = YearMonth::parse("2026-03").unwrap().utc_range(berlin);
        assert_eq!(start.to_rfc3339(), "2026-02-28T23:00:00+00:00"); // CET, UTC+1
        assert_eq!(end.to_rfc3339(), "2026-03-31T22:00:00+00:00"); // CEST, UTC+2
        let tokyo: Tz = "Asia/Tokyo".parse().unwrap();
        let (start, _) = YearMonth::parse("2026-11").unwrap().utc_range(tokyo);
        assert_eq!(start.to_rfc3339(), "2026-10-31T15:00:00+00:00");
    }
}
