//! CSV and Excel import, and CSV export, of the roster.
//!
//! Rosters come from Excel, so import reads `.xlsx` workbooks directly (the first sheet, through
//! the maintained `calamine` reader) as well as CSV in UTF-8 with or without a BOM and
//! Shift_JIS (what Japanese Excel saves as "CSV"), quoted fields with commas and line breaks,
//! CRLF and blank lines. Column names may be Japanese (氏名, フリガナ, 部署 …) or English. The
//! export is in `roster::export`, the file readers (CSV, Shift_JIS, `.xlsx`) in `sheet`. Every problem is reported by row and column, and a file with any problem imports
//! nothing: a half-imported roster is worse than none. Export writes UTF-8 with a BOM and CRLF,
//! which Excel opens with the Japanese intact.

use super::people::{check, insert, PersonInput};
use crate::error::{Error, Result};
use crate::ids::PersonId;
use crate::model::{Participation, Platform, Role};
pub use crate::sheet::{decode, records, RowError, RowProblem};
use crate::store::{write::val, Source};
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// The columns, in export order. Import matches them by name, in any order.
pub const COLUMNS: &[&str] = &[
    "name",
    "name_reading",
    "display_name",
    "department",
    "site",
    "role",
    "participation",
    "handles",
    "active",
    "consent_until",
];

/// Japanese (and other common) names of the columns, as people write them in their own
/// sheets, with the column each means.
const ALIASES: &[(&str, &str)] = &[
    ("氏名", "name"),
    ("名前", "name"),
    ("ふりがな", "name_reading"),
    ("フリガナ", "name_reading"),
    ("よみがな", "name_reading"),
    ("ヨミガナ", "name_reading"),
    ("読み", "name_reading"),
    ("表示名", "display_name"),
    ("部署", "department"),
    ("所属", "department"),
    ("拠点", "site"),
    ("事業所", "site"),
    ("役割", "role"),
    ("参加のしかた", "participation"),
    ("参加の仕方", "participation"),
    ("参加方法", "participation"),
    ("アカウント", "handles"),
    ("snsアカウント", "handles"),
    ("在籍", "active"),
    ("同意期限", "consent_until"),
    ("同意の期限", "consent_until"),
    ("掲載同意期限", "consent_until"),
    ("consent", "consent_until"),
];

/// The column a header cell names (English or Japanese), if any.
fn column_of(header: &str) -> Option<&'static str> {
    let h = crate::sheet::header_key(header);
    COLUMNS
        .iter()
        .copied()
        .find(|c| *c == h)
        .or_else(|| ALIASES.iter().find(|(a, _)| *a == h).map(|(_, c)| *c))
}

/// What an import did, or would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportReport {
    /// Data rows read.
    pub rows: u32,
    /// People added (or that would be).
    pub added: u32,
    /// People updated, matched by name (or that would be).
    pub updated: u32,
    /// Problems; when any, nothing was imported.
    pub errors: Vec<RowError>,
    /// Nothing was written because this was a dry run.
    pub dry_run: bool,
    /// The encoding the file was read in.
    pub encoding: String,
}

fn parse_role(v: &str) -> Option<Role> {
    Role::parse(v).or(match v {
        "担当" | "リード" | "広報" | "SNS担当" => Some(Role::Lead),
        "レビュー担当" | "承認者" | "レビュアー" => Some(Role::Reviewer),
        "アンバサダー" | "社員" => Some(Role::Ambassador),
        "経営" | "経営層" | "役員" => Some(Role::Executive),
        _ => None,
    })
}

fn parse_mode(v: &str) -> Option<Participation> {
    Participation::parse(v).or(match v {
        "顔出し" | "顔出しOK" => Some(Participation::FaceShown),
        "手元のみ" => Some(Participation::HandsOnly),
        "後ろ姿" => Some(Participation::BackView),
        "声・コメントのみ" | "コメントのみ" | "声のみ" => {
            Some(Participation::VoiceOnly)
        }
        "素材提供のみ" | "素材のみ" => Some(Participation::MaterialOnly),
        "参加しない" | "不参加" => Some(Participation::NotParticipating),
        _ => None,
    })
}

fn parse_active(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "" | "yes" | "true" | "1" | "在籍" | "はい" => Some(true),
        "no" | "false" | "0" | "退職" | "いいえ" => Some(false),
        _ => None,
    }
}

fn split_list(v: &str) -> impl Iterator<Item = &str> {
    v.split([';', '、', '|'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Turns one record into a person, or the problems with it.
/// One roster row: the person, and when their consent ends when the sheet says (同意期限).
type RosterRow = (PersonInput, Option<chrono::NaiveDate>);

fn person(
    row: u32,
    header: &[String],
    record: &[String],
    today: chrono::NaiveDate,
) -> std::result::Result<RosterRow, Vec<RowError>> {
    let mut errors = Vec::new();
    let err = |column: &str, problem: String| RowError {
        row,
        column: column.to_string(),
        code: if column.is_empty() {
            RowProblem::FieldCount
        } else {
            RowProblem::BadValue
        },
        problem,
    };
    if record.len() != header.len() {
        return Err(vec![err("", format!("This row has {} fields; the header has {}. Check for a stray comma or a missing quote.", record.len(), header.len()))]);
    }
    let get = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .map(|i| record[i].trim())
            .unwrap_or("")
    };
    let role = match get("role") {
        "" => Role::Ambassador,
        v => parse_role(v).unwrap_or_else(|| {
            errors.push(err(
                "role",
                format!("\"{v}\" is not a role; use lead, reviewer, ambassador or executive."),
            ));
            Role::Ambassador
        }),
    };
    let mut participation = Vec::new();
    for m in split_list(get("participation")) {
        match parse_mode(m) {
            Some(p) if !participation.contains(&p) => participation.push(p),
            Some(_) => {}
            None => errors.push(err("participation", format!("\"{m}\" is not a way of taking part; use face_shown, hands_only, back_view, voice_only, material_only or not_participating (separated by ;)."))),
        }
    }
    let mut handles = BTreeMap::new();
    for h in split_list(get("handles")) {
        match h
            .split_once(':')
            .and_then(|(p, v)| Platform::parse(p.trim()).map(|p| (p, v.trim().to_string())))
        {
            Some((p, v)) => {
                handles.insert(p, v);
            }
            None => errors.push(err(
                "handles",
                format!("\"{h}\" is not platform:handle, for example x:@minato_pr."),
            )),
        }
    }
    let active = parse_active(get("active")).unwrap_or_else(|| {
        errors.push(err(
            "active",
            format!("\"{}\" is not yes or no.", get("active")),
        ));
        true
    });
    let until = match get("consent_until") {
        "" => None,
        v => match crate::sheet::date_cell(v) {
            Some((d, _)) if d < today => {
                errors.push(RowError::new(row, "consent_until", RowProblem::BadDate, format!("The consent ended on {d}; renew it with the person before importing, or leave the cell empty.")));
                None
            }
            Some((d, _))
                if participation.is_empty()
                    || participation.contains(&Participation::NotParticipating) =>
            {
                errors.push(RowError::new(row, "consent_until", RowProblem::BadValue, format!("A consent until {d} needs the ways of taking part it covers (参加のしかた).")));
                None
            }
            Some((d, _)) => Some(d),
            None => {
                errors.push(RowError::new(
                    row,
                    "consent_until",
                    RowProblem::BadDate,
                    format!("\"{v}\" is not a date; write it as 2027-03-31 or 2027/3/31."),
                ));
                None
            }
        },
    };
    let opt = |v: &str| (!v.is_empty()).then(|| v.to_string());
    let p = PersonInput {
        name: get("name").to_string(),
        name_reading: get("name_reading").to_string(),
        display_name: get("display_name").to_string(),
        department: opt(get("department")),
        site: opt(get("site")),
        role,
        participation,
        handles,
        active,
    };
    if let Err(e) = check(&p) {
        let (column, problem) = match e {
            Error::InvalidInput { field, problem, .. } => (field, problem),
            other => (String::new(), other.to_string()),
        };
        errors.push(err(&column, problem));
    }
    if errors.is_empty() {
        Ok((p, until))
    } else {
        Err(errors)
    }
}

/// One CSV cell, never read as a formula (see [`crate::csv_cell`]).
pub(crate) fn quote(v: &str) -> String {
    crate::csv_cell::cell(v)
}

impl Workspace {
    /// Imports a roster CSV: people matched by name are updated, others added. With any
    /// problem, or with `dry_run`, nothing is written.
    pub fn import_roster(
        &mut self,
        source: Source,
        bytes: &[u8],
        dry_run: bool,
    ) -> Result<ImportReport> {
        import_mapped(
            self,
            source,
            bytes,
            dry_run,
            &BTreeMap::new(),
            &crate::progress::Progress::none(),
        )
    }
}

/// [`Workspace::import_roster`] with the lead's own column names: `mapping` says which column
/// each header the import does not know means (an empty value: leave it out).
pub fn import_mapped(
    ws: &mut Workspace,
    source: Source,
    bytes: &[u8],
    dry_run: bool,
    mapping: &BTreeMap<String, String>,
    progress: &crate::progress::Progress<'_>,
) -> Result<ImportReport> {
    {
        let xlsx = bytes.starts_with(b"PK\x03\x04");
        let (text, encoding) = if xlsx {
            (String::new(), "xlsx")
        } else {
            decode(bytes)?
        };
        let mut report = ImportReport {
            rows: 0,
            added: 0,
            updated: 0,
            errors: Vec::new(),
            dry_run,
            encoding: encoding.into(),
        };
        let records = if xlsx {
            crate::sheet::xlsx_records(bytes)?
        } else {
            match records(&text) {
                Ok(r) => r,
                Err(e) => {
                    report.errors.push(e);
                    return Ok(report);
                }
            }
        };
        let Some(((_, header), rows)) = records.split_first() else {
            report.errors.push(RowError {
                row: 1,
                column: String::new(),
                code: RowProblem::Empty,
                problem: format!(
                    "The file is empty; the first line must be the header: {}.",
                    COLUMNS.join(",")
                ),
            });
            return Ok(report);
        };
        let mut named = Vec::new();
        for h in header {
            let mapped = mapping
                .get(h.trim())
                .map(|c| c.as_str())
                .filter(|c| c.is_empty() || COLUMNS.contains(c));
            match column_of(h).or(mapped) {
                Some(c) => named.push(c.to_string()),
                None => {
                    report.errors.push(RowError {
                        row: 1,
                        column: h.trim().to_string(),
                        code: RowProblem::UnknownColumn,
                        problem: format!(
                            "Unknown column; the columns are {} (or in Japanese: 氏名, フリガナ, 表示名, 部署, 拠点, 役割, 参加のしかた, アカウント, 在籍, 同意期限).",
                            COLUMNS.join(", ")
                        ),
                    });
                    named.push(String::new());
                }
            }
        }
        let header = named;
        if !header.iter().any(|h| h == "name") {
            report.errors.push(RowError {
                row: 1,
                column: "name".into(),
                code: RowProblem::MissingColumn,
                problem: "The header has no name column; it is required.".into(),
            });
        }
        if !report.errors.is_empty() {
            return Ok(report);
        }
        let existing: BTreeMap<String, PersonId> = crate::roster::people(ws.store().conn())?
            .into_iter()
            .map(|p| {
                (
                    p.name.split_whitespace().collect::<Vec<_>>().join(" "),
                    p.id,
                )
            })
            .collect();
        let mut people = Vec::new();
        let mut seen = BTreeMap::new();
        let today = ws
            .clock()
            .now()
            .with_timezone(&ws.time_zone()?)
            .date_naive();
        let total = u64::try_from(rows.len()).unwrap_or(u64::MAX);
        for (i, (row, record)) in rows.iter().enumerate() {
            if i % 50 == 0 {
                progress.step(i as u64, total)?;
            }
            report.rows += 1;
            match person(*row, &header, record, today) {
                Ok((p, until)) => {
                    let key = p.name.split_whitespace().collect::<Vec<_>>().join(" ");
                    if let Some(first) = seen.insert(key.clone(), *row) {
                        report.errors.push(RowError {
                            row: *row,
                            column: "name".into(),
                            code: RowProblem::Duplicate,
                            problem: format!(
                                "{key} already appears on row {first}; keep one row per person."
                            ),
                        });
                    }
                    people.push((existing.get(&key).copied(), p, until, *row));
                }
                Err(mut e) => report.errors.append(&mut e),
            }
        }
        report.added = people.iter().filter(|(id, ..)| id.is_none()).count() as u32;
        report.updated = people.len() as u32 - report.added;
        if dry_run || !report.errors.is_empty() {
            if !report.errors.is_empty() {
                report.added = 0;
                report.updated = 0;
            }
            return Ok(report);
        }
        // The last moment to stop: after this the people are written, all at once.
        progress.step(total, total)?;
        let ctx = ws.ctx(None, source);
        ws.store_mut().write(&ctx, |w| {
            for (id, p, until, row) in &people {
                let person = match id {
                    None => insert(w, p)?,
                    Some(id) => {
                        let display = check(p)?;
                        let department =
                            super::people::named(w, "departments", p.department.as_deref())?;
                        let site = super::people::named(w, "sites", p.site.as_deref())?;
                        w.update(
                            "people",
                            &[("id", val::text(id.as_string()))],
                            &[
                                ("name_reading", val::text(p.name_reading.trim())),
                                ("display_name", val::text(display)),
                                ("department_id", val::opt_text(department)),
                                ("site_id", val::opt_text(site)),
                                ("role", val::text(p.role.as_str())),
                                (
                                    "participation",
                                    val::text(super::people::modes_json(&p.participation)),
                                ),
                                (
                                    "handles",
                                    val::text(
                                        serde_json::to_string(&p.handles)
                                            .unwrap_or_else(|_| "{}".into()),
                                    ),
                                ),
                                ("active", val::bool(p.active)),
                            ],
                        )?;
                        *id
                    }
                };
                if let Some(until) = until {
                    super::consent::from_roster(w, person, &p.participation, *until, *row)?;
                }
            }
            Ok(())
        })?;
        Ok(report)
    }
}
