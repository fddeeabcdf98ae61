//! The writing assistant: drafts from material, versions that fit each platform, plain
//! explanations of a guideline finding with a rewrite, alt text, and ideas for next month.
//!
//! A careful company will not send unreleased products or employees' names to a cloud model,
//! so the assistant runs on the company's own machine by default: any OpenAI-compatible
//! endpoint (Ollama, llama.cpp's server, LM Studio) on this computer or the office network.
//! Where the endpoint is decides what may leave:
//!
//! - **this machine** (`localhost`, `127.0.0.0/8`, `::1`): the text goes as written;
//! - **the office network** (private addresses, `.local`/`.lan` names): the text goes masked
//!   (see [`mask`]); photos may go;
//! - **anywhere else** (a cloud service): only when the lead has turned it on for the workspace
//!   (`settings.assistant_cloud`), masked, and never a photo.
//!
//! Every suggestion lands as a draft or a change the person accepts, and goes through the
//! guideline and review like anything typed. What was asked and answered is kept with the post
//! (`assistant_notes`), masked, so a reviewer sees what the assistant wrote.

pub mod mask;
pub mod prompts;

use crate::error::{Error, Result, Rule};
use crate::guideline::Linter;
use crate::platforms::openai::{Client, Message};
use crate::secrets::{SecretStore, Sensitive};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where an endpoint is, which decides what may be sent to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "AssistantPlace")]
pub enum Place {
    /// This computer: the text goes as written.
    ThisMachine,
    /// The office network: masked text, photos allowed.
    Office,
    /// Anywhere else: only when the lead allows it; masked text, no photos.
    Cloud,
}

impl Place {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Place::ThisMachine => "this_machine",
            Place::Office => "office",
            Place::Cloud => "cloud",
        }
    }
}

/// Where `endpoint` is, or an error when it is not an `http(s)` address.
pub fn place_of(endpoint: &str) -> Result<Place> {
    let bad = || {
        Error::refused(
            Rule::AssistantEndpoint,
            "endpoint",
            "Write the endpoint's address, such as http://127.0.0.1:11434/v1 for Ollama on this computer.",
        )
    };
    let url = reqwest::Url::parse(endpoint.trim()).map_err(|_| bad())?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad());
    }
    let host = url.host_str().ok_or_else(bad)?.to_ascii_lowercase();
    let ip = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<std::net::IpAddr>()
        .ok();
    let place = match ip {
        Some(std::net::IpAddr::V4(ip)) if ip.is_loopback() => Place::ThisMachine,
        Some(std::net::IpAddr::V4(ip)) if ip.is_private() || ip.is_link_local() => Place::Office,
        Some(std::net::IpAddr::V6(ip)) if ip.is_loopback() => Place::ThisMachine,
        Some(std::net::IpAddr::V6(ip)) if (ip.segments()[0] & 0xfe00) == 0xfc00 => Place::Office,
        Some(_) => Place::Cloud,
        None if host == "localhost" => Place::ThisMachine,
        None if [".local", ".lan", ".internal", ".home.arpa"]
            .iter()
            .any(|s| host.ends_with(s)) =>
        {
            Place::Office
        }
        None => Place::Cloud,
    };
    // A plain-http endpoint outside this computer would carry the text in the clear over a
    // network the company does not control.
    if place == Place::Cloud && url.scheme() != "https" {
        return Err(Error::refused(
            Rule::AssistantEndpoint,
            "endpoint",
            "A cloud endpoint must use https://.",
        ));
    }
    Ok(place)
}

/// The assistant as this computer has it (the key itself is never shown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AssistantSettings {
    /// The endpoint (`http://127.0.0.1:11434/v1`).
    pub endpoint: String,
    /// The model for text.
    pub model: String,
    /// The model for images (alt text), if one is set.
    pub vision_model: String,
    /// Where the endpoint is.
    pub place: Place,
    /// Whether an API key is kept.
    pub has_key: bool,
}

/// The assistant as the person enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AssistantInput {
    /// The endpoint.
    pub endpoint: String,
    /// The model for text.
    pub model: String,
    /// The model for images, or empty.
    pub vision_model: String,
    /// The API key, or empty (empty keeps a stored one; local servers need none).
    pub key: String,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    endpoint: String,
    model: String,
    vision_model: String,
    key: String,
}

fn key_name(device: &str) -> String {
    format!("assistant/{device}")
}

fn load(secrets: &dyn SecretStore, device: &str) -> Result<Option<Stored>> {
    let Some(raw) = secrets.get(&key_name(device))? else {
        return Ok(None);
    };
    serde_json::from_str(&raw).map(Some).map_err(|_| {
        Error::KeychainUnavailable(
            "the assistant's settings in the keychain cannot be read; set it again in Settings"
                .into(),
        )
    })
}

fn shown(s: &Stored) -> Result<AssistantSettings> {
    Ok(AssistantSettings {
        place: place_of(&s.endpoint)?,
        endpoint: s.endpoint.clone(),
        model: s.model.clone(),
        vision_model: s.vision_model.clone(),
        has_key: !s.key.is_empty(),
    })
}

/// The assistant set on this computer (`device`), if any: off until one is set.
pub fn settings(secrets: &dyn SecretStore, device: &str) -> Result<Option<AssistantSettings>> {
    load(secrets, device)?.as_ref().map(shown).transpose()
}

/// Sets the assistant on this computer, or turns it off with `None`. A cloud endpoint is
/// refused unless `cloud_allowed`.
pub fn set(
    secrets: &dyn SecretStore,
    device: &str,
    input: Option<&AssistantInput>,
    cloud_allowed: bool,
) -> Result<Option<AssistantSettings>> {
    let Some(i) = input else {
        secrets.delete(&key_name(device))?;
        return Ok(None);
    };
    let endpoint = i.endpoint.trim().trim_end_matches('/').to_string();
    let place = place_of(&endpoint)?;
    if place == Place::Cloud && !cloud_allowed {
        return Err(cloud_off());
    }
    let model = i.model.trim().to_string();
    let printable = |s: &str| s.len() <= 200 && !s.chars().any(char::is_control);
    if model.is_empty() || !printable(&model) || !printable(i.vision_model.trim()) {
        return Err(Error::refused(
            Rule::AssistantEndpoint,
            "model",
            "Write the model's name as the endpoint lists it (for Ollama, as `ollama list` shows it).",
        ));
    }
    let key = if i.key.trim().is_empty() {
        load(secrets, device)?.map(|s| s.key).unwrap_or_default()
    } else {
        i.key.trim().to_string()
    };
    let stored = Stored {
        endpoint,
        model,
        vision_model: i.vision_model.trim().to_string(),
        key,
    };
    let json = serde_json::to_string(&stored)
        .map_err(|e| Error::invalid("assistant", format!("could not be kept: {e}")))?;
    secrets.set(&key_name(device), &json)?;
    shown(&stored).map(Some)
}

fn cloud_off() -> Error {
    Error::refused(
        Rule::AssistantCloudOff,
        "endpoint",
        "This endpoint is outside this computer and the office network. The lead must allow a cloud endpoint for the workspace in Settings first.",
    )
}

/// What one request asked and got, as kept in the post's history (masked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// The answer with its placeholders put back: what the person sees.
    pub answer: String,
    /// Where the endpoint was.
    pub place: Place,
    /// The model.
    pub model: String,
    /// The request as kept (masked).
    pub request_kept: String,
    /// The answer as kept (masked).
    pub answer_kept: String,
}

/// One request to the assistant.
pub struct Ask<'a> {
    /// The instructions (our own words: never masked).
    pub system: &'a str,
    /// The person's material, text and context: masked when it leaves the machine.
    pub user: &'a str,
    /// A photo for a vision model.
    pub image: Option<(String, Vec<u8>)>,
}

/// The endpoint, its model and key, ready to ask.
pub struct Ready {
    client: Client,
    settings: AssistantSettings,
}

impl Ready {
    /// The assistant of this computer, or the error that says how to turn it on.
    pub fn open(secrets: &dyn SecretStore, device: &str, cloud_allowed: bool) -> Result<Self> {
        let Some(s) = load(secrets, device)? else {
            return Err(Error::refused(
                Rule::AssistantOff,
                "assistant",
                "The writing assistant is off on this computer. Set an endpoint in Settings → Writing assistant (for example Ollama on this computer).",
            ));
        };
        let settings = shown(&s)?;
        if settings.place == Place::Cloud && !cloud_allowed {
            return Err(cloud_off());
        }
        let key = (!s.key.is_empty()).then(|| Sensitive::new(s.key.clone()));
        let client = Client::new(&s.endpoint, key).map_err(platform)?;
        Ok(Self { client, settings })
    }

    /// The same, its requests for `host` going to `addr` (a test's fake standing for a
    /// server elsewhere).
    pub fn resolving(mut self, host: &str, addr: std::net::SocketAddr) -> Result<Self> {
        self.client = self
            .client
            .with(Some((host, addr)), std::time::Duration::from_secs(30))
            .map_err(platform)?;
        Ok(self)
    }

    /// The same, giving up on an answer after `timeout` (a model that hangs).
    pub fn timing_out(mut self, timeout: std::time::Duration) -> Result<Self> {
        self.client = self.client.with(None, timeout).map_err(platform)?;
        Ok(self)
    }

    /// Where the endpoint is.
    pub fn place(&self) -> Place {
        self.settings.place
    }

    /// Whether a photo may go with a request: a vision model is set and the endpoint is not a
    /// cloud service.
    pub fn reads_photos(&self) -> bool {
        !self.settings.vision_model.is_empty() && self.settings.place != Place::Cloud
    }

    /// Asks; `progress` gets the answer so far (placeholders put back) and returns `false` to
    /// stop. Masks what leaves the machine and refuses what the guideline blocks.
    pub fn ask(
        &self,
        linter: &Linter,
        names: &[String],
        ask: Ask<'_>,
        vision: bool,
        progress: &mut dyn FnMut(&str) -> bool,
    ) -> Result<Exchange> {
        let place = self.settings.place;
        let (masked, table) = mask::mask(linter, names, &[ask.user], true).map_err(|b| {
            Error::refused(
                Rule::AssistantBlocked,
                "assistant",
                format!(
                    "The text has something the guideline blocks ({}), so it was not sent: {}",
                    b.rule, b.message_ja
                ),
            )
        })?;
        let kept_request = masked.first().cloned().unwrap_or_default();
        let user = if place == Place::ThisMachine {
            ask.user.to_string()
        } else {
            kept_request.clone()
        };
        if ask.image.is_some() && place == Place::Cloud {
            return Err(Error::refused(
                Rule::AssistantPhotoStays,
                "image",
                "Photos are never sent to a cloud endpoint. Use a model on this computer or the office network for alt text.",
            ));
        }
        let model = if vision && !self.settings.vision_model.is_empty() {
            self.settings.vision_model.clone()
        } else {
            self.settings.model.clone()
        };
        let mut message = Message::user(user);
        message.image = ask.image;
        let messages = [Message::system(ask.system), message];
        let mut so_far = String::new();
        let mut stopped = false;
        let answer = self
            .client
            .chat(&model, &messages, true, &mut |piece| {
                so_far.push_str(piece);
                let go_on = progress(&table.unmask(&so_far));
                stopped |= !go_on;
                go_on
            })
            .map_err(platform)?;
        if stopped {
            return Err(Error::refused(
                Rule::Cancelled,
                "assistant",
                "Stopped. Nothing was written.",
            ));
        }
        let shown = table.unmask(&answer);
        // The answer is kept masked too: a local model's answer holds the names as written.
        let answer_kept = match mask::mask(linter, names, &[shown.as_str()], false) {
            Ok((m, _)) => m.into_iter().next().unwrap_or_default(),
            Err(_) => answer.clone(),
        };
        Ok(Exchange {
            answer: shown,
            place,
            model,
            request_kept: kept_request,
            answer_kept,
        })
    }
}

fn platform(f: crate::platforms::Failure) -> Error {
    Error::Platform {
        platform: "the writing assistant".into(),
        problem: f.reason(),
    }
}
