//! A month's plan from a spreadsheet, and the calendar back out the same way.
//!
//! Leads plan in Excel before any tool, so the import takes the sheet they already have: `.xlsx`
//! or CSV (UTF-8 or Shift_JIS), with Japanese or English column names (日付, 時刻, アカウント,
//! タイトル, 本文, テーマ, 目的). Every row becomes a draft written by the person importing, so
//! it goes through review like any other post: an import never schedules or approves. It is
//! all or nothing, every bad cell named by row and column, and a row already on the calendar
//! (same title at the same time) is refused, so importing a file twice adds nothing. The
//! export writes the same columns (plus 状態), UTF-8 with a BOM, which Excel opens as it is and
//! the import reads back (`sheet_export`).

use crate::error::Result;
use crate::ids::{PersonId, PostId, PurposeId, RowId, ThemeId};
use crate::model::{Platform, PostStatus};
use crate::progress::Progress;
use crate::sheet::{RowError, RowProblem};
use crate::store::{Source, Writer};
use crate::workspace::Workspace;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use ts_rs::TS;

/// The columns, in the export's order: (canonical name, Japanese name).
pub(super) const COLUMNS: &[(&str, &str)] = &[
    ("date", "日付"),
    ("time", "時刻"),
    ("accounts", "アカウント"),
    ("title", "タイトル"),
    ("text", "本文"),
    ("theme", "テーマ"),
    ("purpose", "目的"),
    ("status", "状態"),
];

/// Other names people give the columns.
const ALIASES: &[(&str, &str)] = &[
    ("日時", "date"),
    ("投稿日", "date"),
    ("公開日", "date"),
    ("時間", "time"),
    ("投稿時刻", "time"),
    ("投稿先", "accounts"),
    ("媒体", "accounts"),
    ("account", "accounts"),
    ("platform", "accounts"),
    ("platforms", "accounts"),
    ("件名", "title"),
    ("見出し", "title"),
    ("body", "text"),
    ("投稿文", "text"),
    ("月のテーマ", "theme"),
    ("ステータス", "status"),
];

/// One row as it would be written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlannedRow {
    /// The row in the file.
    pub row: u32,
    /// Wall-clock time in the workspace zone, `YYYY-MM-DDTHH:MM`.
    pub local_time: String,
    /// The title.
    pub title: String,
    /// Where it goes, as written in the file.
    pub accounts: Vec<String>,
}

/// What an import did, or would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PostsImport {
    /// Data rows read.
    pub rows: u32,
    /// Drafts made (or that would be).
    pub created: u32,
    /// The rows as they would be written (for the preview).
    pub planned: Vec<PlannedRow>,
    /// Problems; when any, nothing was imported.
    pub errors: Vec<RowError>,
    /// Nothing was written because this was a dry run.
    pub dry_run: bool,
    /// How the file was read: `xlsx`, `UTF-8` or `Shift_JIS`.
    pub encoding: String,
}

fn column_of(header: &str) -> Option<&'static str> {
    let h = crate::sheet::header_key(header);
    COLUMNS
        .iter()
        .find(|(en, ja)| *en == h || *ja == h)
        .map(|(en, _)| *en)
        .or_else(|| ALIASES.iter().find(|(a, _)| *a == h).map(|(_, c)| *c))
}

/// Where an account cell points: named accounts, and platforms (their default account).
#[derive(Default)]
struct Where {
    accounts: Vec<RowId>,
    platforms: Vec<Platform>,
}

/// The accounts of this workspace as a sheet may name them.
pub(super) struct Known {
    pub(super) accounts: Vec<(RowId, Platform, String, String)>,
    themes: Vec<(ThemeId, String, String)>,
    purposes: Vec<(PurposeId, String)>,
}

impl Known {
    pub(super) fn read(conn: &Connection) -> Result<Self> {
        let mut stmt = conn.prepare(
            "SELECT id, platform, handle, display_name FROM accounts WHERE state != 'disconnected'",
        )?;
        let accounts = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
            .filter_map(|r| r.ok())
            .filter_map(|(id, p, h, n)| Some((RowId::parse(&id)?, Platform::parse(&p)?, h, n)))
            .collect();
        let mut stmt = conn.prepare("SELECT id, month, title FROM themes")?;
        let themes = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .filter_map(|r| r.ok())
            .filter_map(|(id, m, t)| Some((ThemeId::parse(&id)?, m, t)))
            .collect();
        let mut stmt = conn.prepare("SELECT id, name FROM purposes")?;
        let purposes = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .filter_map(|r| r.ok())
            .filter_map(|(id, n)| Some((PurposeId::parse(&id)?, n)))
            .collect();
        Ok(Self {
            accounts,
            themes,
            purposes,
        })
    }

    /// Reads an accounts cell: names separated by 、 , ・ / or line breaks, each an account's
    /// company name, its handle (with or without @), or a platform.
    fn place(&self, cell: &str) -> std::result::Result<Where, String> {
        let mut out = Where::default();
        for part in cell
            .split(['、', ',', '，', '・', '/', '／', '\n', ';'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let bare = part.trim_start_matches(['@', '＠']);
            if let Some((id, ..)) = self
                .accounts
                .iter()
                .find(|(_, _, h, n)| (!n.is_empty() && n == part) || h.eq_ignore_ascii_case(bare))
            {
                out.accounts.push(*id);
            } else if let Some(p) = Platform::named(part) {
                out.platforms.push(p);
            } else {
                return Err(part.to_string());
            }
        }
        Ok(out)
    }
}

/// One checked row, ready to write.
struct Row {
    row: u32,
    post: super::NewPost,
    local: String,
    accounts: Vec<String>,
}

/// Reads and checks every row; the rows to write, or every problem.
fn read_rows(
    conn: &Connection,
    tz: chrono_tz::Tz,
    records: &[(u32, Vec<String>)],
    author: Option<PersonId>,
    report: &mut PostsImport,
    progress: &Progress<'_>,
) -> Result<Vec<Row>> {
    let Some(((_, header), rows)) = records.split_first() else {
        report.errors.push(RowError::new(
            1,
            "",
            RowProblem::Empty,
            "The file is empty; the first line must be the header: 日付, 時刻, アカウント, タイトル, 本文, テーマ, 目的.",
        ));
        return Ok(Vec::new());
    };
    let mut named: Vec<&str> = Vec::new();
    for h in header {
        match column_of(h) {
            Some(c) => named.push(c),
            None if h.trim().is_empty() => named.push(""),
            None => {
                report.errors.push(RowError::new(1, h.trim(), RowProblem::UnknownColumn, "Unknown column; the columns are 日付 (date), 時刻 (time), アカウント (accounts), タイトル (title), 本文 (text), テーマ (theme), 目的 (purpose)."));
                named.push("");
            }
        }
    }
    for required in ["date", "accounts", "title"] {
        if !named.contains(&required) {
            report.errors.push(RowError::new(
                1,
                required,
                RowProblem::MissingColumn,
                format!("The header has no {required} column; it is required."),
            ));
        }
    }
    if !report.errors.is_empty() {
        return Ok(Vec::new());
    }
    let known = Known::read(conn)?;
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let mut out = Vec::new();
    let total = u64::try_from(rows.len()).unwrap_or(u64::MAX);
    for (i, (row, record)) in rows.iter().enumerate() {
        if i % 50 == 0 {
            progress.step(i as u64, total)?;
        }
        report.rows += 1;
        let row = *row;
        let cell = |c: &str| -> String {
            named
                .iter()
                .position(|n| *n == c)
                .and_then(|i| record.get(i))
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        let mut errs: Vec<RowError> = Vec::new();
        let mut bad = |column: &str, code: RowProblem, problem: String| {
            errs.push(RowError::new(row, column, code, problem));
        };
        let date = crate::sheet::date_cell(&cell("date"));
        let time = match (cell("time").as_str(), date) {
            ("", Some((_, Some(t)))) => Some(t),
            ("", _) => None,
            (t, _) => crate::sheet::time_cell(t),
        };
        if date.is_none() {
            bad(
                "date",
                RowProblem::BadDate,
                format!(
                    "\"{}\" is not a date; write it as 2026-12-03 or 2026/12/3.",
                    cell("date")
                ),
            );
        }
        if time.is_none() {
            bad(
                "time",
                RowProblem::BadTime,
                format!(
                    "\"{}\" is not a time; write it as 9:00 or 18:30.",
                    cell("time")
                ),
            );
        }
        let title = cell("title");
        if title.is_empty() {
            bad(
                "title",
                RowProblem::Missing,
                "The title is empty; every post needs one.".into(),
            );
        } else if title.chars().count() > super::MAX_TITLE {
            bad(
                "title",
                RowProblem::TooLong,
                format!("The title is longer than {} characters.", super::MAX_TITLE),
            );
        }
        let text = cell("text").replace("\r\n", "\n");
        if let Err(e) = super::edit::check_body("text", &text) {
            bad("text", RowProblem::TooLong, e.to_string());
        }
        let place = match known.place(&cell("accounts")) {
            Ok(w) if w.accounts.is_empty() && w.platforms.is_empty() => {
                bad(
                    "accounts",
                    RowProblem::Missing,
                    "Name at least one account or platform (公式X, @handle, Instagram …).".into(),
                );
                Where::default()
            }
            Ok(w) => w,
            Err(unknown) => {
                bad("accounts", RowProblem::UnknownAccount, format!("\"{unknown}\" is neither an account of this workspace (its name in the company or its @handle) nor a platform."));
                Where::default()
            }
        };
        let local = match (date, time) {
            (Some((d, _)), Some(t)) => format!("{}T{}", d.format("%Y-%m-%d"), t.format("%H:%M")),
            _ => String::new(),
        };
        let at = if local.is_empty() {
            None
        } else {
            match super::edit::local_to_utc(&local, tz) {
                Ok(at) => Some(at),
                Err(e) => {
                    bad("time", RowProblem::BadTime, e.to_string());
                    None
                }
            }
        };
        let month = local.get(..7).unwrap_or("").to_string();
        let theme = match cell("theme").as_str() {
            "" => None,
            t => match known
                .themes
                .iter()
                .find(|(_, m, title)| *m == month && title == t)
            {
                Some((id, ..)) => Some(*id),
                None => {
                    bad("theme", RowProblem::UnknownTheme, format!("{month} has no theme \"{t}\"; add it to the month's plan first, or leave the cell empty."));
                    None
                }
            },
        };
        let purpose = match cell("purpose").as_str() {
            "" => None,
            p => match known.purposes.iter().find(|(_, n)| n == p) {
                Some((id, _)) => Some(*id),
                None => {
                    bad("purpose", RowProblem::UnknownPurpose, format!("There is no purpose \"{p}\"; add it on the dashboard first, or leave the cell empty."));
                    None
                }
            },
        };
        if let Some(at) = at {
            let key = (title.clone(), crate::clock::to_db_time(at));
            let planned: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM posts WHERE title = ?1 AND scheduled_at = ?2 AND deleted_at IS NULL)",
                [&key.0, &key.1],
                |r| r.get(0),
            )?;
            if planned {
                bad("title", RowProblem::AlreadyPlanned, format!("\"{title}\" is already on the calendar at {local}; remove the row (or change its title) to import the rest."));
            } else if !seen.insert(key) {
                bad(
                    "title",
                    RowProblem::Duplicate,
                    format!("\"{title}\" at {local} appears twice in the file; keep one row."),
                );
            }
        }
        if !errs.is_empty() {
            report.errors.extend(errs);
            continue;
        }
        let mut post = super::NewPost::draft(title.clone());
        post.body = text;
        post.status = PostStatus::Draft;
        post.scheduled_at = at;
        post.platforms = place.platforms;
        post.accounts = place.accounts;
        post.theme_id = theme;
        post.purpose_id = purpose;
        post.author_id = author;
        out.push(Row {
            row,
            post,
            local: local.clone(),
            accounts: cell("accounts")
                .split(['、', ',', '，', '・', '/', '／', '\n', ';'])
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        });
    }
    Ok(out)
}

/// Imports a month's plan from CSV or `.xlsx` bytes as drafts written by `actor`. With any
/// problem, or with `dry_run`, nothing is written.
pub fn import(
    ws: &mut Workspace,
    actor: Option<PersonId>,
    bytes: &[u8],
    dry_run: bool,
    progress: &Progress<'_>,
) -> Result<PostsImport> {
    {
        let xlsx = bytes.starts_with(b"PK\x03\x04");
        let (records, encoding) = if xlsx {
            (crate::sheet::xlsx_records(bytes)?, "xlsx")
        } else {
            let (text, encoding) = crate::sheet::decode(bytes)?;
            match crate::sheet::records(&text) {
                Ok(r) => (r, encoding),
                Err(e) => {
                    return Ok(PostsImport {
                        rows: 0,
                        created: 0,
                        planned: Vec::new(),
                        errors: vec![e],
                        dry_run,
                        encoding: encoding.into(),
                    })
                }
            }
        };
        let mut report = PostsImport {
            rows: 0,
            created: 0,
            planned: Vec::new(),
            errors: Vec::new(),
            dry_run,
            encoding: encoding.into(),
        };
        let tz = ws.time_zone()?;
        let ctx = ws.ctx(actor, Source::Import);
        let author = ctx.actor;
        let rows = read_rows(
            ws.store().conn(),
            tz,
            &records,
            author,
            &mut report,
            progress,
        )?;
        report.planned = rows
            .iter()
            .map(|r| PlannedRow {
                row: r.row,
                local_time: r.local.clone(),
                title: r.post.title.clone(),
                accounts: r.accounts.clone(),
            })
            .collect();
        if !report.errors.is_empty() {
            report.planned.clear();
            return Ok(report);
        }
        report.created = u32::try_from(rows.len()).unwrap_or(u32::MAX);
        if dry_run {
            return Ok(report);
        }
        // The last moment to stop: after this the rows are written, all at once.
        progress.step(u64::from(report.created), u64::from(report.created))?;
        ws.store_mut().write(&ctx, |w| write_rows(w, &rows))?;
        Ok(report)
    }
}

fn write_rows(w: &mut Writer<'_>, rows: &[Row]) -> Result<Vec<PostId>> {
    rows.iter().map(|r| super::insert(w, &r.post)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_japanese_or_english() {
        assert_eq!(column_of("日付"), Some("date"));
        assert_eq!(column_of("Date"), Some("date"));
        assert_eq!(column_of("投稿先"), Some("accounts"));
        assert_eq!(column_of(" 本文 "), Some("text"));
        assert_eq!(column_of("備考"), None);
        assert_eq!(Platform::named("Twitter"), Some(Platform::X));
        assert_eq!(Platform::named("インスタ"), Some(Platform::Instagram));
    }
}
