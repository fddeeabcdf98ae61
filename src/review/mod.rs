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
use crate::store::{write::val, Source, Writer};
use crate::workspace::Workspace;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

pub mod audit;
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

/// Everything a reviewer approves, as stored: the text, each platform's version, and each
/// image (content hash, alt text, faces flag, the people in it, comma-joined and sorted).
pub(crate) struct Content {
    pub body: String,
    pub variants: Vec<(String, String)>,
    pub images: Vec<(String, String, bool, String)>,
}

/// Reads a post's [`Content`]. The review hash and the publisher's exit check both read it
/// here, so they can never disagree about what the content is.
pub(crate) fn content(conn: &rusqlite::Connection, post: PostId) -> Result<Content> {
    let body: String = conn.query_row(
        "SELECT body FROM posts WHERE id = ?1",
        [post.as_string()],
        |r| r.get(0),
    )?;
    let variants = conn
        .prepare_cached(
            "SELECT platform, coalesce(body, '') FROM post_variants WHERE post_id = ?1 ORDER BY platform",
        )?
        .query_map([post.as_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<std::result::Result<_, _>>()?;
    let images = conn
        .prepare_cached(
            "SELECT m.sha256, m.alt_text, m.faces_visible,
                    (SELECT group_concat(person_id) FROM (SELECT person_id FROM media_people mp WHERE mp.media_id = m.id ORDER BY person_id))
             FROM post_media pm JOIN media m ON m.id = pm.media_id WHERE pm.post_id = ?1 ORDER BY pm.position",
        )?
        .query_map([post.as_string()], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get::<_, Option<String>>(3)?.unwrap_or_default(),
            ))
        })?
        .collect::<std::result::Result<_, _>>()?;
    Ok(Content {
        body,
        variants,
        images,
    })
}

/// A hash of everything a reviewer approves: text, per-platform versions, images and who is
/// in them. Titles and times are not content: changing them does not void an approval. (The
/// bytes fed to the hash are fixed: approvals stored by earlier versions name this hash.)
pub(crate) fn content_hash(conn: &rusqlite::Connection, post: PostId) -> Result<String> {
    let c = content(conn, post)?;
    let mut h = Sha256::new();
    h.update(c.body.as_bytes());
    for (platform, text) in &c.variants {
        h.update([0u8]);
        h.update(platform.as_bytes());
        h.update([1u8]);
        h.update(text.as_bytes());
    }
    for (sha, alt, faces, people) in &c.images {
        h.update([2u8]);
        h.update(sha.as_bytes());
        h.update(alt.as_bytes());
        h.update([u8::from(*faces)]);
        h.update(people.as_bytes());
    }
    Ok(format!("{:x}", h.finalize()))
}

/// Voids a review in progress or an approval when the content of `post` changed (call after
/// the change, in the same transaction). Returns whether anything was voided.
pub(crate) fn void_if_reviewed(w: &mut Writer<'_>, post: PostId, reason: &str) -> Result<bool> {
    let status: Option<String> = w
        .conn()
        .query_row(
            "SELECT status FROM posts WHERE id = ?1",
            [post.as_string()],
            |r| r.get(0),
        )
        .optional()?;
    let Some(status) = status.as_deref().and_then(PostStatus::parse) else {
        return Ok(false);
    };
    if !matches!(
        status,
        PostStatus::InReview | PostStatus::Approved | PostStatus::Scheduled
    ) {
        return Ok(false);
    }
    // A scheduled post that was never reviewed (made before review existed) is not voided.
    let reviewed: bool = w.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM review_log WHERE post_id = ?1)",
        [post.as_string()],
        |r| r.get(0),
    )?;
    if !reviewed {
        return Ok(false);
    }
    let hash = content_hash(w.conn(), post)?;
    let now = w.now_text().to_string();
    w.update(
        "posts",
        &[("id", val::text(post.as_string()))],
        &[
            ("status", val::text("draft")),
            ("updated_at", val::text(now.clone())),
        ],
    )?;
    let id = w.new_id().to_string();
    let actor = w.actor().map(|a| a.as_string());
    w.insert(
        "review_log",
        &[("id", val::text(id))],
        &[
            ("post_id", val::text(post.as_string())),
            ("action", val::text("voided")),
            ("actor_id", val::opt_text(actor)),
            ("content_hash", val::text(hash)),
            ("comment", val::text(reason)),
            ("at", val::text(now)),
        ],
    )?;
    Ok(true)
}

impl Workspace {
    /// The person using this device, if chosen.
    pub fn me(&self) -> Result<Option<PersonId>> {
        let id: Option<String> = self.store().conn().query_row(
            "SELECT person_id FROM devices WHERE id = ?1",
            [self.device().as_string()],
            |r| r.get(0),
        )?;
        Ok(id.as_deref().and_then(PersonId::parse))
    }

    /// Records who uses this device.
    pub fn set_me(&mut self, source: Source, person: PersonId) -> Result<()> {
        self.person(person)?;
        let device = self.device();
        let ctx = self.ctx(Some(person), source);
        self.store_mut().write(&ctx, |w| {
            w.update(
                "devices",
                &[("id", val::text(device.as_string()))],
                &[("person_id", val::text(person.as_string()))],
            )
        })
    }

    fn require_me(&self) -> Result<PersonId> {
        self.me()?.ok_or_else(|| {
            Error::invalid(
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
        let crisis = self.crisis()?.is_some();
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
        let second: bool = self.store().conn().query_row(
            "SELECT second_reviewer FROM workspace LIMIT 1",
            [],
            |r| r.get(0),
        )?;
        Ok(if second { 2 } else { 1 })
    }

    /// Sends a post for review. Refused while any finding blocks it.
    pub fn submit_for_review(&mut self, post: PostId) -> Result<()> {
        let detail = self.post(post)?;
        if !matches!(
            detail.status,
            PostStatus::Idea | PostStatus::Draft | PostStatus::ChangesRequested
        ) {
            return Err(Error::invalid(
                "status",
                format!(
                    "Only drafts can be submitted; this post is {}.",
                    detail.status.as_str()
                ),
            ));
        }
        if detail.body.trim().is_empty() {
            return Err(Error::invalid(
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
            return Err(Error::invalid(
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
            return Err(Error::invalid(
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
            return Err(Error::invalid(
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
            return Err(Error::invalid(
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
            return Err(Error::invalid(
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
            return Err(Error::invalid(
                "status",
                format!(
                    "This post is not waiting for review (it is {}).",
                    detail.status.as_str()
                ),
            ));
        }
        let role = self.person(me)?.input.role;
        if !matches!(role, Role::Lead | Role::Reviewer | Role::Executive) {
            return Err(Error::invalid(
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
            return Err(Error::invalid(
                "reviewer",
                "You wrote this post or sent it for review; another reviewer must review it.",
            ));
        }
        Ok(true)
    }
}

/// Signs an approval's message with this device's team key; returns `key:signature` (hex).
pub type Signer<'a> = &'a dyn Fn(&[u8]) -> String;

/// What an approval's signature covers: the post, the exact content approved and who approved.
pub(crate) fn approval_message(post: &str, hash: &str, actor: &str) -> Vec<u8> {
    [post, hash, actor].join("\0").into_bytes()
}

/// The people whose work a post's current version is: its author and whoever last sent it for
/// review. Neither may approve it while someone else can.
pub(crate) fn writers(conn: &rusqlite::Connection, post: PostId) -> Result<Vec<String>> {
    let (author, submitter): (Option<String>, Option<String>) = conn.query_row(
        "SELECT p.author_id,
                (SELECT actor_id FROM review_log WHERE post_id = p.id AND action = 'submitted'
                 ORDER BY rowid DESC LIMIT 1)
         FROM posts p WHERE p.id = ?1",
        [post.as_string()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(author.into_iter().chain(submitter).collect())
}

/// The approvals of `hash` since the post was last sent for review that count: distinct
/// people on distinct devices, none of them the post's writers (its author, whoever sent it)
/// unless the approval was recorded as a lone lead's self-approval. The review screen and the
/// publisher's exit check both count with this one rule.
pub(crate) fn approvals_of(conn: &rusqlite::Connection, post: PostId, hash: &str) -> Result<u32> {
    Ok(conn.query_row(
        "WITH last AS (
           SELECT coalesce(max(rowid), 0) AS at,
                  (SELECT actor_id FROM review_log WHERE post_id = ?1 AND action = 'submitted'
                   ORDER BY rowid DESC LIMIT 1) AS submitter
           FROM review_log WHERE post_id = ?1 AND action = 'submitted')
         SELECT count(DISTINCT r.actor_id), count(DISTINCT coalesce(r.device_id, r.actor_id))
         FROM review_log r, last JOIN posts p ON p.id = r.post_id
         WHERE r.post_id = ?1 AND r.action = 'approved' AND r.content_hash = ?2
           AND r.actor_id IS NOT NULL AND r.rowid > last.at
           AND (r.self_approved = 1
                OR (r.actor_id != coalesce(p.author_id, '') AND r.actor_id != coalesce(last.submitter, '')))",
        [post.as_string(), hash.to_string()],
        |r| Ok(r.get::<_, u32>(0)?.min(r.get::<_, u32>(1)?)),
    )?)
}
