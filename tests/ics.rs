//! iCalendar export: RFC 5545 framing, stable UIDs, the date range in the workspace zone.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::collections::HashSet;
use tsunagu::demo::{build, DemoOptions};
use tsunagu::ics::IcsRange;

fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn unfold(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "")
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_demo_exports_as_valid_icalendar() {
    let dir = tempfile::tempdir().unwrap();
    let c = clock(at(2026, 11, 22, 3, 0));
    let ws = build(dir.path(), c.clone(), DemoOptions::default()).unwrap();
    let ics = tsunagu::app::calendar::export_ics(&ws, IcsRange::default()).unwrap();

    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !ics.replace("\r\n", "").contains('\n'),
        "every line ends in CRLF"
    );
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "folded at 75 octets: {line}");
    }
    let lines = unfold(&ics);
    let uids: Vec<&String> = lines.iter().filter(|l| l.starts_with("UID:")).collect();
    assert_eq!(uids.len(), 72, "one event per scheduled post");
    assert_eq!(
        uids.iter().collect::<HashSet<_>>().len(),
        72,
        "UIDs are unique"
    );
    assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 72);
    assert!(lines
        .iter()
        .any(|l| l.starts_with("SUMMARY:") && l.contains("現場の一枚")));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("DESCRIPTION:") && l.contains("\\n")),
        "newlines escaped"
    );

    // Stable: a second export has the same UIDs.
    c.advance(chrono::Duration::hours(5));
    let again = tsunagu::app::calendar::export_ics(&ws, IcsRange::default()).unwrap();
    let uids2: Vec<String> = unfold(&again)
        .into_iter()
        .filter(|l| l.starts_with("UID:"))
        .collect();
    assert_eq!(uids.into_iter().cloned().collect::<Vec<_>>(), uids2);
}

#[test]
fn the_range_is_in_local_dates_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let ws = build(
        dir.path(),
        clock(at(2026, 11, 22, 3, 0)),
        DemoOptions::default(),
    )
    .unwrap();
    let nov = tsunagu::app::calendar::month_view(
        &ws,
        tsunagu::calendar::YearMonth::parse("2026-11").unwrap(),
    )
    .unwrap();
    let ics = tsunagu::app::calendar::export_ics(
        &ws,
        IcsRange {
            from: Some(day("2026-11-01")),
            to: Some(day("2026-11-30")),
        },
    )
    .unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), nov.posts.len());
    let err = tsunagu::app::calendar::export_ics(
        &ws,
        IcsRange {
            from: Some(day("2026-12-01")),
            to: Some(day("2026-11-01")),
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("swap"), "{err}");
}
