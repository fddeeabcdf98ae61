//! The setup guide's core (issue 17): a company's new workspace starts with the guide open, a
//! preset by purpose gives a purpose with KPIs (targets and a date), the first month's themes,
//! a weekly cadence and recurring slots, applying it twice adds nothing twice, departments and
//! sites are added by name, and the calendar's planning shows the slots as open.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::sync::Arc;
use tsunagu::app::setup::{self, Preset};
use tsunagu::clock::YearMonth;
use tsunagu::model::{Language, Platform};
use tsunagu::store::Source;

fn fresh() -> (tempfile::TempDir, tsunagu::Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = tsunagu::app::start_own(
        &dir.path().join("ws"),
        clock(at(2026, 12, 6, 3, 0)),
        Arc::new(tsunagu::ids::RandomIds),
        "株式会社テスト工業",
        Some("Asia/Tokyo"),
        Language::Ja,
    )
    .unwrap();
    (dir, ws)
}

#[test]
fn a_new_company_starts_on_the_guide_and_a_preset_plans_its_first_month() {
    let (_dir, mut ws) = fresh();
    assert!(!setup::setup_done(&ws).unwrap(), "the guide opens first");
    assert!(!ws.info().unwrap().setup_done);

    let month = YearMonth::parse("2026-12").unwrap();
    let mut plan = setup::preset(Preset::Recruiting, month, Language::Ja);
    assert_eq!(plan.purpose, "採用エントリーを増やす");
    // The lead adjusts the preset before anything is written.
    plan.kpis[0].target = Some(40.0);
    plan.kpis[0].target_by = Some("2027-03-31".into());
    plan.slots.truncate(2);
    let done = setup::apply(&mut ws, Source::Ui, &plan).unwrap();
    assert_eq!((done.kpis, done.themes, done.slots), (2, 2, 2));

    let kpis = tsunagu::app::kpi::kpis(&ws).unwrap();
    let entries = kpis.iter().find(|k| k.name == "採用エントリー数").unwrap();
    assert_eq!(entries.target, Some(40.0));
    assert_eq!(entries.target_by.as_deref(), Some("2027-03-31"));
    assert_eq!(
        entries.purpose_name.as_deref(),
        Some("採用エントリーを増やす")
    );

    let view = tsunagu::app::calendar::month_view(&ws, month).unwrap();
    assert_eq!(view.themes.len(), 2, "{:?}", view.themes);
    let planning = tsunagu::app::plan::month_planning(&ws, month).unwrap();
    assert!(
        !planning.open_slots.is_empty(),
        "the calendar shows the plan with its open slots"
    );
    let targets = tsunagu::app::plan::cadence_targets(&ws).unwrap();
    assert!(targets
        .iter()
        .any(|c| c.platform == Platform::X && c.per_week == 3));

    // Applied again (the guide opened from Settings): nothing twice.
    let again = setup::apply(&mut ws, Source::Ui, &plan).unwrap();
    assert_eq!((again.kpis, again.themes, again.slots), (0, 0, 0));

    setup::add_places(
        &mut ws,
        Source::Ui,
        &["製造部".into(), "総務部".into(), "製造部".into()],
        &["本社工場".into()],
    )
    .unwrap();
    let departments = tsunagu::app::people::departments(&ws).unwrap();
    assert_eq!(departments.len(), 2);

    setup::set_setup_done(&mut ws, Source::Ui, true).unwrap();
    assert!(setup::setup_done(&ws).unwrap());
}

#[test]
fn a_kpi_date_that_is_not_a_date_is_refused_and_nothing_is_written() {
    let (_dir, mut ws) = fresh();
    let mut plan = setup::preset(
        Preset::Leads,
        YearMonth::parse("2026-12").unwrap(),
        Language::Ja,
    );
    plan.kpis[1].target_by = Some("来年の春".into());
    let err = setup::apply(&mut ws, Source::Ui, &plan).unwrap_err();
    assert!(err.to_string().contains("来年の春"), "{err}");
    assert!(
        tsunagu::app::kpi::kpis(&ws).unwrap().is_empty(),
        "all or nothing"
    );
    assert!(tsunagu::app::kpi::purposes(&ws).unwrap().is_empty());
}

#[test]
fn workspaces_made_before_the_guide_and_the_demo_never_open_on_it() {
    let (_dir, ws) = demo_ws(clock(at(2026, 12, 6, 3, 0)));
    assert!(setup::setup_done(&ws).unwrap());
}
