//! A month's plan from a spreadsheet (issue 17): a real `.xlsx` with Japanese headers and
//! Excel's own date and time cells, Shift_JIS CSV, every bad cell named with nothing written,
//! drafts that go through review, a second import of the same file refused row by row, and the
//! export read back by the import.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fake_bluesky::FakeBluesky;
use common::*;
use tsunagu::app::spreadsheet::export_posts;
use tsunagu::model::{Platform, PostStatus};
use tsunagu::secrets::MemorySecrets;
use tsunagu::sheet::RowProblem;
use tsunagu::store::Source;

const PASSWORD: &str = "canary-sheet-pw-8n2c";

fn import_posts(
    ws: &mut tsunagu::Workspace,
    actor: Option<tsunagu::ids::PersonId>,
    bytes: &[u8],
    dry_run: bool,
) -> tsunagu::Result<tsunagu::posts::sheet::PostsImport> {
    tsunagu::app::spreadsheet::import_posts(
        ws,
        actor,
        bytes,
        dry_run,
        &tsunagu::progress::Progress::none(),
    )
}

struct World {
    _dir: tempfile::TempDir,
    ws: tsunagu::Workspace,
    _servers: Vec<FakeBluesky>,
    official: tsunagu::ids::RowId,
    hiring: tsunagu::ids::RowId,
}

/// A workspace with two Bluesky accounts named 公式Bluesky and 採用Bluesky.
fn world() -> World {
    let (dir, mut ws) = demo_ws(clock(at(2026, 11, 22, 3, 0)));
    let secrets = MemorySecrets::default();
    let mut servers = Vec::new();
    let mut ids = Vec::new();
    for (handle, name) in [
        ("minato.test", "公式Bluesky"),
        ("recruit.test", "採用Bluesky"),
    ] {
        let server = FakeBluesky::start(handle, PASSWORD);
        let a = tsunagu::app::accounts::connect_bluesky(
            &mut ws,
            Source::Ui,
            &secrets,
            &server.url,
            handle,
            PASSWORD,
        )
        .unwrap();
        tsunagu::app::accounts::set_profile(&mut ws, Source::Ui, a.id, name, None).unwrap();
        ids.push(a.id);
        servers.push(server);
    }
    World {
        _dir: dir,
        ws,
        _servers: servers,
        official: ids[0],
        hiring: ids[1],
    }
}

fn titled(ws: &tsunagu::Workspace, title: &str) -> tsunagu::posts::PostDetail {
    let month = tsunagu::app::calendar::month_view(
        ws,
        tsunagu::clock::YearMonth::parse("2026-12").unwrap(),
    )
    .unwrap();
    let p = month.posts.iter().find(|p| p.title == title).expect(title);
    ws.post(p.id).unwrap()
}

#[test]
fn an_excel_plan_with_japanese_headers_becomes_drafts_for_review() {
    let mut w = world();
    let bytes = std::fs::read("tests/fixtures/posts_ja.xlsx").unwrap();
    let dry = import_posts(&mut w.ws, None, &bytes, true).unwrap();
    assert!(dry.errors.is_empty(), "{:?}", dry.errors);
    assert_eq!(
        (dry.rows, dry.created, dry.encoding.as_str()),
        (3, 3, "xlsx")
    );
    assert_eq!(dry.planned[0].local_time, "2026-12-04T09:00");
    assert_eq!(dry.planned[1].local_time, "2026-12-11T18:00");
    assert!(
        tsunagu::app::calendar::month_view(
            &w.ws,
            tsunagu::clock::YearMonth::parse("2026-12").unwrap()
        )
        .unwrap()
        .posts
        .iter()
        .all(|p| p.title != "先輩社員インタビュー"),
        "a dry run writes nothing"
    );
    let done = import_posts(&mut w.ws, None, &bytes, false).unwrap();
    assert_eq!(done.created, 3);

    let interview = titled(&w.ws, "先輩社員インタビュー");
    assert_eq!(
        interview.status,
        PostStatus::Draft,
        "imports go through review"
    );
    assert_eq!(interview.accounts, vec![w.hiring]);
    assert_eq!(interview.local_time.as_deref(), Some("2026-12-04T09:00"));
    assert_eq!(interview.body, "入社3年目の声を紹介します。");
    let tour = titled(&w.ws, "工場見学会のお知らせ");
    let mut both = vec![w.official, w.hiring];
    both.sort();
    assert_eq!(tour.accounts, both);
    let plain = titled(&w.ws, "年末のごあいさつ");
    assert!(
        plain.accounts.is_empty(),
        "a platform alone means its default"
    );
    assert_eq!(plain.variants[0].platform, Platform::Bluesky);

    // The same file again: every row is already on the calendar, and nothing is added.
    let again = import_posts(&mut w.ws, None, &bytes, false).unwrap();
    assert_eq!(again.created, 0);
    assert_eq!(again.errors.len(), 3);
    assert!(again
        .errors
        .iter()
        .all(|e| e.code == RowProblem::AlreadyPlanned));
}

#[test]
fn every_bad_cell_is_named_and_nothing_is_written() {
    let mut w = world();
    let csv = "日付,時刻,アカウント,タイトル,本文,テーマ,目的\r\n\
               2026/12/7,10:00,採用Bluesky,よい行,本文,,\r\n\
               12月8日,10:00,公式Bluesky,日付が悪い,本文,,\r\n\
               2026-12-09,朝,公式Bluesky,時刻が悪い,本文,,\r\n\
               2026-12-10,10:00,広報Instagram,知らないアカウント,本文,,\r\n\
               2026-12-11,10:00,Bluesky,,本文,,\r\n\
               2026-12-12,10:00,Bluesky,テーマ違い,本文,冬のテーマ,\r\n\
               2026-12-13,10:00,Bluesky,目的違い,本文,,売上\r\n";
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(csv);
    let r = import_posts(&mut w.ws, None, &bytes, false).unwrap();
    assert_eq!(r.encoding, "Shift_JIS");
    assert_eq!(r.created, 0);
    let named: Vec<(u32, &str, RowProblem)> = r
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str(), e.code))
        .collect();
    assert_eq!(
        named,
        vec![
            (3, "date", RowProblem::BadDate),
            (4, "time", RowProblem::BadTime),
            (5, "accounts", RowProblem::UnknownAccount),
            (6, "title", RowProblem::Missing),
            (7, "theme", RowProblem::UnknownTheme),
            (8, "purpose", RowProblem::UnknownPurpose),
        ]
    );
    let month = tsunagu::app::calendar::month_view(
        &w.ws,
        tsunagu::clock::YearMonth::parse("2026-12").unwrap(),
    )
    .unwrap();
    assert!(
        month.posts.iter().all(|p| p.title != "よい行"),
        "all or nothing"
    );

    // An unknown column is named with the columns to use.
    let r = import_posts(
        &mut w.ws,
        None,
        "日付,時刻,アカウント,タイトル,備考\n".as_bytes(),
        false,
    )
    .unwrap();
    assert_eq!(r.errors[0].code, RowProblem::UnknownColumn);
    assert_eq!(r.errors[0].column, "備考");
}

#[test]
fn the_export_is_read_back_by_the_import() {
    let mut w = world();
    let bytes = std::fs::read("tests/fixtures/posts_ja.xlsx").unwrap();
    import_posts(&mut w.ws, None, &bytes, false).unwrap();
    let csv = export_posts(
        &w.ws,
        Some(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()),
        Some(chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()),
    )
    .unwrap();
    assert!(csv.starts_with('\u{FEFF}'));
    assert!(csv.contains("採用Bluesky"), "{csv}");
    assert!(csv.contains("先輩社員インタビュー"));
    // Every post of the range is already planned: the import refuses each row, none twice.
    let again = import_posts(&mut w.ws, None, csv.as_bytes(), true).unwrap();
    let planned = again
        .errors
        .iter()
        .filter(|e| e.code == RowProblem::AlreadyPlanned)
        .count();
    assert_eq!(planned as u32, again.rows, "{:?}", again.errors);
    // Deleted, then imported from the export: the same posts come back, as drafts.
    let month = tsunagu::app::calendar::month_view(
        &w.ws,
        tsunagu::clock::YearMonth::parse("2026-12").unwrap(),
    )
    .unwrap();
    let mut before: Vec<(String, String)> = month
        .posts
        .iter()
        .map(|p| (p.title.clone(), p.local_time.clone()))
        .collect();
    before.sort();
    for p in &month.posts {
        let choice = (p.status == PostStatus::Published)
            .then_some(tsunagu::posts::delete::DeletionKind::RemoveOnly);
        tsunagu::app::deleting::delete_post(
            &mut w.ws,
            Source::Ui,
            None,
            &MemorySecrets::default(),
            p.id,
            choice,
        )
        .unwrap();
    }
    let back = import_posts(&mut w.ws, None, csv.as_bytes(), false).unwrap();
    assert!(back.errors.is_empty(), "{:?}", back.errors);
    let month = tsunagu::app::calendar::month_view(
        &w.ws,
        tsunagu::clock::YearMonth::parse("2026-12").unwrap(),
    )
    .unwrap();
    let mut after: Vec<(String, String)> = month
        .posts
        .iter()
        .map(|p| (p.title.clone(), p.local_time.clone()))
        .collect();
    after.sort();
    assert_eq!(after, before);
    assert_eq!(
        titled(&w.ws, "先輩社員インタビュー").accounts,
        vec![w.hiring],
        "the account came back by its name"
    );
}

#[test]
fn an_import_reports_its_rows_and_a_cancel_writes_nothing() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let mut w = world();
    let mut csv = String::from("日付,時刻,アカウント,タイトル\n");
    for i in 0..120 {
        csv.push_str(&format!(
            "2026-12-{:02},10:00,Bluesky,計画 {i}\n",
            i % 28 + 1
        ));
    }
    let seen = std::sync::Mutex::new(Vec::new());
    let flag = AtomicBool::new(false);
    let report = |d: u64, t: u64| {
        seen.lock().unwrap().push((d, t));
        // Cancelled while the rows are read.
        if d >= 50 {
            flag.store(true, Ordering::SeqCst);
        }
    };
    let err = tsunagu::app::spreadsheet::import_posts(
        &mut w.ws,
        None,
        csv.as_bytes(),
        false,
        &tsunagu::progress::Progress::new(&report, &flag),
    )
    .unwrap_err();
    assert_eq!(err.rule(), Some(tsunagu::error::Rule::Cancelled));
    assert_eq!(seen.lock().unwrap()[..2], [(0, 120), (50, 120)]);
    let month = tsunagu::app::calendar::month_view(
        &w.ws,
        tsunagu::clock::YearMonth::parse("2026-12").unwrap(),
    )
    .unwrap();
    assert!(
        month.posts.iter().all(|p| !p.title.starts_with("計画 ")),
        "a cancelled import writes nothing"
    );
    // Not cancelled: every row, reported to the end.
    let flag = AtomicBool::new(false);
    let quiet = |_: u64, _: u64| {};
    let done = tsunagu::app::spreadsheet::import_posts(
        &mut w.ws,
        None,
        csv.as_bytes(),
        false,
        &tsunagu::progress::Progress::new(&quiet, &flag),
    )
    .unwrap();
    assert_eq!(done.created, 120);
}
