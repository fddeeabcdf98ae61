//! A draft's save as a step of a transaction: checked first, then written with only what
//! changed, a revision, and the review voided when the text changed. `save_draft` writes it
//! alone; putting a post into a slot writes it together with the move.

use super::edit::{check_body, keep_original, record_revision};
use super::{check_title, DraftInput, PostDetail};
use crate::clock::to_db_time;
use crate::error::Result;
use crate::ids::{PersonId, PostId};
use crate::model::Platform;
use crate::store::{write::val, Writer};
use std::collections::BTreeMap;

/// A draft's input, checked, ready to be written in a transaction (alone, or with other
/// steps such as a move, so the two land together or not at all).
pub(crate) struct Draft<'a> {
    input: &'a DraftInput,
    title: String,
    wanted: BTreeMap<Platform, Option<String>>,
}

impl<'a> Draft<'a> {
    /// Checks the input: the title, the text and each platform's version.
    pub(crate) fn check(input: &'a DraftInput) -> Result<Self> {
        let title = check_title(&input.title)?;
        check_body("body", &input.body)?;
        let mut wanted: BTreeMap<Platform, Option<String>> = BTreeMap::new();
        for v in &input.variants {
            if let Some(b) = &v.body {
                check_body(v.platform.as_str(), b)?;
            }
            // A variant equal to the main text inherits it.
            let body = v.body.clone().filter(|b| b != &input.body);
            wanted.insert(v.platform, body);
        }
        Ok(Self {
            input,
            title,
            wanted,
        })
    }

    /// Writes it over `before` (the post as stored): only what changed, a revision, and the
    /// review voided when the text changed.
    pub(crate) fn write(
        &self,
        w: &mut Writer<'_>,
        before: &PostDetail,
        actor: Option<PersonId>,
    ) -> Result<()> {
        let (input, title) = (self.input, &self.title);
        let id = before.id;
        // Named accounts bring their platforms with them.
        let named = match &input.accounts {
            Some(list) => Some(crate::posts::targets::check_named(
                w.conn(),
                Some(id),
                list,
            )?),
            None => None,
        };
        let mut wanted = self.wanted.clone();
        for (_, p) in named.iter().flatten() {
            wanted.entry(*p).or_insert(None);
        }
        let wanted = &wanted;
        let key = [("id", val::text(id.as_string()))];
        let platforms: Vec<&str> = wanted.keys().map(|p| p.as_str()).collect();
        let mut fields = Vec::new();
        if &before.title != title {
            fields.push(("title", val::text(title.clone())));
        }
        if before.body != input.body {
            fields.push(("body", val::text(input.body.clone())));
        }
        if before.theme_id != input.theme_id {
            fields.push((
                "theme_id",
                val::opt_text(input.theme_id.map(|t| t.as_string())),
            ));
        }
        let old: BTreeMap<Platform, Option<String>> = before
            .variants
            .iter()
            .map(|v| (v.platform, v.body.clone()))
            .collect();
        if old.keys().ne(wanted.keys()) {
            fields.push(("platforms", val::text(platforms.join(","))));
        }
        // Accounts of platforms the post no longer has go with them.
        let accounts_changed = match &named {
            Some(list) => {
                let kept: Vec<_> = list
                    .iter()
                    .filter(|(_, p)| wanted.contains_key(p))
                    .copied()
                    .collect();
                crate::posts::targets::write_named(w, id, &kept)?
            }
            None => {
                let kept: Vec<_> = crate::posts::targets::named(w.conn(), id)?
                    .into_iter()
                    .filter(|(_, p)| wanted.contains_key(p))
                    .collect();
                crate::posts::targets::write_named(w, id, &kept)?
            }
        };
        if accounts_changed {
            crate::approval::void_if_reviewed(w, id, crate::approval::VoidReason::AccountsChanged)?;
        }
        let changed = !fields.is_empty() || &old != wanted || accounts_changed;
        if !changed {
            return Ok(());
        }
        fields.push(("updated_at", val::text(w.now_text())));
        w.update("posts", &key, &fields)?;
        keep_original(w, before)?;
        for (p, body) in &old {
            if !wanted.contains_key(p) {
                w.delete(
                    "post_variants",
                    &[
                        ("post_id", val::text(id.as_string())),
                        ("platform", val::text(p.as_str())),
                    ],
                )?;
            } else if wanted.get(p) != Some(body) {
                w.update(
                    "post_variants",
                    &[
                        ("post_id", val::text(id.as_string())),
                        ("platform", val::text(p.as_str())),
                    ],
                    &[("body", val::opt_text(wanted.get(p).cloned().flatten()))],
                )?;
            }
        }
        for (p, body) in wanted {
            if !old.contains_key(p) {
                w.insert(
                    "post_variants",
                    &[
                        ("post_id", val::text(id.as_string())),
                        ("platform", val::text(p.as_str())),
                    ],
                    &[("body", val::opt_text(body.clone()))],
                )?;
            }
        }
        record_revision(w, id, actor, &input.body, wanted)?;
        if before.body != input.body || &old != wanted {
            crate::approval::void_if_reviewed(w, id, crate::approval::VoidReason::TextChanged)?;
        }
        Ok(())
    }
}

/// Moves post `id` to `at` inside a transaction.
pub(crate) fn write_move(
    w: &mut Writer<'_>,
    id: PostId,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let now = w.now_text().to_string();
    w.update(
        "posts",
        &[("id", val::text(id.as_string()))],
        &[
            ("scheduled_at", val::text(to_db_time(at))),
            ("updated_at", val::text(now)),
        ],
    )
}
