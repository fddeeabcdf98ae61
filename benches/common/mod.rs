//! What the team-sync benches share: the clock, the fixture folder, a lead's team in a shared
//! folder and ambassadors admitted to it, and copying fixtures for each sample.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs, dead_code)]

use chrono::{TimeZone, Utc};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tsunagu::clock::FixedClock;
use tsunagu::ids::{PersonId, RandomIds};
use tsunagu::secrets::MemorySecrets;
use tsunagu::sync::team::Role;
use tsunagu::sync::Place;
use tsunagu::Workspace;

pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 11, 22, 3, 0, 0).unwrap(),
    ))
}

pub fn last_seq(ws: &Workspace) -> i64 {
    ws.changes_since(0, usize::MAX)
        .unwrap()
        .last()
        .map_or(0, |c| c.seq)
}

/// `bench-fixtures/<name>-v<schema>` under the target folder, and whether it is built.
pub fn fixture_dir(name: &str) -> (PathBuf, bool) {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join(format!(
        "bench-fixtures/{name}-v{}",
        tsunagu::store::SCHEMA_VERSION
    ));
    let built = dir.join("done").exists();
    if !built {
        let _ = std::fs::remove_dir_all(&dir);
        eprintln!("building the fixture in {} (once)", dir.display());
    }
    (dir, built)
}

/// A lead (the demo with 60 people and 20 posts) that made a team in `dir/shared`, and the
/// people on its roster.
pub struct LeadTeam {
    pub lead: Workspace,
    pub secrets: MemorySecrets,
    pub place: Place,
    pub people: Vec<PersonId>,
}

pub fn lead_team(dir: &Path) -> LeadTeam {
    let shared = dir.join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    let place = Place::Folder {
        path: shared.display().to_string(),
    };
    let secrets = MemorySecrets::default();
    let mut lead = tsunagu::demo::build(
        &dir.join("lead"),
        clock(),
        tsunagu::demo::DemoOptions {
            posts: 20,
            people: 60,
            ..Default::default()
        },
    )
    .unwrap();
    lead.team_create(&secrets, &place).unwrap();
    let people = tsunagu::app::people::people(&lead)
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    LeadTeam {
        lead,
        secrets,
        place,
        people,
    }
}

impl LeadTeam {
    /// A laptop for `person` in `dir`, joined, admitted and holding the team's data.
    pub fn ambassador(&mut self, dir: &Path, person: PersonId) -> Workspace {
        let code = self.lead.team_invite(person, Role::Ambassador).unwrap();
        let mut amb = Workspace::join_team(
            dir,
            &code,
            &self.place,
            &self.secrets,
            clock(),
            Arc::new(RandomIds),
        )
        .unwrap();
        let fp = amb.team_status().unwrap().fingerprint;
        self.lead.team_admit(&self.secrets, &fp).unwrap();
        amb.sync_now(&self.secrets).unwrap();
        amb
    }

    /// The keychain name of the lead's key, and the key.
    pub fn lead_key(&self) -> (String, String) {
        use tsunagu::secrets::SecretStore as _;
        let name = format!(
            "sync-device/{}/{}",
            self.lead.team_status().unwrap().team_id,
            self.lead.device().as_string()
        );
        let key = self.secrets.get(&name).unwrap().unwrap();
        (name, key)
    }
}

/// Saves `post` with a new text, keeping everything else (a save from the editor).
pub fn save_body(ws: &mut Workspace, post: tsunagu::ids::PostId, body: String) {
    let d = ws.post(post).unwrap();
    ws.save_draft(
        tsunagu::store::Source::Ui,
        None,
        post,
        &tsunagu::posts::DraftInput {
            title: d.title,
            body,
            variants: d.variants,
            theme_id: d.theme_id,
            accounts: None,
        },
    )
    .unwrap();
}

pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}
