//! The error shape that crosses IPC: `{code, message, rule}`.
//!
//! The UI switches on `code` (a closed list exported to TypeScript) to pick its translated
//! text and the action to offer, and on `rule` (for a refusal) to say which rule refused in
//! the user's language; `message` carries the core's English explanation, shown under
//! 「詳細」 on a Japanese screen.

use serde::Serialize;
use ts_rs::TS;
use tsunagu::{Error, ErrorCode, Rule};

/// An error as the UI receives it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct IpcError {
    /// What kind of failure.
    pub code: ErrorCode,
    /// What happened and what to do, in English (the UI translates by code and rule).
    pub message: String,
    /// For a refusal, the rule that refused.
    pub rule: Option<Rule>,
}

impl From<Error> for IpcError {
    fn from(e: Error) -> Self {
        Self {
            code: e.code(),
            rule: e.rule(),
            message: e.to_string(),
        }
    }
}

/// The result type of every IPC command.
pub type IpcResult<T> = Result<T, IpcError>;
