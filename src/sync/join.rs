//! The join requests the lead admits from, re-admitting a removed device, and the check that
//! a place holds the team's files. (Joining itself makes a workspace, so it lives in `app::join`.)

use super::api::load_key;
use super::engine::locator;
use super::ops::hex;
use super::seal::Keys;
use super::state::{self, TeamState};
use super::team::{JoinRequest, Member};
use super::transport::Transport;
use super::Place;
use crate::error::{Error, Result};
use crate::secrets::SecretStore;
use crate::Workspace;

/// Refuses a place that holds none of the lead's log: the wrong folder, or one a cloud drive
/// has not finished copying.
pub(crate) fn require_team_files(
    t: &dyn Transport,
    place: &Place,
    lead_key: &[u8; 32],
) -> Result<()> {
    // After compaction the lead's old segments may be gone; its snapshot is there instead.
    if t.list(&format!("log/{}/", locator(&hex(lead_key))))?
        .is_empty()
        && t.list("snapshot/")?.is_empty()
    {
        return Err(Error::invalid("team folder", format!("{} holds none of this team's files. Choose the folder the lead shared (it has log/ and team/ in it), and check that it has finished syncing.", place.describe())));
    }
    Ok(())
}

/// The keys this device holds for its team.
pub(super) fn team_keys(ws: &Workspace, secrets: &dyn SecretStore, st: &TeamState) -> Result<Keys> {
    let key = load_key(ws, secrets, st)?;
    Keys::new(
        state::keybook(ws.store().conn())?.as_ref(),
        &key,
        &st.lead_key,
    )
}

/// Admits a revoked device again (lead): it sends again, and reads every epoch, the ones
/// made while it was away included. `None` when no revoked device has this fingerprint.
pub(super) fn readmit(
    ws: &mut Workspace,
    secrets: &dyn SecretStore,
    st: &TeamState,
    wanted: &str,
) -> Result<Option<Member>> {
    let mut roster = st.roster.clone().ok_or_else(state::not_in_team)?;
    let Some(m) = roster
        .members
        .iter_mut()
        .find(|m| m.fingerprint.replace('-', "") == wanted && m.revoked_through.is_some())
    else {
        return Ok(None);
    };
    m.revoked_through = None;
    m.revoked_at = None;
    m.admitted_at = crate::clock::to_db_time(ws.clock().now());
    let member = m.clone();
    roster.version += 1;
    ws.publish_roster(secrets, st, &roster, |book, keys| {
        book.grant_all(keys, &member.key)
    })?;
    Ok(Some(member))
}

impl Workspace {
    pub(super) fn join_requests(
        &self,
        t: &dyn Transport,
        st: &TeamState,
    ) -> Result<Vec<(JoinRequest, bool)>> {
        let roster = st.roster.clone();
        let mut out = Vec::new();
        for name in t.list("team/join-")? {
            let Ok(bytes) = t.get(&name) else { continue };
            let Some(req) = JoinRequest::verify(&bytes) else {
                continue;
            };
            if req.team != st.team_id
                || roster
                    .as_ref()
                    .is_some_and(|r| r.member(&req.key).is_some())
            {
                continue;
            }
            let invited: bool = self
                .store()
                .conn()
                .query_row("SELECT EXISTS (SELECT 1 FROM sync_invites WHERE nonce = ?1 AND person_id = ?2 AND used_by IS NULL)", [&req.nonce, &req.person_id], |r| r.get(0))?;
            out.push((req, invited));
        }
        Ok(out)
    }
}
