//! Review for the fronts: sending for review, approving (signed with this device's key in a
//! team), requesting changes, the queue and the audit log. Each step is one transaction in
//! `crate::review::decide`, its checks included.

use crate::approval::Signer;
use crate::error::{Error, Result};
use crate::ids::PostId;
use crate::review::audit;
use crate::review::decide::{self, Reviewer};
use crate::review::{QueuedPost, ReviewEntry};
use crate::secrets::SecretStore;
use crate::store::Source;
use crate::sync::approvals::APPROVAL_CONTEXT;
use crate::sync::ops::hex;
use crate::workspace::Workspace;

/// Posts waiting for review, oldest submission first.
pub fn review_queue(ws: &Workspace) -> Result<Vec<QueuedPost>> {
    let conn = ws.store().conn();
    audit::review_queue(
        conn,
        ws.time_zone()?,
        crate::approval::approvals_needed(conn)?,
    )
}

/// The audit log, newest first; for one post when `post` is given.
pub fn audit_log(ws: &Workspace, post: Option<PostId>) -> Result<Vec<ReviewEntry>> {
    audit::audit_log(ws.store().conn(), post)
}

/// The audit log as CSV (UTF-8 with a BOM for Excel).
pub fn audit_csv(ws: &Workspace) -> Result<String> {
    audit::audit_csv(ws.store().conn())
}

/// Who reviews on this computer: the person chosen in Settings and this device.
fn reviewer(ws: &Workspace) -> Result<Reviewer> {
    let person = ws.me()?.ok_or_else(|| {
        Error::refused(
            crate::Rule::UnknownUser,
            "me",
            "Tsunagu does not know who you are on this computer yet. Choose yourself in Settings.",
        )
    })?;
    Ok(Reviewer {
        person,
        device: ws.device(),
    })
}

/// Sends a post for review. Refused while any finding blocks it.
pub fn submit_for_review(ws: &mut Workspace, post: PostId) -> Result<()> {
    let who = reviewer(ws)?;
    decide::ensure_submittable(ws.store().conn(), post)?;
    let check = ws.check_post(post)?;
    if check.blocking {
        let n = check.findings.iter().filter(|f| f.blocks()).count()
            + check
                .variants
                .iter()
                .flat_map(|v| &v.findings)
                .filter(|f| f.blocks())
                .count();
        return Err(Error::refused(
            crate::Rule::GuidelineBlocks,
            "guideline",
            format!(
                "{n} finding(s) block this post under guideline version {}; fix them first.",
                check.guideline_version
            ),
        ));
    }
    let version = ws.linter()?.version();
    let ctx = ws.ctx(Some(who.person), Source::Ui);
    ws.store_mut()
        .write(&ctx, |w| decide::submit(w, who, version, post))
}

/// Approves a post under review: every checklist item of the current guideline ticked, and
/// never by its own writer while someone else can. In a team, use [`approve_as_device`].
pub fn approve(ws: &mut Workspace, post: PostId, ticked: &[String], comment: &str) -> Result<()> {
    approve_signed(ws, post, ticked, comment, None)
}

/// [`approve`], the approval signed by `signer` (this device's team key).
pub fn approve_signed(
    ws: &mut Workspace,
    post: PostId,
    ticked: &[String],
    comment: &str,
    signer: Option<Signer<'_>>,
) -> Result<()> {
    let who = reviewer(ws)?;
    let linter = ws.linter()?;
    let today = ws.today()?;
    let ctx = ws.ctx(Some(who.person), Source::Ui);
    ws.store_mut().write(&ctx, |w| {
        decide::approve(
            w,
            who,
            today,
            &linter.rules().checklist,
            linter.version(),
            post,
            ticked,
            comment,
            signer,
        )
    })
}

/// Approves a post as this device: in a team the approval is signed with the device's key
/// from the keychain (the publisher counts only signed approvals there); outside a team it
/// is [`approve`].
pub fn approve_as_device(
    ws: &mut Workspace,
    secrets: &dyn SecretStore,
    post: PostId,
    ticked: &[String],
    comment: &str,
) -> Result<()> {
    let Some(st) = crate::sync::state::load(ws.store().conn())? else {
        return approve(ws, post, ticked, comment);
    };
    let key = crate::sync::api::load_key(ws, secrets, &st)?;
    let sign = |m: &[u8]| -> String {
        format!(
            "{}:{}",
            hex(&key.public()),
            hex(&key.sign_document(APPROVAL_CONTEXT, m))
        )
    };
    approve_signed(ws, post, ticked, comment, Some(&sign))
}

/// Sends a post back with a comment saying what to change.
pub fn request_changes(ws: &mut Workspace, post: PostId, comment: &str) -> Result<()> {
    let who = reviewer(ws)?;
    let version = ws.linter()?.version();
    let today = ws.today()?;
    let ctx = ws.ctx(Some(who.person), Source::Ui);
    ws.store_mut().write(&ctx, |w| {
        decide::request_changes(w, who, today, version, post, comment)
    })
}
