//! The report's PDF read back as a reader sees it: rasterised with poppler, its charts are
//! found drawn where the text says they are, and its QR codes, decoded from the pixels, open
//! the posts that went out.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::pdf::{decode, raster, run};
use common::*;
use tsunagu::calendar::YearMonth;
use tsunagu::kpi::report::ReportLanguage;
use tsunagu::model::Platform;
use tsunagu::store::Source;

/// The page and the top of the first word of `heading`, in points from the top, from
/// poppler's word boxes.
fn find(pdf: &std::path::Path, heading: &str) -> (u32, f64) {
    let html = run("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    for (i, page) in html.split("<page ").skip(1).enumerate() {
        for word in page.split("<word ").skip(1) {
            if word.contains(&format!(">{heading}<")) {
                let y = word
                    .split("yMin=\"")
                    .nth(1)
                    .and_then(|r| r.split('"').next())
                    .unwrap()
                    .parse()
                    .unwrap();
                return (i as u32 + 1, y);
            }
        }
    }
    panic!("{heading} is not in the report:\n{html}");
}

#[test]
fn the_kpi_chart_is_drawn_under_its_heading() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = tsunagu::demo::build(
        dir.path(),
        clock(at(2026, 11, 20, 3, 0)),
        tsunagu::demo::DemoOptions::default(),
    )
    .unwrap();
    let kpi = tsunagu::app::kpi::add_kpi(
        &mut ws,
        Source::Ui,
        &tsunagu::kpi::KpiInput {
            name: "採用エントリー数".into(),
            metric: tsunagu::kpi::KpiMetric::External,
            target: Some(20.0),
            purpose: None,
            target_by: None,
        },
    )
    .unwrap()
    .id;
    for (m, v) in [
        ("2026-07", 8.0),
        ("2026-08", 11.0),
        ("2026-09", 9.0),
        ("2026-10", 14.0),
        ("2026-11", 18.0),
    ] {
        tsunagu::app::kpi::set_kpi_value(&mut ws, Source::Ui, kpi, YearMonth::parse(m).unwrap(), v)
            .unwrap();
    }
    let r = tsunagu::app::kpi::monthly_report(
        &ws,
        YearMonth::parse("2026-11").unwrap(),
        ReportLanguage::Ja,
    )
    .unwrap();
    assert_eq!(r.kpi_trend.len(), 1);
    let values: Vec<Option<f64>> = r.kpi_trend[0].months.iter().map(|p| p.value).collect();
    assert_eq!(
        values,
        [
            None,
            Some(8.0),
            Some(11.0),
            Some(9.0),
            Some(14.0),
            Some(18.0)
        ]
    );
    // The HTML report draws the same chart, its numbers written out for screen readers.
    let html = tsunagu::kpi::report::render_html(&r);
    assert!(
        html.contains("aria-label=\"採用エントリー数: 6月 未入力, 7月 8, 8月 11, 9月 9, 10月 14, 11月 18 (目標 20)\""),
        "{html}"
    );
    let pdf = dir.path().join("r.pdf");
    std::fs::write(&pdf, tsunagu::kpi::pdf::render_pdf(&r).unwrap()).unwrap();

    let (page, top) = find(&pdf, "KPIの推移（6か月）");
    let img = raster(&pdf, page, 100);
    let px = |pt: f64| (pt * 100.0 / 72.0) as u32;
    // The plot: below the heading and the KPI's name, about 100 points high, across the left
    // half of the page (one KPI). Count what is not paper there, and the target's orange.
    let (x0, x1) = (px(42.0), px(297.0));
    let (y0, y1) = (px(top + 30.0), px(top + 130.0));
    let mut ink = 0;
    let mut dark_rows = std::collections::BTreeSet::new();
    for y in y0..y1.min(img.height()) {
        for x in x0..x1 {
            if img.get_pixel(x, y).0[0] < 200 {
                ink += 1;
                dark_rows.insert(y);
            }
        }
    }
    assert!(ink > 400, "the chart is drawn: {ink} inked pixels");
    assert!(
        dark_rows.len() > 40,
        "the line climbs over many rows, not one rule: {} rows",
        dark_rows.len()
    );
    // The right half holds nothing: there is one KPI.
    let empty = (y0..y1.min(img.height()))
        .flat_map(|y| (px(330.0)..px(550.0)).map(move |x| (x, y)))
        .filter(|(x, y)| img.get_pixel(*x, *y).0[0] < 200)
        .count();
    assert_eq!(empty, 0, "only one chart");
}

#[test]
fn the_top_posts_qr_codes_open_what_was_published() {
    let (dir, mut ws, _server, secrets, _clock) = demo_with_mastodon(10);
    let post = approved_post(
        &mut ws,
        None,
        "工場見学会",
        "工場見学会のお知らせです。",
        "2026-11-22T12:00",
        &[Platform::Mastodon],
    );
    assert_eq!(ws.publish_due(&secrets, "test").unwrap().published, 1);
    let url = tsunagu::app::outbox::post_jobs(&ws, post).unwrap()[0]
        .remote_url
        .clone()
        .unwrap();

    let r = tsunagu::app::kpi::monthly_report(
        &ws,
        YearMonth::parse("2026-11").unwrap(),
        ReportLanguage::Ja,
    )
    .unwrap();
    let top = r
        .dashboard
        .top_posts
        .iter()
        .find(|t| t.post == post)
        .unwrap();
    assert_eq!(top.url.as_deref(), Some(url.as_str()));
    let account = r
        .accounts
        .iter()
        .find(|a| a.platform == Platform::Mastodon && a.handle.is_some())
        .unwrap();
    assert_eq!(
        (account.label().as_str(), account.posts),
        ("Mastodon @minato_pr", 1)
    );

    let pdf = dir.path().join("r.pdf");
    std::fs::write(&pdf, tsunagu::kpi::pdf::render_pdf(&r).unwrap()).unwrap();
    // The codes sit under their caption: decode what is drawn there.
    let (page, top) = find(&pdf, "スマートフォンで読み取ると投稿が開きます");
    let dpi = 200;
    let img = raster(&pdf, page, dpi);
    let px = |pt: f64| (pt * f64::from(dpi) / 72.0) as u32;
    let band = image::imageops::crop_imm(&img, 0, px(top), img.width(), px(110.0)).to_image();
    assert_eq!(decode(band), [url], "one code, and it opens the post");
}

#[test]
fn the_engine_makes_a_16_9_slide_whose_qr_code_scans() {
    use tsunagu::print::{Doc, PageSize, INK};
    let url = "https://minato-seiko.co.jp/recruit/tour?from=slide";
    let mut doc = Doc::new(PageSize::Slide, "工場見学会", false).unwrap();
    doc.y -= 40.0;
    let m = doc.margin;
    doc.text(m, doc.y, 28.0, "工場見学会のご案内", INK);
    doc.qr(doc.w - m - 150.0, m, 150.0, url).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("slide.pdf");
    std::fs::write(&pdf, doc.finish().unwrap()).unwrap();
    let info = run("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("720 x 405 pts"), "16:9: {info}");
    let text = run("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("工場見学会のご案内"));
    assert_eq!(decode(raster(&pdf, 1, 150)), [url]);
}
