//! The calendar out to a spreadsheet, in the columns the plan import reads (`posts::sheet`):
//! so an export is also a backup the import takes back.

use super::sheet::{Known, COLUMNS};
use super::targets;
use crate::error::Result;
use crate::ids::PostId;
use crate::model::Platform;
use chrono::NaiveDate;
use rusqlite::Connection;

/// The calendar from `from` up to `to` (workspace dates, both optional) as CSV in the import's
/// columns: UTF-8 with a BOM and CRLF, Japanese headers and status words when `japanese`.
pub fn export(
    conn: &Connection,
    tz: chrono_tz::Tz,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    japanese: bool,
) -> Result<String> {
    let bound = |d: Option<NaiveDate>| {
        d.and_then(|d| d.and_hms_opt(0, 0, 0))
            .and_then(|n| n.and_local_timezone(tz).earliest())
            .map(|t| crate::clock::to_db_time(t.with_timezone(&chrono::Utc)))
    };
    let (start, end) = (bound(from), bound(to.and_then(|d| d.succ_opt())));
    let mut stmt = conn.prepare(
        "SELECT p.id, p.scheduled_at, p.platforms, p.title, p.body, t.title, u.name, p.status
         FROM posts p LEFT JOIN themes t ON t.id = p.theme_id LEFT JOIN purposes u ON u.id = p.purpose_id
         WHERE p.scheduled_at IS NOT NULL AND p.deleted_at IS NULL
           AND (?1 IS NULL OR p.scheduled_at >= ?1) AND (?2 IS NULL OR p.scheduled_at < ?2)
         ORDER BY p.scheduled_at, p.id",
    )?;
    let known = Known::read(conn)?;
    let mut out = String::from("\u{FEFF}");
    let header: Vec<&str> = COLUMNS
        .iter()
        .map(|(en, ja)| if japanese { *ja } else { *en })
        .collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    let mut rows = stmt.query(rusqlite::params![start, end])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let Some(at) = crate::clock::from_db_time(&r.get::<_, String>(1)?) else {
            continue;
        };
        let local = at.with_timezone(&tz);
        let post = PostId::parse(&id);
        let named = match post {
            Some(p) => targets::named(conn, p)?,
            None => Vec::new(),
        };
        let platforms: String = r.get(2)?;
        let mut places: Vec<String> = Vec::new();
        for p in platforms.split(',').filter_map(Platform::parse) {
            let mine: Vec<String> = named
                .iter()
                .filter(|(_, np)| *np == p)
                .filter_map(|(a, _)| known.accounts.iter().find(|(id, ..)| id == a))
                .map(|(_, _, h, n)| {
                    if n.is_empty() {
                        format!("@{h}")
                    } else {
                        n.clone()
                    }
                })
                .collect();
            if mine.is_empty() {
                places.push(platform_label(p).to_string());
            } else {
                places.extend(mine);
            }
        }
        let status: String = r.get(7)?;
        let fields = [
            local.format("%Y-%m-%d").to_string(),
            local.format("%H:%M").to_string(),
            places.join("、"),
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?.unwrap_or_default(),
            r.get::<_, Option<String>>(6)?.unwrap_or_default(),
            if japanese {
                status_ja(&status).to_string()
            } else {
                status
            },
        ];
        let cells: Vec<String> = fields.iter().map(|f| crate::csv_cell::cell(f)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    Ok(out)
}

/// A platform as the export names it (and the import reads back).
fn platform_label(p: Platform) -> &'static str {
    p.label()
}

fn status_ja(s: &str) -> &'static str {
    match s {
        "idea" => "アイデア",
        "draft" => "下書き",
        "in_review" => "レビュー待ち",
        "changes_requested" => "修正依頼",
        "approved" => "承認済み",
        "scheduled" => "予約済み",
        "published" => "公開済み",
        "failed" => "失敗",
        "paused" => "停止中",
        _ => "",
    }
}
