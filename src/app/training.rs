//! Training for the fronts: the current guideline version, acknowledging it (as the person
//! who read it), and who has not read it. The rules are in `crate::roster::training`.

use crate::error::Result;
use crate::ids::PersonId;
use crate::roster::training::{self, GuidelineVersion, TrainingStatus};
use crate::store::Source;
use crate::workspace::Workspace;

/// The newest published guideline version, if any.
pub fn current_guideline(ws: &Workspace) -> Result<Option<GuidelineVersion>> {
    training::current_guideline(ws.store().conn())
}

/// Records that `person` read the current guideline version (once per version).
pub fn acknowledge_guideline(ws: &mut Workspace, source: Source, person: PersonId) -> Result<()> {
    let today = ws.today()?;
    let ctx = ws.ctx(Some(person), source);
    ws.store_mut()
        .write(&ctx, |w| training::acknowledge_guideline(w, today, person))
}

/// Every active person's training state against the current version.
pub fn training(ws: &Workspace) -> Result<Vec<TrainingStatus>> {
    training::training(ws.store().conn())
}
