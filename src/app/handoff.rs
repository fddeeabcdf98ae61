//! Posting by hand, LINE and the app guides: the app's surface for channels Tsunagu does not
//! send to itself (LINE VOOM, note, TikTok, and any account the lead marks as posted by hand),
//! for the LINE official account it broadcasts through, and for checking a company's own app
//! on a platform's developer site step by step.

use crate::error::Result;
use crate::ids::{PostId, RowId};
use crate::model::Platform;
use crate::publish::accounts::{self, Account};
use crate::publish::handoff::{self, Candidate, HandoffProblem, KitStep};
use crate::publish::line_account::{self, LineQuota};
use crate::secrets::SecretStore;
use crate::store::Source;
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An image of a kit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct KitImage {
    /// Its file name as attached.
    pub file_name: String,
    /// Its alt text.
    pub alt_text: String,
}

/// A 公開キット: everything a person needs to post one approved post by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct KitView {
    /// The job.
    pub job: RowId,
    /// The post.
    pub post: PostId,
    /// Its title.
    pub title: String,
    /// The channel.
    pub platform: Platform,
    /// The approved text, to paste as it is.
    pub text: String,
    /// The images, in order.
    pub images: Vec<KitImage>,
    /// The approved content's hash, sent back with the address.
    pub hash: String,
    /// The steps, in order.
    pub steps: Vec<KitStep>,
}

/// A kit, or why there is none (the post changed, is recorded already, or was taken back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct KitAnswer {
    /// The kit.
    pub kit: Option<KitView>,
    /// Why there is no kit.
    pub problem: Option<HandoffProblem>,
}

/// Posts waiting to be posted by hand, by time.
pub fn waiting(ws: &Workspace) -> Result<Vec<Candidate>> {
    handoff::waiting(ws)
}

/// The kit of a handed-off job, or why there is none.
pub fn kit(ws: &Workspace, job: RowId) -> Result<KitAnswer> {
    let found = handoff::kit(ws, job)?.map(|k| {
        let alt = k.images.iter().any(|(_, _, a)| !a.trim().is_empty());
        KitView {
            steps: handoff::steps(k.platform, k.images.len(), alt),
            job: k.job,
            post: k.post,
            title: k.title,
            platform: k.platform,
            text: k.text,
            images: k
                .images
                .into_iter()
                .map(|(_, file_name, alt_text)| KitImage {
                    file_name,
                    alt_text,
                })
                .collect(),
            hash: k.hash,
        }
    });
    Ok(match found {
        Ok(kit) => KitAnswer {
            kit: Some(kit),
            problem: None,
        },
        Err(p) => KitAnswer {
            kit: None,
            problem: Some(p),
        },
    })
}

/// The `n`-th image of a kit made for its channel: (bytes, MIME type, file name).
pub fn kit_image(ws: &Workspace, job: RowId, n: usize) -> Result<(Vec<u8>, String, String)> {
    handoff::kit_image(ws, job, n)
}

/// Records the address of a post made by hand from its kit: `None` when it was recorded,
/// else why not.
pub fn record(
    ws: &mut Workspace,
    source: Source,
    job: RowId,
    hash: &str,
    url: &str,
) -> Result<Option<HandoffProblem>> {
    Ok(handoff::record(ws, source, job, hash, url)?.err())
}

/// Marks an account as posted by hand, or as posted by Tsunagu again.
pub fn set_by_hand(
    ws: &mut Workspace,
    source: Source,
    id: RowId,
    by_hand: bool,
) -> Result<Account> {
    let ctx = ws.ctx(None, source);
    ws.store_mut()
        .write(&ctx, |w| accounts::set_by_hand(w, id, by_hand))?;
    accounts::account(ws.store().conn(), ws.clock().now(), id)
}

/// Connects a LINE official account with its channel access token.
pub fn connect_line(
    ws: &mut Workspace,
    source: Source,
    secrets: &dyn SecretStore,
    api: &str,
    token: &str,
) -> Result<Account> {
    line_account::connect(ws, source, secrets, api, token)
}

/// The month's LINE messages for a post's broadcast (asks LINE).
pub fn line_quota(
    ws: &Workspace,
    secrets: &dyn SecretStore,
    post: PostId,
) -> Result<Option<LineQuota>> {
    line_account::quota_for_post(ws, secrets, post)
}

/// What to register on a developer site for sign-in on `port`.
pub fn guide_facts(
    site: crate::publish::app_guide::GuideSite,
    port: u16,
) -> crate::publish::app_guide::GuideFacts {
    crate::publish::app_guide::facts(site, port)
}

/// Asks the platform whether it takes the app's client id with the callback on `port`.
pub fn check_app_client(
    site: crate::publish::app_guide::GuideSite,
    api: &str,
    client_id: &str,
    port: u16,
) -> Result<crate::publish::app_guide::GuideCheck> {
    use crate::publish::app_guide::GuideSite;
    let platform = match site {
        GuideSite::X => Platform::X,
        GuideSite::Linkedin => Platform::Linkedin,
        GuideSite::Meta => Platform::Facebook,
    };
    crate::publish::app_guide::check_client(platform, api, client_id, port)
}
