//! Review and approval: nothing goes out unchecked, and an approval means exactly what was
//! approved.
//!
//! Submit → the reviewer queue → approve (ticking every manual checklist item) or request
//! changes with a comment. Each step is a `review_log` row naming the actor, a hash of the
//! content (text, per-platform versions, images with their alt text, faces flag and people)
//! and the guideline version, so the audit log answers "who approved which version under which
//! guideline". Any change to the content of a post under review or approved voids the review:
//! the post goes back to draft and a `voided` row says why. With the second-reviewer setting an
//! approval needs two different reviewers of the same content.

use crate::error::{Error, Result};
use crate::ids::{PersonId, PostId};
use crate::model::{PostStatus, Role};
use crate::store::{write::val, Source};
use crate::workspace::Workspace;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub mod audit;
mod owner;
mod signed;
pub use crate::approval::Signer;
pub(crate) use crate::approval::{approval_message, approvals_of, content_hash, writers};
pub use audit::{QueuedPost, ReviewEntry};

/// What happened in a review step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewAction {
    /// Sent for review.
    Submitted,
    /// Approved by a reviewer.
    Approved,
    /// Sent back with a comment.
    ChangesRequested,
    /// A review or approval was voided because the content changed.
    Voided,
}

impl ReviewAction {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Approved => "approved",
            Self::ChangesRequested => "changes_requested",
            Self::Voided => "voided",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "submitted" => Some(Self::Submitted),
            "approved" => Some(Self::Approved),
            "changes_requested" => Some(Self::ChangesRequested),
            "voided" => Some(Self::Voided),
            _ => None,
        }
    }
}

impl Workspace {
    fn require_me(&self) -> Result<PersonId> {
        self.me()?.ok_or_else(|| {
            Error::refused(
                crate::Rule::UnknownUser,
                "me",
                "Tsunagu does not know who you are on this computer yet. Choose yourself in Settings.",
            )
        })
    }

    fn log(
        &mut self,
        post: PostId,
        action: ReviewAction,
        checklist: &[String],
        comment: &str,
        self_approved: bool,
        signer: Option<Signer<'_>>,
    ) -> Result<()> {
        let me = self.require_me()?;
        let device = self.device();
        let version = self.linter()?.version();
        let hash = content_hash(self.store().conn(), post)?;
        // An approval signed with this device's team key: the publisher counts, in a team,
        // only approvals whose signature verifies against a key on the roster.
        let signature = match (action, signer) {
            (ReviewAction::Approved, Some(sign)) => Some(sign(&approval_message(
                &post.as_string(),
                &hash,
                &me.as_string(),
            ))),
            _ => None,
        };
        let list = serde_json::to_string(checklist)
            .map_err(|e| Error::invalid("checklist", e.to_string()))?;
        let status = match action {
            ReviewAction::Submitted => Some("in_review"),
            ReviewAction::ChangesRequested => Some("changes_requested"),
            _ => None,
        };
        let scheduled = self.post(post)?.scheduled_at.is_some();
        let needed = self.approvals_needed()?;
        let crisis = crate::crisis::crisis(self.store().conn())?.is_some();
        // Outside a team, or on the lead's device of one.
        let publishes_here = self
            .store()
            .conn()
            .query_row("SELECT role FROM sync_team WHERE id = 1", [], |r| {
                r.get::<_, String>(0)
            })
            .optional()?
            .is_none_or(|role| role == "lead");
        let ctx = self.ctx(Some(me), Source::Ui);
        self.store_mut().write(&ctx, |w| {
            let now = w.now_text().to_string();
            let id = w.new_id().to_string();
            w.insert(
                "review_log",
                &[("id", val::text(id))],
                &[
                    ("post_id", val::text(post.as_string())),
                    ("action", val::text(action.as_str())),
                    ("actor_id", val::text(me.as_string())),
                    ("content_hash", val::text(hash.clone())),
                    ("guideline_version", val::int(version)),
                    ("checklist", val::text(list.clone())),
                    ("comment", val::text(comment.trim())),
                    ("at", val::text(now.clone())),
                    // Which key made it (two reviewers are two people on two devices), and
                    // whether it is a lone lead's approval of her own work.
                    ("device_id", val::text(device.as_string())),
                    ("self_approved", val::int(i64::from(self_approved))),
                    ("signature", val::opt_text(signature.clone())),
                ],
            )?;
            let status = match (status, action) {
                (Some(s), _) => Some(s),
                (None, ReviewAction::Approved) => {
                    let approvals = approvals_of(w.conn(), post, &hash)?;
                    (approvals >= needed).then_some(if scheduled {
                        "scheduled"
                    } else {
                        "approved"
                    })
                }
                _ => None,
            };
            if let Some(s) = status {
                let mut fields = vec![("status", val::text(s)), ("updated_at", val::text(now))];
                // Approved during a crisis pause: held back with the others until it ends.
                if crisis && matches!(s, "scheduled" | "approved") {
                    fields[0] = ("status", val::text("paused"));
                    fields.push(("crisis_paused_from", val::text(s)));
                }
                w.update("posts", &[("id", val::text(post.as_string()))], &fields)?;
                // One durable publish job per platform, in the approval's own transaction, on
                // the device that publishes (a reviewer's laptop leaves that to the lead's).
                if s == "scheduled" && publishes_here {
                    crate::publish::outbox::create_jobs(w, post)?;
                }
            }
            Ok(())
        })
    }

    pub(crate) fn approvals_needed(&self) -> Result<u32> {
        crate::approval::approvals_needed(self.store().conn())
    }

    /// Sends a post for review. Refused while any finding blocks it.
    pub fn submit_for_review(&mut self, post: PostId) -> Result<()> {
        let detail = self.post(post)?;
        if !matches!(
            detail.status,
            PostStatus::Idea | PostStatus::Draft | PostStatus::ChangesRequested
        ) {
            return Err(Error::refused(
                crate::Rule::NotADraft,
                "status",
                format!(
                    "Only drafts can be submitted; this post is {}.",
                    detail.status.as_str()
                ),
            ));
        }
        if detail.body.trim().is_empty() {
            return Err(Error::refused(
                crate::Rule::EmptyPost,
                "body",
                "Write the post before submitting it.",
            ));
        }
        let check = self.check_post(post)?;
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
        self.log(post, ReviewAction::Submitted, &[], "", false, None)
    }

    /// Approves a post under review. Every checklist item of the current guideline must be
    /// ticked; writers cannot approve their own posts. In a team, approve through
    /// `approve_as_device`, which signs the approval with this device's key.
    pub fn approve(&mut self, post: PostId, ticked: &[String], comment: &str) -> Result<()> {
        self.approve_signed(post, ticked, comment, None)
    }

    /// [`Workspace::approve`], the approval signed by `signer` (this device's team key).
    pub fn approve_signed(
        &mut self,
        post: PostId,
        ticked: &[String],
        comment: &str,
        signer: Option<Signer<'_>>,
    ) -> Result<()> {
        let me = self.require_me()?;
        let own = self.check_reviewer(post, me)?;
        let checklist = self.linter()?.rules().checklist.clone();
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
        let hash = content_hash(self.store().conn(), post)?;
        let already: bool = self.store().conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM review_log WHERE post_id = ?1 AND action = 'approved'
               AND actor_id = ?2 AND content_hash = ?3
               AND rowid > (SELECT max(rowid) FROM review_log WHERE post_id = ?1 AND action = 'submitted'))",
            [post.as_string(), me.as_string(), hash],
            |r| r.get(0),
        )?;
        if already {
            return Err(Error::refused(
                crate::Rule::AlreadyApproved,
                "reviewer",
                "You already approved this version; a second reviewer must approve it too.",
            ));
        }
        // Two reviewers are two people on two keys: a second name chosen on the same device
        // is the same key, and does not count twice.
        let same_device: bool = self.store().conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM review_log WHERE post_id = ?1 AND action = 'approved'
               AND device_id = ?2 AND content_hash = ?3
               AND rowid > (SELECT max(rowid) FROM review_log WHERE post_id = ?1 AND action = 'submitted'))",
            [post.as_string(), self.device().as_string(), content_hash(self.store().conn(), post)?],
            |r| r.get(0),
        )?;
        if same_device {
            return Err(Error::refused(
                crate::Rule::ApprovedOnThisComputer,
                "reviewer",
                "This version was already approved on this computer; the second reviewer approves it from their own computer (through team sync).",
            ));
        }
        self.log(post, ReviewAction::Approved, ticked, comment, own, signer)
    }

    /// Sends a post back with a comment saying what to change.
    pub fn request_changes(&mut self, post: PostId, comment: &str) -> Result<()> {
        let me = self.require_me()?;
        self.check_reviewer(post, me)?;
        if comment.trim().is_empty() {
            return Err(Error::refused(
                crate::Rule::CommentRequired,
                "comment",
                "Say what should change, so the writer knows what to do.",
            ));
        }
        self.log(
            post,
            ReviewAction::ChangesRequested,
            &[],
            comment,
            false,
            None,
        )
    }

    /// Checks that `me` may review `post` now; `true` when it is their own work (they wrote
    /// it or sent it for review) and they may still approve it because nobody else can.
    ///
    /// Self-approval is refused whenever another active person with review rights exists; a
    /// lead working alone may approve her own posts, and the approval is marked as such.
    fn check_reviewer(&self, post: PostId, me: PersonId) -> Result<bool> {
        let detail = self.post(post)?;
        if detail.status != PostStatus::InReview {
            return Err(Error::refused(
                crate::Rule::NotInReview,
                "status",
                format!(
                    "This post is not waiting for review (it is {}).",
                    detail.status.as_str()
                ),
            ));
        }
        let role = crate::roster::person(self.store().conn(), self.today()?, me)?
            .input
            .role;
        if !matches!(role, Role::Lead | Role::Reviewer | Role::Executive) {
            return Err(Error::refused(
                crate::Rule::NotAReviewer,
                "reviewer",
                "Only the lead, reviewers and executives can review posts.",
            ));
        }
        let conn = self.store().conn();
        let own = writers(conn, post)?.contains(&me.as_string());
        if !own {
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
}
