//! Sealed team sync: what the shared place holds is unreadable to anyone but the admitted
//! devices. A canary search over every file after a full round, a revoked device that reads
//! nothing new and reads again once re-admitted, a stranger with the folder, and a plain team
//! from an earlier version sealed in place with drafts in flight on two devices.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::team::*;
use common::*;
use tsunagu::model::PostStatus;
use tsunagu::store::Source;
use tsunagu::sync::seal::{is_sealed, KeyBook, Keys, Opened, SealedTransport, KEYS_FILE};
use tsunagu::sync::segment::DeviceKey;
use tsunagu::sync::transport::{FolderTransport, Transport};
use tsunagu::Workspace;

fn folder(t: &Team) -> FolderTransport {
    FolderTransport::new(t.shared.path()).unwrap()
}

/// Every name, every body and the photo's bytes the team holds, as a canary list.
fn canaries(lead: &Workspace, extra: &[&str], photo: &[u8]) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = tsunagu::app::people::people(lead)
        .unwrap()
        .into_iter()
        .flat_map(|p| {
            let surname = p.name.split(' ').next().unwrap_or_default().to_string();
            [p.name.into_bytes(), surname.into_bytes()]
        })
        .filter(|n| n.len() >= 6)
        .collect();
    out.extend(extra.iter().map(|s| s.as_bytes().to_vec()));
    // Any 24 bytes from the middle of the photo.
    let mid = photo.len() / 2;
    out.push(photo[mid..mid + 24].to_vec());
    out
}

#[test]
fn a_full_round_leaves_nothing_readable_in_the_folder() {
    let mut t = team();
    let (_d, mut amb) = t.ambassador("佐藤 美咲");
    let post = draft(
        &mut amb,
        "倉庫の朝礼",
        "毎朝8時、倉庫ではカナリア朝礼をしています。",
    );
    let photo = png(40, 40);
    tsunagu::app::media::attach_image(&mut amb, Source::Ui, None, post, "photo.png", &photo)
        .unwrap();
    draft(
        &mut amb,
        "連絡先",
        "問い合わせは canary.sato@example.co.jp まで。",
    );
    tsunagu::app::review::submit_for_review(&mut amb, post).unwrap();
    amb.sync_now(&t.secrets).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    assert_eq!(
        t.lead.post(post).unwrap().body,
        "毎朝8時、倉庫ではカナリア朝礼をしています。"
    );
    let ticks = all_ticks(&t.lead);
    tsunagu::app::review::approve(&mut t.lead, post, &ticks, "").unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    amb.sync_now(&t.secrets).unwrap();
    assert_eq!(amb.post(post).unwrap().status, PostStatus::Scheduled);

    let list = canaries(
        &t.lead,
        &["カナリア朝礼", "canary.sato@example.co.jp", "倉庫の朝礼"],
        &photo,
    );
    let found = assert_nothing_readable(&folder(&t), &list);
    assert!(found.media >= 1 && found.segments >= 3, "{found:?}");
}

#[test]
fn a_revoked_device_reads_nothing_new_and_reads_again_once_readmitted() {
    let mut t = team();
    let (_d, mut amb) = t.ambassador("佐藤 美咲");
    let fp = amb.team_status().unwrap().fingerprint;
    t.lead.team_revoke(&t.secrets, &fp).unwrap();
    let status = t.lead.team_status().unwrap();
    assert_eq!(status.key_epoch, 2, "a revocation starts a new epoch");
    let member = status
        .members
        .iter()
        .find(|m| m.member.fingerprint == fp)
        .unwrap();
    assert_eq!(
        member.epochs,
        vec![1],
        "the lead sees what it can still read"
    );
    // Something every member would receive: a post of the lead's, published.
    let after = draft(&mut t.lead, "取り消しの後", "取り消しの後に書いた投稿。");
    publish(&mut t.lead, after);
    t.lead.sync_now(&t.secrets).unwrap();

    let r = amb.sync_now(&t.secrets).unwrap();
    assert!(!r.admitted, "it learns it was revoked from the key book");
    assert_eq!(r.applied, 0);
    assert!(amb.post(after).is_err(), "nothing written after revocation");
    assert!(!amb.team_status().unwrap().admitted);

    // Re-admitted by the same fingerprint: it reads every epoch again.
    t.lead.team_admit(&t.secrets, &fp).unwrap();
    let member = t
        .lead
        .team_status()
        .unwrap()
        .members
        .into_iter()
        .find(|m| m.member.fingerprint == fp)
        .unwrap();
    assert_eq!(member.epochs, vec![1, 2]);
    assert_eq!(member.member.revoked_through, None);
    let r = amb.sync_now(&t.secrets).unwrap();
    assert!(r.admitted);
    assert_eq!(amb.post(after).unwrap().body, "取り消しの後に書いた投稿。");
    // And its drafts reach the lead again.
    let back = draft(&mut amb, "戻りました", "また参加します。");
    assert!(amb.sync_now(&t.secrets).unwrap().sent > 0);
    let r = t.lead.sync_now(&t.secrets).unwrap();
    assert_eq!(r.quarantined, 0, "{:?}", t.lead.sync_quarantine().unwrap());
    assert_eq!(t.lead.post(back).unwrap().body, "また参加します。");
}

#[test]
fn a_stranger_with_the_folder_reads_nothing() {
    let mut t = team();
    let (_d, mut amb) = t.ambassador("佐藤 美咲");
    draft(&mut amb, "下書き", "見知らぬ人には読めない。");
    amb.sync_now(&t.secrets).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    let raw = folder(&t);
    let st = t.lead.team_status().unwrap();
    let lead_key = lead_public(&t);
    let book = KeyBook::verify(&raw.get(KEYS_FILE).unwrap(), &lead_key, &st.team_id).unwrap();
    let stranger = DeviceKey::generate();
    let keys = Keys::new(Some(&book), &stranger, &lead_key).unwrap();
    assert!(keys.held().is_empty());
    let seen = SealedTransport::new(&raw, &keys);
    let mut refused = 0;
    for name in raw.list("").unwrap() {
        if name == KEYS_FILE || name.starts_with("heads/") {
            continue;
        }
        match seen.fetch(&name).unwrap() {
            Opened::NotForMe => refused += 1,
            other => panic!("{name} was readable to a stranger: {other:?}"),
        }
    }
    assert!(refused >= 4, "{refused}");
}

/// Turns a sealed team's folder and devices back into what an earlier version left: every
/// file plain, no key book anywhere.
fn unseal_to_plain(t: &Team, devices: &[&Workspace]) {
    let raw = folder(t);
    let keys = lead_keys(t);
    let seen = SealedTransport::new(&raw, &keys);
    for name in raw.list("").unwrap() {
        let plain = seen.get(&name).unwrap();
        std::fs::write(t.shared.path().join(&name), plain).unwrap();
    }
    std::fs::remove_file(t.shared.path().join(KEYS_FILE)).unwrap();
    for ws in devices {
        rusqlite::Connection::open(ws.dir().join("tsunagu.db"))
            .unwrap()
            .execute("UPDATE sync_team SET keybook = NULL", [])
            .unwrap();
    }
}

#[test]
fn a_plain_team_is_sealed_in_place_without_losing_or_doubling_a_change() {
    let mut t = team();
    let (_d1, mut sato) = t.ambassador("佐藤 美咲");
    let (_d2, mut tanaka) = t.ambassador("田中 由美");
    // Some history first, sent and received.
    let early = draft(
        &mut sato,
        "最初の下書き",
        "アップグレード前に届いた下書き。",
    );
    sato.sync_now(&t.secrets).unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    unseal_to_plain(&t, &[&t.lead, &sato, &tanaka]);
    let plain_files = folder(&t).list("log/").unwrap().len();
    assert!(plain_files >= 2, "{plain_files}");
    for name in folder(&t).list("").unwrap() {
        assert!(!is_sealed(&folder(&t).get(&name).unwrap()), "{name}");
    }
    // Drafts in flight on two devices: one sent in plain text before the lead upgrades, one
    // still on its laptop.
    let in_flight = draft(&mut sato, "送信済み", "平文のまま送られた下書き。");
    let offline = draft(&mut tanaka, "未送信", "まだノートPCの中にある下書き。");
    let keybook_null = |ws: &Workspace| {
        rusqlite::Connection::open(ws.dir().join("tsunagu.db"))
            .unwrap()
            .execute("UPDATE sync_team SET keybook = NULL", [])
            .unwrap();
    };
    // Sato's laptop still runs the earlier version for this round: nothing sealed, no book.
    let raw = folder(&t);
    sato.sync_with(&raw, &device_key(&t, &sato)).unwrap();
    keybook_null(&sato);

    // The lead upgrades: the book is made, and every plain file is sealed in place.
    let r = t.lead.sync_now(&t.secrets).unwrap();
    assert_eq!(r.quarantined, 0, "{:?}", t.lead.sync_quarantine().unwrap());
    assert_eq!(t.lead.team_status().unwrap().key_epoch, 1);
    for name in folder(&t).list("").unwrap() {
        let bytes = folder(&t).get(&name).unwrap();
        let plain_ok = name == KEYS_FILE || name.starts_with("heads/");
        assert!(plain_ok || is_sealed(&bytes), "{name} is still plain");
    }
    assert_eq!(
        t.lead.post(in_flight).unwrap().body,
        "平文のまま送られた下書き。"
    );
    // The others read the book and go on.
    for ws in [&mut sato, &mut tanaka] {
        let r = ws.sync_now(&t.secrets).unwrap();
        assert!(r.admitted);
        assert_eq!(r.quarantined, 0);
    }
    t.lead.sync_now(&t.secrets).unwrap();
    sato.sync_now(&t.secrets).unwrap();
    tanaka.sync_now(&t.secrets).unwrap();
    // The lead holds every draft, each laptop its own (a colleague's draft that went up in
    // plain text from the earlier version may be there too); nothing is doubled anywhere.
    let all = [
        (early, "最初の下書き", "アップグレード前に届いた下書き。"),
        (in_flight, "送信済み", "平文のまま送られた下書き。"),
        (offline, "未送信", "まだノートPCの中にある下書き。"),
    ];
    for (ws, mine) in [
        (&t.lead, &all[..]),
        (&sato, &all[..2]),
        (&tanaka, &all[2..]),
    ] {
        for (post, _, body) in mine {
            assert_eq!(ws.post(*post).unwrap().body, *body);
        }
        for (_, title, _) in &all {
            let n: i64 = rusqlite::Connection::open(ws.dir().join("tsunagu.db"))
                .unwrap()
                .query_row(
                    "SELECT count(*) FROM posts WHERE title = ?1",
                    [title],
                    |r| r.get(0),
                )
                .unwrap();
            assert!(n <= 1, "nothing doubled: {title} × {n}");
        }
        assert_eq!(ws.sync_quarantine().unwrap().len(), 0);
    }
    assert_eq!(
        tsunagu::app::people::people(&t.lead).unwrap().len(),
        tsunagu::app::people::people(&tanaka).unwrap().len()
    );
}
