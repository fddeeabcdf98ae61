//! The roster: people, consent scopes and expiry, what withdrawal touches, and CSV import of
//! messy real-world files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::collections::BTreeMap;
use tsunagu::model::{Participation::*, Platform, PostStatus, Role};
use tsunagu::posts::NewPost;
use tsunagu::roster::{ConsentInput, PersonInput};
use tsunagu::store::Source;

fn person(name: &str, modes: Vec<tsunagu::model::Participation>) -> PersonInput {
    PersonInput {
        name: name.into(),
        name_reading: String::new(),
        display_name: String::new(),
        department: Some("製造部".into()),
        site: Some("第一工場".into()),
        role: Role::Ambassador,
        participation: modes,
        handles: BTreeMap::new(),
        active: true,
    }
}

fn consent(
    modes: Vec<tsunagu::model::Participation>,
    platforms: Vec<Platform>,
    given: &str,
    expires: Option<&str>,
) -> ConsentInput {
    ConsentInput {
        modes,
        platforms,
        given_on: given.into(),
        expires_on: expires.map(str::to_string),
        evidence_ref: "同意書-0042".into(),
    }
}

#[test]
fn consent_scopes_and_expiry() {
    let dir = tempfile::tempdir().unwrap();
    let c = clock(at(2026, 11, 22, 3, 0));
    let mut ws = open(dir.path(), c.clone(), "Asia/Tokyo").unwrap();
    let id = ws
        .add_person(Source::Ui, &person("佐藤 美咲", vec![HandsOnly]))
        .unwrap();
    let p = tsunagu::app::people::people(&ws)
        .unwrap()
        .into_iter()
        .find(|p| p.id == id)
        .unwrap();
    assert_eq!(p.display_name, "佐藤", "family name by default");
    tsunagu::app::people::add_consent(
        &mut ws,
        Source::Ui,
        id,
        &consent(
            vec![HandsOnly],
            vec![Platform::Instagram],
            "2026-04-01",
            Some("2027-03-31"),
        ),
    )
    .unwrap();
    assert!(tsunagu::app::people::consent_covers(&ws, id, HandsOnly, Platform::Instagram).unwrap());
    assert!(
        !tsunagu::app::people::consent_covers(&ws, id, HandsOnly, Platform::X).unwrap(),
        "outside the platform scope"
    );
    assert!(
        !tsunagu::app::people::consent_covers(&ws, id, FaceShown, Platform::Instagram).unwrap(),
        "outside the mode scope"
    );
    c.set(at(2027, 4, 2, 3, 0));
    assert!(
        !tsunagu::app::people::consent_covers(&ws, id, HandsOnly, Platform::Instagram).unwrap(),
        "expired"
    );
    assert_eq!(
        tsunagu::app::people::consents(&ws, id).unwrap()[0].state,
        tsunagu::roster::consent::ConsentState::Expired
    );

    for (bad, hint) in [
        (
            consent(vec![HandsOnly], vec![], "2026/04/01", None),
            "YYYY-MM-DD",
        ),
        (
            consent(vec![HandsOnly], vec![], "2026-04-01", Some("2026-03-01")),
            "expires before",
        ),
        (
            consent(vec![], vec![], "2026-04-01", None),
            "ways of taking part",
        ),
        (
            ConsentInput {
                evidence_ref: " ".into(),
                ..consent(vec![HandsOnly], vec![], "2026-04-01", None)
            },
            "evidence",
        ),
    ] {
        let err = tsunagu::app::people::add_consent(&mut ws, Source::Ui, id, &bad).unwrap_err();
        assert!(err.to_string().contains(hint), "{err}");
    }
    let err = ws
        .add_person(Source::Ui, &person("x", vec![NotParticipating, FaceShown]))
        .unwrap_err();
    assert!(err.to_string().contains("cannot be combined"), "{err}");
}

#[test]
fn withdrawal_and_leaving_list_the_posts_that_show_the_person() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 22, 3, 0)), "Asia/Tokyo").unwrap();
    let id = ws
        .add_person(Source::Ui, &person("高橋 翔太", vec![FaceShown]))
        .unwrap();
    let cid = tsunagu::app::people::add_consent(
        &mut ws,
        Source::Ui,
        id,
        &consent(vec![FaceShown], vec![], "2026-04-01", None),
    )
    .unwrap();
    let mk = |ws: &mut tsunagu::Workspace, title: &str, status: PostStatus, shown: bool| {
        let mut p = NewPost::draft(title);
        p.status = status;
        p.scheduled_at = Some(at(2026, 11, 25, 3, 0));
        if shown {
            p.people = vec![id];
        }
        ws.create_post(Source::Ui, None, &p).unwrap()
    };
    let scheduled = mk(&mut ws, "予約済みの投稿", PostStatus::Scheduled, true);
    let published = mk(&mut ws, "公開済みの投稿", PostStatus::Published, true);
    mk(&mut ws, "下書き", PostStatus::Draft, true);
    let with_photo = mk(&mut ws, "写真に写っている", PostStatus::Approved, false);
    let jpeg = {
        let img = image::RgbImage::from_pixel(8, 8, image::Rgb([200, 100, 50]));
        let mut b = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut b)
            .encode_image(&img)
            .unwrap();
        b
    };
    let m =
        tsunagu::app::media::attach_image(&mut ws, Source::Ui, None, with_photo, "a.jpg", &jpeg)
            .unwrap();
    tsunagu::app::media::update_media(
        &mut ws,
        Source::Ui,
        None,
        m.id,
        &tsunagu::media::MediaPatch {
            people: Some(vec![id]),
            ..Default::default()
        },
    )
    .unwrap();

    let impact = tsunagu::app::people::withdraw_consent(&mut ws, Source::Ui, cid, None).unwrap();
    let ids: Vec<_> = impact.posts.iter().map(|p| p.id).collect();
    assert_eq!(ids.len(), 3, "{impact:?}");
    assert!(ids.contains(&scheduled) && ids.contains(&published) && ids.contains(&with_photo));
    assert_eq!(
        impact
            .posts
            .iter()
            .find(|p| p.id == with_photo)
            .unwrap()
            .via,
        "image"
    );
    assert!(!tsunagu::app::people::consent_covers(&ws, id, FaceShown, Platform::X).unwrap());
    assert_eq!(
        tsunagu::app::people::consents(&ws, id).unwrap()[0]
            .withdrawn_on
            .as_deref(),
        Some("2026-11-22")
    );

    let mut left = person("高橋 翔太", vec![FaceShown]);
    left.active = false;
    let impact = ws.update_person(Source::Ui, id, &left).unwrap();
    assert_eq!(impact.posts.len(), 3);
}

const MESSY: &str = "\u{FEFF}name,name_reading,department,role,participation,handles,active\r\n\
山田 健一,やまだ けんいち,製造部,ambassador,face_shown,x:@yamada_mfg,yes\r\n\
\r\n\
\"佐藤, 美咲\",さとう みさき,\"製造部\",アンバサダー,手元のみ;後ろ姿,,在籍\r\n\
\"中村 拓也\",なかむら たくや,品質保証部,reviewer,\"声・コメントのみ\",\"bluesky:nakamura.bsky.social\",1\r\n";

#[test]
fn a_messy_excel_file_imports() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 22, 3, 0)), "Asia/Tokyo").unwrap();
    let dry = ws
        .import_roster(Source::Import, MESSY.as_bytes(), true)
        .unwrap();
    assert_eq!(
        (dry.rows, dry.added, dry.errors.len()),
        (3, 3, 0),
        "{dry:?}"
    );
    assert!(
        tsunagu::app::people::people(&ws).unwrap().is_empty(),
        "a dry run writes nothing"
    );

    let report = ws
        .import_roster(Source::Import, MESSY.as_bytes(), false)
        .unwrap();
    assert_eq!(
        (report.added, report.updated, report.encoding.as_str()),
        (3, 0, "UTF-8")
    );
    let people = tsunagu::app::people::people(&ws).unwrap();
    let sato = people.iter().find(|p| p.name == "佐藤, 美咲").unwrap();
    assert_eq!(sato.participation, vec![HandsOnly, BackView]);
    assert_eq!(sato.department.as_deref(), Some("製造部"));

    // Shift_JIS, as Japanese Excel saves it, updates the same people.
    let (sjis, _, lossy) = encoding_rs::SHIFT_JIS.encode(MESSY.trim_start_matches('\u{FEFF}'));
    assert!(!lossy);
    assert!(std::str::from_utf8(&sjis).is_err());
    let report = ws.import_roster(Source::Import, &sjis, false).unwrap();
    assert_eq!(
        (report.added, report.updated, report.encoding.as_str()),
        (0, 3, "Shift_JIS")
    );

    // Export and import again: nothing new.
    let csv = tsunagu::app::people::export_roster(&ws).unwrap();
    assert!(csv.starts_with("\u{FEFF}name,name_reading"));
    assert!(csv.contains("\"佐藤, 美咲\""));
    let report = ws
        .import_roster(Source::Import, csv.as_bytes(), false)
        .unwrap();
    assert_eq!((report.added, report.updated), (0, 3), "{report:?}");
}

#[test]
fn bad_rows_are_reported_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 22, 3, 0)), "Asia/Tokyo").unwrap();
    let bad = "name,role,participation,handles,active\n\
               山田 健一,boss,face_shown,,yes\n\
               ,ambassador,,,\n\
               佐藤 美咲,ambassador,juggling,x,maybe\n\
               中村 拓也,ambassador,hands_only\n";
    let report = ws
        .import_roster(Source::Import, bad.as_bytes(), false)
        .unwrap();
    let found: Vec<(u32, &str)> = report
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (2, "role"),
            (3, "name"),
            (4, "participation"),
            (4, "handles"),
            (4, "active"),
            (5, "")
        ],
        "{:#?}",
        report.errors
    );
    assert_eq!((report.added, report.updated), (0, 0));
    assert!(
        tsunagu::app::people::people(&ws).unwrap().is_empty(),
        "nothing imported"
    );

    // Japanese column names are known (名前, 部署); a column nobody knows is not.
    let report = ws
        .import_roster(
            Source::Import,
            "名前,部署,血液型\n山田,製造部,A\n".as_bytes(),
            false,
        )
        .unwrap();
    assert_eq!(report.errors[0].row, 1);
    assert_eq!(report.errors[0].column, "血液型");
    assert!(report.errors[0].problem.contains("Unknown column"));
    let report = ws
        .import_roster(Source::Import, b"name\n\"unterminated\n", false)
        .unwrap();
    assert!(report.errors[0].problem.contains("never closed"));
    let err = ws
        .import_roster(Source::Import, b"\xff\xfe\x00n\x00a", false)
        .unwrap_err();
    assert!(err.to_string().contains("CSV UTF-8"), "{err}");
}
