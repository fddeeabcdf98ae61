//! What travels between devices, who may change it and who may read it.
//!
//! Every domain table is listed here once, with its key columns (the change log keeps only the
//! joined key, and `request_assignees` has no declared primary key), the fields that stay on
//! the device, and the rule a receiver checks before applying a change from another device.
//! A table that is not listed never leaves the device: publishing state (accounts, jobs,
//! attempts) belongs to the laptop that publishes, and `metrics_latest` is rebuilt by its
//! trigger from `metrics` wherever `metrics` is written.

/// Who may change a table's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Only lead devices: the calendar, themes, requests, templates, guideline, approvals,
    /// the roster of people and everything the lead curates.
    Lead,
    /// Posts: an ambassador may create and edit their own drafts (the author is the device's
    /// person) and submit them, never approve, schedule for publishing or publish.
    Posts,
    /// Rows that belong to a post (`post_id` in the key or the fields): only the post's owner
    /// besides the lead.
    OwnPost,
    /// Rows that belong to a person (`person_id`): only that person's devices besides the lead.
    OwnPerson,
    /// Review history: an ambassador may record only their own submission of their own post.
    ReviewLog,
    /// Request assignments: the lead makes them; the person asked may change only the status.
    Assignment,
    /// Media: anyone may add a photo (the post it is attached to is checked separately).
    Media,
}

/// Which devices may read a table's rows (see [`super::audience`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Every admitted device: the plan.
    Team,
    /// The roster: names and roles to everyone, the rest to the person and the staff.
    Roster,
    /// The staff and the person the row belongs to.
    Person(Via),
    /// A request's assignment: a person's to them and the staff, a department's to everyone.
    Assignee,
    /// Whoever may read the post it belongs to (everyone once it is published).
    Post(Via),
    /// A post's history: the staff and the post's people, even after publication.
    History(Via),
    /// Whoever may read a post or material the photo belongs to.
    Media,
}

/// Where a row names the person or post it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// That part of its key.
    Key(usize),
    /// That column.
    Column(&'static str),
}

/// One synced table.
#[derive(Debug)]
pub struct Synced {
    /// The table.
    pub table: &'static str,
    /// Its key columns, in the order the change log joins them.
    pub key: &'static [&'static str],
    /// Fields that stay on this device (language of the window, local timestamps).
    pub local: &'static [&'static str],
    /// Who may change it.
    pub rule: Rule,
    /// Who may read it.
    pub reach: Reach,
}

const ID: &[&str] = &["id"];
const PERSON: Via = Via::Column("person_id");
const POST: Via = Via::Column("post_id");

/// Every table that travels, in an order where a row's parents come before it (a snapshot is
/// applied in this order, so foreign keys hold).
#[rustfmt::skip]
pub const SYNCED: &[Synced] = &[
    Synced { table: "workspace", key: ID, local: &["language", "updated_at", "media_host", "demo", "setup_done", "watch_folder", "intake_bind", "intake_port", "intake_auto"], rule: Rule::Lead, reach: Reach::Team },
    Synced { table: "departments", key: ID, local: &[], rule: Rule::Lead, reach: Reach::Team },
    Synced { table: "sites", key: ID, local: &[], rule: Rule::Lead, reach: Reach::Team },
    Synced { table: "people", key: ID, local: &[], rule: Rule::Lead, reach: Reach::Roster },
    Synced { table: "consents", key: ID, local: &[], rule: Rule::Lead, reach: Reach::Person(PERSON) },
    Synced { table: "purposes", key: ID, local: &[], rule: Rule::Lead, reach: Reach::Team },
    Synced { table: "themes", key: ID, local: &[], rule: Rule::Lead, reach: Reach::Team },
    Synced { table: "cadence_targets", key: ID, local: &[], rule: Rule::Lead, reach: Reach::Team },
    Synced { table: "recurring_slots", key: ID, local: &[], rule: Rule::Lead, reach: Reach::Team },
    Synced { table: "templates", key: ID, local: &[], rule: Rule::Lead, reach: Reach::Team },
    Synced { table: "hashtag_sets", key: ID, local: &[], rule: Rule::Lead, reach: Reach::Team },
    Synced { table: "guideline_sets", key: ID, local: &[], rule: Rule::Lead, reach: Reach::Team },
    Synced { table: "guideline_acks", key: &["person_id", "guideline_id"], local: &[], rule: Rule::OwnPerson, reach: Reach::Person(Via::Key(0)) },
    Synced { table: "requests", key: ID, local: &[], rule: Rule::Lead, reach: Reach::Team },
    Synced { table: "request_assignees", key: &["request_id", "person_id"], local: &[], rule: Rule::Assignment, reach: Reach::Assignee },
    Synced { table: "media", key: ID, local: &[], rule: Rule::Media, reach: Reach::Media },
    Synced { table: "media_people", key: &["media_id", "person_id"], local: &[], rule: Rule::Lead, reach: Reach::Media },
    Synced { table: "posts", key: ID, local: &[], rule: Rule::Posts, reach: Reach::Post(Via::Key(0)) },
    Synced { table: "post_variants", key: &["post_id", "platform"], local: &[], rule: Rule::OwnPost, reach: Reach::Post(Via::Key(0)) },
    Synced { table: "post_accounts", key: &["post_id", "account_id"], local: &[], rule: Rule::OwnPost, reach: Reach::Post(Via::Key(0)) },
    Synced { table: "post_deletions", key: ID, local: &[], rule: Rule::OwnPost, reach: Reach::Post(POST) },
    Synced { table: "post_people", key: &["post_id", "person_id"], local: &[], rule: Rule::OwnPost, reach: Reach::Post(Via::Key(0)) },
    Synced { table: "post_media", key: &["post_id", "media_id"], local: &[], rule: Rule::OwnPost, reach: Reach::Post(Via::Key(0)) },
    Synced { table: "revisions", key: ID, local: &[], rule: Rule::OwnPost, reach: Reach::History(POST) },
    Synced { table: "assistant_notes", key: ID, local: &[], rule: Rule::OwnPost, reach: Reach::History(POST) },
    Synced { table: "materials", key: ID, local: &[], rule: Rule::OwnPerson, reach: Reach::Person(PERSON) },
    Synced { table: "reviews", key: ID, local: &[], rule: Rule::Lead, reach: Reach::History(POST) },
    Synced { table: "review_log", key: ID, local: &[], rule: Rule::ReviewLog, reach: Reach::History(POST) },
    Synced { table: "recognitions", key: ID, local: &[], rule: Rule::Lead, reach: Reach::Person(PERSON) },
    Synced { table: "metrics", key: ID, local: &[], rule: Rule::Lead, reach: Reach::Post(POST) },
    Synced { table: "kpis", key: ID, local: &[], rule: Rule::Lead, reach: Reach::Team },
    Synced { table: "kpi_values", key: ID, local: &[], rule: Rule::Lead, reach: Reach::Team },
    Synced { table: "success_stories", key: &["post_id"], local: &[], rule: Rule::Lead, reach: Reach::Post(Via::Key(0)) },
];

/// The synced table called `name`, if it travels.
pub fn synced(name: &str) -> Option<&'static Synced> {
    SYNCED.iter().find(|s| s.table == name)
}

/// Post statuses an ambassador may set on their own post.
pub const AMBASSADOR_STATUSES: &[&str] = &["idea", "draft", "in_review"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_synced_table_is_a_domain_table_once() {
        let mut seen = std::collections::HashSet::new();
        for s in SYNCED {
            assert!(seen.insert(s.table), "{} listed twice", s.table);
            assert!(!s.key.is_empty());
        }
        for s in SYNCED {
            // A row names its post or person where its reach says.
            match s.reach {
                Reach::Post(Via::Key(i)) | Reach::Person(Via::Key(i)) => {
                    let k = s.key[i];
                    assert!(
                        k == "post_id" || k == "person_id" || (s.table == "posts" && k == "id"),
                        "{}: key {k}",
                        s.table
                    );
                }
                Reach::Media | Reach::Roster => assert!(s.key[0].ends_with("id")),
                _ => {}
            }
        }
        for never in [
            "accounts",
            "publish_jobs",
            "publish_attempts",
            "devices",
            "changes",
            "metrics_latest",
        ] {
            assert!(synced(never).is_none(), "{never} must stay on the device");
        }
    }
}
