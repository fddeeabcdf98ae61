//! Converting the demo (issue 17): explicit, and it removes every demo person and post. The
//! company's own workspace starts empty beside the demo, carrying only what the lead shaped
//! there (a template, a hashtag set, a guideline term), and opens on the setup guide.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::sync::Arc;
use tsunagu::guideline::{Severity, Term, TermCategory};
use tsunagu::model::Language;
use tsunagu::store::Source;

#[test]
fn the_demo_becomes_an_empty_company_workspace_keeping_only_its_rules_and_templates() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock(at(2026, 12, 6, 3, 0));
    let mut demo = tsunagu::demo::build(
        &dir.path().join("demo"),
        clock.clone(),
        tsunagu::demo::DemoOptions {
            posts: 20,
            as_demo: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(demo.info().unwrap().people > 0 && demo.info().unwrap().posts > 0);
    // What the lead shaped in the demo.
    tsunagu::app::templates::save_template(
        &mut demo,
        Source::Ui,
        None,
        &tsunagu::templates::TemplateInput {
            purpose: "event".into(),
            name: "社内見学会の告知".into(),
            body: "見学会を開きます。".into(),
            language: "ja".into(),
        },
    )
    .unwrap();
    tsunagu::app::templates::save_hashtag_set(
        &mut demo,
        Source::Ui,
        None,
        "工場見学会2027",
        "#工場見学 #ものづくり",
        "ja",
    )
    .unwrap();
    let mut draft = tsunagu::app::guideline::draft(&demo).unwrap();
    draft.rules.terms.push(Term {
        term: "紅葉".into(),
        category: TermCategory::Confidential,
        severity: Severity::Block,
        message: "開発コードです".into(),
    });
    tsunagu::app::guideline::save_draft(&mut demo, Source::Ui, &draft.title, &draft.rules).unwrap();
    tsunagu::app::guideline::publish(&mut demo, Source::Ui).unwrap();

    let home = dir.path().join("workspace");
    let (own, done) = tsunagu::app::convert::convert_demo(
        &demo,
        &home,
        clock.clone(),
        Arc::new(tsunagu::ids::RandomIds),
        "株式会社テスト工業",
        Some("Asia/Tokyo"),
        Language::Ja,
    )
    .unwrap();
    assert!(
        done.templates >= 1 && done.hashtag_sets >= 1 && done.guideline,
        "{done:?}"
    );
    let info = own.info().unwrap();
    assert_eq!(
        (info.people, info.posts, info.demo),
        (0, 0, false),
        "no demo person or post"
    );
    assert!(!info.setup_done, "it opens on the setup guide");
    assert_eq!(info.name, "株式会社テスト工業");
    assert!(tsunagu::app::templates::templates(&own)
        .unwrap()
        .iter()
        .any(|t| t.name == "社内見学会の告知"));
    let rules = tsunagu::app::guideline::draft(&own).unwrap().rules;
    assert!(rules.terms.iter().any(|t| t.term == "紅葉"));
    assert!(tsunagu::app::people::people(&own).unwrap().is_empty());
    // The demo stays what it was, in its own folder.
    assert!(demo.info().unwrap().demo);

    // Only the demo converts, and never over a company's workspace.
    let again = tsunagu::app::convert::convert_demo(
        &own,
        &dir.path().join("other"),
        clock.clone(),
        Arc::new(tsunagu::ids::RandomIds),
        "x",
        None,
        Language::Ja,
    );
    assert!(again.is_err());
    let over = tsunagu::app::convert::convert_demo(
        &demo,
        &home,
        clock,
        Arc::new(tsunagu::ids::RandomIds),
        "x",
        None,
        Language::Ja,
    );
    assert!(
        over.is_err(),
        "the company's folder already holds a workspace"
    );
}
