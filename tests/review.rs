//! Review and approval, voiding on change, the audit log, and the crisis pause.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::team::person;
use common::*;
use tsunagu::model::PostStatus;
use tsunagu::posts::DraftInput;
use tsunagu::review::ReviewAction;
use tsunagu::store::Source;
use tsunagu::Rule;

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

fn write(ws: &mut tsunagu::Workspace, post: tsunagu::ids::PostId, body: &str) {
    write_body(ws, post, body);
}

#[test]
fn submit_approve_and_void_on_change() {
    let (_dir, mut ws) = demo();
    let yamada = person(&ws, "山田 健一");
    let post = ws
        .create_post_at(
            Source::Ui,
            Some(yamada),
            "測定室の話",
            "2026-11-30T12:00",
            &[tsunagu::model::Platform::X],
        )
        .unwrap()
        .id;
    write(
        &mut ws,
        post,
        "測定室は室温20℃。見学の問い合わせは０９０－１２３４－５６７８へ。",
    );
    let err = tsunagu::app::review::submit_for_review(&mut ws, post).unwrap_err();
    assert!(err.to_string().contains("block this post"), "{err}");
    assert_eq!(
        ws.post(post).unwrap().status,
        PostStatus::Draft,
        "nothing changed"
    );

    write(&mut ws, post, "測定室は室温20℃に保たれています。");
    ws.hand_over_device(Source::Ui, yamada).unwrap();
    tsunagu::app::review::submit_for_review(&mut ws, post).unwrap();
    ws.hand_over_device(Source::Ui, person(&ws, "前田 遥"))
        .unwrap();
    assert_eq!(ws.post(post).unwrap().status, PostStatus::InReview);
    let queue = tsunagu::app::review::review_queue(&ws).unwrap();
    let queued = queue.iter().find(|q| q.post == post).unwrap();
    assert_eq!((queued.approvals, queued.needed), (0, 1));
    assert_eq!(queued.author_name.as_deref(), Some("山田 健一"));

    // The demo device belongs to the lead, who must tick every checklist item.
    let ticks = all_ticks(&ws);
    let err = tsunagu::app::review::approve(&mut ws, post, &ticks[..1], "").unwrap_err();
    assert!(err.to_string().contains("Not ticked"), "{err}");
    tsunagu::app::review::approve(&mut ws, post, &ticks, "良いと思います").unwrap();
    assert_eq!(
        ws.post(post).unwrap().status,
        PostStatus::Scheduled,
        "approved with a time"
    );

    // Changing the title is not a content change; changing the text voids the approval.
    let d = ws.post(post).unwrap();
    ws.save_draft(
        Source::Ui,
        None,
        post,
        &DraftInput {
            title: "測定室".into(),
            body: d.body.clone(),
            variants: d.variants.clone(),
            theme_id: d.theme_id,
            accounts: None,
        },
    )
    .unwrap();
    assert_eq!(ws.post(post).unwrap().status, PostStatus::Scheduled);
    write(&mut ws, post, "測定室は室温20℃±0.5℃に保たれています。");
    assert_eq!(ws.post(post).unwrap().status, PostStatus::Draft);

    let log = tsunagu::app::review::audit_log(&ws, Some(post)).unwrap();
    let actions: Vec<ReviewAction> = log.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [
            ReviewAction::Voided,
            ReviewAction::Approved,
            ReviewAction::Submitted
        ]
    );
    // Why, as a code the window translates (never English words in the log).
    assert_eq!(log[0].comment, r#"{"code":"text_changed"}"#);
    assert_eq!(log[1].actor_name.as_deref(), Some("前田 遥"));
    assert_eq!(log[1].guideline_version, Some(1));
    assert_eq!(log[1].checklist, ticks);
    assert_ne!(
        log[0].content, log[1].content,
        "a different version of the content"
    );
    let csv = tsunagu::app::review::audit_csv(&ws).unwrap();
    assert!(
        csv.contains("approved,前田 遥") && csv.contains("voided"),
        "{csv}"
    );
}

#[test]
fn reviewers_are_checked_and_changes_need_a_comment() {
    let (_dir, mut ws) = demo();
    let lead = person(&ws, "前田 遥");
    let post = ws
        .create_post_at(
            Source::Ui,
            Some(lead),
            "社長通信",
            "2026-11-30T12:00",
            &[tsunagu::model::Platform::X],
        )
        .unwrap()
        .id;
    write(&mut ws, post, "今月は改善提案が128件集まりました。");
    tsunagu::app::review::submit_for_review(&mut ws, post).unwrap();
    let ticks_now = all_ticks(&ws);
    let err = tsunagu::app::review::approve(&mut ws, post, &ticks_now, "").unwrap_err();
    assert!(err.to_string().contains("You wrote this post"), "{err}");
    assert_eq!(
        err.rule(),
        Some(Rule::OwnPost),
        "the refusal names its rule"
    );
    ws.hand_over_device(Source::Ui, person(&ws, "山田 健一"))
        .unwrap();
    let err = tsunagu::app::review::request_changes(&mut ws, post, "直して").unwrap_err();
    assert!(
        err.to_string().contains("Only the lead, reviewers"),
        "{err}"
    );
    assert_eq!(err.rule(), Some(Rule::NotAReviewer));
    ws.hand_over_device(Source::Ui, person(&ws, "藤田 和也"))
        .unwrap(); // a reviewer
    assert!(tsunagu::app::review::request_changes(&mut ws, post, "  ").is_err());
    assert_eq!(
        tsunagu::app::review::request_changes(&mut ws, post, "  ")
            .unwrap_err()
            .rule(),
        Some(Rule::CommentRequired)
    );
    tsunagu::app::review::request_changes(&mut ws, post, "件数の出典を書いてください").unwrap();
    assert_eq!(ws.post(post).unwrap().status, PostStatus::ChangesRequested);
    assert_eq!(
        tsunagu::app::review::audit_log(&ws, Some(post)).unwrap()[0].comment,
        "件数の出典を書いてください"
    );
}

#[test]
fn a_computer_belongs_to_one_person_until_it_is_handed_over() {
    let (_dir, mut ws) = demo();
    let lead = ws.me().unwrap().unwrap();
    let fujita = person(&ws, "藤田 和也");
    // Choosing another name on the lead's computer is refused (no switching to a reviewer).
    let err = ws.set_me(Source::Ui, fujita).unwrap_err();
    assert!(err.to_string().contains("already belongs to"), "{err}");
    assert_eq!(ws.me().unwrap(), Some(lead));
    // Choosing oneself again is harmless.
    ws.set_me(Source::Ui, lead).unwrap();
    // A deliberate hand-over works and is recorded with the previous owner as its author.
    ws.hand_over_device(Source::Ui, fujita).unwrap();
    assert_eq!(ws.me().unwrap(), Some(fujita));
    let last = ws.changes_since(0, usize::MAX).unwrap().pop().unwrap();
    assert_eq!(
        (last.entity.as_str(), last.actor_id.as_deref()),
        ("devices", Some(lead.as_string().as_str()))
    );
    // When the owner has left the company, the computer can be claimed without a hand-over.
    let mut input = tsunagu::app::people::person(&ws, fujita).unwrap().input;
    input.active = false;
    ws.hand_over_device(Source::Ui, lead).unwrap();
    ws.update_person(Source::Ui, fujita, &input).unwrap();
    ws.hand_over_device(Source::Ui, fujita).unwrap();
    ws.set_me(Source::Ui, lead).unwrap();
    assert_eq!(ws.me().unwrap(), Some(lead));
}

#[test]
fn a_second_reviewer_setting_needs_two_different_approvals() {
    let (_dir, mut ws) = demo();
    ws.update_settings(
        Source::Ui,
        &tsunagu::settings::SettingsPatch {
            second_reviewer: Some(true),
            ..Default::default()
        },
    )
    .unwrap();
    let yamada = person(&ws, "山田 健一");
    let post = ws
        .create_post_at(
            Source::Ui,
            Some(yamada),
            "工場見学",
            "2026-11-30T12:00",
            &[tsunagu::model::Platform::X],
        )
        .unwrap()
        .id;
    write(&mut ws, post, "工場見学会を開きます。");
    submit_as_writer(&mut ws, post);
    let ticks = all_ticks(&ws);
    tsunagu::app::review::approve(&mut ws, post, &ticks, "").unwrap();
    assert_eq!(
        ws.post(post).unwrap().status,
        PostStatus::InReview,
        "one of two"
    );
    assert!(tsunagu::app::review::approve(&mut ws, post, &ticks, "")
        .unwrap_err()
        .to_string()
        .contains("already approved"));
    // Another name chosen on the same computer is the same key: it does not count twice.
    ws.hand_over_device(Source::Ui, person(&ws, "藤田 和也"))
        .unwrap();
    let err = tsunagu::app::review::approve(&mut ws, post, &ticks, "").unwrap_err();
    assert!(err.to_string().contains("on this computer"), "{err}");
    assert_eq!(ws.post(post).unwrap().status, PostStatus::InReview);
    let queued = |ws: &tsunagu::Workspace| {
        let q = tsunagu::app::review::review_queue(ws).unwrap();
        let q = q.iter().find(|q| q.post == post).unwrap();
        (q.approvals, q.needed)
    };
    assert_eq!(queued(&ws), (1, 2));
    // An approval by the same person from a second computer does not count twice either;
    // the second reviewer's approval from their own computer does.
    let conn = rusqlite::Connection::open(ws.dir().join("tsunagu.db")).unwrap();
    let (hash, maeda): (String, String) = conn
        .query_row(
            "SELECT content_hash, actor_id FROM review_log WHERE post_id = ?1 AND action = 'approved'",
            [post.as_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let arrive = |id: &str, actor: &str, device: &str| {
        conn.execute(
            "INSERT INTO review_log (id, post_id, action, actor_id, content_hash, at, device_id)
             VALUES (?1, ?2, 'approved', ?3, ?4, '2026-11-22T03:00:00Z', ?5)",
            [id, &post.as_string(), actor, &hash, device],
        )
        .unwrap();
    };
    arrive(
        "0190a0b0-0000-7000-8000-00000000a001",
        &maeda,
        "other-laptop",
    );
    assert_eq!(queued(&ws), (1, 2), "the same person twice");
    let fujita = person(&ws, "藤田 和也").as_string();
    arrive(
        "0190a0b0-0000-7000-8000-00000000a002",
        &fujita,
        "fujita-laptop",
    );
    assert_eq!(queued(&ws), (2, 2), "two people on two keys");
}

#[test]
fn the_crisis_pause_holds_everything_back_across_restarts_and_resumes_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let c = clock(at(2026, 11, 22, 3, 0));
    let mut ws =
        tsunagu::demo::build(dir.path(), c.clone(), tsunagu::demo::DemoOptions::default()).unwrap();
    let statuses = |ws: &tsunagu::Workspace| -> Vec<(String, String)> {
        let conn = rusqlite::Connection::open(ws.dir().join("tsunagu.db")).unwrap();
        let mut stmt = conn
            .prepare("SELECT id, status FROM posts ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let before = statuses(&ws);
    let scheduled = before
        .iter()
        .filter(|(_, s)| s == "scheduled" || s == "approved")
        .count() as u32;
    assert!(scheduled > 0);
    let held_by_hand = before.iter().filter(|(_, s)| s == "paused").count();

    assert_eq!(
        tsunagu::app::crisis::pause(&mut ws, Source::Ui).unwrap(),
        scheduled
    );
    assert!(
        tsunagu::app::crisis::pause(&mut ws, Source::Ui).is_err(),
        "already on"
    );
    drop(ws);
    let mut ws = open(dir.path(), c.clone(), "Asia/Tokyo").unwrap();
    let crisis = tsunagu::app::crisis::crisis(&ws)
        .unwrap()
        .expect("kept across a restart");
    assert_eq!(crisis.paused_posts, scheduled);
    assert!(statuses(&ws)
        .iter()
        .all(|(_, s)| s != "scheduled" && s != "approved"));

    assert!(
        tsunagu::app::crisis::resume(&mut ws, Source::Ui, false).is_err(),
        "needs confirmation"
    );
    assert_eq!(
        tsunagu::app::crisis::resume(&mut ws, Source::Ui, true).unwrap(),
        scheduled
    );
    assert!(tsunagu::app::crisis::crisis(&ws).unwrap().is_none());
    assert_eq!(statuses(&ws), before, "exactly what was paused is resumed");
    assert_eq!(
        statuses(&ws).iter().filter(|(_, s)| s == "paused").count(),
        held_by_hand
    );
}

#[test]
fn a_lead_alone_may_approve_her_own_post_and_the_audit_says_so() {
    let (_dir, mut ws) = demo();
    let lead = person(&ws, "前田 遥");
    let post = ws
        .create_post_at(
            Source::Ui,
            Some(lead),
            "年末のご挨拶",
            "2026-12-28T12:00",
            &[tsunagu::model::Platform::X],
        )
        .unwrap()
        .id;
    write(&mut ws, post, "今年もありがとうございました。");
    tsunagu::app::review::submit_for_review(&mut ws, post).unwrap();
    // While anyone else can review, her own post is not hers to approve.
    let ticks_now = all_ticks(&ws);
    let err = tsunagu::app::review::approve(&mut ws, post, &ticks_now, "").unwrap_err();
    assert!(err.to_string().contains("another reviewer"), "{err}");
    // Alone (every other reviewer and executive has left), she may, and it is marked.
    let conn = rusqlite::Connection::open(ws.dir().join("tsunagu.db")).unwrap();
    conn.execute(
        "UPDATE people SET active = 0 WHERE id != ?1 AND role IN ('lead', 'reviewer', 'executive')",
        [lead.as_string()],
    )
    .unwrap();
    let ticks_now = all_ticks(&ws);
    tsunagu::app::review::approve(&mut ws, post, &ticks_now, "").unwrap();
    assert_eq!(ws.post(post).unwrap().status, PostStatus::Scheduled);
    let log = tsunagu::app::review::audit_log(&ws, Some(post)).unwrap();
    assert!(log[0].self_approved && log[0].action == ReviewAction::Approved);
    assert!(!log[1].self_approved);
    assert!(tsunagu::app::review::audit_csv(&ws)
        .unwrap()
        .contains(",yes\r\n"));
}
