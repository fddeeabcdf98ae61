//! The writing assistant against a faithful fake of an OpenAI-compatible endpoint that records
//! what it received: off by default; an endpoint on this machine gets the text as written; an
//! endpoint anywhere else never receives a phone number, an e-mail address, a roster name or a
//! confidential term (they come back in the answer from their placeholders); a blocking
//! finding stops a request before it is sent; a cloud endpoint needs the lead's permission and
//! never receives a photo; every platform version fits its counter; a stopped answer writes
//! nothing; and what the assistant wrote is kept with the post, masked.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fake_openai::{Answer, FakeOpenAi};
use common::*;
use tsunagu::app::assistant::{self as a, FitSuggestion};
use tsunagu::assistant::{AssistantInput, Place};
use tsunagu::secrets::MemorySecrets;
use tsunagu::store::Source;
use tsunagu::Rule;

const PHONE: &str = "03-1234-5678";
const MAIL: &str = "tanaka.k@minato-seiko.co.jp";
const SECRET_TERM: &str = "開発コード";

fn demo() -> (tempfile::TempDir, tsunagu::Workspace) {
    demo_company()
}

fn input(endpoint: &str) -> AssistantInput {
    AssistantInput {
        endpoint: endpoint.into(),
        model: "qwen2.5:7b".into(),
        vision_model: String::new(),
        key: String::new(),
    }
}

/// A material whose comment holds a colleague's name, a phone, an e-mail and a confidential
/// term; returns it and the colleague's name.
fn material(ws: &mut tsunagu::Workspace) -> (tsunagu::ids::RowId, String, String) {
    let people = tsunagu::app::people::people(ws).unwrap();
    let giver = people[0].clone();
    let colleague = people[1].name.clone();
    let comment =
        format!("{colleague}さんと段取り替えをしました。{SECRET_TERM}の件は{PHONE}か{MAIL}まで。");
    let m = tsunagu::app::materials::send_material(ws, Source::Ui, giver.id, None, &comment, None)
        .unwrap();
    (m, colleague, giver.display_name)
}

#[test]
fn off_by_default_and_says_how_to_turn_it_on() {
    let (_dir, ws) = demo();
    let secrets = MemorySecrets::default();
    assert_eq!(a::assistant_settings(&ws, &secrets).unwrap(), None);
    let err = a::ready(&ws, &secrets).err().unwrap();
    assert_eq!(err.rule(), Some(Rule::AssistantOff));
    assert!(err.to_string().contains("Settings"), "{err}");
}

#[test]
fn this_machine_gets_the_text_as_written_and_the_draft_is_kept_with_its_history() {
    let (_dir, mut ws) = demo();
    let fake = FakeOpenAi::start(Answer::Echo("下書き：".into()));
    let secrets = MemorySecrets::default();
    let shown = a::set_assistant(&ws, &secrets, Some(&input(&format!("{}/v1", fake.url))))
        .unwrap()
        .unwrap();
    assert_eq!(shown.place, Place::ThisMachine);
    let (m, colleague, _) = material(&mut ws);
    let ready = a::ready(&ws, &secrets).unwrap();
    let mut pieces = 0;
    let post = a::draft_from_material(&mut ws, &ready, m, &mut |_| {
        pieces += 1;
        true
    })
    .unwrap();
    assert!(pieces > 1, "the answer streamed in pieces");
    let got = fake.received();
    for s in [PHONE, MAIL, SECRET_TERM, colleague.as_str()] {
        assert!(
            got.contains(s),
            "a model on this machine reads {s} as written"
        );
    }
    assert_eq!(fake.requests()[0]["stream"], true);
    let body = ws.post(post).unwrap().body;
    assert!(
        body.starts_with("下書き：") && body.contains(PHONE),
        "{body}"
    );
    // The history keeps the exchange masked, and marks the draft as the assistant's.
    let notes = a::notes(&ws, post).unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(
        (notes[0].task.as_str(), notes[0].place.as_str()),
        ("draft", "this_machine")
    );
    for s in [PHONE, MAIL, SECRET_TERM, colleague.as_str()] {
        assert!(
            !notes[0].request.contains(s) && !notes[0].answer.contains(s),
            "{s} kept"
        );
    }
    assert!(notes[0].request.contains("[[PRIVATE_1]]"));
    let sources: Vec<String> = rusqlite::Connection::open(ws.dir().join("tsunagu.db"))
        .unwrap()
        .prepare("SELECT DISTINCT source FROM changes WHERE entity = 'assistant_notes' OR (entity = 'posts' AND entity_id = ?1)")
        .unwrap()
        .query_map([post.as_string()], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(sources.contains(&"assistant".to_string()), "{sources:?}");
}

#[test]
fn nothing_secret_reaches_an_endpoint_elsewhere_and_it_comes_back_in_place() {
    let (_dir, mut ws) = demo();
    let fake = FakeOpenAi::start(Answer::Echo("案：".into()));
    let secrets = MemorySecrets::default();
    let office = format!("http://assistant.office.lan:{}/v1", fake.addr.port());
    assert_eq!(
        a::set_assistant(&ws, &secrets, Some(&input(&office)))
            .unwrap()
            .unwrap()
            .place,
        Place::Office
    );
    let (m, colleague, giver) = material(&mut ws);
    let ready = a::ready(&ws, &secrets)
        .unwrap()
        .resolving("assistant.office.lan", fake.addr)
        .unwrap();
    let post = a::draft_from_material(&mut ws, &ready, m, &mut |_| true).unwrap();
    let got = fake.received();
    let surname = colleague.split_whitespace().next().unwrap();
    for s in [
        PHONE,
        MAIL,
        SECRET_TERM,
        colleague.as_str(),
        surname,
        giver.as_str(),
    ] {
        assert!(!got.contains(s), "{s} reached the endpoint: {got}");
    }
    assert!(
        got.contains("[[PERSON_1]]")
            && got.contains("[[PRIVATE_1]]")
            && got.contains("[[SECRET_1]]")
    );
    // The answer gets them back, in their places.
    let body = ws.post(post).unwrap().body;
    for s in [PHONE, MAIL, SECRET_TERM, colleague.as_str()] {
        assert!(body.contains(s), "{s} back in {body}");
    }
    assert!(!body.contains("[["), "{body}");
}

#[test]
fn a_blocking_finding_stops_the_request_before_it_is_sent() {
    let (_dir, mut ws) = demo();
    let fake = FakeOpenAi::start(Answer::Text("x".into()));
    let secrets = MemorySecrets::default();
    a::set_assistant(&ws, &secrets, Some(&input(&format!("{}/v1", fake.url)))).unwrap();
    let giver = tsunagu::app::people::people(&ws).unwrap()[0].id;
    let m = tsunagu::app::materials::send_material(
        &mut ws,
        Source::Ui,
        giver,
        None,
        "あいつ殺すぞと冗談で",
        None,
    )
    .unwrap();
    let ready = a::ready(&ws, &secrets).unwrap();
    let err = a::draft_from_material(&mut ws, &ready, m, &mut |_| true).unwrap_err();
    assert_eq!(err.rule(), Some(Rule::AssistantBlocked));
    assert!(fake.requests().is_empty(), "nothing was sent");
    assert!(
        tsunagu::app::materials::materials(&ws)
            .unwrap()
            .iter()
            .find(|x| x.id == m)
            .unwrap()
            .post
            .is_none(),
        "no draft was made"
    );
}

#[test]
fn a_cloud_endpoint_needs_the_leads_permission_and_never_gets_a_photo() {
    let (_dir, mut ws) = demo();
    let secrets = MemorySecrets::default();
    let cloud = input("https://api.example.com/v1");
    let err = a::set_assistant(&ws, &secrets, Some(&cloud)).unwrap_err();
    assert_eq!(err.rule(), Some(Rule::AssistantCloudOff));
    for bad in ["ftp://x", "not a url", "http://api.example.com/v1"] {
        assert_eq!(
            a::set_assistant(&ws, &secrets, Some(&input(bad)))
                .unwrap_err()
                .rule(),
            Some(Rule::AssistantEndpoint),
            "{bad}"
        );
    }
    ws.update_settings(
        Source::Ui,
        &tsunagu::settings::SettingsPatch {
            assistant_cloud: Some(true),
            ..Default::default()
        },
    )
    .unwrap();
    let mut with_key = cloud.clone();
    with_key.key = "sk-test-SECRETKEY".into();
    let shown = a::set_assistant(&ws, &secrets, Some(&with_key))
        .unwrap()
        .unwrap();
    assert_eq!((shown.place, shown.has_key), (Place::Cloud, true));
    assert!(!format!("{shown:?}").contains("SECRETKEY"));
    // Turned off again by the lead, the endpoint stops being usable.
    ws.update_settings(
        Source::Ui,
        &tsunagu::settings::SettingsPatch {
            assistant_cloud: Some(false),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        a::ready(&ws, &secrets).err().unwrap().rule(),
        Some(Rule::AssistantCloudOff)
    );
    // Off on this computer.
    a::set_assistant(&ws, &secrets, None).unwrap();
    assert_eq!(a::assistant_settings(&ws, &secrets).unwrap(), None);
}

#[test]
fn every_platform_version_fits_its_counter_even_when_the_model_does_not_listen() {
    let (_dir, mut ws) = demo();
    let long = "港の工場では毎朝、段取り替えの手順を全員で確かめています。".repeat(40);
    let fake = FakeOpenAi::start(Answer::Text(long.clone()));
    let secrets = MemorySecrets::default();
    a::set_assistant(&ws, &secrets, Some(&input(&format!("{}/v1", fake.url)))).unwrap();
    let detail = ws
        .create_post_at(
            Source::Ui,
            None,
            "長い投稿",
            "2026-12-01T09:00",
            &[
                tsunagu::model::Platform::X,
                tsunagu::model::Platform::Bluesky,
                tsunagu::model::Platform::Threads,
            ],
        )
        .unwrap();
    ws.save_draft(
        Source::Ui,
        None,
        detail.id,
        &tsunagu::posts::DraftInput {
            title: detail.title.clone(),
            body: long.clone(),
            variants: detail.variants.clone(),
            theme_id: None,
            accounts: None,
        },
    )
    .unwrap();
    let ready = a::ready(&ws, &secrets).unwrap();
    let fits: Vec<FitSuggestion> =
        a::fit_platforms(&mut ws, &ready, detail.id, &mut |_| true).unwrap();
    assert_eq!(fits.len(), 3);
    for f in &fits {
        let c = tsunagu::counting::count(f.platform, &f.text);
        assert!(c.valid, "{:?}: {} of {}", f.platform, c.length, c.limit);
        assert!(f.cut, "the model ignored the limit, so Tsunagu cut it");
        assert!(f.text.ends_with('…'));
    }
    // A model that listens is taken as it answers.
    fake.set(Answer::Text(
        "段取り替えを毎朝全員で確認しています。".into(),
    ));
    let fits = a::fit_platforms(&mut ws, &ready, detail.id, &mut |_| true).unwrap();
    assert!(fits
        .iter()
        .all(|f| !f.cut && f.text == "段取り替えを毎朝全員で確認しています。"));
}

#[test]
fn a_stopped_answer_writes_nothing_and_errors_say_what_to_do() {
    let (_dir, mut ws) = demo();
    let fake = FakeOpenAi::start(Answer::Text(
        "とても長い答えがゆっくり届きます。".repeat(10),
    ));
    let secrets = MemorySecrets::default();
    a::set_assistant(&ws, &secrets, Some(&input(&format!("{}/v1", fake.url)))).unwrap();
    let (m, _, _) = material(&mut ws);
    let ready = a::ready(&ws, &secrets).unwrap();
    let err = a::draft_from_material(&mut ws, &ready, m, &mut |_| false).unwrap_err();
    assert_eq!(err.rule(), Some(Rule::Cancelled));
    let kept = tsunagu::app::materials::materials(&ws).unwrap();
    assert!(kept.iter().find(|x| x.id == m).unwrap().post.is_none());

    fake.set(Answer::Status(503));
    let err = a::draft_from_material(&mut ws, &ready, m, &mut |_| true).unwrap_err();
    assert!(err.to_string().contains("try again"), "{err}");
    let mut wrong = input(&format!("{}/v1", fake.url));
    wrong.model = "llama-nonexistent".into();
    a::set_assistant(&ws, &secrets, Some(&wrong)).unwrap();
    fake.set(Answer::Text("x".into()));
    let ready = a::ready(&ws, &secrets).unwrap();
    let err = a::draft_from_material(&mut ws, &ready, m, &mut |_| true).unwrap_err();
    assert!(err.to_string().contains("model"), "{err}");
}

#[test]
fn a_finding_is_explained_and_ideas_land_on_the_calendar_unscheduled() {
    let (_dir, mut ws) = demo();
    let fake = FakeOpenAi::start(Answer::Text(
        "「絶対」は言い切りすぎに聞こえます。\n---\n安心してお使いいただけるよう、検査を重ねています。".into(),
    ));
    let secrets = MemorySecrets::default();
    a::set_assistant(&ws, &secrets, Some(&input(&format!("{}/v1", fake.url)))).unwrap();
    let detail = ws
        .create_post_at(
            Source::Ui,
            None,
            "品質",
            "2026-12-01T09:00",
            &[tsunagu::model::Platform::X],
        )
        .unwrap();
    let ready = a::ready(&ws, &secrets).unwrap();
    let e =
        a::explain_finding(&mut ws, &ready, detail.id, "言い切りに注意", &mut |_| true).unwrap();
    assert!(e.why.contains("絶対"));
    assert_eq!(
        e.rewrite,
        "安心してお使いいただけるよう、検査を重ねています。"
    );

    fake.set(Answer::Text(
        "工場見学の裏側｜案内係の一日\n新人の一週間｜配属一週目の記録".into(),
    ));
    let month = tsunagu::calendar::YearMonth::parse("2026-12").unwrap();
    let ideas = a::plan_ideas(&mut ws, &ready, month, 2, &mut |_| true).unwrap();
    assert_eq!(ideas.len(), 2);
    for id in &ideas {
        let p = ws.post(*id).unwrap();
        assert_eq!(p.status, tsunagu::model::PostStatus::Idea);
        assert_eq!(p.scheduled_at, None, "never scheduled by itself");
        assert_eq!(a::notes(&ws, *id).unwrap()[0].task, "plan");
    }
}

/// The assistant set to `fake`, whose only model reads images.
fn with_vision_model(ws: &tsunagu::Workspace, fake: &FakeOpenAi) -> MemorySecrets {
    fake.state.lock().unwrap().model = "llava:7b".into();
    let secrets = MemorySecrets::default();
    let mut i = input(&format!("{}/v1", fake.url));
    i.vision_model = "llava:7b".into();
    a::set_assistant(ws, &secrets, Some(&i)).unwrap();
    secrets
}

#[test]
fn alt_text_comes_from_a_vision_model_and_a_photo_never_goes_to_a_cloud() {
    let (_dir, mut ws) = demo();
    let fake = FakeOpenAi::start(Answer::Text(
        "検査機の測定ヘッドを手袋の手で調整している様子。".into(),
    ));
    let secrets = with_vision_model(&ws, &fake);
    let detail = ws
        .create_post_at(
            Source::Ui,
            None,
            "写真",
            "2026-12-01T09:00",
            &[tsunagu::model::Platform::X],
        )
        .unwrap();
    let png = png(40, 30);
    let media =
        tsunagu::app::media::attach_image(&mut ws, Source::Ui, None, detail.id, "head.png", &png)
            .unwrap();
    let ready = a::ready(&ws, &secrets).unwrap();
    let alt = a::suggest_alt(&mut ws, &ready, detail.id, media.id, &mut |_| true).unwrap();
    assert_eq!(alt, "検査機の測定ヘッドを手袋の手で調整している様子。");
    let sent = fake.requests().pop().unwrap();
    assert_eq!(sent["model"], "llava:7b", "the vision model reads images");
    assert!(sent["messages"][1]["content"][1]["image_url"]["url"]
        .as_str()
        .unwrap()
        .starts_with("data:image/jpeg;base64,"));
    assert_eq!(a::notes(&ws, detail.id).unwrap()[0].task, "alt");
}

#[test]
fn a_materials_photo_goes_to_a_vision_model_with_the_sites_template() {
    let (_dir, mut ws) = demo();
    let fake = FakeOpenAi::start(Answer::Text("現場の一枚です。".into()));
    let secrets = with_vision_model(&ws, &fake);
    let holder = ws
        .create_post_at(
            Source::Ui,
            None,
            "写真置き場",
            "2026-12-01T09:00",
            &[tsunagu::model::Platform::X],
        )
        .unwrap();
    let photo = tsunagu::app::media::attach_image(
        &mut ws,
        Source::Ui,
        None,
        holder.id,
        "site.png",
        &png(20, 20),
    )
    .unwrap();
    let giver = tsunagu::app::people::people(&ws).unwrap()[0].id;
    let m = tsunagu::app::materials::send_material(
        &mut ws,
        Source::Ui,
        giver,
        None,
        "朝の段取り",
        Some(photo.id),
    )
    .unwrap();
    let ready = a::ready(&ws, &secrets).unwrap();
    a::draft_from_material(&mut ws, &ready, m, &mut |_| true).unwrap();
    let sent = fake.requests().pop().unwrap();
    assert_eq!(sent["model"], "llava:7b");
    assert!(sent["messages"][1]["content"][1]["image_url"]["url"]
        .as_str()
        .unwrap()
        .starts_with("data:image/jpeg;base64,"));
    let system = sent["messages"][0]["content"].as_str().unwrap();
    let site = tsunagu::app::templates::templates(&ws)
        .unwrap()
        .into_iter()
        .find(|t| t.purpose == "site" && t.language == "ja")
        .unwrap();
    assert!(
        system.contains(site.body.lines().next().unwrap()),
        "the 型 is in the instructions"
    );
}

#[test]
fn a_hanging_model_times_out_and_a_wrong_key_says_to_enter_it_again() {
    let (_dir, mut ws) = demo();
    let fake = FakeOpenAi::start(Answer::Hang(5));
    let secrets = MemorySecrets::default();
    a::set_assistant(&ws, &secrets, Some(&input(&format!("{}/v1", fake.url)))).unwrap();
    let (m, _, _) = material(&mut ws);
    let ready = a::ready(&ws, &secrets)
        .unwrap()
        .timing_out(std::time::Duration::from_secs(1))
        .unwrap();
    let started = std::time::Instant::now();
    let err = a::draft_from_material(&mut ws, &ready, m, &mut |_| true).unwrap_err();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(4),
        "it gave up"
    );
    assert_eq!(err.code(), tsunagu::ErrorCode::Platform, "{err}");
    assert!(tsunagu::app::materials::materials(&ws)
        .unwrap()
        .iter()
        .find(|x| x.id == m)
        .unwrap()
        .post
        .is_none());

    fake.set(Answer::Text("x".into()));
    fake.state.lock().unwrap().key = Some("sk-right".into());
    let mut wrong = input(&format!("{}/v1", fake.url));
    wrong.key = "sk-wrong-SECRET".into();
    a::set_assistant(&ws, &secrets, Some(&wrong)).unwrap();
    let ready = a::ready(&ws, &secrets).unwrap();
    let err = a::draft_from_material(&mut ws, &ready, m, &mut |_| true).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("key") && !text.contains("SECRET"), "{text}");
    // The right key, and it is sent as a bearer token.
    let mut right = wrong.clone();
    right.key = "sk-right".into();
    a::set_assistant(&ws, &secrets, Some(&right)).unwrap();
    let ready = a::ready(&ws, &secrets).unwrap();
    a::draft_from_material(&mut ws, &ready, m, &mut |_| true).unwrap();
}
