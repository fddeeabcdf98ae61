//! The bring-your-own-app guides: what a company registers on X's, LinkedIn's and Meta's
//! developer sites so Tsunagu can sign in through the company's own app, and a check of each
//! step against the platform itself.
//!
//! The values to register (the exact callback address, the permissions, the app type) come
//! from the code that signs in, so the guide can never drift from what the app sends. A step
//! is checked with a real request: the platform's authorisation page is asked for with the
//! client id and callback address the person entered, without following its answer. A
//! platform that refuses the client or the callback says so there (an error status or an
//! error page); one that accepts them answers with its sign-in or consent page, or sends the
//! browser back to the callback. Permissions are checked where they are granted (X's token
//! answer, Meta's token debugging), and the Page or organisation when the account connects.
//! Some platforms decide only inside the browser (X's page draws its errors with script): the
//! sign-in step, which must come back to the callback, is the final check there.

use crate::error::Result;
use crate::model::Platform;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The developer site a guide is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GuideSite {
    /// X's developer portal (X accounts).
    X,
    /// LinkedIn's developer portal (member and company-page posting).
    Linkedin,
    /// Meta for Developers (Facebook Pages, Instagram, Threads).
    Meta,
}

/// What to register, exactly as Tsunagu will use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GuideFacts {
    /// The site.
    pub site: GuideSite,
    /// Where to register the app.
    pub console: String,
    /// The callback (redirect) address to register, exactly.
    pub redirect: String,
    /// The permissions (scopes) Tsunagu asks for, for each platform of the site.
    pub scopes: Vec<(Platform, String)>,
}

/// What a check found wrong, as a code the windows word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GuideProblem {
    /// The platform does not know the client (app) id.
    UnknownClient,
    /// The callback address is not registered with the app (or not exactly).
    RedirectNotRegistered,
    /// The app may not ask for these permissions (a product or use case is missing).
    ScopeNotAllowed,
    /// The platform could not be reached.
    Unreachable,
    /// The platform answered in a way the check does not understand (the detail says how).
    StrangeAnswer,
}

/// The outcome of a check: ok, or what is wrong with the platform's own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GuideCheck {
    /// The step passed.
    pub ok: bool,
    /// What is wrong.
    pub problem: Option<GuideProblem>,
    /// The platform's answer, for 「詳細」.
    pub detail: String,
}

/// The loopback callback Tsunagu listens on at `port`.
pub fn redirect(port: u16) -> String {
    format!("http://127.0.0.1:{port}/callback")
}

/// What to register on `site` for sign-in on `port`.
pub fn facts(site: GuideSite, port: u16) -> GuideFacts {
    let scopes = |p: Platform| {
        let url = authorize_url(p, "", "CLIENT", port);
        let scope = url::Url::parse(&url)
            .ok()
            .and_then(|u| {
                u.query_pairs()
                    .find(|(k, _)| k == "scope")
                    .map(|(_, v)| v.into_owned())
            })
            .unwrap_or_default();
        (p, scope)
    };
    let (console, scopes) = match site {
        GuideSite::X => (
            "https://developer.x.com/en/portal/dashboard",
            vec![scopes(Platform::X)],
        ),
        GuideSite::Linkedin => (
            "https://www.linkedin.com/developers/apps",
            vec![scopes(Platform::Linkedin)],
        ),
        GuideSite::Meta => (
            "https://developers.facebook.com/apps",
            vec![
                scopes(Platform::Facebook),
                scopes(Platform::Instagram),
                scopes(Platform::Threads),
            ],
        ),
    };
    GuideFacts {
        site,
        console: console.into(),
        redirect: redirect(port),
        scopes,
    }
}

/// The authorisation page Tsunagu opens for `platform` (on `api` when it is not the
/// platform's own, as for a test server).
fn authorize_url(platform: Platform, api: &str, client_id: &str, port: u16) -> String {
    let (state, challenge) = (
        "tsunagu-guide-check",
        "tsunagu-guide-check-challenge-000000000000",
    );
    if platform == Platform::X {
        let base = if api.is_empty() {
            "https://api.x.com"
        } else {
            api
        };
        return crate::platforms::x::Client::new(base)
            .map(|c| c.authorize_url(client_id, &redirect(port), state, challenge))
            .unwrap_or_default();
    }
    let api = if api.is_empty() {
        super::tokens::default_api(platform)
    } else {
        api
    };
    super::broker::authorize_url(
        platform,
        api,
        client_id,
        &redirect(port),
        state,
        challenge,
        false,
    )
}

fn checked(ok: bool, problem: Option<GuideProblem>, detail: String) -> GuideCheck {
    GuideCheck {
        ok,
        problem,
        detail,
    }
}

/// Asks the platform's authorisation page whether it takes `client_id` with the callback on
/// `port` (see the module docs).
pub fn check_client(
    platform: Platform,
    api: &str,
    client_id: &str,
    port: u16,
) -> Result<GuideCheck> {
    let client_id = client_id.trim();
    if client_id.is_empty() {
        return Ok(checked(
            false,
            Some(GuideProblem::UnknownClient),
            "no client id was entered".into(),
        ));
    }
    let url = authorize_url(platform, api.trim(), client_id, port);
    let http = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(20))
        .user_agent(concat!("Tsunagu/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| crate::Error::invalid("http", e.to_string()))?;
    let resp = match http.get(&url).send() {
        Ok(r) => r,
        Err(e) => {
            return Ok(checked(
                false,
                Some(GuideProblem::Unreachable),
                e.without_url().to_string(),
            ))
        }
    };
    let status = resp.status().as_u16();
    let location = resp
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = resp.text().unwrap_or_default();
    Ok(classify(status, &location, &body, &redirect(port)))
}

/// What an authorisation page's answer says about the client and the callback.
pub fn classify(status: u16, location: &str, body: &str, redirect: &str) -> GuideCheck {
    let said: String = body.chars().take(400).collect();
    let lower = body.to_lowercase();
    let mentions = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    let redirect_words = [
        "redirect_uri",
        "redirect uri",
        "redirect url",
        "callback",
        "url blocked",
        "not whitelisted",
    ];
    let client_words = ["client", "app id", "application"];
    if (300..400).contains(&status) {
        if location.starts_with(redirect) && location.contains("error=") {
            let scope = location.contains("scope");
            return checked(
                false,
                Some(if scope {
                    GuideProblem::ScopeNotAllowed
                } else {
                    GuideProblem::StrangeAnswer
                }),
                location.to_string(),
            );
        }
        // Sent on to sign in, or straight back to the callback: the client and the callback
        // were taken.
        return checked(true, None, format!("{status} → {location}"));
    }
    if (200..300).contains(&status) {
        // Meta draws its refusals as a page with a 200.
        if mentions(&["url blocked", "not whitelisted", "redirect_uri is not"]) {
            return checked(false, Some(GuideProblem::RedirectNotRegistered), said);
        }
        if mentions(&["invalid app id", "invalid client"]) {
            return checked(false, Some(GuideProblem::UnknownClient), said);
        }
        return checked(true, None, format!("{status}"));
    }
    if mentions(&["scope"]) && !mentions(&redirect_words) {
        return checked(false, Some(GuideProblem::ScopeNotAllowed), said);
    }
    if mentions(&redirect_words) {
        return checked(false, Some(GuideProblem::RedirectNotRegistered), said);
    }
    if mentions(&client_words) || status == 401 {
        return checked(false, Some(GuideProblem::UnknownClient), said);
    }
    checked(
        false,
        Some(GuideProblem::StrangeAnswer),
        format!("{status} {said}"),
    )
}

/// The permissions in `needed` missing from `granted` (each space or comma separated, as the
/// platforms write them).
pub fn missing_scopes(granted: &str, needed: &str) -> Vec<String> {
    let words = |s: &str| -> Vec<String> {
        s.split([' ', ','])
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let granted = words(granted);
    words(needed)
        .into_iter()
        .filter(|n| !granted.contains(n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_for_what_they_say() {
        let r = "http://127.0.0.1:47863/callback";
        assert!(classify(302, "https://x.com/i/flow/login", "", r).ok);
        assert!(classify(302, &format!("{r}?code=abc&state=s"), "", r).ok);
        assert_eq!(
            classify(302, &format!("{r}?error=invalid_scope&state=s"), "", r).problem,
            Some(GuideProblem::ScopeNotAllowed)
        );
        assert_eq!(
            classify(
                400,
                "",
                r#"{"error":"invalid_request","error_description":"redirect_uri mismatch"}"#,
                r
            )
            .problem,
            Some(GuideProblem::RedirectNotRegistered)
        );
        assert_eq!(
            classify(400, "", "invalid client_id", r).problem,
            Some(GuideProblem::UnknownClient)
        );
        assert_eq!(
            classify(200, "", "<h1>URL Blocked</h1> This redirect failed because the redirect URI is not whitelisted", r).problem,
            Some(GuideProblem::RedirectNotRegistered)
        );
        assert_eq!(
            classify(200, "", "<title>Error</title>Invalid App ID", r).problem,
            Some(GuideProblem::UnknownClient)
        );
        assert!(classify(200, "", "<title>Log in</title>", r).ok);
    }

    #[test]
    fn the_facts_are_what_the_sign_in_sends() {
        let f = facts(GuideSite::X, 47863);
        assert_eq!(f.redirect, "http://127.0.0.1:47863/callback");
        assert_eq!(f.scopes[0].1, crate::platforms::x::SCOPES);
        let m = facts(GuideSite::Meta, 47864);
        assert_eq!(m.scopes.len(), 3);
        assert!(m.scopes[0].1.contains("pages_manage_posts"));
        assert_eq!(
            missing_scopes("tweet.read", "tweet.read,tweet.write"),
            vec!["tweet.write".to_string()]
        );
    }
}
