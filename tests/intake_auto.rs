//! The phone page opening by itself: only when the lead turned it on with an address, only
//! between 8:00 and 19:00 in the workspace's zone, only while a request is open for someone,
//! and closing at 19:00. A public address is refused when it is set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::time::Duration;
use tsunagu::intake::auto::{self, AutoIntake};
use tsunagu::roster::RequestInput;
use tsunagu::store::Source;

#[test]
fn it_opens_by_itself_only_when_asked_within_the_hours_and_while_a_request_is_open() {
    let dir = tempfile::tempdir().unwrap();
    // 10:30 in Tokyo.
    let c = clock(at(2026, 12, 1, 1, 30));
    let mut ws =
        tsunagu::demo::build(dir.path(), c.clone(), tsunagu::demo::DemoOptions::default()).unwrap();
    assert!(!auto::settings(&ws).unwrap().enabled);
    assert!(
        auto::due(&ws).unwrap().is_none(),
        "off unless the lead turns it on"
    );

    let err = auto::set(
        &mut ws,
        Source::Ui,
        &AutoIntake {
            enabled: true,
            bind: Some("8.8.8.8".into()),
            port: 8787,
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("office network"), "{err}");
    assert!(auto::set(
        &mut ws,
        Source::Ui,
        &AutoIntake {
            enabled: true,
            bind: None,
            port: 8787
        }
    )
    .is_err());
    auto::set(
        &mut ws,
        Source::Ui,
        &AutoIntake {
            enabled: true,
            bind: Some("127.0.0.1".into()),
            port: 18787,
        },
    )
    .unwrap();

    // The demo's requests are open around today: it is due, until 19:00.
    let opts = auto::due(&ws)
        .unwrap()
        .expect("due while a request is open");
    assert_eq!(
        (opts.bind.to_string().as_str(), opts.port),
        ("127.0.0.1", 18787)
    );
    assert_eq!(
        opts.open_for,
        Duration::from_secs((19 * 60 - (10 * 60 + 30)) * 60)
    );

    // Not at 7:59 or 19:00.
    c.set(at(2026, 11, 30, 22, 59));
    assert!(auto::due(&ws).unwrap().is_none());
    c.set(at(2026, 12, 1, 10, 0));
    assert!(auto::due(&ws).unwrap().is_none());

    // Not once every request is past its date.
    c.set(at(2027, 3, 1, 1, 0));
    let open_ones = tsunagu::app::requests::request_board(&ws)
        .unwrap()
        .into_iter()
        .filter(|r| r.due_on.is_none())
        .count();
    if open_ones == 0 {
        assert!(
            auto::due(&ws).unwrap().is_none(),
            "no request open in March"
        );
    }
    let someone = tsunagu::app::people::people(&ws).unwrap()[0].id;
    tsunagu::app::requests::send_request(
        &mut ws,
        Source::Ui,
        &RequestInput {
            title: "春の現場の一枚".into(),
            description: String::new(),
            due_on: Some("2027-03-10".into()),
            recurrence: None,
            people: vec![someone],
            departments: vec![],
        },
    )
    .unwrap();
    assert!(auto::due(&ws).unwrap().is_some());

    // Turned off, it stays shut.
    auto::set(
        &mut ws,
        Source::Ui,
        &AutoIntake {
            enabled: false,
            bind: Some("127.0.0.1".into()),
            port: 18787,
        },
    )
    .unwrap();
    assert!(auto::due(&ws).unwrap().is_none());
}
