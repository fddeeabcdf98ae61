//! Signed log segments: how one device's changes travel. Each entry carries its sequence
//! number, the hash of the entry before it, a hybrid logical clock reading and its payload,
//! signed with the device's ed25519 key; a segment is a run of entries with a checksum over the
//! whole file. A receiver accepts a segment only whole and only in order: a torn or altered
//! file, a wrong key, a forged signature, a gap in the sequence or a chain that does not
//! continue from what it already has are each refused with the reason, so nothing is applied
//! from them (they go to quarantine).
//!
//! Layout (big-endian): `TSGSEG1\n`, the device's public key (32), the entry count (u32),
//! each entry as its length (u32) then `seq (u64) · prev (32) · hlc (u64) · payload length
//! (u32) · payload · signature (64)`, and SHA-256 of everything before it (32).

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

const MAGIC: &[u8; 8] = b"TSGSEG1\n";
const CONTEXT: &[u8] = b"tsunagu-op-v1";

/// A device's signing key. Never printed; kept in the OS keychain by its caller.
pub struct DeviceKey(SigningKey);

impl std::fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DeviceKey({})", self.fingerprint())
    }
}

impl DeviceKey {
    /// A new key from the operating system's random source.
    pub fn generate() -> Self {
        let mut secret = [0u8; 32];
        secret[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        secret[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        Self(SigningKey::from_bytes(&secret))
    }

    /// The key from its secret bytes (as kept in the keychain).
    pub fn from_secret(secret: &[u8; 32]) -> Self {
        Self(SigningKey::from_bytes(secret))
    }

    /// The secret bytes, for the keychain only.
    pub fn secret(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The X25519 secret of the same key (the scalar ed25519 signs with, before clamping),
    /// which opens what is sealed to [`super::seal::device_recipient`] of the public key.
    pub fn x25519_secret(&self) -> [u8; 32] {
        self.0.to_scalar_bytes()
    }

    /// The public key others verify with.
    pub fn public(&self) -> [u8; 32] {
        self.0.verifying_key().to_bytes()
    }

    /// What people compare on both screens when a device joins: `ABCD-EF01-2345-6789`.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.public())
    }

    /// Signs a team document (roster, join request) under its own context, so a signature
    /// made for one kind of document never verifies as another.
    pub fn sign_document(&self, context: &[u8], body: &[u8]) -> [u8; 64] {
        let mut m = context.to_vec();
        m.extend_from_slice(body);
        self.0.sign(&m).to_bytes()
    }
}

/// Whether `signature` is `public`'s signature of `body` under `context`.
pub fn verify_document(
    public: &[u8; 32],
    context: &[u8],
    body: &[u8],
    signature: &[u8; 64],
) -> bool {
    let Ok(key) = VerifyingKey::from_bytes(public) else {
        return false;
    };
    let mut m = context.to_vec();
    m.extend_from_slice(body);
    key.verify_strict(&m, &Signature::from_bytes(signature))
        .is_ok()
}

/// The fingerprint of a public key.
pub fn fingerprint(public: &[u8; 32]) -> String {
    let h = Sha256::digest(public);
    h[..8]
        .chunks(2)
        .map(|c| format!("{:02X}{:02X}", c[0], c[1]))
        .collect::<Vec<_>>()
        .join("-")
}

/// One change of one device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// 1, 2, 3 … with no gap.
    pub seq: u64,
    /// The hash of the entry before (zeros for the first).
    pub prev: [u8; 32],
    /// The hybrid logical clock reading when it was made.
    pub hlc: u64,
    /// The change itself.
    pub payload: Vec<u8>,
    /// This entry's hash, which the next one names as `prev`.
    pub hash: [u8; 32],
}

/// Where a device's log stands: the last sequence number and its hash (`(0, zeros)` before
/// the first entry).
pub type Head = (u64, [u8; 32]);

/// Why a segment was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejected {
    /// Shorter than it says, or not a segment at all (an interrupted copy).
    Torn,
    /// Its bytes were changed after it was written.
    Checksum,
    /// It was written by another device than the file says.
    WrongDevice,
    /// An entry's signature does not verify (forged or altered).
    BadSignature {
        /// The entry.
        seq: u64,
    },
    /// It does not start right after what was received before (a missing segment).
    Gap {
        /// The sequence number that was due.
        expected: u64,
        /// The one found.
        found: u64,
    },
    /// An entry does not continue the chain (a log rewritten, e.g. a restored laptop).
    BrokenChain {
        /// The entry.
        seq: u64,
    },
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rejected::Torn => write!(f, "the file is incomplete (a copy was interrupted); it is read again once whole"),
            Rejected::Checksum => write!(f, "the file was changed after it was written"),
            Rejected::WrongDevice => write!(f, "the file is not from the device it claims to be from"),
            Rejected::BadSignature { seq } => write!(f, "change {seq} is not signed by its device (forged or altered)"),
            Rejected::Gap { expected, found } => write!(f, "changes {expected} to {} are missing; waiting for them", found.saturating_sub(1)),
            Rejected::BrokenChain { seq } => write!(f, "change {seq} does not follow the device's earlier changes (its log was rewritten, e.g. restored from a backup)"),
        }
    }
}

fn signed_bytes(device: &[u8; 32], seq: u64, prev: &[u8; 32], hlc: u64, payload: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(CONTEXT.len() + 84 + payload.len());
    m.extend_from_slice(CONTEXT);
    m.extend_from_slice(device);
    m.extend_from_slice(&seq.to_be_bytes());
    m.extend_from_slice(prev);
    m.extend_from_slice(&hlc.to_be_bytes());
    m.extend_from_slice(payload);
    m
}

fn hash_of(message: &[u8], signature: &[u8; 64]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(message);
    h.update(signature);
    h.finalize().into()
}

/// A segment of `changes` (hlc, payload) continuing from `after`; returns its bytes and the
/// new head.
pub fn write_segment(key: &DeviceKey, after: Head, changes: &[(u64, Vec<u8>)]) -> (Vec<u8>, Head) {
    let device = key.public();
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&device);
    out.extend_from_slice(
        &u32::try_from(changes.len())
            .unwrap_or(u32::MAX)
            .to_be_bytes(),
    );
    let (mut seq, mut prev) = after;
    for (hlc, payload) in changes {
        seq += 1;
        let message = signed_bytes(&device, seq, &prev, *hlc, payload);
        let sig = key.0.sign(&message).to_bytes();
        let mut body = Vec::with_capacity(116 + payload.len());
        body.extend_from_slice(&seq.to_be_bytes());
        body.extend_from_slice(&prev);
        body.extend_from_slice(&hlc.to_be_bytes());
        body.extend_from_slice(
            &u32::try_from(payload.len())
                .unwrap_or(u32::MAX)
                .to_be_bytes(),
        );
        body.extend_from_slice(payload);
        body.extend_from_slice(&sig);
        out.extend_from_slice(&u32::try_from(body.len()).unwrap_or(u32::MAX).to_be_bytes());
        out.extend_from_slice(&body);
        prev = hash_of(&message, &sig);
    }
    let sum: [u8; 32] = Sha256::digest(&out).into();
    out.extend_from_slice(&sum);
    (out, (seq, prev))
}

/// A reader over a byte slice that reports a short read as a torn file.
struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Rejected> {
        if self.0.len() < n {
            return Err(Rejected::Torn);
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Ok(a)
    }
    fn u32(&mut self) -> Result<u32, Rejected> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> Result<u64, Rejected> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_be_bytes(a))
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], Rejected> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
}

/// The entries of a segment from `device`, checked to continue from `after`.
pub fn read_segment(bytes: &[u8], device: &[u8; 32], after: Head) -> Result<Vec<Entry>, Rejected> {
    if bytes.len() < MAGIC.len() + 32 + 4 + 32 || !bytes.starts_with(MAGIC) {
        return Err(Rejected::Torn);
    }
    let (content, sum) = bytes.split_at(bytes.len() - 32);
    let mut c = Cursor(&content[MAGIC.len()..]);
    let claimed: [u8; 32] = c.array()?;
    let count = c.u32()?;
    // Every entry is read before the checksum is judged, so a short file is torn, not altered.
    let mut bodies = Vec::new();
    for _ in 0..count {
        let len = c.u32()? as usize;
        bodies.push(c.take(len)?);
    }
    if !c.0.is_empty() {
        return Err(Rejected::Torn);
    }
    if Sha256::digest(content).as_slice() != sum {
        return Err(Rejected::Checksum);
    }
    if &claimed != device {
        return Err(Rejected::WrongDevice);
    }
    let key = VerifyingKey::from_bytes(device).map_err(|_| Rejected::WrongDevice)?;
    let (mut seq, mut prev) = after;
    let mut out = Vec::with_capacity(bodies.len());
    for body in bodies {
        let mut b = Cursor(body);
        let s = b.u64()?;
        let p: [u8; 32] = b.array()?;
        let hlc = b.u64()?;
        let len = b.u32()? as usize;
        let payload = b.take(len)?.to_vec();
        let sig: [u8; 64] = b.array()?;
        if s != seq + 1 {
            return Err(Rejected::Gap {
                expected: seq + 1,
                found: s,
            });
        }
        let message = signed_bytes(device, s, &p, hlc, &payload);
        key.verify_strict(&message, &Signature::from_bytes(&sig))
            .map_err(|_| Rejected::BadSignature { seq: s })?;
        if p != prev {
            return Err(Rejected::BrokenChain { seq: s });
        }
        let hash = hash_of(&message, &sig);
        out.push(Entry {
            seq: s,
            prev: p,
            hlc,
            payload,
            hash,
        });
        seq = s;
        prev = hash;
    }
    Ok(out)
}

/// The transport name of a segment: `log/<device id>/<from>-<to>.seg`, zero-padded so names
/// sort in order.
pub fn segment_name(device: &str, from: u64, to: u64) -> String {
    format!("log/{device}/{from:012}-{to:012}.seg")
}
