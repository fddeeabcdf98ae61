//! Signing in through the company's token-exchange endpoint (see `tokens` and the README's
//! "Connecting LinkedIn and Meta"): the platform's consent page with PKCE, the code back on a
//! registered loopback port, and the code posted to the endpoint that holds the app secret.

use super::accounts::check_server;
use super::tokens::{default_api, exchange, name, platform_error, TokenConnect};
use super::Failure;
use crate::error::{Error, Result};
use crate::model::Platform;
use crate::platforms::mastodon::{pkce, Loopback};
use serde_json::json;

/// The consent page of `platform` (the platform's own site for its real API; the same server
/// for a fake or a proxy), asking for what Tsunagu needs.
pub fn authorize_url(
    platform: Platform,
    api: &str,
    client_id: &str,
    redirect: &str,
    state: &str,
    challenge: &str,
    organisation: bool,
) -> String {
    use crate::platforms::oauth::percent;
    let real = api == default_api(platform);
    let (page, scope) = match platform {
        Platform::Linkedin => (
            "https://www.linkedin.com/oauth/v2/authorization",
            if organisation {
                "w_organization_social r_organization_social rw_organization_admin"
            } else {
                "openid profile w_member_social r_member_postAnalytics"
            },
        ),
        Platform::Instagram => (
            "https://www.instagram.com/oauth/authorize",
            "instagram_business_basic,instagram_business_content_publish,instagram_business_manage_insights",
        ),
        Platform::Threads => (
            "https://threads.net/oauth/authorize",
            "threads_basic,threads_content_publish,threads_manage_insights,threads_delete",
        ),
        _ => (
            "https://www.facebook.com/v25.0/dialog/oauth",
            "pages_show_list,pages_manage_posts,pages_read_engagement,read_insights",
        ),
    };
    let base = if real {
        page.to_string()
    } else {
        format!("{}/oauth/authorize", api.trim_end_matches('/'))
    };
    let q = [
        ("response_type", "code"),
        ("client_id", client_id),
        ("redirect_uri", redirect),
        ("scope", scope),
        ("state", state),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
    ];
    let query: Vec<String> = q
        .iter()
        .map(|(k, v)| format!("{k}={}", percent(v)))
        .collect();
    format!("{base}?{}", query.join("&"))
}

/// What signing in through the company's endpoint needs (no secret among it).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct BrokerSignIn {
    /// The platform.
    pub platform: Platform,
    /// The API address (empty for the platform's own).
    pub api: String,
    /// The company's token-exchange endpoint (https, or loopback for a local one).
    pub exchange_url: String,
    /// The company's app id on the platform.
    pub client_id: String,
    /// The loopback port registered with the app.
    pub port: u16,
    /// LinkedIn organisation or Facebook Page id (see [`TokenConnect::target`]).
    pub target: Option<String>,
}

/// Connecting through the company's token-exchange endpoint: the consent page in the browser
/// (PKCE S256, state), the code back on `http://127.0.0.1:PORT/callback` within five minutes,
/// then the code, verifier and redirect posted to the endpoint, which answers with tokens.
pub fn broker_sign_in(b: &BrokerSignIn, open: &dyn Fn(&str) -> Result<()>) -> Result<TokenConnect> {
    let platform = b.platform;
    let api = if b.api.trim().is_empty() {
        default_api(platform).to_string()
    } else {
        check_server(&b.api, default_api(platform))?
    };
    let exchange_url = check_server(&b.exchange_url, "https://sns-auth.example.co.jp/exchange")?;
    let client_id = b.client_id.trim();
    if client_id.is_empty() {
        return Err(Error::invalid(
            "client id",
            format!(
                "Enter the id of the company's {} app (ask whoever runs the token-exchange endpoint).",
                name(platform)
            ),
        ));
    }
    let fail = |f: Failure| platform_error(platform, &f);
    let loopback = Loopback::on_port(b.port).map_err(fail)?;
    let (verifier, challenge) = pkce();
    let state = uuid::Uuid::new_v4().simple().to_string();
    let organisation = platform == Platform::Linkedin && b.target.is_some();
    open(&authorize_url(
        platform,
        &api,
        client_id,
        &loopback.redirect_uri,
        &state,
        &challenge,
        organisation,
    ))?;
    let code = loopback
        .wait(&state, std::time::Duration::from_secs(300))
        .map_err(fail)?;
    let granted = exchange(
        &exchange_url,
        &json!({
            "grant_type": "authorization_code", "platform": platform.as_str(),
            "client_id": client_id, "code": code,
            "redirect_uri": loopback.redirect_uri, "code_verifier": verifier,
        }),
    )
    .map_err(fail)?;
    Ok(TokenConnect {
        platform,
        api,
        granted,
        target: b.target.clone(),
        exchange_url: Some(exchange_url),
        client_id: Some(client_id.to_string()),
    })
}
