//! Team sync at scale (issue 9: 50 devices × 1,000 operations converge, median ≤ 5 s).
//!
//! The fixture, built once under the target folder: a lead and 49 ambassadors in one shared
//! folder; each ambassador drafts posts until its log holds at least 1,000 row changes and
//! syncs; the lead makes 1,000 changes of its own. The bench is the round that brings them
//! together on the lead: its own 1,000 sent, the 49,000+ received verified (signatures, hash
//! chains, roster permissions), applied field by field in causal order, in one transaction.
//! Each sample starts from a fresh copy of the lead's workspace before that round.
//!
//! Run with `cargo bench --bench sync`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use tsunagu::ids::RandomIds;
use tsunagu::model::Platform;
use tsunagu::store::Source;
use tsunagu::sync::segment::DeviceKey;
use tsunagu::sync::transport::FolderTransport;
use tsunagu::workspace::InitOptions;
use tsunagu::Workspace;

const DEVICES: usize = 50;
const OPS: i64 = 1_000;

/// Drafts posts until this device has made `OPS` more row changes.
fn work(ws: &mut Workspace, label: &str) {
    let start = common::last_seq(ws);
    let mut i = 0;
    while (ws.changes_since(start, usize::MAX).unwrap().len() as i64) < OPS {
        let p = ws
            .create_post_at(
                Source::Ui,
                None,
                &format!("{label}の投稿{i}"),
                "2026-12-20T12:00",
                &[Platform::X, Platform::Bluesky],
            )
            .unwrap()
            .id;
        common::save_body(
            ws,
            p,
            format!("{label}が書いた下書き{i}。工場の朝の様子です。"),
        );
        i += 1;
    }
}

fn fixture() -> PathBuf {
    let (dir, built) = common::fixture_dir(&format!("sync-{DEVICES}x{OPS}"));
    if built {
        return dir;
    }
    let mut team = common::lead_team(&dir);
    let people = team.people.clone();
    for (n, person) in people.iter().take(DEVICES - 1).enumerate() {
        let mut amb = team.ambassador(&dir.join(format!("amb{n}")), *person);
        work(&mut amb, &format!("端末{n}"));
        amb.sync_now(&team.secrets).unwrap();
        drop(amb);
        let _ = std::fs::remove_dir_all(dir.join(format!("amb{n}")));
    }
    work(&mut team.lead, "リーダー");
    std::fs::write(dir.join("lead.key"), team.lead_key().1).unwrap();
    drop(team);
    std::fs::write(dir.join("done"), b"").unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 10)]
fn fifty_devices_converge(bencher: divan::Bencher) {
    let dir = fixture();
    let secret: [u8; 32] =
        tsunagu::sync::ops::unhex(&std::fs::read_to_string(dir.join("lead.key")).unwrap()).unwrap();
    let key = DeviceKey::from_secret(&secret);
    let scratch = tempfile::tempdir().unwrap();
    bencher
        .with_inputs(|| {
            let to = scratch.path().join(uuid::Uuid::new_v4().to_string());
            copy_dir(&dir.join("lead"), &to);
            // The shared folder is only read by the lead's receive; its own segment goes to a
            // per-sample copy of the lead's log folder name, so samples do not see each other.
            let shared = scratch
                .path()
                .join(format!("{}-shared", uuid::Uuid::new_v4()));
            common::copy_tree(&dir.join("shared"), &shared);
            let ws = Workspace::open(
                &to,
                common::clock(),
                Arc::new(RandomIds),
                &InitOptions::default(),
            )
            .unwrap();
            (ws, FolderTransport::new(&shared).unwrap())
        })
        .bench_local_values(|(mut ws, t)| {
            let r = ws.sync_with(&t, &key).unwrap();
            assert!(r.applied as i64 >= (DEVICES as i64 - 1) * OPS, "{r:?}");
            assert_eq!(r.quarantined, 0);
            assert!(r.sent as i64 >= OPS);
            // Closing the database (its checkpoint) happens after the round, untimed.
            (ws, t)
        });
}
