//! The month's highlights as a chat message: the success stories, the thanks, and how many
//! people took part, for the company chat where people actually see them (the seeds'
//! 定例会議 and 社内報, in the place they are read today).
//!
//! A person is named only when an active consent says they take part; anyone else's thanks
//! is shared without the name. The number of people who took part is left out when it is
//! below the workspace's minimum group size, as everywhere figures are shown.

use crate::calendar::YearMonth;
use crate::error::{Error, Result};
use crate::ids::PersonId;
use crate::kpi::report::ReportLanguage;
use crate::platforms::chat::{ChatMessage, ChatSection};
use chrono::NaiveDate;
use chrono_tz::Tz;
use rusqlite::Connection;

struct Words {
    title: &'static str,
    stories: &'static str,
    thanks: &'static str,
    unnamed: &'static str,
    people: &'static str,
    took_part: &'static str,
    colon: &'static str,
    with: &'static str,
}

const JA: Words = Words {
    title: "{company}のSNS　{month}のハイライト",
    stories: "うまくいった話",
    thanks: "ありがとう",
    unnamed: "（お名前は控えています）",
    people: "{names}さん",
    took_part: "今月は{n}人が写真や話題、下書きで協力してくれました。ありがとうございました。",
    colon: "：",
    with: "（{who}）",
};

const EN: Words = Words {
    title: "{company} on social media: highlights of {month}",
    stories: "What worked",
    thanks: "Thank you",
    unnamed: "(name not shared)",
    people: "{names}",
    took_part: "{n} people helped this month with photos, news and drafts. Thank you.",
    colon: ": ",
    with: " ({who})",
};

fn name_of(conn: &Connection, today: NaiveDate, id: &str) -> Result<Option<String>> {
    let Some(pid) = PersonId::parse(id) else {
        return Ok(None);
    };
    if !crate::roster::consent::may_be_named(conn, today, pid)? {
        return Ok(None);
    }
    Ok(conn
        .query_row("SELECT display_name FROM people WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .ok())
}

/// The highlights of `month` as a message, or an error when there is nothing to share.
pub fn highlights(
    conn: &Connection,
    tz: Tz,
    today: NaiveDate,
    company: &str,
    month: YearMonth,
    language: ReportLanguage,
) -> Result<ChatMessage> {
    let w = match language {
        ReportLanguage::Ja => &JA,
        ReportLanguage::En => &EN,
    };
    let sep = if language == ReportLanguage::Ja {
        "さん、"
    } else {
        ", "
    };
    let dashboard = super::dashboard::dashboard(conn, tz, month, month)?;
    let mut stories = Vec::new();
    let mut stmt =
        conn.prepare_cached("SELECT coalesce(author_id, ''), people FROM posts WHERE id = ?1")?;
    for s in &dashboard.successes {
        let (author, shown): (String, String) =
            stmt.query_row([s.post.as_string()], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let mut names: Vec<String> = Vec::new();
        for id in std::iter::once(author.as_str()).chain(shown.split(',')) {
            if let Some(n) = name_of(conn, today, id)? {
                if !names.contains(&n) {
                    names.push(n);
                }
            }
        }
        let who = if names.is_empty() {
            String::new()
        } else {
            w.with
                .replace("{who}", &w.people.replace("{names}", &names.join(sep)))
        };
        stories.push(format!("{}{}{}{who}", s.title, w.colon, s.note));
    }
    let mut thanks = Vec::new();
    for r in crate::roster::recognition::recognitions(conn, month)? {
        let line = match name_of(conn, today, &r.person.as_string())? {
            Some(n) => format!("{}{}{}", w.people.replace("{names}", &n), w.colon, r.note),
            None => format!("{}{}", r.note, w.unnamed),
        };
        thanks.push(line);
    }
    let min: u32 = conn.query_row("SELECT min_group_size FROM workspace LIMIT 1", [], |r| {
        r.get(0)
    })?;
    let took_part = u32::try_from(crate::roster::recognition::contributors(conn, tz, month)?.len())
        .unwrap_or(u32::MAX);
    if stories.is_empty() && thanks.is_empty() {
        return Err(Error::refused(
            crate::error::Rule::NothingToShare,
            "highlights",
            format!("There is nothing to share for {month} yet: mark a success story on the dashboard or record thanks on the Roster first."),
        ));
    }
    let month_label = super::report::month_label(&month.to_string(), language);
    let mut sections = Vec::new();
    if !stories.is_empty() {
        sections.push(ChatSection {
            heading: w.stories.into(),
            lines: stories,
        });
    }
    let mut thanks_lines = thanks;
    if took_part >= min {
        thanks_lines.push(w.took_part.replace("{n}", &took_part.to_string()));
    }
    if !thanks_lines.is_empty() {
        sections.push(ChatSection {
            heading: w.thanks.into(),
            lines: thanks_lines,
        });
    }
    Ok(ChatMessage {
        title: w
            .title
            .replace("{company}", company)
            .replace("{month}", &month_label),
        sections,
    })
}
