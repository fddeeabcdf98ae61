//! The company chat for the fronts: where it is (the webhook address, or Chatwork's room and
//! token, kept in this computer's keychain only, never in the workspace), a preview of the
//! month's highlights exactly as they will be sent, and sending them.
//!
//! The demo's people are fictional, so the demo neither keeps a chat nor sends to one; its
//! preview still shows what a month's message looks like.

use crate::calendar::YearMonth;
use crate::error::{Error, Result, Rule};
use crate::kpi::report::ReportLanguage;
use crate::platforms::chat::{self, ChatKind, ChatMessage, Target};
use crate::secrets::SecretStore;
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The chat as the screen shows it: no address, no token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChatSettings {
    /// Which chat.
    pub kind: ChatKind,
    /// The webhook's host (`hooks.slack.com`), or Chatwork's room number.
    pub place: String,
}

/// The chat as the lead enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChatInput {
    /// Which chat.
    pub kind: ChatKind,
    /// Teams or Slack: the webhook's address.
    pub address: String,
    /// Chatwork: the room's number.
    pub room: String,
    /// Chatwork: the API token.
    pub token: String,
    /// Chatwork: the API's address (empty: Chatwork's own).
    pub server: String,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    kind: ChatKind,
    address: String,
    room: String,
    token: String,
    server: String,
}

fn key(ws: &Workspace) -> String {
    format!("company-chat/{}", ws.device().as_string())
}

fn shown(s: &Stored) -> ChatSettings {
    let place = match s.kind {
        ChatKind::Chatwork => s.room.clone(),
        _ => reqwest::Url::parse(&s.address)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default(),
    };
    ChatSettings {
        kind: s.kind,
        place,
    }
}

fn load(ws: &Workspace, secrets: &dyn SecretStore) -> Result<Option<Stored>> {
    let Some(raw) = secrets.get(&key(ws))? else {
        return Ok(None);
    };
    serde_json::from_str(&raw).map(Some).map_err(|_| {
        Error::KeychainUnavailable(
            "the company chat kept in the keychain cannot be read; save it again in Settings"
                .into(),
        )
    })
}

/// The company chat, if one is set on this computer.
pub fn chat_settings(ws: &Workspace, secrets: &dyn SecretStore) -> Result<Option<ChatSettings>> {
    Ok(load(ws, secrets)?.as_ref().map(shown))
}

/// Sets the company chat (to the keychain), or forgets it with `None`.
pub fn set_chat(
    ws: &Workspace,
    secrets: &dyn SecretStore,
    input: Option<&ChatInput>,
) -> Result<Option<ChatSettings>> {
    let Some(i) = input else {
        secrets.delete(&key(ws))?;
        return Ok(None);
    };
    crate::workspace::refuse_in_demo(ws.store().conn(), "send to a company chat")?;
    let stored = match i.kind {
        ChatKind::Teams | ChatKind::Slack => {
            let address = i.address.trim().to_string();
            if !chat::acceptable_address(&address) {
                return Err(Error::refused(
                    Rule::ChatAddress,
                    "address",
                    format!(
                        "Paste the webhook's address from {} (it starts with https://).",
                        i.kind.label()
                    ),
                ));
            }
            Stored {
                kind: i.kind,
                address,
                room: String::new(),
                token: String::new(),
                server: String::new(),
            }
        }
        ChatKind::Chatwork => {
            let room = i.room.trim().trim_start_matches("rid").to_string();
            if room.is_empty() || room.len() > 20 || !room.chars().all(|c| c.is_ascii_digit()) {
                return Err(Error::refused(
                    Rule::ChatAddress,
                    "room",
                    "Write the Chatwork room's number: the digits after rid in the room's address.",
                ));
            }
            let token = i.token.trim().to_string();
            if token.is_empty() || !token.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(Error::refused(
                    Rule::ChatAddress,
                    "token",
                    "Paste the Chatwork API token (Chatwork → your name → API settings).",
                ));
            }
            let server = i.server.trim().trim_end_matches('/').to_string();
            if !server.is_empty() && !chat::acceptable_address(&server) {
                return Err(Error::refused(
                    Rule::ChatAddress,
                    "server",
                    "Leave the API address empty to use Chatwork's own, or give one that starts with https://.",
                ));
            }
            Stored {
                kind: i.kind,
                address: String::new(),
                room,
                token,
                server,
            }
        }
    };
    let json = serde_json::to_string(&stored)
        .map_err(|e| Error::invalid("chat", format!("could not be kept: {e}")))?;
    secrets.set(&key(ws), &json)?;
    Ok(Some(shown(&stored)))
}

/// The month's highlights exactly as they would be sent.
pub fn chat_preview(
    ws: &Workspace,
    month: YearMonth,
    language: ReportLanguage,
) -> Result<ChatMessage> {
    crate::kpi::highlights::highlights(
        ws.store().conn(),
        ws.time_zone()?,
        ws.today()?,
        &ws.settings()?.name,
        month,
        language,
    )
}

/// Sends the month's highlights to the company chat; returns which chat it went to.
pub fn send_to_chat(
    ws: &Workspace,
    secrets: &dyn SecretStore,
    month: YearMonth,
    language: ReportLanguage,
) -> Result<ChatKind> {
    crate::workspace::refuse_in_demo(ws.store().conn(), "send to a company chat")?;
    let Some(s) = load(ws, secrets)? else {
        return Err(Error::refused(
            Rule::ChatNotSet,
            "chat",
            "No company chat is set on this computer: add Teams, Slack or Chatwork in Settings first.",
        ));
    };
    let message = chat_preview(ws, month, language)?;
    let target = match s.kind {
        ChatKind::Teams => Target::Teams(s.address.into()),
        ChatKind::Slack => Target::Slack(s.address.into()),
        ChatKind::Chatwork => Target::Chatwork {
            api: if s.server.is_empty() {
                chat::CHATWORK_API.to_string()
            } else {
                s.server
            },
            room: s.room,
            token: s.token.into(),
        },
    };
    chat::send(&target, &message).map_err(|f| Error::Platform {
        platform: s.kind.label().into(),
        problem: f.reason(),
    })?;
    Ok(s.kind)
}
