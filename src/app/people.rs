//! The roster's reads for the fronts: one person with their consents, everyone, and the
//! departments. The rules are functions over a connection in `crate::roster`; the workspace
//! supplies the connection and today's date in its time zone (consent states depend on it).

use crate::error::Result;
use crate::ids::{PersonId, RowId};
use crate::roster::{self, ConsentRecord, Department, PersonDetail, PersonSummary};
use crate::store::Source;
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

/// Records a consent.
pub fn add_consent(
    ws: &mut Workspace,
    source: Source,
    person: PersonId,
    c: &crate::roster::ConsentInput,
) -> Result<RowId> {
    let ctx = ws.ctx(None, source);
    ws.store_mut()
        .write(&ctx, |w| crate::roster::consent::add(w, person, c))
}

/// Whether an active consent covers `mode` on `platform` today.
pub fn consent_covers(
    ws: &Workspace,
    person: PersonId,
    mode: crate::model::Participation,
    platform: crate::model::Platform,
) -> Result<bool> {
    crate::roster::consent::covers(ws.store().conn(), ws.today()?, person, mode, platform)
}

/// Withdraws a consent from `on` (today if `None`); returns the posts that show the person,
/// read in the same transaction.
pub fn withdraw_consent(
    ws: &mut Workspace,
    source: Source,
    consent: RowId,
    on: Option<&str>,
) -> Result<crate::roster::Impact> {
    let today = ws.today()?;
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| {
        crate::roster::consent::withdraw(w, today, consent, on)
    })
}

/// Scheduled or published posts that show `person`.
pub fn impact(ws: &Workspace, person: PersonId) -> Result<crate::roster::Impact> {
    crate::roster::consent::impact(ws.store().conn(), person)
}

/// The roster as CSV (UTF-8 with a BOM, the columns the import reads).
pub fn export_roster(ws: &Workspace) -> Result<String> {
    let japanese = match ws.settings()?.language {
        crate::model::Language::Ja => true,
        crate::model::Language::En => false,
        crate::model::Language::System => crate::paths::system_language() == Some("ja"),
    };
    crate::roster::export::export_in(ws.store().conn(), japanese, ws.today()?)
}
