//! A team for sync tests: a lead's demo workspace in a shared folder, and ambassador devices
//! admitted by the lead.
use super::*;
use tsunagu::ids::{PersonId, RandomIds};
use tsunagu::publish::secrets::MemorySecrets;
use tsunagu::sync::team::Role;
use tsunagu::sync::Place;

pub struct Team {
    pub shared: tempfile::TempDir,
    _lead_dir: tempfile::TempDir,
    pub lead: Workspace,
    pub secrets: MemorySecrets,
    pub clock: Arc<FixedClock>,
    pub place: Place,
}

pub fn person(ws: &Workspace, name: &str) -> PersonId {
    ws.people()
        .unwrap()
        .into_iter()
        .find(|p| p.name == name)
        .unwrap()
        .id
}

pub fn team() -> Team {
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
        _lead_dir: lead_dir,
        lead,
        secrets,
        clock,
        place,
    }
}

impl Team {
    /// A new ambassador device for `name`, admitted by the lead.
    pub fn ambassador(&mut self, name: &str) -> (tempfile::TempDir, Workspace) {
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
        let waiting = self.lead.team_status_with(&self.secrets).unwrap().requests;
        let req = waiting
            .iter()
            .find(|r| r.fingerprint == st.fingerprint)
            .expect("the lead sees the request");
        assert!(req.invited);
        // Typed as a person might: lower case, spaces for dashes.
        let typed = st.fingerprint.replace('-', " ").to_lowercase();
        self.lead.team_admit(&self.secrets, &typed).unwrap();
        (dir, ws)
    }
}

/// The ambassador's segment files in the shared folder, oldest first.
pub fn segments(t: &Team, ws: &Workspace) -> Vec<std::path::PathBuf> {
    let fp = ws
        .team_status()
        .unwrap()
        .fingerprint
        .replace('-', "")
        .to_ascii_lowercase();
    let mut files: Vec<_> = std::fs::read_dir(t.shared.path().join("log").join(fp))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}
