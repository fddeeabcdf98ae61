//! What a reviewer approves, read once: the review hash and the publisher's exit check both
//! read a post's content here, so they can never disagree about what it is.

use crate::error::Result;
use crate::ids::PostId;
use sha2::{Digest, Sha256};

/// Everything a reviewer approves, as stored: the text, each platform's version, and each
/// image (content hash, alt text, faces flag, the people in it, comma-joined and sorted).
pub(crate) struct Content {
    pub body: String,
    pub variants: Vec<(String, String)>,
    pub images: Vec<(String, String, bool, String)>,
    /// The accounts the post names, sorted (empty for a post that names only platforms).
    pub accounts: Vec<String>,
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
    let accounts = conn
        .prepare_cached(
            "SELECT account_id FROM post_accounts WHERE post_id = ?1 ORDER BY account_id",
        )?
        .query_map([post.as_string()], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    Ok(Content {
        body,
        variants,
        images,
        accounts,
    })
}

/// A hash of everything a reviewer approves: text, per-platform versions, images and who is
/// in them. Titles and times are not content: changing them does not void an approval. (The
/// bytes fed to the hash are fixed: approvals stored by earlier versions name this hash.)
pub(crate) fn content_hash(conn: &rusqlite::Connection, post: PostId) -> Result<String> {
    Ok(content(conn, post)?.hash())
}

impl Content {
    /// The hash approvals name (see [`content_hash`]).
    pub(crate) fn hash(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.body.as_bytes());
        for (platform, text) in &self.variants {
            h.update([0u8]);
            h.update(platform.as_bytes());
            h.update([1u8]);
            h.update(text.as_bytes());
        }
        for (sha, alt, faces, people) in &self.images {
            h.update([2u8]);
            h.update(sha.as_bytes());
            h.update(alt.as_bytes());
            h.update([u8::from(*faces)]);
            h.update(people.as_bytes());
        }
        // Only a post that names accounts feeds them, so hashes of posts that name none (all
        // posts before several accounts per platform) stay what their approvals name.
        for account in &self.accounts {
            h.update([3u8]);
            h.update(account.as_bytes());
        }
        format!("{:x}", h.finalize())
    }
}
