//! The review steps as writes: submit, approve, request changes.
//!
//! Each step runs inside one write transaction, checks included: the post's state, who may
//! review it, whether this person or this computer already approved this exact content, and
//! the content hash the approval names are all read in the same transaction that records the
//! step (and, for the approval that completes a post, creates its publish jobs). Nothing can
//! change the post between the check and the record.

use super::ReviewAction;
use crate::approval::{approval_message, approvals_of, content_hash, writers, Signer};
use crate::error::{Error, Result};
use crate::guideline::ChecklistItem;
use crate::ids::{DeviceId, PersonId, PostId};
use crate::model::{PostStatus, Role};
use crate::store::{write::val, Writer};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

/// Who takes a review step: the person chosen on this computer, and the computer (two
/// reviewers are two people on two keys).
#[derive(Debug, Clone, Copy)]
pub struct Reviewer {
    /// The person.
    pub person: PersonId,
    /// This computer.
    pub device: DeviceId,
}

/// A post's status, body and whether it has a time.
fn post_state(conn: &Connection, post: PostId) -> Result<(PostStatus, String, bool)> {
    let row: Option<(String, String, Option<String>)> = conn
        .query_row(
            "SELECT status, body, scheduled_at FROM posts WHERE id = ?1",
            [post.as_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (status, body, at) = row.ok_or_else(|| Error::NotFound {
        entity: "post",
        id: post.as_string(),
    })?;
    let status = PostStatus::parse(&status).ok_or_else(|| {
        Error::invalid(
            "status",
            format!("The post's status \"{status}\" is not known to this version of Tsunagu."),
        )
    })?;
    Ok((status, body, at.is_some()))
}

/// Refuses a post that cannot be sent for review: not a draft, or empty. (The guideline's
/// blocking findings are checked by the caller, which holds the compiled guideline.)
pub fn ensure_submittable(conn: &Connection, post: PostId) -> Result<()> {
    let (status, body, _) = post_state(conn, post)?;
    if !matches!(
        status,
        PostStatus::Idea | PostStatus::Draft | PostStatus::ChangesRequested
    ) {
        return Err(Error::refused(
            crate::Rule::NotADraft,
            "status",
            format!(
                "Only drafts can be submitted; this post is {}.",
                status.as_str()
            ),
        ));
    }
    if body.trim().is_empty() {
        return Err(Error::refused(
            crate::Rule::EmptyPost,
            "body",
            "Write the post before submitting it.",
        ));
    }
    Ok(())
}

/// Sends a post for review under guideline `version`.
pub fn submit(w: &mut Writer<'_>, who: Reviewer, version: i64, post: PostId) -> Result<()> {
    ensure_submittable(w.conn(), post)?;
    let hash = content_hash(w.conn(), post)?;
    log(
        w,
        who,
        version,
        post,
        &hash,
        ReviewAction::Submitted,
        &[],
        "",
        false,
        None,
    )
}

/// Approves a post under review. Every item of `checklist` (the current guideline's) must be
/// ticked; writers cannot approve their own posts while someone else can; the same person or
/// computer cannot approve the same content twice. `signer` signs the approval with this
/// device's team key, in a team.
#[allow(clippy::too_many_arguments)]
pub fn approve(
    w: &mut Writer<'_>,
    who: Reviewer,
    today: NaiveDate,
    checklist: &[ChecklistItem],
    version: i64,
    post: PostId,
    ticked: &[String],
    comment: &str,
    signer: Option<Signer<'_>>,
) -> Result<()> {
    let own = check_reviewer(w.conn(), today, post, who.person)?;
    let missing: Vec<&str> = checklist
        .iter()
        .filter(|c| !ticked.contains(&c.id))
        .map(|c| c.text.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(Error::refused(
            crate::Rule::ChecklistIncomplete,
            "checklist",
            format!(
                "Tick every checklist item before approving. Not ticked: {}",
                missing.join(" / ")
            ),
        ));
    }
    let hash = content_hash(w.conn(), post)?;
    let approved_since_submission = |column: &str, value: String| -> Result<bool> {
        Ok(w.conn().query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM review_log WHERE post_id = ?1 AND action = 'approved'
                   AND {column} = ?2 AND content_hash = ?3
                   AND rowid > (SELECT max(rowid) FROM review_log WHERE post_id = ?1 AND action = 'submitted'))"
            ),
            [post.as_string(), value, hash.clone()],
            |r| r.get(0),
        )?)
    };
    if approved_since_submission("actor_id", who.person.as_string())? {
        return Err(Error::refused(
            crate::Rule::AlreadyApproved,
            "reviewer",
            "You already approved this version; a second reviewer must approve it too.",
        ));
    }
    // Two reviewers are two people on two keys: a second name chosen on the same device is
    // the same key, and does not count twice.
    if approved_since_submission("device_id", who.device.as_string())? {
        return Err(Error::refused(
            crate::Rule::ApprovedOnThisComputer,
            "reviewer",
            "This version was already approved on this computer; the second reviewer approves it from their own computer (through team sync).",
        ));
    }
    log(
        w,
        who,
        version,
        post,
        &hash,
        ReviewAction::Approved,
        ticked,
        comment,
        own,
        signer,
    )
}

/// Sends a post back with a comment saying what to change.
pub fn request_changes(
    w: &mut Writer<'_>,
    who: Reviewer,
    today: NaiveDate,
    version: i64,
    post: PostId,
    comment: &str,
) -> Result<()> {
    check_reviewer(w.conn(), today, post, who.person)?;
    if comment.trim().is_empty() {
        return Err(Error::refused(
            crate::Rule::CommentRequired,
            "comment",
            "Say what should change, so the writer knows what to do.",
        ));
    }
    let hash = content_hash(w.conn(), post)?;
    log(
        w,
        who,
        version,
        post,
        &hash,
        ReviewAction::ChangesRequested,
        &[],
        comment,
        false,
        None,
    )
}

/// Checks that `me` may review `post` now; `true` when it is their own work (they wrote it
/// or sent it for review) and they may still approve it because nobody else can.
///
/// Self-approval is refused whenever another active person with review rights exists; a lead
/// working alone may approve her own posts, and the approval is marked as such.
fn check_reviewer(conn: &Connection, today: NaiveDate, post: PostId, me: PersonId) -> Result<bool> {
    let (status, _, _) = post_state(conn, post)?;
    if status != PostStatus::InReview {
        return Err(Error::refused(
            crate::Rule::NotInReview,
            "status",
            format!(
                "This post is not waiting for review (it is {}).",
                status.as_str()
            ),
        ));
    }
    let role = crate::roster::person(conn, today, me)?.input.role;
    if !matches!(role, Role::Lead | Role::Reviewer | Role::Executive) {
        return Err(Error::refused(
            crate::Rule::NotAReviewer,
            "reviewer",
            "Only the lead, reviewers and executives can review posts.",
        ));
    }
    if !writers(conn, post)?.contains(&me.as_string()) {
        return Ok(false);
    }
    let others: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM people WHERE active = 1 AND id != ?1
           AND role IN ('lead', 'reviewer', 'executive'))",
        [me.as_string()],
        |r| r.get(0),
    )?;
    if others {
        return Err(Error::refused(
            crate::Rule::OwnPost,
            "reviewer",
            "You wrote this post or sent it for review; another reviewer must review it.",
        ));
    }
    Ok(true)
}

/// Records a review step on content `hash` (read by the caller in this transaction) and what
/// follows from it: the post's new status and, when an approval completes a scheduled post
/// on the device that publishes, its publish jobs.
#[allow(clippy::too_many_arguments)]
fn log(
    w: &mut Writer<'_>,
    who: Reviewer,
    version: i64,
    post: PostId,
    hash: &str,
    action: ReviewAction,
    checklist: &[String],
    comment: &str,
    self_approved: bool,
    signer: Option<Signer<'_>>,
) -> Result<()> {
    let conn = w.conn();
    // An approval signed with this device's team key: the publisher counts, in a team, only
    // approvals whose signature verifies against a key on the roster.
    let signature = match (action, signer) {
        (ReviewAction::Approved, Some(sign)) => Some(sign(&approval_message(
            &post.as_string(),
            hash,
            &who.person.as_string(),
        ))),
        _ => None,
    };
    let list =
        serde_json::to_string(checklist).map_err(|e| Error::invalid("checklist", e.to_string()))?;
    let (_, _, scheduled) = post_state(conn, post)?;
    let needed = crate::approval::approvals_needed(conn)?;
    let crisis = crate::crisis::crisis(conn)?.is_some();
    // Outside a team, or on the lead's device of one.
    let publishes_here = conn
        .query_row("SELECT role FROM sync_team WHERE id = 1", [], |r| {
            r.get::<_, String>(0)
        })
        .optional()?
        .is_none_or(|role| role == "lead");
    let now = w.now_text().to_string();
    let id = w.new_id().to_string();
    w.insert(
        "review_log",
        &[("id", val::text(id))],
        &[
            ("post_id", val::text(post.as_string())),
            ("action", val::text(action.as_str())),
            ("actor_id", val::text(who.person.as_string())),
            ("content_hash", val::text(hash)),
            ("guideline_version", val::int(version)),
            ("checklist", val::text(list)),
            ("comment", val::text(comment.trim())),
            ("at", val::text(now.clone())),
            // Which key made it (two reviewers are two people on two devices), and whether it
            // is a lone lead's approval of her own work.
            ("device_id", val::text(who.device.as_string())),
            ("self_approved", val::int(i64::from(self_approved))),
            ("signature", val::opt_text(signature)),
        ],
    )?;
    let status = match action {
        ReviewAction::Submitted => Some("in_review"),
        ReviewAction::ChangesRequested => Some("changes_requested"),
        ReviewAction::Approved => {
            let approvals = approvals_of(w.conn(), post, hash)?;
            (approvals >= needed).then_some(if scheduled { "scheduled" } else { "approved" })
        }
        ReviewAction::Voided => None,
    };
    if let Some(s) = status {
        let mut fields = vec![("status", val::text(s)), ("updated_at", val::text(now))];
        // Approved during a crisis pause: held back with the others until it ends.
        if crisis && matches!(s, "scheduled" | "approved") {
            fields[0] = ("status", val::text("paused"));
            fields.push(("crisis_paused_from", val::text(s)));
        }
        w.update("posts", &[("id", val::text(post.as_string()))], &fields)?;
        // One durable publish job per platform, in the approval's own transaction, on the
        // device that publishes (a reviewer's laptop leaves that to the lead's).
        if s == "scheduled" && publishes_here {
            crate::publish::outbox::create_jobs(w, post)?;
        }
    }
    Ok(())
}
