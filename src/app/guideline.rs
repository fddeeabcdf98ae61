//! The guideline for the fronts: its versions, the draft of the next one, saving and
//! publishing it (as whoever the front acts for). The rules are in `crate::guideline::versions`.

use crate::error::Result;
use crate::guideline::versions::{self, GuidelineDraft};
use crate::guideline::GuidelineRules;
use crate::roster::GuidelineVersion;
use crate::store::Source;
use crate::workspace::Workspace;

/// Every published version, newest first.
pub fn versions(ws: &Workspace) -> Result<Vec<GuidelineVersion>> {
    versions::versions(ws.store().conn())
}

/// The rules of a published version.
pub fn rules(ws: &Workspace, version: i64) -> Result<GuidelineRules> {
    versions::rules(ws.store().conn(), version)
}

/// The version being edited.
pub fn draft(ws: &Workspace) -> Result<GuidelineDraft> {
    versions::draft(ws.store().conn())
}

/// Saves the draft of the next version and returns it as stored.
pub fn save_draft(
    ws: &mut Workspace,
    source: Source,
    title: &str,
    rules: &GuidelineRules,
) -> Result<GuidelineDraft> {
    let ctx = ws.ctx(None, source);
    ws.store_mut()
        .write(&ctx, |w| versions::save_draft(w, title, rules))?;
    draft(ws)
}

/// Publishes the draft as the new current version.
pub fn publish(ws: &mut Workspace, source: Source) -> Result<GuidelineVersion> {
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, versions::publish)
}
