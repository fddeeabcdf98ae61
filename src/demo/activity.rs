//! The demo's people at work: a published guideline most have acknowledged, requests in each
//! state, material waiting in the inbox and a thank-you note, so every people screen opens on
//! something real. Written through the same domain verbs the app uses.

use crate::calendar::YearMonth;
use crate::error::Result;
use crate::ids::{DepartmentId, PersonId};
use crate::roster::recognition::RecognitionKind;
use crate::roster::{Recurrence, RequestInput};
use crate::store::{write::val, Source};
use crate::workspace::Workspace;
use chrono::{Days, NaiveDate};

/// Adds the guideline, requests, material and thanks. `today` is in the demo's zone.
pub(super) fn write(ws: &mut Workspace, today: NaiveDate) -> Result<()> {
    let people = crate::roster::people(ws.store().conn())?;
    let find = |name: &str| people.iter().find(|p| p.name == name).map(|p| p.id);
    let ctx = ws.ctx(None, Source::Demo);
    let published = format!(
        "{}T00:00:00Z",
        today.checked_sub_days(Days::new(60)).unwrap_or(today)
    );
    let active: Vec<PersonId> = people.iter().filter(|p| p.active).map(|p| p.id).collect();
    // Version 1 was seeded from the default pack; the demo company adds its products and its
    // own site, and published it two months ago.
    let (id, rules): (String, String) = ws.store().conn().query_row(
        "SELECT id, rules FROM guideline_sets WHERE version = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut rules: crate::guideline::GuidelineRules = serde_json::from_str(&rules)
        .map_err(|e| crate::Error::invalid("guideline", e.to_string()))?;
    rules.products = vec![
        "精密シャフト".into(),
        "ベアリング".into(),
        "ミナトの治具".into(),
    ];
    rules.allowed_domains = vec!["minato-seiko.co.jp".into()];
    rules.terms.push(crate::guideline::Term {
        term: "プロジェクト青嵐".into(),
        category: crate::guideline::TermCategory::Confidential,
        severity: crate::guideline::Severity::Block,
        message: "開発中の新ライン（社内コード名）です。".into(),
    });
    let rules = serde_json::to_string(&rules)
        .map_err(|e| crate::Error::invalid("guideline", e.to_string()))?;
    ws.store_mut().write(&ctx, |w| {
        w.update(
            "guideline_sets",
            &[("id", val::text(id.clone()))],
            &[
                ("rules", val::text(rules.clone())),
                ("published_at", val::text(published.clone())),
            ],
        )?;
        // Every fifth person has not read it yet, so the roster shows who to remind.
        for (_, p) in active.iter().enumerate().filter(|(i, _)| i % 5 != 4) {
            w.insert(
                "guideline_acks",
                &[
                    ("person_id", val::text(p.as_string())),
                    ("guideline_id", val::text(id.clone())),
                ],
                &[("acknowledged_at", val::text(published.clone()))],
            )?;
        }
        Ok(())
    })?;

    let manufacturing: Option<String> = ws
        .store()
        .conn()
        .query_row(
            "SELECT id FROM departments WHERE name = '製造部'",
            [],
            |r| r.get(0),
        )
        .ok();
    let day = |n: i64| {
        if n >= 0 {
            today.checked_add_days(Days::new(n.unsigned_abs()))
        } else {
            today.checked_sub_days(Days::new(n.unsigned_abs()))
        }
        .map(|d| d.to_string())
    };
    let weekly = crate::app::requests::send_request(
        ws,
        Source::Demo,
        &RequestInput {
            title: "今週の現場の一枚".into(),
            description:
                "手元や後ろ姿でも大丈夫です。画面やホワイトボードが写らないようにお願いします。"
                    .into(),
            due_on: day(3),
            recurrence: Some(Recurrence::Weekly),
            people: Vec::new(),
            departments: manufacturing
                .as_deref()
                .and_then(DepartmentId::parse)
                .into_iter()
                .collect(),
        },
    )?;
    let named = |names: &[&str]| names.iter().filter_map(|n| find(n)).collect::<Vec<_>>();
    let jig = crate::app::requests::send_request(
        ws,
        Source::Demo,
        &RequestInput {
            title: "新しい治具についてひとこと".into(),
            description: "展示会で紹介する治具について、工夫した点を一言ください。".into(),
            due_on: day(5),
            recurrence: None,
            people: named(&["山田 健一", "佐藤 美咲", "田中 由美"]),
            departments: Vec::new(),
        },
    )?;
    crate::app::requests::send_request(
        ws,
        Source::Demo,
        &RequestInput {
            title: "工場見学会の写真".into(),
            description: "学生さんの顔が写っていない写真をお願いします。".into(),
            due_on: day(-3),
            recurrence: None,
            people: named(&["高橋 翔太"]),
            departments: Vec::new(),
        },
    )?;

    if let Some(tanaka) = find("田中 由美") {
        crate::app::materials::send_material(ws,
            Source::Demo,
            tanaka,
            Some(jig),
            "治具の位置決めピンを2本から3本にして、段取りが半分になりました。\n手元の写真は後で送ります。",
            None,
        )?;
    }
    let weekly_people: Vec<PersonId> = crate::app::requests::requests(ws, None)?
        .into_iter()
        .filter(|r| r.id == weekly)
        .map(|r| r.person)
        .collect();
    if let Some(first) = weekly_people.first() {
        crate::app::materials::send_material(
            ws,
            Source::Demo,
            *first,
            Some(weekly),
            "朝の段取り前、工具を並べ終えたところです。",
            None,
        )?;
    }
    if let Some(sato) = find("佐藤 美咲") {
        crate::app::materials::send_material(
            ws,
            Source::Demo,
            sato,
            None,
            "社員食堂の新メニュー、地元の野菜を使った豚汁定食が好評です。",
            None,
        )?;
        crate::app::recognition::recognise(
            ws,
            Source::Demo,
            sato,
            RecognitionKind::Thanks,
            YearMonth::of(today),
            "いつも現場の空気が伝わる写真をありがとうございます。",
        )?;
    }
    // The demo runs on the lead's laptop.
    if let Some(lead) = find("前田 遥") {
        ws.set_me(Source::Demo, lead)?;
    }
    Ok(())
}
