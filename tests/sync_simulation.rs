//! A multi-device simulation: one lead and two ambassadors (their clocks days apart) work
//! offline in random orders and sync through one shared folder. For every generated case the
//! properties must hold: once everyone has synced, every device shows the same posts, the same
//! conflicts (each field at most once) and the same chosen values; nothing was quarantined
//! (each device refused, at the source, what the team would refuse); and the body shown is
//! one somebody typed (the exact keep-both-texts property is tested in `sync_team.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use tsunagu::clock::FixedClock;
use tsunagu::ids::{PostId, RandomIds};
use tsunagu::model::Platform;
use tsunagu::secrets::MemorySecrets;
use tsunagu::store::Source;
use tsunagu::sync::team::Role;
use tsunagu::sync::Place;
use tsunagu::Workspace;

struct Device {
    ws: Workspace,
    clock: Arc<FixedClock>,
    lead: bool,
    _dir: Option<tempfile::TempDir>,
}

fn edit(ws: &mut Workspace, post: PostId, body: Option<&str>, title: Option<&str>) -> bool {
    let d = ws.post(post).unwrap();
    let input = tsunagu::posts::DraftInput {
        title: title.map_or(d.title.clone(), str::to_string),
        body: body.map_or(d.body.clone(), str::to_string),
        variants: d.variants,
        theme_id: d.theme_id,
    };
    ws.save_draft(Source::Ui, None, post, &input).is_ok()
}

type Shown = (
    Vec<(String, String, String)>,
    Vec<(String, String, Vec<String>)>,
);

fn state(ws: &Workspace, posts: &[PostId]) -> Shown {
    let shown = posts
        .iter()
        .map(|p| {
            let d = ws.post(*p).unwrap();
            (d.title, d.body, format!("{:?}", d.status))
        })
        .collect();
    let conflicts = ws
        .sync_conflicts()
        .unwrap()
        .into_iter()
        .map(|c| {
            let mut v: Vec<String> = c.versions.iter().map(|v| v.value.to_string()).collect();
            v.sort();
            (c.entity_id, c.field, v)
        })
        .collect();
    (shown, conflicts)
}

/// A lead (the demo) and one ambassador per clock skew (in days), joined and admitted through
/// one shared folder.
fn team(skews: &[i64]) -> (tempfile::TempDir, MemorySecrets, Vec<Device>) {
    let shared = tempfile::tempdir().unwrap();
    let place = Place::Folder {
        path: shared.path().display().to_string(),
    };
    let secrets = MemorySecrets::default();
    let lead_dir = tempfile::tempdir().unwrap();
    let lead_clock = clock(at(2026, 11, 22, 3, 0));
    let mut lead = tsunagu::demo::build(
        lead_dir.path(),
        lead_clock.clone(),
        tsunagu::demo::DemoOptions {
            posts: 10,
            ..Default::default()
        },
    )
    .unwrap();
    lead.team_create(&secrets, &place).unwrap();
    let people: Vec<_> = tsunagu::app::people::people(&lead)
        .unwrap()
        .into_iter()
        .skip(1)
        .take(skews.len())
        .map(|p| p.id)
        .collect();
    let mut devices = vec![Device {
        ws: lead,
        clock: lead_clock,
        lead: true,
        _dir: Some(lead_dir),
    }];
    for (p, skew) in people.iter().zip(skews) {
        let code = devices[0].ws.team_invite(*p, Role::Ambassador).unwrap();
        let c = clock(at(2026, 11, 22, 3, 0) + chrono::Duration::days(*skew));
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::join_team(
            &dir.path().join("ws"),
            &code,
            &place,
            &secrets,
            c.clone(),
            Arc::new(RandomIds),
        )
        .unwrap();
        let fp = ws.team_status().unwrap().fingerprint;
        devices[0].ws.team_admit(&secrets, &fp).unwrap();
        devices.push(Device {
            ws,
            clock: c,
            lead: false,
            _dir: Some(dir),
        });
    }
    (shared, secrets, devices)
}

fn run_case(seed: u64) -> usize {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    // Clock skew of days, both ways.
    let (_shared, secrets, mut devices) = team(&[3, -2]);

    let mut posts: Vec<(PostId, usize)> = Vec::new();
    let mut typed: BTreeMap<PostId, BTreeSet<String>> = BTreeMap::new();
    for step in 0..50 {
        let d = rng.below(devices.len());
        for dev in &devices {
            dev.clock.advance(chrono::Duration::seconds(
                i64::try_from(rng.below(90)).unwrap() + 1,
            ));
        }
        match rng.below(4) {
            0 => {
                let title = format!("投稿{seed}-{step}");
                let dev = &mut devices[d];
                let p = dev
                    .ws
                    .create_post_at(Source::Ui, None, &title, "2026-12-20T12:00", &[Platform::X])
                    .unwrap()
                    .id;
                let body = format!("本文{step}（{d}番の端末）");
                assert!(edit(&mut dev.ws, p, Some(&body), None));
                typed.entry(p).or_default().insert(body);
                posts.push((p, d));
            }
            1 | 3 if !posts.is_empty() => {
                let (p, owner) = posts[rng.below(posts.len())];
                let dev = &mut devices[d];
                if dev.ws.post(p).is_err() {
                    continue; // not synced here yet
                }
                let body = format!("編集{step}（{d}番）");
                let allowed = dev.lead || owner == d;
                let ok = edit(&mut dev.ws, p, Some(&body), None);
                assert_eq!(
                    ok, allowed,
                    "an ambassador may edit only their own draft (step {step})"
                );
                if ok {
                    typed.entry(p).or_default().insert(body);
                }
            }
            _ => {
                devices[d].ws.sync_now(&secrets).unwrap();
            }
        }
    }
    // Everyone syncs until nothing moves.
    for _ in 0..3 {
        for dev in &mut devices {
            dev.ws.sync_now(&secrets).unwrap();
        }
    }
    let ids: Vec<PostId> = posts.iter().map(|(p, _)| *p).collect();
    let first = state(&devices[0].ws, &ids);
    for (i, dev) in devices.iter().enumerate() {
        assert_eq!(
            state(&dev.ws, &ids),
            first,
            "seed {seed}: device {i} converged to the same state"
        );
        assert!(
            dev.ws.sync_quarantine().unwrap().is_empty(),
            "seed {seed}: nothing refused"
        );
        let mut fields = BTreeSet::new();
        for c in dev.ws.sync_conflicts().unwrap() {
            assert!(
                fields.insert((c.entity_id.clone(), c.field.clone())),
                "seed {seed}: one conflict per field"
            );
        }
    }
    // No text lost: every body typed anywhere is shown, or kept beside it as a conflict version.
    let conflicts = devices[0].ws.sync_conflicts().unwrap();
    for (p, bodies) in &typed {
        let shown = devices[0].ws.post(*p).unwrap().body;
        let kept: BTreeSet<String> = conflicts
            .iter()
            .filter(|c| c.entity_id == p.as_string() && c.field == "body")
            .flat_map(|c| {
                c.versions
                    .iter()
                    .filter_map(|v| v.value.as_str().map(str::to_string))
            })
            .collect();
        let last_writes_reachable = bodies.iter().any(|b| *b == shown) || kept.contains(&shown);
        assert!(
            last_writes_reachable,
            "seed {seed}: the shown body was typed somewhere"
        );
    }
    conflicts.len()
}

#[test]
fn devices_converge_and_keep_every_concurrent_text() {
    let conflicts: usize = (1..=12).map(run_case).sum();
    assert!(
        conflicts > 0,
        "the cases include concurrent edits of one field"
    );
}

/// Same-field concurrent edits: for generated pairs of edits on the lead and an ambassador
/// (title, text, both or neither, same or different values), each field edited on both sides
/// with different values is exactly one conflict on both devices, and no other field is.
#[test]
fn every_same_field_concurrent_edit_is_exactly_one_conflict() {
    let (_shared, secrets, mut devices) = team(&[0]);
    let (lead_part, amb_part) = devices.split_at_mut(1);
    let (lead, amb) = (&mut lead_part[0].ws, &mut amb_part[0].ws);
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    for case in 0..24 {
        let post = amb
            .create_post_at(
                Source::Ui,
                None,
                &format!("事例{case}"),
                "2026-12-20T12:00",
                &[Platform::X],
            )
            .unwrap()
            .id;
        assert!(edit(amb, post, Some("元の文章"), None));
        amb.sync_now(&secrets).unwrap();
        lead.sync_now(&secrets).unwrap();
        // Each side edits a random subset of the fields, sometimes with the same value.
        let mut expected = BTreeSet::new();
        let pick = |rng: &mut Rng| ["", "a", "b"][rng.below(3)];
        let (lt, lb, at_, ab) = (
            pick(&mut rng),
            pick(&mut rng),
            pick(&mut rng),
            pick(&mut rng),
        );
        let value = |field: &str, v: &str| {
            if v.is_empty() {
                None
            } else {
                Some(format!("{field}{case}{v}"))
            }
        };
        let (lead_title, lead_body, amb_title, amb_body) = (
            value("題", lt),
            value("文", lb),
            value("題", at_),
            value("文", ab),
        );
        if lead_title.is_some() || lead_body.is_some() {
            assert!(edit(
                lead,
                post,
                lead_body.as_deref(),
                lead_title.as_deref()
            ));
        }
        if amb_title.is_some() || amb_body.is_some() {
            assert!(edit(amb, post, amb_body.as_deref(), amb_title.as_deref()));
        }
        if lead_title.is_some() && amb_title.is_some() && lead_title != amb_title {
            expected.insert("title");
        }
        if lead_body.is_some() && amb_body.is_some() && lead_body != amb_body {
            expected.insert("body");
        }
        amb.sync_now(&secrets).unwrap();
        lead.sync_now(&secrets).unwrap();
        amb.sync_now(&secrets).unwrap();
        for (name, ws) in [("lead", &*lead), ("ambassador", &*amb)] {
            let got: Vec<String> = ws
                .sync_conflicts()
                .unwrap()
                .into_iter()
                .filter(|c| c.entity == "posts" && c.entity_id == post.as_string())
                .map(|c| c.field)
                .collect();
            let want: Vec<String> = expected.iter().map(|f| (*f).to_string()).collect();
            assert_eq!(
                got, want,
                "case {case} on the {name}'s device ({lt},{lb}) vs ({at_},{ab})"
            );
        }
        assert_eq!(
            lead.post(post).unwrap().body,
            amb.post(post).unwrap().body,
            "case {case}: both show the same version"
        );
        // Settle what conflicts, so the next case starts clean.
        for f in &expected {
            lead.resolve_conflict(
                Source::Ui,
                "posts",
                &post.as_string(),
                f,
                &serde_json::json!(format!("決着{case}")),
            )
            .unwrap();
        }
        lead.sync_now(&secrets).unwrap();
        amb.sync_now(&secrets).unwrap();
        assert!(
            amb.sync_conflicts()
                .unwrap()
                .iter()
                .all(|c| c.entity_id != post.as_string()),
            "case {case}: settled everywhere"
        );
    }
}
