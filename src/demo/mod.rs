//! The demo workspace: a fictional Japanese manufacturer with a living calendar.
//!
//! A newcomer should see the product working at once, and benchmarks need realistic volume,
//! so one generator serves both. It is deterministic: the same seed and the same "today"
//! give the same workspace, ids included. Everything is written through the normal write
//! path (source `demo`), so the demo also exercises the change log.

mod activity;
mod data;

use crate::calendar::{local_midnight, YearMonth};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::ids::{splitmix64, IdSource, SeededIds};
use crate::ids::{PersonId, PurposeId, ThemeId};
use crate::model::Language;
use crate::model::{Platform, PostStatus};
use crate::posts::{self, NewPost};
use crate::store::{write::val, Source, Writer};
use crate::workspace::{InitOptions, Workspace};
use chrono::{Datelike, Duration, NaiveDate, TimeZone, Weekday};
use chrono_tz::Tz;
use std::path::Path;
use std::sync::Arc;

/// The demo's time zone.
pub const DEMO_TIME_ZONE: &str = "Asia/Tokyo";
/// Posts in the default demo.
pub const DEFAULT_POSTS: u64 = 72;
/// The most posts a demo may hold.
pub const MAX_POSTS: u64 = 1_000_000;
/// Posts per day at most when a large demo is spread over time (by default).
pub const DEFAULT_PER_DAY: u64 = 24;
/// Posts written per transaction in large demos.
const BATCH: usize = 5_000;

/// How to build a demo.
#[derive(Debug, Clone, Copy)]
pub struct DemoOptions {
    /// Total posts.
    pub posts: u64,
    /// Seed for every random choice and id.
    pub seed: u64,
    /// Posts per day at most once the demo outgrows three months (sets how many posts a
    /// month holds in large demos).
    pub per_day: u64,
    /// People on the roster (at least the 27 written ones; more are generated).
    pub people: u64,
    /// Marks the workspace as the demo: it says so on every screen and never becomes a team
    /// or holds real accounts. The app's demo and `tsunagu demo` set it; tests and benchmarks
    /// that need the demo's data in an ordinary workspace (to try team sync and accounts on
    /// it) leave it off (`tsunagu demo --fixture`).
    pub as_demo: bool,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self {
            posts: DEFAULT_POSTS,
            seed: 1,
            per_day: DEFAULT_PER_DAY,
            people: 27,
            as_demo: false,
        }
    }
}

/// Builds a demo workspace in `dir`, which must not hold a workspace yet (it is created if
/// missing). Returns the open workspace.
pub fn build(dir: &Path, clock: Arc<dyn Clock>, opts: DemoOptions) -> Result<Workspace> {
    if opts.posts > MAX_POSTS {
        return Err(Error::invalid(
            "posts",
            format!("A demo holds at most {MAX_POSTS} posts; ask for fewer."),
        ));
    }
    if Workspace::exists(dir) {
        return Err(Error::invalid(
            "folder",
            format!(
                "{} already holds a workspace. Choose an empty folder; the existing one was not touched.",
                dir.display()
            ),
        ));
    }
    let ids: Arc<dyn IdSource> = Arc::new(SeededIds::new(opts.seed));
    let init = InitOptions {
        name: data::COMPANY.into(),
        time_zone: DEMO_TIME_ZONE.into(),
        language: Language::System,
        device_name: "demo".into(),
        bare: false,
    };
    let mut ws = Workspace::create(dir, clock, Arc::clone(&ids), &init)?;
    let tz: Tz = DEMO_TIME_ZONE
        .parse()
        .map_err(|_| Error::InvalidTimeZone(DEMO_TIME_ZONE.into()))?;
    let today = ws.clock().now().with_timezone(&tz).date_naive();
    let mut rng = opts.seed ^ 0xD1B5_4A32_D192_ED03;
    let ctx = ws.ctx(None, Source::Demo);
    // Marked as the demo first: it can never become a team or hold real accounts.
    if opts.as_demo {
        ws.store_mut().write(&ctx, crate::workspace::mark_demo)?;
    }
    let org = ws.store_mut().write(&ctx, |w| {
        write_organisation(
            w,
            today,
            opts.people.max(data::PEOPLE.len() as u64) as usize,
        )
    })?;
    let plan = plan_days(today, opts.posts, opts.per_day.max(1));
    let mut index = 0usize;
    for chunk in plan.chunks(BATCH) {
        ws.store_mut().write(&ctx, |w| {
            for (day, slot) in chunk {
                write_post(w, &org, &mut rng, *day, *slot, index, today, tz)?;
                index += 1;
            }
            Ok(())
        })?;
    }
    activity::write(&mut ws, today)?;
    Ok(ws)
}

/// A demo person as the post generator needs them.
struct DemoPerson {
    display: String,
    department: usize,
    role: &'static str,
    modes: &'static [&'static str],
    left: bool,
}

struct Org {
    people: Vec<(String, DemoPerson)>,
    /// Indexes into `people` of those who write and appear in demo posts.
    writers: Vec<usize>,
    themes: Vec<(YearMonth, String)>,
    purposes: Vec<String>,
}

fn write_organisation(w: &mut Writer<'_>, today: NaiveDate, people_total: usize) -> Result<Org> {
    let now = w.now_text().to_string();
    let mut departments = Vec::new();
    for (i, name) in data::DEPARTMENTS.iter().enumerate() {
        let id = w.new_id().to_string();
        w.insert(
            "departments",
            &[("id", val::text(id.clone()))],
            &[
                ("name", val::text(*name)),
                ("sort_order", val::int(i as i64)),
            ],
        )?;
        departments.push(id);
    }
    let mut sites = Vec::new();
    for name in data::SITES {
        let id = w.new_id().to_string();
        w.insert(
            "sites",
            &[("id", val::text(id.clone()))],
            &[("name", val::text(*name))],
        )?;
        sites.push(id);
    }
    let mut people = Vec::new();
    for (i, p) in data::PEOPLE.iter().enumerate() {
        let id = w.new_id().to_string();
        let modes = serde_json::to_string(p.modes).unwrap_or_else(|_| "[]".into());
        let left_on = p.left.then(|| (today - Duration::days(20)).to_string());
        w.insert(
            "people",
            &[("id", val::text(id.clone()))],
            &[
                ("name", val::text(p.name)),
                ("name_reading", val::text(p.reading)),
                ("display_name", val::text(p.display)),
                (
                    "department_id",
                    val::text(departments[p.department].clone()),
                ),
                ("site_id", val::text(sites[p.site].clone())),
                ("role", val::text(p.role)),
                ("participation", val::text(modes.clone())),
                ("active", val::bool(!p.left)),
                ("left_on", val::opt_text(left_on)),
                ("created_at", val::text(now.clone())),
            ],
        )?;
        if !p.modes.contains(&"not_participating") {
            // Consent given half a year ago for a year; one lapsed to show expiry.
            let given = today - Duration::days(180 + i as i64);
            let expires = if i == 8 {
                today - Duration::days(3)
            } else {
                given + Duration::days(365)
            };
            w.insert(
                "consents",
                &[("id", val::text(w.new_id().to_string()))],
                &[
                    ("person_id", val::text(id.clone())),
                    ("modes", val::text(modes)),
                    ("platforms", val::text("[]")),
                    ("given_on", val::text(given.to_string())),
                    ("expires_on", val::text(expires.to_string())),
                    ("evidence_ref", val::text(format!("同意書-{:04}", i + 1))),
                ],
            )?;
        }
        people.push((
            id,
            DemoPerson {
                display: p.display.to_string(),
                department: p.department,
                role: p.role,
                modes: p.modes,
                left: p.left,
            },
        ));
    }
    // Larger rosters for benchmarks: ambassadors with generated names across the departments.
    for k in data::PEOPLE.len()..people_total {
        let (family, family_r) = data::FAMILY[k % data::FAMILY.len()];
        let (given, given_r) = data::GIVEN[(k / data::FAMILY.len()) % data::GIVEN.len()];
        let modes = data::MODE_SETS[k % data::MODE_SETS.len()];
        let department = k % (data::DEPARTMENTS.len() - 2); // not the PR office or management
        let id = w.new_id().to_string();
        let round = k / (data::FAMILY.len() * data::GIVEN.len());
        let mut name = if round == 0 {
            format!("{family} {given}")
        } else {
            format!("{family} {given}{}", round + 1)
        };
        if data::PEOPLE.iter().any(|p| p.name == name) {
            name.push_str("（二）");
        }
        w.insert(
            "people",
            &[("id", val::text(id.clone()))],
            &[
                ("name", val::text(name)),
                ("name_reading", val::text(format!("{family_r} {given_r}"))),
                ("display_name", val::text(family)),
                ("department_id", val::text(departments[department].clone())),
                ("site_id", val::text(sites[k % sites.len()].clone())),
                ("role", val::text("ambassador")),
                (
                    "participation",
                    val::text(serde_json::to_string(modes).unwrap_or_else(|_| "[]".into())),
                ),
                ("active", val::bool(true)),
                ("created_at", val::text(now.clone())),
            ],
        )?;
        people.push((
            id,
            DemoPerson {
                display: family.to_string(),
                department,
                role: "ambassador",
                modes,
                left: false,
            },
        ));
    }
    let mut purposes = Vec::new();
    for (kind, name) in [
        ("recruiting", "採用エントリーを増やす"),
        ("brand", "社名の認知を広げる"),
        ("leads", "資料請求を増やす"),
        ("engagement", "ファンと対話する"),
    ] {
        let id = w.new_id().to_string();
        w.insert(
            "purposes",
            &[("id", val::text(id.clone()))],
            &[("name", val::text(name)), ("kind", val::text(kind))],
        )?;
        purposes.push(id);
    }
    let mut themes = Vec::new();
    let mut month = YearMonth::of(today).prev();
    for _ in 0..3 {
        let idx = (month.year as usize * 12 + month.month as usize) % data::THEMES.len();
        let (title, description, color) = data::THEMES[idx];
        let id = w.new_id().to_string();
        w.insert(
            "themes",
            &[("id", val::text(id.clone()))],
            &[
                ("month", val::text(month.to_string())),
                ("title", val::text(title)),
                ("description", val::text(description)),
                ("color", val::text(color)),
            ],
        )?;
        themes.push((month, id));
        month = month.next();
    }
    for (platform, per_week) in [("x", 3), ("instagram", 2), ("linkedin", 1), ("facebook", 1)] {
        w.insert(
            "cadence_targets",
            &[("id", val::text(w.new_id().to_string()))],
            &[
                ("platform", val::text(platform)),
                ("per_week", val::int(per_week)),
            ],
        )?;
    }
    for (weekday, time, title, platform) in [
        (2, "12:00", "現場の一枚", "instagram"),
        (5, "18:00", "今週のひとこと", "x"),
    ] {
        w.insert(
            "recurring_slots",
            &[("id", val::text(w.new_id().to_string()))],
            &[
                ("weekday", val::int(weekday)),
                ("local_time", val::text(time)),
                ("title", val::text(title)),
                ("platform", val::text(platform)),
            ],
        )?;
    }
    let writers = people
        .iter()
        .enumerate()
        .filter(|(_, (_, p))| {
            !p.left && p.role == "ambassador" && !p.modes.contains(&"not_participating")
        })
        .map(|(i, _)| i)
        .collect();
    Ok(Org {
        people,
        writers,
        themes,
        purposes,
    })
}

/// Which day each post goes on, and its slot of the day. Weekdays only while there are fewer
/// posts than weekdays; large demos spread over a longer span at most `per_day` a day.
fn plan_days(today: NaiveDate, posts: u64, per_day: u64) -> Vec<(NaiveDate, u32)> {
    let this_month = YearMonth::of(today);
    let mut start = this_month.prev().first_day();
    let mut end = this_month.next().next().first_day();
    let span = (end - start).num_days().max(1) as u64;
    let needed = posts.div_ceil(per_day);
    if needed > span {
        let half = Duration::days((needed / 2) as i64);
        start = today - half;
        end = start + Duration::days(needed as i64);
    }
    let all: Vec<NaiveDate> = start.iter_days().take_while(|d| *d < end).collect();
    let weekdays: Vec<NaiveDate> = all
        .iter()
        .copied()
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .collect();
    let days = if (posts as usize) <= 2 * weekdays.len() {
        weekdays
    } else {
        all
    };
    let n = days.len() as u64;
    let mut out = Vec::with_capacity(posts as usize);
    for (j, day) in days.iter().enumerate() {
        let j = j as u64;
        let count = (j + 1) * posts / n - j * posts / n;
        for slot in 0..count {
            out.push((*day, slot as u32));
        }
    }
    out
}

const SLOT_TIMES: &[(u32, u32)] = &[(12, 0), (8, 30), (18, 0), (12, 30), (17, 30), (10, 0)];

#[allow(clippy::too_many_arguments)]
fn write_post(
    w: &mut Writer<'_>,
    org: &Org,
    rng: &mut u64,
    day: NaiveDate,
    slot: u32,
    index: usize,
    today: NaiveDate,
    tz: Tz,
) -> Result<()> {
    let seed = &data::POSTS[(index * 7 + (splitmix64(rng) % 2) as usize) % data::POSTS.len()];
    let pick = org.writers[(splitmix64(rng) % org.writers.len() as u64) as usize];
    let (person_id, person) = &org.people[pick];
    let dept = data::DEPARTMENTS[person.department];
    let fill = |s: &str| s.replace("{name}", &person.display).replace("{dept}", dept);
    let (h, m) = SLOT_TIMES[(slot as usize + index) % SLOT_TIMES.len()];
    let local = day.and_hms_opt(h, m, 0).unwrap_or_default();
    let at = tz
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_else(|| local_midnight(day, tz));
    let status = status_for(day, today, splitmix64(rng) % 100, index);
    let month = YearMonth::of(day);
    let theme = org
        .themes
        .iter()
        .find(|(m, _)| *m == month)
        .map(|(_, id)| id.clone());
    let purpose = org.purposes[index % org.purposes.len()].clone();
    let post = NewPost {
        title: fill(seed.title),
        body: fill(seed.body),
        status,
        scheduled_at: Some(at),
        platforms: seed
            .platforms
            .iter()
            .filter_map(|p| Platform::parse(p))
            .collect(),
        accounts: Vec::new(),
        theme_id: theme.as_deref().and_then(ThemeId::parse),
        purpose_id: PurposeId::parse(&purpose),
        author_id: PersonId::parse(person_id),
        // Only someone who agreed to appear is shown; a material-only writer is credited as
        // the author instead.
        people: if seed.shows_person
            && person
                .modes
                .iter()
                .any(|m| matches!(*m, "face_shown" | "hands_only" | "back_view"))
        {
            PersonId::parse(person_id).into_iter().collect()
        } else {
            Vec::new()
        },
    };
    posts::insert(w, &post)?;
    Ok(())
}

fn status_for(day: NaiveDate, today: NaiveDate, roll: u64, index: usize) -> PostStatus {
    let this_month = YearMonth::of(today);
    let month = YearMonth::of(day);
    if day < today {
        // Past posts went out; one recent failure shows what a failure looks like.
        if month == this_month && index % 29 == 7 {
            PostStatus::Failed
        } else {
            PostStatus::Published
        }
    } else if month == this_month {
        match roll {
            0..=44 => PostStatus::Scheduled,
            45..=54 => PostStatus::Approved,
            55..=74 => PostStatus::InReview,
            75..=81 => PostStatus::ChangesRequested,
            _ => PostStatus::Draft,
        }
    } else if month == this_month.next() {
        if roll < 55 {
            PostStatus::Idea
        } else {
            PostStatus::Draft
        }
    } else if roll < 50 {
        PostStatus::Idea
    } else {
        PostStatus::Draft
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_exactly_the_posts_asked_for() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        for n in [0, 1, 72, 100, 5_000, 100_000] {
            assert_eq!(plan_days(today, n, DEFAULT_PER_DAY).len() as u64, n, "{n}");
        }
        let default = plan_days(today, DEFAULT_POSTS, DEFAULT_PER_DAY);
        assert!(default
            .iter()
            .all(|(d, _)| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)));
        assert_eq!(
            default.first().unwrap().0,
            NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()
        );
        assert!(default.last().unwrap().0 < NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
    }
}
