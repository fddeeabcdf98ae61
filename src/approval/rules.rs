//! Who may approve, and which approvals count: one rule for the Review screen and the
//! publisher, and what an approval's signature covers.

use crate::error::Result;
use crate::ids::PostId;

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
