//! The setup guide, following the seeds' three steps (目的を決める → 体制とルールを作る → 型を作って
//! 続ける): a company starting its own workspace is walked through its purposes and KPIs,
//! its departments and roster, its guideline and review rule, and the 型 (the first month's
//! themes, a weekly cadence and recurring slots), offered as presets by purpose that the lead
//! adjusts before anything is written. Each step can be skipped and the guide opened again from
//! Settings; a new company's workspace opens on it until it is finished or skipped.

use crate::clock::YearMonth;
use crate::error::{Error, Result};
use crate::kpi::{KpiInput, KpiMetric};
use crate::model::{Language, Platform};
use crate::store::{write::val, Source, Writer};
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The presets of the 型, by what the company wants from SNS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    /// 採用強化: more applications from people who know the workplace.
    Recruiting,
    /// BtoB の引き合い: requests for material and enquiries.
    Leads,
    /// 地域・認知: being known in the region.
    Local,
}

/// A KPI as the guide proposes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct KpiSeed {
    /// Its name (採用エントリー数).
    pub name: String,
    /// What it counts.
    pub metric: KpiMetric,
    /// The monthly target.
    pub target: Option<f64>,
    /// The date the target is meant to be reached by, `YYYY-MM-DD`.
    pub target_by: Option<String>,
}

/// A theme of the first month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ThemeSeed {
    /// Its title.
    pub title: String,
    /// What it is about.
    pub description: String,
    /// Its colour, `#rrggbb`.
    pub color: String,
}

/// A weekly target for a platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CadenceSeed {
    /// The platform.
    pub platform: Platform,
    /// Posts a week.
    pub per_week: u32,
}

/// A recurring slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SlotSeed {
    /// ISO weekday, 1 = Monday.
    pub weekday: u32,
    /// `HH:MM` in the workspace zone.
    pub local_time: String,
    /// What goes there (社員紹介).
    pub title: String,
    /// The platform.
    pub platform: Platform,
}

/// The plan the guide writes: a purpose with its KPIs, the first month's themes, the weekly
/// cadence and the recurring slots. A preset fills it; the lead adjusts it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SetupPlan {
    /// The purpose (採用エントリーを増やす).
    pub purpose: String,
    /// Its KPIs.
    pub kpis: Vec<KpiSeed>,
    /// The first month, `YYYY-MM`.
    pub month: String,
    /// Its themes.
    pub themes: Vec<ThemeSeed>,
    /// The weekly cadence.
    pub cadence: Vec<CadenceSeed>,
    /// The recurring slots.
    pub slots: Vec<SlotSeed>,
}

/// What applying a plan wrote (what was already there is left as it is).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SetupApplied {
    /// KPIs added.
    pub kpis: u32,
    /// Themes added.
    pub themes: u32,
    /// Recurring slots added.
    pub slots: u32,
}

fn kpi(name: &str, metric: KpiMetric, target: f64, by: &str) -> KpiSeed {
    KpiSeed {
        name: name.into(),
        metric,
        target: Some(target),
        target_by: Some(by.into()),
    }
}

fn theme(title: &str, description: &str, color: &str) -> ThemeSeed {
    ThemeSeed {
        title: title.into(),
        description: description.into(),
        color: color.into(),
    }
}

fn slot(weekday: u32, at: &str, title: &str, platform: Platform) -> SlotSeed {
    SlotSeed {
        weekday,
        local_time: at.into(),
        title: title.into(),
        platform,
    }
}

fn cadence(list: &[(Platform, u32)]) -> Vec<CadenceSeed> {
    list.iter()
        .map(|&(platform, per_week)| CadenceSeed { platform, per_week })
        .collect()
}

/// A preset's plan for `month`, in `language` (KPI dates six months after the month starts).
pub fn preset(p: Preset, month: YearMonth, language: Language) -> SetupPlan {
    let by = month
        .first_day()
        .checked_add_months(chrono::Months::new(6))
        .and_then(|d| d.pred_opt())
        .map_or_else(String::new, |d| d.to_string());
    let en = language == Language::En;
    let pick = |ja: &'static str, en_text: &'static str| if en { en_text } else { ja };
    use Platform::*;
    let (purpose, kpis, themes, weekly, slots) = match p {
        Preset::Recruiting => (
            pick("採用エントリーを増やす", "More job applications"),
            vec![
                kpi(
                    pick("採用エントリー数", "Job applications"),
                    KpiMetric::External,
                    30.0,
                    &by,
                ),
                kpi(pick("投稿数", "Posts"), KpiMetric::Posts, 12.0, &by),
            ],
            vec![
                theme(
                    pick("社員の一日", "A day at work"),
                    pick("仕事の流れを写真で", "The work of a day, in pictures"),
                    "#2563eb",
                ),
                theme(
                    pick("先輩社員インタビュー", "Meet the team"),
                    pick(
                        "入社の決め手と今の仕事",
                        "Why they joined, what they do now",
                    ),
                    "#059669",
                ),
            ],
            cadence(&[(X, 3), (Instagram, 2)]),
            vec![
                slot(2, "12:00", pick("社員紹介", "Team member"), X),
                slot(
                    4,
                    "18:00",
                    pick("職場の一枚", "Photo of the workplace"),
                    Instagram,
                ),
                slot(5, "12:00", pick("今週の現場", "This week on site"), X),
            ],
        ),
        Preset::Leads => (
            pick(
                "資料請求・問い合わせを増やす",
                "More requests and enquiries",
            ),
            vec![
                kpi(
                    pick("資料請求数", "Material requests"),
                    KpiMetric::External,
                    20.0,
                    &by,
                ),
                kpi(
                    pick("指名検索数", "Searches for the company"),
                    KpiMetric::External,
                    500.0,
                    &by,
                ),
            ],
            vec![
                theme(
                    pick("製品の使われ方", "Our products at work"),
                    pick("お客さまの現場での使われ方", "How customers use them"),
                    "#7c3aed",
                ),
                theme(
                    pick("技術のこぼれ話", "Behind the engineering"),
                    pick(
                        "開発・製造の小さな工夫",
                        "Small ideas from development and production",
                    ),
                    "#c2410c",
                ),
            ],
            cadence(&[(X, 3), (Linkedin, 2)]),
            vec![
                slot(1, "09:00", pick("導入事例", "Case study"), Linkedin),
                slot(3, "12:00", pick("技術の豆知識", "Engineering tip"), X),
                slot(5, "17:00", pick("今週のまとめ", "The week in short"), X),
            ],
        ),
        Preset::Local => (
            pick("地域での認知を高める", "Better known in the region"),
            vec![
                kpi(
                    pick("指名検索数", "Searches for the company"),
                    KpiMetric::External,
                    300.0,
                    &by,
                ),
                kpi(
                    pick("反応数", "Reactions"),
                    KpiMetric::Reactions,
                    500.0,
                    &by,
                ),
            ],
            vec![
                theme(
                    pick("地域のイベント", "Local events"),
                    pick(
                        "地域の行事への参加や協賛",
                        "Taking part in and supporting local events",
                    ),
                    "#0e7490",
                ),
                theme(
                    pick("季節の工場", "The seasons at the plant"),
                    pick("季節ごとの職場の風景", "The workplace through the seasons"),
                    "#be185d",
                ),
            ],
            cadence(&[(Instagram, 3), (X, 2), (Facebook, 1)]),
            vec![
                slot(
                    2,
                    "18:00",
                    pick("季節の一枚", "Photo of the season"),
                    Instagram,
                ),
                slot(4, "12:00", pick("まちの話題", "News from town"), X),
                slot(6, "10:00", pick("地域のお知らせ", "Local notice"), Facebook),
            ],
        ),
    };
    SetupPlan {
        purpose: purpose.into(),
        kpis,
        month: month.to_string(),
        themes,
        cadence: weekly,
        slots,
    }
}

/// Writes `plan` in one transaction: the purpose and its KPIs (those whose names exist are
/// kept as they are), the month's themes (likewise by title), the cadence, and the slots not
/// already there.
pub fn apply(ws: &mut Workspace, source: Source, plan: &SetupPlan) -> Result<SetupApplied> {
    let month = YearMonth::parse(&plan.month)?;
    let ctx = ws.ctx(ws.me()?, source);
    ws.store_mut().write(&ctx, |w| apply_in(w, month, plan))
}

fn apply_in(w: &mut Writer<'_>, month: YearMonth, plan: &SetupPlan) -> Result<SetupApplied> {
    let mut done = SetupApplied::default();
    let purpose = match crate::kpi::purposes(w.conn())?
        .into_iter()
        .find(|p| p.name == plan.purpose.trim())
    {
        Some(p) => p,
        None => crate::kpi::add_purpose(w, &plan.purpose)?,
    };
    let existing: Vec<String> = crate::kpi::kpis(w.conn())?
        .into_iter()
        .map(|k| k.name)
        .collect();
    for k in &plan.kpis {
        if existing.iter().any(|e| e == k.name.trim()) {
            continue;
        }
        crate::kpi::add_kpi(
            w,
            &KpiInput {
                name: k.name.clone(),
                metric: k.metric,
                target: k.target,
                purpose: Some(purpose.id),
                target_by: k.target_by.clone(),
            },
        )?;
        done.kpis += 1;
    }
    let themes: Vec<String> = {
        let mut stmt = w
            .conn()
            .prepare("SELECT title FROM themes WHERE month = ?1")?;
        let rows = stmt.query_map([month.to_string()], |r| r.get(0))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    for t in &plan.themes {
        if themes.iter().any(|e| e == t.title.trim()) {
            continue;
        }
        crate::planning::add_theme(w, month, &t.title, &t.description, &t.color)?;
        done.themes += 1;
    }
    for c in &plan.cadence {
        crate::planning::set_cadence(w, c.platform, None, c.per_week)?;
    }
    let slots = crate::planning::slots(w.conn())?;
    for s in &plan.slots {
        let there = slots.iter().any(|x| {
            x.weekday == s.weekday && x.local_time == s.local_time && x.platform == s.platform
        });
        if !there {
            crate::planning::add_slot(w, s.weekday, &s.local_time, &s.title, s.platform)?;
            done.slots += 1;
        }
    }
    Ok(done)
}

/// Adds departments and sites by name (those that exist are kept).
pub fn add_places(
    ws: &mut Workspace,
    source: Source,
    departments: &[String],
    sites: &[String],
) -> Result<()> {
    for n in departments.iter().chain(sites) {
        if n.trim().chars().count() > 80 {
            return Err(Error::invalid(
                "name",
                format!("\"{n}\" is longer than 80 characters; use the name people use."),
            ));
        }
    }
    let ctx = ws.ctx(ws.me()?, source);
    ws.store_mut().write(&ctx, |w| {
        for d in departments {
            crate::roster::named(w, "departments", Some(d))?;
        }
        for s in sites {
            crate::roster::named(w, "sites", Some(s))?;
        }
        Ok(())
    })
}

/// Whether the guide has been finished or skipped.
pub fn setup_done(ws: &Workspace) -> Result<bool> {
    let done: i64 =
        ws.store()
            .conn()
            .query_row("SELECT setup_done FROM workspace LIMIT 1", [], |r| r.get(0))?;
    Ok(done == 1)
}

/// Marks the guide finished (or, with `false`, to be shown at the next start).
pub fn set_setup_done(ws: &mut Workspace, source: Source, done: bool) -> Result<()> {
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| mark(w, done))
}

pub(crate) fn mark(w: &mut Writer<'_>, done: bool) -> Result<()> {
    crate::workspace::set_fields(w, &[("setup_done", val::int(i64::from(done)))])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_has_a_purpose_kpis_with_dates_themes_cadence_and_slots() {
        let month = YearMonth::parse("2027-01").unwrap();
        for p in [Preset::Recruiting, Preset::Leads, Preset::Local] {
            let plan = preset(p, month, Language::Ja);
            assert!(!plan.purpose.is_empty());
            assert!(plan.kpis.len() >= 2);
            assert!(plan
                .kpis
                .iter()
                .all(|k| k.target_by.as_deref() == Some("2027-06-30")));
            assert_eq!(plan.themes.len(), 2);
            assert!(!plan.cadence.is_empty());
            assert!(plan.slots.len() >= 3);
            assert_eq!(plan.month, "2027-01");
        }
        assert_eq!(
            preset(Preset::Recruiting, month, Language::En).purpose,
            "More job applications"
        );
    }
}
