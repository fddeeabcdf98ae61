//! iCalendar (RFC 5545) export of scheduled posts, for Google Calendar and Outlook.
//!
//! One VEVENT per post with a time; the UID is the post id, so re-importing updates events
//! instead of duplicating them. Lines end in CRLF, are folded at 75 octets without splitting
//! a UTF-8 character, and text values escape backslash, semicolon, comma and newlines.
//! Times are written in UTC (`…Z`), which every client converts to its own zone; the
//! workspace zone is named in `X-WR-TIMEZONE` for clients that show it.

use crate::clock::from_db_time;
use crate::error::{Error, Result};
use crate::model::{Platform, PostStatus};
use chrono::{DateTime, NaiveDate, Utc};
use std::fmt::Write as _;

/// Minutes a post occupies in a calendar client.
const EVENT_MINUTES: i64 = 15;

/// Which posts to export: local dates in the workspace zone, both ends included.
#[derive(Debug, Clone, Copy, Default)]
pub struct IcsRange {
    /// First day, if any.
    pub from: Option<NaiveDate>,
    /// Last day, if any.
    pub to: Option<NaiveDate>,
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (RFC 5545 §3.1) and ends it with CRLF.
pub fn fold_line(line: &str, out: &mut String) {
    let mut used = 0usize;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The scheduled posts in `range` as an iCalendar document, for the workspace with `settings`,
/// stamped `now`.
pub fn export(
    conn: &rusqlite::Connection,
    settings: &crate::settings::Settings,
    now: chrono::DateTime<chrono::Utc>,
    range: IcsRange,
) -> Result<String> {
    if let (Some(a), Some(b)) = (range.from, range.to) {
        if a > b {
            return Err(Error::invalid(
                "range",
                format!("--from {a} is after --to {b}; swap them."),
            ));
        }
    }
    let tz = crate::settings::validate_time_zone(&settings.time_zone)?;
    let start = range
        .from
        .map(|d| crate::clock::to_db_time(crate::calendar::local_midnight(d, tz)));
    let end = range
        .to
        .and_then(|d| d.succ_opt())
        .map(|d| crate::clock::to_db_time(crate::calendar::local_midnight(d, tz)));
    let mut stmt = conn.prepare(
        "SELECT id, title, body, status, platforms, scheduled_at, updated_at FROM posts
             WHERE scheduled_at IS NOT NULL AND deleted_at IS NULL
               AND (?1 IS NULL OR scheduled_at >= ?1) AND (?2 IS NULL OR scheduled_at < ?2)
             ORDER BY scheduled_at, id",
    )?;
    let rows = stmt.query_map(rusqlite::params![start, end], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Tsunagu//Content calendar//JA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        fold_line(line, &mut out);
    }
    fold_line(
        &format!("X-WR-CALNAME:{}", escape_text(&settings.name)),
        &mut out,
    );
    fold_line(&format!("X-WR-TIMEZONE:{}", settings.time_zone), &mut out);
    for row in rows {
        let (id, title, body, status, platforms, at, updated) = row?;
        let Some(at) = from_db_time(&at) else {
            continue;
        };
        let updated = from_db_time(&updated).unwrap_or(now);
        let platforms: Vec<&str> = platforms
            .split(',')
            .filter_map(Platform::parse)
            .map(|p| p.as_str())
            .collect();
        let status = PostStatus::parse(&status).unwrap_or(PostStatus::Draft);
        fold_line("BEGIN:VEVENT", &mut out);
        fold_line(&format!("UID:{id}@tsunagu"), &mut out);
        fold_line(&format!("DTSTAMP:{}", stamp(now)), &mut out);
        fold_line(&format!("LAST-MODIFIED:{}", stamp(updated)), &mut out);
        fold_line(&format!("DTSTART:{}", stamp(at)), &mut out);
        fold_line(
            &format!(
                "DTEND:{}",
                stamp(at + chrono::Duration::minutes(EVENT_MINUTES))
            ),
            &mut out,
        );
        fold_line(&format!("SUMMARY:{}", escape_text(&title)), &mut out);
        let mut description = String::new();
        let _ = write!(
            description,
            "{} · {}",
            status.as_str(),
            platforms.join(", ")
        );
        if !body.is_empty() {
            let _ = write!(description, "\n\n{body}");
        }
        fold_line(
            &format!("DESCRIPTION:{}", escape_text(&description)),
            &mut out,
        );
        fold_line(
            &format!("CATEGORIES:{}", escape_text(&platforms.join(","))),
            &mut out,
        );
        let ics_status = match status {
            PostStatus::Idea
            | PostStatus::Draft
            | PostStatus::InReview
            | PostStatus::ChangesRequested => "TENTATIVE",
            PostStatus::Paused => "CANCELLED",
            _ => "CONFIRMED",
        };
        fold_line(&format!("STATUS:{ics_status}"), &mut out);
        fold_line("TRANSP:TRANSPARENT", &mut out);
        fold_line("END:VEVENT", &mut out);
    }
    fold_line("END:VCALENDAR", &mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_folds_by_octets() {
        assert_eq!(escape_text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "あ".repeat(40));
        fold_line(&long, &mut out);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
    }
}
