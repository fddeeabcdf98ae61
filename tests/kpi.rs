//! Purposes, KPIs and the temperature map: every number equals the database, counted
//! independently here, for the demo workspace and for an empty one.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, Utc};
use common::*;
use std::collections::HashMap;
use tsunagu::calendar::YearMonth;
use tsunagu::kpi::{KpiInput, KpiMetric};
use tsunagu::store::{write::val, Source};

fn demo() -> (tempfile::TempDir, tsunagu::Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = tsunagu::demo::build(
        dir.path(),
        clock(at(2026, 11, 22, 3, 0)),
        tsunagu::demo::DemoOptions::default(),
    )
    .unwrap();
    (dir, ws)
}

/// Published posts of `month` in Tokyo, with their purpose, read straight from the table.
fn published_in(ws: &tsunagu::Workspace, month: &str) -> Vec<(String, Option<String>)> {
    let tz: chrono_tz::Tz = "Asia/Tokyo".parse().unwrap();
    let conn = rusqlite::Connection::open(ws.dir().join("tsunagu.db")).unwrap();
    let mut stmt = conn
        .prepare("SELECT id, status, scheduled_at, purpose_id FROM posts")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })
        .unwrap();
    rows.map(|r| r.unwrap())
        .filter(|(_, status, at, _)| {
            status == "published"
                && at.as_deref().is_some_and(|t| {
                    let t: DateTime<Utc> = t.parse().unwrap();
                    t.with_timezone(&tz).format("%Y-%m").to_string() == month
                })
        })
        .map(|(id, _, _, purpose)| (id, purpose))
        .collect()
}

/// The latest reading per post and platform: (reactions, impressions).
fn latest(ws: &tsunagu::Workspace) -> HashMap<String, (f64, f64)> {
    let conn = rusqlite::Connection::open(ws.dir().join("tsunagu.db")).unwrap();
    let mut stmt = conn
        .prepare("SELECT post_id, platform, captured_at, likes, reposts, replies, quotes, impressions FROM metrics")
        .unwrap();
    let mut newest: HashMap<(String, String), (String, f64, f64)> = HashMap::new();
    let rows = stmt
        .query_map([], |r| {
            let n = |i: usize| r.get::<_, Option<i64>>(i).map(|v| v.unwrap_or(0) as f64);
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                n(3)? + n(4)? + n(5)? + n(6)?,
                n(7)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (post, platform, at, reactions, views) = row.unwrap();
        let e = newest
            .entry((post, platform))
            .or_insert((String::new(), 0.0, 0.0));
        if at > e.0 {
            *e = (at, reactions, views);
        }
    }
    let mut out: HashMap<String, (f64, f64)> = HashMap::new();
    for ((post, _), (_, r, v)) in newest {
        let e = out.entry(post).or_default();
        e.0 += r;
        e.1 += v;
    }
    out
}

#[test]
fn sns_kpis_equal_the_posts_and_metrics_counted_independently() {
    let (_dir, mut ws) = demo();
    let purposes = tsunagu::app::kpi::purposes(&ws).unwrap();
    assert_eq!(purposes.len(), 4, "the demo's purposes");
    let recruiting = purposes.iter().find(|p| p.kind == "recruiting").unwrap().id;
    let mut add = |name: &str, metric, purpose| {
        tsunagu::app::kpi::add_kpi(
            &mut ws,
            Source::Ui,
            &KpiInput {
                name: name.into(),
                metric,
                target: Some(10.0),
                purpose,
                target_by: None,
            },
        )
        .unwrap()
    };
    add("投稿数", KpiMetric::Posts, None);
    add("採用の投稿数", KpiMetric::Posts, Some(recruiting));
    add("反応数", KpiMetric::Reactions, None);
    add("表示回数", KpiMetric::Impressions, None);
    let month = "2026-10";
    let posts = published_in(&ws, month);
    assert!(!posts.is_empty(), "the demo publishes in October");
    // Two readings on one post (the latest counts) and one with views.
    let ctx = ws.ctx(None, Source::System);
    let first = posts[0].0.clone();
    ws.store_mut()
        .write(&ctx, |w| {
            for (at, likes, views) in [
                ("2026-10-20T00:00:00Z", 3, None),
                ("2026-10-21T00:00:00Z", 9, Some(120)),
            ] {
                w.insert(
                    "metrics",
                    &[("id", val::text(w.new_id().to_string()))],
                    &[
                        ("post_id", val::text(first.clone())),
                        ("platform", val::text("x")),
                        ("captured_at", val::text(at)),
                        ("likes", val::int(likes)),
                        ("replies", val::int(1)),
                        ("impressions", val::opt_int(views)),
                    ],
                )?;
            }
            Ok(())
        })
        .unwrap();
    let metrics = latest(&ws);
    let all = posts.len() as f64;
    let of_recruiting = posts
        .iter()
        .filter(|(_, p)| p.as_deref() == Some(recruiting.as_string().as_str()))
        .count() as f64;
    let reactions: f64 = posts
        .iter()
        .filter_map(|(id, _)| metrics.get(id))
        .map(|m| m.0)
        .sum();
    let views: f64 = posts
        .iter()
        .filter_map(|(id, _)| metrics.get(id))
        .map(|m| m.1)
        .sum();
    let progress = tsunagu::app::kpi::kpi_progress(&ws, YearMonth::parse(month).unwrap()).unwrap();
    let value = |name: &str| progress.iter().find(|p| p.kpi.name == name).unwrap().value;
    assert_eq!(value("投稿数"), Some(all));
    assert_eq!(value("採用の投稿数"), Some(of_recruiting));
    assert_eq!(value("反応数"), Some(reactions));
    assert_eq!(value("表示回数"), Some(views));
    let p = progress.iter().find(|p| p.kpi.name == "投稿数").unwrap();
    assert_eq!(p.ratio, Some(all / 10.0));
    assert_eq!(p.kpi.purpose_name, None);
    // An empty workspace: every SNS number is 0, nothing is made up.
    let dir = tempfile::tempdir().unwrap();
    let mut empty = open(dir.path(), clock(at(2026, 11, 22, 3, 0)), "Asia/Tokyo").unwrap();
    let k = tsunagu::app::kpi::add_kpi(
        &mut empty,
        Source::Ui,
        &KpiInput {
            name: "投稿数".into(),
            metric: KpiMetric::Posts,
            target: None,
            purpose: None,
            target_by: None,
        },
    )
    .unwrap();
    let p = tsunagu::app::kpi::kpi_progress(&empty, YearMonth::parse(month).unwrap()).unwrap();
    assert_eq!(
        (p[0].kpi.id, p[0].value, p[0].ratio),
        (k.id, Some(0.0), None)
    );
}

#[test]
fn external_kpis_come_from_people_or_csv_with_row_level_errors() {
    let (_dir, mut ws) = demo();
    let recruiting = tsunagu::app::kpi::purposes(&ws)
        .unwrap()
        .into_iter()
        .find(|p| p.kind == "recruiting")
        .unwrap()
        .id;
    let entries = tsunagu::app::kpi::add_kpi(
        &mut ws,
        Source::Ui,
        &KpiInput {
            name: "採用エントリー数".into(),
            metric: KpiMetric::External,
            target: Some(20.0),
            purpose: Some(recruiting),
            target_by: None,
        },
    )
    .unwrap();
    tsunagu::app::kpi::add_kpi(
        &mut ws,
        Source::Ui,
        &KpiInput {
            name: "資料請求".into(),
            metric: KpiMetric::External,
            target: None,
            purpose: None,
            target_by: None,
        },
    )
    .unwrap();
    let nov = YearMonth::parse("2026-11").unwrap();
    let p = tsunagu::app::kpi::kpi_progress(&ws, nov).unwrap();
    let e = p.iter().find(|p| p.kpi.id == entries.id).unwrap();
    assert_eq!(e.value, None, "not entered yet is not 0");
    tsunagu::app::kpi::set_kpi_value(&mut ws, Source::Ui, entries.id, nov, 12.0).unwrap();
    let e = tsunagu::app::kpi::kpi_progress(&ws, nov)
        .unwrap()
        .into_iter()
        .find(|p| p.kpi.id == entries.id)
        .unwrap();
    assert_eq!((e.value, e.ratio), (Some(12.0), Some(0.6)));
    assert!(tsunagu::app::kpi::set_kpi_value(&mut ws, Source::Ui, entries.id, nov, -1.0).is_err());

    // A bad file imports nothing and names every problem by row and column.
    let before = snapshot(ws.dir());
    let bad = "kpi,month,value\n採用エントリー数,2026-10,15\n採用数,2026-10,3\n資料請求,10月,4\n資料請求,2026-10,たくさん\n採用エントリー数,2026-10,16\n";
    let r = ws.import_kpi_csv(bad.as_bytes(), false).unwrap();
    let found: Vec<(u32, &str)> = r
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![(3, "kpi"), (4, "month"), (5, "value"), (6, "")],
        "{:?}",
        r.errors
    );
    assert!(
        r.errors[0].problem.contains("採用エントリー数"),
        "names the KPIs it knows"
    );
    assert_eq!(snapshot(ws.dir()), before, "nothing written");
    // A good one, as Excel writes it: Shift_JIS, CRLF, 2026/10, 1,234.
    let good = "month,kpi,value\r\n2026/10,採用エントリー数,15\r\n2026/11,採用エントリー数,18\r\n2026/10,資料請求,\"1,234\"\r\n";
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(good);
    let r = ws.import_kpi_csv(&sjis, true).unwrap();
    assert_eq!(
        (r.rows, r.written, r.errors.len(), r.dry_run),
        (3, 3, 0, true)
    );
    let r = ws.import_kpi_csv(&sjis, false).unwrap();
    assert_eq!((r.written, r.errors.len()), (3, 0));
    let oct = YearMonth::parse("2026-10").unwrap();
    let p = tsunagu::app::kpi::kpi_progress(&ws, oct).unwrap();
    let v = |name: &str| p.iter().find(|p| p.kpi.name == name).unwrap().value;
    assert_eq!(
        (v("採用エントリー数"), v("資料請求")),
        (Some(15.0), Some(1234.0))
    );
    let e = tsunagu::app::kpi::kpi_progress(&ws, nov)
        .unwrap()
        .into_iter()
        .find(|p| p.kpi.id == entries.id)
        .unwrap();
    assert_eq!(e.value, Some(18.0), "the import replaced November's 12");
}

/// Whether `person`'s ledger shows any part in the `i`th month (counted independently of the
/// map).
fn took_part(
    ledger: &[tsunagu::roster::ledger::PersonLedger],
    person: tsunagu::ids::PersonId,
    i: usize,
) -> bool {
    ledger.iter().find(|l| l.person == person).is_some_and(|l| {
        let m = &l.months[i];
        m.requests_answered + m.material_given + m.drafts_written + m.posts_published > 0
    })
}

#[test]
fn the_temperature_map_counts_people_who_took_part_by_department() {
    let (_dir, mut ws) = demo();
    let from = YearMonth::parse("2026-09").unwrap();
    let to = YearMonth::parse("2026-11").unwrap();
    let map = tsunagu::app::kpi::temperature_map(&ws, from, to).unwrap();
    assert_eq!(map.months, vec!["2026-09", "2026-10", "2026-11"]);
    // Independently: each active person's department and whether their ledger shows any part.
    let people = tsunagu::app::people::people(&ws).unwrap();
    let ledger = tsunagu::app::recognition::ledger(&ws, from, to).unwrap();
    for row in &map.rows {
        if row.group != tsunagu::kpi::temperature::Group::Department {
            continue; // merged small departments: checked in the next test
        }
        let members: Vec<_> = people
            .iter()
            .filter(|p| p.active && p.department == row.department)
            .collect();
        assert_eq!(
            row.headcount as usize,
            members.len(),
            "{:?}",
            row.department
        );
        for (i, cell) in row.cells.iter().enumerate() {
            let took_part = members
                .iter()
                .filter(|p| took_part(&ledger, p.id, i))
                .count();
            assert_eq!(cell.participants as usize, took_part);
            assert!((cell.rate - took_part as f64 / members.len().max(1) as f64).abs() < 1e-9);
        }
        let [.., a, b] = row.cells.as_slice() else {
            unreachable!()
        };
        assert_eq!(row.change, Some(b.rate - a.rate));
    }
    // Material given this month warms the giver's department.
    let yamada = people.iter().find(|p| p.name == "山田 健一").unwrap();
    let row = |m: &tsunagu::kpi::temperature::TemperatureMap| {
        m.rows
            .iter()
            .find(|r| r.department == yamada.department)
            .unwrap()
            .cells[2]
            .participants
    };
    let before = row(&map);
    let already = ledger
        .iter()
        .find(|l| l.person == yamada.id)
        .unwrap()
        .months[2]
        .clone();
    tsunagu::app::materials::send_material(
        &mut ws,
        Source::Ui,
        yamada.id,
        None,
        "現場の一枚",
        None,
    )
    .unwrap();
    let after = row(&tsunagu::app::kpi::temperature_map(&ws, from, to).unwrap());
    let expected = if already.requests_answered
        + already.material_given
        + already.drafts_written
        + already.posts_published
        > 0
    {
        before
    } else {
        before + 1
    };
    assert_eq!(after, expected);
    // An empty workspace: the months, no rows.
    let dir = tempfile::tempdir().unwrap();
    let empty = open(dir.path(), clock(at(2026, 11, 22, 3, 0)), "Asia/Tokyo").unwrap();
    let m = tsunagu::app::kpi::temperature_map(&empty, from, to).unwrap();
    assert_eq!((m.months.len(), m.rows.len()), (3, 0));
}

#[test]
fn a_post_linked_to_a_purpose_counts_for_it_and_keeps_its_approval() {
    let (_dir, mut ws) = demo();
    let brand = tsunagu::app::kpi::purposes(&ws)
        .unwrap()
        .into_iter()
        .find(|p| p.kind == "brand")
        .unwrap()
        .id;
    tsunagu::app::kpi::add_kpi(
        &mut ws,
        Source::Ui,
        &KpiInput {
            name: "認知の投稿".into(),
            metric: KpiMetric::Posts,
            target: None,
            purpose: Some(brand),
            target_by: None,
        },
    )
    .unwrap();
    let oct = YearMonth::parse("2026-10").unwrap();
    let before = tsunagu::app::kpi::kpi_progress(&ws, oct).unwrap()[0]
        .value
        .unwrap();
    let other = published_in(&ws, "2026-10")
        .into_iter()
        .find(|(_, p)| p.as_deref() != Some(brand.as_string().as_str()))
        .unwrap();
    let id = tsunagu::ids::PostId::parse(&other.0).unwrap();
    let status = ws.post(id).unwrap().status;
    tsunagu::app::purpose::set_post_purpose(&mut ws, Source::Ui, id, Some(brand)).unwrap();
    assert_eq!(
        tsunagu::app::purpose::post_purpose(&ws, id).unwrap(),
        Some(brand)
    );
    assert_eq!(
        tsunagu::app::kpi::kpi_progress(&ws, oct).unwrap()[0]
            .value
            .unwrap(),
        before + 1.0
    );
    assert_eq!(ws.post(id).unwrap().status, status, "the approval stands");
    tsunagu::app::purpose::set_post_purpose(&mut ws, Source::Ui, id, None).unwrap();
    assert_eq!(tsunagu::app::purpose::post_purpose(&ws, id).unwrap(), None);
    let unknown = tsunagu::ids::PurposeId(uuid::Uuid::nil());
    assert!(
        tsunagu::app::purpose::set_post_purpose(&mut ws, Source::Ui, id, Some(unknown)).is_err()
    );
}

#[test]
fn departments_too_small_to_show_are_merged_or_hidden_in_the_map_and_the_report() {
    use tsunagu::kpi::temperature::Group;
    let (_dir, mut ws) = demo();
    let from = YearMonth::parse("2026-09").unwrap();
    let to = YearMonth::parse("2026-11").unwrap();
    assert_eq!(ws.settings().unwrap().min_group_size, 3, "3 by default");
    let people = tsunagu::app::people::people(&ws).unwrap();
    let mut sizes: std::collections::BTreeMap<Option<String>, u32> = Default::default();
    for p in people.iter().filter(|p| p.active) {
        *sizes.entry(p.department.clone()).or_default() += 1;
    }
    let everyone: u32 = sizes.values().sum();
    let ledger = tsunagu::app::recognition::ledger(&ws, from, to).unwrap();
    for min in [2u32, 3, 5, 8, everyone, everyone + 1] {
        ws.update_settings(
            Source::Ui,
            &tsunagu::settings::SettingsPatch {
                min_group_size: Some(min),
                ..Default::default()
            },
        )
        .unwrap();
        let map = tsunagu::app::kpi::temperature_map(&ws, from, to).unwrap();
        let small: Vec<_> = sizes.iter().filter(|(_, n)| **n < min).collect();
        let small_total: u32 = small.iter().map(|(_, n)| **n).sum();
        for row in &map.rows {
            match row.group {
                Group::Department => {
                    assert!(row.headcount >= min, "{min}: {:?} shown", row.department);
                    assert!(!small.iter().any(|(d, _)| **d == row.department));
                }
                Group::Others => {
                    assert!(small_total >= min);
                    assert_eq!(row.headcount, small_total);
                    // Its participants are the merged departments' together.
                    for (i, cell) in row.cells.iter().enumerate() {
                        let merged = people
                            .iter()
                            .filter(|p| p.active && small.iter().any(|(d, _)| **d == p.department))
                            .filter(|p| took_part(&ledger, p.id, i))
                            .count();
                        assert_eq!(cell.participants as usize, merged);
                    }
                }
                Group::TooSmall => {
                    assert!(small_total < min);
                    assert_eq!(row.headcount, 0, "not even a headcount");
                    assert!(row.cells.is_empty() && row.change.is_none());
                }
            }
        }
        assert_eq!(
            map.rows
                .iter()
                .filter(|r| r.group != Group::Department)
                .count(),
            usize::from(!small.is_empty())
        );
    }
    // The report follows: with everyone below the minimum, no department is named.
    let report =
        tsunagu::app::kpi::monthly_report(&ws, to, tsunagu::kpi::report::ReportLanguage::Ja)
            .unwrap();
    let html = tsunagu::kpi::report::render_html(&report);
    assert!(html.contains("少人数のため非表示"));
    for d in sizes.keys().flatten() {
        assert!(!html.contains(&format!("<td>{d}</td>")), "{d} is not named");
    }
    // Out of range is refused with what to do.
    let err = ws
        .update_settings(
            Source::Ui,
            &tsunagu::settings::SettingsPatch {
                min_group_size: Some(1),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("between 2 and 50"), "{err}");
}
