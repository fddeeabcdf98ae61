//! The contribution ledger: what each person (and so each department) gave, month by month.
//!
//! Recognition and the temperature map read this, so it counts only what happened, never a
//! score: requests answered, material given, drafts written, posts published that they wrote
//! or appear in, and the reactions those posts earned. Months are calendar months in the
//! workspace's time zone.

use crate::calendar::YearMonth;
use crate::clock::{from_db_time, to_db_time};
use crate::error::{Error, Result};
use crate::ids::PersonId;
use crate::workspace::Workspace;
use chrono::{DateTime, Utc};
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
}

impl Months {
    fn index(&self, at: DateTime<Utc>) -> Option<usize> {
        if at >= self.end {
            return None;
        }
        self.starts.partition_point(|s| *s <= at).checked_sub(1)
    }
}

impl Workspace {
    fn months(&self, from: YearMonth, to: YearMonth) -> Result<Months> {
        if from > to {
            return Err(Error::invalid(
                "months",
                format!("{from} is after {to}; swap them."),
            ));
        }
        let tz = crate::settings::validate_time_zone(&self.settings()?.time_zone)?;
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
        Ok(Months {
            names,
            starts,
            end: to.utc_range(tz).1,
        })
    }

    /// The ledger of every person from `from` to `to` (months, both included).
    pub fn ledger(&self, from: YearMonth, to: YearMonth) -> Result<Vec<PersonLedger>> {
        let months = self.months(from, to)?;
        let (start, end) = (to_db_time(months.starts[0]), to_db_time(months.end));
        let conn = self.store().conn();
        let mut table: HashMap<String, Vec<LedgerEntry>> = HashMap::new();
        let blank: Vec<LedgerEntry> = months
            .names
            .iter()
            .map(|n| LedgerEntry {
                month: n.clone(),
                ..Default::default()
            })
            .collect();
        let mut bump = |person: String, at: &str, f: &dyn Fn(&mut LedgerEntry)| {
            if let Some(i) = from_db_time(at).and_then(|t| months.index(t)) {
                f(&mut table.entry(person).or_insert_with(|| blank.clone())[i]);
            }
        };

        let mut stmt = conn.prepare_cached(
            "SELECT person_id, created_at, request_id IS NOT NULL FROM materials WHERE created_at >= ?1 AND created_at < ?2",
        )?;
        let mut rows = stmt.query([&start, &end])?;
        while let Some(r) = rows.next()? {
            let answered: bool = r.get(2)?;
            bump(r.get(0)?, &r.get::<_, String>(1)?, &|e| {
                e.material_given += 1;
                if answered {
                    e.requests_answered += 1;
                }
            });
        }

        let mut stmt = conn.prepare_cached(
            "SELECT author_id, created_at FROM posts WHERE author_id IS NOT NULL AND created_at >= ?1 AND created_at < ?2",
        )?;
        let mut rows = stmt.query([&start, &end])?;
        while let Some(r) = rows.next()? {
            bump(r.get(0)?, &r.get::<_, String>(1)?, &|e| {
                e.drafts_written += 1
            });
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
            *reactions.entry(r.get(0)?).or_insert(0) +=
                u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0);
        }
        let mut stmt = conn.prepare_cached(
            "SELECT id, scheduled_at, author_id, people FROM posts
             WHERE status = 'published' AND scheduled_at >= ?1 AND scheduled_at < ?2",
        )?;
        let mut rows = stmt.query([&start, &end])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let at: String = r.get(1)?;
            let author: Option<String> = r.get(2)?;
            let people: String = r.get(3)?;
            let mut credited: Vec<String> = people
                .split(',')
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect();
            if let Some(a) = author {
                if !credited.contains(&a) {
                    credited.push(a);
                }
            }
            let earned = reactions.get(&id).copied().unwrap_or(0);
            for p in credited {
                bump(p, &at, &|e| {
                    e.posts_published += 1;
                    e.reactions += earned;
                });
            }
        }

        let mut out = Vec::new();
        for p in self.people()? {
            let months = table
                .remove(&p.id.as_string())
                .unwrap_or_else(|| blank.clone());
            out.push(PersonLedger {
                person: p.id,
                department: p.department,
                months,
            });
        }
        Ok(out)
    }

    /// The ledger summed by department (people without one under `None`), by name.
    pub fn department_ledger(
        &self,
        from: YearMonth,
        to: YearMonth,
    ) -> Result<Vec<(Option<String>, Vec<LedgerEntry>)>> {
        let mut by: Vec<(Option<String>, Vec<LedgerEntry>)> = Vec::new();
        for p in self.ledger(from, to)? {
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
}
