//! The month query in the workspace's zone: month edges and DST.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::TimeZone;
use common::*;
use tsunagu::calendar::YearMonth;
use tsunagu::model::{Platform, PostStatus};
use tsunagu::posts::NewPost;
use tsunagu::settings::SettingsPatch;
use tsunagu::store::Source;

fn post(ws: &mut tsunagu::Workspace, title: &str, at: chrono::DateTime<chrono::Utc>) {
    let mut p = NewPost::draft(title);
    p.status = PostStatus::Scheduled;
    p.scheduled_at = Some(at);
    p.platforms = vec![Platform::X, Platform::Instagram, Platform::X];
    ws.create_post(Source::Ui, None, &p).unwrap();
}

#[test]
fn a_morning_post_stays_at_nine_across_the_dst_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 3, 1, 0, 0)), "Europe/Berlin").unwrap();
    let berlin: chrono_tz::Tz = "Europe/Berlin".parse().unwrap();
    for day in [27, 28, 29, 30] {
        let local = berlin.with_ymd_and_hms(2026, 3, day, 9, 0, 0).unwrap();
        post(
            &mut ws,
            &format!("朝の投稿 {day}"),
            local.with_timezone(&chrono::Utc),
        );
    }
    let view =
        tsunagu::app::calendar::month_view(&ws, YearMonth::parse("2026-03").unwrap()).unwrap();
    let times: Vec<&str> = view.posts.iter().map(|p| p.local_time.as_str()).collect();
    assert_eq!(
        times,
        [
            "2026-03-27T09:00:00",
            "2026-03-28T09:00:00",
            "2026-03-29T09:00:00",
            "2026-03-30T09:00:00"
        ]
    );
    assert!(view.posts[1].scheduled_at.ends_with("+01:00"));
    assert!(view.posts[2].scheduled_at.ends_with("+02:00"));
    assert_eq!(
        view.posts[0].platforms,
        vec![Platform::X, Platform::Instagram],
        "deduplicated, in order"
    );
}

#[test]
fn month_edges_follow_the_workspace_zone() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 1, 0, 0)), "Asia/Tokyo").unwrap();
    // 2026-12-01 00:30 in Tokyo is still November in UTC.
    post(&mut ws, "師走の始まり", at(2026, 11, 30, 15, 30));
    // 2026-11-30 23:59 in Tokyo.
    post(&mut ws, "霜月の終わり", at(2026, 11, 30, 14, 59));
    let nov =
        tsunagu::app::calendar::month_view(&ws, YearMonth::parse("2026-11").unwrap()).unwrap();
    let dec =
        tsunagu::app::calendar::month_view(&ws, YearMonth::parse("2026-12").unwrap()).unwrap();
    assert_eq!(
        nov.posts
            .iter()
            .map(|p| p.title.as_str())
            .collect::<Vec<_>>(),
        ["霜月の終わり"]
    );
    assert_eq!(
        dec.posts
            .iter()
            .map(|p| p.title.as_str())
            .collect::<Vec<_>>(),
        ["師走の始まり"]
    );

    // Changing the zone moves the same instants to other wall-clock times and months.
    ws.update_settings(
        Source::Ui,
        &SettingsPatch {
            time_zone: Some("UTC".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let nov =
        tsunagu::app::calendar::month_view(&ws, YearMonth::parse("2026-11").unwrap()).unwrap();
    assert_eq!(nov.posts.len(), 2);
    assert_eq!(nov.posts[1].local_time, "2026-11-30T15:30:00");
}

#[test]
fn unscheduled_posts_stay_off_the_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 1, 0, 0)), "Asia/Tokyo").unwrap();
    ws.create_post(Source::Ui, None, &NewPost::draft("いつか書く"))
        .unwrap();
    assert_eq!(ws.info().unwrap().posts, 1);
    assert!(
        tsunagu::app::calendar::month_view(&ws, YearMonth::parse("2026-11").unwrap())
            .unwrap()
            .posts
            .is_empty()
    );
}

#[test]
fn posts_say_who_wrote_them_and_who_appears() {
    let dir = tempfile::tempdir().unwrap();
    let ws = tsunagu::demo::build(
        dir.path(),
        clock(at(2026, 11, 22, 3, 0)),
        tsunagu::demo::DemoOptions::default(),
    )
    .unwrap();
    let view =
        tsunagu::app::calendar::month_view(&ws, YearMonth::parse("2026-11").unwrap()).unwrap();
    assert!(view.posts.iter().all(|p| p.author_id.is_some()));
    let shown: Vec<_> = view.posts.iter().filter(|p| !p.people.is_empty()).collect();
    assert!(!shown.is_empty(), "some demo posts show their author");
    assert!(shown.iter().all(|p| p.people == vec![p.author_id.unwrap()]));
}

#[test]
fn posts_are_found_by_every_word_in_any_width_and_case() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 22, 3, 0)), "Asia/Tokyo").unwrap();
    let a = ws
        .create_post_at(
            Source::Ui,
            None,
            "工場見学会のお知らせ",
            "2026-12-01T09:00",
            &[Platform::X],
        )
        .unwrap()
        .id;
    write_body(&mut ws, a, "ＸＹＺ工業の見学会を開きます");
    let b = ws
        .create_post_at(
            Source::Ui,
            None,
            "年末のごあいさつ",
            "2026-12-28T09:00",
            &[Platform::X],
        )
        .unwrap()
        .id;
    write_body(&mut ws, b, "本年もありがとうございました");
    let found = |ws: &tsunagu::Workspace, q: &str| -> Vec<String> {
        tsunagu::app::calendar::search_posts(ws, q)
            .unwrap()
            .into_iter()
            .map(|p| p.title)
            .collect()
    };
    assert_eq!(found(&ws, "見学会"), vec!["工場見学会のお知らせ"]);
    assert_eq!(
        found(&ws, "xyz 見学"),
        vec!["工場見学会のお知らせ"],
        "width and case folded"
    );
    assert_eq!(
        found(&ws, "見学 ありがとう"),
        Vec::<String>::new(),
        "every word"
    );
    assert_eq!(found(&ws, "   "), Vec::<String>::new());
    tsunagu::app::deleting::delete_post(
        &mut ws,
        Source::Ui,
        None,
        &tsunagu::secrets::MemorySecrets::default(),
        a,
        None,
    )
    .unwrap();
    assert!(
        found(&ws, "見学会").is_empty(),
        "deleted posts are not found"
    );
}
