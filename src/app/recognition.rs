//! Recognition and the contribution ledger for the fronts: thanks and highlights, who
//! contributed in a month (by name, never by amount unless the workspace allows ranking),
//! holding back a post that shows someone who withdrew, and the ledger by person and by
//! department. The rules are in `crate::roster::recognition` and `crate::roster::ledger`.

use crate::clock::YearMonth;
use crate::error::Result;
use crate::ids::{PersonId, PostId, RowId};
use crate::roster::ledger::{self, LedgerEntry, PersonLedger};
use crate::roster::recognition::{self, Contributor, Recognition, RecognitionKind};
use crate::store::Source;
use crate::workspace::Workspace;

/// Records thanks or a highlight for `person` in `month`.
pub fn recognise(
    ws: &mut Workspace,
    source: Source,
    person: PersonId,
    kind: RecognitionKind,
    month: YearMonth,
    note: &str,
) -> Result<RowId> {
    let today = ws.today()?;
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| {
        recognition::recognise(w, today, person, kind, month, note)
    })
}

/// Recognitions of `month`, oldest first.
pub fn recognitions(ws: &Workspace, month: YearMonth) -> Result<Vec<Recognition>> {
    recognition::recognitions(ws.store().conn(), month)
}

/// Everyone who contributed in `month`, by name.
pub fn contributors(ws: &Workspace, month: YearMonth) -> Result<Vec<Contributor>> {
    recognition::contributors(ws.store().conn(), ws.time_zone()?, month)
}

/// The month's contributors, most first, when the workspace allows ranking (Settings).
pub fn ranking(ws: &Workspace, month: YearMonth) -> Result<Vec<Contributor>> {
    let allowed = ws.settings()?.public_ranking;
    recognition::ranking(ws.store().conn(), ws.time_zone()?, allowed, month)
}

/// Holds back a post that shows someone who withdrew or left.
pub fn hold_back(ws: &mut Workspace, source: Source, post: PostId) -> Result<()> {
    let ctx = ws.ctx(None, source);
    ws.store_mut()
        .write(&ctx, |w| recognition::hold_back(w, post))
}

/// The ledger of every person from `from` to `to` (months, both included).
pub fn ledger(ws: &Workspace, from: YearMonth, to: YearMonth) -> Result<Vec<PersonLedger>> {
    ledger::ledger(ws.store().conn(), ws.time_zone()?, from, to)
}

/// The ledger by department (by name, `None` for people without one), month by month.
pub fn department_ledger(
    ws: &Workspace,
    from: YearMonth,
    to: YearMonth,
) -> Result<Vec<(Option<String>, Vec<LedgerEntry>)>> {
    ledger::department_ledger(ws.store().conn(), ws.time_zone()?, from, to)
}
