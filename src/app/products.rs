//! The company's products and services, as the setup guide asks for them: the names that make
//! an employee's post promotional, so the disclosure check (Japan's rule on stealth marketing)
//! recognises a post about them and no ranking counts it. They live in the guideline, so a
//! change is a new published version like any other edit of the rules.

use crate::error::{Error, Result, Rule};
use crate::guideline::versions;
use crate::store::Source;
use crate::workspace::Workspace;

/// The most names the guide takes at once.
const MAX_NAMES: usize = 200;
/// The longest name.
const MAX_CHARS: usize = 60;

/// The products and services the guideline being edited lists.
pub fn products(ws: &Workspace) -> Result<Vec<String>> {
    Ok(versions::draft(ws.store().conn())?.rules.products)
}

/// Sets the products and services (one name each, spaces trimmed, repeats dropped) and
/// publishes the guideline with them; returns the list as kept.
pub fn set_products(ws: &mut Workspace, source: Source, names: &[String]) -> Result<Vec<String>> {
    let mut kept: Vec<String> = Vec::new();
    for n in names {
        let n = n.trim();
        if n.is_empty() || kept.iter().any(|k| k == n) {
            continue;
        }
        if n.chars().count() > MAX_CHARS || n.chars().any(char::is_control) {
            return Err(Error::refused(
                Rule::ProductNames,
                "products",
                format!("\"{n}\" is not a product name: write one name per line, at most {MAX_CHARS} characters."),
            ));
        }
        kept.push(n.to_string());
    }
    if kept.is_empty() {
        return Err(Error::refused(
            Rule::ProductNames,
            "products",
            "Write at least one product or service name, one per line.",
        ));
    }
    if kept.len() > MAX_NAMES {
        return Err(Error::invalid(
            "products",
            format!("Write at most {MAX_NAMES} names; the Guideline screen takes longer lists in parts."),
        ));
    }
    let draft = versions::draft(ws.store().conn())?;
    if draft.unpublished {
        // Publishing here would publish someone's unfinished edits with the names.
        return Err(Error::invalid(
            "products",
            "The guideline has unpublished changes: publish them on the Guideline screen first, then add the products there or here.",
        ));
    }
    let mut rules = draft.rules;
    rules.products = kept.clone();
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| {
        versions::save_draft(w, &draft.title, &rules)?;
        versions::publish(w).map(|_| ())
    })?;
    Ok(kept)
}
