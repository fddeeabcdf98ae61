//! Small shared vocabulary: platforms, post statuses, roles, participation modes.
//!
//! These enums are stored as their snake_case names (the same text the IPC and the CLI use),
//! so a database row, a JSON line and a TypeScript union all read alike.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant),*
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stored / wire name.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            /// Reads a stored / wire name.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)* _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

text_enum! {
    /// A social platform Tsunagu publishes to.
    Platform {
        /// X (formerly Twitter).
        X = "x",
        /// Bluesky.
        Bluesky = "bluesky",
        /// Mastodon.
        Mastodon = "mastodon",
        /// LinkedIn.
        Linkedin = "linkedin",
        /// Facebook Pages.
        Facebook = "facebook",
        /// Instagram.
        Instagram = "instagram",
        /// Threads.
        Threads = "threads",
        /// A LINE公式アカウント: broadcasts to its friends through the Messaging API.
        Line = "line",
        /// LINE VOOM: no API a desktop app may use; posted by hand from a kit.
        LineVoom = "line_voom",
        /// note: no posting API; posted by hand from a kit.
        Note = "note",
        /// TikTok: posted by hand from a kit until the company's app passes TikTok's audit.
        Tiktok = "tiktok",
    }
}

impl Platform {
    /// Its name as people write it, the same in Japanese and English (reports, exports, the
    /// phone page, notifications).
    pub fn label(self) -> &'static str {
        match self {
            Self::X => "X",
            Self::Bluesky => "Bluesky",
            Self::Mastodon => "Mastodon",
            Self::Linkedin => "LinkedIn",
            Self::Facebook => "Facebook",
            Self::Instagram => "Instagram",
            Self::Threads => "Threads",
            Self::Line => "LINE",
            Self::LineVoom => "LINE VOOM",
            Self::Note => "note",
            Self::Tiktok => "TikTok",
        }
    }

    /// A platform as people write it in a sheet or an export: its code, its name ("LINE
    /// VOOM", which the export writes), or a common Japanese name (ツイッター, インスタ …).
    pub fn named(text: &str) -> Option<Self> {
        let l = text.trim().to_lowercase();
        // The stored code, the name the export writes ("LINE VOOM"), or a name people use.
        let labelled = Self::ALL
            .iter()
            .copied()
            .find(|p| p.label().to_lowercase() == l);
        Self::parse(&l).or(labelled).or(match l.as_str() {
            "twitter" | "ツイッター" | "エックス" => Some(Self::X),
            "インスタ" | "インスタグラム" => Some(Self::Instagram),
            "フェイスブック" | "facebookページ" => Some(Self::Facebook),
            "リンクトイン" => Some(Self::Linkedin),
            "スレッズ" => Some(Self::Threads),
            "ブルースカイ" => Some(Self::Bluesky),
            "マストドン" => Some(Self::Mastodon),
            "line公式アカウント" | "ライン" => Some(Self::Line),
            "voom" => Some(Self::LineVoom),
            "ノート" => Some(Self::Note),
            "ティックトック" => Some(Self::Tiktok),
            _ => None,
        })
    }

    /// Whether Tsunagu posts to it itself. A channel without a usable API is posted by a
    /// person from a kit at its time (`publish::handoff`).
    pub fn has_api(self) -> bool {
        !matches!(self, Self::LineVoom | Self::Note | Self::Tiktok)
    }
}

text_enum! {
    /// Where a post stands.
    PostStatus {
        /// An idea: a title, maybe a note.
        Idea = "idea",
        /// Being written.
        Draft = "draft",
        /// Submitted, waiting for a reviewer.
        InReview = "in_review",
        /// A reviewer asked for changes.
        ChangesRequested = "changes_requested",
        /// Approved, not yet given a time.
        Approved = "approved",
        /// Approved and waiting for its time.
        Scheduled = "scheduled",
        /// Out on every platform.
        Published = "published",
        /// Publishing failed; needs attention.
        Failed = "failed",
        /// Held back (crisis pause).
        Paused = "paused",
    }
}

text_enum! {
    /// A person's role in the SNS effort.
    Role {
        /// The SNS lead.
        Lead = "lead",
        /// A reviewer (often a manager).
        Reviewer = "reviewer",
        /// An employee ambassador.
        Ambassador = "ambassador",
        /// An executive who reads the reports.
        Executive = "executive",
    }
}

text_enum! {
    /// How a person is willing to appear or take part.
    Participation {
        /// Face shown.
        FaceShown = "face_shown",
        /// Hands only.
        HandsOnly = "hands_only",
        /// Seen from behind.
        BackView = "back_view",
        /// Voice or a comment only.
        VoiceOnly = "voice_only",
        /// Sends material, does not appear.
        MaterialOnly = "material_only",
        /// Not taking part.
        NotParticipating = "not_participating",
    }
}

text_enum! {
    /// How the giver of material appears in it, as they say when sending it; checked against
    /// their consent (a face needs consent to show the face) before anything is stored.
    Appearance {
        /// Their face can be seen.
        Face = "face",
        /// Only their hands.
        Hands = "hands",
        /// Seen from behind.
        Back = "back",
        /// A photo they are not in.
        Absent = "absent",
        /// No photo, a comment only.
        CommentOnly = "comment_only",
    }
}

impl Appearance {
    /// The way of taking part a consent must cover for this, if any: a photo without the
    /// person, or a comment alone, shows nobody.
    pub fn needs(self) -> Option<Participation> {
        match self {
            Appearance::Face => Some(Participation::FaceShown),
            Appearance::Hands => Some(Participation::HandsOnly),
            Appearance::Back => Some(Participation::BackView),
            Appearance::Absent | Appearance::CommentOnly => None,
        }
    }
}

/// The most photos one sending of material may carry.
pub const MAX_PHOTOS_PER_SENDING: usize = 10;

text_enum! {
    /// The UI language: the system's, or a fixed one.
    Language {
        /// Follow the operating system's locale.
        System = "system",
        /// Japanese.
        Ja = "ja",
        /// English.
        En = "en",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for p in Platform::ALL {
            assert_eq!(Platform::parse(p.as_str()), Some(*p));
            assert_eq!(serde_json::to_string(p).unwrap(), format!("\"{p}\""));
        }
        for s in PostStatus::ALL {
            assert_eq!(PostStatus::parse(s.as_str()), Some(*s));
        }
        // What the export writes, the import reads back.
        for p in Platform::ALL {
            assert_eq!(Platform::named(p.label()), Some(*p));
        }
        assert_eq!(Platform::named(" インスタ "), Some(Platform::Instagram));
        assert_eq!(Platform::named("ファックス"), None);
        assert_eq!(PostStatus::parse("nonsense"), None);
    }
}
