//! Sending: the local changes since the last round become the next entry of this device's
//! log, the segment waiting in the outbox goes up (after the photos it names), the head
//! file says how far this device has written and applied, and a device that joined a sealed
//! team settles once the lead's data arrives.

use super::apply::{self, Version};
use super::engine::locator;
use super::ops::{hlc_tick, Batch, Kind, Op};
use super::receive::exchange_media;
use super::seal::{Keys, Opened, SealedTransport};
use super::segment::DeviceKey;
use super::segment::{segment_name, write_segment, Head};
use super::state::{self, TeamState};
use super::tables::synced;
use super::team::Role;
use super::transport::Transport;
use crate::error::Result;
use crate::store::Writer;
use crate::Workspace;
use std::collections::{BTreeMap, HashMap};

/// Sends the segment waiting in the outbox, and the head file when something was sent or
/// `applied` (a quiet round writes nothing, so a cloud drive is not kept busy). Returns a
/// notice when a file that was not this device's sat at its name (junk, or a forgery, that
/// anyone with write access to the shared place could leave to freeze this device) and was
/// replaced.
pub(super) fn flush_outbox(
    ws: &mut Workspace,
    t: &SealedTransport<'_>,
    st: &mut TeamState,
    key: &DeviceKey,
    applied: bool,
) -> Result<Option<String>> {
    exchange_media(ws, t, st.person_id.as_deref(), key.public() == st.lead_key)?;
    let mut notice = None;
    if let Some((name, bytes)) = st.outbox.take() {
        if let Err(refused) = t.put_immutable(&name, &bytes) {
            let junk = match t.fetch(&name) {
                Ok(Opened::Sealed(existing) | Opened::Plain(existing)) => {
                    existing != bytes && !signed_by(&existing, &key.public(), &name)
                }
                // Damaged or half a file: not a segment this device wrote.
                Ok(Opened::Altered | Opened::Incomplete) => true,
                Ok(Opened::NotForMe) | Err(_) => false,
            };
            if !junk {
                return Err(refused);
            }
            t.put_head(&name, &bytes)?;
            notice = Some(format!(
                "{name} held a file this device did not write; it was replaced by this device's own segment"
            ));
        }
        state::clear_outbox(ws.store().conn())?;
    } else if !applied {
        return Ok(None);
    }
    // The head says how far this device's log goes and how far it has applied everyone
    // else's (the lead prunes what every device has passed).
    let peers = state::peers(ws.store().conn())?;
    let at = crate::clock::to_db_time(ws.clock().now());
    t.put_head(
        &format!("heads/{}.json", locator(&st.device_key)),
        &super::compact::head_file(st.log_seq, &at, &peers)?,
    )?;
    Ok(notice)
}

/// Whether `bytes` at `name` is a segment signed by `device` (this device's own, written
/// before: a laptop restored from a backup must not overwrite it).
fn signed_by(bytes: &[u8], device: &[u8; 32], name: &str) -> bool {
    let from = name
        .rsplit('/')
        .next()
        .and_then(|f| f.split('-').next())
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or(1);
    matches!(
        super::segment::read_segment(bytes, device, (from.saturating_sub(1), [0; 32])),
        Ok(_) | Err(super::segment::Rejected::BrokenChain { .. })
    )
}

/// Once the lead's data has arrived on a device that joined (sealed teams send nothing before
/// admission), its device row names the person it belongs to and the stand-in workspace row
/// gives way to the team's.
pub(super) fn link_device_person(
    w: &mut Writer<'_>,
    st: &TeamState,
    device: crate::ids::DeviceId,
) -> Result<()> {
    let Some(person) = st.person_id.as_deref() else {
        return Ok(());
    };
    let due: bool = w.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM devices WHERE id = ?1 AND person_id IS NULL) AND EXISTS (SELECT 1 FROM people WHERE id = ?2)",
        [device.as_string(), person.to_string()],
        |r| r.get(0),
    )?;
    let arrived: bool = w.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM workspace WHERE id = ?1) AND (SELECT count(*) FROM workspace) > 1",
        [super::PLACEHOLDER_WORKSPACE],
        |r| r.get(0),
    )?;
    if arrived {
        use crate::store::write::val;
        w.delete(
            "workspace",
            &[("id", val::text(super::PLACEHOLDER_WORKSPACE))],
        )?;
    }
    if due && st.role != Role::Lead {
        use crate::store::write::val;
        w.update(
            "devices",
            &[("id", val::text(device.as_string()))],
            &[("person_id", val::text(person.to_string()))],
        )?;
    }
    Ok(())
}

/// Turns the local changes since the last round into the next entry of this device's log.
pub(super) fn export(
    w: &mut Writer<'_>,
    st: &mut TeamState,
    key: &DeviceKey,
    keys: &Keys,
    applied: &HashMap<String, Head>,
    now_ms: u64,
    now_text: &str,
) -> Result<u32> {
    let mut ops: Vec<Op> = Vec::new();
    let mut last_seq = st.exported_seq;
    {
        let mut stmt = w.conn().prepare_cached(
            "SELECT seq, at, entity, entity_id, op, fields FROM changes WHERE seq > ?1 AND source <> 'sync' ORDER BY seq",
        )?;
        let rows = stmt.query_map([st.exported_seq], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        for row in rows {
            let (seq, at, entity, entity_id, kind, fields) = row?;
            last_seq = seq;
            if !st.sent_until.is_empty() && at <= st.sent_until {
                // Sent before this laptop was restored from a backup (and taken back since).
                continue;
            }
            let Some(s) = synced(&entity) else { continue };
            let kind = match kind.as_str() {
                "insert" => Kind::Insert,
                "delete" => Kind::Delete,
                _ => Kind::Update,
            };
            let mut map: BTreeMap<String, serde_json::Value> =
                serde_json::from_str(&fields).unwrap_or_default();
            if kind != Kind::Insert {
                // A new row carries its local fields once, for a receiver that has no row yet.
                map.retain(|k, _| !s.local.contains(&k.as_str()));
            }
            if kind == Kind::Update && map.is_empty() {
                continue;
            }
            let parts: Vec<serde_json::Value> = entity_id
                .splitn(s.key.len(), '/')
                .map(|p| serde_json::Value::String(p.to_string()))
                .collect();
            ops.push(Op {
                table: entity,
                key: parts,
                kind,
                fields: map,
            });
        }
    }
    st.exported_seq = last_seq;
    if ops.is_empty() {
        return Ok(0);
    }
    let seen: BTreeMap<String, u64> = applied
        .iter()
        .filter(|(k, v)| **k != st.device_key && v.0 > 0)
        .map(|(k, v)| (k.clone(), v.0))
        .collect();
    let hlc = hlc_tick(st.hlc, now_ms, 0);
    // Each change goes to the devices that may read it (its own and the shares it brings).
    let packed = super::audience::pack(
        keys,
        super::audience::with_audiences(w.conn(), ops.clone(), st.person_id.as_deref(), true)?,
    )?;
    let batch = Batch {
        v: 1,
        schema: crate::store::SCHEMA_VERSION,
        seen,
        made_at: now_text.to_string(),
        base: false,
        ops: packed.ops,
        plain_at: packed.plain_at,
        sealed: packed.sealed,
    };
    let (bytes, head) = write_segment(key, (st.log_seq, st.log_hash), &[(hlc, batch.encode()?)]);
    let ver = Version {
        device: &st.device_key,
        seq: head.0,
        hlc,
        seen: &batch.seen,
        base: false,
    };
    for op in &ops {
        let id = super::ops::key_text(&op.key);
        if op.kind == Kind::Insert {
            // A new row: one row entry stands for all its fields.
            w.conn()
                .prepare_cached("DELETE FROM sync_fields WHERE entity = ?1 AND entity_id = ?2")?
                .execute(rusqlite::params![op.table, id])?;
            apply::record_own(
                w.conn(),
                &op.table,
                &id,
                apply::ROW,
                &ver,
                &serde_json::Value::Null,
            )?;
        } else {
            for (field, v) in &op.fields {
                apply::record_own(w.conn(), &op.table, &id, field, &ver, v)?;
            }
        }
        if op.kind == Kind::Delete {
            w.conn()
                .prepare_cached("DELETE FROM sync_fields WHERE entity = ?1 AND entity_id = ?2")?
                .execute(rusqlite::params![op.table, id])?;
        }
    }
    let name = segment_name(&locator(&st.device_key), head.0, head.0);
    st.outbox = Some((name, bytes));
    st.log_seq = head.0;
    st.log_hash = head.1;
    st.hlc = hlc;
    Ok(u32::try_from(ops.len()).unwrap_or(u32::MAX))
}
