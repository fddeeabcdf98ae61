//! The company chat, where people actually see things: Microsoft Teams and Slack through
//! their incoming webhooks, and Chatwork through its API (a room and an API token).
//!
//! A message is a title and a few sections of lines; each service gets it in its own shape:
//! Teams an Adaptive Card in a `message` activity (what the Workflows "post to a channel when a
//! webhook request is received" flow and the older connectors both take), Slack `text` with
//! Block Kit `header` and `section` blocks, Chatwork its `[info][title]…[/title]…[/info]`
//! notation as the form field `body`. The webhook address or token is a secret (anyone
//! holding it can post to the channel): it comes from the keychain and never appears in a
//! failure's words.

use super::http::Http;
use super::{Failure, FailureKind, Problem};
use crate::secrets::Sensitive;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

/// Chatwork's API.
pub const CHATWORK_API: &str = "https://api.chatwork.com";

/// Which chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChatKind {
    /// Microsoft Teams (an incoming webhook or a Workflows webhook).
    Teams,
    /// Slack (an incoming webhook).
    Slack,
    /// Chatwork (a room and an API token).
    Chatwork,
}

impl ChatKind {
    /// The service's name.
    pub fn label(self) -> &'static str {
        match self {
            ChatKind::Teams => "Microsoft Teams",
            ChatKind::Slack => "Slack",
            ChatKind::Chatwork => "Chatwork",
        }
    }
}

/// A part of a message: a heading and its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChatSection {
    /// The heading.
    pub heading: String,
    /// The lines, each a paragraph.
    pub lines: Vec<String>,
}

/// A message as the sender previews it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChatMessage {
    /// The title.
    pub title: String,
    /// Its sections.
    pub sections: Vec<ChatSection>,
}

/// Where a message goes; the address and the token are secrets, read only where the request
/// is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A Teams webhook's address.
    Teams(Sensitive<String>),
    /// A Slack incoming webhook's address.
    Slack(Sensitive<String>),
    /// A Chatwork room through the API at `api`.
    Chatwork {
        /// The API (Chatwork's, or a fake in tests).
        api: String,
        /// The room's number.
        room: String,
        /// The API token.
        token: Sensitive<String>,
    },
}

impl Target {
    /// Which chat.
    pub fn kind(&self) -> ChatKind {
        match self {
            Target::Teams(_) => ChatKind::Teams,
            Target::Slack(_) => ChatKind::Slack,
            Target::Chatwork { .. } => ChatKind::Chatwork,
        }
    }
}

/// Whether `url` is an address a message may go to: `https://`, or plain `http://` only to
/// this computer (a test's fake).
pub fn acceptable_address(url: &str) -> bool {
    let Ok(u) = reqwest::Url::parse(url.trim()) else {
        return false;
    };
    match u.scheme() {
        "https" => u.host_str().is_some(),
        "http" => matches!(u.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")),
        _ => false,
    }
}

/// The message in Slack's shape.
pub fn slack_body(m: &ChatMessage) -> Value {
    let mut blocks = vec![json!({
        "type": "header",
        "text": {"type": "plain_text", "text": cut(&m.title, 150), "emoji": true}
    })];
    let mut text = m.title.clone();
    for s in &m.sections {
        let body = format!(
            "*{}*\n{}",
            slack_escape(&s.heading),
            s.lines
                .iter()
                .map(|l| format!("• {}", slack_escape(l)))
                .collect::<Vec<_>>()
                .join("\n")
        );
        blocks
            .push(json!({"type": "section", "text": {"type": "mrkdwn", "text": cut(&body, 3000)}}));
        text.push_str(&format!("\n{}: {}", s.heading, s.lines.join(" / ")));
    }
    json!({"text": cut(&text, 3000), "blocks": blocks})
}

/// The message in Teams' shape: an Adaptive Card.
pub fn teams_body(m: &ChatMessage) -> Value {
    let mut body = vec![json!({
        "type": "TextBlock", "text": m.title, "size": "Large", "weight": "Bolder", "wrap": true
    })];
    for s in &m.sections {
        body.push(json!({
            "type": "TextBlock", "text": s.heading, "weight": "Bolder", "spacing": "Medium", "wrap": true
        }));
        for l in &s.lines {
            body.push(json!({"type": "TextBlock", "text": format!("- {l}"), "wrap": true}));
        }
    }
    json!({
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": null,
            "content": {
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "type": "AdaptiveCard",
                "version": "1.4",
                "body": body
            }
        }]
    })
}

/// The message in Chatwork's notation.
pub fn chatwork_body(m: &ChatMessage) -> String {
    let mut out = format!("[info][title]{}[/title]", chatwork_escape(&m.title));
    for (i, s) in m.sections.iter().enumerate() {
        if i > 0 {
            out.push_str("[hr]");
        }
        out.push_str(&format!("■ {}\n", chatwork_escape(&s.heading)));
        for l in &s.lines {
            out.push_str(&format!("・{}\n", chatwork_escape(l)));
        }
    }
    out.push_str("[/info]");
    out
}

fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max - 1).collect();
    t.push('…');
    t
}

/// Slack reads `&`, `<` and `>` as markup.
fn slack_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Chatwork reads `[tag]` as markup: a bracket in our text must not open one.
fn chatwork_escape(s: &str) -> String {
    s.replace('[', "［").replace(']', "］")
}

fn refused(who: &str, status: u16, said: &str) -> Failure {
    let said: String = said.chars().take(200).collect();
    let kind = match status {
        401 | 403 | 404 | 410 => FailureKind::Reconnect,
        429 => FailureKind::RateLimited,
        500..=599 => FailureKind::ServerError,
        _ => FailureKind::Refused,
    };
    let detail = match kind {
        FailureKind::Reconnect => format!(
            "{who} refused the message ({status} {said}): the webhook address or token is no longer valid. Make a new one in {who} and save it again in Settings."
        ),
        FailureKind::RateLimited => format!("{who} asked to slow down ({status}); send again in a minute."),
        FailureKind::ServerError => format!("{who} had a server error ({status}); send again later."),
        _ => format!("{who} refused the message ({status} {said})."),
    };
    let p = Problem::new(kind, detail).with_code(format!("http_{status}"));
    match kind {
        FailureKind::ServerError | FailureKind::RateLimited => Failure::Transient(p),
        _ => Failure::Permanent(p),
    }
    .with_status(status)
}

/// Sends `m` to `target`.
pub fn send(target: &Target, m: &ChatMessage) -> Result<(), Failure> {
    let who = target.kind().label();
    let (url, req) = match target {
        Target::Teams(url) | Target::Slack(url) => {
            let body = if target.kind() == ChatKind::Teams {
                teams_body(m)
            } else {
                slack_body(m)
            };
            let url = url.expose().trim();
            let http = Http::new(url)?;
            let req = http.client.post(url).json(&body);
            (url.to_string(), req)
        }
        Target::Chatwork { api, room, token } => {
            if room.is_empty() || !room.chars().all(|c| c.is_ascii_digit()) {
                return Err(Failure::Permanent(Problem::new(
                    FailureKind::Refused,
                    "A Chatwork room is a number (the digits after rid in the room's address)."
                        .into(),
                )));
            }
            let http = Http::new(api)?;
            let url = format!("{}/v2/rooms/{room}/messages", http.base);
            let req = http
                .client
                .post(&url)
                .header("X-ChatWorkToken", token.expose().as_str())
                .form(&[("body", chatwork_body(m)), ("self_unread", "0".into())]);
            (url, req)
        }
    };
    if !acceptable_address(&url) {
        return Err(Failure::Permanent(Problem::new(
            FailureKind::Refused,
            format!("The {who} address must start with https://."),
        )));
    }
    let resp = Http::send(req, true, who)?;
    let status = resp.status().as_u16();
    let text = resp.text().unwrap_or_default();
    if !(200..300).contains(&status) {
        return Err(refused(who, status, text.trim()));
    }
    // Slack answers "ok"; Chatwork the new message's id; Teams nothing, or 1 for a connector.
    if target.kind() == ChatKind::Chatwork
        && serde_json::from_str::<Value>(&text)
            .ok()
            .and_then(|v| v.get("message_id").cloned())
            .is_none()
    {
        return Err(Failure::Unknown(Problem::new(
            FailureKind::StrangeAnswer,
            "Chatwork answered without a message id; look in the room before sending again.".into(),
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message() -> ChatMessage {
        ChatMessage {
            title: "港精工のSNS　2026年11月".into(),
            sections: vec![ChatSection {
                heading: "ありがとう".into(),
                lines: vec!["佐藤さん：[写真] <b>&".into()],
            }],
        }
    }

    #[test]
    fn each_chat_gets_its_own_shape_with_our_text_never_read_as_markup() {
        let m = message();
        let s = slack_body(&m);
        assert_eq!(s["blocks"][0]["type"], "header");
        assert!(s["blocks"][1]["text"]["text"]
            .as_str()
            .unwrap()
            .contains("&lt;b&gt;&amp;"));
        let t = teams_body(&m);
        assert_eq!(t["attachments"][0]["content"]["type"], "AdaptiveCard");
        let c = chatwork_body(&m);
        assert!(c.starts_with("[info][title]港精工"));
        assert!(c.contains("［写真］") && !c.contains("[写真]"));
    }

    #[test]
    fn only_https_or_this_computer() {
        assert!(acceptable_address("https://hooks.slack.com/services/T/B/X"));
        assert!(acceptable_address("http://127.0.0.1:8080/hook"));
        assert!(!acceptable_address("http://127.0.0.1.example.com/hook"));
        assert!(!acceptable_address("http://hooks.slack.com/services/T/B/X"));
        assert!(!acceptable_address("file:///etc/passwd"));
        let t = Target::Slack(Sensitive::from(
            "https://hooks.slack.com/services/T/B/SECRET",
        ));
        assert!(!format!("{t:?}").contains("SECRET"));
    }
}
