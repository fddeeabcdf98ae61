//! Only what each device needs (issue 21, part 2): an ambassador's laptop receives the plan,
//! its own person's work and records, the roster's names and what the lead shares (a published
//! post, a post made from their material); not a colleague's drafts, consents, SNS handles or
//! review history. A reviewer's laptop reads what it reviews. Checked on the devices' data and
//! on their database files, and on the shared place with each device's own keys.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::team::*;
use common::*;
use tsunagu::model::{Participation, Platform};
use tsunagu::store::Source;
use tsunagu::sync::seal::{KeyBook, Keys, Opened, KEYS_FILE};
use tsunagu::sync::team::Role;
use tsunagu::Workspace;

fn db(ws: &Workspace) -> rusqlite::Connection {
    rusqlite::Connection::open(ws.dir().join("tsunagu.db")).unwrap()
}

fn count(ws: &Workspace, sql: &str, p: &str) -> i64 {
    db(ws).query_row(sql, [p], |r| r.get(0)).unwrap()
}

/// The database file and its write-ahead log, as bytes on the laptop's disk.
fn disk(ws: &Workspace) -> Vec<u8> {
    db(ws)
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    let mut out = std::fs::read(ws.dir().join("tsunagu.db")).unwrap();
    if let Ok(wal) = std::fs::read(ws.dir().join("tsunagu.db-wal")) {
        out.extend(wal);
    }
    out
}

fn holds(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn round(secrets: &tsunagu::secrets::MemorySecrets, devices: &mut [&mut Workspace]) {
    for _ in 0..2 {
        for ws in devices.iter_mut() {
            let r = ws.sync_now(secrets).unwrap();
            assert_eq!(r.quarantined, 0, "{:?}", ws.sync_quarantine().unwrap());
        }
    }
}

fn keys_of(t: &Team, ws: &Workspace) -> Keys {
    let st = ws.team_status().unwrap();
    let raw = std::fs::read(t.shared.path().join(KEYS_FILE)).unwrap();
    let book = KeyBook::verify(&raw, &lead_public(t), &st.team_id).unwrap();
    Keys::new(Some(&book), &device_key(t, ws), &lead_public(t)).unwrap()
}

#[test]
fn an_ambassador_receives_the_plan_their_own_work_and_what_the_lead_shares_only() {
    let mut t = team();
    let sato_id = person(&t.lead, "佐藤 美咲");
    let tanaka_id = person(&t.lead, "田中 由美");
    // The lead records what only the person and the staff should hold.
    let mut input = tsunagu::app::people::person(&t.lead, tanaka_id)
        .unwrap()
        .input;
    input
        .handles
        .insert(Platform::X, "tanaka_private_handle".into());
    t.lead.update_person(Source::Ui, tanaka_id, &input).unwrap();
    for (who, evidence) in [
        (tanaka_id, "同意書-田中-0042"),
        (sato_id, "同意書-佐藤-0007"),
    ] {
        tsunagu::app::people::add_consent(
            &mut t.lead,
            Source::Ui,
            who,
            &tsunagu::roster::ConsentInput {
                modes: vec![Participation::FaceShown],
                platforms: Vec::new(),
                given_on: "2026-11-01".into(),
                expires_on: None,
                evidence_ref: evidence.into(),
            },
        )
        .unwrap();
    }
    let lead_plan = draft(&mut t.lead, "リーダーの企画中", "未発表の新商品の告知案。");
    t.lead.sync_now(&t.secrets).unwrap();

    let (_a, mut sato) = t.ambassador("佐藤 美咲");
    let (_b, mut tanaka) = t.ambassador("田中 由美");
    let (_c, mut manager) = t.member("山田 健一", Role::Reviewer);
    let sato_post = draft(&mut sato, "佐藤の下書き", "佐藤だけの倉庫の話。");
    let photo = png(48, 40);
    let m = tsunagu::app::media::attach_image(
        &mut sato,
        Source::Ui,
        None,
        sato_post,
        "soko.png",
        &photo,
    )
    .unwrap();
    let tanaka_post = draft(&mut tanaka, "田中の下書き", "田中だけの店舗の話。");
    tsunagu::app::review::submit_for_review(&mut tanaka, tanaka_post).unwrap();
    round(
        &t.secrets,
        &mut [&mut sato, &mut tanaka, &mut manager, &mut t.lead],
    );
    round(&t.secrets, &mut [&mut sato, &mut tanaka, &mut manager]);

    // The plan and the roster's names reach everyone.
    for ws in [&sato, &tanaka, &manager] {
        for table in ["themes", "purposes", "requests", "guideline_sets", "people"] {
            let sql = format!("SELECT count(*) FROM {table} WHERE ?1 = ?1");
            assert_eq!(
                count(ws, &sql, ""),
                count(&t.lead, &sql, ""),
                "{table} reaches every device"
            );
        }
    }
    // Tanaka's laptop: her own post and records, nothing of Sato's or the lead's drafts.
    assert!(tanaka.post(tanaka_post).is_ok());
    assert!(tanaka.post(sato_post).is_err(), "a colleague's draft");
    assert!(
        tanaka.post(lead_plan).is_err(),
        "the lead's unpublished plan"
    );
    let consents = "SELECT count(*) FROM consents WHERE person_id = ?1";
    let theirs = count(&t.lead, consents, &tanaka_id.as_string());
    assert!(theirs >= 1);
    assert_eq!(count(&tanaka, consents, &tanaka_id.as_string()), theirs);
    assert_eq!(count(&tanaka, consents, &sato_id.as_string()), 0);
    assert_eq!(count(&sato, consents, &tanaka_id.as_string()), 0);
    let handles = "SELECT handles FROM people WHERE id = ?1";
    let on = |ws: &Workspace| -> String {
        db(ws)
            .query_row(handles, [tanaka_id.as_string()], |r| r.get(0))
            .unwrap()
    };
    assert!(on(&tanaka).contains("tanaka_private_handle"));
    assert!(on(&t.lead).contains("tanaka_private_handle"));
    assert!(!on(&sato).contains("tanaka_private_handle"));
    let review_log = "SELECT count(*) FROM review_log WHERE post_id = ?1";
    assert_eq!(count(&sato, review_log, &tanaka_post.as_string()), 0);
    assert!(count(&tanaka, review_log, &tanaka_post.as_string()) >= 1);
    // On the disk, not only in the queries.
    let sato_disk = disk(&sato);
    for secret in [
        "田中だけの店舗の話。",
        "未発表の新商品の告知案。",
        "tanaka_private_handle",
        "同意書-田中-0042",
    ] {
        assert!(
            !holds(&sato_disk, secret),
            "{secret} is not on Sato's laptop"
        );
    }
    assert!(holds(&sato_disk, "同意書-佐藤-0007"), "her own consent is");
    // The reviewer reads what it reviews, and the consents it checks.
    assert!(manager.post(tanaka_post).is_ok());
    assert!(manager.post(sato_post).is_ok());
    assert_eq!(count(&manager, consents, &tanaka_id.as_string()), theirs);
    // The lead has everything, the photo included.
    assert_eq!(t.lead.post(sato_post).unwrap().body, "佐藤だけの倉庫の話。");
    assert!(tsunagu::app::media::media_path(&t.lead, m.id)
        .unwrap()
        .exists());

    // The photo in the shared place: Tanaka's keys cannot open it, the reviewer's can.
    let name = t.shared.path().join("media").join(
        tsunagu::app::media::media_path(&t.lead, m.id)
            .unwrap()
            .file_stem()
            .unwrap(),
    );
    let sealed = std::fs::read(&name).unwrap();
    assert_eq!(keys_of(&t, &tanaka).open(&sealed), Opened::NotForMe);
    assert!(matches!(keys_of(&t, &manager).open(&sealed), Opened::Sealed(b) if b == photo));

    // Published, the post is public: the lead's next round shares it, photo and all.
    publish(&mut t.lead, sato_post);
    round(&t.secrets, &mut [&mut t.lead, &mut tanaka, &mut sato]);
    let shown = tanaka.post(sato_post).unwrap();
    assert_eq!(shown.body, "佐藤だけの倉庫の話。");
    let there = tsunagu::app::media::media_path(&tanaka, m.id).unwrap();
    assert_eq!(std::fs::read(there).unwrap(), photo, "with its photo");
    assert_eq!(
        count(&tanaka, review_log, &sato_post.as_string()),
        0,
        "but never its review history"
    );

    // Material Tanaka sends, turned into a draft by the lead: the draft reaches her.
    let material = tsunagu::app::materials::send_material(
        &mut tanaka,
        Source::Ui,
        tanaka_id,
        None,
        "新しい棚が入りました",
        None,
    )
    .unwrap();
    round(&t.secrets, &mut [&mut tanaka, &mut t.lead]);
    let from_material =
        tsunagu::app::materials::material_to_draft(&mut t.lead, Source::Ui, material).unwrap();
    round(&t.secrets, &mut [&mut t.lead, &mut tanaka, &mut sato]);
    assert!(tanaka.post(from_material).is_ok(), "made from her material");
    assert!(sato.post(from_material).is_err());
}

#[test]
fn the_key_book_gains_audiences_and_a_new_laptop_reads_its_persons_history() {
    let mut t = team();
    let (_a, mut sato) = t.ambassador("佐藤 美咲");
    let before = draft(&mut sato, "一台目", "一台目の下書き。");
    round(&t.secrets, &mut [&mut sato, &mut t.lead]);
    let st = t.lead.team_status().unwrap();
    let raw = std::fs::read(t.shared.path().join(KEYS_FILE)).unwrap();
    let book = KeyBook::verify(&raw, &lead_public(&t), &st.team_id).unwrap();
    let epoch = book.epochs.last().unwrap();
    let sato_label = format!("p:{}", person(&t.lead, "佐藤 美咲").as_string());
    assert!(epoch.audiences.contains_key("staff"));
    assert!(epoch.audiences.contains_key(&sato_label));
    let sato_key = tsunagu::sync::ops::hex(&device_key(&t, &sato).public());
    assert!(epoch.audiences[&sato_label].wrapped.contains_key(&sato_key));
    assert!(!epoch.audiences["staff"].wrapped.contains_key(&sato_key));
    // Her second laptop reads what she wrote on the first.
    let (_b, sato2) = t.ambassador("佐藤 美咲");
    assert_eq!(sato2.post(before).unwrap().body, "一台目の下書き。");
    // Removing a device renews every audience for the others.
    let fp = sato.team_status().unwrap().fingerprint;
    t.lead.team_revoke(&t.secrets, &fp).unwrap();
    let raw = std::fs::read(t.shared.path().join(KEYS_FILE)).unwrap();
    let book = KeyBook::verify(&raw, &lead_public(&t), &st.team_id).unwrap();
    let newest = book.epochs.last().unwrap();
    assert!(newest.n > epoch.n);
    assert!(!newest.audiences[&sato_label]
        .wrapped
        .contains_key(&sato_key));
    let sato2_key = tsunagu::sync::ops::hex(&device_key(&t, &sato2).public());
    assert!(newest.audiences[&sato_label]
        .wrapped
        .contains_key(&sato2_key));
}
