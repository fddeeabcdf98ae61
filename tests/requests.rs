//! Requests to people and departments, material in answer, and material turned into a draft.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use tsunagu::model::PostStatus;
use tsunagu::roster::{RequestInput, RequestState};
use tsunagu::store::Source;

#[test]
fn a_request_is_answered_with_material_that_becomes_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let c = clock(at(2026, 11, 22, 3, 0));
    let mut ws =
        tsunagu::demo::build(dir.path(), c.clone(), tsunagu::demo::DemoOptions::default()).unwrap();
    let people = tsunagu::app::people::people(&ws).unwrap();
    let yamada = people.iter().find(|p| p.name == "山田 健一").unwrap().id;
    let tanaka = people.iter().find(|p| p.name == "田中 由美").unwrap().id; // material only
    let quality: Vec<_> = people
        .iter()
        .filter(|p| p.department.as_deref() == Some("品質保証部") && p.active)
        .map(|p| p.id)
        .collect();
    let dept: String = rusqlite::Connection::open(dir.path().join("tsunagu.db"))
        .unwrap()
        .query_row(
            "SELECT id FROM departments WHERE name = '品質保証部'",
            [],
            |r| r.get(0),
        )
        .unwrap();

    let req = tsunagu::app::requests::send_request(
        &mut ws,
        Source::Ui,
        &RequestInput {
            title: "新しい治具の写真を1枚".into(),
            description: "手元だけでも大丈夫です".into(),
            due_on: Some("2026-11-30".into()),
            recurrence: None,
            people: vec![yamada, tanaka],
            departments: vec![tsunagu::ids::DepartmentId::parse(&dept).unwrap()],
        },
    )
    .unwrap();
    let all: Vec<_> = tsunagu::app::requests::requests(&ws, None)
        .unwrap()
        .into_iter()
        .filter(|r| r.id == req)
        .collect();
    assert_eq!(
        all.len(),
        2 + quality.len(),
        "people plus everyone active in the department"
    );
    assert!(all.iter().all(|r| r.state == RequestState::Open));

    let m = tsunagu::app::materials::send_material(
        &mut ws,
        Source::Ui,
        tanaka,
        Some(req),
        "治具の全体です。\n裏側の工夫も見てください。",
        None,
    )
    .unwrap();
    let state = |ws: &tsunagu::Workspace, who| {
        tsunagu::app::requests::requests(ws, Some(who))
            .unwrap()
            .into_iter()
            .find(|r| r.id == req)
            .unwrap()
            .state
    };
    assert_eq!(state(&ws, tanaka), RequestState::Answered);
    c.set(at(2026, 12, 1, 3, 0));
    assert_eq!(state(&ws, yamada), RequestState::Overdue);
    assert_eq!(
        state(&ws, tanaka),
        RequestState::Answered,
        "answered stays answered"
    );

    let draft = tsunagu::app::materials::material_to_draft(&mut ws, Source::Ui, m).unwrap();
    let post = ws.post(draft).unwrap();
    assert_eq!(post.status, PostStatus::Draft);
    assert_eq!(post.title, "治具の全体です。");
    assert!(post.body.contains("裏側の工夫"));
    let material = tsunagu::app::materials::materials(&ws)
        .unwrap()
        .into_iter()
        .find(|x| x.id == m)
        .unwrap();
    assert_eq!(
        (material.post, material.person),
        (Some(draft), tanaka),
        "linked to who gave it"
    );
    let err = tsunagu::app::materials::material_to_draft(&mut ws, Source::Ui, m).unwrap_err();
    assert!(err.to_string().contains("already became draft"), "{err}");
    // A material-only giver is credited through the material, not shown in the post.
    assert!(tsunagu::app::people::impact(&ws, tanaka)
        .unwrap()
        .posts
        .is_empty());
}

#[test]
fn bad_requests_and_material_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = tsunagu::demo::build(
        dir.path(),
        clock(at(2026, 11, 22, 3, 0)),
        tsunagu::demo::DemoOptions::default(),
    )
    .unwrap();
    let someone = tsunagu::app::people::people(&ws).unwrap()[0].id;
    let other = tsunagu::app::people::people(&ws).unwrap()[1].id;
    let base = RequestInput {
        title: "写真".into(),
        description: String::new(),
        due_on: None,
        recurrence: None,
        people: vec![someone],
        departments: vec![],
    };
    for (bad, hint) in [
        (
            RequestInput {
                title: " ".into(),
                ..base.clone()
            },
            "what is wanted",
        ),
        (
            RequestInput {
                people: vec![],
                ..base.clone()
            },
            "at least one",
        ),
        (
            RequestInput {
                due_on: Some("来週".into()),
                recurrence: None,
                ..base.clone()
            },
            "YYYY-MM-DD",
        ),
    ] {
        assert!(
            tsunagu::app::requests::send_request(&mut ws, Source::Ui, &bad)
                .unwrap_err()
                .to_string()
                .contains(hint)
        );
    }
    let req = tsunagu::app::requests::send_request(&mut ws, Source::Ui, &base).unwrap();
    assert!(tsunagu::app::materials::send_material(
        &mut ws,
        Source::Ui,
        someone,
        Some(req),
        "  ",
        None
    )
    .unwrap_err()
    .to_string()
    .contains("comment"));
    assert!(tsunagu::app::materials::send_material(
        &mut ws,
        Source::Ui,
        other,
        Some(req),
        "写真です",
        None
    )
    .unwrap_err()
    .to_string()
    .contains("not sent"));
}
