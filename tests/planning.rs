//! Themes, cadence shortfalls and recurring slots.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use tsunagu::calendar::YearMonth;
use tsunagu::model::Platform::*;
use tsunagu::store::Source;

#[test]
fn weeks_that_fall_short_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 1, 0, 0)), "Asia/Tokyo").unwrap();
    tsunagu::app::plan::set_cadence(&mut ws, Source::Ui, X, 3).unwrap();
    tsunagu::app::plan::set_cadence(&mut ws, Source::Ui, Instagram, 1).unwrap();
    // Week of Mon 2026-11-02: three X posts, one Instagram.
    for (day, platforms) in [
        ("2026-11-02", vec![X]),
        ("2026-11-03", vec![X, Instagram]),
        ("2026-11-04", vec![X]),
    ] {
        ws.create_post_at(
            Source::Ui,
            None,
            "投稿",
            &format!("{day}T12:00"),
            &platforms,
        )
        .unwrap();
    }
    let weeks = tsunagu::app::plan::cadence(&ws, YearMonth::parse("2026-11").unwrap()).unwrap();
    assert_eq!(
        weeks.first().unwrap().week_start,
        "2026-10-26",
        "ISO weeks overlapping the month"
    );
    assert_eq!(weeks.len(), 6);
    let w = weeks.iter().find(|w| w.week_start == "2026-11-02").unwrap();
    let x = w.cells.iter().find(|c| c.platform == X).unwrap();
    assert_eq!((x.planned, x.target, x.missing), (3, 3, 0));
    let ig = w.cells.iter().find(|c| c.platform == Instagram).unwrap();
    assert_eq!((ig.planned, ig.missing), (1, 0));
    let empty = weeks.iter().find(|w| w.week_start == "2026-11-09").unwrap();
    assert_eq!(empty.missing, 4);

    tsunagu::app::plan::set_cadence(&mut ws, Source::Ui, Instagram, 0).unwrap();
    assert_eq!(tsunagu::app::plan::cadence_targets(&ws,).unwrap().len(), 1);
    let err = tsunagu::app::plan::set_cadence(&mut ws, Source::Ui, X, 1000).unwrap_err();
    assert!(err.to_string().contains("smaller"), "{err}");
}

#[test]
fn open_slots_and_the_next_free_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 2, 0, 0)), "Asia/Tokyo").unwrap(); // Mon 09:00 Tokyo
    tsunagu::app::plan::add_slot(&mut ws, Source::Ui, 2, "12:00", "現場の一枚", Instagram).unwrap();
    ws.create_post_at(
        Source::Ui,
        None,
        "現場の一枚",
        "2026-11-03T12:00",
        &[Instagram],
    )
    .unwrap();
    let plan =
        tsunagu::app::plan::month_planning(&ws, YearMonth::parse("2026-11").unwrap()).unwrap();
    let open: Vec<&str> = plan
        .open_slots
        .iter()
        .map(|s| s.local_time.as_str())
        .collect();
    assert_eq!(
        open,
        ["2026-11-10T12:00", "2026-11-17T12:00", "2026-11-24T12:00"],
        "the 3rd is filled"
    );

    let draft = ws
        .create_post_at(Source::Ui, None, "新しい下書き", "2026-12-20T09:00", &[X])
        .unwrap();
    let slot = tsunagu::app::plan::add_to_next_free_slot(&mut ws, Source::Ui, draft.id).unwrap();
    assert_eq!(slot.local_time, "2026-11-10T12:00");
    let moved = ws.post(draft.id).unwrap();
    assert_eq!(moved.local_time.as_deref(), Some("2026-11-10T12:00"));
    assert!(
        moved.variants.iter().any(|v| v.platform == Instagram),
        "gains the slot's platform"
    );

    for (weekday, time, title) in [(0, "12:00", "x"), (2, "25:00", "x"), (2, "12:00", " ")] {
        assert!(
            tsunagu::app::plan::add_slot(&mut ws, Source::Ui, weekday, time, title, X).is_err()
        );
    }
}

#[test]
fn themes_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 2, 0, 0)), "Asia/Tokyo").unwrap();
    let m = YearMonth::parse("2026-12").unwrap();
    tsunagu::app::plan::add_theme(
        &mut ws,
        Source::Ui,
        m,
        "冬の工場",
        "寒い日の現場",
        "#1d4ed8",
    )
    .unwrap();
    assert_eq!(
        tsunagu::app::calendar::month_view(&ws, m).unwrap().themes[0].title,
        "冬の工場"
    );
    assert!(
        tsunagu::app::plan::add_theme(&mut ws, Source::Ui, m, "x", "", "blue")
            .unwrap_err()
            .to_string()
            .contains("#rrggbb")
    );
    assert!(tsunagu::app::plan::add_theme(&mut ws, Source::Ui, m, " ", "", "#000000").is_err());
}

#[test]
fn themes_and_slots_can_be_removed() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 2, 0, 0)), "Asia/Tokyo").unwrap();
    let m = YearMonth::parse("2026-11").unwrap();
    let theme =
        tsunagu::app::plan::add_theme(&mut ws, Source::Ui, m, "安全と改善", "", "#7c3aed").unwrap();
    let mut post = tsunagu::posts::NewPost::draft("安全週間");
    post.theme_id = Some(theme);
    post.scheduled_at = Some(at(2026, 11, 5, 3, 0));
    let id = ws.create_post(Source::Ui, None, &post).unwrap();
    tsunagu::app::plan::delete_theme(&mut ws, Source::Ui, theme).unwrap();
    assert!(tsunagu::app::calendar::month_view(&ws, m)
        .unwrap()
        .themes
        .is_empty());
    assert_eq!(
        ws.post(id).unwrap().theme_id,
        None,
        "the post stays, unthemed"
    );
    let slot =
        tsunagu::app::plan::add_slot(&mut ws, Source::Ui, 2, "12:00", "現場の一枚", Instagram)
            .unwrap();
    tsunagu::app::plan::delete_slot(&mut ws, Source::Ui, slot).unwrap();
    assert!(tsunagu::app::plan::slots(&ws,).unwrap().is_empty());
}
