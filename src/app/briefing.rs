//! The briefing kit for the 事前説明会, made from this workspace (see [`crate::briefing`]).

use crate::briefing::{Kit, PhonePage};
use crate::error::Result;
use crate::kpi::report::ReportLanguage;
use crate::workspace::Workspace;

/// The kit in `language`, with the phone page's request code when one is given.
pub fn kit(ws: &Workspace, language: ReportLanguage, phone: Option<PhonePage>) -> Result<Kit> {
    crate::briefing::kit(ws.store().conn(), ws.settings()?.name, language, phone)
}
