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
        // The team is sealed: nothing of it is readable here before the lead admits it, and
        // opening the workspace again meanwhile (the app, the CLI) makes nothing of its own.
        assert_eq!(st.person_name, None);
        drop(ws);
        let mut ws = Workspace::open(
            &ws_dir,
            self.clock.clone(),
            Arc::new(RandomIds),
            &tsunagu::workspace::InitOptions::default(),
        )
        .unwrap();
        assert_eq!(
            ws.changes_since(0, usize::MAX)
                .unwrap()
                .iter()
                .filter(|c| c.entity != "devices" && c.entity != "workspace")
                .count(),
            0,
            "nothing written but the device and the stand-in"
        );
        assert_eq!(ws.info().unwrap().people, 0);
        let waiting = self.lead.team_status_with(&self.secrets).unwrap().requests;
        let req = waiting
            .iter()
            .find(|r| r.fingerprint == st.fingerprint)
            .expect("the lead sees the request");
        assert!(req.invited);
        // Typed as a person might: lower case, spaces for dashes.
        let typed = st.fingerprint.replace('-', " ").to_lowercase();
        self.lead.team_admit(&self.secrets, &typed).unwrap();
        // Admitted: the next round receives the team's data, the person invited with it.
        ws.sync_now(&self.secrets).unwrap();
        let st = ws.team_status().unwrap();
        assert!(st.admitted);
        let refused = ws.sync_quarantine().unwrap();
        assert!(
            refused.is_empty(),
            "nothing refused on joining: {refused:?}"
        );
        assert_eq!(
            st.person_name.as_deref(),
            Some(
                tsunagu::app::people::person(&self.lead, who)
                    .unwrap()
                    .input
                    .display_name
                    .as_str()
            )
        );
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

/// What a canary search found in a shared place.
#[derive(Debug, Default)]
pub struct Sealed {
    pub segments: usize,
    pub media: usize,
    pub other: usize,
}

/// Reads every file `t` holds and fails if any of `canaries` (names, draft text, e-mail
/// addresses, photo bytes) appears in it, or if a file other than the key book and the heads
/// is not sealed.
pub fn assert_nothing_readable(
    t: &dyn tsunagu::sync::transport::Transport,
    canaries: &[Vec<u8>],
) -> Sealed {
    let mut found = Sealed::default();
    for name in t.list("").unwrap() {
        let bytes = t.get(&name).unwrap();
        for c in canaries {
            assert!(
                !bytes.windows(c.len()).any(|w| w == c.as_slice()),
                "{name} holds {:?} in the clear",
                String::from_utf8_lossy(c)
            );
        }
        if name == tsunagu::sync::seal::KEYS_FILE || name.starts_with("heads/") {
            continue;
        }
        assert!(
            tsunagu::sync::seal::is_sealed(&bytes),
            "{name} is not sealed"
        );
        if name.starts_with("log/") {
            found.segments += 1;
        } else if name.starts_with("media/") {
            found.media += 1;
        } else {
            found.other += 1;
        }
    }
    found
}

/// A device's signing key, as its keychain holds it.
pub fn device_key(t: &Team, ws: &Workspace) -> tsunagu::sync::segment::DeviceKey {
    use tsunagu::secrets::SecretStore as _;
    let st = ws.team_status().unwrap();
    let secret = t
        .secrets
        .get(&format!(
            "sync-device/{}/{}",
            st.team_id,
            ws.device().as_string()
        ))
        .unwrap()
        .unwrap();
    tsunagu::sync::segment::DeviceKey::from_secret(&tsunagu::sync::ops::unhex(&secret).unwrap())
}

/// The lead's public key.
pub fn lead_public(t: &Team) -> [u8; 32] {
    let st = t.lead.team_status().unwrap();
    tsunagu::sync::ops::unhex(&st.members[0].member.key).unwrap()
}

/// The keys the lead's device holds.
pub fn lead_keys(t: &Team) -> tsunagu::sync::seal::Keys {
    use tsunagu::sync::transport::Transport as _;
    let st = t.lead.team_status().unwrap();
    let raw = tsunagu::sync::transport::FolderTransport::new(t.shared.path()).unwrap();
    let book = tsunagu::sync::seal::KeyBook::verify(
        &raw.get(tsunagu::sync::seal::KEYS_FILE).unwrap(),
        &lead_public(t),
        &st.team_id,
    )
    .unwrap();
    tsunagu::sync::seal::Keys::new(Some(&book), &device_key(t, &t.lead), &lead_public(t)).unwrap()
}

/// A draft for X on 2026-12-20 with `body`.
pub fn draft(ws: &mut Workspace, title: &str, body: &str) -> tsunagu::ids::PostId {
    let post = ws
        .create_post_at(
            tsunagu::store::Source::Ui,
            None,
            title,
            "2026-12-20T12:00",
            &[tsunagu::model::Platform::X],
        )
        .unwrap()
        .id;
    write_body(ws, post, body);
    post
}

/// A file of the shared folder, opened as the lead reads it.
pub fn opened(t: &Team, path: &std::path::Path) -> Vec<u8> {
    match lead_keys(t).open(&std::fs::read(path).unwrap()) {
        tsunagu::sync::seal::Opened::Plain(b) | tsunagu::sync::seal::Opened::Sealed(b) => b,
        other => panic!("{} cannot be opened: {other:?}", path.display()),
    }
}

/// Marks a post published (as the publisher does once a platform has accepted it).
pub fn publish(ws: &mut Workspace, post: tsunagu::ids::PostId) {
    use tsunagu::store::write::val;
    let ctx = ws.ctx(None, tsunagu::store::Source::System);
    ws.store_mut()
        .write(&ctx, |w| {
            w.update(
                "posts",
                &[("id", val::text(post.as_string()))],
                &[("status", val::text("published"))],
            )
        })
        .unwrap();
}

/// How many posts an ambassador's laptop for `person` holds: the published ones, their own and
/// those made from their material (see `sync::audience`).
pub fn posts_for(lead: &Workspace, person: tsunagu::ids::PersonId) -> i64 {
    rusqlite::Connection::open(lead.dir().join("tsunagu.db"))
        .unwrap()
        .query_row(
            "SELECT count(*) FROM posts WHERE status = 'published' OR author_id = ?1
                OR id IN (SELECT post_id FROM materials WHERE person_id = ?1)",
            [person.as_string()],
            |r| r.get(0),
        )
        .unwrap()
}
