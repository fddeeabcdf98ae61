//! Deleting posts for the fronts: a post that never went out is marked deleted at once; a
//! published one is deleted only after a choice, and "take it down" asks every platform to
//! delete it first, keeping the post in Tsunagu when any platform refuses. The rules are in
//! `crate::posts::delete`; taking down is the publisher's (`publish::withdraw`).

use crate::error::{Error, Result, Rule};
use crate::ids::{PersonId, PostId};
use crate::posts::delete::{self, DeletedPost, DeletionKind};
use crate::secrets::SecretStore;
use crate::store::Source;
use crate::workspace::Workspace;

/// Deletes `post`. `choice` says what to do with a published post ([`DeletionKind::TakeDown`]
/// or [`DeletionKind::RemoveOnly`]); it is ignored for a post that never went out.
pub fn delete_post(
    ws: &mut Workspace,
    source: Source,
    actor: Option<PersonId>,
    secrets: &dyn SecretStore,
    post: PostId,
    choice: Option<DeletionKind>,
) -> Result<DeletedPost> {
    let s = delete::standing(ws.store().conn(), post)?;
    if s.deleted {
        return Err(Error::NotFound {
            entity: "post",
            id: post.as_string(),
        });
    }
    let kind = delete::check(&s, choice)?;
    if kind == DeletionKind::TakeDown {
        let w = ws.delete_from_platforms(source, secrets, post)?;
        if !w.failed.is_empty() {
            let reasons: Vec<String> = w
                .failed
                .iter()
                .map(|(p, problem)| format!("{}: {}", p.as_str(), problem.detail))
                .collect();
            return Err(Error::refused(
                Rule::TakeDownFailed,
                "post",
                format!(
                    "Not every platform deleted it ({}), so Tsunagu kept the post. Try again, or remove it from Tsunagu only.",
                    reasons.join("; ")
                ),
            ));
        }
    }
    let ctx = ws.ctx(actor, source);
    let actor = ctx.actor;
    ws.store_mut()
        .write(&ctx, |w| delete::mark(w, post, kind, &s.status, actor))?;
    deleted_posts(ws)?
        .into_iter()
        .find(|d| d.post == post)
        .ok_or_else(|| Error::NotFound {
            entity: "post",
            id: post.as_string(),
        })
}

/// Brings back a post deleted in the last [`delete::UNDO_DAYS`] days.
pub fn restore_post(
    ws: &mut Workspace,
    source: Source,
    actor: Option<PersonId>,
    post: PostId,
) -> Result<DeletedPost> {
    let ctx = ws.ctx(actor, source);
    ws.store_mut().write(&ctx, |w| delete::restore(w, post))
}

/// The deleted posts that can still be brought back, newest first.
pub fn deleted_posts(ws: &Workspace) -> Result<Vec<DeletedPost>> {
    delete::deleted_posts(ws.store().conn(), ws.clock().now())
}
