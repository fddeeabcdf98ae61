//! The key book: the lead-signed list of the team's key epochs, each wrapped for the devices
//! that may read it (see [`super::seal`] for why). In a round it is read from the shared
//! place, kept when it is newer and verifies, never taken back to an older version; on the
//! lead's device, started for a team from an earlier version (which is then sealed in place)
//! and written back when the place's copy is missing, older or damaged. Only the device whose key is the team's lead key keeps it: the
//! book is signed with that key and verified against it.

use super::ops::{hex, unhex};
use super::seal::{device_recipient, encrypt, Keys, KEYS_FILE};
use super::segment::{verify_document, DeviceKey};
use super::state::{self, TeamState};
use super::transport::Transport;
use crate::error::{Error, Result};
use age::x25519;
use base64::Engine as _;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const KEYS_CONTEXT: &[u8] = b"tsunagu-keys-v1";

/// One generation of the team's content key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Epoch {
    /// 1, 2, 3 … (a new one at every revocation).
    pub n: u32,
    /// Its public half (`age1…`), what files are sealed to.
    pub recipient: String,
    /// When it was made.
    pub made_at: String,
    /// Its secret half sealed to each device that may read it (device key hex → base64).
    pub wrapped: BTreeMap<String, String>,
    /// Narrower keys of the same epoch (see [`super::audience`]): `staff` (the lead's and the
    /// reviewers' devices) and `p:<person id>` (that person's devices and the lead's), each
    /// wrapped for the devices that may read what is sealed to it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub audiences: BTreeMap<String, AudienceKey>,
}

/// One audience's key in one epoch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AudienceKey {
    /// Its public half (`age1…`).
    pub recipient: String,
    /// Its secret half sealed to each device that may read it (device key hex → base64).
    pub wrapped: BTreeMap<String, String>,
}

/// The lead-signed list of epochs and who holds each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyBook {
    /// The team.
    pub team: String,
    /// Grows with every change; an older book is never taken back.
    pub version: u64,
    /// Oldest first.
    pub epochs: Vec<Epoch>,
}

#[derive(Serialize, Deserialize)]
struct SignedDoc {
    body: String,
    signature: String,
}

impl KeyBook {
    /// A new book with its first epoch, readable by `readers` (device keys, hex).
    pub fn new(team: &str, readers: &[String], now: &str) -> Result<KeyBook> {
        let mut book = KeyBook {
            team: team.to_string(),
            version: 0,
            epochs: Vec::new(),
        };
        book.new_epoch(readers, now)?;
        Ok(book)
    }

    /// Starts a new epoch readable by `readers` only (after a revocation).
    pub fn new_epoch(&mut self, readers: &[String], now: &str) -> Result<()> {
        let identity = x25519::Identity::generate();
        let n = self.epochs.last().map_or(1, |e| e.n + 1);
        let mut epoch = Epoch {
            n,
            recipient: identity.to_public().to_string(),
            made_at: now.to_string(),
            wrapped: BTreeMap::new(),
            audiences: BTreeMap::new(),
        };
        for reader in readers {
            wrap(&mut epoch.wrapped, &identity, reader)?;
        }
        self.epochs.push(epoch);
        self.version += 1;
        Ok(())
    }

    /// Lets `reader` open every epoch `keys` can open (admission, re-admission).
    pub fn grant_all(&mut self, keys: &Keys, reader: &str) -> Result<()> {
        for epoch in &mut self.epochs {
            if let Some(identity) = keys.epochs.get(&epoch.n) {
                wrap(&mut epoch.wrapped, identity, reader)?;
            }
        }
        self.version += 1;
        Ok(())
    }

    /// The epochs a device can open.
    pub fn readable_by(&self, device: &str) -> Vec<u32> {
        self.epochs
            .iter()
            .filter(|e| e.wrapped.contains_key(device))
            .map(|e| e.n)
            .collect()
    }

    /// The newest epoch.
    pub fn current(&self) -> u32 {
        self.epochs.last().map_or(0, |e| e.n)
    }

    /// Signed with the lead's key.
    pub fn sign(&self, lead: &DeviceKey) -> Result<Vec<u8>> {
        let body =
            serde_json::to_string(self).map_err(|e| Error::invalid("key book", e.to_string()))?;
        let signature = hex(&lead.sign_document(KEYS_CONTEXT, body.as_bytes()));
        serde_json::to_vec_pretty(&SignedDoc { body, signature })
            .map_err(|e| Error::invalid("key book", e.to_string()))
    }

    /// Reads a signed book, checking the lead's signature and the team.
    pub fn verify(bytes: &[u8], lead_key: &[u8; 32], team: &str) -> Result<KeyBook> {
        let bad = |why: &str| {
            Error::invalid(
                "key book",
                format!("{KEYS_FILE} {why}; the lead's next sync round writes it again."),
            )
        };
        let doc: SignedDoc = serde_json::from_slice(bytes).map_err(|_| bad("is not a key book"))?;
        let sig = unhex::<64>(&doc.signature).ok_or_else(|| bad("has no valid signature"))?;
        if !verify_document(lead_key, KEYS_CONTEXT, doc.body.as_bytes(), &sig) {
            return Err(bad("is not signed by the team lead (altered or forged)"));
        }
        let book: KeyBook =
            serde_json::from_str(&doc.body).map_err(|_| bad("is not a key book"))?;
        if book.team != team {
            return Err(bad("belongs to another team"));
        }
        Ok(book)
    }
}

/// A device that may read: its key (hex), its person, whether it is staff (the lead's or a
/// reviewer's device) and whether it is the lead's own (which holds every audience, so it can
/// grant them to a person's next device).
#[derive(Debug, Clone)]
pub struct Reader {
    /// The device key (hex).
    pub key: String,
    /// The person it belongs to.
    pub person: Option<String>,
    /// A lead's or reviewer's device.
    pub staff: bool,
    /// The team lead's device.
    pub root: bool,
}

/// The devices of `members` that may read now (not removed).
pub fn readers(members: &[super::team::Member], lead_hex: &str) -> Vec<Reader> {
    let mut out: Vec<Reader> = members
        .iter()
        .filter(|m| m.revoked_through.is_none())
        .map(|m| Reader {
            key: m.key.clone(),
            person: m.person_id.clone(),
            staff: matches!(
                m.role,
                super::team::Role::Lead | super::team::Role::Reviewer
            ),
            root: m.key == lead_hex,
        })
        .collect();
    if !out.iter().any(|r| r.root) {
        out.push(Reader {
            key: lead_hex.to_string(),
            person: None,
            staff: true,
            root: true,
        });
    }
    out
}

impl KeyBook {
    /// Makes sure the audiences exist and are wrapped for the devices that may read them: in
    /// every epoch, `staff` for every staff reader and `p:X` for X's readers (admission and
    /// re-admission read a person's history); in the newest, a missing `staff` or `p:X` (for
    /// every reader's person and every person in `people`) is made. Only the lead's device
    /// can (it holds every audience key). Returns whether the book changed (its version then
    /// moves on).
    pub fn ensure_audiences(
        &mut self,
        keys: &Keys,
        readers: &[Reader],
        people: &[String],
    ) -> Result<bool> {
        let mut changed = false;
        let newest = self.current();
        for epoch in &mut self.epochs {
            let mut wanted: Vec<(String, Vec<&Reader>)> = vec![(
                super::audience::STAFF.to_string(),
                readers.iter().filter(|r| r.staff || r.root).collect(),
            )];
            let mut persons: Vec<&str> =
                readers.iter().filter_map(|r| r.person.as_deref()).collect();
            if epoch.n == newest {
                persons.extend(people.iter().map(String::as_str));
            }
            persons.sort_unstable();
            persons.dedup();
            for p in persons {
                wanted.push((
                    super::audience::person_label(p),
                    readers
                        .iter()
                        .filter(|r| r.root || r.person.as_deref() == Some(p))
                        .collect(),
                ));
            }
            for (label, who) in wanted {
                let made;
                let identity = match keys.audience(epoch.n, &label) {
                    Some(id) => id,
                    None if epoch.n == newest && !epoch.audiences.contains_key(&label) => {
                        let id = x25519::Identity::generate();
                        epoch.audiences.insert(
                            label.clone(),
                            AudienceKey {
                                recipient: id.to_public().to_string(),
                                wrapped: BTreeMap::new(),
                            },
                        );
                        made = id;
                        &made
                    }
                    // An audience this device cannot open, or one of an older epoch made
                    // for nobody: nothing to wrap.
                    None => continue,
                };
                let Some(audience) = epoch.audiences.get_mut(&label) else {
                    continue;
                };
                for r in who {
                    if !audience.wrapped.contains_key(&r.key) {
                        wrap(&mut audience.wrapped, identity, &r.key)?;
                        changed = true;
                    }
                }
            }
        }
        if changed {
            self.version += 1;
        }
        Ok(changed)
    }
}

fn wrap(
    wrapped: &mut BTreeMap<String, String>,
    identity: &x25519::Identity,
    reader: &str,
) -> Result<()> {
    let recipient = unhex::<32>(reader)
        .as_ref()
        .and_then(device_recipient)
        .ok_or_else(|| Error::invalid("team key", format!("{reader} is not a device key")))?;
    use age::secrecy::ExposeSecret as _;
    let secret = identity.to_string();
    let sealed = encrypt(&recipient, secret.expose_secret().as_bytes())?;
    wrapped.insert(
        reader.to_string(),
        base64::engine::general_purpose::STANDARD.encode(sealed),
    );
    Ok(())
}

/// The book after this round's reading, and whether it was made just now (a plain team
/// sealed for the first time).
pub(super) fn refresh(
    conn: &Connection,
    t: &dyn Transport,
    st: &TeamState,
    key: &DeviceKey,
    now: &str,
    refused: &mut Vec<(String, u64, String)>,
) -> Result<(Option<KeyBook>, bool)> {
    let mut book = state::keybook(conn)?;
    let mut there = None;
    match t.get(KEYS_FILE) {
        Ok(bytes) => match KeyBook::verify(&bytes, &st.lead_key, &st.team_id) {
            Ok(b) => {
                there = Some(b.version);
                if book.as_ref().is_none_or(|l| b.version > l.version) {
                    state::save_keybook(conn, &b)?;
                    book = Some(b);
                }
            }
            Err(why) => refused.push((KEYS_FILE.to_string(), 0, format!("{why}"))),
        },
        Err(Error::NotFound { .. }) => {}
        Err(e) => return Err(e),
    }
    let root = key.public() == st.lead_key;
    let mut made = false;
    if root {
        if book.is_none() {
            let mut readers: Vec<String> = st
                .roster
                .as_ref()
                .map(|r| {
                    r.members
                        .iter()
                        .filter(|m| m.revoked_through.is_none())
                        .map(|m| m.key.clone())
                        .collect()
                })
                .unwrap_or_default();
            let me = hex(&key.public());
            if !readers.contains(&me) {
                readers.push(me);
            }
            let b = KeyBook::new(&st.team_id, &readers, now)?;
            state::save_keybook(conn, &b)?;
            book = Some(b);
            made = true;
        }
        if let Some(b) = book.as_mut() {
            // Every person's and the staff's keys in the newest epoch, wrapped for whoever
            // may read them now (an earlier version's book has none: it gains them here).
            let members = st
                .roster
                .as_ref()
                .map(|r| r.members.as_slice())
                .unwrap_or_default();
            let readers = readers(members, &hex(&key.public()));
            let people: Vec<String> = conn
                .prepare_cached("SELECT id FROM people ORDER BY id")?
                .query_map([], |r| r.get(0))?
                .collect::<std::result::Result<_, _>>()?;
            let keys = Keys::new(Some(b), key, &st.lead_key)?;
            if b.ensure_audiences(&keys, &readers, &people)? {
                state::save_keybook(conn, b)?;
            }
            if there != Some(b.version) {
                t.put_head(KEYS_FILE, &b.sign(key)?)?;
            }
        }
    }
    Ok((book, made))
}

/// Keeps `book` here and writes it to the place (the lead, after admitting or revoking).
pub(super) fn publish(
    conn: &Connection,
    t: &dyn Transport,
    key: &DeviceKey,
    book: &KeyBook,
) -> Result<()> {
    t.put_head(KEYS_FILE, &book.sign(key)?)?;
    state::save_keybook(conn, book)
}
