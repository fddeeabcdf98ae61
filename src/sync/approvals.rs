//! Approvals in a team are counted at the exit only when the signature verifies against a key
//! on the roster acting as the approver. (Approving as the device, which signs, is a review
//! step: `review::signed`.)

use super::ops::{hex, unhex};
use super::state;
use super::team::Role;
use crate::error::Result;

/// The context of an approval's signature (never valid as any other document's).
pub(crate) const APPROVAL_CONTEXT: &[u8] = b"tsunagu-approval-v1";

/// How many approvals of `hash` count in a team: those whose signature verifies against the
/// lead's key or a reviewer's or lead's device on the roster (not removed) acting as the
/// approver, distinct people on distinct keys, none of them the post's writers unless a lone
/// lead's self-approval signed by the lead's key. `None` outside a team.
pub(crate) fn signed_approvals(
    conn: &rusqlite::Connection,
    post: crate::ids::PostId,
    hash: &str,
) -> Result<Option<u32>> {
    let Some(st) = state::load(conn)? else {
        return Ok(None);
    };
    let lead = hex(&st.lead_key);
    let writers = crate::approval::writers(conn, post)?;
    let mut stmt = conn.prepare_cached(
        "SELECT actor_id, coalesce(signature, ''), self_approved FROM review_log
         WHERE post_id = ?1 AND action = 'approved' AND content_hash = ?2 AND actor_id IS NOT NULL
           AND rowid > coalesce((SELECT max(rowid) FROM review_log WHERE post_id = ?1 AND action = 'submitted'), 0)",
    )?;
    let rows: Vec<(String, String, bool)> = stmt
        .query_map([post.as_string(), hash.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<std::result::Result<_, _>>()?;
    let mut people = std::collections::HashSet::new();
    let mut keys = std::collections::HashSet::new();
    for (actor, signature, self_approved) in rows {
        let Some((key_hex, sig_hex)) = signature.split_once(':') else {
            continue;
        };
        let (Some(key), Some(sig)) = (unhex::<32>(key_hex), unhex::<64>(sig_hex)) else {
            continue;
        };
        let message = crate::approval::approval_message(&post.as_string(), hash, &actor);
        if !super::segment::verify_document(&key, APPROVAL_CONTEXT, &message, &sig) {
            continue;
        }
        let trusted = key_hex == lead
            || st.roster.as_ref().is_some_and(|r| {
                r.members.iter().any(|m| {
                    m.key == key_hex
                        && m.revoked_at.is_none()
                        && matches!(m.role, Role::Lead | Role::Reviewer)
                        && m.person_id.as_deref() == Some(actor.as_str())
                })
            });
        if !trusted {
            continue;
        }
        if writers.contains(&actor) && !(self_approved && key_hex == lead) {
            continue;
        }
        people.insert(actor);
        keys.insert(key_hex.to_string());
    }
    Ok(Some(
        u32::try_from(people.len().min(keys.len())).unwrap_or(u32::MAX),
    ))
}
