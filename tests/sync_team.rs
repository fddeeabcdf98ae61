//! Team sync between real workspaces through a shared folder: create, invite, join, admit,
//! draft offline, approve, and what is refused (forged approvals, strangers, revoked devices).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::sync::Arc;
use tsunagu::clock::FixedClock;
use tsunagu::ids::{PersonId, RandomIds};
use tsunagu::model::{Platform, PostStatus};
use tsunagu::publish::secrets::MemorySecrets;
use tsunagu::store::Source;
use tsunagu::sync::team::Role;
use tsunagu::sync::Place;
use tsunagu::Workspace;

struct Team {
    shared: tempfile::TempDir,
    lead_dir: tempfile::TempDir,
    lead: Workspace,
    secrets: MemorySecrets,
    clock: Arc<FixedClock>,
    place: Place,
}

fn person(ws: &Workspace, name: &str) -> PersonId {
    ws.people()
        .unwrap()
        .into_iter()
        .find(|p| p.name == name)
        .unwrap()
        .id
}

fn team() -> Team {
    let lead_dir = tempfile::tempdir().unwrap();
    let shared = tempfile::tempdir().unwrap();
    let clock = clock(at(2026, 11, 22, 3, 0));
    let mut lead = tsunagu::demo::build(
        lead_dir.path(),
        clock.clone(),
        tsunagu::demo::DemoOptions::default(),
    )
    .unwrap();
    let secrets = MemorySecrets::default();
    let place = Place::Folder {
        path: shared.path().display().to_string(),
    };
    let status = lead.team_create(&secrets, &place).unwrap();
    assert_eq!(status.role, Role::Lead);
    assert!(status.admitted);
    Team {
        shared,
        lead_dir,
        lead,
        secrets,
        clock,
        place,
    }
}

impl Team {
    /// A new ambassador device for `name`, admitted by the lead.
    fn ambassador(&mut self, name: &str) -> (tempfile::TempDir, Workspace) {
        let who = person(&self.lead, name);
        let code = self.lead.team_invite(who, Role::Ambassador).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let ws_dir = dir.path().join("ws");
        let ws = Workspace::join_team(
            &ws_dir,
            &code,
            &self.place,
            &self.secrets,
            self.clock.clone(),
            Arc::new(RandomIds),
        )
        .unwrap();
        let st = ws.team_status().unwrap();
        assert_eq!(st.role, Role::Ambassador);
        assert!(!st.admitted, "waits for the lead");
        assert_eq!(
            st.person_name.as_deref(),
            Some(ws.person(who).unwrap().input.display_name.as_str())
        );
        let waiting = self.lead.team_status().unwrap().requests;
        let req = waiting
            .iter()
            .find(|r| r.fingerprint == st.fingerprint)
            .expect("the lead sees the request");
        assert!(req.invited);
        self.lead
            .team_admit(&self.secrets, &st.fingerprint)
            .unwrap();
        (dir, ws)
    }
}

fn counts(ws: &Workspace) -> (i64, i64) {
    let i = ws.info().unwrap();
    (i.people, i.posts)
}

#[test]
fn an_ambassador_drafts_offline_the_lead_approves_and_the_ambassador_sees_it() {
    let mut t = team();
    let (_d, mut amb) = t.ambassador("佐藤 美咲");
    // Joined: the lead's data is here, the same posts and people.
    assert_eq!(counts(&amb), counts(&t.lead));

    // Offline: a draft, then one round once the folder is reachable.
    let post = amb
        .create_post_at(
            Source::Ui,
            None,
            "倉庫の朝礼",
            "2026-11-30T12:00",
            &[Platform::X],
        )
        .unwrap()
        .id;
    write_body(&mut amb, post, "毎朝8時、倉庫では全員で朝礼をしています。");
    amb.submit_for_review(post).unwrap();
    let r = amb.sync_now(&t.secrets).unwrap();
    assert!(r.admitted);
    assert!(r.sent > 0);

    let r = t.lead.sync_now(&t.secrets).unwrap();
    assert!(r.applied > 0, "{r:?}");
    assert_eq!(r.quarantined, 0, "{:?}", t.lead.sync_quarantine().unwrap());
    let seen = t.lead.post(post).unwrap();
    assert_eq!(seen.status, PostStatus::InReview);
    assert_eq!(seen.body, "毎朝8時、倉庫では全員で朝礼をしています。");
    let queued = t
        .lead
        .review_queue()
        .unwrap()
        .into_iter()
        .find(|q| q.post == post)
        .expect("in the lead's review queue");
    assert_eq!(queued.author_name.as_deref(), Some("佐藤 美咲"));

    t.lead
        .approve(post, &all_ticks(&t.lead), "いいですね")
        .unwrap();
    t.lead.sync_now(&t.secrets).unwrap();
    amb.sync_now(&t.secrets).unwrap();
    assert_eq!(
        amb.post(post).unwrap().status,
        PostStatus::Scheduled,
        "the approval reached the ambassador"
    );
    assert_eq!(amb.sync_quarantine().unwrap().len(), 0);
}
