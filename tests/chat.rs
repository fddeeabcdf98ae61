//! The company chat: the month's highlights reach Teams, Slack and Chatwork in each one's
//! documented shape (checked by a fake of each), name only people whose consent allows it,
//! keep the address and token in the keychain only, and never leave the demo.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fake_chat::{FakeChat, CHATWORK_TOKEN};
use common::*;
use tsunagu::app::chat::{chat_preview, chat_settings, send_to_chat, set_chat, ChatInput};
use tsunagu::calendar::YearMonth;
use tsunagu::kpi::report::ReportLanguage;
use tsunagu::platforms::chat::ChatKind;
use tsunagu::roster::RecognitionKind;
use tsunagu::secrets::MemorySecrets;
use tsunagu::store::Source;

fn month() -> YearMonth {
    YearMonth::parse("2026-11").unwrap()
}

/// The demo's data in a workspace not marked as the demo (the company's own, as far as the
/// chat is concerned).
fn own() -> (tempfile::TempDir, tsunagu::Workspace) {
    demo_company()
}

fn input(kind: ChatKind, address: &str, room: &str, token: &str, server: &str) -> ChatInput {
    ChatInput {
        kind,
        address: address.into(),
        room: room.into(),
        token: token.into(),
        server: server.into(),
    }
}

/// Two people thanked this month: one who agreed to take part, one without any consent.
fn thank_two(ws: &mut tsunagu::Workspace) -> (String, String) {
    let people = tsunagu::app::people::people(ws).unwrap();
    let today = ws.today().unwrap();
    let named = people
        .iter()
        .find(|p| {
            tsunagu::roster::consent::may_be_named(
                &rusqlite::Connection::open(ws.dir().join("tsunagu.db")).unwrap(),
                today,
                p.id,
            )
            .unwrap()
        })
        .unwrap()
        .clone();
    let unnamed = people
        .iter()
        .find(|p| tsunagu::app::people::consents(ws, p.id).unwrap().is_empty())
        .unwrap()
        .clone();
    for (p, note) in [
        (&named, "朝礼で新製品の話をしてくれた"),
        (&unnamed, "倉庫の写真を送ってくれた"),
    ] {
        tsunagu::app::recognition::recognise(
            ws,
            Source::Ui,
            p.id,
            RecognitionKind::Thanks,
            month(),
            note,
        )
        .unwrap();
    }
    (named.display_name, unnamed.display_name)
}

#[test]
fn the_highlights_reach_each_chat_in_its_own_shape() {
    let (_dir, mut ws) = own();
    let (named, unnamed) = thank_two(&mut ws);
    let preview = chat_preview(&ws, month(), ReportLanguage::Ja).unwrap();
    assert!(preview.title.contains("2026年11月"), "{}", preview.title);
    let lines: Vec<&String> = preview.sections.iter().flat_map(|s| &s.lines).collect();
    assert!(lines
        .iter()
        .any(|l| l.contains(&named) && l.contains("朝礼で新製品の話")));
    assert!(lines
        .iter()
        .any(|l| l.contains("倉庫の写真を送ってくれた") && l.contains("お名前は控えています")));
    assert!(
        !lines.iter().any(|l| l.contains(&unnamed)),
        "{unnamed} is never named"
    );

    let fake = FakeChat::start();
    let secrets = MemorySecrets::default();
    for (kind, cfg) in [
        (
            ChatKind::Teams,
            input(
                ChatKind::Teams,
                &format!("{}/teams/webhookb2/abc", fake.url),
                "",
                "",
                "",
            ),
        ),
        (
            ChatKind::Slack,
            input(
                ChatKind::Slack,
                &format!("{}/slack/services/T1/B2/SECRET", fake.url),
                "",
                "",
                "",
            ),
        ),
        (
            ChatKind::Chatwork,
            input(
                ChatKind::Chatwork,
                "",
                "rid123456",
                CHATWORK_TOKEN,
                &fake.url,
            ),
        ),
    ] {
        let shown = set_chat(&ws, &secrets, Some(&cfg)).unwrap().unwrap();
        assert_eq!(shown.kind, kind);
        assert_eq!(chat_settings(&ws, &secrets).unwrap(), Some(shown.clone()));
        if kind == ChatKind::Chatwork {
            assert_eq!(shown.place, "123456");
        } else {
            assert_eq!(shown.place, "127.0.0.1", "the host, never the secret path");
        }
        assert_eq!(
            send_to_chat(&ws, &secrets, month(), ReportLanguage::Ja).unwrap(),
            kind
        );
    }
    let got = fake.accepted();
    assert_eq!(
        got.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        ["teams", "slack", "chatwork"]
    );
    for (kind, text) in &got {
        assert!(text.contains(&preview.title), "{kind}: {text}");
        assert!(text.contains(&named), "{kind} names {named}");
        assert!(!text.contains(&unnamed), "{kind} never names {unnamed}");
    }
    assert!(got[2].1.starts_with("[info][title]"), "Chatwork's notation");

    // The address and the token stay in the keychain: not in the database or its WAL.
    for file in ["tsunagu.db", "tsunagu.db-wal"] {
        let bytes = std::fs::read(ws.dir().join(file)).unwrap_or_default();
        for secret in [&b"SECRET"[..], CHATWORK_TOKEN.as_bytes()] {
            assert!(!bytes.windows(secret.len()).any(|w| w == secret), "{file}");
        }
    }
}

#[test]
fn a_refusal_says_what_to_do_and_never_shows_the_address() {
    let (_dir, mut ws) = own();
    thank_two(&mut ws);
    let fake = FakeChat::start();
    let secrets = MemorySecrets::default();
    let revoked = format!("{}/slack/revoked/T1/B2/SECRETPATH", fake.url);
    set_chat(
        &ws,
        &secrets,
        Some(&input(ChatKind::Slack, &revoked, "", "", "")),
    )
    .unwrap();
    let err = send_to_chat(&ws, &secrets, month(), ReportLanguage::Ja).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("Settings"), "{text}");
    assert!(!text.contains("SECRETPATH"), "{text}");
    set_chat(
        &ws,
        &secrets,
        Some(&input(
            ChatKind::Chatwork,
            "",
            "42",
            "wrongtoken",
            &fake.url,
        )),
    )
    .unwrap();
    let err = send_to_chat(&ws, &secrets, month(), ReportLanguage::Ja).unwrap_err();
    assert!(!err.to_string().contains("wrongtoken"));
    assert!(fake.accepted().is_empty());

    // Bad input is refused before anything is kept.
    for bad in [
        input(
            ChatKind::Slack,
            "http://hooks.slack.com/services/T/B/X",
            "",
            "",
            "",
        ),
        input(ChatKind::Teams, "not an address", "", "", ""),
        input(ChatKind::Chatwork, "", "room42", CHATWORK_TOKEN, ""),
        input(ChatKind::Chatwork, "", "42", "", ""),
        input(
            ChatKind::Chatwork,
            "",
            "42",
            CHATWORK_TOKEN,
            "ftp://example.com",
        ),
    ] {
        assert!(set_chat(&ws, &secrets, Some(&bad)).is_err(), "{bad:?}");
    }
    // Forgotten, there is nowhere to send.
    set_chat(&ws, &secrets, None).unwrap();
    assert_eq!(chat_settings(&ws, &secrets).unwrap(), None);
    assert!(send_to_chat(&ws, &secrets, month(), ReportLanguage::Ja)
        .unwrap_err()
        .to_string()
        .contains("Settings"));
}

#[test]
fn the_demo_previews_but_never_sends_and_an_empty_month_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = tsunagu::demo::build(
        dir.path(),
        clock(at(2026, 11, 22, 3, 0)),
        tsunagu::demo::DemoOptions {
            as_demo: true,
            ..Default::default()
        },
    )
    .unwrap();
    thank_two(&mut ws);
    assert!(chat_preview(&ws, month(), ReportLanguage::En).is_ok());
    let secrets = MemorySecrets::default();
    let err = set_chat(
        &ws,
        &secrets,
        Some(&input(
            ChatKind::Slack,
            "https://hooks.slack.com/services/T/B/X",
            "",
            "",
            "",
        )),
    )
    .unwrap_err();
    assert_eq!(err.rule(), Some(tsunagu::Rule::DemoWorkspace));
    assert_eq!(
        send_to_chat(&ws, &secrets, month(), ReportLanguage::Ja)
            .unwrap_err()
            .rule(),
        Some(tsunagu::Rule::DemoWorkspace)
    );
    let quiet = YearMonth::parse("2020-01").unwrap();
    let err = chat_preview(&ws, quiet, ReportLanguage::Ja).unwrap_err();
    assert!(err.to_string().contains("nothing to share"), "{err}");
}
