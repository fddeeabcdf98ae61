//! Taking a published post down again: when someone withdraws their consent or leaves, the
//! roster's impact list can ask each platform the post went to to delete it. Deleting is done
//! by the platform's own API with the account's keychain credentials; a job whose post is gone
//! becomes `deleted` (kept, with when and by whom, in the change log), so the calendar and the
//! report never count it as live. A platform that refuses leaves the job as it was and says why.

use super::adapters::adapter_for;
use super::Failure;
use crate::error::{Error, Result};
use crate::ids::PostId;
use crate::model::Platform;
use crate::publish::{FailureKind, Problem};
use crate::secrets::SecretStore;
use crate::store::{write::val, Source};
use crate::workspace::Workspace;

/// What asking the platforms to delete a post did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct Withdrawal {
    /// Platforms that deleted the post (or no longer had it).
    pub deleted: Vec<Platform>,
    /// Platforms that refused or could not be reached, with what kind of problem and its
    /// detail.
    pub failed: Vec<(Platform, Problem)>,
}

impl Workspace {
    /// Asks every platform the post was published to to delete it.
    pub fn delete_from_platforms(
        &mut self,
        source: Source,
        secrets: &dyn SecretStore,
        post: PostId,
    ) -> Result<Withdrawal> {
        let jobs = super::outbox::post_jobs(self.store().conn(), post)?;
        if !jobs.iter().any(|j| j.state == "published") {
            return Err(Error::invalid(
                "post",
                "This post is not published on any platform, so there is nothing to delete there. Hold it back instead.",
            ));
        }
        let mut out = Withdrawal::default();
        for job in jobs.into_iter().filter(|j| j.state == "published") {
            let account: Option<String> = self.store().conn().query_row(
                "SELECT account_id FROM publish_jobs WHERE id = ?1",
                [job.id.as_string()],
                |r| r.get(0),
            )?;
            let account = account
                .as_deref()
                .and_then(crate::ids::RowId::parse)
                .map(|a| {
                    crate::publish::accounts::account(self.store().conn(), self.clock().now(), a)
                })
                .transpose()?;
            let remote = job.remote_id.clone().unwrap_or_default();
            let result = match account {
                None => Err(Failure::Permanent(Problem::new(
                    FailureKind::Other,
                    "the account it was published with is no longer known".into(),
                ))),
                Some(a) => adapter_for(&a).and_then(|p| p.delete(self, secrets, &a, &remote)),
            };
            match result {
                Ok(()) => {
                    let ctx = self.ctx(None, source);
                    self.store_mut().write(&ctx, |w| {
                        w.update(
                            "publish_jobs",
                            &[("id", val::text(job.id.as_string()))],
                            &[("state", val::text("deleted"))],
                        )
                    })?;
                    out.deleted.push(job.platform);
                }
                Err(f) => out
                    .failed
                    .push((job.platform, Problem::new(f.kind(), f.reason()))),
            }
        }
        Ok(out)
    }
}
