//! The guideline engine: terms in any width or kana, personal data, people and consent,
//! disclosure, links, limits and images; versions; term lists as CSV.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use tsunagu::guideline::csv::{parse_terms, write_terms};
use tsunagu::guideline::{
    GuidelineRules, LintContext, Linter, Severity, ShownImage, ShownPerson, Term, TermCategory,
};
use tsunagu::model::{Participation, Platform, Role};
use tsunagu::store::Source;

fn term(t: &str, category: TermCategory, severity: Severity) -> Term {
    Term {
        term: t.into(),
        category,
        severity,
        message: String::new(),
    }
}

fn linter(terms: Vec<Term>) -> Linter {
    Linter::new(
        1,
        GuidelineRules {
            terms,
            ..tsunagu::guideline::default_pack("ja").unwrap().rules
        },
    )
    .unwrap()
}

fn rules_of(findings: &[tsunagu::guideline::Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.rule.as_ref()).collect()
}

#[test]
fn a_term_written_one_way_is_found_in_every_width_and_kana() {
    let l = linter(vec![term(
        "ゾウキン",
        TermCategory::Forbidden,
        Severity::Block,
    )]);
    for text in ["このｿﾞｳｷﾝは", "このぞうきんは", "このゾウキンは"] {
        let f = l.lint(text, &LintContext::default());
        assert_eq!(rules_of(&f), ["term.forbidden"], "{text}");
        assert_eq!(
            &text[f[0].start as usize..f[0].end as usize].chars().count(),
            &text.chars().skip(2).take_while(|c| *c != 'は').count()
        );
        assert!(f[0].blocks());
    }
    // ASCII terms match whole words only, in any case or width.
    let l = linter(vec![term(
        "ZEPHYR",
        TermCategory::Confidential,
        Severity::Block,
    )]);
    assert_eq!(
        rules_of(&l.lint("新ライン zephyr の件", &LintContext::default())),
        ["term.confidential"]
    );
    assert_eq!(
        rules_of(&l.lint("新ライン ＺＥＰＨＹＲ の件", &LintContext::default())),
        ["term.confidential"]
    );
    assert!(l
        .lint("zephyrs and zephyrus", &LintContext::default())
        .is_empty());
}

#[test]
fn ranges_are_given_in_bytes_and_utf16_units() {
    let l = linter(vec![term(
        "社外秘",
        TermCategory::Confidential,
        Severity::Block,
    )]);
    let text = "👨‍👩‍👧 これは社外秘です";
    let f = &l.lint(text, &LintContext::default())[0];
    assert_eq!(&text[f.start as usize..f.end as usize], "社外秘");
    let units: Vec<u16> = text.encode_utf16().collect();
    assert_eq!(
        String::from_utf16(&units[f.start16 as usize..f.end16 as usize]).unwrap(),
        "社外秘"
    );
}

const VARIANTS: &[[&str; 3]] = &[
    ["ぞうきん", "ゾウキン", "ｿﾞｳｷﾝ"],
    ["ぷろじぇくと", "プロジェクト", "ﾌﾟﾛｼﾞｪｸﾄ"],
    ["ばけつ", "バケツ", "ﾊﾞｹﾂ"],
    ["zephyr", "ZEPHYR", "ＺＥＰＨＹＲ"],
    ["ぱーつ", "パーツ", "ﾊﾟｰﾂ"],
];
const FILLER: &[&str] = &[
    "工場",
    "の",
    "、",
    "。",
    " ",
    "😀",
    "👍🏽",
    "ｱｲｳ",
    "ＡＢ",
    "\n",
    "検査",
    "#PR",
    "①",
    "〜",
];

/// A term written one way (`written`), typed another (`typed`) between filler; the finding
/// must point at what was typed, in bytes and UTF-16 units, on character boundaries.
fn variant_is_found(
    written: &str,
    typed: &str,
    before: &[&str],
    after: &[&str],
) -> Result<(), proptest::test_runner::TestCaseError> {
    let l = linter(vec![term(written, TermCategory::Caution, Severity::Warn)]);
    let mut text = before.concat();
    // Keep ASCII terms apart from ASCII filler so the word rule does not apply.
    text.push('「');
    let at = text.len();
    text.push_str(typed);
    text.push('」');
    text.push_str(&after.concat());
    let found = l.lint(&text, &LintContext::default());
    let hit = found.iter().find(|f| f.rule == "term.caution");
    proptest::prop_assert!(hit.is_some(), "{} not found in {:?}", written, text);
    let hit = hit.unwrap();
    proptest::prop_assert_eq!(
        (
            hit.start as usize,
            &text[hit.start as usize..hit.end as usize]
        ),
        (at, typed),
        "{:?}",
        text
    );
    for f in &found {
        proptest::prop_assert!(
            text.is_char_boundary(f.start as usize) && text.is_char_boundary(f.end as usize)
        );
        let units = text[..f.start as usize].encode_utf16().count() as u32;
        proptest::prop_assert_eq!(units, f.start16, "{:?}", text);
    }
    Ok(())
}

proptest::proptest! {
    // A fixed seed (the one this test used before proptest): CI checks the same 2,000 cases.
    #![proptest_config(proptest::test_runner::Config {
        cases: 2_000,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x5EED_1234_ABCD_0001),
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    })]
    #[test]
    fn property_any_variant_is_found_and_ranges_land_on_character_boundaries(
        (set, w, t) in (proptest::sample::select(VARIANTS), 0..3usize, 0..3usize),
        before in proptest::collection::vec(proptest::sample::select(FILLER), 0..6),
        after in proptest::collection::vec(proptest::sample::select(FILLER), 0..6),
    ) {
        variant_is_found(set[w], set[t], &before, &after)?;
    }
}

#[test]
fn personal_data_is_found_with_full_width_digits() {
    let l = linter(vec![]);
    let f = l.lint(
        "詳しくは０９０－１２３４－５６７８か yamada@example.jp まで。番号 123456789018",
        &LintContext::default(),
    );
    assert_eq!(rules_of(&f), ["pii.phone", "pii.email", "pii.my_number"]);
    assert_eq!(f[0].severity, Severity::Block);
    assert!(f[0].message_ja.contains("０９０－１２３４－５６７８"));
    assert!(f[0].suggestion_ja.is_some());
}

fn person(
    name: &str,
    modes: Vec<Participation>,
    consent: Option<(Vec<Participation>, &str)>,
) -> ShownPerson {
    use tsunagu::roster::consent::ConsentState;
    ShownPerson {
        id: tsunagu::ids::PersonId::parse("01900000-0000-7000-8000-000000000001").unwrap(),
        name: Some(name.into()),
        active: true,
        participation: modes,
        consents_here: true,
        consents: consent
            .map(|(m, state)| {
                vec![tsunagu::roster::ConsentRecord {
                    id: tsunagu::ids::RowId::parse("01900000-0000-7000-8000-0000000000c1").unwrap(),
                    person: tsunagu::ids::PersonId::parse("01900000-0000-7000-8000-000000000001")
                        .unwrap(),
                    modes: m,
                    platforms: vec![],
                    given_on: "2026-01-01".into(),
                    expires_on: None,
                    evidence_ref: String::new(),
                    withdrawn_on: None,
                    state: match state {
                        "expired" => ConsentState::Expired,
                        "withdrawn" => ConsentState::Withdrawn,
                        _ => ConsentState::Active,
                    },
                }]
            })
            .unwrap_or_default(),
    }
}

#[test]
fn people_rules_follow_the_roster_and_consent() {
    let l = linter(vec![]);
    let hands = person(
        "木下 遥",
        vec![Participation::HandsOnly],
        Some((vec![Participation::HandsOnly], "active")),
    );
    let image = |faces| ShownImage {
        file_name: "line.jpg".into(),
        alt_text: "検査の手元".into(),
        faces_visible: faces,
        people: vec![hands.id],
    };
    let ctx = |p: ShownPerson, faces| LintContext {
        platforms: vec![Platform::X],
        people: vec![p],
        images: vec![image(faces)],
        ..Default::default()
    };
    let f = l.lint("検査の様子", &ctx(hands.clone(), true));
    assert_eq!(rules_of(&f), ["people.no_face"]);
    assert!(f[0].message_ja.contains("木下 遥") && f[0].message.contains("line.jpg"));
    assert!(
        l.lint("検査の様子", &ctx(hands.clone(), false)).is_empty(),
        "hands only, no faces: fine"
    );

    let expired = person(
        "木下 遥",
        vec![Participation::FaceShown],
        Some((vec![Participation::FaceShown], "expired")),
    );
    assert_eq!(
        rules_of(&l.lint("x", &ctx(expired, false))),
        ["people.consent"]
    );
    let withdrawn = person(
        "木下 遥",
        vec![Participation::FaceShown],
        Some((vec![Participation::FaceShown], "withdrawn")),
    );
    let f = l.lint("x", &ctx(withdrawn, false));
    assert!(f[0].message.contains("withdrew"));
    let left = ShownPerson {
        active: false,
        ..hands.clone()
    };
    assert_eq!(rules_of(&l.lint("x", &ctx(left, false))), ["people.left"]);
    let unknown = ShownPerson {
        name: None,
        ..hands.clone()
    };
    assert_eq!(
        rules_of(&l.lint("x", &ctx(unknown, false))),
        ["people.unknown"]
    );
    // On an ambassador's laptop in a team a colleague's consent is not held: a warning that
    // the review checks it, not a missing consent (which blocks).
    let elsewhere = ShownPerson {
        consents: Vec::new(),
        consents_here: false,
        ..hands.clone()
    };
    let f = l.lint("x", &ctx(elsewhere.clone(), false));
    assert_eq!(rules_of(&f), ["people.consent_elsewhere"]);
    assert_eq!(f[0].severity, tsunagu::guideline::Severity::Warn);
    let missing = ShownPerson {
        consents_here: true,
        ..elsewhere
    };
    assert_eq!(
        rules_of(&l.lint("x", &ctx(missing, false))),
        ["people.consent"]
    );
    let face_ok = person(
        "木下 遥",
        vec![Participation::FaceShown],
        Some((vec![Participation::FaceShown], "active")),
    );
    assert!(l.lint("x", &ctx(face_ok, true)).is_empty());
}

#[test]
fn disclosure_links_limits_and_alt_text() {
    let mut rules = tsunagu::guideline::default_pack("ja").unwrap().rules;
    rules.products = vec!["精密シャフト".into()];
    rules.allowed_domains = vec!["minato-seiko.co.jp".into()];
    let l = Linter::new(1, rules).unwrap();
    let ambassador = LintContext {
        author_role: Some(Role::Ambassador),
        ..Default::default()
    };
    assert_eq!(
        rules_of(&l.lint("新しい精密シャフト、ぜひ！", &ambassador)),
        ["disclosure"]
    );
    assert!(l
        .lint("新しい精密シャフト、ぜひ！ #PR", &ambassador)
        .is_empty());
    assert!(l
        .lint("私は社員です。精密シャフトの話", &ambassador)
        .is_empty());
    let lead = LintContext {
        author_role: Some(Role::Lead),
        ..Default::default()
    };
    assert!(
        l.lint("新しい精密シャフト", &lead).is_empty(),
        "the company's own voice"
    );
    // The lead's post that shows an employee or gives their voice (made from their material)
    // is covered too, whoever typed it.
    let employee = LintContext {
        author_role: Some(Role::Lead),
        employee_voice: true,
        ..Default::default()
    };
    let f = l.lint("製造部の木下さんが精密シャフトを語ります", &employee);
    assert_eq!(rules_of(&f), ["disclosure"]);
    assert!(
        f[0].message_ja.contains("社員が登場する"),
        "{}",
        f[0].message_ja
    );
    assert!(l
        .lint("製造部の木下さんが精密シャフトを語ります #PR", &employee)
        .is_empty());

    let f = l.lint(
        "詳しくは https://bit.ly/abc と https://other.co.jp/x と https://www.minato-seiko.co.jp/a",
        &LintContext::default(),
    );
    assert_eq!(rules_of(&f), ["link.shortener", "link.domain"]);

    let long = "あ".repeat(310);
    let f = l.lint(
        &long,
        &LintContext {
            platforms: vec![Platform::X, Platform::Bluesky],
            ..Default::default()
        },
    );
    assert_eq!(
        rules_of(&f),
        ["limit.x", "limit.bluesky"],
        "by where each stops fitting"
    );
    assert!(f.iter().all(|x| x.blocks()));

    let f = l.lint(
        "写真です",
        &LintContext {
            images: vec![ShownImage {
                file_name: "a.jpg".into(),
                alt_text: " ".into(),
                faces_visible: false,
                people: vec![],
            }],
            ..Default::default()
        },
    );
    assert_eq!(rules_of(&f), ["image.alt"]);
    assert_eq!(f[0].severity, Severity::Warn);
}

#[test]
fn versions_are_kept_and_drafts_publish_as_the_next_version() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 22, 3, 0)), "Asia/Tokyo").unwrap();
    let v1 = tsunagu::app::training::current_guideline(&ws)
        .unwrap()
        .unwrap();
    assert_eq!(
        v1.version, 1,
        "a new workspace starts with the default pack"
    );
    assert!(!ws.linter().unwrap().rules().checklist.is_empty());

    let mut draft = tsunagu::app::guideline::draft(&ws).unwrap();
    assert_eq!((draft.version, draft.unpublished), (2, false));
    draft.rules.terms.push(term(
        "プロジェクト青嵐",
        TermCategory::Confidential,
        Severity::Block,
    ));
    let saved =
        tsunagu::app::guideline::save_draft(&mut ws, Source::Ui, "第2版", &draft.rules).unwrap();
    assert!(saved.unpublished);
    assert_eq!(
        ws.linter().unwrap().version(),
        1,
        "a draft changes nothing yet"
    );
    let v2 = tsunagu::app::guideline::publish(&mut ws, Source::Ui).unwrap();
    assert_eq!(v2.version, 2);
    let l = ws.linter().unwrap();
    assert_eq!(l.version(), 2);
    assert_eq!(
        rules_of(&l.lint("ﾌﾟﾛｼﾞｪｸﾄ青嵐の件", &LintContext::default())),
        ["term.confidential"]
    );
    assert_eq!(tsunagu::app::guideline::versions(&ws).unwrap().len(), 2);
    assert!(
        tsunagu::app::guideline::rules(&ws, 1).unwrap().terms.len()
            < tsunagu::app::guideline::rules(&ws, 2).unwrap().terms.len()
    );
    assert!(
        tsunagu::app::guideline::publish(&mut ws, Source::Ui).is_err(),
        "nothing left to publish"
    );

    let mut bad = draft.rules.clone();
    bad.checklist.push(bad.checklist[0].clone());
    let err = tsunagu::app::guideline::save_draft(&mut ws, Source::Ui, "第3版", &bad).unwrap_err();
    assert!(err.to_string().contains("used twice"), "{err}");
    bad = draft.rules.clone();
    bad.allowed_domains = vec!["https://example.jp/".into()];
    assert!(tsunagu::app::guideline::save_draft(&mut ws, Source::Ui, "第3版", &bad).is_err());
}

#[test]
fn term_lists_round_trip_as_csv_and_bad_lines_are_all_reported() {
    let terms = vec![
        Term {
            term: "社外秘".into(),
            category: TermCategory::Confidential,
            severity: Severity::Block,
            message: "出せません, 絶対に".into(),
        },
        Term {
            term: "日本一".into(),
            category: TermCategory::Caution,
            severity: Severity::Warn,
            message: String::new(),
        },
    ];
    let csv = write_terms(&terms);
    assert_eq!(parse_terms(csv.as_bytes()).unwrap().unwrap(), terms);
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&csv[3..]);
    assert_eq!(
        parse_terms(&sjis).unwrap().unwrap(),
        terms,
        "Shift_JIS from Excel"
    );

    let bad = "term,category,severity,message\n社外秘,secret,block,\n,caution,warn,x\n日本一,caution,maybe,\n\n良い,caution,info,ok\n";
    let errors = parse_terms(bad.as_bytes()).unwrap().unwrap_err();
    let lines: Vec<(u32, &str)> = errors.iter().map(|e| (e.row, e.column.as_str())).collect();
    assert_eq!(lines, [(2, "category"), (3, "term"), (4, "severity")]);
    let wrong_header = parse_terms("word,kind\nx,y\n".as_bytes())
        .unwrap()
        .unwrap_err();
    assert_eq!(wrong_header[0].row, 1);
}

#[test]
fn a_post_scheduled_on_a_day_of_mourning_or_during_a_crisis_is_flagged_with_the_reason() {
    let l = linter(Vec::new());
    let on = |y, m, d| LintContext {
        platforms: vec![Platform::X],
        scheduled_on: chrono::NaiveDate::from_ymd_opt(y, m, d),
        ..Default::default()
    };
    // The pack's days, every year, with the reason in the finding.
    for (m, d, reason) in [
        (3, 11, "東日本大震災"),
        (1, 17, "阪神・淡路大震災"),
        (8, 6, "広島"),
        (8, 9, "長崎"),
        (8, 15, "終戦の日"),
    ] {
        for year in [2027, 2031] {
            let f = l.lint("新製品のお知らせです。", &on(year, m, d));
            assert_eq!(rules_of(&f), ["calendar.sensitive_day"], "{m}/{d}");
            assert_eq!(f[0].severity, Severity::Warn);
            assert!(f[0].message_ja.contains(reason), "{}", f[0].message_ja);
            assert!(f[0].message_ja.starts_with(&format!("{m}月{d}日")));
        }
    }
    // The days around them, and a post with no date, are quiet.
    for (m, d) in [(3, 10), (3, 12), (8, 7), (1, 16)] {
        assert!(l.lint("新製品のお知らせです。", &on(2027, m, d)).is_empty());
    }
    assert!(l
        .lint("新製品のお知らせです。", &LintContext::default())
        .is_empty());
    // The company's own day, written as a person would, and a severity of its own.
    let mut rules = tsunagu::guideline::default_pack("ja").unwrap().rules;
    rules.sensitive_days.push(tsunagu::guideline::SensitiveDay {
        date: "6月1日".into(),
        reason: "創業者の命日".into(),
    });
    rules
        .detectors
        .insert("calendar.sensitive_day".into(), Severity::Block);
    let own = Linter::new(2, rules).unwrap();
    let f = own.lint("x", &on(2027, 6, 1));
    assert!(f[0].message_ja.contains("創業者の命日") && f[0].blocks());
    // A crisis the lead declared: every scheduled post is flagged.
    let f = l.lint(
        "x",
        &LintContext {
            crisis: true,
            ..on(2027, 5, 20)
        },
    );
    assert_eq!(rules_of(&f), ["calendar.crisis"]);
}

#[test]
fn the_sensitive_days_are_in_the_workspace_and_a_bad_day_is_refused_with_what_to_write() {
    let (_d, mut ws) = demo_ws(clock(at(2027, 3, 1, 0, 0)));
    let post = ws
        .create_post_at(
            Source::Ui,
            None,
            "春の新製品",
            "2027-03-11T09:00",
            &[Platform::X],
        )
        .unwrap()
        .id;
    write_body(&mut ws, post, "春の新製品が出ます。");
    let check = ws.check_post(post).unwrap();
    assert!(
        check
            .findings
            .iter()
            .any(|f| f.rule == "calendar.sensitive_day" && f.message_ja.contains("東日本大震災")),
        "{check:?}"
    );
    // Moved a day later, it is quiet.
    ws.reschedule(Source::Ui, None, post, "2027-03-12T09:00")
        .unwrap();
    assert!(!ws
        .check_post(post)
        .unwrap()
        .findings
        .iter()
        .any(|f| f.rule.starts_with("calendar.")));
    // During a crisis the lead declared, it is flagged again.
    tsunagu::app::crisis::pause(&mut ws, Source::Ui).unwrap();
    assert!(ws
        .check_post(post)
        .unwrap()
        .findings
        .iter()
        .any(|f| f.rule == "calendar.crisis"));
    // A day that is not one is refused, with a typed rule the screens translate.
    let mut draft = tsunagu::app::guideline::draft(&ws).unwrap();
    draft
        .rules
        .sensitive_days
        .push(tsunagu::guideline::SensitiveDay {
            date: "2/30".into(),
            reason: "ありえない日".into(),
        });
    let err = tsunagu::app::guideline::save_draft(&mut ws, Source::Ui, &draft.title, &draft.rules)
        .unwrap_err();
    assert_eq!(err.rule(), Some(tsunagu::error::Rule::BadMonthDay));
    assert!(err.to_string().contains("3/11"), "{err}");
}

#[test]
fn a_draft_made_from_an_employees_material_is_checked_for_disclosure() {
    let (_d, mut ws) = demo_ws(clock(at(2026, 11, 22, 3, 0)));
    let mut draft = tsunagu::app::guideline::draft(&ws).unwrap();
    draft.rules.products = vec!["精密シャフト".into()];
    tsunagu::app::guideline::save_draft(&mut ws, Source::Ui, &draft.title, &draft.rules).unwrap();
    tsunagu::app::guideline::publish(&mut ws, Source::Ui).unwrap();
    let giver = tsunagu::app::people::people(&ws)
        .unwrap()
        .into_iter()
        .find(|p| p.role == Role::Ambassador)
        .unwrap()
        .id;
    let material = tsunagu::app::materials::send_material(
        &mut ws,
        Source::Ui,
        giver,
        None,
        "新しい精密シャフトの検査をしました",
        None,
    )
    .unwrap();
    let post = tsunagu::app::materials::material_to_draft(&mut ws, Source::Ui, material).unwrap();
    let check = ws.check_post(post).unwrap();
    assert!(
        check
            .findings
            .iter()
            .any(|f| f.rule == "disclosure" && f.blocks()),
        "{check:?}"
    );
}
