//! A team for sync tests: a lead's demo workspace in a shared folder, and ambassador devices
//! admitted by the lead.
use super::*;
use tsunagu::ids::{PersonId, RandomIds};
use tsunagu::model::PostStatus;
use tsunagu::secrets::MemorySecrets;
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
    tsunagu::app::people::people(ws)
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
        self.member(name, Role::Ambassador)
    }

    /// A new device for `name` with `role`, admitted by the lead.
    pub fn member(&mut self, name: &str, role: Role) -> (tempfile::TempDir, Workspace) {
        let who = person(&self.lead, name);
        let code = self.lead.team_invite(who, role).unwrap();
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
        assert_eq!(st.role, role);
        assert!(!st.admitted, "waits for the lead");
        assert_eq!(
            st.person_name.as_deref(),
            Some(
                tsunagu::app::people::person(&ws, who)
                    .unwrap()
                    .input
                    .display_name
                    .as_str()
            )
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

/// Writes a change into the ambassador's own change log, as a tampered laptop would: the app
/// never made it, but the next round signs and sends it like any other.
pub fn forge(dir: &std::path::Path, entity: &str, id: &str, op: &str, fields: serde_json::Value) {
    let db = rusqlite::Connection::open(dir.join("ws").join("tsunagu.db")).unwrap();
    db.execute(
        "INSERT INTO changes (id, entity, entity_id, op, fields, device_id, source, at)
         VALUES (lower(hex(randomblob(16))), ?1, ?2, ?3, ?4,
                 (SELECT id FROM devices WHERE is_local = 1), 'ui', '2026-11-22T03:00:00Z')",
        [entity, id, op, &fields.to_string()],
    )
    .unwrap();
}

/// What the lead must keep, whatever arrives: the approved post's text, status, review
/// history and photo.
pub fn guarded(ws: &Workspace, post: tsunagu::ids::PostId) -> (String, PostStatus, usize, String) {
    let p = ws.post(post).unwrap();
    let db = rusqlite::Connection::open(ws.dir().join("tsunagu.db")).unwrap();
    let sha: String = db
        .query_row(
            "SELECT m.sha256 FROM media m JOIN post_media pm ON pm.media_id = m.id WHERE pm.post_id = ?1",
            [post.as_string()],
            |r| r.get(0),
        )
        .unwrap();
    (
        p.body,
        p.status,
        tsunagu::app::review::audit_log(ws, Some(post))
            .unwrap()
            .len(),
        sha,
    )
}

pub fn bad_media_rows(ws: &Workspace) -> i64 {
    let db = rusqlite::Connection::open(ws.dir().join("tsunagu.db")).unwrap();
    db.query_row(
        "SELECT count(*) FROM media WHERE length(sha256) != 64 OR sha256 GLOB '*[^0-9a-f]*'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}
