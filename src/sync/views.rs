//! The views of what team sync set aside: fields edited on two devices (shown side by side,
//! settled by choosing or merging) and changes refused (kept with the reason).

use super::api::person_name;
use super::engine::locator;
use super::ops::{Kind, Op};
use super::state;
use super::tables::synced;
use crate::error::{Error, Result};
use crate::store::{Source, Writer};
use crate::Workspace;
use serde::Serialize;
use std::collections::BTreeMap;
use ts_rs::TS;

/// One version of a conflicting field.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ConflictVersion {
    /// The device that wrote it, by its person's name when known (empty for this device).
    pub device: String,
    /// Whether this device wrote it.
    pub mine: bool,
    /// Its key (hex), to choose it.
    pub device_key: String,
    /// Its log entry.
    #[ts(type = "number")]
    pub seq: u64,
    /// The value (JSON).
    #[ts(type = "unknown")]
    pub value: serde_json::Value,
    /// Whether the workspace shows this one now.
    pub shown: bool,
}

/// A field two devices changed without seeing each other's change.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Conflict {
    /// The table.
    pub entity: String,
    /// The row.
    pub entity_id: String,
    /// The field.
    pub field: String,
    /// A title for people ("投稿: 工場見学会" …), when the row has one.
    pub label: Option<String>,
    /// The versions, side by side.
    pub versions: Vec<ConflictVersion>,
}

/// A change kept aside.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Quarantined {
    /// The sending device, by name when known.
    pub device: String,
    /// Its log entry.
    #[ts(type = "number")]
    pub seq: u64,
    /// Why it was refused.
    pub reason: String,
    /// The change itself (JSON), empty for a whole segment.
    pub op: String,
    /// When it was refused.
    pub at: String,
}

impl Workspace {
    /// Every field with versions side by side.
    pub fn sync_conflicts(&self) -> Result<Vec<Conflict>> {
        let st = self.team()?;
        let names: BTreeMap<String, String> = st
            .roster
            .as_ref()
            .map(|r| {
                r.members
                    .iter()
                    .map(|m| {
                        (
                            m.key.clone(),
                            m.person_id
                                .as_deref()
                                .and_then(|p| person_name(self, p))
                                .unwrap_or_else(|| m.device_name.clone()),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut stmt = self.store().conn().prepare(&format!(
            "SELECT f.entity, f.entity_id, f.field, f.device_key, f.seq, f.hlc, f.value FROM sync_fields f
             JOIN ({}) c ON c.entity = f.entity AND c.entity_id = f.entity_id AND c.field = f.field
             ORDER BY f.entity, f.entity_id, f.field, f.hlc DESC, f.device_key DESC",
            state::CONFLICTS
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut out: Vec<Conflict> = Vec::new();
        for row in rows {
            let (entity, id, field, device, seq, value) = row?;
            let fresh = out
                .last()
                .is_none_or(|c| c.entity != entity || c.entity_id != id || c.field != field);
            if fresh {
                let label = if entity == "posts" || entity == "post_variants" {
                    let post = id.split('/').next().unwrap_or_default();
                    self.store()
                        .conn()
                        .query_row("SELECT title FROM posts WHERE id = ?1", [post], |r| {
                            r.get(0)
                        })
                        .ok()
                } else {
                    None
                };
                out.push(Conflict {
                    entity: entity.clone(),
                    entity_id: id.clone(),
                    field: field.clone(),
                    label,
                    versions: Vec::new(),
                });
            }
            if let Some(c) = out.last_mut() {
                let shown = c.versions.is_empty();
                let device_label = if device == st.device_key {
                    String::new()
                } else {
                    names
                        .get(&device)
                        .cloned()
                        .unwrap_or_else(|| locator(&device))
                };
                c.versions.push(ConflictVersion {
                    mine: device == st.device_key,
                    device: device_label,
                    device_key: device,
                    seq: u64::try_from(seq).unwrap_or(0),
                    value: serde_json::from_str(&value).unwrap_or(serde_json::Value::Null),
                    shown,
                });
            }
        }
        Ok(out)
    }

    /// Settles a conflict with `value` (one of the versions, or a merge of them): written like
    /// any edit, so it travels in the next round and settles the conflict everywhere.
    pub fn resolve_conflict(
        &mut self,
        source: Source,
        entity: &str,
        entity_id: &str,
        field: &str,
        value: &serde_json::Value,
    ) -> Result<()> {
        let st = self.team()?;
        let Some(s) = synced(entity) else {
            return Err(Error::invalid(
                "conflict",
                format!("{entity} is not shared between devices"),
            ));
        };
        let open: i64 = self.store().conn().query_row(
            "SELECT count(DISTINCT value) FROM sync_fields WHERE entity = ?1 AND entity_id = ?2 AND field = ?3",
            [entity, entity_id, field],
            |r| r.get(0),
        )?;
        if open < 2 {
            return Err(Error::invalid("conflict", "this conflict is settled already (another device chose, or it was chosen here). Reload the list."));
        }
        let cols = super::apply::Columns::read(self.store().conn())?;
        let key: Vec<serde_json::Value> = entity_id
            .splitn(s.key.len(), '/')
            .map(|p| serde_json::Value::String(p.to_string()))
            .collect();
        let op = Op {
            table: entity.to_string(),
            key,
            kind: Kind::Update,
            fields: BTreeMap::from([(field.to_string(), value.clone())]),
        };
        let ctx = self.ctx(None, source);
        let seen = BTreeMap::new();
        self.store_mut().write(&ctx, |w: &mut Writer<'_>| {
            // Written over whatever shows now (`base`: no version comparison), then recorded
            // as this device's own version, not sent yet (sequence 0), replacing every other.
            let write = super::apply::Version {
                device: &st.device_key,
                seq: 0,
                hlc: st.hlc + 1,
                seen: &seen,
                base: true,
            };
            let author = super::apply::Author {
                role: st.role,
                person: st.person_id.as_deref(),
                device: None,
            };
            let ver = super::apply::Version {
                base: false,
                ..write.clone()
            };
            match super::apply::apply(w, &cols, author, &write, &op)? {
                super::apply::Outcome::Applied => {}
                super::apply::Outcome::Refused(why) => return Err(Error::invalid("conflict", why)),
            }
            super::apply::record_own(w.conn(), entity, entity_id, field, &ver, value)
        })?;
        // The edit is logged with this source, so it is sent next round.
        Ok(())
    }

    /// Everything refused, newest first.
    pub fn sync_quarantine(&self) -> Result<Vec<Quarantined>> {
        let st = self.team()?;
        let mut stmt = self.store().conn().prepare(
            "SELECT device_key, seq, reason, op, at FROM sync_quarantine ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (device, seq, reason, op, at) = row?;
            let name = st
                .roster
                .as_ref()
                .and_then(|r| r.member(&device))
                .map_or_else(
                    || {
                        if device.len() == 64 {
                            locator(&device)
                        } else {
                            device.clone()
                        }
                    },
                    |m| {
                        m.person_id
                            .as_deref()
                            .and_then(|p| person_name(self, p))
                            .unwrap_or_else(|| m.device_name.clone())
                    },
                );
            out.push(Quarantined {
                device: name,
                seq: u64::try_from(seq).unwrap_or(0),
                reason,
                op,
                at,
            });
        }
        Ok(out)
    }
}
