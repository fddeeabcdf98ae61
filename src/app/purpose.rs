//! Which purpose a post serves, for the fronts (the rules are in `crate::kpi::link`).

use crate::error::Result;
use crate::ids::{PostId, PurposeId};
use crate::kpi::link;
use crate::store::Source;
use crate::workspace::Workspace;

/// The purpose a post serves, if any.
pub fn post_purpose(ws: &Workspace, post: PostId) -> Result<Option<PurposeId>> {
    link::post_purpose(ws.store().conn(), post)
}

/// Links a post to a purpose, or unlinks it with `None` (as the person using this computer).
pub fn set_post_purpose(
    ws: &mut Workspace,
    source: Source,
    post: PostId,
    purpose: Option<PurposeId>,
) -> Result<()> {
    let ctx = ws.ctx(ws.me()?, source);
    ws.store_mut()
        .write(&ctx, |w| link::set_post_purpose(w, post, purpose))
}
