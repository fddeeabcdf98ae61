//! Facebook Pages through the Graph API: a Page token (from the company's token-exchange
//! endpoint or pasted), text and photo posts (photos uploaded as bytes, unpublished, then
//! attached to one feed post), and Facebook's own scheduling: a post more than a quarter of an
//! hour ahead is handed to Facebook with `scheduled_publish_time`, so it goes out even when
//! the laptop sleeps (see `handover`). Facebook has no idempotency key: before any retry of an
//! unknown outcome, and on 506 "duplicate", the Page's latest and scheduled posts are read and
//! one with exactly this text counts as ours.

use super::Adapter;
use crate::ids::PostId;
use crate::model::Platform;
use crate::platforms::graph::{self, text_of, Graph, GRAPH_VERSION};
use crate::platforms::http::RateState;
use crate::platforms::Counts;
use crate::platforms::{Failure, Remote};
use crate::platforms::{FailureKind, Problem};
use crate::publish::accounts::Account;
use crate::publish::images::Limits;
use crate::publish::tokens::Identity;
use crate::secrets::SecretStore;
use crate::workspace::Workspace;
use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use std::collections::HashMap;

/// Facebook recommends photos under 4 MB.
const FACEBOOK_IMAGES: Limits = Limits {
    max_bytes: 4_000_000,
    max_side: 4096,
};
/// Facebook takes a scheduled post at least ten minutes ahead; a little more is asked here.
const NATIVE_MIN_MINUTES: i64 = 11;

/// The Page a token speaks for: a Page token is the Page itself; a user token is traded for
/// the Page's own token (`/me/accounts`), which does not expire when the user token was
/// long-lived.
pub(crate) fn identify(api: &str, token: &str, page: Option<&str>) -> Result<Identity, Failure> {
    let g = Graph::new(api, GRAPH_VERSION, "Facebook")?;
    let me = g.get(token, "me", &[("fields", "id,name")])?;
    let me_id = text_of(&me, "id");
    if page.is_none_or(|p| p == me_id) {
        // A Page token, unless /me/accounts lists Pages (then it is a user token).
        match g.get(token, "me/accounts", &[("fields", "id,name,access_token")]) {
            Ok(v) => {
                let pages: Vec<&Value> = v["data"].as_array().into_iter().flatten().collect();
                if let [only] = pages.as_slice() {
                    return page_identity(only);
                }
                if !pages.is_empty() {
                    let list: Vec<String> = pages
                        .iter()
                        .map(|p| format!("{} ({})", text_of(p, "name"), text_of(p, "id")))
                        .collect();
                    return Err(Failure::Permanent(Problem::new(
                        FailureKind::Other,
                        format!(
                        "This token manages several Pages: {}. Give the id of the Page to connect.",
                        list.join(", ")
                    ),
                    )));
                }
            }
            Err(Failure::Expired) => return Err(Failure::Expired),
            Err(_) => {}
        }
        return Ok(Identity {
            remote_id: me_id,
            handle: text_of(&me, "name"),
            access: token.to_string(),
            expires_in: Some(0),
        });
    }
    let v = g.get(token, "me/accounts", &[("fields", "id,name,access_token")])?;
    let found = v["data"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| Some(text_of(p, "id").as_str()) == page);
    match found {
        Some(p) => page_identity(p),
        None => Err(Failure::Permanent(Problem::new(FailureKind::Other,
            "The token's user does not manage that Page, or did not grant pages_manage_posts for it. Check the Page id and the permissions.".into(),
        ))),
    }
}

fn page_identity(p: &Value) -> Result<Identity, Failure> {
    let access = text_of(p, "access_token");
    if access.is_empty() {
        return Err(Failure::Permanent(Problem::new(
            FailureKind::Other,
            "Facebook did not give the Page's token; the user needs the Page task CREATE_CONTENT."
                .into(),
        )));
    }
    Ok(Identity {
        remote_id: text_of(p, "id"),
        handle: text_of(p, "name"),
        access,
        expires_in: Some(0),
    })
}

/// A Facebook Page.
pub(crate) struct Facebook(pub(crate) Graph);

impl Facebook {
    fn page(account: &Account) -> String {
        account.remote_id.clone().unwrap_or_default()
    }

    /// The Page's post with this text among its latest and its scheduled ones.
    fn find(&self, token: &str, page: &str, text: &str) -> Result<Option<Remote>, Failure> {
        let same = |p: &Value| graph::same_caption(&text_of(p, "message"), text);
        let feed = self.0.find_in(
            token,
            &format!("{page}/feed"),
            "id,message,permalink_url",
            same,
        )?;
        if let Some(p) = feed {
            return Ok(Some(graph::remote(
                text_of(&p, "id"),
                Some(text_of(&p, "permalink_url")),
            )));
        }
        let held = self.0.find_in(
            token,
            &format!("{page}/scheduled_posts"),
            "id,message,scheduled_publish_time",
            same,
        )?;
        Ok(held.map(|p| {
            let at = p["scheduled_publish_time"]
                .as_i64()
                .and_then(|s| DateTime::from_timestamp(s, 0))
                .map(crate::clock::to_db_time);
            Remote {
                id: text_of(&p, "id"),
                url: None,
                scheduled_at: at,
            }
        }))
    }

    /// Uploads one photo, unpublished (and temporary when the post is scheduled).
    fn photo(
        &self,
        token: &str,
        page: &str,
        image: &(Vec<u8>, String, String),
        scheduled: bool,
    ) -> Result<String, Failure> {
        let (bytes, mime, alt) = image;
        let part = reqwest::blocking::multipart::Part::bytes(bytes.clone())
            .file_name("image")
            .mime_str(mime)
            .map_err(|e| {
                Failure::Permanent(Problem::new(
                    FailureKind::Image,
                    format!("the image type is not accepted ({e})"),
                ))
            })?;
        let mut form = reqwest::blocking::multipart::Form::new()
            .text("published", "false")
            .part("source", part);
        if scheduled {
            form = form.text("temporary", "true");
        }
        if !alt.trim().is_empty() {
            form = form.text("alt_text_custom", alt.clone());
        }
        let v = self.0.call(
            self.0
                .http
                .client
                .post(self.0.url(&format!("{page}/photos")))
                .bearer_auth(token)
                .multipart(form),
            false,
        )?;
        self.0.id_of(&v, "id")
    }
}

/// The first web address in a text, without trailing punctuation.
fn first_link(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || "（）「」、。".contains(c))
        .find(|w| w.starts_with("https://") || w.starts_with("http://"))
        .map(|w| w.trim_end_matches(['.', ',', ')', '!', '?']).to_string())
        .filter(|w| w.len() > "https://".len())
}

/// When a post goes out, if it is far enough ahead (`min_minutes`) for its platform to hold
/// it, and not beyond what Tsunagu hands over.
pub(crate) fn native_time(
    ws: &Workspace,
    post: PostId,
    min_minutes: i64,
) -> Result<Option<DateTime<Utc>>, Failure> {
    let at = ws
        .post(post)
        .map_err(|e| Failure::Permanent(Problem::new(FailureKind::Other, e.to_string())))?
        .scheduled_at
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc));
    let now = ws.clock().now();
    Ok(at.filter(|t| {
        *t - now >= Duration::minutes(min_minutes)
            && *t - now <= Duration::days(crate::publish::handover::HAND_OVER_MAX_DAYS + 1)
    }))
}

impl Adapter for Facebook {
    fn publish(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        post: PostId,
        _key: &str,
        interrupted: bool,
    ) -> Result<Remote, Failure> {
        self.0.at(ws.clock().now().timestamp_millis());
        let text = ws.text_for(post, Platform::Facebook)?;
        let page = Self::page(account);
        let native = native_time(ws, post, NATIVE_MIN_MINUTES)?;
        if interrupted {
            if let Some(found) = ws.with_token(secrets, account, |t| self.find(t, &page, &text))? {
                return Ok(found);
            }
        }
        let images = ws.prepared_images(post, FACEBOOK_IMAGES)?;
        let sent = ws.with_token(secrets, account, |token| {
            let mut form: Vec<(String, String)> = vec![("message".into(), text.clone())];
            for (i, image) in images.iter().enumerate() {
                let id = self.photo(token, &page, image, native.is_some())?;
                form.push((
                    format!("attached_media[{i}]"),
                    serde_json::json!({ "media_fbid": id }).to_string(),
                ));
            }
            // A link post: Facebook makes its preview card from `link` (photos and a link
            // cannot go together, so a post with photos keeps the address in its text only).
            if images.is_empty() {
                if let Some(url) = first_link(&text) {
                    form.push(("link".into(), url));
                }
            }
            if let Some(at) = native {
                form.push(("published".into(), "false".into()));
                form.push(("scheduled_publish_time".into(), at.timestamp().to_string()));
            }
            let pairs: Vec<(&str, String)> =
                form.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            let v = self.0.post(token, &format!("{page}/feed"), &pairs, true)?;
            let id = self.0.id_of(&v, "id")?;
            Ok(Remote {
                url: native
                    .is_none()
                    .then(|| format!("https://www.facebook.com/{id}")),
                id,
                scheduled_at: native.map(crate::clock::to_db_time),
            })
        });
        // Duplicate: an earlier attempt got through; its id is on the Page.
        super::settle_duplicate(sent, || {
            ws.with_token(secrets, account, |t| self.find(t, &page, &text))
        })
    }

    fn delete(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        remote: &str,
    ) -> Result<(), Failure> {
        self.0.at(ws.clock().now().timestamp_millis());
        ws.with_token(secrets, account, |t| self.0.delete(t, remote))
    }

    fn confirm_live(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        remote: &str,
    ) -> Result<Option<Remote>, Failure> {
        let v = ws.with_token(secrets, account, |t| {
            self.0.get(t, remote, &[("fields", "is_published")])
        })?;
        // Facebook keeps the post's id when it goes live.
        Ok(v["is_published"]
            .as_bool()
            .unwrap_or(false)
            .then(|| Remote::live(remote.to_string(), None)))
    }

    fn counts(
        &self,
        ws: &mut Workspace,
        secrets: &dyn SecretStore,
        account: &Account,
        remotes: &[&str],
    ) -> Result<HashMap<String, Counts>, Failure> {
        self.0.at(ws.clock().now().timestamp_millis());
        // Deleted on Facebook: nothing to read.
        super::one_by_one(
            remotes,
            |p| p.code.as_deref().is_some_and(|c| c.starts_with("100/")),
            |id| {
                let fields =
                "reactions.summary(total_count).limit(0),comments.summary(true).limit(0),shares";
                let v = ws.with_token(secrets, account, |t| {
                    self.0.get(t, id, &[("fields", fields)])
                })?;
                // Views come from insights; Meta renames these metrics in waves, so one it no
                // longer knows leaves the number out rather than failing the read.
                let views = ws
                    .with_token(secrets, account, |t| {
                        self.0.get(
                            t,
                            &format!("{id}/insights"),
                            &[("metric", "post_media_view")],
                        )
                    })
                    .ok()
                    .and_then(|v| v["data"][0]["values"][0]["value"].as_i64());
                Ok(Counts {
                    likes: v["reactions"]["summary"]["total_count"].as_i64(),
                    // `shares` is absent when nobody shared.
                    reposts: Some(v["shares"]["count"].as_i64().unwrap_or(0)),
                    replies: v["comments"]["summary"]["total_count"].as_i64(),
                    quotes: None,
                    impressions: views,
                })
            },
        )
    }

    fn rate(&self) -> RateState {
        self.0.rate()
    }
}

#[cfg(test)]
mod tests {
    use super::first_link;

    #[test]
    fn the_first_address_becomes_the_link_card() {
        assert_eq!(
            first_link("見学会（https://minato.example/tour）のご案内。https://b.example")
                .as_deref(),
            Some("https://minato.example/tour")
        );
        assert_eq!(
            first_link("詳しくは https://minato.example/a, まで").as_deref(),
            Some("https://minato.example/a")
        );
        assert_eq!(first_link("リンクなし"), None);
    }
}
