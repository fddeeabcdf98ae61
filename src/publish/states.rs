//! Where a publish job and an account stand, as typed states. The database stores each as its
//! code; the windows receive the same codes (a TypeScript union) and word them themselves.
//! Comparing with a code (`state == "published"`) still reads naturally in tests.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

macro_rules! state_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $code:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            /// The stored code.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)+
                }
            }

            /// Reads a stored code (`None` for one this version does not know).
            pub fn parse(code: &str) -> Option<Self> {
                match code {
                    $($code => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }
    };
}

state_enum! {
    /// Where a publish job stands.
    JobState {
        /// Waiting for its time (or its next attempt).
        Pending => "pending",
        /// Being sent, or sent without a known outcome (looked for before any resend).
        InFlight => "in_flight",
        /// Handed to a platform that publishes it itself at its time (Facebook).
        ScheduledRemote => "scheduled_remote",
        /// On the platform.
        Published => "published",
        /// Needs a person.
        Failed => "failed",
        /// Deleted from the platform after publishing.
        Deleted => "deleted",
    }
}

state_enum! {
    /// How a published post is known to be out.
    Proof {
        /// Read back from every platform by its id (「公開を確認」).
        Verified => "verified",
        /// The platforms answered with its id, but it has not been read back (yet, or it was
        /// published before Tsunagu read posts back).
        Unverified => "unverified",
        /// A person posted it by hand and gave its address.
        ByHand => "by_hand",
    }
}

state_enum! {
    /// Where an account's token expiry comes from.
    ExpirySource {
        /// Read from the platform (Meta's token debugging, LinkedIn's introspection, a
        /// refresh response that states the lifetime).
        Platform => "platform",
        /// The platform's usual lifetime counted from when the token was given to Tsunagu.
        Assumed => "assumed",
    }
}

state_enum! {
    /// Where a connected account stands.
    AccountState {
        /// Working.
        Connected => "connected",
        /// Its credentials were refused or expired: reconnect it.
        NeedsReconnect => "needs_reconnect",
        /// Its server is failing (posts wait and retry).
        Failing => "failing",
        /// Disconnected by a person.
        Disconnected => "disconnected",
    }
}

#[cfg(test)]
mod tests {
    use super::{AccountState, JobState};

    #[test]
    fn codes_read_back_and_match_what_is_sent() {
        for s in [
            JobState::Pending,
            JobState::InFlight,
            JobState::ScheduledRemote,
            JobState::Published,
            JobState::Failed,
            JobState::Deleted,
        ] {
            assert_eq!(JobState::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap_or_default(),
                format!("\"{s}\"")
            );
        }
        for s in [
            AccountState::Connected,
            AccountState::NeedsReconnect,
            AccountState::Failing,
            AccountState::Disconnected,
        ] {
            assert_eq!(AccountState::parse(s.as_str()), Some(s));
        }
        assert_eq!(JobState::parse("archived"), None);
        assert_eq!(format!("{:<10}|", JobState::Failed), "failed    |");
    }
}
