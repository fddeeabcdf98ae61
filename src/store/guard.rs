//! What a team puts between a team member's device and its own writes: the kind of row change
//! and the guard team sync plugs in (see `workspace::Hooks`), so the store checks a write
//! against the team's rules without knowing them.

use crate::error::Result;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

/// insert, update or delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A new row (on a receiver that has it already, its fields are updates).
    Insert,
    /// Some fields of a row.
    Update,
    /// The row is gone.
    Delete,
}

/// Checks a write made on an ambassador's device against the team's rules before it is
/// applied: `(connection, person, table, kind, key, fields)`. Team sync provides it when the
/// workspace is opened; the store does not know the rules, and a context that acts as an
/// ambassador without a guard refuses every shared write.
pub type LocalGuard = fn(
    &rusqlite::Connection,
    &str,
    &str,
    Kind,
    &[(&'static str, Value)],
    &[(&'static str, Value)],
) -> Result<()>;
