//! Several accounts on one platform (issue 17): a post names the accounts it goes out through,
//! a post that names none goes out through its platform's default, the named accounts are
//! part of what was approved, and the exit holds a job bound to an account the post does not
//! name. Two fake Bluesky servers stand for a company's 公式 and 採用 accounts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fake_bluesky::FakeBluesky;
use common::*;
use tsunagu::model::{Platform, PostStatus};
use tsunagu::posts::DraftInput;
use tsunagu::publish::accounts::Account;
use tsunagu::secrets::MemorySecrets;
use tsunagu::store::Source;

const PASSWORD: &str = "canary-app-pass-2acc-77qq";

struct World {
    _dir: tempfile::TempDir,
    ws: tsunagu::Workspace,
    official: (FakeBluesky, Account),
    hiring: (FakeBluesky, Account),
    secrets: MemorySecrets,
}

fn world() -> World {
    let (dir, mut ws) = demo_ws(clock(at(2026, 11, 22, 3, 0)));
    let secrets = MemorySecrets::default();
    let mut connect = |handle: &str| {
        let server = FakeBluesky::start(handle, PASSWORD);
        let a = tsunagu::app::accounts::connect_bluesky(
            &mut ws,
            Source::Ui,
            &secrets,
            &server.url,
            handle,
            PASSWORD,
        )
        .unwrap();
        (server, a)
    };
    let official = connect("minato.test");
    let hiring = connect("minato-recruit.test");
    World {
        _dir: dir,
        ws,
        official,
        hiring,
        secrets,
    }
}

fn records(s: &FakeBluesky) -> usize {
    s.with(|s| s.records.len())
}

fn name_accounts(ws: &mut tsunagu::Workspace, post: tsunagu::ids::PostId, accounts: &[&Account]) {
    let d = ws.post(post).unwrap();
    ws.save_draft(
        Source::Ui,
        None,
        post,
        &DraftInput {
            title: d.title,
            body: d.body,
            variants: d.variants,
            theme_id: d.theme_id,
            accounts: Some(accounts.iter().map(|a| a.id).collect()),
        },
    )
    .unwrap();
}

#[test]
fn the_first_account_of_a_platform_is_its_default_and_the_default_can_move() {
    let mut w = world();
    assert!(w.official.1.is_default);
    assert!(!w.hiring.1.is_default);
    let a = tsunagu::app::accounts::set_profile(
        &mut w.ws,
        Source::Ui,
        w.hiring.1.id,
        "採用Bluesky",
        Some("#B91C1C"),
    )
    .unwrap();
    assert_eq!(a.display_name, "採用Bluesky");
    assert_eq!(a.colour.as_deref(), Some("#b91c1c"));
    let err = tsunagu::app::accounts::set_profile(
        &mut w.ws,
        Source::Ui,
        w.hiring.1.id,
        "x",
        Some("red; background:url(x)"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("#RRGGBB"), "{err}");
    tsunagu::app::accounts::make_default(&mut w.ws, Source::Ui, w.hiring.1.id).unwrap();
    let all = tsunagu::app::accounts::accounts(&w.ws).unwrap();
    let defaults: Vec<_> = all.iter().filter(|a| a.is_default).map(|a| a.id).collect();
    assert_eq!(defaults, vec![w.hiring.1.id], "one default per platform");
}

#[test]
fn a_post_goes_out_through_the_accounts_it_names_and_no_other() {
    let mut w = world();
    // Named: only the hiring account.
    let post =
        w.ws.create_post_at(Source::Ui, None, "採用説明会", "2026-11-22T12:00", &[])
            .unwrap()
            .id;
    write_body(&mut w.ws, post, "説明会のお知らせ");
    name_accounts(&mut w.ws, post, &[&w.hiring.1]);
    let d = w.ws.post(post).unwrap();
    assert_eq!(d.accounts, vec![w.hiring.1.id]);
    assert_eq!(
        d.variants.iter().map(|v| v.platform).collect::<Vec<_>>(),
        vec![Platform::Bluesky],
        "a named account brings its platform"
    );
    submit_and_approve(&mut w.ws, post);
    // Not named: the default (official) account.
    let plain = approved_post(
        &mut w.ws,
        None,
        "工場見学",
        "見学のお知らせ",
        "2026-11-22T12:00",
        &[Platform::Bluesky],
    );
    // Both accounts: one job each.
    let both =
        w.ws.create_post_at(Source::Ui, None, "両方", "2026-11-22T12:00", &[])
            .unwrap()
            .id;
    write_body(&mut w.ws, both, "両方のアカウントから");
    name_accounts(&mut w.ws, both, &[&w.official.1, &w.hiring.1]);
    submit_and_approve(&mut w.ws, both);
    let jobs = tsunagu::app::outbox::post_jobs(&w.ws, both).unwrap();
    assert_eq!(jobs.len(), 2, "one job per named account");

    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(r.published, 4);
    assert_eq!(
        records(&w.hiring.0),
        2,
        "the named post and the one for both"
    );
    assert_eq!(
        records(&w.official.0),
        2,
        "the default's post and the one for both"
    );
    let job = &tsunagu::app::outbox::post_jobs(&w.ws, post).unwrap()[0];
    assert_eq!(job.account, Some(w.hiring.1.id));
    let job = &tsunagu::app::outbox::post_jobs(&w.ws, plain).unwrap()[0];
    assert_eq!(job.account, Some(w.official.1.id));
    // The calendar knows which accounts a post names.
    let cal = tsunagu::app::calendar::calendar_posts(&w.ws, &[post]).unwrap();
    assert_eq!(cal[0].accounts, vec![w.hiring.1.id]);
}

#[test]
fn changing_the_accounts_after_approval_voids_it() {
    let mut w = world();
    let post =
        w.ws.create_post_at(Source::Ui, None, "採用説明会", "2026-11-22T12:00", &[])
            .unwrap()
            .id;
    write_body(&mut w.ws, post, "説明会のお知らせ");
    name_accounts(&mut w.ws, post, &[&w.hiring.1]);
    submit_and_approve(&mut w.ws, post);
    assert_eq!(w.ws.post(post).unwrap().status, PostStatus::Scheduled);
    name_accounts(&mut w.ws, post, &[&w.official.1]);
    assert_eq!(
        w.ws.post(post).unwrap().status,
        PostStatus::Draft,
        "moving a post to another account needs a new approval"
    );
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!(r.published, 0);
    assert_eq!(records(&w.hiring.0) + records(&w.official.0), 0);
    // Approved again for the official account: only it sends, and the hiring job is gone.
    submit_and_approve(&mut w.ws, post);
    let jobs = tsunagu::app::outbox::post_jobs(&w.ws, post).unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].account, Some(w.official.1.id));
    assert_eq!(w.ws.publish_due(&w.secrets, "test").unwrap().published, 1);
    assert_eq!((records(&w.official.0), records(&w.hiring.0)), (1, 0));
}

#[test]
fn an_account_that_is_not_on_this_laptop_is_refused_with_its_id() {
    let mut w = world();
    let post =
        w.ws.create_post_at(
            Source::Ui,
            None,
            "x",
            "2026-11-22T12:00",
            &[Platform::Bluesky],
        )
        .unwrap()
        .id;
    let d = w.ws.post(post).unwrap();
    let stranger = tsunagu::ids::RowId::parse("01900000-0000-7000-8000-00000000beef").unwrap();
    let err =
        w.ws.save_draft(
            Source::Ui,
            None,
            post,
            &DraftInput {
                title: d.title,
                body: d.body,
                variants: d.variants,
                theme_id: d.theme_id,
                accounts: Some(vec![stranger]),
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("beef"), "{err}");
    assert!(
        w.ws.post(post).unwrap().accounts.is_empty(),
        "nothing was written"
    );
}

#[test]
fn a_job_moved_to_another_account_behind_the_apps_back_is_held() {
    let mut w = world();
    let post =
        w.ws.create_post_at(Source::Ui, None, "採用説明会", "2026-11-22T12:00", &[])
            .unwrap()
            .id;
    write_body(&mut w.ws, post, "説明会のお知らせ");
    name_accounts(&mut w.ws, post, &[&w.hiring.1]);
    submit_and_approve(&mut w.ws, post);
    // Someone edits the database: the job now points at the official account.
    let db = rusqlite::Connection::open(w.ws.dir().join("tsunagu.db")).unwrap();
    db.execute(
        "UPDATE publish_jobs SET account_id = ?1 WHERE post_id = ?2",
        [w.official.1.id.as_string(), post.as_string()],
    )
    .unwrap();
    let r = w.ws.publish_due(&w.secrets, "test").unwrap();
    assert_eq!((r.published, r.held_back), (0, 1));
    assert_eq!(records(&w.official.0) + records(&w.hiring.0), 0);
    assert_eq!(w.ws.post(post).unwrap().status, PostStatus::InReview);
}

#[test]
fn a_weekly_cadence_per_account_counts_the_posts_each_account_carries() {
    let mut w = world();
    let x = Platform::Bluesky;
    tsunagu::app::plan::set_account_cadence(&mut w.ws, Source::Ui, x, Some(w.official.1.id), 2)
        .unwrap();
    tsunagu::app::plan::set_account_cadence(&mut w.ws, Source::Ui, x, Some(w.hiring.1.id), 1)
        .unwrap();
    // A target for an account of another platform is refused.
    assert!(tsunagu::app::plan::set_account_cadence(
        &mut w.ws,
        Source::Ui,
        Platform::X,
        Some(w.hiring.1.id),
        1
    )
    .is_err());
    // One post naming the hiring account, one naming nothing (the official default's).
    let named =
        w.ws.create_post_at(Source::Ui, None, "採用", "2026-12-08T12:00", &[])
            .unwrap()
            .id;
    name_accounts(&mut w.ws, named, &[&w.hiring.1]);
    w.ws.create_post_at(Source::Ui, None, "公式", "2026-12-09T12:00", &[x])
        .unwrap();
    let planning = tsunagu::app::plan::month_planning(
        &w.ws,
        tsunagu::clock::YearMonth::parse("2026-12").unwrap(),
    )
    .unwrap();
    let week = planning
        .weeks
        .iter()
        .find(|wk| wk.week_start == "2026-12-07")
        .unwrap();
    let cell = |a: tsunagu::ids::RowId| {
        week.cells
            .iter()
            .find(|c| c.account == Some(a))
            .map(|c| (c.planned, c.missing))
            .unwrap()
    };
    assert_eq!(cell(w.hiring.1.id), (1, 0), "the hiring account's post");
    assert_eq!(
        cell(w.official.1.id),
        (1, 1),
        "the default's post; one short of two"
    );
}
