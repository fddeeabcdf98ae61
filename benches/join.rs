//! Joining a long-running team (issue 21: 20 devices, a year of history of about 200,000
//! row changes; a new device is ready in at most 3 s).
//!
//! The fixture, built once under the target folder: a lead (the demo with 60 people) and 19
//! ambassadors in one shared folder, sealed. Each device drafts 40 posts and then keeps
//! editing them (every save is a real save through the write path, as a year of drafting is)
//! until it has made 10,000 row changes, syncing every 1,000. Every round of every device
//! sends and receives, so the lead applies all 190,000 changes it receives, writes a snapshot
//! every 10,000, and prunes what every device has applied, as it would in a year. One sample:
//! a new reviewer's laptop (it reads every post) that joined and was admitted runs its first
//! round: it reads the newest snapshot and the segments after it, verified and applied. Each
//! sample starts from fresh copies of the shared folder and the lead.
//!
//! Run with `cargo bench --bench join`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use tsunagu::ids::RandomIds;
use tsunagu::model::Platform;
use tsunagu::secrets::{MemorySecrets, SecretStore};
use tsunagu::store::Source;
use tsunagu::sync::team::Role;
use tsunagu::sync::Place;
use tsunagu::workspace::InitOptions;
use tsunagu::Workspace;

const DEVICES: usize = 20;
const CHANGES_PER_DEVICE: usize = 10_000;
const SYNC_EVERY: usize = 1_000;

/// Drafts 40 posts, for the edits that follow.
fn drafts(ws: &mut Workspace, label: &str) -> Vec<tsunagu::ids::PostId> {
    (0..40)
        .map(|i| {
            ws.create_post_at(
                Source::Ui,
                None,
                &format!("{label}の投稿{i}"),
                "2026-12-20T12:00",
                &[Platform::X, Platform::Bluesky],
            )
            .unwrap()
            .id
        })
        .collect()
}

/// Edits this device's posts until it has made `n` more row changes.
fn edits(ws: &mut Workspace, posts: &[tsunagu::ids::PostId], label: &str, n: usize, k: &mut usize) {
    let start = common::last_seq(ws);
    while ws.changes_since(start, usize::MAX).unwrap().len() < n {
        let p = posts[*k % posts.len()];
        common::save_body(
            ws,
            p,
            format!("{label}の{k}回目の推敲。工場の朝の様子を書いています。"),
        );
        *k += 1;
    }
}

fn fixture() -> PathBuf {
    let (dir, built) = common::fixture_dir(&format!("join-{DEVICES}x{CHANGES_PER_DEVICE}"));
    if built {
        return dir;
    }
    let mut team = common::lead_team(&dir);
    let people = team.people.clone();
    let mut devices = Vec::new();
    for (n, person) in people.iter().take(DEVICES - 1).enumerate() {
        let mut amb = team.ambassador(&dir.join(format!("amb{n}")), *person);
        let posts = drafts(&mut amb, &format!("端末{n}"));
        amb.sync_now(&team.secrets).unwrap();
        devices.push((amb, posts, 0usize));
    }
    team.lead.sync_now(&team.secrets).unwrap();
    let lead_posts = drafts(&mut team.lead, "リーダー");
    let mut lead_k = 0;
    for round in 0..CHANGES_PER_DEVICE / SYNC_EVERY {
        for (n, (amb, posts, k)) in devices.iter_mut().enumerate() {
            edits(amb, posts, &format!("端末{n}"), SYNC_EVERY, k);
            // Each ambassador's round sends its changes and receives everyone else's, so its
            // head file lets the lead prune what all have passed.
            let r = amb.sync_now(&team.secrets).unwrap();
            assert!(r.sent > 0);
        }
        edits(
            &mut team.lead,
            &lead_posts,
            "リーダー",
            SYNC_EVERY,
            &mut lead_k,
        );
        let r = team.lead.sync_now(&team.secrets).unwrap();
        assert_eq!(r.quarantined, 0);
        eprintln!("round {round}: lead applied {}", r.applied);
    }
    let (name, key) = team.lead_key();
    std::fs::write(dir.join("lead.key"), key).unwrap();
    std::fs::write(dir.join("lead.keyname"), name).unwrap();
    drop(team);
    drop(devices);
    for n in 0..DEVICES - 1 {
        let _ = std::fs::remove_dir_all(dir.join(format!("amb{n}")));
    }
    std::fs::write(dir.join("done"), b"").unwrap();
    dir
}

fn folder_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                folder_bytes(&e.path())
            } else {
                e.metadata().unwrap().len()
            }
        })
        .sum()
}

fn main() {
    let dir = fixture();
    let shared = dir.join("shared");
    let snaps: Vec<_> = std::fs::read_dir(shared.join("snapshot"))
        .map(|d| d.map(|e| e.unwrap().metadata().unwrap().len()).collect())
        .unwrap_or_default();
    eprintln!(
        "shared folder: {:.1} MB; snapshots kept: {} ({:?} bytes)",
        folder_bytes(&shared) as f64 / 1e6,
        snaps.len(),
        snaps
    );
    divan::main();
}

#[divan::bench(sample_count = 5)]
fn a_new_device_joins_a_year_old_team(bencher: divan::Bencher) {
    let dir = fixture();
    let scratch = tempfile::tempdir().unwrap();
    bencher
        .with_inputs(|| {
            let id = uuid::Uuid::new_v4().to_string();
            let shared = scratch.path().join(format!("{id}-shared"));
            common::copy_tree(&dir.join("shared"), &shared);
            let lead_dir = scratch.path().join(format!("{id}-lead"));
            common::copy_tree(&dir.join("lead"), &lead_dir);
            let secrets = MemorySecrets::default();
            secrets
                .set(
                    std::fs::read_to_string(dir.join("lead.keyname"))
                        .unwrap()
                        .trim(),
                    std::fs::read_to_string(dir.join("lead.key"))
                        .unwrap()
                        .trim(),
                )
                .unwrap();
            let place = Place::Folder {
                path: shared.display().to_string(),
            };
            let mut lead = Workspace::open(
                &lead_dir,
                common::clock(),
                Arc::new(RandomIds),
                &InitOptions::default(),
            )
            .unwrap();
            lead.set_team_place(&secrets, &place).unwrap();
            let person = tsunagu::app::people::people(&lead).unwrap()[DEVICES + 1].id;
            // A reviewer's laptop: it reads every post (an ambassador's would read only its
            // own person's and the published ones), so it is the heaviest join.
            let code = lead.team_invite(person, Role::Reviewer).unwrap();
            let new = Workspace::join_team(
                &scratch.path().join(format!("{id}-new")),
                &code,
                &place,
                &secrets,
                common::clock(),
                Arc::new(RandomIds),
            )
            .unwrap();
            let fp = new.team_status().unwrap().fingerprint;
            lead.team_admit(&secrets, &fp).unwrap();
            (new, secrets)
        })
        .bench_local_values(|(mut new, secrets)| {
            let r = new.sync_now(&secrets).unwrap();
            assert!(r.admitted);
            assert_eq!(r.quarantined, 0, "{r:?}");
            assert!(r.waiting.is_empty(), "{r:?}");
            assert!(new.info().unwrap().posts >= (DEVICES * 40) as i64);
            (new, secrets)
        });
}
