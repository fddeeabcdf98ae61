//! The exit check: nothing is sent that differs from what was approved, by whom it may be.
//!
//! The editor voids an approval when the text changes, but content can change by other roads:
//! an edit that arrives by team sync, a paused or failed post edited and then resumed or
//! retried, a conflict resolved on a scheduled post, a command-line edit, the database file
//! edited by hand. So the check that matters is made where content leaves: immediately before
//! every send, the publisher recomputes the post's content hash (the same hash the reviewer's
//! approval names) and compares it with the hash the job was created with, and it finds the
//! approvals that make that hash publishable (enough different people, on different devices,
//! none of them the author unless the lead works alone). On any difference nothing is sent,
//! the post goes back to review, and the audit log names the parts that changed.

use crate::error::Result;
use crate::ids::{PostId, RowId};
use crate::model::Platform;
use crate::store::{write::val, Source, Writer};
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use ts_rs::TS;

/// Why the exit check held a job back. Stable codes: the UI picks its words from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HeldBack {
    /// The content differs from the approved snapshot (承認後に内容が変わりました).
    ChangedAfterApproval,
    /// No approval of this exact content by enough other people was found.
    NotApproved,
}

impl HeldBack {
    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ChangedAfterApproval => "changed_after_approval",
            Self::NotApproved => "not_approved",
        }
    }
}

fn sha(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p);
    }
    format!("{:x}", h.finalize())
}

/// Each part of what goes out, hashed on its own, so a difference can be named: `text`,
/// `variant:<platform>`, `image:<n>` (file hash, alt text, faces flag, people) and `platforms`.
fn content_parts(c: &crate::approval::Content) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    out.insert("text".to_string(), sha(&[c.body.as_bytes()]));
    for (platform, text) in &c.variants {
        out.insert(format!("variant:{platform}"), sha(&[text.as_bytes()]));
    }
    let platforms: Vec<&str> = c.variants.iter().map(|(p, _)| p.as_str()).collect();
    out.insert(
        "platforms".to_string(),
        sha(&[platforms.join(",").as_bytes()]),
    );
    if !c.accounts.is_empty() {
        out.insert(
            "accounts".to_string(),
            sha(&[c.accounts.join(",").as_bytes()]),
        );
    }
    for (n, (file, alt, faces, people)) in c.images.iter().enumerate() {
        out.insert(
            format!("image:{}", n + 1),
            sha(&[
                file.as_bytes(),
                alt.as_bytes(),
                &[u8::from(*faces)],
                people.as_bytes(),
            ]),
        );
    }
    out
}

/// The snapshot a job is created with: the approved hash and its parts (JSON), from one
/// reading of the post.
pub(crate) fn snapshot(conn: &rusqlite::Connection, post: PostId) -> Result<(String, String)> {
    let c = crate::approval::content(conn, post)?;
    let parts = serde_json::to_string(&content_parts(&c))
        .map_err(|e| crate::error::Error::invalid("post", e.to_string()))?;
    Ok((c.hash(), parts))
}

/// The names of the parts that differ between two snapshots.
pub fn changed_parts(
    approved: &BTreeMap<String, String>,
    now: &BTreeMap<String, String>,
) -> Vec<String> {
    let mut out: Vec<String> = approved
        .iter()
        .filter(|(k, v)| now.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect();
    out.extend(now.keys().filter(|k| !approved.contains_key(*k)).cloned());
    out.sort();
    out.dedup();
    out
}

/// The approvals of `hash` that count at the exit: in a team, only signed ones (the team's
/// rule, plugged in as [`crate::workspace::Hooks::team_approvals`]); outside a team, the one
/// rule of the Review screen.
fn counted(
    conn: &rusqlite::Connection,
    team: crate::workspace::TeamApprovals,
    post: PostId,
    hash: &str,
) -> Result<u32> {
    match team(conn, post, hash)? {
        Some(n) => Ok(n),
        None => crate::approval::approvals_of(conn, post, hash),
    }
}

impl Workspace {
    /// The check made immediately before every send. `None`: the job may go. Otherwise the
    /// post has been sent back to review (in its own transaction, with an audit row naming
    /// what changed) and nothing may be sent.
    pub(super) fn exit_check(&mut self, job: RowId, post: PostId) -> Result<Option<HeldBack>> {
        let (approved, parts, platform, account): (
            Option<String>,
            Option<String>,
            String,
            Option<String>,
        ) = self.store().conn().query_row(
            "SELECT approved_hash, approved_parts, platform, account_id FROM publish_jobs WHERE id = ?1",
            [job.as_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let conn = self.store().conn();
        // One reading of the post per send; its parts are hashed only when it is held back.
        let now = crate::approval::content(conn, post)?;
        let now_hash = now.hash();
        let needed = crate::approval::approvals_needed(conn)?;
        let held = match approved.as_deref() {
            Some(h) if h != now_hash => Some(HeldBack::ChangedAfterApproval),
            None => Some(HeldBack::NotApproved),
            Some(h) if counted(conn, self.hooks().team_approvals, post, h)? < needed => {
                Some(HeldBack::NotApproved)
            }
            Some(_) => None,
        };
        // The job's account must be one the approved post names (or, when it names none on
        // that platform, any of the platform's): a job bound to another account is held.
        let carried = match Platform::parse(&platform) {
            Some(p) => crate::posts::targets::may_carry(
                conn,
                post,
                p,
                account.as_deref().and_then(RowId::parse),
            )?,
            None => false,
        };
        // The rows may be as approved while a file was swapped on disk under the same name.
        let swapped = match held {
            None if !carried => vec!["accounts".to_string()],
            None => self.swapped_files(post)?,
            Some(_) => Vec::new(),
        };
        let held = match held {
            None if !swapped.is_empty() => HeldBack::ChangedAfterApproval,
            None => return Ok(None),
            Some(h) => h,
        };
        let changed = match parts
            .as_deref()
            .map(serde_json::from_str::<BTreeMap<String, String>>)
        {
            _ if !swapped.is_empty() => swapped,
            Some(Ok(before)) if held == HeldBack::ChangedAfterApproval => {
                changed_parts(&before, &content_parts(&now))
            }
            _ => Vec::new(),
        };
        let ctx = self.ctx(None, Source::System);
        self.store_mut()
            .write(&ctx, |w| send_back(w, job, post, held, &now_hash, &changed))?;
        Ok(Some(held))
    }
}

impl Workspace {
    /// The images of `post` (as `image:<n>`) whose file on disk no longer has the content hash
    /// the approval names: a missing or unreadable file counts as changed.
    fn swapped_files(&self, post: PostId) -> Result<Vec<String>> {
        let media: Vec<(String, String)> = self
            .store()
            .conn()
            .prepare_cached(
                "SELECT m.id, m.sha256 FROM post_media pm JOIN media m ON m.id = pm.media_id
                 WHERE pm.post_id = ?1 ORDER BY pm.position",
            )?
            .query_map([post.as_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<std::result::Result<_, _>>()?;
        let mut out = Vec::new();
        for (n, (id, expected)) in media.iter().enumerate() {
            let same = match RowId::parse(id).map(|id| {
                crate::media::path(self.store().conn(), &crate::media::root(self.dir()), id)
            }) {
                Some(Ok(path)) => std::fs::read(path)
                    .map(|bytes| format!("{:x}", Sha256::digest(&bytes)) == *expected)
                    .unwrap_or(false),
                _ => false,
            };
            if !same {
                out.push(format!("image:{}", n + 1));
            }
        }
        Ok(out)
    }
}

/// Sends a post back to review because the exit check held it: the post waits in the review
/// queue, every job of it waits for a new approval, and the audit log says why.
fn send_back(
    w: &mut Writer<'_>,
    job: RowId,
    post: PostId,
    held: HeldBack,
    hash: &str,
    changed: &[String],
) -> Result<()> {
    let now = w.now_text().to_string();
    let detail = serde_json::json!({ "code": held.as_str(), "changed": changed }).to_string();
    w.update(
        "posts",
        &[("id", val::text(post.as_string()))],
        &[
            ("status", val::text("in_review")),
            ("updated_at", val::text(now.clone())),
        ],
    )?;
    let id = w.new_id().to_string();
    w.insert(
        "review_log",
        &[("id", val::text(id))],
        &[
            ("post_id", val::text(post.as_string())),
            ("action", val::text("voided")),
            ("actor_id", val::opt_text(None::<String>)),
            ("content_hash", val::text(hash)),
            ("comment", val::text(detail.clone())),
            ("at", val::text(now.clone())),
        ],
    )?;
    let attempt = w.new_id().to_string();
    w.insert(
        "publish_attempts",
        &[("id", val::text(attempt))],
        &[
            ("job_id", val::text(job.as_string())),
            ("started_at", val::text(now.clone())),
            ("finished_at", val::text(now)),
            ("outcome", val::text("held_back")),
            ("detail", val::text(detail.clone())),
        ],
    )?;
    w.update(
        "publish_jobs",
        &[("id", val::text(job.as_string()))],
        &[
            ("state", val::text("pending")),
            ("last_error", val::text(detail)),
            ("last_error_kind", val::opt_text(None::<String>)),
            ("gave_up", val::int(0)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_parts_names_what_differs() {
        let a: BTreeMap<String, String> = [("text", "1"), ("variant:x", "2"), ("image:1", "3")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut b = a.clone();
        b.insert("variant:x".into(), "9".into());
        b.remove("image:1");
        b.insert("image:2".into(), "4".into());
        assert_eq!(
            changed_parts(&a, &b),
            vec!["image:1", "image:2", "variant:x"]
        );
        assert!(changed_parts(&a, &a).is_empty());
    }
}
