//! Recurring requests, request due dates on the calendar, withdrawing a request, material with
//! a photo, and training acknowledgements.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::io::Cursor;
use tsunagu::roster::{Recurrence, RequestInput, RequestState};
use tsunagu::store::Source;

fn demo(c: std::sync::Arc<tsunagu::clock::FixedClock>) -> (tempfile::TempDir, tsunagu::Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = tsunagu::demo::build(dir.path(), c, tsunagu::demo::DemoOptions::default()).unwrap();
    (dir, ws)
}

fn date(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn a_weekly_request_is_answered_afresh_each_week() {
    // Sunday 2026-11-22, 12:00 in Tokyo.
    let c = clock(at(2026, 11, 22, 3, 0));
    let (_dir, mut ws) = demo(c.clone());
    let yamada = tsunagu::app::people::people(&ws)
        .unwrap()
        .into_iter()
        .find(|p| p.name == "山田 健一")
        .unwrap()
        .id;
    let req = tsunagu::app::requests::send_request(
        &mut ws,
        Source::Ui,
        &RequestInput {
            title: "今週の一枚".into(),
            description: String::new(),
            due_on: Some("2026-11-27".into()), // a Friday
            recurrence: Some(Recurrence::Weekly),
            people: vec![yamada],
            departments: vec![],
        },
    )
    .unwrap();
    let mine = |ws: &tsunagu::Workspace| {
        tsunagu::app::requests::requests(ws, Some(yamada))
            .unwrap()
            .into_iter()
            .find(|r| r.id == req)
            .unwrap()
    };
    let r = mine(&ws);
    assert_eq!(
        (r.due_on.as_deref(), r.state),
        (Some("2026-11-27"), RequestState::Open)
    );
    tsunagu::app::materials::send_material(&mut ws, Source::Ui, yamada, Some(req), "一枚目", None)
        .unwrap();
    assert_eq!(mine(&ws).state, RequestState::Answered);

    // Saturday: the next week's period has begun; last week was answered, so it is open.
    c.set(at(2026, 11, 28, 3, 0));
    let r = mine(&ws);
    assert_eq!(
        (r.due_on.as_deref(), r.state),
        (Some("2026-12-04"), RequestState::Open)
    );
    // A week later with nothing sent: the missed week shows as overdue.
    c.set(at(2026, 12, 5, 3, 0));
    let r = mine(&ws);
    assert_eq!(
        (r.due_on.as_deref(), r.state),
        (Some("2026-12-11"), RequestState::Overdue)
    );
    tsunagu::app::materials::send_material(
        &mut ws,
        Source::Ui,
        yamada,
        Some(req),
        "今週の一枚",
        None,
    )
    .unwrap();
    assert_eq!(mine(&ws).state, RequestState::Answered);

    // The calendar shows every Friday in the month, each with its own answers.
    let dues: Vec<_> =
        tsunagu::app::requests::request_dues(&ws, date("2026-11-01"), date("2026-12-31"))
            .unwrap()
            .into_iter()
            .filter(|d| d.id == req)
            .map(|d| (d.due_on, d.answered, d.asked))
            .collect();
    assert_eq!(
        dues,
        vec![
            ("2026-11-27".to_string(), 1, 1),
            ("2026-12-04".to_string(), 0, 1),
            ("2026-12-11".to_string(), 1, 1),
            ("2026-12-18".to_string(), 0, 1),
            ("2026-12-25".to_string(), 0, 1),
        ]
    );
}

#[test]
fn a_monthly_request_keeps_to_the_month_end() {
    let c = clock(at(2026, 11, 22, 3, 0));
    let (_dir, mut ws) = demo(c.clone());
    let who = tsunagu::app::people::people(&ws).unwrap()[4].id;
    let req = tsunagu::app::requests::send_request(
        &mut ws,
        Source::Ui,
        &RequestInput {
            title: "月末のひとこと".into(),
            description: String::new(),
            due_on: Some("2027-01-31".into()),
            recurrence: Some(Recurrence::Monthly),
            people: vec![who],
            departments: vec![],
        },
    )
    .unwrap();
    let dues: Vec<String> =
        tsunagu::app::requests::request_dues(&ws, date("2027-01-01"), date("2027-04-30"))
            .unwrap()
            .into_iter()
            .filter(|d| d.id == req)
            .map(|d| d.due_on)
            .collect();
    assert_eq!(
        dues,
        ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"]
    );
}

#[test]
fn a_recurring_request_needs_a_first_due_date() {
    let (_dir, mut ws) = demo(clock(at(2026, 11, 22, 3, 0)));
    let who = tsunagu::app::people::people(&ws).unwrap()[4].id;
    let err = tsunagu::app::requests::send_request(
        &mut ws,
        Source::Ui,
        &RequestInput {
            title: "毎週".into(),
            description: String::new(),
            due_on: None,
            recurrence: Some(Recurrence::Weekly),
            people: vec![who],
            departments: vec![],
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("first due date"), "{err}");
}

#[test]
fn withdrawing_a_request_keeps_the_material() {
    let (_dir, mut ws) = demo(clock(at(2026, 11, 22, 3, 0)));
    let board = tsunagu::app::requests::request_board(&ws).unwrap();
    let answered = board
        .iter()
        .find(|r| {
            r.assignees
                .iter()
                .any(|a| a.state == RequestState::Answered)
        })
        .expect("the demo has an answered request")
        .clone();
    let before = tsunagu::app::materials::materials(&ws).unwrap();
    let linked = before
        .iter()
        .filter(|m| m.request == Some(answered.id))
        .count();
    assert!(linked > 0);
    tsunagu::app::requests::delete_request(&mut ws, Source::Ui, answered.id).unwrap();
    assert!(tsunagu::app::requests::request_board(&ws)
        .unwrap()
        .iter()
        .all(|r| r.id != answered.id));
    let after = tsunagu::app::materials::materials(&ws).unwrap();
    assert_eq!(after.len(), before.len(), "material is never lost");
    assert!(after.iter().all(|m| m.request != Some(answered.id)));
    let err = tsunagu::app::requests::delete_request(&mut ws, Source::Ui, answered.id).unwrap_err();
    assert_eq!(err.code(), tsunagu::error::ErrorCode::NotFound);
}

#[test]
fn material_with_a_photo_becomes_a_draft_with_the_photo() {
    let (dir, mut ws) = demo(clock(at(2026, 11, 22, 3, 0)));
    let people = tsunagu::app::people::people(&ws).unwrap();
    let yamada = people.iter().find(|p| p.name == "山田 健一").unwrap().id;
    let img = image::RgbImage::from_fn(32, 24, |x, y| image::Rgb([x as u8 * 8, y as u8 * 8, 90]));
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let media =
        tsunagu::app::media::import_image(&mut ws, Source::Ui, Some(yamada), "jig.png", &png)
            .unwrap();
    assert_eq!((media.width, media.height), (32, 24));
    let m = tsunagu::app::materials::send_material(
        &mut ws,
        Source::Ui,
        yamada,
        None,
        "",
        Some(media.id),
    )
    .unwrap();
    let draft = tsunagu::app::materials::material_to_draft(&mut ws, Source::Ui, m).unwrap();
    let post = ws.post(draft).unwrap();
    assert_eq!(post.title, "山田さんの素材");
    assert_eq!(
        tsunagu::app::media::post_media(&ws, draft).unwrap()[0].id,
        media.id
    );
    let shown: String = rusqlite::Connection::open(dir.path().join("tsunagu.db"))
        .unwrap()
        .query_row(
            "SELECT group_concat(person_id) FROM post_people WHERE post_id = ?1",
            [draft.as_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        shown,
        yamada.as_string(),
        "a face-shown giver appears in it"
    );
    // Not an image: refused, nothing stored.
    let count = tsunagu::app::materials::materials(&ws).unwrap().len();
    assert!(tsunagu::app::media::import_image(
        &mut ws,
        Source::Ui,
        Some(yamada),
        "notes.txt",
        b"hello"
    )
    .is_err());
    assert_eq!(
        tsunagu::app::materials::materials(&ws).unwrap().len(),
        count
    );
}

#[test]
fn people_who_have_not_read_the_current_guideline_are_flagged() {
    let (dir, mut ws) = demo(clock(at(2026, 11, 22, 3, 0)));
    let current = tsunagu::app::training::current_guideline(&ws)
        .unwrap()
        .unwrap();
    assert_eq!(current.version, 1);
    let training = tsunagu::app::training::training(&ws).unwrap();
    let active = tsunagu::app::people::people(&ws)
        .unwrap()
        .iter()
        .filter(|p| p.active)
        .count();
    assert_eq!(training.len(), active, "only active people");
    let behind: Vec<_> = training.iter().filter(|t| !t.current).collect();
    assert!(!behind.is_empty() && behind.len() < training.len());
    let who = behind[0].person;
    tsunagu::app::training::acknowledge_guideline(&mut ws, Source::Ui, who).unwrap();
    tsunagu::app::training::acknowledge_guideline(&mut ws, Source::Ui, who).unwrap(); // twice is harmless
    let t = tsunagu::app::training::training(&ws)
        .unwrap()
        .into_iter()
        .find(|t| t.person == who)
        .unwrap();
    assert!(t.current);
    assert_eq!(t.acknowledged_version, Some(1));

    // A new version flags everyone again until they acknowledge it.
    let ctx = ws.ctx(None, Source::System);
    ws.store_mut()
        .write(&ctx, |w| {
            w.insert(
                "guideline_sets",
                &[(
                    "id",
                    tsunagu::store::write::val::text(w.new_id().to_string()),
                )],
                &[
                    ("version", tsunagu::store::write::val::int(2)),
                    ("title", tsunagu::store::write::val::text("第2版")),
                    (
                        "published_at",
                        tsunagu::store::write::val::text(w.now_text()),
                    ),
                ],
            )
        })
        .unwrap();
    assert!(tsunagu::app::training::training(&ws)
        .unwrap()
        .iter()
        .all(|t| !t.current));
    tsunagu::app::training::acknowledge_guideline(&mut ws, Source::Ui, who).unwrap();
    let acks: i64 = rusqlite::Connection::open(dir.path().join("tsunagu.db"))
        .unwrap()
        .query_row(
            "SELECT count(*) FROM guideline_acks WHERE person_id = ?1",
            [who.as_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(acks, 2, "each version's acknowledgement is kept");
}

#[test]
fn ranking_is_refused_until_the_workspace_allows_it() {
    let (_dir, mut ws) = demo(clock(at(2026, 11, 22, 3, 0)));
    let nov = tsunagu::calendar::YearMonth::parse("2026-11").unwrap();
    let err = tsunagu::app::recognition::ranking(&ws, nov).unwrap_err();
    assert!(err.to_string().contains("Turn it on in Settings"), "{err}");
    ws.update_settings(
        Source::Ui,
        &tsunagu::settings::SettingsPatch {
            public_ranking: Some(true),
            ..Default::default()
        },
    )
    .unwrap();
    let ranked = tsunagu::app::recognition::ranking(&ws, nov).unwrap();
    let totals: Vec<u32> = ranked
        .iter()
        .map(|c| {
            c.entry.requests_answered
                + c.entry.material_given
                + c.entry.drafts_written
                + c.entry.posts_published
        })
        .collect();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
    assert_eq!(
        ranked.len(),
        tsunagu::app::recognition::contributors(&ws, nov)
            .unwrap()
            .len()
    );
}

#[test]
fn a_ranking_never_counts_posts_about_the_companys_products() {
    let (_dir, mut ws) = demo(clock(at(2026, 11, 22, 3, 0)));
    let nov = tsunagu::calendar::YearMonth::parse("2026-11").unwrap();
    ws.update_settings(
        Source::Ui,
        &tsunagu::settings::SettingsPatch {
            public_ranking: Some(true),
            ..Default::default()
        },
    )
    .unwrap();
    // Everything given, counted without leaving anything out.
    let before = tsunagu::app::recognition::contributors(&ws, nov).unwrap();
    let db = rusqlite::Connection::open(ws.dir().join("tsunagu.db")).unwrap();
    // A word from one of this month's drafts becomes a product name.
    let (post, author, body): (String, String, String) = db
        .query_row(
            "SELECT id, author_id, body FROM posts WHERE author_id IS NOT NULL
             AND created_at >= '2026-10-31T15:00:00Z' AND created_at < '2026-11-30T15:00:00Z'
             AND length(body) > 20 ORDER BY created_at LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let name: String = body.chars().skip(2).take(6).collect();
    let kept = tsunagu::app::products::set_products(
        &mut ws,
        Source::Ui,
        &[format!(" {name} "), name.clone(), String::new()],
    )
    .unwrap();
    assert_eq!(kept, std::slice::from_ref(&name));
    assert_eq!(
        tsunagu::app::products::products(&ws).unwrap(),
        std::slice::from_ref(&name)
    );
    let skipped = tsunagu::app::recognition::product_posts(&ws, nov).unwrap();
    assert!(skipped.contains(&post));
    let after = tsunagu::app::recognition::ranking(&ws, nov).unwrap();
    let drafts = |list: &[tsunagu::roster::Contributor]| {
        list.iter()
            .find(|c| c.person.as_string() == author)
            .map_or(0, |c| c.entry.drafts_written)
    };
    let same_author = skipped
        .iter()
        .filter(|id| {
            db.query_row("SELECT author_id = ?2 AND created_at >= '2026-10-31T15:00:00Z' AND created_at < '2026-11-30T15:00:00Z' FROM posts WHERE id = ?1", [id.as_str(), author.as_str()], |r| r.get::<_, bool>(0))
                .unwrap()
        })
        .count() as u32;
    assert!(same_author > 0);
    assert_eq!(drafts(&after) + same_author, drafts(&before), "{name}");
    // Thanks by name still count every post: only a ranking leaves them out.
    let all = tsunagu::app::recognition::contributors(&ws, nov).unwrap();
    assert!(all.iter().any(|c| c.person.as_string() == author));
    // Names are checked.
    assert!(tsunagu::app::products::set_products(&mut ws, Source::Ui, &["".into()]).is_err());
    assert!(tsunagu::app::products::set_products(&mut ws, Source::Ui, &["あ".repeat(61)]).is_err());
}
