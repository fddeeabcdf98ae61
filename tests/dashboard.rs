//! The dashboard equals the database, counted independently here from the raw tables, for
//! the demo workspace and for an empty one; success stories lead it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, Utc};
use common::*;
use std::collections::{BTreeMap, HashMap};
use tsunagu::calendar::YearMonth;
use tsunagu::store::Source;

/// (post id, month in Tokyo, platforms, purpose name) of every published post, and the latest
/// reading per (post, platform) found by scanning every metrics row.
#[allow(clippy::type_complexity)]
fn raw(
    ws: &tsunagu::Workspace,
) -> (
    Vec<(String, String, Vec<String>, Option<String>)>,
    HashMap<(String, String), (String, i64, Option<i64>)>,
) {
    let tz: chrono_tz::Tz = "Asia/Tokyo".parse().unwrap();
    let conn = rusqlite::Connection::open(ws.dir().join("tsunagu.db")).unwrap();
    let mut stmt = conn
        .prepare("SELECT p.id, p.scheduled_at, p.platforms, u.name FROM posts p LEFT JOIN purposes u ON u.id = p.purpose_id WHERE p.status = 'published'")
        .unwrap();
    let posts = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })
        .unwrap()
        .map(|r| {
            let (id, at, platforms, purpose) = r.unwrap();
            let at: DateTime<Utc> = at.parse().unwrap();
            (
                id,
                at.with_timezone(&tz).format("%Y-%m").to_string(),
                platforms.split(',').map(str::to_string).collect(),
                purpose,
            )
        })
        .collect();
    let mut stmt = conn
        .prepare("SELECT post_id, platform, captured_at, likes, reposts, replies, quotes, impressions FROM metrics")
        .unwrap();
    let mut latest: HashMap<(String, String), (String, i64, Option<i64>)> = HashMap::new();
    for row in stmt
        .query_map([], |r| {
            let n = |i| r.get::<_, Option<i64>>(i).map(|v| v.unwrap_or(0));
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                n(3)? + n(4)? + n(5)? + n(6)?,
                r.get::<_, Option<i64>>(7)?,
            ))
        })
        .unwrap()
    {
        let (post, platform, at, reactions, views) = row.unwrap();
        let e = latest
            .entry((post, platform))
            .or_insert((String::new(), 0, None));
        if at >= e.0 {
            *e = (at, reactions, views);
        }
    }
    (posts, latest)
}

/// Runs the CLI; its standard output, or the test fails with its error.
fn cli(args: &[&str]) -> String {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(args)
        .env_remove("TSUNAGU_WORKSPACE")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A demo workspace in `dir/ws` (today 2026-11-20) with an outside KPI, target 20, at 14 in
/// October.
fn demo_with_kpi(dir: &std::path::Path) -> std::path::PathBuf {
    let ws = dir.join("ws");
    let w = ws.to_str().unwrap();
    cli(&["demo", w, "--today", "2026-11-20"]);
    cli(&[
        "--workspace",
        w,
        "kpi",
        "add",
        "--name",
        "採用エントリー数",
        "--metric",
        "external",
        "--target",
        "20",
    ]);
    cli(&[
        "--workspace",
        w,
        "kpi",
        "set",
        "採用エントリー数",
        "--month",
        "2026-10",
        "--value",
        "14",
    ]);
    ws
}

#[test]
fn every_number_on_the_dashboard_equals_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = tsunagu::demo::build(
        dir.path(),
        clock(at(2026, 11, 22, 3, 0)),
        tsunagu::demo::DemoOptions::default(),
    )
    .unwrap();
    let from = YearMonth::parse("2026-09").unwrap();
    let to = YearMonth::parse("2026-11").unwrap();
    let d = tsunagu::app::kpi::dashboard(&ws, from, to).unwrap();
    assert_eq!(d.months, vec!["2026-09", "2026-10", "2026-11"]);
    let (posts, latest) = raw(&ws);
    let in_range: Vec<_> = posts.iter().filter(|p| d.months.contains(&p.1)).collect();
    assert!(in_range.len() > 10, "the demo publishes in the period");
    // Per platform and month: posts and reactions.
    let mut expect: BTreeMap<(String, String), (u32, i64)> = BTreeMap::new();
    for (id, month, platforms, _) in &in_range {
        for p in platforms {
            let e = expect.entry((p.clone(), month.clone())).or_default();
            e.0 += 1;
            e.1 += latest.get(&(id.clone(), p.clone())).map_or(0, |l| l.1);
        }
    }
    let mut got: BTreeMap<(String, String), (u32, i64)> = BTreeMap::new();
    for t in &d.platforms {
        for m in &t.months {
            if m.posts > 0 || m.reactions > 0 {
                got.insert(
                    (t.platform.as_str().to_string(), m.month.clone()),
                    (m.posts, m.reactions),
                );
            }
        }
    }
    assert_eq!(got, expect);
    // Top posts: the most reactions first, and each total right.
    let total = |id: &str, platforms: &[String]| -> i64 {
        platforms
            .iter()
            .filter_map(|p| latest.get(&(id.to_string(), p.clone())))
            .map(|l| l.1)
            .sum()
    };
    let mut best: Vec<i64> = in_range
        .iter()
        .map(|(id, _, ps, _)| total(id, ps))
        .collect();
    best.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(
        d.top_posts.iter().map(|t| t.reactions).collect::<Vec<_>>(),
        best[..d.top_posts.len()].to_vec()
    );
    assert_eq!(d.top_posts.len(), in_range.len().min(10));
    // By purpose.
    let mut purposes: BTreeMap<Option<String>, (u32, i64)> = BTreeMap::new();
    for (id, _, ps, purpose) in &in_range {
        let e = purposes.entry(purpose.clone()).or_default();
        e.0 += 1;
        e.1 += total(id, ps);
    }
    let got: BTreeMap<Option<String>, (u32, i64)> = d
        .by_purpose
        .iter()
        .map(|g| (g.name.clone(), (g.posts, g.reactions)))
        .collect();
    assert_eq!(got, purposes);
    assert_eq!(
        d.by_theme.iter().map(|g| g.posts).sum::<u32>() as usize,
        in_range.len()
    );
    // The temperature map is the one of the same period.
    assert_eq!(
        d.temperature,
        tsunagu::app::kpi::temperature_map(&ws, from, to).unwrap()
    );

    // A success story leads: marked on a published post, refused on a draft.
    let first = d.top_posts[0].post;
    tsunagu::app::kpi::mark_success(
        &mut ws,
        Source::Ui,
        first,
        "三人の応募者がこの投稿に触れていました",
    )
    .unwrap();
    let d = tsunagu::app::kpi::dashboard(&ws, from, to).unwrap();
    assert_eq!(d.successes.len(), 1);
    assert_eq!(
        d.successes[0].note,
        "三人の応募者がこの投稿に触れていました"
    );
    assert!(tsunagu::app::kpi::mark_success(&mut ws, Source::Ui, first, "  ").is_err());
    let draft = ws
        .create_post_at(
            Source::Ui,
            None,
            "下書き",
            "2026-11-25T12:00",
            &[tsunagu::model::Platform::X],
        )
        .unwrap()
        .id;
    let err = tsunagu::app::kpi::mark_success(&mut ws, Source::Ui, draft, "まだ").unwrap_err();
    assert!(err.to_string().contains("published"), "{err}");
    tsunagu::app::kpi::unmark_success(&mut ws, Source::Ui, first).unwrap();
    assert!(tsunagu::app::kpi::dashboard(&ws, from, to)
        .unwrap()
        .successes
        .is_empty());
    assert!(
        tsunagu::app::kpi::dashboard(&ws, to, from).is_err(),
        "a reversed period says so"
    );
}

#[test]
fn an_empty_workspace_shows_zeros_and_nothing_made_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 22, 3, 0)), "Asia/Tokyo").unwrap();
    tsunagu::app::plan::set_cadence(&mut ws, Source::Ui, tsunagu::model::Platform::X, 3).unwrap();
    let m = YearMonth::parse("2026-11").unwrap();
    let d = tsunagu::app::kpi::dashboard(&ws, m, m).unwrap();
    assert!(
        d.top_posts.is_empty()
            && d.by_theme.is_empty()
            && d.successes.is_empty()
            && d.kpis.is_empty()
    );
    assert_eq!(
        d.platforms.len(),
        1,
        "the platform with a target shows, with nothing kept"
    );
    let x = &d.platforms[0];
    assert_eq!(
        (
            x.months[0].posts,
            x.months[0].reactions,
            x.months[0].impressions
        ),
        (0, 0, None)
    );
    assert_eq!(x.planned, Some(13), "3 a week over November's 30 days");
}

#[test]
fn the_monthly_report_carries_the_dashboard_numbers_in_html_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo_with_kpi(dir.path());
    let w = ws.to_str().unwrap();
    cli(&[
        "--workspace",
        w,
        "kpi",
        "add",
        "--name",
        "投稿数",
        "--metric",
        "posts",
        "--target",
        "30",
    ]);
    let html = dir.path().join("r.html");
    let csv = dir.path().join("r.csv");
    cli(&[
        "--workspace",
        w,
        "report",
        "--month",
        "2026-10",
        "--format",
        "html",
        "--out",
        html.to_str().unwrap(),
        "--language",
        "ja",
    ]);
    cli(&[
        "--workspace",
        w,
        "report",
        "--month",
        "2026-10",
        "--format",
        "csv",
        "--out",
        csv.to_str().unwrap(),
    ]);
    let ws = tsunagu::Workspace::open(
        &ws,
        clock(at(2026, 11, 20, 3, 0)),
        std::sync::Arc::new(tsunagu::ids::SeededIds::new(1)),
        &init("Asia/Tokyo"),
    )
    .unwrap();
    let (posts, latest) = raw(&ws);
    let october: Vec<_> = posts.iter().filter(|p| p.1 == "2026-10").collect();
    let html = std::fs::read_to_string(&html).unwrap();
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"ja\">"));
    assert!(html.contains("月次SNSレポート") && html.contains("2026年10月"));
    assert!(
        !html.contains("<script") && !html.contains("http://") && !html.contains("https://"),
        "self-contained"
    );
    let csv = std::fs::read_to_string(&csv).unwrap();
    assert!(csv.starts_with('\u{feff}') && csv.contains("\r\n"));
    let rows: Vec<Vec<&str>> = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(',').collect())
        .collect();
    let find = |section: &str, name: &str, month: &str| {
        rows.iter()
            .find(|r| r[0] == section && r[1] == name && r[2] == month)
            .map(|r| r[3].to_string())
    };
    assert_eq!(
        find("kpi", "採用エントリー数", "2026-10").as_deref(),
        Some("14")
    );
    assert_eq!(
        find("kpi", "投稿数", "2026-10"),
        Some(october.len().to_string())
    );
    assert!(
        html.contains(&format!(">{}<", october.len())),
        "the posts KPI is in the HTML"
    );
    // Every platform's October posts and reactions, counted from the raw tables.
    let mut by: BTreeMap<String, (u32, i64)> = BTreeMap::new();
    for (id, _, platforms, _) in &october {
        for p in platforms {
            let e = by.entry(p.clone()).or_default();
            e.0 += 1;
            e.1 += latest.get(&(id.clone(), p.clone())).map_or(0, |l| l.1);
        }
    }
    for (platform, (n, reactions)) in &by {
        assert_eq!(
            find("posts", platform, "2026-10"),
            Some(n.to_string()),
            "{platform}"
        );
        assert_eq!(
            find("reactions", platform, "2026-10"),
            Some(reactions.to_string()),
            "{platform}"
        );
    }
    // An empty workspace still makes a report, saying there is nothing yet.
    let empty_dir = tempfile::tempdir().unwrap();
    let empty = open(
        empty_dir.path(),
        clock(at(2026, 11, 22, 3, 0)),
        "Asia/Tokyo",
    )
    .unwrap();
    let r = tsunagu::app::kpi::monthly_report(
        &empty,
        YearMonth::parse("2026-11").unwrap(),
        tsunagu::kpi::report::ReportLanguage::En,
    )
    .unwrap();
    let html = tsunagu::kpi::report::render_html(&r);
    assert!(html.contains("No KPI is set yet.") && html.contains("No success story"));
    assert_eq!(
        tsunagu::kpi::report::render_csv(&r).lines().count(),
        1,
        "just the header"
    );
}

#[test]
fn the_pdf_report_embeds_its_font_and_reads_back_as_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo_with_kpi(dir.path());
    let w = ws.to_str().unwrap();
    let pdf = dir.path().join("r.pdf");
    cli(&[
        "--workspace",
        w,
        "report",
        "--month",
        "2026-10",
        "--format",
        "pdf",
        "--out",
        pdf.to_str().unwrap(),
        "--language",
        "ja",
    ]);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.7"));
    assert!(
        bytes.len() < 1_000_000,
        "the font is subset: {} bytes",
        bytes.len()
    );
    let run = |tool: &str, args: &[&str]| {
        let o = std::process::Command::new(tool)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{tool} is needed for this test (poppler-utils; scripts/setup.sh installs it): {e}"));
        assert!(
            o.status.success(),
            "{tool}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let p = pdf.to_str().unwrap();
    let fonts = run("pdffonts", &[p]);
    assert!(
        fonts.contains("CID TrueType") && fonts.contains("yes yes yes"),
        "embedded, subset, with a ToUnicode map: {fonts}"
    );
    let text = run("pdftotext", &["-layout", p, "-"]);
    let ws = tsunagu::Workspace::open(
        &ws,
        clock(at(2026, 11, 20, 3, 0)),
        std::sync::Arc::new(tsunagu::ids::SeededIds::new(1)),
        &init("Asia/Tokyo"),
    )
    .unwrap();
    let r = tsunagu::app::kpi::monthly_report(
        &ws,
        YearMonth::parse("2026-10").unwrap(),
        tsunagu::kpi::report::ReportLanguage::Ja,
    )
    .unwrap();
    for expected in [
        "月次SNSレポート",
        "2026年10月",
        "採用エントリー数",
        "70%",
        "参加の温度マップ",
        "ご協力ありがとうございました",
    ] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
    assert!(text.contains(&r.workspace));
    for name in &r.contributors {
        let flat: String = text.split_whitespace().collect();
        let flat_name: String = name.split_whitespace().collect();
        assert!(flat.contains(&flat_name), "{name} is thanked");
    }
    let flat: String = text.split_whitespace().collect();
    for row in &r.dashboard.temperature.rows {
        let name = row.label(
            "（部署なし）",
            "その他（少人数の部署）",
            "少人数のため非表示",
        );
        assert!(flat.contains(name), "{name}");
    }
    let (posts, _) = raw(&ws);
    let october = posts.iter().filter(|p| p.1 == "2026-10").count();
    assert_eq!(
        r.dashboard
            .platforms
            .iter()
            .map(|p| p.months[2].posts)
            .sum::<u32>() as usize,
        posts
            .iter()
            .filter(|p| p.1 == "2026-10")
            .map(|p| p.2.len())
            .sum::<usize>()
    );
    assert!(october > 0);
    // Every page renders.
    let png = dir.path().join("page");
    run("pdftoppm", &["-r", "50", "-png", p, png.to_str().unwrap()]);
    let pages: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("page"))
        .collect();
    assert!(!pages.is_empty());
    for page in pages {
        assert!(std::fs::metadata(page.path()).unwrap().len() > 1000);
    }
}
