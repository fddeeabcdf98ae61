//! Compaction: a team that has synced for a year must not make a new laptop read a year of
//! changes, and the shared place must not grow without bound.
//!
//! - **Snapshots.** When enough row changes have gathered since the last one, the lead's
//!   device writes the team's whole synced state as it stands at the end of a round, with the
//!   position of every device's log it covers, signed with the lead key and sealed like every
//!   other file (`snapshot/s-<lead seq>.seg`). At the end of a round the lead has sent all its
//!   own changes and applied everything it read, so the state is exactly those positions.
//! - **Joining.** A device with nothing applied yet starts from the newest snapshot that
//!   verifies, then reads each log from the position it names.
//! - **Pruning.** Every device's head file says how far it has applied each log. A segment is
//!   removed from the shared place once the newest snapshot covers it and every admitted
//!   device has applied it; only the two newest snapshots are kept. A device that has not synced
//!   since holds pruning back for the logs it has not read (revoking a lost laptop releases
//!   it). Nothing is lost: every device keeps its own database, and backups.
//!
//! Layout of a snapshot before sealing: `TSGSNAP1`, the lead's signature (64) over the rest,
//! then the state as deflated JSON.

use super::engine::locator;
use super::ops::{hex, unhex, Batch};
use super::segment::{verify_document, DeviceKey, Entry, Head};
use super::transport::Transport;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::io::{Read as _, Write as _};

const MAGIC: &[u8; 8] = b"TSGSNAP1";
const CONTEXT: &[u8] = b"tsunagu-snapshot-v1";
/// Row changes sent and applied between two snapshots.
pub const SNAPSHOT_EVERY: i64 = 10_000;
/// Snapshots kept in the shared place: the newest, and the one a joining device may be
/// reading while the newest is written.
const KEEP: usize = 2;
/// The largest state a snapshot may unpack to (far above a large team's year).
const MAX_STATE_BYTES: u64 = 1024 * 1024 * 1024;

/// The team's state at the end of one of the lead's rounds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Snapshot {
    /// The team.
    pub team: String,
    /// When it was written.
    pub made_at: String,
    /// The lead's clock then.
    pub hlc: u64,
    /// Every device's log position it covers (device key hex → sequence number, entry hash).
    pub heads: BTreeMap<String, (u64, String)>,
    /// The state, as insert operations (a base batch).
    pub batch: Batch,
}

/// The name of the snapshot made at the lead's log position `seq`: names sort by age.
pub fn snapshot_name(seq: u64) -> String {
    format!("snapshot/s-{seq:012}.seg")
}

impl Snapshot {
    /// Signed with the lead's key, state deflated.
    pub fn encode(&self, lead: &DeviceKey) -> Result<Vec<u8>> {
        let json =
            serde_json::to_vec(self).map_err(|e| Error::invalid("snapshot", e.to_string()))?;
        let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(&json)
            .and_then(|()| z.finish())
            .map_err(|e| Error::io("compress", "snapshot", e))
            .map(|packed| {
                let mut out = MAGIC.to_vec();
                out.extend_from_slice(&lead.sign_document(CONTEXT, &packed));
                out.extend_from_slice(&packed);
                out
            })
    }

    /// Reads one, checking the lead's signature and the team; `None` when it is not the
    /// lead's snapshot of this team (damaged, forged, another team's).
    pub fn decode(bytes: &[u8], lead_key: &[u8; 32], team: &str) -> Option<Snapshot> {
        let rest = bytes.strip_prefix(MAGIC.as_slice())?;
        if rest.len() < 64 {
            return None;
        }
        let (sig, packed) = rest.split_at(64);
        let sig: [u8; 64] = sig.try_into().ok()?;
        if !verify_document(lead_key, CONTEXT, packed, &sig) {
            return None;
        }
        let mut json = Vec::new();
        flate2::read::DeflateDecoder::new(packed)
            .take(MAX_STATE_BYTES)
            .read_to_end(&mut json)
            .ok()?;
        let snap: Snapshot = serde_json::from_slice(&json).ok()?;
        (snap.team == team).then_some(snap)
    }

    /// The log positions it covers.
    pub fn positions(&self) -> HashMap<String, Head> {
        self.heads
            .iter()
            .filter_map(|(k, (seq, h))| Some((k.clone(), (*seq, unhex::<32>(h)?))))
            .collect()
    }
}

/// The newest snapshot in the place that verifies.
pub fn newest(t: &dyn Transport, lead_key: &[u8; 32], team: &str) -> Result<Option<Snapshot>> {
    let mut names = t.list("snapshot/")?;
    names.sort();
    for name in names.iter().rev() {
        let Ok(bytes) = t.get(name) else { continue };
        if let Some(s) = Snapshot::decode(&bytes, lead_key, team) {
            return Ok(Some(s));
        }
    }
    Ok(None)
}

/// Where a fresh device starts from the newest snapshot.
pub(super) struct Start {
    /// The positions to read every log from.
    pub read_from: HashMap<String, Head>,
    /// The positions counted as applied: the snapshot's, but the lead's one short of it (the
    /// snapshot is applied as the lead's base entry at that position).
    pub applied: HashMap<String, Head>,
    /// That entry.
    pub entry: super::receive::Received,
}

/// How a fresh device starts from `snap`; `None` when it names no position of the lead's.
pub(super) fn start_from(snap: Snapshot, lead_hex: &str) -> Option<Start> {
    let read_from = snap.positions();
    let (seq, hash) = read_from.get(lead_hex).copied()?;
    let mut applied = read_from.clone();
    applied.insert(lead_hex.to_string(), (seq.saturating_sub(1), [0; 32]));
    Some(Start {
        read_from,
        applied,
        entry: super::receive::Received {
            device: lead_hex.to_string(),
            entry: Entry {
                seq,
                prev: [0; 32],
                hlc: snap.hlc,
                payload: Vec::new(),
                hash,
            },
            batch: Batch {
                base: true,
                seen: BTreeMap::new(),
                ..snap.batch
            },
        },
    })
}

/// What a device's head file says: its own log's position and how far it has applied every
/// other device's log (by locator).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct HeadFile {
    /// Its own log's last sequence number.
    pub seq: u64,
    /// When it was written.
    #[serde(default)]
    pub at: String,
    /// Locator → last applied sequence number.
    #[serde(default)]
    pub applied: BTreeMap<String, u64>,
}

/// The head file of a device at `seq` with `peers` applied.
pub(super) fn head_file(seq: u64, at: &str, peers: &HashMap<String, Head>) -> Result<Vec<u8>> {
    let file = HeadFile {
        seq,
        at: at.to_string(),
        applied: peers.iter().map(|(k, (s, _))| (locator(k), *s)).collect(),
    };
    serde_json::to_vec(&file).map_err(|e| Error::invalid("sync head", e.to_string()))
}

/// Writes a snapshot of `batch` at `positions` (the lead's round, when due), then prunes what
/// every admitted device has passed. Returns how many files were removed.
#[allow(clippy::too_many_arguments)]
pub(super) fn write_and_prune(
    t: &dyn Transport,
    key: &DeviceKey,
    team: &str,
    members: &[super::team::Member],
    positions: &HashMap<String, Head>,
    batch: Batch,
    hlc: u64,
    now: &str,
) -> Result<u32> {
    let lead_hex = hex(&key.public());
    let lead_seq = positions.get(&lead_hex).map_or(0, |h| h.0);
    let snap = Snapshot {
        team: team.to_string(),
        made_at: now.to_string(),
        hlc,
        heads: positions
            .iter()
            .map(|(k, (s, h))| (k.clone(), (*s, hex(h))))
            .collect(),
        batch,
    };
    t.put_head(&snapshot_name(lead_seq), &snap.encode(key)?)?;
    // What every admitted device has applied, from its head file, each read once (the lead's
    // own positions from here). A device without a readable head file has applied nothing.
    let admitted: Vec<(&str, BTreeMap<String, u64>)> = members
        .iter()
        .filter(|m| m.revoked_through.is_none())
        .map(|m| {
            let applied = if m.key == lead_hex {
                positions.iter().map(|(k, h)| (locator(k), h.0)).collect()
            } else {
                t.get(&format!("heads/{}.json", locator(&m.key)))
                    .ok()
                    .and_then(|b| serde_json::from_slice::<HeadFile>(&b).ok())
                    .map(|h| h.applied)
                    .unwrap_or_default()
            };
            (m.key.as_str(), applied)
        })
        .collect();
    let mut passed: HashMap<String, u64> = HashMap::new();
    for device in members {
        let loc = locator(&device.key);
        let covered = positions.get(&device.key).map_or(0, |h| h.0);
        let least = admitted
            .iter()
            .filter(|(key, _)| *key != device.key)
            .map(|(_, applied)| applied.get(&loc).copied().unwrap_or(0))
            .fold(covered, u64::min);
        passed.insert(loc, least);
    }
    let mut removed = 0;
    for name in t.list("log/")? {
        let mut parts = name.split('/').skip(1);
        let (Some(loc), Some(file)) = (parts.next(), parts.next()) else {
            continue;
        };
        let to = file
            .strip_suffix(".seg")
            .and_then(|r| r.split_once('-'))
            .and_then(|(_, b)| b.parse::<u64>().ok());
        if let (Some(to), Some(least)) = (to, passed.get(loc)) {
            if to <= *least {
                t.remove(&name)?;
                removed += 1;
            }
        }
    }
    // The lead's snapshot numbers only grow: a name past the one just written is not the
    // lead's (junk, or a forgery that would otherwise push the real ones out), and goes.
    let written = snapshot_name(lead_seq);
    let mut snaps = t.list("snapshot/")?;
    snaps.sort();
    let mine = snaps.partition_point(|n| *n <= written);
    let old = mine.saturating_sub(KEEP);
    for name in snaps[..old].iter().chain(&snaps[mine..]) {
        t.remove(name)?;
        removed += 1;
    }
    Ok(removed)
}

/// Writes a snapshot and prunes now, in a sync round (the lead: `tsunagu team compact`),
/// instead of waiting for [`SNAPSHOT_EVERY`] changes to gather.
pub fn compact_now(
    ws: &mut crate::Workspace,
    secrets: &dyn crate::secrets::SecretStore,
) -> Result<super::engine::SyncReport> {
    let st = super::state::load(ws.store().conn())?.ok_or_else(super::state::not_in_team)?;
    if st.role != super::team::Role::Lead {
        return Err(Error::invalid(
            "team",
            "only the team lead's device writes snapshots.",
        ));
    }
    super::state::save_snapshot_due(ws.store().conn(), SNAPSHOT_EVERY)?;
    ws.sync_now(secrets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_verifies_only_as_the_lead_s_for_its_team() {
        let lead = DeviceKey::from_secret(&[1; 32]);
        let other = DeviceKey::from_secret(&[2; 32]);
        let snap = Snapshot {
            team: "t".into(),
            made_at: "now".into(),
            hlc: 7,
            heads: BTreeMap::from([(hex(&lead.public()), (3, hex(&[9; 32])))]),
            batch: Batch {
                v: 1,
                schema: 1,
                seen: BTreeMap::new(),
                made_at: String::new(),
                base: true,
                ops: Vec::new(),
                plain_at: Vec::new(),
                sealed: Vec::new(),
            },
        };
        let bytes = snap.encode(&lead).unwrap();
        let back = Snapshot::decode(&bytes, &lead.public(), "t").unwrap();
        assert_eq!(back.hlc, 7);
        assert_eq!(back.positions()[&hex(&lead.public())], (3, [9; 32]));
        assert!(Snapshot::decode(&bytes, &lead.public(), "other").is_none());
        assert!(Snapshot::decode(&snap.encode(&other).unwrap(), &lead.public(), "t").is_none());
        let mut altered = bytes.clone();
        let last = altered.len() - 1;
        altered[last] ^= 1;
        assert!(Snapshot::decode(&altered, &lead.public(), "t").is_none());
        assert!(snapshot_name(2) < snapshot_name(10));
    }
}
