//! What the team screen shows of the team: each device, each join request, and the status of
//! this device in the team (role, place, last round and why it failed, what waits).

use super::team::{Member, Role};
use super::Place;
use serde::Serialize;
use ts_rs::TS;

/// One device as the team screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MemberView {
    /// The roster entry.
    pub member: Member,
    /// The person's name, when on the roster here.
    pub person_name: Option<String>,
    /// How many of its log entries are applied here.
    #[ts(type = "number")]
    pub applied: u64,
    /// Whether it is this device.
    pub is_me: bool,
    /// The key epochs it can read (empty while the team is not sealed): a device revoked at
    /// epoch 2 holds `[1, 2]` and reads nothing sealed to 3 or later.
    pub epochs: Vec<u32>,
}

/// A device waiting to be admitted.
#[derive(Debug, Clone, Serialize, TS)]
pub struct JoinView {
    /// Compare it with the one the joining screen shows.
    pub fingerprint: String,
    /// The device's name.
    pub device_name: String,
    /// The person invited.
    pub person_id: String,
    /// Their name.
    pub person_name: Option<String>,
    /// Whether it carries an invite this lead handed out and nobody used yet.
    pub invited: bool,
}

/// Where this device stands in its team.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TeamStatus {
    /// The team.
    pub team_id: String,
    /// This device's role.
    pub role: Role,
    /// This device's fingerprint.
    pub fingerprint: String,
    /// The person it belongs to, and their name.
    pub person_id: Option<String>,
    /// Their name.
    pub person_name: Option<String>,
    /// Where the team's files are.
    pub place: Place,
    /// The same, as shown to people (a path, `s3://bucket/prefix`, `user@https://…`).
    pub place_text: String,
    /// Whether this device is admitted (its changes travel).
    pub admitted: bool,
    /// The newest key epoch, what new files are sealed to (0: the team is not sealed yet).
    pub key_epoch: u32,
    /// Every device in the roster.
    pub members: Vec<MemberView>,
    /// Devices waiting for the lead (read from the shared place when it is reachable).
    pub requests: Vec<JoinView>,
    /// When the last round finished.
    pub last_sync_at: Option<String>,
    /// Why the last attempt failed, in English (for 「詳細」).
    pub last_sync_error: Option<String>,
    /// What kind of failure it was (the window words it from this).
    pub last_sync_error_code: Option<crate::error::ErrorCode>,
    /// Fields with versions side by side.
    pub conflicts: u32,
    /// Changes refused and kept aside.
    pub quarantined: u32,
}
