//! Turning the demo into the company's own workspace, explicitly. The demo's fictional company
//! never becomes a team or holds real accounts; a lead who tried things in it and wants to keep
//! what she shaped there converts it: a new, empty workspace is started in the company's folder
//! and only what describes how the company works is carried over (post templates, hashtag sets,
//! the guideline as last published). Every demo person, post, request, consent, reading and
//! photo stays behind in the demo's own folder; nothing of the fictional company reaches the
//! new workspace, which opens on the setup guide like any new company's.

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::ids::IdSource;
use crate::model::Language;
use crate::store::Source;
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;
use ts_rs::TS;

/// What a conversion carried over.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Converted {
    /// Post templates the new workspace did not have yet.
    pub templates: u32,
    /// Hashtag sets the new workspace did not have yet.
    pub hashtag_sets: u32,
    /// Whether the demo's guideline (edited there) was published in the new workspace.
    pub guideline: bool,
}

/// Starts the company's own workspace in `home` from the demo `demo` (refused for anything that
/// is not the demo, and for a `home` that already holds a workspace).
pub fn convert_demo(
    demo: &Workspace,
    home: &Path,
    clock: Arc<dyn Clock>,
    ids: Arc<dyn IdSource>,
    name: &str,
    time_zone: Option<&str>,
    language: Language,
) -> Result<(Workspace, Converted)> {
    let conn = demo.store().conn();
    if !crate::workspace::is_demo(conn)? {
        return Err(Error::invalid(
            "workspace",
            "Only the demo is converted; this is already a company's own workspace.",
        ));
    }
    let templates: Vec<(String, String, String, String)> = conn
        .prepare("SELECT purpose, name, body, language FROM templates ORDER BY name")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<std::result::Result<_, _>>()?;
    let hashtags: Vec<(String, String, String)> = conn
        .prepare("SELECT name, tags, language FROM hashtag_sets ORDER BY name")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<std::result::Result<_, _>>()?;
    let guideline = match crate::guideline::versions::versions(conn)?.first() {
        Some(v) => Some((
            v.title.clone(),
            crate::guideline::versions::rules(conn, v.version)?,
        )),
        None => None,
    };
    let mut own = super::start_own(home, clock, ids, name, time_zone, language)?;
    let mut done = Converted::default();
    let ctx = own.ctx(None, Source::Import);
    own.store_mut().write(&ctx, |w| {
        let have: Vec<String> = w
            .conn()
            .prepare("SELECT name FROM templates")?
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        for (purpose, name, body, language) in &templates {
            if have.contains(name) {
                continue;
            }
            crate::templates::save_template(
                w,
                None,
                &crate::templates::TemplateInput {
                    purpose: purpose.clone(),
                    name: name.clone(),
                    body: body.clone(),
                    language: language.clone(),
                },
            )?;
            done.templates += 1;
        }
        let have: Vec<String> = w
            .conn()
            .prepare("SELECT name FROM hashtag_sets")?
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        for (name, tags, language) in &hashtags {
            if have.contains(name) {
                continue;
            }
            let tags: Vec<String> = serde_json::from_str(tags).unwrap_or_default();
            crate::templates::save_hashtag_set(w, None, name, &tags.join(" "), language)?;
            done.hashtag_sets += 1;
        }
        if let Some((title, rules)) = &guideline {
            let current = crate::guideline::versions::versions(w.conn())?
                .first()
                .map(|v| crate::guideline::versions::rules(w.conn(), v.version))
                .transpose()?;
            if current.as_ref() != Some(rules) {
                crate::guideline::versions::save_draft(w, title, rules)?;
                crate::guideline::versions::publish(w)?;
                done.guideline = true;
            }
        }
        Ok(())
    })?;
    Ok((own, done))
}
