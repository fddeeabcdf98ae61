//! Team sync: ambassadors draft offline on their own laptops and exchange signed, append-only
//! logs of changes with the lead through a shared place (a folder first).
//!
//! - [`transport`]: the shared place behind one small trait; stray files are ignored and every
//!   file appears whole or not at all.
//! - [`segment`]: the signed, hash-chained entries of one device's log.
//! - [`team`]: the lead-signed roster, invite codes and join requests.
//! - [`ops`]: what an entry says (a batch of row changes from the write path's change log).
//! - [`tables`]: what travels and who may change it.
//! - [`permit`]: who may make a change; [`apply`]: field versions, conflicts, quarantine.
//! - [`engine`]: one round, send then receive; [`receive`]: reading and verifying logs.
//! - [`api`]: the workspace's team commands (`team create/invite/admit/revoke/status/place`,
//!   `sync`); [`join`]: joining; [`views`]: conflicts and quarantine.

pub mod api;
pub mod apply;
pub mod approvals;
mod causal;
pub mod engine;
pub mod join;
pub mod ops;
pub mod permit;
pub mod receive;
pub mod remote;
pub mod segment;
pub mod state;
pub mod status;
pub mod tables;
pub mod team;
pub mod transport;
pub mod validate;
pub mod views;

use crate::error::Result;
use crate::ids::{DeviceId, PersonId};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where the team's files are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Place {
    /// A folder everyone can reach: a network share, a cloud-drive folder, a USB stick.
    Folder {
        /// Its path on this device.
        path: String,
    },
    /// A bucket on S3-compatible storage; the secret key is in the keychain.
    S3 {
        /// The endpoint (`https://s3.ap-northeast-1.amazonaws.com`).
        endpoint: String,
        /// The bucket.
        bucket: String,
        /// Its region.
        region: String,
        /// The access key id.
        access_key_id: String,
        /// A folder inside the bucket (may be empty).
        prefix: String,
    },
    /// A folder on a WebDAV server; the password is in the keychain.
    WebDav {
        /// The folder's address.
        url: String,
        /// The user name.
        user: String,
    },
}

impl Place {
    /// Where its secret (S3 secret key, WebDAV password) is kept in the keychain.
    pub fn secret_name(&self) -> String {
        format!("sync-place/{}", self.describe())
    }

    /// Opens the transport at `now` (fails with what to do when the place is unreachable).
    pub fn open(
        &self,
        secrets: &dyn crate::secrets::SecretStore,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Box<dyn transport::Transport>> {
        let secret = || -> Result<String> {
            secrets.get(&self.secret_name())?.ok_or_else(|| crate::error::Error::invalid("team server", format!("no password or secret key for {} is in the keychain; set the team's place again with it.", self.describe())))
        };
        match self {
            Place::Folder { path } => Ok(Box::new(transport::FolderTransport::new(
                std::path::Path::new(path),
            )?)),
            Place::S3 {
                endpoint,
                bucket,
                region,
                access_key_id,
                prefix,
            } => {
                let cfg = crate::platforms::s3::BucketConfig {
                    endpoint: endpoint.clone(),
                    bucket: bucket.clone(),
                    region: region.clone(),
                    access_key_id: access_key_id.clone(),
                    virtual_hosted: false,
                };
                Ok(Box::new(remote::S3Transport::new(
                    cfg,
                    &secret()?,
                    prefix,
                    now,
                )?))
            }
            Place::WebDav { url, user } => Ok(Box::new(remote::WebDavTransport::new(
                url,
                user,
                &secret()?,
            )?)),
        }
    }

    /// How it is shown.
    pub fn describe(&self) -> String {
        match self {
            Place::Folder { path } => path.clone(),
            Place::S3 {
                endpoint,
                bucket,
                prefix,
                ..
            } => format!("s3://{bucket}/{prefix} ({endpoint})"),
            Place::WebDav { url, user } => format!("{user}@{url}"),
        }
    }
}

/// On an ambassador's or a reviewer's device, the person its writes act as (everything
/// written there is checked at the source as the team would check it).
pub(crate) fn acting_ambassador(
    conn: &rusqlite::Connection,
    device: DeviceId,
) -> Result<Option<PersonId>> {
    let row: Option<Option<String>> = conn
        .query_row(
            "SELECT d.person_id FROM sync_team t, devices d WHERE t.role IN ('ambassador', 'reviewer') AND d.id = ?1",
            [device.as_string()],
            |r| r.get(0),
        )
        .optional()?;
    Ok(row.flatten().as_deref().and_then(PersonId::parse))
}
