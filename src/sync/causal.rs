//! Applying received batches in causal order: a batch waits until everything it had seen is
//! applied here; a change from a newer Tsunagu stops its device's log until this device is
//! updated; refusals go to the quarantine with their reason.

use super::apply::{self, Author, Columns, Outcome, Version};
use super::engine::locator;
use super::ops::hex;
use super::receive::Received;
use super::segment::Head;
use super::state::{self, TeamState};
use super::team::{Role, Roster};
use crate::error::Result;
use crate::store::Writer;
use std::collections::HashMap;

/// Applies received batches, each only once everything it had seen is applied here.
#[allow(clippy::too_many_arguments)]
pub(super) fn apply_causally(
    w: &mut Writer<'_>,
    cols: &Columns,
    st: &TeamState,
    roster: &Roster,
    received: Vec<Received>,
    applied: &mut HashMap<String, Head>,
    now_text: &str,
    quarantined: &mut u32,
    waiting: &mut Vec<String>,
    reviewed: &mut Vec<String>,
) -> Result<(u32, u64)> {
    let mut queue = received;
    // Devices whose log waits at a change from a newer Tsunagu: nothing later from them is
    // applied in this round.
    let mut held: Vec<String> = Vec::new();
    let mut count = 0u32;
    let mut hlc = st.hlc;
    loop {
        let mut progressed = false;
        let mut rest = Vec::with_capacity(queue.len());
        for r in queue {
            let have = applied.get(&r.device).map_or(0, |h| h.0);
            let ready = r.entry.seq == have + 1
                && r.batch.seen.iter().all(|(d, s)| {
                    if *d == st.device_key {
                        st.log_seq >= *s
                    } else {
                        applied.get(d).map_or(0, |h| h.0) >= *s
                    }
                });
            if !ready || held.contains(&r.device) {
                rest.push(r);
                continue;
            }
            let member = roster.member(&r.device);
            let role = if r.device == hex(&st.lead_key) {
                Role::Lead
            } else {
                member.map_or(Role::Ambassador, |m| m.role)
            };
            let author = Author {
                role,
                person: member.and_then(|m| m.person_id.as_deref()),
                device: Some(&r.device),
            };
            let revoked = member
                .and_then(|m| m.revoked_through)
                .is_some_and(|through| r.entry.seq > through);
            let ver = Version {
                device: &r.device,
                seq: r.entry.seq,
                hlc: r.entry.hlc,
                seen: &r.batch.seen,
                base: r.batch.base,
            };
            if !revoked
                && r.batch
                    .ops
                    .iter()
                    .any(|op| cols.from_newer(op, r.batch.schema))
            {
                // Kept, not refused: the log is read again from here each round, and applied
                // once this device runs a Tsunagu that knows these columns.
                waiting.push(format!(
                    "{}: change {} comes from a newer Tsunagu and waits; update Tsunagu on this device to apply it and what follows",
                    locator(&r.device),
                    r.entry.seq
                ));
                held.push(r.device.clone());
                continue;
            }
            for (i, op) in r.batch.ops.iter().enumerate() {
                let idx = i64::try_from(i).unwrap_or(i64::MAX);
                let outcome = if revoked {
                    Outcome::Refused(
                        "the device was removed from the team; its later changes are not applied"
                            .into(),
                    )
                } else {
                    apply::apply(w, cols, author, &ver, op)?
                };
                match outcome {
                    Outcome::Applied => {
                        count += 1;
                        // A reviewer's approval from their own laptop: the lead's device
                        // makes the publish jobs, as it does for its own approvals.
                        if role == Role::Reviewer
                            && op.table == "review_log"
                            && op.fields.get("action").and_then(serde_json::Value::as_str)
                                == Some("approved")
                        {
                            if let Some(p) =
                                op.fields.get("post_id").and_then(serde_json::Value::as_str)
                            {
                                reviewed.push(p.to_string());
                            }
                        }
                    }
                    Outcome::Refused(why) => {
                        let body = serde_json::to_string(op).unwrap_or_default();
                        *quarantined += state::quarantine(
                            w.conn(),
                            &r.device,
                            r.entry.seq,
                            idx,
                            &why,
                            &body,
                            now_text,
                        )?;
                    }
                }
            }
            applied.insert(r.device.clone(), (r.entry.seq, r.entry.hash));
            // An entry passed over with no changes (dated too far ahead) moves no clock.
            if !r.batch.ops.is_empty() {
                hlc = hlc.max(r.entry.hlc);
            }
            progressed = true;
        }
        queue = rest;
        if !progressed || queue.is_empty() {
            break;
        }
    }
    Ok((count, hlc))
}
