//! The wire form of a batch's audiences: the team's changes plain, the others in parts sealed
//! (age, several recipients) to their audiences, each change with its position so a receiver
//! puts the parts it can open back in order.

use super::Audience;
use crate::error::{Error, Result};
use crate::sync::ops::{Batch, Op, Part};
use crate::sync::seal::Keys;
use base64::Engine as _;
use std::collections::BTreeMap;

/// What a batch carries: the team's changes plain (with their positions when some are sealed)
/// and the rest in parts sealed to their audiences. A change whose audience the key book does
/// not have yet (a team not sealed, a book from an earlier version) travels plain, as before.
pub(in crate::sync) struct Packed {
    /// The team's changes.
    pub ops: Vec<Op>,
    /// Their positions (empty when nothing is sealed).
    pub plain_at: Vec<u32>,
    /// The sealed parts.
    pub sealed: Vec<Part>,
}

/// Changes with their positions in the batch.
type Positioned = Vec<(u32, Op)>;

/// Packs `list` for sending.
pub(in crate::sync) fn pack(keys: &Keys, list: Vec<(Audience, Op)>) -> Result<Packed> {
    let mut plain = Vec::new();
    let mut plain_at = Vec::new();
    let mut groups: BTreeMap<(u32, Vec<String>), Positioned> = BTreeMap::new();
    for (i, (audience, op)) in list.into_iter().enumerate() {
        let at = u32::try_from(i).map_err(|_| Error::invalid("sync batch", "too many changes"))?;
        match audience.labels().and_then(|l| keys.audience_labels(&l)) {
            Some((n, labels)) => groups.entry((n, labels)).or_default().push((at, op)),
            None => {
                plain.push(op);
                plain_at.push(at);
            }
        }
    }
    let mut sealed = Vec::with_capacity(groups.len());
    for ((n, to), changes) in groups {
        let json = serde_json::to_vec(&changes)
            .map_err(|e| Error::invalid("sync batch", e.to_string()))?;
        let data =
            base64::engine::general_purpose::STANDARD.encode(keys.seal_to_audiences(&to, &json)?);
        sealed.push(Part { n, to, data });
    }
    if sealed.is_empty() {
        plain_at.clear();
    }
    Ok(Packed {
        ops: plain,
        plain_at,
        sealed,
    })
}

/// Merges the parts of `batch` this device can open back into their places; parts for other
/// audiences are left out. Returns why a part meant for this device could not be read (it is
/// then left out too, and the caller quarantines the reason).
pub(in crate::sync) fn open(keys: &Keys, batch: &mut Batch) -> Vec<String> {
    if batch.sealed.is_empty() {
        return Vec::new();
    }
    let mut problems = Vec::new();
    let plain = std::mem::take(&mut batch.ops);
    let at = std::mem::take(&mut batch.plain_at);
    if at.len() != plain.len() {
        problems.push("the batch's plain changes and their positions do not match".to_string());
    }
    let mut all: Vec<(u32, Op)> = plain
        .into_iter()
        .enumerate()
        .map(|(i, op)| (at.get(i).copied().unwrap_or(u32::MAX), op))
        .collect();
    for part in std::mem::take(&mut batch.sealed) {
        if !keys.holds_any(part.n, &part.to) {
            continue;
        }
        let opened = base64::engine::general_purpose::STANDARD
            .decode(&part.data)
            .ok()
            .and_then(|bytes| keys.open_audiences(part.n, &part.to, &bytes))
            .and_then(|json| serde_json::from_slice::<Vec<(u32, Op)>>(&json).ok());
        match opened {
            Some(changes) => all.extend(changes),
            None => problems.push(format!(
                "a part sealed to {} in key generation {} could not be opened",
                part.to.join(", "),
                part.n
            )),
        }
    }
    all.sort_by_key(|(i, _)| *i);
    batch.ops = all.into_iter().map(|(_, op)| op).collect();
    problems
}

#[cfg(test)]
mod tests {
    use super::super::key_at;
    use super::*;
    use crate::sync::keybook::{readers, KeyBook};
    use crate::sync::ops::hex;
    use crate::sync::ops::Kind;
    use crate::sync::segment::DeviceKey;
    use crate::sync::team::{Member, Role};
    use std::collections::BTreeMap;

    fn op(n: u32) -> Op {
        Op {
            table: "themes".into(),
            key: vec![serde_json::json!(format!("t{n}"))],
            kind: Kind::Update,
            fields: BTreeMap::new(),
        }
    }

    fn member(key: &DeviceKey, person: &str, role: Role) -> Member {
        Member {
            key: hex(&key.public()),
            fingerprint: key.fingerprint(),
            device_name: String::new(),
            person_id: Some(person.into()),
            role,
            admitted_at: String::new(),
            revoked_through: None,
            revoked_at: None,
        }
    }

    #[test]
    fn parts_open_only_for_their_audiences_and_keep_the_order() {
        let (lead, a, b) = (
            DeviceKey::from_secret(&[1; 32]),
            DeviceKey::from_secret(&[2; 32]),
            DeviceKey::from_secret(&[3; 32]),
        );
        let members = [
            member(&lead, "L", Role::Lead),
            member(&a, "A", Role::Ambassador),
            member(&b, "B", Role::Ambassador),
        ];
        let all: Vec<String> = members.iter().map(|m| m.key.clone()).collect();
        let mut book = KeyBook::new("t", &all, "now").unwrap();
        let keys =
            |k: &DeviceKey, book: &KeyBook| Keys::new(Some(book), k, &lead.public()).unwrap();
        let changed = book
            .ensure_audiences(
                &keys(&lead, &book),
                &readers(&members, &hex(&lead.public())),
                &[],
            )
            .unwrap();
        assert!(changed);
        let to = |p: &str| Audience::staff_and([p.to_string()]);
        let list = vec![
            (Audience::Team, op(0)),
            (to("A"), op(1)),
            (to("B"), op(2)),
            (Audience::Team, op(3)),
            (to("A"), op(4)),
        ];
        let packed = pack(&keys(&a, &book), list).unwrap();
        assert_eq!(packed.plain_at, vec![0, 3]);
        assert_eq!(packed.sealed.len(), 2);
        let batch = Batch {
            v: 1,
            seen: BTreeMap::new(),
            made_at: String::new(),
            base: false,
            schema: 0,
            ops: packed.ops,
            plain_at: packed.plain_at,
            sealed: packed.sealed,
        };
        let keys_of = |k: &DeviceKey| {
            let mut b = batch.clone();
            assert!(open(&keys(k, &book), &mut b).is_empty());
            b.ops.iter().map(|o| key_at(o, 0)).collect::<Vec<_>>()
        };
        assert_eq!(keys_of(&lead), ["t0", "t1", "t2", "t3", "t4"]);
        assert_eq!(keys_of(&a), ["t0", "t1", "t3", "t4"]);
        assert_eq!(keys_of(&b), ["t0", "t2", "t3"]);
        // A damaged part meant for this device is reported, not applied.
        let mut damaged = batch.clone();
        damaged.sealed[0].data = "AAAA".into();
        let problems = open(&keys(&lead, &book), &mut damaged);
        assert_eq!(problems.len(), 1);
    }
}
