//! Compaction: the lead's snapshot lets a new device start without reading every log, and
//! segments every admitted device has passed leave the shared place, while every device keeps
//! converging.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::team::*;

fn files(t: &Team, prefix: &str) -> Vec<String> {
    use tsunagu::sync::transport::Transport as _;
    tsunagu::sync::transport::FolderTransport::new(t.shared.path())
        .unwrap()
        .list(prefix)
        .unwrap()
}

#[test]
fn a_new_device_starts_from_the_snapshot_and_passed_segments_leave_the_folder() {
    let mut t = team();
    let (_da, mut sato) = t.ambassador("佐藤 美咲");
    let (_db, mut tanaka) = t.ambassador("田中 由美");
    let mut posts = Vec::new();
    for i in 0..4 {
        posts.push(draft(
            &mut sato,
            &format!("朝礼{i}"),
            &format!("倉庫の朝礼その{i}。"),
        ));
        sato.sync_now(&t.secrets).unwrap();
        t.lead.sync_now(&t.secrets).unwrap();
        tanaka.sync_now(&t.secrets).unwrap();
    }
    sato.sync_now(&t.secrets).unwrap();
    let before = files(&t, "log/").len();
    assert!(files(&t, "snapshot/").is_empty());

    // Only the lead compacts.
    assert!(tsunagu::sync::compact::compact_now(&mut sato, &t.secrets).is_err());
    tsunagu::sync::compact::compact_now(&mut t.lead, &t.secrets).unwrap();
    assert_eq!(files(&t, "snapshot/").len(), 1);
    let after = files(&t, "log/").len();
    assert!(
        after < before,
        "segments every device has applied are removed ({before} → {after})"
    );

    // A member plants a newer-looking snapshot signed with its own key, to hand new laptops a
    // scheduled post nobody approved: it does not verify as the lead's and is passed over.
    {
        use tsunagu::sync::compact::{snapshot_name, Snapshot};
        use tsunagu::sync::transport::Transport as _;
        let keys = lead_keys(&t);
        let raw = tsunagu::sync::transport::FolderTransport::new(t.shared.path()).unwrap();
        let seen = tsunagu::sync::seal::SealedTransport::new(&raw, &keys);
        let team = t.lead.team_status().unwrap().team_id;
        let real = seen.get(&files(&t, "snapshot/")[0]).unwrap();
        let mut forged = Snapshot::decode(&real, &lead_public(&t), &team).unwrap();
        let post = tsunagu::sync::ops::Op {
            table: "posts".into(),
            key: vec![serde_json::json!("01a24d9c-0000-7000-8000-00000000f00d")],
            kind: tsunagu::sync::ops::Kind::Insert,
            fields: serde_json::from_value(serde_json::json!({
                "title": "偽のスナップショット",
                "body": "",
                "status": "scheduled",
                "platforms": "",
                "created_at": "2026-11-01T00:00:00Z",
                "updated_at": "2026-11-01T00:00:00Z",
            }))
            .unwrap(),
        };
        forged.batch.ops.push(post);
        seen.put_head(
            &snapshot_name(999_999),
            &forged.encode(&device_key(&t, &sato)).unwrap(),
        )
        .unwrap();
    }

    // A new laptop: its first round after admission starts from the lead's snapshot.
    let (_dc, mut kimura) = t.ambassador("山田 健一");
    let forged_there: i64 = rusqlite::Connection::open(kimura.dir().join("tsunagu.db"))
        .unwrap()
        .query_row(
            "SELECT count(*) FROM posts WHERE title = '偽のスナップショット'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(forged_there, 0, "the forged snapshot was not applied");
    for p in &posts {
        assert!(
            kimura.post(*p).is_err(),
            "another ambassador's drafts do not reach this laptop"
        );
    }
    // A second laptop of the person who wrote them starts from the same snapshot and has them.
    let (_dd, mut sato2) = t.ambassador("佐藤 美咲");
    for p in &posts {
        assert!(
            sato2.post(*p).is_ok(),
            "her drafts from before the snapshot arrived on her new laptop"
        );
    }
    assert_eq!(sato2.sync_quarantine().unwrap().len(), 0);
    assert_eq!(
        tsunagu::app::people::people(&kimura).unwrap().len(),
        tsunagu::app::people::people(&t.lead).unwrap().len()
    );
    assert_eq!(kimura.sync_quarantine().unwrap().len(), 0);
    assert!(kimura.team_status().unwrap().admitted);

    // Everyone goes on converging after the pruning.
    let late = draft(
        &mut kimura,
        "新しい端末から",
        "スナップショットから始めた端末の下書き。",
    );
    let more = draft(&mut sato, "その後", "剪定の後の下書き。");
    for _ in 0..2 {
        for ws in [&mut kimura, &mut sato, &mut sato2, &mut tanaka] {
            let r = ws.sync_now(&t.secrets).unwrap();
            assert!(r.waiting.is_empty(), "{:?}", r.waiting);
            assert_eq!(r.quarantined, 0);
        }
        let r = t.lead.sync_now(&t.secrets).unwrap();
        assert!(r.waiting.is_empty(), "{:?}", r.waiting);
        assert_eq!(r.quarantined, 0, "{:?}", t.lead.sync_quarantine().unwrap());
    }
    assert_eq!(
        t.lead.post(late).unwrap().body,
        "スナップショットから始めた端末の下書き。"
    );
    for ws in [&t.lead, &sato2] {
        assert_eq!(ws.post(more).unwrap().body, "剪定の後の下書き。");
    }
    assert!(tanaka.post(late).is_err() && kimura.post(more).is_err());

    // A second and third snapshot: only the two newest stay.
    tsunagu::sync::compact::compact_now(&mut t.lead, &t.secrets).unwrap();
    draft(&mut t.lead, "三度目", "三度目のスナップショットの前。");
    tsunagu::sync::compact::compact_now(&mut t.lead, &t.secrets).unwrap();
    let kept = files(&t, "snapshot/");
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(
        !kept.iter().any(|n| n.contains("999999")),
        "the forged snapshot is removed, never the lead's: {kept:?}"
    );
}
