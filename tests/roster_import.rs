//! The roster from Excel as it is: an `.xlsx` workbook read directly and CSV in Shift_JIS,
//! both with Japanese column names; an unknown column named with the names to use instead; a
//! file that is not a workbook refused with what to do. All or nothing, as any import.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use tsunagu::model::Participation::*;
use tsunagu::store::Source;

const XLSX: &[u8] = include_bytes!("fixtures/roster_ja.xlsx");

#[test]
fn an_excel_workbook_with_japanese_headers_imports() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 22, 3, 0)), "Asia/Tokyo").unwrap();
    let dry = ws.import_roster(Source::Import, XLSX, true).unwrap();
    assert_eq!(
        (dry.rows, dry.added, dry.errors.len(), dry.encoding.as_str()),
        (3, 3, 0, "xlsx"),
        "{dry:?}"
    );
    assert!(tsunagu::app::people::people(&ws).unwrap().is_empty());
    let report = ws.import_roster(Source::Import, XLSX, false).unwrap();
    assert_eq!((report.added, report.errors.len()), (3, 0), "{report:?}");
    let people = tsunagu::app::people::people(&ws).unwrap();
    let sato = people.iter().find(|p| p.name == "佐藤, 美咲").unwrap();
    assert_eq!(sato.department.as_deref(), Some("品質保証部"));
    assert_eq!(sato.participation, vec![HandsOnly, BackView]);
    let yamada = people.iter().find(|p| p.name == "山田 健一").unwrap();
    let detail = tsunagu::app::people::person(&ws, yamada.id).unwrap();
    assert_eq!(detail.input.name_reading, "ヤマダ ケンイチ");
    assert_eq!(detail.input.site.as_deref(), Some("第一工場"));
    // The same workbook again: the same people, updated, nobody added.
    let again = ws.import_roster(Source::Import, XLSX, false).unwrap();
    assert_eq!((again.added, again.updated), (0, 3));
}

#[test]
fn shift_jis_csv_with_japanese_headers_and_bad_columns() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 22, 3, 0)), "Asia/Tokyo").unwrap();
    let csv = "氏名,フリガナ,部署,役割,参加のしかた,在籍\r\n中村 拓也,ナカムラ タクヤ,技術開発部,reviewer,声・コメントのみ,在籍\r\n";
    let (sjis, _, lossy) = encoding_rs::SHIFT_JIS.encode(csv);
    assert!(!lossy);
    let report = ws.import_roster(Source::Import, &sjis, false).unwrap();
    assert_eq!(
        (report.added, report.encoding.as_str(), report.errors.len()),
        (1, "Shift_JIS", 0),
        "{report:?}"
    );
    // A column nobody knows is named, with the names to use; nothing is written.
    let bad = "氏名,血液型\n鈴木 一郎,A\n";
    let report = ws
        .import_roster(Source::Import, bad.as_bytes(), false)
        .unwrap();
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].column, "血液型");
    assert!(report.errors[0].problem.contains("氏名, フリガナ"));
    assert_eq!(tsunagu::app::people::people(&ws).unwrap().len(), 1);
    // A file that only looks like a workbook.
    let e = ws
        .import_roster(Source::Import, b"PK\x03\x04 not really a zip", false)
        .unwrap_err();
    assert!(
        e.to_string().contains("Excel file could not be read"),
        "{e}"
    );
    assert_eq!(tsunagu::app::people::people(&ws).unwrap().len(), 1);
}

#[test]
fn a_japanese_workspace_exports_japanese_headers_that_import_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 22, 3, 0)), "Asia/Tokyo").unwrap();
    ws.update_settings(
        Source::Ui,
        &tsunagu::settings::SettingsPatch {
            language: Some(tsunagu::model::Language::Ja),
            ..Default::default()
        },
    )
    .unwrap();
    ws.import_roster(Source::Import, XLSX, false).unwrap();
    let csv = tsunagu::app::people::export_roster(&ws).unwrap();
    assert!(
        csv.starts_with(
            "\u{FEFF}氏名,ふりがな,表示名,部署,拠点,役割,参加のしかた,アカウント,在籍,同意期限\r\n"
        ),
        "{csv}"
    );
    assert!(csv.contains("\"佐藤, 美咲\""));
    assert!(
        csv.contains("手元のみ;後ろ姿") && csv.contains("アンバサダー") && csv.contains("在籍")
    );
    let before = tsunagu::app::people::people(&ws).unwrap();
    let again = ws
        .import_roster(Source::Import, csv.as_bytes(), false)
        .unwrap();
    assert_eq!(
        (again.added, again.updated, again.errors.len()),
        (0, 3, 0),
        "{again:?}"
    );
    assert_eq!(tsunagu::app::people::people(&ws).unwrap(), before);
}

#[test]
fn a_consent_deadline_column_records_each_persons_consent() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 22, 3, 0)), "Asia/Tokyo").unwrap();
    let csv = "氏名,参加のしかた,同意期限\n山田 太郎,顔出しOK,2027/3/31\n佐藤 花子,手元のみ,\n";
    let r = ws
        .import_roster(Source::Import, csv.as_bytes(), false)
        .unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let people = tsunagu::app::people::people(&ws).unwrap();
    let taro = people.iter().find(|p| p.name == "山田 太郎").unwrap();
    let consents = tsunagu::app::people::consents(&ws, taro.id).unwrap();
    assert_eq!(consents.len(), 1);
    assert_eq!(consents[0].expires_on.as_deref(), Some("2027-03-31"));
    assert_eq!(consents[0].modes, vec![FaceShown]);
    let hanako = people.iter().find(|p| p.name == "佐藤 花子").unwrap();
    assert!(tsunagu::app::people::consents(&ws, hanako.id)
        .unwrap()
        .is_empty());
    // The same sheet again records nothing twice.
    ws.import_roster(Source::Import, csv.as_bytes(), false)
        .unwrap();
    assert_eq!(
        tsunagu::app::people::consents(&ws, taro.id).unwrap().len(),
        1
    );

    // A deadline already past, or one without the ways of taking part, is named; nothing is written.
    let bad = "氏名,参加のしかた,同意期限\n中村 一郎,顔出しOK,2026/10/1\n木村 二郎,,2027/1/1\n";
    let r = ws
        .import_roster(Source::Import, bad.as_bytes(), false)
        .unwrap();
    let named: Vec<(u32, &str, tsunagu::sheet::RowProblem)> = r
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str(), e.code))
        .collect();
    assert_eq!(
        named,
        vec![
            (2, "consent_until", tsunagu::sheet::RowProblem::BadDate),
            (3, "consent_until", tsunagu::sheet::RowProblem::BadValue),
        ]
    );
    assert!(!tsunagu::app::people::people(&ws)
        .unwrap()
        .iter()
        .any(|p| p.name == "中村 一郎"));
}

#[test]
fn a_column_the_import_does_not_know_is_mapped_by_the_lead() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 22, 3, 0)), "Asia/Tokyo").unwrap();
    let csv = "社員氏名,所属部署,備考\n山田 太郎,製造部,メモ\n";
    let r = ws
        .import_roster(Source::Import, csv.as_bytes(), true)
        .unwrap();
    let unknown: Vec<&str> = r
        .errors
        .iter()
        .filter(|e| e.code == tsunagu::sheet::RowProblem::UnknownColumn)
        .map(|e| e.column.as_str())
        .collect();
    assert_eq!(unknown, vec!["社員氏名", "所属部署", "備考"]);
    let mapping = [
        ("社員氏名".to_string(), "name".to_string()),
        ("所属部署".to_string(), "department".to_string()),
        ("備考".to_string(), String::new()),
    ]
    .into_iter()
    .collect();
    let r = tsunagu::roster::csv::import_mapped(
        &mut ws,
        Source::Import,
        csv.as_bytes(),
        false,
        &mapping,
        &tsunagu::progress::Progress::none(),
    )
    .unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let people = tsunagu::app::people::people(&ws).unwrap();
    assert_eq!(people[0].name, "山田 太郎");
    assert_eq!(people[0].department.as_deref(), Some("製造部"));
    // A mapping to a column that does not exist is no mapping at all.
    let wrong = [("社員氏名".to_string(), "salary".to_string())]
        .into_iter()
        .collect();
    let r = tsunagu::roster::csv::import_mapped(
        &mut ws,
        Source::Import,
        csv.as_bytes(),
        true,
        &wrong,
        &tsunagu::progress::Progress::none(),
    )
    .unwrap();
    assert!(r.errors.iter().any(|e| e.column == "社員氏名"));
}
