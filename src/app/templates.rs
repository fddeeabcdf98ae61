//! Templates and hashtag sets for the fronts: the workspace supplies the connection, who is
//! writing and the transaction; the rules are in `crate::templates`.

use crate::error::{Error, Result};
use crate::ids::RowId;
use crate::store::Source;
use crate::templates::{self, HashtagSet, Template, TemplateInput};
use crate::workspace::Workspace;

/// All templates, by language, purpose and name.
pub fn templates(ws: &Workspace) -> Result<Vec<Template>> {
    templates::templates(ws.store().conn())
}

/// Adds a template (`id` None) or changes one.
pub fn save_template(
    ws: &mut Workspace,
    source: Source,
    id: Option<RowId>,
    input: &TemplateInput,
) -> Result<Template> {
    let ctx = ws.ctx(None, source);
    let id = ws
        .store_mut()
        .write(&ctx, |w| templates::save_template(w, id, input))?;
    templates(ws)?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| Error::NotFound {
            entity: "template",
            id: id.as_string(),
        })
}

/// Deletes a template.
pub fn delete_template(ws: &mut Workspace, source: Source, id: RowId) -> Result<()> {
    let ctx = ws.ctx(None, source);
    ws.store_mut()
        .write(&ctx, |w| templates::delete_template(w, id))
}

/// All hashtag sets.
pub fn hashtag_sets(ws: &Workspace) -> Result<Vec<HashtagSet>> {
    templates::hashtag_sets(ws.store().conn())
}

/// Adds (`id` None) or changes a hashtag set.
pub fn save_hashtag_set(
    ws: &mut Workspace,
    source: Source,
    id: Option<RowId>,
    name: &str,
    tags: &str,
    language: &str,
) -> Result<HashtagSet> {
    let ctx = ws.ctx(None, source);
    let id = ws.store_mut().write(&ctx, |w| {
        templates::save_hashtag_set(w, id, name, tags, language)
    })?;
    hashtag_sets(ws)?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| Error::NotFound {
            entity: "hashtag set",
            id: id.as_string(),
        })
}

/// Deletes a hashtag set.
pub fn delete_hashtag_set(ws: &mut Workspace, source: Source, id: RowId) -> Result<()> {
    let ctx = ws.ctx(None, source);
    ws.store_mut()
        .write(&ctx, |w| templates::delete_hashtag_set(w, id))
}
