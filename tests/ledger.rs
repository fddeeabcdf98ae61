//! The contribution ledger equals the database, counted independently here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use rusqlite::Connection;
use tsunagu::calendar::YearMonth;
use tsunagu::store::{write::val, Source};

#[test]
fn the_ledger_counts_what_happened() {
    let dir = tempfile::tempdir().unwrap();
    let c = clock(at(2026, 11, 22, 3, 0));
    let mut ws =
        tsunagu::demo::build(dir.path(), c.clone(), tsunagu::demo::DemoOptions::default()).unwrap();
    let people = tsunagu::app::people::people(&ws).unwrap();
    let yamada = people.iter().find(|p| p.name == "山田 健一").unwrap().id;
    // Material from Yamada, one answering a request.
    let req = tsunagu::app::requests::send_request(
        &mut ws,
        Source::Ui,
        &tsunagu::roster::RequestInput {
            title: "写真".into(),
            description: String::new(),
            due_on: None,
            recurrence: None,
            people: vec![yamada],
            departments: vec![],
        },
    )
    .unwrap();
    tsunagu::app::materials::send_material(&mut ws, Source::Ui, yamada, Some(req), "一枚目", None)
        .unwrap();
    tsunagu::app::materials::send_material(&mut ws, Source::Ui, yamada, None, "二枚目", None)
        .unwrap();
    // Reactions on one of October's published posts: two readings, the latest counts.
    let oct =
        tsunagu::app::calendar::month_view(&ws, YearMonth::parse("2026-10").unwrap()).unwrap();
    let post = oct.posts.iter().find(|p| p.author_id.is_some()).unwrap();
    let ctx = ws.ctx(None, Source::System);
    ws.store_mut()
        .write(&ctx, |w| {
            for (likes, reposts) in [(3, 1), (10, 2)] {
                w.insert(
                    "metrics",
                    &[("id", val::text(w.new_id().to_string()))],
                    &[
                        ("post_id", val::text(post.id.as_string())),
                        ("platform", val::text(post.platforms[0].as_str())),
                        ("captured_at", val::text(w.now_text())),
                        ("likes", val::int(likes)),
                        ("reposts", val::int(reposts)),
                    ],
                )?;
            }
            Ok(())
        })
        .unwrap();

    let ledger = tsunagu::app::recognition::ledger(
        &ws,
        YearMonth::parse("2026-10").unwrap(),
        YearMonth::parse("2026-11").unwrap(),
    )
    .unwrap();
    assert_eq!(ledger.len(), people.len());
    let conn = Connection::open(dir.path().join("tsunagu.db")).unwrap();
    for p in &ledger {
        let id = p.person.as_string();
        let published_oct: u32 = conn
            .query_row(
                "SELECT count(*) FROM posts WHERE status = 'published'
                   AND scheduled_at >= '2026-09-30T15:00:00Z' AND scheduled_at < '2026-10-31T15:00:00Z'
                   AND (author_id = ?1 OR id IN (SELECT post_id FROM post_people WHERE person_id = ?1))",
                [&id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(p.months[0].month, "2026-10");
        assert_eq!(p.months[0].posts_published, published_oct, "{id}");
        let drafts_nov: u32 = conn
            .query_row(
                "SELECT count(*) FROM posts WHERE author_id = ?1",
                [&id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            p.months[1].drafts_written, drafts_nov,
            "the demo wrote every post in November"
        );
    }
    for p in &ledger {
        let (given, answered): (u32, u32) = conn
            .query_row(
                "SELECT count(*), count(request_id) FROM materials WHERE person_id = ?1",
                [p.person.as_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(
            (p.months[1].material_given, p.months[1].requests_answered),
            (given, answered)
        );
    }
    let y = ledger.iter().find(|p| p.person == yamada).unwrap();
    assert!(y.months[1].material_given >= 2 && y.months[1].requests_answered >= 1);
    let author = post.author_id.unwrap();
    let a = ledger.iter().find(|p| p.person == author).unwrap();
    assert!(
        a.months[0].reactions >= 12,
        "10 likes + 2 reposts, the latest reading"
    );

    let depts = tsunagu::app::recognition::department_ledger(
        &ws,
        YearMonth::parse("2026-10").unwrap(),
        YearMonth::parse("2026-11").unwrap(),
    )
    .unwrap();
    let total: u32 = depts.iter().map(|(_, m)| m[1].material_given).sum();
    let all: u32 = conn
        .query_row("SELECT count(*) FROM materials", [], |r| r.get(0))
        .unwrap();
    assert_eq!(total, all);
    assert!(tsunagu::app::recognition::ledger(
        &ws,
        YearMonth::parse("2026-11").unwrap(),
        YearMonth::parse("2026-10").unwrap()
    )
    .is_err());
}

#[test]
fn recognition_lists_contributors_by_name_and_holds_back_posts() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = tsunagu::demo::build(
        dir.path(),
        clock(at(2026, 11, 22, 3, 0)),
        tsunagu::demo::DemoOptions::default(),
    )
    .unwrap();
    let nov = YearMonth::parse("2026-11").unwrap();
    let contributors = tsunagu::app::recognition::contributors(&ws, nov).unwrap();
    assert!(!contributors.is_empty());
    // The order is the roster's (department, reading), never by amount.
    let order: Vec<_> = tsunagu::app::people::people(&ws)
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .filter(|id| contributors.iter().any(|c| c.person == *id))
        .collect();
    assert_eq!(
        contributors.iter().map(|c| c.person).collect::<Vec<_>>(),
        order
    );
    let who = contributors[0].person;
    let before = tsunagu::app::recognition::recognitions(&ws, nov)
        .unwrap()
        .len();
    tsunagu::app::recognition::recognise(
        &mut ws,
        Source::Ui,
        who,
        tsunagu::roster::recognition::RecognitionKind::Thanks,
        nov,
        "現場の写真、ありがとうございました",
    )
    .unwrap();
    assert_eq!(
        tsunagu::app::recognition::recognitions(&ws, nov)
            .unwrap()
            .len(),
        before + 1
    );
    assert!(tsunagu::app::recognition::recognise(
        &mut ws,
        Source::Ui,
        who,
        tsunagu::roster::recognition::RecognitionKind::Highlight,
        nov,
        " "
    )
    .is_err());

    let view = tsunagu::app::calendar::month_view(&ws, nov).unwrap();
    let scheduled = view
        .posts
        .iter()
        .find(|p| p.status == tsunagu::model::PostStatus::Scheduled)
        .unwrap()
        .id;
    tsunagu::app::recognition::hold_back(&mut ws, Source::Ui, scheduled).unwrap();
    assert_eq!(
        ws.post(scheduled).unwrap().status,
        tsunagu::model::PostStatus::Paused
    );
    let published = view
        .posts
        .iter()
        .find(|p| p.status == tsunagu::model::PostStatus::Published)
        .unwrap()
        .id;
    assert!(
        tsunagu::app::recognition::hold_back(&mut ws, Source::Ui, published)
            .unwrap_err()
            .to_string()
            .contains("already out")
    );
}
