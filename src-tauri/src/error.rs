//! The error shape that crosses IPC: `{code, message}`.
//!
//! The UI switches on `code` (a closed list exported to TypeScript) to pick its translated
//! text and the action to offer; `message` carries the core's explanation for details.

use serde::Serialize;
use ts_rs::TS;
use tsunagu::{Error, ErrorCode};

/// An error as the UI receives it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct IpcError {
    /// What kind of failure.
    pub code: ErrorCode,
    /// What happened and what to do, in English (the UI translates by code).
    pub message: String,
}

impl From<Error> for IpcError {
    fn from(e: Error) -> Self {
        Self {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

/// The result type of every IPC command.
pub type IpcResult<T> = Result<T, IpcError>;
