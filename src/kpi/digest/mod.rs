//! The manager's weekly digest: one A4 page per department, for a busy 課長.
//!
//! The seeds say the effort dies where managers see no time for it. A manager does not open
//! the dashboard; a page in the Monday meeting gets read. So the digest says, for one
//! department and one ISO week: what the department gave (material, drafts, appearances in
//! published posts, thanks received), what waits for the manager's OK when the department has
//! a reviewer, this month's themes and the open requests addressed to its people, one success
//! story, and a three-minute guide on asking the team for material.
//!
//! Figures never describe fewer people than the workspace's minimum group size (the same floor
//! as the temperature map): in a department of two, "one piece of material" names a person,
//! so the counts are withheld and the page says why. People are named in the success story
//! only when an active consent says they take part.

mod html;
mod pdf;
mod words;

pub use html::render_html;
pub use pdf::render_pdf;

use crate::calendar::Theme;
use crate::clock::{to_db_time, Week, YearMonth};
use crate::error::{Error, Result};
use crate::ids::PersonId;
use crate::kpi::report::ReportLanguage;
use crate::model::Role;
use chrono::NaiveDate;
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use ts_rs::TS;

/// Posts waiting for review listed at most on the page (one A4 page holds the rest too).
const MAX_WAITING: usize = 6;
/// Open requests listed at most.
const MAX_REQUESTS: usize = 5;
/// How far back a success story may come from.
const STORY_DAYS: i64 = 92;

/// What the department gave in the week.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Contribution {
    /// People of the department who gave anything.
    pub people: u32,
    /// Pieces of material sent.
    pub material: u32,
    /// Drafts started by its people.
    pub drafts: u32,
    /// Published posts its people wrote or appear in.
    pub appearances: u32,
    /// Thanks and highlights its people received.
    pub thanks: u32,
}

/// A post waiting for review that concerns the department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Waiting {
    /// Its title.
    pub title: String,
    /// Who wrote it.
    pub author: Option<String>,
    /// `YYYY-MM-DD`, when it was submitted.
    pub submitted_on: String,
    /// Approvals so far.
    pub approvals: u32,
    /// Approvals needed.
    pub needed: u32,
}

/// An open request addressed to the department's people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DigestRequest {
    /// What is wanted.
    pub title: String,
    /// `YYYY-MM-DD`, if it has a due date.
    pub due_on: Option<String>,
    /// The department's people asked.
    pub asked: u32,
    /// Of them, those who answered.
    pub answered: u32,
}

/// The story the page leads with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Story {
    /// The post's title, or the highlight's person line.
    pub title: String,
    /// What happened.
    pub note: String,
    /// The department's people in it who may be named.
    pub people: Vec<String>,
    /// From this department (`false`: the company's, when the department has none yet).
    pub own: bool,
}

/// Everything the digest shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Digest {
    /// The workspace (company) name.
    pub workspace: String,
    /// The department.
    pub department: String,
    /// `YYYY-Www`.
    pub week: String,
    /// `YYYY-MM-DD`, Monday.
    pub from: String,
    /// `YYYY-MM-DD`, Sunday.
    pub to: String,
    /// Its language.
    pub language: ReportLanguage,
    /// The department's active people.
    pub headcount: u32,
    /// The smallest group figures are shown for.
    pub min_group_size: u32,
    /// The week's figures; `None` when the department is smaller than the minimum.
    pub contribution: Option<Contribution>,
    /// The department's reviewers (display names); empty: the SNS team reviews.
    pub reviewers: Vec<String>,
    /// Posts of the department's people waiting for review (only when it has a reviewer).
    pub waiting: Vec<Waiting>,
    /// More waiting than listed.
    pub more_waiting: u32,
    /// The themes of the week's month(s).
    pub themes: Vec<Theme>,
    /// Open requests to its people, soonest due first.
    pub requests: Vec<DigestRequest>,
    /// The success story, if there is one.
    pub story: Option<Story>,
}

struct Member {
    id: String,
    display: String,
    role: Option<Role>,
    active: bool,
}

fn members(conn: &Connection, department: &str) -> Result<Vec<Member>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.display_name, p.role, p.active FROM people p
         JOIN departments d ON d.id = p.department_id
         WHERE d.name = ?1 ORDER BY p.name_reading, p.display_name",
    )?;
    let rows = stmt.query_map([department], |r| {
        Ok(Member {
            id: r.get(0)?,
            display: r.get(1)?,
            role: Role::parse(&r.get::<_, String>(2)?),
            active: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The department `name`, or an error that lists the names there are.
fn check_department(conn: &Connection, name: &str) -> Result<()> {
    let names: Vec<String> = crate::roster::departments(conn)?
        .into_iter()
        .map(|d| d.name)
        .collect();
    if names.iter().any(|n| n == name) {
        return Ok(());
    }
    Err(Error::invalid(
        "department",
        if names.is_empty() {
            format!("There is no department \"{name}\": add departments on the Roster first.")
        } else {
            format!(
                "There is no department \"{name}\". Choose one of: {}.",
                names.join(", ")
            )
        },
    ))
}

/// The digest of `department` for `week` in `language`.
pub fn digest(
    conn: &Connection,
    tz: Tz,
    workspace: String,
    department: &str,
    week: Week,
    language: ReportLanguage,
) -> Result<Digest> {
    check_department(conn, department)?;
    let min_group_size: u32 =
        conn.query_row("SELECT min_group_size FROM workspace LIMIT 1", [], |r| {
            r.get(0)
        })?;
    let people = members(conn, department)?;
    let ids: HashSet<&str> = people.iter().map(|m| m.id.as_str()).collect();
    let headcount = u32::try_from(people.iter().filter(|m| m.active).count()).unwrap_or(0);
    let (start, end) = week.utc_range(tz);
    let (start, end) = (to_db_time(start), to_db_time(end));

    let contribution = if headcount >= min_group_size {
        Some(contribution(conn, &ids, &start, &end)?)
    } else {
        None
    };

    let reviewers: Vec<String> = people
        .iter()
        .filter(|m| m.active && m.role == Some(Role::Reviewer))
        .map(|m| m.display.clone())
        .collect();
    let (waiting, more_waiting) = if reviewers.is_empty() {
        (Vec::new(), 0)
    } else {
        waiting(conn, tz, &ids)?
    };

    let mut themes = crate::calendar::month_themes(conn, YearMonth::of(week.monday()))?;
    if YearMonth::of(week.sunday()) != YearMonth::of(week.monday()) {
        themes.extend(crate::calendar::month_themes(
            conn,
            YearMonth::of(week.sunday()),
        )?);
    }

    let mut requests = Vec::new();
    for r in crate::roster::requests::board(conn, tz, week.sunday())? {
        let ours: Vec<_> = r
            .assignees
            .iter()
            .filter(|a| ids.contains(a.person.as_string().as_str()))
            .collect();
        if ours.is_empty() {
            continue;
        }
        let answered = ours
            .iter()
            .filter(|a| a.state == crate::roster::requests::RequestState::Answered)
            .count();
        if answered == ours.len() {
            continue;
        }
        requests.push(DigestRequest {
            title: r.title,
            due_on: r.due_on,
            asked: u32::try_from(ours.len()).unwrap_or(u32::MAX),
            answered: u32::try_from(answered).unwrap_or(u32::MAX),
        });
    }
    requests.truncate(MAX_REQUESTS);

    let story = story(conn, tz, week, &people)?;
    Ok(Digest {
        workspace,
        department: department.to_string(),
        week: week.to_string(),
        from: week.monday().to_string(),
        to: week.sunday().to_string(),
        language,
        headcount,
        min_group_size,
        contribution,
        reviewers,
        waiting,
        more_waiting,
        themes,
        requests,
        story,
    })
}

fn count_in(
    conn: &Connection,
    sql: &str,
    ids: &HashSet<&str>,
    start: &str,
    end: &str,
    givers: &mut HashSet<String>,
) -> Result<u32> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query([start, end])?;
    let mut n = 0u32;
    while let Some(r) = rows.next()? {
        let who = r.get_ref(0)?.as_str().unwrap_or("");
        if ids.contains(who) {
            n += 1;
            givers.insert(who.to_string());
        }
    }
    Ok(n)
}

fn contribution(
    conn: &Connection,
    ids: &HashSet<&str>,
    start: &str,
    end: &str,
) -> Result<Contribution> {
    let mut givers = HashSet::new();
    let material = count_in(
        conn,
        "SELECT person_id FROM materials WHERE created_at >= ?1 AND created_at < ?2",
        ids,
        start,
        end,
        &mut givers,
    )?;
    let drafts = count_in(
        conn,
        "SELECT author_id FROM posts
         WHERE author_id IS NOT NULL AND created_at >= ?1 AND created_at < ?2",
        ids,
        start,
        end,
        &mut givers,
    )?;
    let mut thanks_givers = HashSet::new();
    let thanks = count_in(
        conn,
        "SELECT person_id FROM recognitions WHERE created_at >= ?1 AND created_at < ?2",
        ids,
        start,
        end,
        &mut thanks_givers,
    )?;
    // A published post counts once for the department, however many of its people it shows.
    let mut appearances = 0u32;
    let mut stmt = conn.prepare_cached(
        "SELECT author_id, people FROM posts
         WHERE status = 'published' AND scheduled_at >= ?1 AND scheduled_at < ?2",
    )?;
    let mut rows = stmt.query([start, end])?;
    while let Some(r) = rows.next()? {
        let author = r.get_ref(0)?.as_str().unwrap_or("");
        let shown = r.get_ref(1)?.as_str().unwrap_or("");
        let ours: Vec<&str> = std::iter::once(author)
            .chain(shown.split(','))
            .filter(|p| ids.contains(p))
            .collect();
        if !ours.is_empty() {
            appearances += 1;
            givers.extend(ours.into_iter().map(str::to_string));
        }
    }
    Ok(Contribution {
        people: u32::try_from(givers.len()).unwrap_or(u32::MAX),
        material,
        drafts,
        appearances,
        thanks,
    })
}

fn waiting(conn: &Connection, tz: Tz, ids: &HashSet<&str>) -> Result<(Vec<Waiting>, u32)> {
    let needed = crate::approval::approvals_needed(conn)?;
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached("SELECT author_id, people FROM posts WHERE id = ?1")?;
    for q in crate::review::audit::review_queue(conn, tz, needed)? {
        let (author, shown): (Option<String>, String) =
            stmt.query_row([q.post.as_string()], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let ours = author.as_deref().is_some_and(|a| ids.contains(a))
            || shown.split(',').any(|p| ids.contains(p));
        if ours {
            out.push(Waiting {
                title: q.title,
                author: q.author_name,
                submitted_on: q.submitted_at.get(..10).unwrap_or("").to_string(),
                approvals: q.approvals,
                needed: q.needed,
            });
        }
    }
    let more = u32::try_from(out.len().saturating_sub(MAX_WAITING)).unwrap_or(0);
    out.truncate(MAX_WAITING);
    Ok((out, more))
}

/// The department's latest success story of the last three months (a marked post its people
/// wrote or appear in, else a highlight one of them received), else the company's latest.
fn story(conn: &Connection, tz: Tz, week: Week, people: &[Member]) -> Result<Option<Story>> {
    let (_, end) = week.utc_range(tz);
    let since = to_db_time(end - chrono::Duration::days(STORY_DAYS));
    let end = to_db_time(end);
    let today = week.sunday();
    let ours = |id: &str| people.iter().find(|m| m.id == id);
    let named = |ids: &[&str]| -> Result<Vec<String>> {
        let mut out = Vec::new();
        for id in ids {
            if let (Some(m), Some(pid)) = (ours(id), PersonId::parse(id)) {
                if crate::roster::consent::may_be_named(conn, today, pid)?
                    && !out.contains(&m.display)
                {
                    out.push(m.display.clone());
                }
            }
        }
        Ok(out)
    };
    let mut company: Option<Story> = None;
    let mut stmt = conn.prepare_cached(
        "SELECT p.title, s.note, coalesce(p.author_id, ''), p.people FROM success_stories s
         JOIN posts p ON p.id = s.post_id
         WHERE s.marked_at >= ?1 AND s.marked_at < ?2
         ORDER BY s.marked_at DESC",
    )?;
    let mut rows = stmt.query([&since, &end])?;
    while let Some(r) = rows.next()? {
        let (title, note): (String, String) = (r.get(0)?, r.get(1)?);
        let author: String = r.get(2)?;
        let shown: String = r.get(3)?;
        let involved: Vec<&str> = std::iter::once(author.as_str())
            .chain(shown.split(','))
            .filter(|p| ours(p).is_some())
            .collect();
        if !involved.is_empty() {
            return Ok(Some(Story {
                title,
                note,
                people: named(&involved)?,
                own: true,
            }));
        }
        if company.is_none() {
            company = Some(Story {
                title,
                note,
                people: Vec::new(),
                own: false,
            });
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT person_id, note FROM recognitions
         WHERE kind = 'highlight' AND created_at >= ?1 AND created_at < ?2
         ORDER BY created_at DESC",
    )?;
    let mut rows = stmt.query([&since, &end])?;
    while let Some(r) = rows.next()? {
        let (person, note): (String, String) = (r.get(0)?, r.get(1)?);
        if ours(&person).is_some() {
            let people = named(&[person.as_str()])?;
            return Ok(Some(Story {
                title: people.first().cloned().unwrap_or_default(),
                note,
                people,
                own: true,
            }));
        }
    }
    Ok(company)
}

/// A date `YYYY-MM-DD` as the language writes it (2026年12月7日, 7 Dec 2026).
pub(crate) fn day_label(day: &str, l: ReportLanguage) -> String {
    let Ok(d) = NaiveDate::parse_from_str(day, "%Y-%m-%d") else {
        return day.to_string();
    };
    match l {
        ReportLanguage::Ja => d.format("%Y年%-m月%-d日").to_string(),
        ReportLanguage::En => d.format("%-d %b %Y").to_string(),
    }
}

/// The page's title line: "2026年11月30日〜12月6日" / "30 Nov – 6 Dec 2026".
pub(crate) fn week_label(d: &Digest) -> String {
    let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let (Some(a), Some(b)) = (parse(&d.from), parse(&d.to)) else {
        return d.week.clone();
    };
    match d.language {
        ReportLanguage::Ja => format!("{}〜{}", a.format("%Y年%-m月%-d日"), b.format("%-m月%-d日")),
        ReportLanguage::En => format!("{} – {}", a.format("%-d %b"), b.format("%-d %b %Y")),
    }
}
