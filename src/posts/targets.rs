//! Which accounts a post goes out through (content: the accounts a post names are part of what
//! is approved; the accounts themselves, their names and defaults, are `publish::accounts`).
//!
//! A company holds several accounts on one platform (a 公式 and a 採用 X account), so a post
//! names accounts, not only platforms. A post's platforms stay its variants (one text per
//! platform, since both X accounts count characters the same way); `post_accounts` names the
//! accounts it goes out through, and a platform with no named account goes out through that
//! platform's default. The named accounts are part of what a reviewer approves (see
//! `approval::content`), and the exit check refuses a job whose account is not one of them,
//! so moving an approved post from 採用X to 公式X needs a new approval.
//!
//! Accounts stay on the publishing laptop; `post_accounts` travels with the post, so on an
//! ambassador's device an account id may name nothing: it is shown as 「この端末にないアカウント」
//! and kept as it is.

use crate::error::{Error, Result};
use crate::ids::{PostId, RowId};
use crate::model::Platform;
use crate::store::{write::val, Writer};
use rusqlite::{Connection, OptionalExtension};
use std::collections::BTreeSet;

/// The account a post that names only `platform` goes out through: the platform's default,
/// else its oldest account that is not disconnected.
pub fn default_account(conn: &Connection, platform: Platform) -> Result<Option<RowId>> {
    let id: Option<String> = conn
        .query_row(
            "SELECT id FROM accounts WHERE platform = ?1 AND state != 'disconnected'
             ORDER BY is_default DESC, created_at, id LIMIT 1",
            [platform.as_str()],
            |r| r.get(0),
        )
        .optional()?;
    Ok(id.as_deref().and_then(RowId::parse))
}

/// The accounts a post names, with their platforms, sorted by id.
pub fn named(conn: &Connection, post: PostId) -> Result<Vec<(RowId, Platform)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT account_id, platform FROM post_accounts WHERE post_id = ?1 ORDER BY account_id",
    )?;
    let rows = stmt.query_map([post.as_string()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (a, p) = row?;
        if let (Some(a), Some(p)) = (RowId::parse(&a), Platform::parse(&p)) {
            out.push((a, p));
        }
    }
    Ok(out)
}

/// Where one job of a post goes: a platform and the account (`None` while the platform has
/// no account on this device).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// The platform.
    pub platform: Platform,
    /// The account.
    pub account: Option<RowId>,
    /// Whether the post named the account (else it is the platform's default).
    pub named: bool,
}

/// Every target of a post: each named account, and the default account of each platform the
/// post has a version for but names no account of.
pub fn targets(conn: &Connection, post: PostId) -> Result<Vec<Target>> {
    let named = named(conn, post)?;
    let mut stmt = conn.prepare_cached(
        "SELECT platform FROM post_variants WHERE post_id = ?1 ORDER BY platform",
    )?;
    let platforms: Vec<Platform> = stmt
        .query_map([post.as_string()], |r| r.get::<_, String>(0))?
        .filter_map(|r| r.ok())
        .filter_map(|p| Platform::parse(&p))
        .collect();
    let mut out = Vec::new();
    for platform in platforms {
        let mine: Vec<RowId> = named
            .iter()
            .filter(|(_, p)| *p == platform)
            .map(|(a, _)| *a)
            .collect();
        if mine.is_empty() {
            out.push(Target {
                platform,
                account: default_account(conn, platform)?,
                named: false,
            });
        } else {
            out.extend(mine.into_iter().map(|a| Target {
                platform,
                account: Some(a),
                named: true,
            }));
        }
    }
    Ok(out)
}

/// Whether `account` may carry post `post` on `platform`: one of the accounts it names, or,
/// when it names none on that platform, any account of the platform (the job was bound to the
/// default when it was made or run).
pub fn may_carry(
    conn: &Connection,
    post: PostId,
    platform: Platform,
    account: Option<RowId>,
) -> Result<bool> {
    let named: Vec<RowId> = named(conn, post)?
        .into_iter()
        .filter(|(_, p)| *p == platform)
        .map(|(a, _)| a)
        .collect();
    Ok(named.is_empty() || account.is_some_and(|a| named.contains(&a)))
}

/// The platform of an account on this device, or a clear refusal.
pub(crate) fn platform_of(conn: &Connection, account: RowId) -> Result<Platform> {
    let p: Option<String> = conn
        .query_row(
            "SELECT platform FROM accounts WHERE id = ?1",
            [account.as_string()],
            |r| r.get(0),
        )
        .optional()?;
    p.as_deref()
        .and_then(Platform::parse)
        .ok_or_else(|| Error::NotFound {
            entity: "account",
            id: account.as_string(),
        })
}

/// Checks the accounts an editor or an import names: each exists on this device. Accounts the
/// post already names pass unchecked (they may have come from the lead's laptop). Returns
/// them with their platforms, sorted and without repeats.
pub(crate) fn check_named(
    conn: &Connection,
    post: Option<PostId>,
    wanted: &[RowId],
) -> Result<Vec<(RowId, Platform)>> {
    let kept: Vec<(RowId, Platform)> = match post {
        Some(p) => named(conn, p)?,
        None => Vec::new(),
    };
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for a in wanted {
        if !seen.insert(*a) {
            continue;
        }
        match kept.iter().find(|(k, _)| k == a) {
            Some(k) => out.push(*k),
            None => out.push((*a, platform_of(conn, *a)?)),
        }
    }
    out.sort();
    Ok(out)
}

/// Writes the accounts a post names (only the difference). Returns whether they changed.
pub(crate) fn write_named(
    w: &mut Writer<'_>,
    post: PostId,
    wanted: &[(RowId, Platform)],
) -> Result<bool> {
    let old = named(w.conn(), post)?;
    if old == wanted {
        return Ok(false);
    }
    for (a, _) in &old {
        if !wanted.iter().any(|(b, _)| b == a) {
            w.delete(
                "post_accounts",
                &[
                    ("post_id", val::text(post.as_string())),
                    ("account_id", val::text(a.as_string())),
                ],
            )?;
        }
    }
    for (a, p) in wanted {
        if !old.iter().any(|(b, _)| b == a) {
            w.insert(
                "post_accounts",
                &[
                    ("post_id", val::text(post.as_string())),
                    ("account_id", val::text(a.as_string())),
                ],
                &[("platform", val::text(p.as_str()))],
            )?;
        }
    }
    Ok(true)
}
