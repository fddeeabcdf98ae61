//! Errors the core returns, and the stable codes the UI and the CLI see.
//!
//! Every error carries a message that says what happened and what to do next. The UI never
//! matches on message text: it switches on [`ErrorCode`], which is exported to TypeScript.

use serde::Serialize;
use std::path::PathBuf;
use ts_rs::TS;

/// A stable, machine-readable error code. The list is part of the IPC contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The workspace folder does not exist.
    WorkspaceMissing,
    /// The workspace folder cannot be written to.
    WorkspaceReadOnly,
    /// The path given as a workspace is not a folder.
    WorkspaceNotAFolder,
    /// The database was written by a newer Tsunagu.
    SchemaTooNew,
    /// The database file is damaged or is not a Tsunagu database.
    DatabaseCorrupt,
    /// Another program holds the database locked.
    DatabaseBusy,
    /// Any other database failure.
    Database,
    /// A file operation failed.
    Io,
    /// A time zone name is not a known IANA zone.
    InvalidTimeZone,
    /// Input failed validation.
    InvalidInput,
    /// The thing asked for does not exist.
    NotFound,
    /// No backup exists to restore from.
    NoBackup,
    /// The OS keychain is missing, locked or refused access.
    KeychainUnavailable,
    /// A platform refused a request or could not be reached.
    Platform,
    /// Another window, tray or command is already doing this (publishing, a sync round) in
    /// this workspace; this one was skipped and nothing changed.
    Busy,
    /// The team's shared place (a folder, a server) cannot be reached right now; changes
    /// wait on this device.
    Unreachable,
}

/// The rule a refusal names, so the UI says it in the user's language and a test can check
/// which rule refused without reading the sentence. Plain validation of a form field (a
/// missing value, a bad format) is [`Rule::Input`]; the rest are the product's own rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// A value is missing or malformed (the field says which).
    Input,
    /// Nobody has been chosen as the person using this computer.
    UnknownUser,
    /// Only drafts can be sent for review.
    NotADraft,
    /// The post has no text to send for review.
    EmptyPost,
    /// Guideline findings that block the post are not fixed.
    GuidelineBlocks,
    /// The review checklist is not fully ticked.
    ChecklistIncomplete,
    /// This person already approved this version.
    AlreadyApproved,
    /// This version was already approved on this computer; the second approval comes from
    /// another computer.
    ApprovedOnThisComputer,
    /// Sending a post back needs a comment.
    CommentRequired,
    /// The post is not waiting for review.
    NotInReview,
    /// Only the lead, reviewers and executives review.
    NotAReviewer,
    /// Nobody reviews their own post.
    OwnPost,
    /// In a team, a computer acts for the person it was admitted for.
    DeviceBound,
    /// The computer already belongs to someone; it is handed over, not taken.
    DeviceOwned,
    /// A date and time cannot be read.
    BadDateTime,
    /// A date is outside the years Tsunagu schedules.
    YearOutOfRange,
    /// The time does not exist in the zone (a daylight-saving gap).
    TimeSkipped,
    /// The text is longer than any platform takes.
    TextTooLong,
    /// The text holds a NUL character.
    NulCharacter,
    /// The post is already published.
    AlreadyPublished,
    /// A post needs a title.
    TitleMissing,
    /// The title is too long.
    TitleTooLong,
    /// The crisis pause is already on.
    CrisisAlreadyOn,
    /// There is no crisis pause to end.
    CrisisNotOn,
    /// Ending the crisis pause needs a confirmation.
    CrisisConfirm,
    /// On a team member's device, the team's rules keep this with the lead.
    TeamPermission,
    /// The demo workspace never becomes a team or holds real accounts.
    DemoWorkspace,
    /// A published post is deleted only after choosing: take it down from the platforms, or
    /// remove it from Tsunagu only.
    PublishedNeedsChoice,
    /// The post is being sent (or a platform holds it to publish itself): it cannot be
    /// deleted until that settles.
    PostBeingSent,
    /// A platform refused to delete the post, so Tsunagu kept it.
    TakeDownFailed,
    /// The deletion is too old to undo.
    UndoExpired,
    /// The operation was stopped on request before it wrote anything.
    Cancelled,
    /// The person's consent does not cover appearing this way (a face from someone who agreed
    /// to hands only), so the material was not kept.
    ConsentNotCovered,
    /// The file is not an image Tsunagu can read (a video, a HEIC the phone did not convert,
    /// a damaged file).
    UnreadableImage,
    /// The image is larger than Tsunagu takes.
    ImageTooBig,
    /// The platform signed the account in without the permissions Tsunagu needs (the app's
    /// settings do not allow them).
    ScopesMissing,
    /// A team's server address would send the password and every file in the clear
    /// (`http://` to another machine).
    InsecureTeamServer,
    /// A day of the year (a sensitive day of the guideline) that is not one.
    BadMonthDay,
    /// The month has no success story and no thanks to share in the company chat.
    NothingToShare,
    /// No company chat is set on this computer.
    ChatNotSet,
    /// A company chat's webhook address, room or token that cannot be used.
    ChatAddress,
    /// The setup guide's product list is empty or holds a name that is not one.
    ProductNames,
    /// The writing assistant is off on this computer.
    AssistantOff,
    /// The assistant's endpoint or model cannot be used as written.
    AssistantEndpoint,
    /// A cloud endpoint while the lead has not allowed one.
    AssistantCloudOff,
    /// The text has something the guideline blocks, so it was not sent.
    AssistantBlocked,
    /// A photo would have gone to a cloud endpoint.
    AssistantPhotoStays,
}

impl Rule {
    /// Every rule (the UI's translations are checked against this list).
    pub const ALL: [Rule; 47] = [
        Rule::Input,
        Rule::UnknownUser,
        Rule::NotADraft,
        Rule::EmptyPost,
        Rule::GuidelineBlocks,
        Rule::ChecklistIncomplete,
        Rule::AlreadyApproved,
        Rule::ApprovedOnThisComputer,
        Rule::CommentRequired,
        Rule::NotInReview,
        Rule::NotAReviewer,
        Rule::OwnPost,
        Rule::DeviceBound,
        Rule::DeviceOwned,
        Rule::BadDateTime,
        Rule::YearOutOfRange,
        Rule::TimeSkipped,
        Rule::TextTooLong,
        Rule::NulCharacter,
        Rule::AlreadyPublished,
        Rule::TitleMissing,
        Rule::TitleTooLong,
        Rule::CrisisAlreadyOn,
        Rule::CrisisNotOn,
        Rule::CrisisConfirm,
        Rule::TeamPermission,
        Rule::DemoWorkspace,
        Rule::PublishedNeedsChoice,
        Rule::PostBeingSent,
        Rule::TakeDownFailed,
        Rule::UndoExpired,
        Rule::Cancelled,
        Rule::ConsentNotCovered,
        Rule::UnreadableImage,
        Rule::ImageTooBig,
        Rule::ScopesMissing,
        Rule::InsecureTeamServer,
        Rule::BadMonthDay,
        Rule::NothingToShare,
        Rule::ChatNotSet,
        Rule::ChatAddress,
        Rule::ProductNames,
        Rule::AssistantOff,
        Rule::AssistantEndpoint,
        Rule::AssistantCloudOff,
        Rule::AssistantBlocked,
        Rule::AssistantPhotoStays,
    ];
}

impl ErrorCode {
    /// Every code, for reading a stored one back.
    pub const ALL: [ErrorCode; 16] = [
        ErrorCode::WorkspaceMissing,
        ErrorCode::WorkspaceReadOnly,
        ErrorCode::WorkspaceNotAFolder,
        ErrorCode::SchemaTooNew,
        ErrorCode::DatabaseCorrupt,
        ErrorCode::DatabaseBusy,
        ErrorCode::Database,
        ErrorCode::Io,
        ErrorCode::InvalidTimeZone,
        ErrorCode::InvalidInput,
        ErrorCode::NotFound,
        ErrorCode::NoBackup,
        ErrorCode::KeychainUnavailable,
        ErrorCode::Platform,
        ErrorCode::Busy,
        ErrorCode::Unreachable,
    ];

    /// The code as stored and sent (`snake_case`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::WorkspaceMissing => "workspace_missing",
            ErrorCode::WorkspaceReadOnly => "workspace_read_only",
            ErrorCode::WorkspaceNotAFolder => "workspace_not_a_folder",
            ErrorCode::SchemaTooNew => "schema_too_new",
            ErrorCode::DatabaseCorrupt => "database_corrupt",
            ErrorCode::DatabaseBusy => "database_busy",
            ErrorCode::Database => "database",
            ErrorCode::Io => "io",
            ErrorCode::InvalidTimeZone => "invalid_time_zone",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::NotFound => "not_found",
            ErrorCode::NoBackup => "no_backup",
            ErrorCode::KeychainUnavailable => "keychain_unavailable",
            ErrorCode::Platform => "platform",
            ErrorCode::Busy => "busy",
            ErrorCode::Unreachable => "unreachable",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == code)
    }
}

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// See [`ErrorCode::WorkspaceMissing`].
    #[error("The workspace folder {0} does not exist. Create it first, or run `tsunagu demo {0}` to make a demo workspace there.")]
    WorkspaceMissing(PathBuf),
    /// See [`ErrorCode::WorkspaceNotAFolder`].
    #[error("{0} is a file, not a folder. Give the folder that holds tsunagu.db.")]
    WorkspaceNotAFolder(PathBuf),
    /// See [`ErrorCode::WorkspaceReadOnly`].
    #[error("Tsunagu cannot write to {0}. Check the folder's permissions or choose another folder with --workspace.")]
    WorkspaceReadOnly(PathBuf),
    /// See [`ErrorCode::SchemaTooNew`].
    #[error("This workspace was saved by a newer version of Tsunagu (schema {found}; this version knows up to {supported}). Update Tsunagu to open it; the file was not changed.")]
    SchemaTooNew {
        /// The version found in the file.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// See [`ErrorCode::DatabaseCorrupt`].
    #[error("{}", corrupt_message(path, newest_backup.as_deref()))]
    DatabaseCorrupt {
        /// The damaged file.
        path: PathBuf,
        /// The newest backup that could replace it.
        newest_backup: Option<PathBuf>,
    },
    /// See [`ErrorCode::DatabaseBusy`].
    #[error("The workspace database is locked by another program. Close other Tsunagu windows or commands using it and try again.")]
    DatabaseBusy,
    /// See [`ErrorCode::Database`].
    #[error("Database error: {0}. Nothing was saved; try again, and if it keeps happening make a backup with `tsunagu backup`.")]
    Database(rusqlite::Error),
    /// See [`ErrorCode::Io`].
    #[error("Could not {action} {path}: {source}")]
    Io {
        /// What was being done ("read", "create", ...).
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// See [`ErrorCode::InvalidTimeZone`].
    #[error("\"{0}\" is not a time zone Tsunagu knows. Use an IANA name such as Asia/Tokyo or Europe/Berlin.")]
    InvalidTimeZone(String),
    /// See [`ErrorCode::InvalidInput`].
    #[error("{field}: {problem}")]
    InvalidInput {
        /// Which field or argument.
        field: String,
        /// What is wrong and what to do.
        problem: String,
        /// The rule that refused it.
        rule: Rule,
    },
    /// See [`ErrorCode::NotFound`].
    #[error("No {entity} with id {id}. It may have been deleted; refresh and try again.")]
    NotFound {
        /// The kind of thing.
        entity: &'static str,
        /// Its id.
        id: String,
    },
    /// See [`ErrorCode::NoBackup`].
    #[error("There is no backup in {0} to restore from.")]
    NoBackup(PathBuf),
    /// See [`ErrorCode::KeychainUnavailable`]. Secrets are never written anywhere else.
    #[error("The system keychain cannot be used ({0}). Unlock it (on Linux: the login keyring of GNOME Keyring or KWallet; on macOS: Keychain Access) and try again. Tsunagu never stores passwords or tokens anywhere else.")]
    KeychainUnavailable(String),
    /// See [`ErrorCode::Platform`].
    #[error("{platform}: {problem}")]
    Platform {
        /// The platform.
        platform: String,
        /// What it said, in plain words, and what to do.
        problem: String,
    },
    /// See [`ErrorCode::Busy`].
    #[error("Another Tsunagu window or command is {0} in this workspace right now; this one was skipped and nothing changed. The next pass runs as usual.")]
    Busy(&'static str),
    /// See [`ErrorCode::Unreachable`].
    #[error("{0}")]
    Unreachable(String),
}

fn corrupt_message(path: &std::path::Path, backup: Option<&std::path::Path>) -> String {
    match backup {
        Some(b) => format!(
            "The workspace database {} is damaged and cannot be read. The newest backup is {}: restore it with `tsunagu --workspace <folder> restore` (the damaged file is kept beside it).",
            path.display(),
            b.display()
        ),
        None => format!(
            "The workspace database {} is damaged and cannot be read, and no backup exists. Keep the file for recovery and open another workspace.",
            path.display()
        ),
    }
}

impl Error {
    /// The stable code for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::WorkspaceMissing(_) => ErrorCode::WorkspaceMissing,
            Error::WorkspaceNotAFolder(_) => ErrorCode::WorkspaceNotAFolder,
            Error::WorkspaceReadOnly(_) => ErrorCode::WorkspaceReadOnly,
            Error::SchemaTooNew { .. } => ErrorCode::SchemaTooNew,
            Error::DatabaseCorrupt { .. } => ErrorCode::DatabaseCorrupt,
            Error::DatabaseBusy => ErrorCode::DatabaseBusy,
            Error::Database(_) => ErrorCode::Database,
            Error::Io { .. } => ErrorCode::Io,
            Error::InvalidTimeZone(_) => ErrorCode::InvalidTimeZone,
            Error::InvalidInput { .. } => ErrorCode::InvalidInput,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::NoBackup(_) => ErrorCode::NoBackup,
            Error::KeychainUnavailable(_) => ErrorCode::KeychainUnavailable,
            Error::Platform { .. } => ErrorCode::Platform,
            Error::Busy(_) => ErrorCode::Busy,
            Error::Unreachable(_) => ErrorCode::Unreachable,
        }
    }

    /// A shorthand for [`Error::InvalidInput`] of a plain field check ([`Rule::Input`]).
    pub fn invalid(field: impl Into<String>, problem: impl Into<String>) -> Self {
        Self::refused(Rule::Input, field, problem)
    }

    /// A refusal by one of the product's rules: [`Error::InvalidInput`] naming `rule`.
    pub fn refused(rule: Rule, field: impl Into<String>, problem: impl Into<String>) -> Self {
        Error::InvalidInput {
            field: field.into(),
            problem: problem.into(),
            rule,
        }
    }

    /// The rule that refused, for a refusal.
    pub fn rule(&self) -> Option<Rule> {
        match self {
            Error::InvalidInput { rule, .. } => Some(*rule),
            _ => None,
        }
    }

    /// A shorthand for [`Error::Io`].
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy) | Some(C::DatabaseLocked) => Error::DatabaseBusy,
            Some(C::DatabaseCorrupt) | Some(C::NotADatabase) => Error::DatabaseCorrupt {
                path: PathBuf::new(),
                newest_backup: None,
            },
            _ => Error::Database(e),
        }
    }
}

/// The result type of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn stored_codes_are_the_codes_sent_over_ipc() {
        for code in ErrorCode::ALL {
            let sent = serde_json::to_string(&code).unwrap_or_default();
            assert_eq!(sent, format!("\"{}\"", code.as_str()));
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
        }
    }
}
