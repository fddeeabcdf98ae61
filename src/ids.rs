//! Identifiers: UUIDv7 newtypes, and where new ones come from.
//!
//! UUIDv7 sorts by creation time, which keeps SQLite's B-trees append-friendly and lets
//! devices create ids offline without coordination (team sync). Each entity has its own
//! newtype so a `PersonId` can never be passed where a `PostId` is expected. New ids come from
//! an injected [`IdSource`]: random in the app, seeded in the demo and in tests.

use std::sync::atomic::{AtomicU64, Ordering};
use uuid::Uuid;

/// A source of new UUIDv7 values.
pub trait IdSource: Send + Sync {
    /// A fresh id whose time part is `unix_ms`.
    fn next_at(&self, unix_ms: u64) -> Uuid;
}

/// Random ids (the normal case).
#[derive(Debug, Default)]
pub struct RandomIds;

impl IdSource for RandomIds {
    fn next_at(&self, unix_ms: u64) -> Uuid {
        let random: [u8; 10] = *Uuid::new_v4().as_bytes().first_chunk().unwrap_or(&[0; 10]);
        uuid::Builder::from_unix_timestamp_millis(unix_ms, &random).into_uuid()
    }
}

/// Repeatable ids from a seed: the same seed and sequence of calls give the same ids.
#[derive(Debug)]
pub struct SeededIds {
    state: AtomicU64,
}

impl SeededIds {
    /// A source seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            state: AtomicU64::new(seed ^ 0x9E37_79B9_7F4A_7C15),
        }
    }
}

/// One step of splitmix64: small, fast, and good enough for ids and demo data.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl IdSource for SeededIds {
    fn next_at(&self, unix_ms: u64) -> Uuid {
        let mut s = self
            .state
            .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
        let a = splitmix64(&mut s).to_le_bytes();
        let b = splitmix64(&mut s).to_le_bytes();
        let mut random = [0u8; 10];
        random[..8].copy_from_slice(&a);
        random[8..].copy_from_slice(&b[..2]);
        uuid::Builder::from_unix_timestamp_millis(unix_ms, &random).into_uuid()
    }
}

/// Declares UUIDv7 newtypes that serialise as plain strings.
macro_rules! id_types {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize, ts_rs::TS)]
        #[serde(transparent)]
        #[ts(type = "string")]
        pub struct $name(pub Uuid);

        impl $name {
            /// The id as the store keeps it.
            pub fn as_string(&self) -> String {
                self.0.to_string()
            }

            /// Reads an id kept as text.
            pub fn parse(text: &str) -> Option<Self> {
                Uuid::parse_str(text).ok().map(Self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<Uuid> for $name {
            fn from(u: Uuid) -> Self {
                Self(u)
            }
        }
    )*};
}

id_types! {
    /// The workspace.
    WorkspaceId,
    /// A device (laptop) that writes into the workspace.
    DeviceId,
    /// A person on the roster.
    PersonId,
    /// A department.
    DepartmentId,
    /// A site (factory, office).
    SiteId,
    /// A post on the calendar.
    PostId,
    /// A monthly theme.
    ThemeId,
    /// A purpose (recruiting, brand awareness, ...).
    PurposeId,
    /// Any other row: change entries, consents, revisions, ...
    RowId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_ids_repeat_and_are_v7() {
        let a = SeededIds::new(7);
        let b = SeededIds::new(7);
        let x = a.next_at(1_700_000_000_000);
        assert_eq!(x, b.next_at(1_700_000_000_000));
        assert_eq!(x.get_version_num(), 7);
        assert_ne!(x, a.next_at(1_700_000_000_000));
    }

    #[test]
    fn random_ids_sort_by_time() {
        let ids = RandomIds;
        let early = ids.next_at(1_000);
        let late = ids.next_at(2_000);
        assert!(early < late);
        assert_eq!(PostId::parse(&early.to_string()), Some(PostId(early)));
        assert_eq!(PostId::parse("nope"), None);
    }
}
