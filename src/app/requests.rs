//! Requests to people for the fronts: sending one (to people and whole departments),
//! withdrawing it, the board of who answered, one person's requests and the calendar's due
//! dates. The rules are in `crate::roster::requests`.

use crate::error::Result;
use crate::ids::{PersonId, RowId};
use crate::roster::requests::{self, AssignedRequest, RequestDue, RequestInput, RequestSummary};
use crate::store::Source;
use crate::workspace::Workspace;
use chrono::NaiveDate;

/// Sends a request to people and departments. Returns its id.
pub fn send_request(ws: &mut Workspace, source: Source, input: &RequestInput) -> Result<RowId> {
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| requests::send(w, input))
}

/// Withdraws a request: nobody is asked any more; material already sent stays.
pub fn delete_request(ws: &mut Workspace, source: Source, id: RowId) -> Result<()> {
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| requests::delete(w, id))
}

/// Every request with everyone asked and where each stands, soonest due first.
pub fn request_board(ws: &Workspace) -> Result<Vec<RequestSummary>> {
    requests::board(ws.store().conn(), ws.time_zone()?, ws.today()?)
}

/// Requests addressed to `person` (or to everyone when `None`), soonest due first.
pub fn requests(ws: &Workspace, person: Option<PersonId>) -> Result<Vec<AssignedRequest>> {
    requests::assigned(ws.store().conn(), ws.time_zone()?, ws.today()?, person)
}

/// Due dates from `from` to `to` (both included), each occurrence separately.
pub fn request_dues(ws: &Workspace, from: NaiveDate, to: NaiveDate) -> Result<Vec<RequestDue>> {
    requests::dues(ws.store().conn(), ws.time_zone()?, from, to)
}
