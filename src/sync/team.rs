//! The team: who is in it, signed by the lead.
//!
//! The lead's device key is the root of trust. An invite code carries the team id, the lead's
//! public key, the person invited, their role and a one-time nonce, with a checksum so a
//! mistyped code is caught before anything is written. The joining device leaves a join
//! request, signed with its own new key, in the shared place; the lead admits it by the
//! fingerprint both screens show, and publishes a new roster version signed with the lead key.
//! Receivers trust only rosters that verify against the lead key they got from the invite and
//! only newer versions than they hold, so nobody with write access to the shared folder can
//! add a device or undo a revocation.

use super::ops::{hex, unhex};
use super::segment::{fingerprint, verify_document, DeviceKey};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

const ROSTER_CONTEXT: &[u8] = b"tsunagu-roster-v1";
const JOIN_CONTEXT: &[u8] = b"tsunagu-join-v1";
/// Where the roster lives in the shared place.
pub const ROSTER_FILE: &str = "team/roster.json";

/// A device's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "TeamRole")]
pub enum Role {
    /// Plans, approves, publishes: every change is theirs to make.
    Lead,
    /// Drafts and sends material; their own drafts only.
    Ambassador,
    /// A manager or executive who reviews from their own laptop: approves, sends back and
    /// comments on posts waiting for review (never their own), and drafts like an ambassador;
    /// never changes the plan.
    Reviewer,
}

impl Role {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Ambassador => "ambassador",
            Role::Reviewer => "reviewer",
        }
    }

    /// From its stored name.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "lead" => Some(Role::Lead),
            "ambassador" => Some(Role::Ambassador),
            "reviewer" => Some(Role::Reviewer),
            _ => None,
        }
    }
}

/// One device in the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "TeamMember")]
pub struct Member {
    /// Its public key (hex).
    pub key: String,
    /// What people compare: `ABCD-EF01-2345-6789`.
    pub fingerprint: String,
    /// The device's name as it introduced itself.
    pub device_name: String,
    /// The person it belongs to.
    pub person_id: Option<String>,
    /// Lead or ambassador.
    pub role: Role,
    /// When it was admitted.
    pub admitted_at: String,
    /// Set once revoked: its entries up to this number stay applied, later ones are refused.
    #[ts(type = "number | null")]
    pub revoked_through: Option<u64>,
    /// When it was revoked.
    pub revoked_at: Option<String>,
}

/// The team roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    /// The team.
    pub team: String,
    /// Grows with every change; receivers never go back to an older one.
    pub version: u64,
    /// The lead's key (hex).
    pub lead_key: String,
    /// Every device ever admitted, revoked ones included.
    pub members: Vec<Member>,
}

impl Roster {
    /// The member with this public key.
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.key == key)
    }

    /// Signs it with the lead's key.
    pub fn sign(&self, lead: &DeviceKey) -> Result<Vec<u8>> {
        let body =
            serde_json::to_string(self).map_err(|e| Error::invalid("roster", e.to_string()))?;
        let sig = lead.sign_document(ROSTER_CONTEXT, body.as_bytes());
        let doc = SignedDoc {
            body,
            signature: hex(&sig),
        };
        serde_json::to_vec_pretty(&doc).map_err(|e| Error::invalid("roster", e.to_string()))
    }

    /// Reads a signed roster, checking the lead's signature and the team.
    pub fn verify(bytes: &[u8], lead_key: &[u8; 32], team: &str) -> Result<Roster> {
        let bad = |why: &str| {
            Error::invalid("team roster", format!("{ROSTER_FILE} {why}; ask the lead to run `tsunagu sync` so a correct one is written."))
        };
        let doc: SignedDoc = serde_json::from_slice(bytes).map_err(|_| bad("is not a roster"))?;
        let sig = unhex::<64>(&doc.signature).ok_or_else(|| bad("has no valid signature"))?;
        if !verify_document(lead_key, ROSTER_CONTEXT, doc.body.as_bytes(), &sig) {
            return Err(bad(
                "is not signed by the team lead (it was altered or forged)",
            ));
        }
        let roster: Roster = serde_json::from_str(&doc.body).map_err(|_| bad("is not a roster"))?;
        if roster.team != team || roster.lead_key != hex(lead_key) {
            return Err(bad("belongs to another team"));
        }
        Ok(roster)
    }
}

#[derive(Serialize, Deserialize)]
struct SignedDoc {
    body: String,
    signature: String,
}

/// What an invite code carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite {
    /// The team.
    pub team: uuid::Uuid,
    /// The lead's public key.
    pub lead_key: [u8; 32],
    /// The person invited.
    pub person: uuid::Uuid,
    /// Single use.
    pub nonce: [u8; 8],
    /// The role they get.
    pub role: Role,
}

const CODE_PREFIX: &str = "TSU1-";
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

impl Invite {
    /// The code to hand over (Crockford base32, with a checksum).
    pub fn code(&self) -> String {
        let mut b = Vec::with_capacity(75);
        b.extend_from_slice(self.team.as_bytes());
        b.extend_from_slice(&self.lead_key);
        b.extend_from_slice(self.person.as_bytes());
        b.extend_from_slice(&self.nonce);
        b.push(match self.role {
            Role::Ambassador => 0,
            Role::Lead => 1,
            Role::Reviewer => 2,
        });
        let sum = Sha256::digest(&b);
        b.extend_from_slice(&sum[..2]);
        format!("{CODE_PREFIX}{}", base32(&b))
    }

    /// Reads a code; a mistyped or cut one is refused with what to do.
    pub fn parse(code: &str) -> Result<Invite> {
        let bad = || {
            Error::invalid("invite code", "this is not a complete Tsunagu invite code (it starts with TSU1-). Copy the whole code from the lead again.")
        };
        let cleaned: String = code
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let body = cleaned.strip_prefix(CODE_PREFIX).ok_or_else(bad)?;
        let b = unbase32(&body.replace('-', "")).ok_or_else(bad)?;
        if b.len() != 75 {
            return Err(bad());
        }
        let sum = Sha256::digest(&b[..73]);
        if sum[..2] != b[73..75] {
            return Err(Error::invalid("invite code", "the code has a typo (its checksum does not match). Copy the whole code from the lead again."));
        }
        let arr = |r: std::ops::Range<usize>| b.get(r).unwrap_or_default().to_vec();
        let uuid = |r| uuid::Uuid::from_slice(&arr(r)).map_err(|_| bad());
        let mut lead_key = [0u8; 32];
        lead_key.copy_from_slice(&arr(16..48));
        let mut nonce = [0u8; 8];
        nonce.copy_from_slice(&arr(64..72));
        Ok(Invite {
            team: uuid(0..16)?,
            lead_key,
            person: uuid(48..64)?,
            nonce,
            role: match b[72] {
                1 => Role::Lead,
                2 => Role::Reviewer,
                _ => Role::Ambassador,
            },
        })
    }
}

fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((acc >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((acc << (5 - bits)) & 31) as usize]));
    }
    out
}

fn unbase32(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let c = match c {
            b'O' => b'0',
            b'I' | b'L' => b'1',
            other => other,
        };
        let v = ALPHABET.iter().position(|&a| a == c)?;
        acc = (acc << 5) | u32::try_from(v).ok()?;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}

/// A device asking to be admitted, as it leaves it in the shared place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinRequest {
    /// The team.
    pub team: String,
    /// The invite's nonce (hex).
    pub nonce: String,
    /// The person invited.
    pub person_id: String,
    /// The device's public key (hex).
    pub key: String,
    /// Its name.
    pub device_name: String,
}

impl JoinRequest {
    /// Where it is left: `team/join-<fingerprint>.json`.
    pub fn file_name(fingerprint: &str) -> String {
        format!("team/join-{fingerprint}.json")
    }

    /// Signed by the joining device.
    pub fn sign(&self, key: &DeviceKey) -> Result<Vec<u8>> {
        let body = serde_json::to_string(self)
            .map_err(|e| Error::invalid("join request", e.to_string()))?;
        let sig = key.sign_document(JOIN_CONTEXT, body.as_bytes());
        serde_json::to_vec_pretty(&SignedDoc {
            body,
            signature: hex(&sig),
        })
        .map_err(|e| Error::invalid("join request", e.to_string()))
    }

    /// Reads one, checking it is signed by the key it names; `None` otherwise.
    pub fn verify(bytes: &[u8]) -> Option<JoinRequest> {
        let doc: SignedDoc = serde_json::from_slice(bytes).ok()?;
        let req: JoinRequest = serde_json::from_str(&doc.body).ok()?;
        let key = unhex::<32>(&req.key)?;
        let sig = unhex::<64>(&doc.signature)?;
        verify_document(&key, JOIN_CONTEXT, doc.body.as_bytes(), &sig).then_some(req)
    }

    /// The fingerprint of the requesting device.
    pub fn fingerprint(&self) -> Option<String> {
        unhex::<32>(&self.key).map(|k| fingerprint(&k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invite() -> Invite {
        Invite {
            team: uuid::Uuid::from_u128(7),
            lead_key: DeviceKey::from_secret(&[3; 32]).public(),
            person: uuid::Uuid::from_u128(99),
            nonce: [1, 2, 3, 4, 5, 6, 7, 8],
            role: Role::Ambassador,
        }
    }

    #[test]
    fn invite_codes_round_trip_and_catch_typos() {
        let code = invite().code();
        assert!(code.starts_with("TSU1-"));
        assert_eq!(Invite::parse(&code).unwrap(), invite());
        assert_eq!(
            Invite::parse(&format!("  {}\n", code.to_lowercase())).unwrap(),
            invite()
        );
        let mut typo = code.clone().into_bytes();
        let i = typo.len() - 10;
        typo[i] = if typo[i] == b'A' { b'B' } else { b'A' };
        let err = Invite::parse(&String::from_utf8(typo).unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.contains("typo"), "{err}");
        let cut = Invite::parse(&code[..40]).unwrap_err().to_string();
        assert!(cut.contains("not a complete"), "{cut}");
    }

    #[test]
    fn a_roster_verifies_only_with_the_lead_key() {
        let lead = DeviceKey::from_secret(&[3; 32]);
        let other = DeviceKey::from_secret(&[4; 32]);
        let r = Roster {
            team: "t".into(),
            version: 2,
            lead_key: hex(&lead.public()),
            members: vec![],
        };
        let signed = r.sign(&lead).unwrap();
        assert_eq!(Roster::verify(&signed, &lead.public(), "t").unwrap(), r);
        let forged = r.sign(&other).unwrap();
        assert!(Roster::verify(&forged, &lead.public(), "t").is_err());
        let text = String::from_utf8(signed)
            .unwrap()
            .replace("\\\"version\\\":2", "\\\"version\\\":3");
        assert!(
            Roster::verify(text.as_bytes(), &lead.public(), "t").is_err(),
            "an edited roster is refused"
        );
    }

    #[test]
    fn join_requests_are_signed_by_their_device() {
        let key = DeviceKey::from_secret(&[5; 32]);
        let req = JoinRequest {
            team: "t".into(),
            nonce: "00".into(),
            person_id: "p".into(),
            key: hex(&key.public()),
            device_name: "laptop".into(),
        };
        let bytes = req.sign(&key).unwrap();
        assert_eq!(JoinRequest::verify(&bytes), Some(req.clone()));
        let mut other = req;
        other.key = hex(&DeviceKey::from_secret(&[6; 32]).public());
        let doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let swapped = serde_json::json!({ "body": serde_json::to_string(&other).unwrap(), "signature": doc["signature"] });
        assert_eq!(JoinRequest::verify(swapped.to_string().as_bytes()), None);
    }
}
