//! The guideline engine: what lets a nervous company say yes.
//!
//! A guideline is a versioned set of rules (term lists, detector severities, link rules,
//! disclosure markers, manual checklist items, the crisis playbook). [`Linter`] compiles one
//! version once — every term folded (see `normalize`) into one Aho-Corasick automaton — and
//! then checks a draft in one pass over its folded text plus the detectors. Findings carry the
//! rule, a severity, messages in Japanese and English, an optional suggestion, and ranges in
//! both UTF-8 bytes (the CLI, Rust) and UTF-16 units (CodeMirror). This module has no UI and
//! no database dependency; `versions` stores the sets and `post` gathers a post's facts.

pub mod address;
pub mod csv;
pub mod detectors;
mod email;
mod kanji;
mod lint;
pub mod normalize;
pub mod post;
pub mod variants;
pub mod versions;

pub use lint::{LintContext, Linter, ShownImage, ShownPerson};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Look again before submitting.
    Warn,
    /// Cannot be submitted until fixed.
    Block,
}

impl Severity {
    /// The name used in files and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warn => "warn",
            Self::Block => "block",
        }
    }

    /// Parses `info`, `warn` or `block`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "info" => Some(Self::Info),
            "warn" => Some(Self::Warn),
            "block" => Some(Self::Block),
            _ => None,
        }
    }
}

/// What kind of term a list entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TermCategory {
    /// Never to be said (slurs, violence).
    Forbidden,
    /// Must not leave the company (codenames, unreleased products, customers under NDA).
    Confidential,
    /// Needs care or evidence (superlatives, sensitive topics).
    Caution,
}

impl TermCategory {
    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Forbidden => "forbidden",
            Self::Confidential => "confidential",
            Self::Caution => "caution",
        }
    }

    /// Parses a category name.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "forbidden" => Some(Self::Forbidden),
            "confidential" => Some(Self::Confidential),
            "caution" => Some(Self::Caution),
            _ => None,
        }
    }
}

/// One entry of a term list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Term {
    /// The term as written; matched in any width, kana or case.
    pub term: String,
    /// Its kind.
    pub category: TermCategory,
    /// How much a match matters.
    pub severity: Severity,
    /// What to tell the writer (may be empty for a default message).
    pub message: String,
}

/// A manual check a reviewer must tick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChecklistItem {
    /// Stable id, so a tick survives wording changes.
    pub id: String,
    /// What to check.
    pub text: String,
}

/// A day of the year on which a post is checked (`MM-DD`, every year) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SensitiveDay {
    /// `MM-DD`.
    pub date: String,
    /// Why the day matters (shown in the finding).
    pub reason: String,
}

/// Everything one guideline version holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct GuidelineRules {
    /// Term lists.
    pub terms: Vec<Term>,
    /// Severity per detector rule id (`pii.phone`, `disclosure`, `link.domain`, …).
    pub detectors: BTreeMap<String, Severity>,
    /// Domains links may point to (with their subdomains); empty allows any.
    pub allowed_domains: Vec<String>,
    /// URL shorteners, which hide where a link goes.
    pub shorteners: Vec<String>,
    /// Product and service names that make an employee's post promotional.
    pub products: Vec<String>,
    /// Words that disclose the writer works for the company (#PR, 社員です…).
    pub disclosure_markers: Vec<String>,
    /// What a reviewer must tick.
    pub checklist: Vec<ChecklistItem>,
    /// Days of mourning and remembrance: a post scheduled on one is flagged with the reason.
    pub sensitive_days: Vec<SensitiveDay>,
    /// What to do when something goes wrong.
    pub crisis_playbook: String,
}

/// One thing the engine found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Finding {
    /// Rule id: `term.forbidden`, `pii.phone`, `people.no_face`, `limit.x`, …; a fixed name,
    /// so a finding carries it without an allocation of its own.
    #[ts(type = "string")]
    pub rule: std::borrow::Cow<'static, str>,
    /// How much it matters.
    pub severity: Severity,
    /// In English.
    pub message: String,
    /// In Japanese.
    pub message_ja: String,
    /// What to do instead, in English, when there is a clear fix.
    pub suggestion: Option<String>,
    /// The same in Japanese.
    pub suggestion_ja: Option<String>,
    /// Start in UTF-8 bytes (equal to `end` for findings about the post, not a place in it).
    pub start: u32,
    /// End in UTF-8 bytes.
    pub end: u32,
    /// Start in UTF-16 units.
    pub start16: u32,
    /// End in UTF-16 units.
    pub end16: u32,
}

impl Finding {
    /// Whether this finding stops a submission.
    pub fn blocks(&self) -> bool {
        self.severity == Severity::Block
    }
}

/// A shipped default pack.
#[derive(Debug, Clone, Deserialize)]
pub struct Pack {
    /// The version's title.
    pub title: String,
    /// The rules.
    #[serde(flatten)]
    pub rules: GuidelineRules,
}

/// The default pack for a language (`ja` or `en`).
pub fn default_pack(language: &str) -> crate::Result<Pack> {
    let json = if language == "en" {
        include_str!("../../assets/guideline/en.json")
    } else {
        include_str!("../../assets/guideline/ja.json")
    };
    serde_json::from_str(json).map_err(|e| {
        crate::Error::invalid(
            "assets",
            format!("the {language} guideline pack is malformed: {e}"),
        )
    })
}
