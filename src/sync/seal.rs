//! Sealing: what sits in the shared place is unreadable to anyone who is not an admitted
//! device. A cloud drive's provider, an IT administrator or a colleague with the share mounted
//! sees file names, sizes and times, never a name, a draft or a photo.
//!
//! The construction is age's (X25519 key agreement, HKDF, ChaCha20-Poly1305) through the
//! maintained `age` crate; nothing here is a cipher of our own.
//!
//! - **Device keys.** A device's X25519 key is the birational image of its ed25519 signing key
//!   (the conversion age's own `ssh-ed25519` recipients use), so the lead can seal to every
//!   member from the public keys the signed roster already holds, and a team from an earlier
//!   version is sealed in place without any device publishing anything new.
//! - **Epochs.** The team's content key is an age identity of its own, one per epoch. Files
//!   are sealed to the newest epoch. The lead keeps the key book (`team/keys.json`): each
//!   epoch's key wrapped (age-encrypted) for every device that may read it, signed with the
//!   lead's key, versioned so an older copy is never taken back. Admission wraps every epoch
//!   for the new device, so it reads the history; revocation starts a new epoch wrapped for
//!   the others only, so the revoked device reads nothing written after it has been told.
//! - **Join requests** are sealed to the lead alone: a device that is not admitted yet cannot
//!   read anything, and nobody but the lead reads who asked to join.
//!
//! Sealing sits below the engine as a [`Transport`] wrapper that keeps the transport's
//! contract on the plain bytes: a segment written again with the same content is accepted
//! (sealing is randomised, so the ciphertexts differ), different content is refused. Signatures
//! are inside the sealed bytes, so sealing adds privacy and takes nothing from integrity.

pub use super::keybook::{Epoch, KeyBook};
use super::ops::hex;
use super::segment::DeviceKey;
use super::transport::Transport;
use crate::error::{Error, Result};
use age::x25519;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Where the key book lives. It stays plain (signed): it holds public keys and wrapped keys
/// only, and a device must read it before it can read anything else.
pub const KEYS_FILE: &str = "team/keys.json";
/// The first bytes of a sealed file.
const MAGIC: &[u8; 8] = b"TSGSEAL1";
/// Sealed to an epoch of the team's key.
const TO_EPOCH: u8 = b'E';
/// Sealed to the lead's device alone (join requests).
const TO_LEAD: u8 = b'L';
/// Sealed to some audiences of an epoch (a photo of a draft: its author's and the staff's).
const TO_AUDIENCES: u8 = b'A';
/// The entity of the [`Error::NotFound`] a sealed file this device cannot open reads as
/// through [`Transport::get`]: not for this device yet (before admission) or any more (after
/// revocation), or damaged. Shown only; nothing decides by it.
const SEALED: &str = "sealed sync file";

fn bech32_identity(secret: [u8; 32]) -> Result<x25519::Identity> {
    let hrp = bech32::Hrp::parse_unchecked("AGE-SECRET-KEY-");
    let text = bech32::encode::<bech32::Bech32>(hrp, &secret)
        .map_err(|_| Error::invalid("team key", "a key could not be encoded"))?;
    text.to_ascii_uppercase()
        .parse()
        .map_err(|_| Error::invalid("team key", "a key could not be read"))
}

/// The X25519 identity of a device (from its ed25519 signing key).
pub fn device_identity(key: &DeviceKey) -> Result<x25519::Identity> {
    bech32_identity(key.x25519_secret())
}

/// The X25519 recipient of a device's public ed25519 key, `None` if it is not a valid key.
pub fn device_recipient(public: &[u8; 32]) -> Option<x25519::Recipient> {
    let point = ed25519_dalek::VerifyingKey::from_bytes(public)
        .ok()?
        .to_montgomery();
    let hrp = bech32::Hrp::parse_unchecked("age");
    bech32::encode::<bech32::Bech32>(hrp, point.as_bytes())
        .ok()?
        .parse()
        .ok()
}

pub(super) fn encrypt(recipient: &x25519::Recipient, bytes: &[u8]) -> Result<Vec<u8>> {
    age::encrypt(recipient, bytes).map_err(|e| Error::invalid("sealing", e.to_string()))
}

/// What this device can open and what it seals with, for one round.
pub struct Keys {
    pub(super) epochs: BTreeMap<u32, x25519::Identity>,
    /// The audience keys this device holds, by epoch and label.
    audiences: BTreeMap<(u32, String), x25519::Identity>,
    /// The newest epoch's audiences (label → public half), what parts are sealed to.
    current_audiences: BTreeMap<String, x25519::Recipient>,
    current: Option<(u32, x25519::Recipient)>,
    me: x25519::Identity,
    lead: Option<x25519::Recipient>,
}

/// What a file from the shared place turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub enum Opened {
    /// Never sealed (written by an earlier version, before the team was sealed).
    Plain(Vec<u8>),
    /// Sealed, and opened.
    Sealed(Vec<u8>),
    /// Sealed for devices this one is not (or no longer) among.
    NotForMe,
    /// Shorter than it says: a copy still arriving.
    Incomplete,
    /// Changed after it was written.
    Altered,
}

impl Keys {
    /// The keys `key` can unwrap from `book` (none before the team is sealed or before this
    /// device is admitted).
    pub fn new(book: Option<&KeyBook>, key: &DeviceKey, lead_key: &[u8; 32]) -> Result<Keys> {
        let me = device_identity(key)?;
        let mine = hex(&key.public());
        let mut epochs = BTreeMap::new();
        let mut audiences = BTreeMap::new();
        let mut current_audiences = BTreeMap::new();
        let mut current = None;
        let unwrap = |wrapped: &String| {
            base64::engine::general_purpose::STANDARD
                .decode(wrapped)
                .ok()
                .and_then(|c| age::decrypt(&me, &c).ok())
                .and_then(|s| String::from_utf8(s).ok())
                .and_then(|s| s.parse::<x25519::Identity>().ok())
        };
        for epoch in book.map(|b| b.epochs.as_slice()).unwrap_or_default() {
            let recipient: Option<x25519::Recipient> = epoch.recipient.parse().ok();
            if let Some(r) = recipient {
                current = Some((epoch.n, r));
                current_audiences = epoch
                    .audiences
                    .iter()
                    .filter_map(|(l, a)| Some((l.clone(), a.recipient.parse().ok()?)))
                    .collect();
            }
            for (label, a) in &epoch.audiences {
                if let Some(identity) = a.wrapped.get(&mine).and_then(unwrap) {
                    audiences.insert((epoch.n, label.clone()), identity);
                }
            }
            if let Some(identity) = epoch.wrapped.get(&mine).and_then(unwrap) {
                epochs.insert(epoch.n, identity);
            }
        }
        Ok(Keys {
            epochs,
            audiences,
            current_audiences,
            current,
            me,
            lead: device_recipient(lead_key),
        })
    }

    /// Whether the team is sealed (it has a key book).
    pub fn sealed(&self) -> bool {
        self.current.is_some()
    }

    /// Whether this device can open the newest epoch (it is admitted and not revoked).
    pub fn holds_current(&self) -> bool {
        self.current
            .as_ref()
            .is_some_and(|(n, _)| self.epochs.contains_key(n))
    }

    /// The epochs this device can open.
    pub fn held(&self) -> Vec<u32> {
        self.epochs.keys().copied().collect()
    }

    /// `bytes` sealed to the newest epoch (unchanged while the team is not sealed yet).
    pub fn seal(&self, bytes: &[u8]) -> Result<Vec<u8>> {
        let Some((n, recipient)) = &self.current else {
            return Ok(bytes.to_vec());
        };
        Ok(frame(TO_EPOCH, *n, &encrypt(recipient, bytes)?))
    }

    /// The audience key `label` of epoch `n`, when this device holds it.
    pub fn audience(&self, n: u32, label: &str) -> Option<&x25519::Identity> {
        self.audiences.get(&(n, label.to_string()))
    }

    /// The labels of `wanted` the newest epoch has, with its number: what a part for them is
    /// sealed to. `None` when the newest epoch has no `staff` audience (a team not sealed
    /// yet, or a key book from an earlier version the lead has not renewed): such a part
    /// travels to the whole team, as before.
    pub fn audience_labels(&self, wanted: &[String]) -> Option<(u32, Vec<String>)> {
        let (n, _) = self.current.as_ref()?;
        if !self.current_audiences.contains_key(super::audience::STAFF) {
            return None;
        }
        let labels: Vec<String> = wanted
            .iter()
            .filter(|l| self.current_audiences.contains_key(*l))
            .cloned()
            .collect();
        Some((*n, labels))
    }

    /// `bytes` sealed to the newest epoch's audiences `labels` (from [`Keys::audience_labels`]).
    pub fn seal_to_audiences(&self, labels: &[String], bytes: &[u8]) -> Result<Vec<u8>> {
        let recipients: Vec<&x25519::Recipient> = labels
            .iter()
            .filter_map(|l| self.current_audiences.get(l))
            .collect();
        if recipients.is_empty() {
            return Err(Error::invalid("sealing", "no audience to seal to"));
        }
        let encryptor = age::Encryptor::with_recipients(
            recipients.into_iter().map(|r| r as &dyn age::Recipient),
        )
        .map_err(|e| Error::invalid("sealing", e.to_string()))?;
        let mut out = Vec::with_capacity(bytes.len() + 256);
        let io = |e: std::io::Error| Error::invalid("sealing", e.to_string());
        let mut writer = encryptor.wrap_output(&mut out).map_err(io)?;
        std::io::Write::write_all(&mut writer, bytes).map_err(io)?;
        writer.finish().map_err(io)?;
        Ok(out)
    }

    /// Opens what was sealed to the audiences `labels` of epoch `n`: `None` when this device
    /// holds none of them (not for it), or when it does and the bytes do not open (damaged).
    pub fn open_audiences(&self, n: u32, labels: &[String], bytes: &[u8]) -> Option<Vec<u8>> {
        labels
            .iter()
            .filter_map(|l| self.audience(n, l))
            .find_map(|id| age::decrypt(id, bytes).ok())
    }

    /// Whether this device holds one of the audiences `labels` of epoch `n`.
    pub fn holds_any(&self, n: u32, labels: &[String]) -> bool {
        labels.iter().any(|l| self.audience(n, l).is_some())
    }

    /// A file (a photo) sealed to the newest epoch's audiences `labels`; the labels travel in
    /// its header, so a device tries only the keys it holds. Sealed to the whole team when
    /// the epoch has no audiences yet.
    pub fn seal_file_to(&self, labels: &[String], bytes: &[u8]) -> Result<Vec<u8>> {
        let Some((n, found)) = self.audience_labels(labels) else {
            return self.seal(bytes);
        };
        let mut body =
            serde_json::to_vec(&found).map_err(|e| Error::invalid("sealing", e.to_string()))?;
        let len = u32::try_from(body.len())
            .map_err(|_| Error::invalid("sealing", "too many audiences"))?;
        let mut framed = len.to_be_bytes().to_vec();
        framed.append(&mut body);
        framed.extend_from_slice(&self.seal_to_audiences(&found, bytes)?);
        Ok(frame(TO_AUDIENCES, n, &framed))
    }

    /// `bytes` sealed to the lead's device alone.
    pub fn seal_to_lead(&self, bytes: &[u8]) -> Result<Vec<u8>> {
        let recipient = self
            .lead
            .as_ref()
            .ok_or_else(|| Error::invalid("team key", "the lead's key is not valid"))?;
        Ok(frame(TO_LEAD, 0, &encrypt(recipient, bytes)?))
    }

    /// Opens a file from the shared place.
    pub fn open(&self, bytes: &[u8]) -> Opened {
        let Some(rest) = bytes.strip_prefix(MAGIC.as_slice()) else {
            return Opened::Plain(bytes.to_vec());
        };
        if rest.len() < HEADER {
            return Opened::Incomplete;
        }
        let n = u32::from_be_bytes([rest[1], rest[2], rest[3], rest[4]]);
        let mut len = [0u8; 8];
        len.copy_from_slice(&rest[5..13]);
        let body = &rest[HEADER..];
        match usize::try_from(u64::from_be_bytes(len)) {
            Ok(l) if l > body.len() => return Opened::Incomplete,
            Ok(l) if l == body.len() => {}
            _ => return Opened::Altered,
        }
        if Sha256::digest(body).as_slice() != &rest[13..HEADER] {
            return Opened::Altered;
        }
        let opened = match rest[0] {
            TO_EPOCH => self
                .epochs
                .get(&n)
                .and_then(|id| age::decrypt(id, body).ok()),
            TO_LEAD => age::decrypt(&self.me, body).ok(),
            TO_AUDIENCES => {
                let len = body
                    .get(..4)
                    .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize);
                len.and_then(|l| {
                    let labels: Vec<String> = serde_json::from_slice(body.get(4..4 + l)?).ok()?;
                    self.open_audiences(n, &labels, body.get(4 + l..)?)
                })
            }
            _ => None,
        };
        opened.map_or(Opened::NotForMe, Opened::Sealed)
    }
}

/// After the magic: kind (1), epoch (4), ciphertext length (8), SHA-256 of the ciphertext
/// (32). The length and the checksum tell a file a cloud drive is still copying (wait for it)
/// from one changed after it was written (refused), before any key is tried.
const HEADER: usize = 1 + 4 + 8 + 32;

fn frame(kind: u8, epoch: u32, ciphertext: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(MAGIC.len() + HEADER + ciphertext.len());
    out.extend_from_slice(MAGIC);
    out.push(kind);
    out.extend_from_slice(&epoch.to_be_bytes());
    out.extend_from_slice(&(ciphertext.len() as u64).to_be_bytes());
    out.extend_from_slice(&Sha256::digest(ciphertext));
    out.extend_from_slice(ciphertext);
    out
}

/// Whether a file is sealed (for the upgrade sweep and the canary tests).
pub fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// Files that stay plain: the key book (signed, public keys and wrapped keys only) and the
/// heads (a sequence number and a time).
fn stays_plain(name: &str) -> bool {
    name == KEYS_FILE || name.starts_with("heads/")
}

/// A transport that seals what it writes and opens what it reads.
pub struct SealedTransport<'a> {
    inner: &'a dyn Transport,
    keys: &'a Keys,
    /// Plain files read (written by a device on an earlier version), for the lead to seal.
    plain_read: std::sync::Mutex<Vec<String>>,
}

impl<'a> SealedTransport<'a> {
    /// `inner` seen through `keys`.
    pub fn new(inner: &'a dyn Transport, keys: &'a Keys) -> Self {
        Self {
            inner,
            keys,
            plain_read: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Seals the plain files read so far (the lead, at the end of a round). Returns how many.
    pub fn seal_plain_read(&self) -> Result<u32> {
        if !self.keys.sealed() {
            return Ok(0);
        }
        let names = self
            .plain_read
            .lock()
            .map(|mut v| std::mem::take(&mut *v))
            .unwrap_or_default();
        let mut n = 0;
        for name in names {
            if let Ok(bytes) = self.inner.get(&name) {
                if !is_sealed(&bytes) {
                    self.inner.put_head(&name, &self.keys.seal(&bytes)?)?;
                    n += 1;
                }
            }
        }
        Ok(n)
    }

    fn seal_for(&self, name: &str, bytes: &[u8]) -> Result<Vec<u8>> {
        // A team not sealed yet (its lead on an earlier version) is written to as before.
        if stays_plain(name) || !self.keys.sealed() {
            Ok(bytes.to_vec())
        } else if name.starts_with("team/join-") {
            self.keys.seal_to_lead(bytes)
        } else {
            self.keys.seal(bytes)
        }
    }

    /// A file from the shared place and what it turned out to be: the engine decides by this,
    /// a missing file is [`Error::NotFound`].
    pub fn fetch(&self, name: &str) -> Result<Opened> {
        let bytes = self.inner.get(name)?;
        if stays_plain(name) {
            return Ok(Opened::Plain(bytes));
        }
        let opened = self.keys.open(&bytes);
        if matches!(opened, Opened::Plain(_)) {
            if let Ok(mut v) = self.plain_read.lock() {
                v.push(name.to_string());
            }
        }
        Ok(opened)
    }

    /// The keys this transport seals and opens with.
    pub fn keys(&self) -> &Keys {
        self.keys
    }

    /// Writes `bytes` at `name` sealed to the audiences `labels` (a photo), replacing what is
    /// there.
    pub fn put_sealed_to(&self, name: &str, labels: &[String], bytes: &[u8]) -> Result<()> {
        if !self.keys.sealed() {
            return self.inner.put_head(name, bytes);
        }
        self.inner
            .put_head(name, &self.keys.seal_file_to(labels, bytes)?)
    }

    /// The file as stored, unopened (the upgrade sweep).
    pub fn raw(&self, name: &str) -> Result<Vec<u8>> {
        self.inner.get(name)
    }
}

impl Transport for SealedTransport<'_> {
    fn list(&self, prefix: &str) -> Result<Vec<String>> {
        self.inner.list(prefix)
    }

    /// A file this device cannot open reads as not found (roster, photos: they wait); the
    /// engine's logs use [`SealedTransport::fetch`] to tell why.
    fn get(&self, name: &str) -> Result<Vec<u8>> {
        match self.fetch(name)? {
            Opened::Sealed(b) | Opened::Plain(b) => Ok(b),
            Opened::NotForMe | Opened::Incomplete | Opened::Altered => Err(Error::NotFound {
                entity: SEALED,
                id: name.to_string(),
            }),
        }
    }

    /// The same content again is accepted (sealing is randomised, so it is compared opened);
    /// anything else under the name is refused. Checked here once: the sealed copy then goes
    /// up as a whole file, without the inner transport reading the name a second time.
    fn put_immutable(&self, name: &str, bytes: &[u8]) -> Result<()> {
        match self.fetch(name) {
            Ok(Opened::Sealed(existing) | Opened::Plain(existing)) if existing == bytes => Ok(()),
            Ok(_) => Err(super::transport::reused(name)),
            Err(Error::NotFound { .. }) => self.inner.put_head(name, &self.seal_for(name, bytes)?),
            Err(e) => Err(e),
        }
    }

    fn put_head(&self, name: &str, bytes: &[u8]) -> Result<()> {
        self.inner.put_head(name, &self.seal_for(name, bytes)?)
    }

    fn remove(&self, name: &str) -> Result<()> {
        self.inner.remove(name)
    }
}

/// Seals, in place, every plain file a team from an earlier version left in the shared place
/// (the lead's round, once the team has a key book). Each file is replaced whole by its sealed
/// copy, its content unchanged, so a device reading at the same time sees one or the other.
/// Returns how many were sealed.
pub fn seal_plain_files(t: &SealedTransport<'_>) -> Result<u32> {
    let mut sealed = 0;
    for prefix in ["log/", "snapshot/", "media/", "team/"] {
        for name in t.list(prefix)? {
            if stays_plain(&name) {
                continue;
            }
            let Ok(bytes) = t.raw(&name) else { continue };
            if is_sealed(&bytes) {
                continue;
            }
            t.put_head(&name, &bytes)?;
            sealed += 1;
        }
    }
    Ok(sealed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> DeviceKey {
        DeviceKey::from_secret(&[n; 32])
    }

    #[test]
    fn a_device_opens_what_is_sealed_to_an_epoch_it_holds_and_nothing_else() {
        let (lead, amb, stranger) = (key(1), key(2), key(3));
        let readers = [hex(&lead.public()), hex(&amb.public())];
        let mut book = KeyBook::new("t", &readers, "now").unwrap();
        let lead_keys = Keys::new(Some(&book), &lead, &lead.public()).unwrap();
        let amb_keys = Keys::new(Some(&book), &amb, &lead.public()).unwrap();
        let str_keys = Keys::new(Some(&book), &stranger, &lead.public()).unwrap();
        let sealed = amb_keys.seal("佐藤花子の下書き".as_bytes()).unwrap();
        assert!(is_sealed(&sealed));
        assert!(!String::from_utf8_lossy(&sealed).contains("佐藤"));
        assert_eq!(
            lead_keys.open(&sealed),
            Opened::Sealed("佐藤花子の下書き".as_bytes().to_vec())
        );
        assert_eq!(str_keys.open(&sealed), Opened::NotForMe);
        // A join request is for the lead alone.
        let join = str_keys.seal_to_lead(b"join").unwrap();
        assert_eq!(lead_keys.open(&join), Opened::Sealed(b"join".to_vec()));
        assert_eq!(amb_keys.open(&join), Opened::NotForMe);
        // Revocation: a new epoch without the ambassador.
        book.new_epoch(&readers[..1], "later").unwrap();
        let lead_keys = Keys::new(Some(&book), &lead, &lead.public()).unwrap();
        let amb_keys = Keys::new(Some(&book), &amb, &lead.public()).unwrap();
        let after = lead_keys.seal(b"after").unwrap();
        assert_eq!(amb_keys.open(&after), Opened::NotForMe);
        assert_eq!(amb_keys.held(), vec![1]);
        // Re-admission: every epoch again.
        book.grant_all(&lead_keys, &readers[1]).unwrap();
        let amb_keys = Keys::new(Some(&book), &amb, &lead.public()).unwrap();
        assert_eq!(amb_keys.open(&after), Opened::Sealed(b"after".to_vec()));
        assert_eq!(book.readable_by(&readers[1]), vec![1, 2]);
        // The book is the lead's: a forged or edited one is refused.
        let signed = book.sign(&lead).unwrap();
        assert_eq!(KeyBook::verify(&signed, &lead.public(), "t").unwrap(), book);
        assert!(KeyBook::verify(&book.sign(&stranger).unwrap(), &lead.public(), "t").is_err());
        assert!(KeyBook::verify(&signed, &lead.public(), "other").is_err());
    }

    #[test]
    fn the_transport_keeps_its_contract_on_the_plain_bytes() {
        let lead = key(1);
        let book = KeyBook::new("t", &[hex(&lead.public())], "now").unwrap();
        let keys = Keys::new(Some(&book), &lead, &lead.public()).unwrap();
        let inner = super::super::transport::MemoryTransport::default();
        let t = SealedTransport::new(&inner, &keys);
        t.put_immutable("log/a/1-1.seg", b"segment").unwrap();
        assert!(is_sealed(&inner.get("log/a/1-1.seg").unwrap()));
        t.put_immutable("log/a/1-1.seg", b"segment").unwrap();
        assert!(t.put_immutable("log/a/1-1.seg", b"other").is_err());
        assert_eq!(t.get("log/a/1-1.seg").unwrap(), b"segment");
        // Plain files from an earlier version are read, and sealed by the sweep.
        inner.put_immutable("log/b/1-1.seg", b"old").unwrap();
        assert_eq!(t.get("log/b/1-1.seg").unwrap(), b"old");
        assert_eq!(seal_plain_files(&t).unwrap(), 1);
        assert!(is_sealed(&inner.get("log/b/1-1.seg").unwrap()));
        assert_eq!(t.get("log/b/1-1.seg").unwrap(), b"old");
        // A device without the keys reads nothing.
        let stranger = key(9);
        let none = Keys::new(Some(&book), &stranger, &lead.public()).unwrap();
        let s = SealedTransport::new(&inner, &none);
        assert_eq!(s.fetch("log/a/1-1.seg").unwrap(), Opened::NotForMe);
        assert!(matches!(
            s.get("log/a/1-1.seg"),
            Err(Error::NotFound { .. })
        ));
    }
}
