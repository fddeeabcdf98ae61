//! LinkedIn's adapter: who a token posts as, and a post's text and images through the
//! client in `platforms::linkedin`.

use super::Adapter;
use crate::ids::PostId;
use crate::model::Platform;
use crate::platforms::http::RateState;
use crate::platforms::linkedin::{escape_little, remote, text_of, Client};
use crate::platforms::{Counts, Failure, FailureKind, Problem, Remote};
use crate::publish::accounts::Account;
use crate::publish::images::Limits;
use crate::publish::tokens::Identity;
use crate::secrets::SecretStore;
use crate::workspace::Workspace;
use std::collections::HashMap;
use std::sync::atomic::Ordering;

/// LinkedIn's limit on an image is not published; stay well under common sizes.
const LINKEDIN_IMAGES: Limits = Limits {
    max_bytes: 8_000_000,
    max_side: 4096,
};

/// Who a token posts as: the organisation page when one is named, else the member.
pub(crate) fn identify(
    api: &str,
    token: &str,
    organisation: Option<&str>,
) -> Result<Identity, Failure> {
    let c = Client::new(api)?;
    let (remote_id, handle) = match organisation {
        Some(org) => {
            let (v, _) = c.call(
                c.req(
                    reqwest::Method::GET,
                    &format!("/rest/organizations/{org}"),
                    token,
                ),
                false,
            )?;
            (
                format!("urn:li:organization:{org}"),
                text_of(&v, "localizedName"),
            )
        }
        None => {
            let (v, _) = c.call(c.req(reqwest::Method::GET, "/v2/userinfo", token), false)?;
            let sub = text_of(&v, "sub");
            if sub.is_empty() {
                return Err(Failure::Permanent(Problem::new(FailureKind::Reconnect,
                    "LinkedIn did not say who the token belongs to; make the token with the openid and profile scopes.".into(),
                )));
            }
            (format!("urn:li:person:{sub}"), text_of(&v, "name"))
        }
    };
    Ok(Identity {
        remote_id,
        handle,
        access: token.to_string(),
        expires_in: None,
    })
}

/// A LinkedIn member or organisation.
pub(crate) struct Linkedin(pub(crate) Client);

impl Adapter for Linkedin {
    fn publish(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        post: PostId,
        _key: &str,
        interrupted: bool,
    ) -> Result<Remote, Failure> {
        self.0
            .now_ms
            .store(ws.clock().now().timestamp_millis(), Ordering::Relaxed);
        let author = account.remote_id.clone().unwrap_or_default();
        let commentary = escape_little(&ws.text_for(post, Platform::Linkedin)?);
        if interrupted {
            if let Some(found) =
                ws.with_token(secrets, account, |t| self.0.find(t, &author, &commentary))?
            {
                return Ok(found);
            }
        }
        let images = ws.prepared_images(post, LINKEDIN_IMAGES)?;
        let sent = ws.with_token(secrets, account, |t| {
            let mut uploaded = Vec::new();
            for (bytes, mime, alt) in &images {
                uploaded.push((self.0.upload(t, &author, bytes.clone(), mime)?, alt.clone()));
            }
            self.0.create(t, &author, &commentary, &uploaded)
        });
        // "Content is a duplicate of urn:li:share:…": that one is ours.
        let named = match &sent {
            Err(Failure::Permanent(m)) if m.is("duplicate") => m
                .detail
                .split_whitespace()
                .find(|w| w.starts_with("urn:li:"))
                .map(|urn| remote(urn.trim_end_matches(['.', ')', ',']).to_string())),
            _ => None,
        };
        super::settle_duplicate(sent, || match named {
            Some(found) => Ok(Some(found)),
            None => ws.with_token(secrets, account, |t| self.0.find(t, &author, &commentary)),
        })
    }

    fn delete(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        remote: &str,
    ) -> Result<(), Failure> {
        ws.with_token(secrets, account, |t| self.0.delete(t, remote))
    }

    /// The post itself, by its URN (organisation statistics leave out a post with no
    /// activity yet).
    fn read_back(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        remote: &str,
    ) -> Result<bool, Failure> {
        ws.with_token(secrets, account, |t| self.0.exists(t, remote))
    }

    fn counts(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        remotes: &[&str],
    ) -> Result<HashMap<String, Counts>, Failure> {
        let author = account.remote_id.clone().unwrap_or_default();
        if author.starts_with("urn:li:organization:") {
            let mut out = HashMap::new();
            for batch in remotes.chunks(20) {
                out.extend(
                    ws.with_token(secrets, account, |t| self.0.org_counts(t, &author, batch))?,
                );
            }
            return Ok(out);
        }
        super::one_by_one(
            remotes,
            |p| p.status == Some(404),
            |urn| ws.with_token(secrets, account, |t| self.0.member_counts(t, urn)),
        )
    }

    fn rate(&self) -> RateState {
        self.0.http.rate()
    }
}
