//! What a write touched, for the windows that show it.
//!
//! Every row write goes through the [`Writer`](super::Writer), so the writer is the one place
//! that knows exactly which tables and which posts a command changed. The store gathers that
//! into a [`ChangeSet`] until the shell takes it and turns it into one event: a window then
//! refetches only what changed (one post after an autosave, not the whole calendar), instead
//! of a hand-placed "something changed" after each command.

use std::collections::BTreeSet;

/// Tables whose rows belong to one post (and carry its id as `post_id`, or are `posts`).
const POST_TABLES: &[&str] = &[
    "posts",
    "post_variants",
    "post_accounts",
    "post_deletions",
    "post_people",
    "post_media",
    "revisions",
    "assistant_notes",
    "reviews",
    "review_log",
    "publish_jobs",
    "publish_attempts",
    "metrics",
];

/// The tables and posts written since the set was last taken.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeSet {
    /// Every table written.
    pub tables: BTreeSet<&'static str>,
    /// The posts whose rows were written, where the write named the post.
    pub posts: BTreeSet<String>,
    /// A post's row was written without naming its post (a job updated by its own id): a
    /// window showing posts cannot tell which, so it refetches them all.
    pub some_post_unnamed: bool,
    /// The columns of `posts` rows written (an autosave writes `title`, `body` and
    /// `updated_at`; a move writes `scheduled_at`): a view that shows only some of them can
    /// skip the rest.
    pub post_columns: BTreeSet<String>,
    /// A post was created or deleted.
    pub posts_added_or_removed: bool,
}

impl ChangeSet {
    /// Nothing was written.
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
    }

    /// Records one row write of `table`; `post` is the post it belongs to, when the write
    /// named it.
    pub(super) fn record<'c>(
        &mut self,
        table: &'static str,
        op: &str,
        post: Option<&str>,
        columns: impl Iterator<Item = &'c str>,
    ) {
        self.tables.insert(table);
        if table == "posts" {
            self.posts_added_or_removed |= op != "update";
            self.post_columns.extend(columns.map(str::to_string));
        }
        if POST_TABLES.contains(&table) {
            match post {
                Some(id) => {
                    self.posts.insert(id.to_string());
                }
                None => self.some_post_unnamed = true,
            }
        }
    }

    /// Adds everything `other` holds.
    pub fn merge(&mut self, other: ChangeSet) {
        self.tables.extend(other.tables);
        self.posts.extend(other.posts);
        self.some_post_unnamed |= other.some_post_unnamed;
        self.post_columns.extend(other.post_columns);
        self.posts_added_or_removed |= other.posts_added_or_removed;
    }

    /// Only the words of existing posts changed (their title, text and platform versions):
    /// nothing a plan counts, no post added or removed, nothing else written. An autosave.
    pub fn words_only(&self) -> bool {
        const WORDS: &[&str] = &["title", "body", "updated_at"];
        !self.is_empty()
            && !self.posts_added_or_removed
            && !self.some_post_unnamed
            && self
                .tables
                .iter()
                .all(|t| matches!(*t, "posts" | "post_variants" | "revisions"))
            && self
                .post_columns
                .iter()
                .all(|c| WORDS.contains(&c.as_str()))
    }

    /// Whether any of `tables` was written.
    pub fn touches(&self, tables: &[&str]) -> bool {
        tables.iter().any(|t| self.tables.contains(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_rows_name_their_post_or_say_they_did_not() {
        let mut set = ChangeSet::default();
        set.record("post_variants", "update", Some("p1"), ["body"].into_iter());
        set.record("people", "insert", None, [].into_iter());
        assert!(
            set.post_columns.is_empty(),
            "only the posts table's columns count"
        );
        set.record(
            "posts",
            "update",
            Some("p1"),
            ["title", "updated_at"].into_iter(),
        );
        assert!(!set.words_only(), "a person was written too");
        assert_eq!(set.post_columns.len(), 2);
        assert_eq!(set.posts.iter().collect::<Vec<_>>(), ["p1"]);
        assert!(!set.some_post_unnamed);
        set.record("publish_jobs", "update", None, [].into_iter());
        assert!(set.some_post_unnamed);
        assert!(set.touches(&["people"]));
        assert!(!set.touches(&["templates"]));
    }

    #[test]
    fn an_autosave_is_words_only_and_a_move_is_not() {
        let mut save = ChangeSet::default();
        save.record(
            "posts",
            "update",
            Some("p1"),
            ["body", "updated_at"].into_iter(),
        );
        save.record("post_variants", "update", Some("p1"), ["body"].into_iter());
        assert!(save.words_only());
        let mut moved = save.clone();
        moved.record("posts", "update", Some("p1"), ["scheduled_at"].into_iter());
        assert!(!moved.words_only());
        let mut created = ChangeSet::default();
        created.record("posts", "insert", Some("p2"), ["title"].into_iter());
        assert!(!created.words_only());
        assert!(!ChangeSet::default().words_only());
    }
}
