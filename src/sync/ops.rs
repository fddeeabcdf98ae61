//! Operations and batches: what one entry of a device's log says.
//!
//! An entry is a *batch*: the row changes this device made since its last sync, built from
//! the write path's change log, plus the version vector of what the device had applied from
//! every other device when it made them. One batch per entry (rather than one row change per
//! entry) signs and hashes once per sync instead of once per field, and the vector travels
//! once: every change in a batch was made against the same state, because this device applies
//! other devices' changes only inside a sync round, after it has exported its own.

use crate::error::{Error, Result};
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use crate::store::write::Kind;

/// One row change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Op {
    /// The table.
    pub table: String,
    /// The key's values, in the table's key order.
    pub key: Vec<serde_json::Value>,
    /// What happened.
    pub kind: Kind,
    /// The fields written (none for a delete).
    pub fields: BTreeMap<String, serde_json::Value>,
}

/// One log entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    /// Format version.
    pub v: u32,
    /// For every other device (by public key, hex), the last of its entries applied here.
    pub seen: BTreeMap<String, u64>,
    /// When it was made (RFC 3339): a laptop restored from a backup takes its lost entries
    /// back and does not send again the changes made before this.
    pub made_at: String,
    /// The lead's first entry: the workspace as it was when the team was made. Every later
    /// change has seen it, so its field versions need no record.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub base: bool,
    /// The schema version of the Tsunagu that made it (0 from versions before this field). A
    /// change naming a column unknown here waits for an update only when its maker says it is
    /// newer; otherwise it is refused.
    #[serde(default)]
    pub schema: i64,
    /// The row changes, in the order they were made: those every device may read. With
    /// `sealed`, only some of them (the rest are in the parts).
    pub ops: Vec<Op>,
    /// Where each of `ops` stands among all the batch's changes (empty: in order, none sealed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plain_at: Vec<u32>,
    /// Changes only some devices may read (see [`super::audience`]), each part sealed to its
    /// audiences.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sealed: Vec<Part>,
}

/// Changes sealed to some audiences of an epoch: `(position, change)` pairs, JSON, sealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// The epoch.
    pub n: u32,
    /// The audiences it is sealed to (`staff`, `p:<person id>`).
    pub to: Vec<String>,
    /// The sealed bytes, base64.
    pub data: String,
}

impl Batch {
    /// The bytes that travel.
    pub fn encode(&self) -> Result<Vec<u8>> {
        serde_json::to_vec(self).map_err(|e| Error::invalid("sync batch", e.to_string()))
    }

    /// Reads a batch; `None` when it is not one (quarantined by the caller).
    pub fn decode(bytes: &[u8]) -> Option<Batch> {
        serde_json::from_slice(bytes).ok()
    }
}

/// A SQLite value as it travels.
pub fn to_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Null | Value::Blob(_) => serde_json::Value::Null,
        Value::Integer(i) => (*i).into(),
        Value::Real(f) => serde_json::Number::from_f64(*f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        Value::Text(s) => s.clone().into(),
    }
}

/// A travelled value back as SQLite's.
pub fn from_json(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Integer(i64::from(*b)),
        serde_json::Value::Number(n) => n
            .as_i64()
            .map(Value::Integer)
            .or_else(|| n.as_f64().map(Value::Real))
            .unwrap_or(Value::Null),
        serde_json::Value::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}

/// The key as the change log writes it (`a/b`).
pub fn key_text(key: &[serde_json::Value]) -> String {
    key.iter()
        .map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A hybrid logical clock reading: milliseconds in the high 48 bits, a counter in the low 16.
/// It never goes backwards and moves past every reading received, so "newer" means the same
/// on every device even when their clocks disagree by days.
pub fn hlc_tick(last: u64, now_ms: u64, seen: u64) -> u64 {
    let wall = now_ms << 16;
    wall.max(last.saturating_add(1)).max(seen.saturating_add(1))
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Hex back to bytes; `None` when it is not hex of that length.
pub fn unhex<const N: usize>(s: &str) -> Option<[u8; N]> {
    let s = s.trim();
    if s.len() != N * 2 || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(s.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hlc_never_goes_back_and_passes_what_it_saw() {
        let a = hlc_tick(0, 1_000, 0);
        assert_eq!(a, 1_000 << 16);
        assert_eq!(
            hlc_tick(a, 999, 0),
            a + 1,
            "a clock set back still moves forward"
        );
        let far = (5_000_000u64) << 16;
        assert_eq!(
            hlc_tick(a, 1_001, far),
            far + 1,
            "a reading from a fast clock is passed"
        );
    }

    #[test]
    fn hex_round_trips() {
        let b = [0u8, 1, 0xab, 0xff];
        assert_eq!(hex(&b), "0001abff");
        assert_eq!(unhex::<4>("0001abff"), Some(b));
        assert_eq!(unhex::<4>("0001abf"), None);
        assert_eq!(unhex::<4>("zz01abff"), None);
    }

    #[test]
    fn values_round_trip() {
        for v in [
            Value::Null,
            Value::Integer(-3),
            Value::Real(1.5),
            Value::Text("あ".into()),
        ] {
            assert_eq!(from_json(&to_json(&v)), v);
        }
    }
}
