//! Channels without a usable API (LINE VOOM, note, TikTok) and accounts the lead marks as
//! posted by hand: at the post's time Tsunagu hands it to a person with a 公開キット (the
//! approved text, images made for the channel, the steps), sends nothing itself, and takes the
//! address back once; the post then counts like any other, marked as posted by hand.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fake_linkedin::{self as fli, FakeLinkedin};
use common::*;
use tsunagu::model::{Platform, PostStatus};
use tsunagu::publish::handoff::{HandoffProblem, KitStep};
use tsunagu::publish::Proof;
use tsunagu::secrets::MemorySecrets;
use tsunagu::store::Source;

#[test]
fn a_tiktok_post_becomes_a_kit_at_its_time_and_counts_once_its_address_is_recorded() {
    let c = clock(at(2026, 11, 22, 2, 0));
    let (_dir, mut ws) = demo_ws(c.clone());
    let secrets = MemorySecrets::default();
    let p = ws
        .create_post_at(
            Source::Ui,
            None,
            "工場の一日",
            "2026-11-22T12:00",
            &[Platform::Tiktok],
        )
        .unwrap()
        .id;
    write_body(&mut ws, p, "工場の一日を30秒で。#PR #ミナト精工");
    attach_with_alt(&mut ws, p, &png(3000, 2000), "旋盤の前の手元");
    submit_and_approve(&mut ws, p);

    // Before its time nothing happens.
    let r = ws.publish_due(&secrets, "test").unwrap();
    assert_eq!(r.by_hand, 0);
    assert!(tsunagu::app::handoff::waiting(&ws).unwrap().is_empty());

    // At its time: handed to a person, nothing sent, the lead told.
    c.set(at(2026, 11, 22, 3, 0));
    let r = ws.publish_due(&secrets, "test").unwrap();
    assert_eq!((r.by_hand, r.published, r.failed), (1, 0, 0));
    let waiting = tsunagu::app::handoff::waiting(&ws).unwrap();
    assert_eq!(waiting.len(), 1);
    let job = waiting[0].job;
    // A second pass does not hand it over again.
    assert_eq!(ws.publish_due(&secrets, "test").unwrap().by_hand, 0);

    let answer = tsunagu::app::handoff::kit(&ws, job).unwrap();
    let kit = answer.kit.unwrap();
    assert_eq!(kit.platform, Platform::Tiktok);
    assert_eq!(kit.text, "工場の一日を30秒で。#PR #ミナト精工");
    assert_eq!(kit.images.len(), 1);
    assert_eq!(
        kit.steps,
        vec![
            KitStep::OpenAccount,
            KitStep::PasteText,
            KitStep::PhotoMode,
            KitStep::AddImages,
            KitStep::AltText,
            KitStep::Post,
            KitStep::RecordAddress,
        ]
    );
    // The image is made for TikTok (at most 1920 on its long side), without metadata.
    let (bytes, mime, name) = tsunagu::app::handoff::kit_image(&ws, job, 0).unwrap();
    let img = image::load_from_memory(&bytes).unwrap();
    assert!(
        img.width().max(img.height()) <= 1920,
        "{}x{}",
        img.width(),
        img.height()
    );
    assert!(mime.starts_with("image/"));
    assert!(name.starts_with("tiktok-1-"), "{name}");
    assert!(tsunagu::app::handoff::kit_image(&ws, job, 5).is_err());

    // A wrong address is refused; the right one is recorded once.
    let bad =
        tsunagu::app::handoff::record(&mut ws, Source::Ui, job, &kit.hash, "https://example.com/x")
            .unwrap();
    assert_eq!(bad, Some(HandoffProblem::BadAddress));
    let stale = tsunagu::app::handoff::record(
        &mut ws,
        Source::Ui,
        job,
        "not-the-hash",
        "https://www.tiktok.com/@minato/photo/1",
    )
    .unwrap();
    assert_eq!(stale, Some(HandoffProblem::Changed));
    let ok = tsunagu::app::handoff::record(
        &mut ws,
        Source::Ui,
        job,
        &kit.hash,
        "https://www.tiktok.com/@minato/photo/7440000000000000001",
    )
    .unwrap();
    assert_eq!(ok, None);
    assert_eq!(
        tsunagu::app::handoff::record(
            &mut ws,
            Source::Ui,
            job,
            &kit.hash,
            "https://www.tiktok.com/@minato/photo/2"
        )
        .unwrap(),
        Some(HandoffProblem::AlreadyPosted)
    );
    assert_eq!(ws.post(p).unwrap().status, PostStatus::Published);
    assert!(tsunagu::app::handoff::waiting(&ws).unwrap().is_empty());

    // It counts like any post, marked as posted by hand.
    let month = tsunagu::calendar::YearMonth::parse("2026-11").unwrap();
    let view = tsunagu::app::calendar::month_view(&ws, month).unwrap();
    let shown = view.posts.iter().find(|x| x.id == p).unwrap();
    assert_eq!(shown.proof, Some(Proof::ByHand));
    let d = tsunagu::app::kpi::dashboard(&ws, month, month).unwrap();
    let tiktok = d
        .platforms
        .iter()
        .find(|t| t.platform == Platform::Tiktok)
        .unwrap();
    assert_eq!(tiktok.months.last().unwrap().posts, 1);
    let top = d.top_posts.iter().find(|t| t.post == p).unwrap();
    assert_eq!(top.proof, Some(Proof::ByHand));
    let r = tsunagu::app::kpi::monthly_report(&ws, month, tsunagu::kpi::report::ReportLanguage::Ja)
        .unwrap();
    assert!(tsunagu::kpi::report::render_html(&r).contains("工場の一日（手動で投稿）"));
}

#[test]
fn an_account_marked_by_hand_is_never_sent_to_and_a_changed_post_is_not_handed_over() {
    let li = FakeLinkedin::start();
    let c = clock(at(2026, 11, 22, 3, 0));
    let (_dir, mut ws) = demo_ws(c.clone());
    let secrets = MemorySecrets::default();
    let a = ws
        .connect_with_token(
            Source::Ui,
            &secrets,
            &token_connect(Platform::Linkedin, &li.url, fli::TOKEN, Some(fli::ORG)),
        )
        .unwrap();
    // The company's LinkedIn app is not vetted yet: its page is posted by hand for now.
    let a = tsunagu::app::handoff::set_by_hand(&mut ws, Source::Ui, a.id, true).unwrap();
    assert!(a.by_hand);
    let p = approved_post(
        &mut ws,
        None,
        "採用",
        "採用説明会のお知らせです。",
        "2026-11-22T12:00",
        &[Platform::Linkedin],
    );
    let r = ws.publish_due(&secrets, "test").unwrap();
    assert_eq!((r.by_hand, r.published), (1, 0));
    assert_eq!(li.with(|s| s.requests), 0, "nothing was sent to LinkedIn");
    assert_eq!(tsunagu::app::handoff::waiting(&ws).unwrap()[0].post, p);

    // A post edited after approval goes back to review: it is not handed to anyone.
    let q = approved_post(
        &mut ws,
        None,
        "変更",
        "会社説明会のお知らせです。",
        "2026-11-22T12:00",
        &[Platform::Linkedin],
    );
    write_body(&mut ws, q, "会社説明会のお知らせです（変更）。");
    let r = ws.publish_due(&secrets, "test").unwrap();
    assert_eq!(r.by_hand, 0);
    assert_ne!(ws.post(q).unwrap().status, PostStatus::Scheduled);

    // Marked back: the next post goes out through LinkedIn.
    tsunagu::app::handoff::set_by_hand(&mut ws, Source::Ui, a.id, false).unwrap();
    let s = approved_post(
        &mut ws,
        None,
        "自動",
        "工場見学会のお知らせです。",
        "2026-11-22T12:00",
        &[Platform::Linkedin],
    );
    let r = ws.publish_due(&secrets, "test").unwrap();
    assert_eq!(r.published, 1);
    assert_eq!(ws.post(s).unwrap().status, PostStatus::Published);
}
