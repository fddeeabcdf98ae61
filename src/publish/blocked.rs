//! Posts that cannot go out as they are, said before their time: Instagram and Threads fetch
//! images from the media host, so without one a post with images for them is listed here (and
//! Instagram posts need an image at all). The Accounts screen and the CLI show the list; the
//! runner refuses the same posts with the same reason, never silently.

use crate::error::Result;
use crate::ids::PostId;
use crate::model::Platform;
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A post that will not go out on one platform, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BlockedPost {
    /// The post.
    pub post: PostId,
    /// Its title.
    pub title: String,
    /// The platform that cannot take it.
    pub platform: Platform,
    /// Why, and what to do, in English (for 「詳細」 and the CLI).
    pub reason: String,
    /// What kind of problem (the windows say it in their language from this).
    pub kind: super::FailureKind,
}

impl Workspace {
    /// Approved or scheduled posts for Instagram or Threads that cannot go out as they are.
    pub fn media_host_blockers(&self) -> Result<Vec<BlockedPost>> {
        let has_host = super::media_host::config(self.store().conn())?.is_some();
        let mut stmt = self.store().conn().prepare(
            "SELECT p.id, p.title, v.platform,
                    (SELECT count(*) FROM post_media m WHERE m.post_id = p.id)
             FROM post_variants v JOIN posts p ON p.id = v.post_id
             WHERE v.platform IN ('instagram', 'threads')
               AND p.status IN ('approved', 'scheduled', 'failed') AND p.deleted_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM publish_jobs j WHERE j.post_id = p.id AND j.platform = v.platform
                               AND j.state IN ('published', 'scheduled_remote', 'deleted'))
             ORDER BY p.scheduled_at, p.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, title, platform, images) = row?;
            let (Some(post), Some(platform)) = (PostId::parse(&id), Platform::parse(&platform))
            else {
                continue;
            };
            let who = if platform == Platform::Instagram {
                "Instagram"
            } else {
                "Threads"
            };
            let (kind, reason) = if platform == Platform::Instagram && images == 0 {
                (super::FailureKind::NeedsImage, "Instagram posts need at least one image. Add a photo, or take Instagram off the post.".to_string())
            } else if images > 0 && !has_host {
                (super::FailureKind::MediaHost, format!("{who} fetches images from a public address, and no media host is set. Set one in Settings → Media host."))
            } else {
                continue;
            };
            out.push(BlockedPost {
                post,
                title,
                platform,
                reason,
                kind,
            });
        }
        Ok(out)
    }
}
