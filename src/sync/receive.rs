//! Receiving: reading a device's new segments from the shared place, verified whole and in
//! order (a gap or a partial copy waits, a damaged or forged segment is refused), and the
//! photos that travel beside the log.

use super::engine::locator;
use super::ops::{unhex, Batch};
use super::seal::{Opened, SealedTransport};
use super::segment::{read_segment, Entry, Head};
use super::transport::Transport;
use crate::error::{Error, Result};
use crate::Workspace;
use rusqlite::OptionalExtension;

pub(super) struct Received {
    pub device: String,
    pub entry: Entry,
    pub batch: Batch,
}

/// Reads a device's segments after `head`, stopping at the first that does not verify.
pub(super) fn read_log(
    t: &SealedTransport<'_>,
    key_hex: &str,
    head: Head,
    waiting: &mut Vec<String>,
    refused: &mut Vec<(String, u64, String)>,
    max_hlc: u64,
) -> Result<Vec<Received>> {
    let Some(key) = unhex::<32>(key_hex) else {
        return Ok(Vec::new());
    };
    let loc = locator(key_hex);
    let mut names: Vec<(u64, u64, String)> = t
        .list(&format!("log/{loc}/"))?
        .into_iter()
        .filter_map(|n| {
            let range = n.rsplit('/').next()?.strip_suffix(".seg")?;
            let (a, b) = range.split_once('-')?;
            Some((a.parse().ok()?, b.parse().ok()?, n))
        })
        .filter(|(_, to, _)| *to > head.0)
        .collect();
    names.sort();
    let mut out = Vec::new();
    let mut at = head;
    for (from, _, name) in names {
        if from <= at.0 {
            continue;
        }
        let bytes = match t.fetch(&name) {
            Ok(Opened::Sealed(b) | Opened::Plain(b)) => b,
            Ok(Opened::Incomplete) => {
                waiting.push(format!("{loc}: {name} is incomplete"));
                continue;
            }
            Ok(Opened::Altered) => {
                refused.push((
                    key_hex.to_string(),
                    from,
                    format!("{name}: {}", super::segment::Rejected::Checksum),
                ));
                continue;
            }
            Ok(Opened::NotForMe) => {
                waiting.push(format!(
                    "{loc}: {name} is sealed with a key this device does not hold"
                ));
                break;
            }
            Err(Error::NotFound { .. }) => break,
            // Unreadable now, or larger than any segment may be: this device's log waits
            // here, with the reason, and the rest of the round goes on.
            Err(e) => {
                waiting.push(format!("{loc}: {name} cannot be read ({e})"));
                break;
            }
        };
        match read_segment(&bytes, &key, at) {
            Ok(entries) => {
                for entry in entries {
                    at = (entry.seq, entry.hash);
                    // A clock reading far in the future would win every later conflict and
                    // push every device's clock after it: its changes are refused (the log
                    // goes on after it, so nothing stalls).
                    if entry.hlc > max_hlc {
                        refused.push((key_hex.to_string(), entry.seq, format!("{name}: entry {} is dated more than a year ahead of this device's clock; its changes were not applied", entry.seq)));
                        // Received with no changes, so the log's head moves past it.
                        out.push(Received {
                            device: key_hex.to_string(),
                            entry,
                            batch: Batch {
                                v: 1,
                                schema: crate::store::SCHEMA_VERSION,
                                seen: Default::default(),
                                made_at: String::new(),
                                base: false,
                                ops: Vec::new(),
                                plain_at: Vec::new(),
                                sealed: Vec::new(),
                            },
                        });
                        continue;
                    }
                    match Batch::decode(&entry.payload) {
                        Some(batch) => out.push(Received {
                            device: key_hex.to_string(),
                            entry,
                            batch,
                        }),
                        None => {
                            refused.push((key_hex.to_string(), at.0, format!("{name}: entry {} is not a Tsunagu change (sent by a newer version?)", at.0)));
                            return Ok(out);
                        }
                    }
                }
            }
            Err(super::segment::Rejected::Gap { expected, found }) => {
                waiting.push(format!(
                    "{loc}: changes {expected}–{} missing",
                    found.saturating_sub(1)
                ));
                break;
            }
            // A file that is not this device's segment (half-copied, junk, forged) is passed
            // over: the real segment may sit under another name for the same numbers, and
            // when none does the next one is a gap, which waits.
            Err(super::segment::Rejected::Torn) => {
                waiting.push(format!("{loc}: {name} is incomplete"));
            }
            Err(why) => {
                refused.push((key_hex.to_string(), from, format!("{name}: {why}")));
            }
        }
    }
    Ok(out)
}

/// Photos travel as content-addressed files beside the log: every image this device has
/// goes up once, before the entry that names it, sealed to the audiences of the posts and
/// material that use it (see [`super::audience`]), and every image named here but missing is
/// fetched (checked against its hash). A missing file never blocks the log; it is fetched in
/// a later round. A photo is read again only when its audience has changed since this device
/// last sealed or read it; the lead then seals it again to the new audience (a draft's photo
/// once the post is published), and anything else under a photo's name is replaced by it.
pub(super) fn exchange_media(
    ws: &Workspace,
    t: &SealedTransport<'_>,
    me: Option<&str>,
    root: bool,
) -> Result<()> {
    let there: std::collections::HashSet<String> = t
        .list("media/")?
        .into_iter()
        .filter_map(|n| n.strip_prefix("media/").map(str::to_string))
        .collect();
    let conn = ws.store().conn();
    let dir = crate::media::root(ws.dir());
    // Every photo's audience is judged each round: from an index read once, not a scan of
    // the material table per photo.
    let stored = super::audience::Stored::indexed(conn)?;
    for (sha, path) in crate::media::files(conn, &dir)? {
        let name = format!("media/{sha}");
        let labels = super::audience::photo_audience(&stored, &sha, me)?.labels();
        let tag = labels
            .as_ref()
            .map_or_else(|| "team".to_string(), |l| l.join(" "));
        let known: Option<String> = conn
            .prepare_cached("SELECT audience FROM sync_photos WHERE sha256 = ?1")?
            .query_row([&sha], |r| r.get(0))
            .optional()?;
        let record = |tag: &str| -> Result<()> {
            conn.prepare_cached(
                "INSERT INTO sync_photos (sha256, audience) VALUES (?1, ?2)
                 ON CONFLICT (sha256) DO UPDATE SET audience = excluded.audience",
            )?
            .execute([&sha, tag])?;
            Ok(())
        };
        let put = |bytes: &[u8]| match &labels {
            Some(l) => t.put_sealed_to(&name, l, bytes),
            None => t.put_head(&name, bytes),
        };
        if path.exists() {
            if there.contains(&sha) && known.as_deref() == Some(tag.as_str()) {
                continue;
            }
            let bytes = std::fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
            if !there.contains(&sha) {
                put(&bytes)?;
            } else {
                match t.fetch(&name) {
                    // The photo itself: the lead seals it to the audience it has now.
                    Ok(Opened::Sealed(b) | Opened::Plain(b)) if hash_is(&b, &sha) => {
                        if root {
                            put(&bytes)?;
                        }
                    }
                    // Sealed to others (a device that is not the lead only reads).
                    Ok(Opened::NotForMe) if !root => {}
                    // Something else under a photo's name (junk, a damaged copy): the photo's
                    // own bytes replace it; its name is its content hash, so nothing real is
                    // lost. A copy still arriving is left alone.
                    Ok(Opened::Incomplete) => continue,
                    Ok(_) => put(&bytes)?,
                    Err(Error::NotFound { .. }) => put(&bytes)?,
                    Err(e) => return Err(e),
                }
            }
            record(&tag)?;
        } else if there.contains(&sha) {
            // A damaged, oversized, unreadable or not-yet-shared copy waits for the next round;
            // the row is there meanwhile and the photo shows as missing.
            if let Ok(Opened::Sealed(bytes) | Opened::Plain(bytes)) = t.fetch(&name) {
                if crate::media::receive_file(&dir, &sha, &path, &bytes).is_ok() {
                    record(&tag)?;
                }
            }
        }
    }
    Ok(())
}

/// Whether `bytes` hash to `sha` (64 lower-case hex digits).
fn hash_is(bytes: &[u8], sha: &str) -> bool {
    use sha2::{Digest, Sha256};
    format!("{:x}", Sha256::digest(bytes)) == sha
}
