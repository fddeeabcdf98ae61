//! The roster's reads for the fronts: one person with their consents, everyone, and the
//! departments. The rules are functions over a connection in `crate::roster`; the workspace
//! supplies the connection and today's date in its time zone (consent states depend on it).

use crate::error::Result;
use crate::ids::PersonId;
use crate::roster::{self, ConsentRecord, Department, PersonDetail, PersonSummary};
use crate::workspace::Workspace;

/// One person with their consents.
pub fn person(ws: &Workspace, id: PersonId) -> Result<PersonDetail> {
    roster::person(ws.store().conn(), ws.today()?, id)
}

/// Everyone on the roster, by department and name reading.
pub fn people(ws: &Workspace) -> Result<Vec<PersonSummary>> {
    roster::people(ws.store().conn())
}

/// Departments in their set order, with how many active people each has.
pub fn departments(ws: &Workspace) -> Result<Vec<Department>> {
    roster::departments(ws.store().conn())
}

/// A person's consent records, newest first, with their state today.
pub fn consents(ws: &Workspace, person: PersonId) -> Result<Vec<ConsentRecord>> {
    roster::consent::consents(ws.store().conn(), ws.today()?, person)
}
