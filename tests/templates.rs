//! Templates and hashtag sets: shipped in both languages, editable.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use tsunagu::store::Source;
use tsunagu::templates::{TemplateInput, PURPOSES};

#[test]
fn a_new_workspace_has_every_purpose_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let ws = open(dir.path(), clock(at(2026, 11, 22, 0, 0)), "Asia/Tokyo").unwrap();
    let all = tsunagu::app::templates::templates(&ws).unwrap();
    for lang in ["ja", "en"] {
        for purpose in PURPOSES {
            assert!(
                all.iter()
                    .any(|t| t.language == lang && t.purpose == *purpose),
                "{lang} {purpose}"
            );
        }
    }
    let ja_site = all
        .iter()
        .find(|t| t.language == "ja" && t.purpose == "site")
        .unwrap();
    assert!(ja_site.body.contains("現場の一枚"));
    let sets = tsunagu::app::templates::hashtag_sets(&ws).unwrap();
    assert!(sets
        .iter()
        .any(|s| s.language == "ja" && s.tags.iter().all(|t| t.starts_with('#'))));
}

#[test]
fn templates_are_edited_in_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 22, 0, 0)), "Asia/Tokyo").unwrap();
    let input = TemplateInput {
        purpose: "safety".into(),
        name: "ヒヤリハット共有".into(),
        body: "［場所］でのヒヤリハット：［内容］".into(),
        language: "ja".into(),
    };
    let t = tsunagu::app::templates::save_template(&mut ws, Source::Ui, None, &input).unwrap();
    let edited = tsunagu::app::templates::save_template(
        &mut ws,
        Source::Ui,
        Some(t.id),
        &TemplateInput {
            body: "［場所］：［内容］→［対策］".into(),
            ..input.clone()
        },
    )
    .unwrap();
    assert_eq!(edited.body, "［場所］：［内容］→［対策］");
    tsunagu::app::templates::delete_template(&mut ws, Source::Ui, t.id).unwrap();
    assert!(!tsunagu::app::templates::templates(&ws)
        .unwrap()
        .iter()
        .any(|x| x.id == t.id));
    for bad in [
        TemplateInput {
            purpose: "gossip".into(),
            ..input.clone()
        },
        TemplateInput {
            name: " ".into(),
            ..input.clone()
        },
        TemplateInput {
            body: "".into(),
            ..input.clone()
        },
        TemplateInput {
            language: "fr".into(),
            ..input.clone()
        },
    ] {
        assert!(
            tsunagu::app::templates::save_template(&mut ws, Source::Ui, None, &bad).is_err(),
            "{bad:?}"
        );
    }
}

#[test]
fn hashtag_sets_are_edited_in_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 22, 0, 0)), "Asia/Tokyo").unwrap();
    let set = tsunagu::app::templates::save_hashtag_set(
        &mut ws,
        Source::Ui,
        None,
        "展示会",
        "#展示会, ものづくり　＃精密加工",
        "ja",
    )
    .unwrap();
    assert_eq!(set.tags, ["#展示会", "#ものづくり", "#精密加工"]);
    let set = tsunagu::app::templates::save_hashtag_set(
        &mut ws,
        Source::Ui,
        Some(set.id),
        "展示会",
        "#展示会",
        "ja",
    )
    .unwrap();
    assert_eq!(set.tags, ["#展示会"]);
    assert!(tsunagu::app::templates::save_hashtag_set(
        &mut ws,
        Source::Ui,
        None,
        "x",
        "#a-b",
        "ja"
    )
    .unwrap_err()
    .to_string()
    .contains("#a-b"));
    assert!(
        tsunagu::app::templates::save_hashtag_set(&mut ws, Source::Ui, None, "x", "  ", "ja")
            .is_err()
    );
    tsunagu::app::templates::delete_hashtag_set(&mut ws, Source::Ui, set.id).unwrap();
    assert!(!tsunagu::app::templates::hashtag_sets(&ws)
        .unwrap()
        .iter()
        .any(|s| s.id == set.id));
}
