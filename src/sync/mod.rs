//! Team sync: ambassadors draft offline on their own laptops and exchange signed, append-only
//! logs of changes with the lead through a shared place (a folder first).
//!
//! - [`transport`]: the shared place behind one small trait; stray files are ignored and every
//!   file appears whole or not at all.
//! - [`seal`]: what sits in the shared place is sealed to the admitted devices (age).
//! - [`audience`]: which of them may read each change (an ambassador's laptop gets the plan,
//!   its person's own work and what the lead shares).
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
pub mod audience;
mod causal;
pub mod compact;
pub mod engine;
pub mod join;
mod keybook;
pub mod ops;
pub mod permit;
pub mod receive;
pub mod remote;
pub mod seal;
pub mod segment;
mod send;
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

/// Whether `address` may carry the team's password and files: `https://` anywhere, `http://`
/// only to this computer (a test server, a local proxy). `field` names it in the refusal.
fn check_address(field: &str, address: &str) -> Result<()> {
    let url = url::Url::parse(address.trim()).map_err(|_| {
        crate::error::Error::invalid(
            field,
            format!("{address} is not an address; give the full https:// address"),
        )
    })?;
    let local = match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => Ok(()),
        "http" if local => Ok(()),
        "http" => Err(crate::error::Error::refused(
            crate::Rule::InsecureTeamServer,
            field,
            format!("{address} is plain http://, which would send the password and every file of the team in the clear; use the server's https:// address"),
        )),
        other => Err(crate::error::Error::invalid(
            field,
            format!("{other}:// is not a web address; give the server's https:// address"),
        )),
    }
}

impl Place {
    /// Refuses a place that would expose the team: an address over plain `http://` to another
    /// machine, or a folder that is not a full path. Checked before a secret is kept and
    /// before every opening, so a place saved before this rule is refused too, with what to do.
    pub fn validate(&self) -> Result<()> {
        match self {
            Place::Folder { path } => {
                if path.trim().is_empty() || !std::path::Path::new(path.trim()).is_absolute() {
                    return Err(crate::error::Error::invalid(
                        "folder",
                        "give the shared folder's full path",
                    ));
                }
                Ok(())
            }
            Place::S3 {
                endpoint,
                bucket,
                access_key_id,
                ..
            } => {
                check_address("endpoint", endpoint)?;
                if bucket.trim().is_empty() || access_key_id.trim().is_empty() {
                    return Err(crate::error::Error::invalid(
                        "bucket",
                        "give the bucket and the access key id",
                    ));
                }
                Ok(())
            }
            Place::WebDav { url, user } => {
                check_address("url", url)?;
                if user.trim().is_empty() {
                    return Err(crate::error::Error::invalid("user", "give the user name"));
                }
                Ok(())
            }
        }
    }

    /// The place as typed, with spaces around each field removed and an empty S3 region
    /// meaning AWS's default one.
    pub fn tidied(self) -> Place {
        let trim = |s: String| s.trim().to_string();
        match self {
            Place::Folder { path } => Place::Folder { path: trim(path) },
            Place::S3 {
                endpoint,
                bucket,
                region,
                access_key_id,
                prefix,
            } => Place::S3 {
                endpoint: trim(endpoint),
                bucket: trim(bucket),
                region: match region.trim() {
                    "" => "us-east-1".to_string(),
                    r => r.to_string(),
                },
                access_key_id: trim(access_key_id),
                prefix: trim(prefix),
            },
            Place::WebDav { url, user } => Place::WebDav {
                url: trim(url),
                user: trim(user),
            },
        }
    }

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
        self.validate()?;
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

/// The id of the stand-in workspace row a device that joined a sealed team holds until the
/// lead admits it and the team's own row arrives.
pub const PLACEHOLDER_WORKSPACE: &str = "00000000-0000-0000-0000-000000000000";

/// Whether this device joined a sealed team and holds none of its data yet (its workspace row
/// is the stand-in).
pub fn awaiting_team_data(conn: &rusqlite::Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM workspace WHERE id = ?1)",
        [PLACEHOLDER_WORKSPACE],
        |r| r.get(0),
    )?)
}

/// On an ambassador's or a reviewer's device, the person its writes act as (everything
/// written there is checked at the source as the team would check it).
pub(crate) fn acting_ambassador(
    conn: &rusqlite::Connection,
    device: DeviceId,
) -> Result<Option<PersonId>> {
    let row: Option<Option<String>> = conn
        .query_row(
            "SELECT coalesce(d.person_id, t.person_id) FROM sync_team t, devices d WHERE t.role IN ('ambassador', 'reviewer') AND d.id = ?1",
            [device.as_string()],
            |r| r.get(0),
        )
        .optional()?;
    Ok(row.flatten().as_deref().and_then(PersonId::parse))
}

#[cfg(test)]
mod place_tests {
    use super::*;

    fn webdav(url: &str) -> Place {
        Place::WebDav {
            url: url.into(),
            user: "lead".into(),
        }
    }

    #[test]
    fn plain_http_is_refused_unless_the_server_is_this_computer() {
        assert!(webdav("https://dav.example.co.jp/sns").validate().is_ok());
        assert!(webdav("http://127.0.0.1:8080/dav").validate().is_ok());
        assert!(webdav("http://localhost/dav").validate().is_ok());
        assert!(webdav("http://[::1]:9/dav").validate().is_ok());
        for bad in [
            "http://dav.example.co.jp/sns",
            "http://192.168.1.10/dav",
            "http://127.0.0.1.example.com/",
        ] {
            let err = webdav(bad).validate().unwrap_err();
            assert_eq!(
                err.rule(),
                Some(crate::Rule::InsecureTeamServer),
                "{bad}: {err}"
            );
        }
        assert!(webdav("ftp://x/").validate().is_err());
        assert!(webdav("dav.example.co.jp").validate().is_err());
        let s3 = |endpoint: &str| Place::S3 {
            endpoint: endpoint.into(),
            bucket: "b".into(),
            region: "r".into(),
            access_key_id: "k".into(),
            prefix: String::new(),
        };
        assert!(s3("https://s3.ap-northeast-1.amazonaws.com")
            .validate()
            .is_ok());
        assert_eq!(
            s3("http://minio.office.lan:9000")
                .validate()
                .unwrap_err()
                .rule(),
            Some(crate::Rule::InsecureTeamServer)
        );
        assert!(Place::Folder {
            path: "relative/team".into()
        }
        .validate()
        .is_err());
        // Opening checks too: a place saved before the rule is refused with what to do.
        let secrets = crate::secrets::MemorySecrets::default();
        assert!(webdav("http://dav.example.co.jp/")
            .open(&secrets, chrono::DateTime::from_timestamp(0, 0).unwrap())
            .is_err());
    }
}
