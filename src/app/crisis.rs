//! The crisis pause for the fronts: who pauses or resumes (the person using this computer) and
//! the transaction; the rules are in `crate::crisis`.

use crate::crisis::{self, Crisis};
use crate::error::Result;
use crate::store::Source;
use crate::workspace::Workspace;

/// The crisis pause, if one is on.
pub fn crisis(ws: &Workspace) -> Result<Option<Crisis>> {
    crisis::crisis(ws.store().conn())
}

/// Pauses every scheduled or approved post that has not gone out. Returns how many.
pub fn pause(ws: &mut Workspace, source: Source) -> Result<u32> {
    let ctx = ws.ctx(ws.me()?, source);
    ws.store_mut().write(&ctx, crisis::pause)
}

/// Ends the crisis pause (`confirmed` must be true). Returns how many posts got their status
/// back.
pub fn resume(ws: &mut Workspace, source: Source, confirmed: bool) -> Result<u32> {
    let ctx = ws.ctx(ws.me()?, source);
    ws.store_mut().write(&ctx, |w| crisis::resume(w, confirmed))
}
