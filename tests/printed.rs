//! The pages for people who never open the app, read back as they would read them: the
//! manager's weekly digest (its numbers counted again here from the tables, the small-group
//! floor, one A4 page with the Japanese font embedded) and its command line.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::pdf::run;
use common::*;
use tsunagu::calendar::YearMonth;
use tsunagu::clock::Week;
use tsunagu::kpi::digest::{render_html, render_pdf, Contribution};
use tsunagu::kpi::report::ReportLanguage;
use tsunagu::roster::RecognitionKind;
use tsunagu::store::Source;

fn demo() -> (tempfile::TempDir, tsunagu::Workspace) {
    demo_company()
}

fn week() -> Week {
    Week::parse("2026-W47").unwrap()
}

/// The people of `department`, read straight from the tables.
fn members(ws: &tsunagu::Workspace, department: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(ws.dir().join("tsunagu.db")).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT p.id FROM people p JOIN departments d ON d.id = p.department_id
             WHERE d.name = ?1",
        )
        .unwrap();
    stmt.query_map([department], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The week's figures counted again: Monday 00:00 to the next Monday in Tokyo.
fn counted(ws: &tsunagu::Workspace, department: &str) -> Contribution {
    let ids = members(ws, department);
    let (from, to) = ("2026-11-15T15:00:00Z", "2026-11-22T15:00:00Z");
    let conn = rusqlite::Connection::open(ws.dir().join("tsunagu.db")).unwrap();
    let mut givers = std::collections::BTreeSet::new();
    let mut count = |sql: &str, credit: bool| -> u32 {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows: Vec<String> = stmt
            .query_map([from, to], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let ours: Vec<_> = rows.into_iter().filter(|p| ids.contains(p)).collect();
        if credit {
            givers.extend(ours.iter().cloned());
        }
        ours.len() as u32
    };
    let material = count(
        "SELECT person_id FROM materials WHERE created_at >= ?1 AND created_at < ?2",
        true,
    );
    let drafts = count(
        "SELECT author_id FROM posts WHERE author_id IS NOT NULL AND created_at >= ?1 AND created_at < ?2",
        true,
    );
    let thanks = count(
        "SELECT person_id FROM recognitions WHERE created_at >= ?1 AND created_at < ?2",
        false,
    );
    let mut stmt = conn
        .prepare(
            "SELECT coalesce(author_id, ''), people FROM posts
             WHERE status = 'published' AND scheduled_at >= ?1 AND scheduled_at < ?2",
        )
        .unwrap();
    let mut appearances = 0;
    for (author, shown) in stmt
        .query_map([from, to], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .unwrap()
        .map(Result::unwrap)
    {
        let ours: Vec<String> = std::iter::once(author.as_str())
            .chain(shown.split(','))
            .filter(|p| ids.iter().any(|i| i == p))
            .map(str::to_string)
            .collect();
        if !ours.is_empty() {
            appearances += 1;
            givers.extend(ours);
        }
    }
    Contribution {
        people: givers.len() as u32,
        material,
        drafts,
        appearances,
        thanks,
    }
}

fn person_of(ws: &tsunagu::Workspace, department: &str) -> tsunagu::ids::PersonId {
    tsunagu::app::people::people(ws)
        .unwrap()
        .into_iter()
        .find(|p| p.department.as_deref() == Some(department) && p.active)
        .unwrap()
        .id
}

#[test]
fn the_digest_counts_what_the_department_gave_in_the_week() {
    let (_dir, mut ws) = demo();
    let ja = ReportLanguage::Ja;
    let before = tsunagu::app::kpi::digest(&ws, "製造部", week(), ja).unwrap();
    assert_eq!(before.week, "2026-W47");
    assert_eq!(
        (before.from.as_str(), before.to.as_str()),
        ("2026-11-16", "2026-11-22")
    );
    assert_eq!(before.contribution.as_ref(), Some(&counted(&ws, "製造部")));
    assert_eq!(before.headcount as usize, members(&ws, "製造部").len());

    // Material from the department and thanks to it count; another department's do not.
    let ours = person_of(&ws, "製造部");
    let theirs = person_of(&ws, "営業部");
    for p in [ours, theirs] {
        tsunagu::app::materials::send_material(
            &mut ws,
            Source::Ui,
            p,
            None,
            "段取り替えの手元",
            None,
        )
        .unwrap();
        tsunagu::app::recognition::recognise(
            &mut ws,
            Source::Ui,
            p,
            RecognitionKind::Thanks,
            YearMonth::parse("2026-11").unwrap(),
            "写真ありがとう",
        )
        .unwrap();
    }
    let after = tsunagu::app::kpi::digest(&ws, "製造部", week(), ja).unwrap();
    let (b, a) = (before.contribution.unwrap(), after.contribution.unwrap());
    assert_eq!(a.material, b.material + 1);
    assert_eq!(a.thanks, b.thanks + 1);
    assert_eq!(a, counted(&ws, "製造部"));

    // What waits for the manager: the department's posts in review, and only those.
    assert!(
        !after.reviewers.is_empty(),
        "the demo's 製造部 has a reviewer"
    );
    let ids = members(&ws, "製造部");
    let conn = rusqlite::Connection::open(ws.dir().join("tsunagu.db")).unwrap();
    let expected: Vec<String> = tsunagu::app::review::review_queue(&ws)
        .unwrap()
        .into_iter()
        .filter(|q| {
            let (author, shown): (Option<String>, String) = conn
                .query_row(
                    "SELECT author_id, people FROM posts WHERE id = ?1",
                    [q.post.as_string()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            author.is_some_and(|a| ids.contains(&a))
                || shown.split(',').any(|p| ids.iter().any(|i| i == p))
        })
        .map(|q| q.title)
        .collect();
    let listed: Vec<String> = after.waiting.iter().map(|w| w.title.clone()).collect();
    assert_eq!(listed.len() + after.more_waiting as usize, expected.len());
    assert_eq!(listed, expected[..listed.len()]);

    // A department with no reviewer: the SNS team checks, nothing is listed as the manager's.
    let planning = tsunagu::app::kpi::digest(&ws, "経営企画室", week(), ja);
    if let Ok(d) = planning {
        if d.reviewers.is_empty() {
            assert!(d.waiting.is_empty());
            assert!(render_html(&d).contains("レビュー担当の方がいない"));
        }
    }

    // Themes of the month and an unknown department.
    let mut themes: Vec<String> = conn
        .prepare("SELECT title FROM themes WHERE month = '2026-11'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut shown: Vec<String> = after.themes.iter().map(|t| t.title.clone()).collect();
    themes.sort();
    shown.sort();
    assert!(!themes.is_empty());
    assert_eq!(shown, themes);
    let err = tsunagu::app::kpi::digest(&ws, "存在しない部", week(), ja).unwrap_err();
    assert!(
        err.to_string().contains("製造部"),
        "it lists the departments: {err}"
    );
}

#[test]
fn a_department_below_the_minimum_shows_no_figures() {
    let (_dir, mut ws) = demo();
    let size = members(&ws, "総務人事部").len() as u32;
    let set = |ws: &mut tsunagu::Workspace, n: u32| {
        ws.update_settings(
            Source::Ui,
            &tsunagu::settings::SettingsPatch {
                min_group_size: Some(n),
                ..Default::default()
            },
        )
        .unwrap();
    };
    set(&mut ws, size);
    let shown = tsunagu::app::kpi::digest(&ws, "総務人事部", week(), ReportLanguage::Ja).unwrap();
    assert!(
        shown.contribution.is_some(),
        "{size} people at a minimum of {size}"
    );
    set(&mut ws, size + 1);
    let hidden = tsunagu::app::kpi::digest(&ws, "総務人事部", week(), ReportLanguage::Ja).unwrap();
    assert_eq!(hidden.contribution, None);
    let html = render_html(&hidden);
    assert!(html.contains("少人数のため非表示"), "{html}");
    assert!(!html.contains("class=\"figure\""), "no figure at all");
    assert!(
        !html.contains("人が回答"),
        "nor how many of them answered a request"
    );
    let en = tsunagu::app::kpi::digest(&ws, "総務人事部", week(), ReportLanguage::En).unwrap();
    assert!(render_html(&en).contains("Not shown for a small group"));
}

#[test]
fn the_digest_is_one_a4_page_a_reader_can_search() {
    let (dir, mut ws) = demo();
    // A busy week: a long success story and more posts waiting than the page lists.
    let ids = members(&ws, "製造部");
    let conn = rusqlite::Connection::open(ws.dir().join("tsunagu.db")).unwrap();
    let post: String = conn
        .query_row(
            "SELECT id FROM posts WHERE status = 'published' ORDER BY scheduled_at DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute(
        "UPDATE posts SET author_id = ?1 WHERE id = ?2",
        [ids[0].as_str(), post.as_str()],
    )
    .unwrap();
    let note =
        "見学会の申込みが前月の三倍になり、応募者の多くが手元の写真に触れていました。".repeat(6);
    tsunagu::app::kpi::mark_success(
        &mut ws,
        Source::Ui,
        tsunagu::ids::PostId::parse(&post).unwrap(),
        &note,
    )
    .unwrap();
    for (language, words) in [
        (
            ReportLanguage::Ja,
            &[
                "今週のSNSダイジェスト",
                "製造部",
                "部署からの協力",
                "チームへの頼み方",
                "うまくいった話",
            ][..],
        ),
        (
            ReportLanguage::En,
            &[
                "This week on social media",
                "What the department gave",
                "Asking your team",
            ][..],
        ),
    ] {
        let d = tsunagu::app::kpi::digest(&ws, "製造部", week(), language).unwrap();
        assert!(
            d.story.as_ref().is_some_and(|s| s.own),
            "the department's own story"
        );
        let pdf = dir.path().join(format!("digest-{language:?}.pdf"));
        std::fs::write(&pdf, render_pdf(&d).unwrap()).unwrap();
        let p = pdf.to_str().unwrap();
        let info = run("pdfinfo", &[p]);
        assert!(info.contains("Pages:           1"), "one page: {info}");
        assert!(info.contains("595.28 x 841.89 pts"), "A4: {info}");
        let fonts = run("pdffonts", &[p]);
        assert!(
            fonts.lines().skip(2).all(|l| l.contains(" yes ")),
            "every font embedded: {fonts}"
        );
        let text = run("pdftotext", &[p, "-"]);
        for w in words {
            assert!(text.contains(w), "{w} in {text}");
        }
        for t in &d.themes {
            assert!(text.contains(&t.title), "theme {} in {text}", t.title);
        }
    }
}

#[test]
fn the_command_line_writes_the_digest_and_refuses_a_bad_week() {
    let (dir, ws) = demo();
    drop(ws);
    let out = dir.path().join("digest.html");
    let cli = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tsunagu"))
            .arg("--workspace")
            .arg(dir.path())
            .args(args)
            .env("TSUNAGU_KEYRING_SERVICE", "jp.tsunagu.test-printed")
            .output()
            .unwrap()
    };
    let o = cli(&[
        "digest",
        "--department",
        "製造部",
        "--week",
        "2026-W47",
        "--format",
        "html",
        "--out",
        out.to_str().unwrap(),
        "--language",
        "ja",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("今週のSNSダイジェスト") && html.contains("2026年11月16日〜11月22日"));
    let o = cli(&[
        "digest",
        "--department",
        "製造部",
        "--week",
        "2026-47",
        "--format",
        "pdf",
        "--out",
        "x.pdf",
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("YYYY-Www"));
}

fn kit_with_code(language: ReportLanguage) -> (tempfile::TempDir, tsunagu::briefing::Kit) {
    let (dir, ws) = demo();
    let phone = tsunagu::briefing::PhonePage {
        url: "http://192.168.1.20:48080/m/3f9a2c7d1e5b4a6f8c0d2e4f6a8b0c1d".into(),
        request: "説明会の日の職場の写真".into(),
    };
    let kit = tsunagu::app::briefing::kit(&ws, language, Some(phone)).unwrap();
    (dir, kit)
}

#[test]
fn the_kit_is_made_from_the_workspace_as_a_handout_and_as_slides() {
    use common::pdf::{decode, raster};
    let (dir, kit) = kit_with_code(ReportLanguage::Ja);
    assert!(!kit.purposes.is_empty(), "the demo has purposes");
    assert!(!kit.checklist.is_empty(), "and a published guideline");
    assert!(!kit
        .modes
        .contains(&tsunagu::model::Participation::NotParticipating));
    let url = kit.phone.as_ref().unwrap().url.clone();

    for (name, bytes, size) in [
        (
            "handout",
            tsunagu::briefing::handout(&kit).unwrap(),
            "595.28 x 841.89 pts",
        ),
        (
            "slides",
            tsunagu::briefing::slides(&kit).unwrap(),
            "720 x 405 pts",
        ),
    ] {
        let pdf = dir.path().join(format!("{name}.pdf"));
        std::fs::write(&pdf, bytes).unwrap();
        let p = pdf.to_str().unwrap();
        let info = run("pdfinfo", &[p]);
        assert!(info.contains(size), "{name}: {info}");
        let fonts = run("pdffonts", &[p]);
        assert!(
            fonts.lines().skip(2).all(|l| l.contains(" yes ")),
            "{fonts}"
        );
        let text = run("pdftotext", &[p, "-"]);
        for w in [
            "なぜSNSをするのか",
            "投稿してよいこと・いけないこと",
            "写真を送るだけ",
            "顔は出さない",
            "投稿が公開されるまで",
            "素材の送り方",
            "協力へのお礼",
            "説明会の日の職場の写真",
        ] {
            assert!(text.contains(w), "{name}: {w} in {text}");
        }
        for p in &kit.purposes {
            assert!(
                text.contains(&p.name),
                "{name}: purpose {} in {text}",
                p.name
            );
        }
        let first_check = &kit.checklist[0];
        let flat: String = text.split_whitespace().collect();
        let wanted: String = first_check.split_whitespace().collect();
        assert!(
            flat.contains(&wanted),
            "{name}: the checklist's {first_check}"
        );
        // The phone page's code scans, on the page that says how to send material.
        let pages: u32 = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let found: Vec<String> = (1..=pages)
            .flat_map(|n| decode(raster(&pdf, n, 110)))
            .collect();
        assert_eq!(
            found,
            std::slice::from_ref(&url),
            "{name}: one code, the request's"
        );
    }
    // Slides: a title slide and one per section.
    let slides = dir.path().join("slides.pdf");
    assert!(run("pdfinfo", &[slides.to_str().unwrap()]).contains("Pages:           7"));
}

#[test]
fn the_kit_follows_the_workspace_and_never_takes_a_bad_address() {
    let (_dir, mut ws) = demo();
    let en = tsunagu::app::briefing::kit(&ws, ReportLanguage::En, None).unwrap();
    assert_eq!(en.phone, None);
    assert_eq!(en.approvals, 1);
    let text = String::from_utf8_lossy(&tsunagu::briefing::handout(&en).unwrap()).len();
    assert!(text > 0);
    ws.update_settings(
        Source::Ui,
        &tsunagu::settings::SettingsPatch {
            second_reviewer: Some(true),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        tsunagu::app::briefing::kit(&ws, ReportLanguage::Ja, None)
            .unwrap()
            .approvals,
        2
    );
    for bad in [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://a b",
        "",
    ] {
        let err = tsunagu::app::briefing::kit(
            &ws,
            ReportLanguage::Ja,
            Some(tsunagu::briefing::PhonePage {
                url: bad.into(),
                request: "x".into(),
            }),
        )
        .unwrap_err();
        assert!(err.to_string().contains("http://"), "{bad}: {err}");
    }
}
