//! The contribution ledger: what each person (and so each department) gave, month by month.
//!
//! Recognition and the temperature map read this, so it counts only what happened, never a
//! score: requests answered, material given, drafts written, posts published that they wrote
//! or appear in, and the reactions those posts earned. Months are calendar months in the
//! workspace's time zone.

use crate::clock::to_db_time;
use crate::clock::YearMonth;
use crate::error::{Error, Result};
use crate::ids::PersonId;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// One person's (or department's) month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LedgerEntry {
    /// `YYYY-MM`.
    pub month: String,
    /// Requests answered with material.
    pub requests_answered: u32,
    /// Pieces of material given.
    pub material_given: u32,
    /// Drafts started (posts they wrote, by creation).
    pub drafts_written: u32,
    /// Published posts they wrote or appear in (by publication month).
    pub posts_published: u32,
    /// Likes, reposts, replies and quotes on those posts (latest reading per platform).
    pub reactions: u64,
}

/// A person's ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonLedger {
    /// The person.
    pub person: PersonId,
    /// Their department's name.
    pub department: Option<String>,
    /// One entry per month of the range, oldest first.
    pub months: Vec<LedgerEntry>,
}

/// Month boundaries (UTC) of `from..=to` in the workspace zone.
struct Months {
    names: Vec<String>,
    starts: Vec<DateTime<Utc>>,
    end: DateTime<Utc>,
    /// The same boundaries as the store writes instants, which sort as time: rows are placed
    /// by comparing text, with no parsing.
    start_texts: Vec<String>,
    end_text: String,
}

impl Months {
    fn index(&self, at: &str) -> Option<usize> {
        if at >= self.end_text.as_str() {
            return None;
        }
        self.start_texts
            .partition_point(|s| s.as_str() <= at)
            .checked_sub(1)
    }
}

/// Person ids as fixed bytes, so the ledger's tens of thousands of lookups neither allocate
/// nor run a DoS-resistant hash over keys that come from our own database.
fn id_key(id: &str) -> Option<[u8; 36]> {
    id.as_bytes().try_into().ok()
}

/// FNV-1a over the id's last 16 bytes (the random part of a UUIDv7).
#[derive(Default, Clone, Copy)]
struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let tail = &bytes[bytes.len().saturating_sub(16)..];
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in tail {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type IdHash = std::hash::BuildHasherDefault<IdHasher>;

fn months(tz: Tz, from: YearMonth, to: YearMonth) -> Result<Months> {
    if from > to {
        return Err(Error::invalid(
            "months",
            format!("{from} is after {to}; swap them."),
        ));
    }
    let (mut names, mut starts) = (Vec::new(), Vec::new());
    let mut m = from;
    while m <= to {
        names.push(m.to_string());
        starts.push(m.utc_range(tz).0);
        m = m.next();
        if names.len() > 240 {
            return Err(Error::invalid(
                "months",
                "Ask for at most 20 years at a time.",
            ));
        }
    }
    let end = to.utc_range(tz).1;
    let start_texts = starts.iter().map(|s| to_db_time(*s)).collect();
    Ok(Months {
        names,
        starts,
        end,
        start_texts,
        end_text: to_db_time(end),
    })
}

/// The ledger of every person from `from` to `to` (months, both included).
pub fn ledger(
    conn: &Connection,
    tz: Tz,
    from: YearMonth,
    to: YearMonth,
) -> Result<Vec<PersonLedger>> {
    ledger_skipping(conn, tz, from, to, &std::collections::HashSet::new())
}

/// The same, with the posts in `skip` not counted (as drafts or as published posts): a ranking
/// leaves out posts about the company's products, so no ranking rewards them.
pub fn ledger_skipping(
    conn: &Connection,
    tz: Tz,
    from: YearMonth,
    to: YearMonth,
    skip: &std::collections::HashSet<String>,
) -> Result<Vec<PersonLedger>> {
    let months = months(tz, from, to)?;
    let (start, end) = (to_db_time(months.starts[0]), to_db_time(months.end));
    // Only ids and departments, in roster order: the full summaries parse JSON per person.
    let mut people: Vec<(PersonId, Option<String>)> = Vec::new();
    let mut index: HashMap<[u8; 36], usize, IdHash> = HashMap::default();
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, d.name FROM people p LEFT JOIN departments d ON d.id = p.department_id
         ORDER BY d.sort_order, p.name_reading",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id = r.get_ref(0)?.as_str().unwrap_or("");
        if let (Some(pid), Some(key)) = (PersonId::parse(id), id_key(id)) {
            index.insert(key, people.len());
            people.push((pid, r.get(1)?));
        }
    }
    let n = months.names.len();
    let mut table: Vec<LedgerEntry> = vec![LedgerEntry::default(); people.len() * n];
    let mut bump = |person: &str, at: &str, f: &dyn Fn(&mut LedgerEntry)| {
        let p = id_key(person).and_then(|k| index.get(&k));
        if let (Some(p), Some(m)) = (p, months.index(at)) {
            f(&mut table[p * n + m]);
        }
    };

    let mut stmt = conn.prepare_cached(
        "SELECT person_id, created_at, request_id IS NOT NULL FROM materials
         WHERE created_at >= ?1 AND created_at < ?2",
    )?;
    let mut rows = stmt.query([&start, &end])?;
    while let Some(r) = rows.next()? {
        let answered: bool = r.get(2)?;
        let (person, at) = (
            r.get_ref(0)?.as_str().unwrap_or(""),
            r.get_ref(1)?.as_str().unwrap_or(""),
        );
        bump(person, at, &|e| {
            e.material_given += 1;
            if answered {
                e.requests_answered += 1;
            }
        });
    }

    let mut stmt = conn.prepare_cached(
        "SELECT author_id, created_at, id FROM posts
         WHERE author_id IS NOT NULL AND created_at >= ?1 AND created_at < ?2",
    )?;
    let mut rows = stmt.query([&start, &end])?;
    while let Some(r) = rows.next()? {
        let (person, at) = (
            r.get_ref(0)?.as_str().unwrap_or(""),
            r.get_ref(1)?.as_str().unwrap_or(""),
        );
        if !skip.is_empty() && skip.contains(r.get_ref(2)?.as_str().unwrap_or("")) {
            continue;
        }
        bump(person, at, &|e| e.drafts_written += 1);
    }

    // Published posts with their writer and the people shown, and their reactions.
    let mut reactions: HashMap<String, u64> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT m.post_id, max(coalesce(m.likes, 0) + coalesce(m.reposts, 0) + coalesce(m.replies, 0) + coalesce(m.quotes, 0))
         FROM metrics m JOIN posts p ON p.id = m.post_id
         WHERE p.status = 'published' AND p.scheduled_at >= ?1 AND p.scheduled_at < ?2
         GROUP BY m.post_id, m.platform",
    )?;
    let mut rows = stmt.query([&start, &end])?;
    while let Some(r) = rows.next()? {
        let post = r.get_ref(0)?.as_str().unwrap_or("").to_string();
        *reactions.entry(post).or_insert(0) += u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, scheduled_at, author_id, people FROM posts
         WHERE status = 'published' AND scheduled_at >= ?1 AND scheduled_at < ?2",
    )?;
    let mut rows = stmt.query([&start, &end])?;
    while let Some(r) = rows.next()? {
        let id = r.get_ref(0)?.as_str().unwrap_or("");
        if !skip.is_empty() && skip.contains(id) {
            continue;
        }
        let at = r.get_ref(1)?.as_str().unwrap_or("");
        let author = r.get_ref(2)?.as_str().ok();
        let shown = r.get_ref(3)?.as_str().unwrap_or("");
        let earned = reactions.get(id).copied().unwrap_or(0);
        let credit = |e: &mut LedgerEntry| {
            e.posts_published += 1;
            e.reactions += earned;
        };
        let mut author_shown = false;
        for p in shown.split(',').filter(|p| !p.is_empty()) {
            author_shown |= Some(p) == author;
            bump(p, at, &credit);
        }
        if let Some(a) = author.filter(|_| !author_shown) {
            bump(a, at, &credit);
        }
    }

    let mut out = Vec::with_capacity(people.len());
    for (i, (person, department)) in people.into_iter().enumerate() {
        let months = table[i * n..(i + 1) * n]
            .iter()
            .zip(&months.names)
            .map(|(e, name)| LedgerEntry {
                month: name.clone(),
                ..e.clone()
            })
            .collect();
        out.push(PersonLedger {
            person,
            department,
            months,
        });
    }
    Ok(out)
}

/// The ledger summed by department (people without one under `None`), by name.
pub fn department_ledger(
    conn: &Connection,
    tz: Tz,
    from: YearMonth,
    to: YearMonth,
) -> Result<Vec<(Option<String>, Vec<LedgerEntry>)>> {
    let mut by: Vec<(Option<String>, Vec<LedgerEntry>)> = Vec::new();
    for p in ledger(conn, tz, from, to)? {
        let slot = match by.iter().position(|(d, _)| *d == p.department) {
            Some(i) => i,
            None => {
                by.push((
                    p.department.clone(),
                    p.months
                        .iter()
                        .map(|m| LedgerEntry {
                            month: m.month.clone(),
                            ..Default::default()
                        })
                        .collect(),
                ));
                by.len() - 1
            }
        };
        for (sum, m) in by[slot].1.iter_mut().zip(&p.months) {
            sum.requests_answered += m.requests_answered;
            sum.material_given += m.material_given;
            sum.drafts_written += m.drafts_written;
            sum.posts_published += m.posts_published;
            sum.reactions += m.reactions;
        }
    }
    by.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(by)
}
