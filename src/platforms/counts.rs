//! The counters a platform reports for a published post.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A post's counters on one platform at one time; `None` where the platform has no such number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Counts {
    /// Likes (Mastodon: favourites).
    pub likes: Option<i64>,
    /// Reposts (Mastodon: boosts).
    pub reposts: Option<i64>,
    /// Replies.
    pub replies: Option<i64>,
    /// Quotes.
    pub quotes: Option<i64>,
    /// Impressions or views, where the platform counts them.
    pub impressions: Option<i64>,
}
