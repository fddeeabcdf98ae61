//! Change events from the shell to the UI: after a write, the UI refetches what it shows.
//!
//! The event is built from what the write path recorded ([`ChangeSet`]): the kinds of data
//! written, and which posts. A window then refetches only that: after an autosave the
//! calendar reloads the one post that changed, and the editor ignores the echo of its own
//! words. A command adds a hint for what the tables cannot say (a restored workspace, a sync
//! round, a crisis pause, a publishing pass on its own connection).

use crate::state::AppState;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};
use ts_rs::TS;
use tsunagu::store::ChangeSet;

/// The event name the UI listens to.
pub const CHANGED_EVENT: &str = "tsunagu://changed";

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Changed {
    /// Workspace settings.
    Settings,
    /// Posts (created, edited, moved, reviewed, published).
    Posts,
    /// Templates and hashtag sets.
    Templates,
    /// The roster.
    People,
    /// The whole workspace (reopened or restored).
    Workspace,
    /// The guideline (a draft saved or a version published).
    Guideline,
    /// The crisis pause began or ended.
    Crisis,
    /// Team sync: a round ran, a device joined or left, a conflict was settled.
    Team,
    /// Material requests, materials and thanks.
    Requests,
    /// The plan: purposes, themes, cadence, recurring slots, KPIs, success stories.
    Plan,
    /// Connected accounts.
    Accounts,
}

/// One change event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChangeEvent {
    /// The kinds of data written, each once, in order.
    pub kinds: Vec<Changed>,
    /// The posts written, when every post write named its post.
    pub posts: Vec<String>,
    /// Some post was written without saying which (or the write ran on another connection):
    /// a view of posts refetches them all.
    pub every_post: bool,
    /// Only the words of existing posts changed (an autosave): views that show no text, and
    /// the editor that typed them, have nothing to refetch.
    pub words_only: bool,
}

/// The kind of data a table holds.
fn kind_of(table: &str) -> Option<Changed> {
    Some(match table {
        "workspace" => Changed::Settings,
        "devices" => Changed::Team,
        "departments" | "sites" | "people" | "consents" => Changed::People,
        "purposes" | "themes" | "cadence_targets" | "recurring_slots" | "kpis" | "kpi_values"
        | "success_stories" => Changed::Plan,
        "templates" | "hashtag_sets" => Changed::Templates,
        "posts" | "post_variants" | "post_accounts" | "post_deletions" | "post_people"
        | "revisions" | "media" | "post_media" | "media_people" | "reviews" | "review_log"
        | "publish_jobs" | "publish_attempts" | "metrics" | "assistant_notes" => Changed::Posts,
        "guideline_sets" | "guideline_acks" => Changed::Guideline,
        "requests" | "request_assignees" | "materials" | "recognitions" | "intake_tokens"
        | "folder_files" => Changed::Requests,
        "accounts" => Changed::Accounts,
        _ => return None,
    })
}

impl ChangeEvent {
    /// The event for what the window's connection wrote (`set`) plus the command's `hint`.
    pub fn new(hint: Changed, set: &ChangeSet) -> Self {
        let mut kinds: Vec<Changed> = set.tables.iter().filter_map(|t| kind_of(t)).collect();
        kinds.push(hint);
        kinds.sort();
        kinds.dedup();
        let posts_named = !set.posts.is_empty() && !set.some_post_unnamed;
        ChangeEvent {
            every_post: kinds.contains(&Changed::Posts) && !posts_named,
            posts: if posts_named {
                set.posts.iter().cloned().collect()
            } else {
                Vec::new()
            },
            words_only: hint == Changed::Posts && set.words_only(),
            kinds,
        }
    }
}

/// Tells every window what changed: what the window's connection wrote since the last event,
/// plus `hint`. A window that misses it only shows stale data until its next fetch, so a
/// failed emit is not an error for the write that caused it.
pub fn notify_changed(app: &AppHandle, hint: Changed) {
    let set = app
        .try_state::<AppState>()
        .map(|s| s.take_changes())
        .unwrap_or_default();
    let _ = app.emit(CHANGED_EVENT, ChangeEvent::new(hint, &set));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_domain_table_has_a_kind() {
        for table in tsunagu::store::write::TABLES {
            assert!(kind_of(table).is_some(), "{table} has no kind of change");
        }
    }

    #[test]
    fn a_hint_alone_means_every_post() {
        let e = ChangeEvent::new(Changed::Posts, &ChangeSet::default());
        assert_eq!(e.kinds, [Changed::Posts]);
        assert!(e.every_post && !e.words_only && e.posts.is_empty());
        let e = ChangeEvent::new(Changed::Team, &ChangeSet::default());
        assert!(!e.every_post);
    }
}
