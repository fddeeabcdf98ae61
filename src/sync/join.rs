//! The join requests the lead admits from, and the check that a place holds the team's
//! files. (Joining itself makes a workspace, so it lives in `app::join`.)

use super::engine::locator;
use super::ops::hex;
use super::state::TeamState;
use super::team::JoinRequest;
use super::transport::Transport;
use super::Place;
use crate::error::{Error, Result};
use crate::Workspace;

/// Refuses a place that holds none of the lead's log: the wrong folder, or one a cloud drive
/// has not finished copying.
pub(crate) fn require_team_files(
    t: &dyn Transport,
    place: &Place,
    lead_key: &[u8; 32],
) -> Result<()> {
    if t.list(&format!("log/{}/", locator(&hex(lead_key))))?
        .is_empty()
    {
        return Err(Error::invalid("team folder", format!("{} holds none of this team's files. Choose the folder the lead shared (it has log/ and team/ in it), and check that it has finished syncing.", place.describe())));
    }
    Ok(())
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
