//! Generates `ui/src/bindings.ts`: the TypeScript types of every IPC type and one typed
//! function per command, so the UI never calls `invoke` with a raw name.
//!
//! Types come from `ts-rs`; commands are read from `commands.rs` with `syn`, so adding a
//! command there is all it takes. The test fails when the committed file differs from what
//! would be generated; `TSUNAGU_WRITE_BINDINGS=1 cargo test -p tsunagu-app bindings` (or
//! `scripts/bindings.sh`) rewrites it.

use crate::commands::AppInfo;
use crate::commands_review::{LintResult, TermsFile};
use crate::error::IpcError;
use crate::events::{ChangeEvent, Changed};
use std::fmt::Write as _;
use ts_rs::{Config, TS};
use tsunagu::calendar::{CalendarPost, MonthView, Theme};
use tsunagu::counting::{Count, CountUnit, Measure, TextPos};
use tsunagu::crisis::Crisis;
use tsunagu::guideline::post::{PostCheck, VariantFindings};
use tsunagu::guideline::versions::GuidelineDraft;
use tsunagu::guideline::{
    ChecklistItem, Finding, GuidelineRules, SensitiveDay, Severity, Term, TermCategory,
};
use tsunagu::ids::{DepartmentId, PersonId, PostId, RowId, ThemeId};
use tsunagu::media::{MediaInfo, MediaPatch};
use tsunagu::model::{Language, Participation, Platform, PostStatus, Role};
use tsunagu::planning::{
    CadenceCell, CadenceTarget, CadenceWeek, MonthPlanning, OpenSlot, RecurringSlot,
};
use tsunagu::posts::{DraftInput, PostDetail, Rescheduled, Revision, Variant};
use tsunagu::publish::accounts::Account;
use tsunagu::publish::outbox::{Job, MissedPost, PassReport};
use tsunagu::review::{QueuedPost, ReviewAction, ReviewEntry};
use tsunagu::roster::consent::ConsentState;
use tsunagu::roster::csv::{ImportReport, RowError};
use tsunagu::roster::ledger::LedgerEntry;
use tsunagu::roster::{
    AssignedRequest, Assignee, ConsentInput, ConsentRecord, Contributor, Department,
    GuidelineVersion, Impact, ImpactedPost, Material, PersonDetail, PersonInput, PersonSummary,
    Recognition, RecognitionKind, Recurrence, RequestDue, RequestInput, RequestState,
    RequestSummary, TrainingStatus,
};
use tsunagu::settings::{Settings, SettingsPatch};
use tsunagu::templates::{HashtagSet, Template, TemplateInput};
use tsunagu::workspace::WorkspaceInfo;
use tsunagu::{ErrorCode, Rule};

fn types(cfg: &Config) -> Vec<String> {
    vec![
        PostId::decl(cfg),
        tsunagu::ids::PurposeId::decl(cfg),
        ThemeId::decl(cfg),
        PersonId::decl(cfg),
        ErrorCode::decl(cfg),
        Rule::decl(cfg),
        IpcError::decl(cfg),
        Changed::decl(cfg),
        ChangeEvent::decl(cfg),
        crate::operations::ProgressEvent::decl(cfg),
        AppInfo::decl(cfg),
        crate::commands_team::PlaceInput::decl(cfg),
        crate::updates::UpdateProblemCode::decl(cfg),
        crate::updates::UpdateProblem::decl(cfg),
        crate::updates::UpdateOffer::decl(cfg),
        crate::updates::UpdateStatus::decl(cfg),
        Language::decl(cfg),
        Platform::decl(cfg),
        PostStatus::decl(cfg),
        Role::decl(cfg),
        Participation::decl(cfg),
        Settings::decl(cfg),
        SettingsPatch::decl(cfg),
        WorkspaceInfo::decl(cfg),
        CalendarPost::decl(cfg),
        Theme::decl(cfg),
        MonthView::decl(cfg),
        CountUnit::decl(cfg),
        TextPos::decl(cfg),
        Measure::decl(cfg),
        Count::decl(cfg),
        Variant::decl(cfg),
        PostDetail::decl(cfg),
        DraftInput::decl(cfg),
        Revision::decl(cfg),
        Rescheduled::decl(cfg),
        CadenceTarget::decl(cfg),
        CadenceCell::decl(cfg),
        CadenceWeek::decl(cfg),
        RecurringSlot::decl(cfg),
        OpenSlot::decl(cfg),
        MonthPlanning::decl(cfg),
        RowId::decl(cfg),
        MediaInfo::decl(cfg),
        MediaPatch::decl(cfg),
        PersonSummary::decl(cfg),
        Template::decl(cfg),
        TemplateInput::decl(cfg),
        HashtagSet::decl(cfg),
        PersonInput::decl(cfg),
        PersonDetail::decl(cfg),
        ConsentInput::decl(cfg),
        ConsentState::decl(cfg),
        ConsentRecord::decl(cfg),
        ImpactedPost::decl(cfg),
        Impact::decl(cfg),
        RowError::decl(cfg),
        tsunagu::sheet::RowProblem::decl(cfg),
        tsunagu::posts::sheet::PlannedRow::decl(cfg),
        tsunagu::posts::sheet::PostsImport::decl(cfg),
        tsunagu::app::setup::Preset::decl(cfg),
        tsunagu::app::setup::KpiSeed::decl(cfg),
        tsunagu::app::setup::ThemeSeed::decl(cfg),
        tsunagu::app::setup::CadenceSeed::decl(cfg),
        tsunagu::app::setup::SlotSeed::decl(cfg),
        tsunagu::app::setup::SetupPlan::decl(cfg),
        tsunagu::app::setup::SetupApplied::decl(cfg),
        tsunagu::app::recent::RecentWorkspace::decl(cfg),
        tsunagu::app::convert::Converted::decl(cfg),
        ImportReport::decl(cfg),
        DepartmentId::decl(cfg),
        Department::decl(cfg),
        Recurrence::decl(cfg),
        RequestInput::decl(cfg),
        RequestState::decl(cfg),
        AssignedRequest::decl(cfg),
        Assignee::decl(cfg),
        RequestSummary::decl(cfg),
        RequestDue::decl(cfg),
        Material::decl(cfg),
        tsunagu::model::Appearance::decl(cfg),
        tsunagu::intake::session::Code::decl(cfg),
        tsunagu::intake::session::IntakeStatus::decl(cfg),
        tsunagu::intake::folder::ScanReport::decl(cfg),
        tsunagu::intake::folder::FolderFile::decl(cfg),
        tsunagu::publish::handoff::Candidate::decl(cfg),
        tsunagu::publish::handoff::HandoffProblem::decl(cfg),
        tsunagu::intake::auto::AutoIntake::decl(cfg),
        GuidelineVersion::decl(cfg),
        TrainingStatus::decl(cfg),
        LedgerEntry::decl(cfg),
        RecognitionKind::decl(cfg),
        Recognition::decl(cfg),
        Contributor::decl(cfg),
        Severity::decl(cfg),
        TermCategory::decl(cfg),
        Term::decl(cfg),
        ChecklistItem::decl(cfg),
        SensitiveDay::decl(cfg),
        GuidelineRules::decl(cfg),
        Finding::decl(cfg),
        VariantFindings::decl(cfg),
        PostCheck::decl(cfg),
        GuidelineDraft::decl(cfg),
        LintResult::decl(cfg),
        TermsFile::decl(cfg),
        ReviewAction::decl(cfg),
        ReviewEntry::decl(cfg),
        QueuedPost::decl(cfg),
        Crisis::decl(cfg),
        Account::decl(cfg),
        Job::decl(cfg),
        MissedPost::decl(cfg),
        tsunagu::publish::FailureKind::decl(cfg),
        tsunagu::publish::JobState::decl(cfg),
        tsunagu::publish::AccountState::decl(cfg),
        tsunagu::publish::Proof::decl(cfg),
        tsunagu::publish::outbox::NextPost::decl(cfg),
        tsunagu::publish::ExpirySource::decl(cfg),
        tsunagu::publish::spend::XCost::decl(cfg),
        tsunagu::publish::health::ExpiryWarning::decl(cfg),
        tsunagu::publish::health::HealthReport::decl(cfg),
        tsunagu::publish::handoff::KitStep::decl(cfg),
        tsunagu::app::handoff::KitImage::decl(cfg),
        tsunagu::app::handoff::KitView::decl(cfg),
        tsunagu::app::handoff::KitAnswer::decl(cfg),
        tsunagu::publish::line_account::LineQuota::decl(cfg),
        tsunagu::publish::app_guide::GuideSite::decl(cfg),
        tsunagu::publish::app_guide::GuideFacts::decl(cfg),
        tsunagu::publish::app_guide::GuideProblem::decl(cfg),
        tsunagu::publish::app_guide::GuideCheck::decl(cfg),
        tsunagu::platforms::x_cost::PostCost::decl(cfg),
        tsunagu::publish::Problem::decl(cfg),
        tsunagu::publish::withdraw::Withdrawal::decl(cfg),
        tsunagu::posts::delete::DeletionKind::decl(cfg),
        tsunagu::posts::delete::DeletedPost::decl(cfg),
        tsunagu::publish::metrics::Counts::decl(cfg),
        tsunagu::publish::metrics::PostMetrics::decl(cfg),
        tsunagu::publish::metrics::MetricsReport::decl(cfg),
        tsunagu::publish::metrics::Reactions::decl(cfg),
        PassReport::decl(cfg),
        tsunagu::publish::media_host::MediaHostConfig::decl(cfg),
        tsunagu::publish::blocked::BlockedPost::decl(cfg),
        tsunagu::publish::tokens::BrokerSignIn::decl(cfg),
        tsunagu::kpi::KpiMetric::decl(cfg),
        tsunagu::kpi::Purpose::decl(cfg),
        tsunagu::kpi::KpiInput::decl(cfg),
        tsunagu::kpi::Kpi::decl(cfg),
        tsunagu::kpi::KpiProgress::decl(cfg),
        tsunagu::kpi::csv::KpiImportReport::decl(cfg),
        tsunagu::kpi::temperature::TemperatureCell::decl(cfg),
        tsunagu::kpi::temperature::Group::decl(cfg),
        tsunagu::kpi::temperature::TemperatureRow::decl(cfg),
        tsunagu::kpi::temperature::TemperatureMap::decl(cfg),
        tsunagu::kpi::dashboard::KpiSeries::decl(cfg),
        tsunagu::kpi::dashboard::PlatformMonth::decl(cfg),
        tsunagu::kpi::dashboard::PlatformTrend::decl(cfg),
        tsunagu::kpi::dashboard::TopPost::decl(cfg),
        tsunagu::kpi::dashboard::GroupResult::decl(cfg),
        tsunagu::kpi::dashboard::SuccessStory::decl(cfg),
        tsunagu::kpi::accounts::AccountResult::decl(cfg),
        tsunagu::kpi::dashboard::Dashboard::decl(cfg),
        tsunagu::kpi::report::ReportLanguage::decl(cfg),
        tsunagu::platforms::chat::ChatKind::decl(cfg),
        tsunagu::assistant::Place::decl(cfg),
        tsunagu::assistant::AssistantSettings::decl(cfg),
        tsunagu::assistant::AssistantInput::decl(cfg),
        tsunagu::app::assistant::AssistantNote::decl(cfg),
        tsunagu::app::assistant::FitSuggestion::decl(cfg),
        tsunagu::app::assistant::Explanation::decl(cfg),
        crate::commands_assistant::AssistantStream::decl(cfg),
        tsunagu::platforms::chat::ChatSection::decl(cfg),
        tsunagu::platforms::chat::ChatMessage::decl(cfg),
        tsunagu::app::chat::ChatSettings::decl(cfg),
        tsunagu::app::chat::ChatInput::decl(cfg),
        tsunagu::sync::team::Role::decl(cfg),
        tsunagu::sync::team::Member::decl(cfg),
        tsunagu::sync::Place::decl(cfg),
        tsunagu::sync::api::MemberView::decl(cfg),
        tsunagu::sync::api::JoinView::decl(cfg),
        tsunagu::sync::api::TeamStatus::decl(cfg),
        tsunagu::sync::views::ConflictVersion::decl(cfg),
        tsunagu::sync::views::Conflict::decl(cfg),
        tsunagu::sync::views::Quarantined::decl(cfg),
        tsunagu::sync::engine::SyncReport::decl(cfg),
    ]
}

/// Lists of every value of the string unions, for selects and legends.
fn constants() -> String {
    let list = |name: &str, items: Vec<&str>| {
        let quoted: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
        format!("export const {name} = [{}] as const;\n", quoted.join(", "))
    };
    let mut out = String::new();
    out += &list(
        "PLATFORMS",
        Platform::ALL.iter().map(|p| p.as_str()).collect(),
    );
    out += &list(
        "POST_STATUSES",
        PostStatus::ALL.iter().map(|p| p.as_str()).collect(),
    );
    out += &list(
        "LANGUAGES",
        Language::ALL.iter().map(|p| p.as_str()).collect(),
    );
    out += &list(
        "ERROR_CODES",
        ErrorCode::ALL.iter().map(|c| c.as_str()).collect(),
    );
    let rules: Vec<String> = Rule::ALL
        .iter()
        .map(|r| {
            serde_json::to_value(r)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        })
        .collect();
    out += &list("RULES", rules.iter().map(String::as_str).collect());
    out += &format!(
        "export const CHANGED_EVENT = \"{}\";\n",
        crate::events::CHANGED_EVENT
    );
    out += &format!(
        "export const PROGRESS_EVENT = \"{}\";\n",
        crate::operations::PROGRESS_EVENT
    );
    out += &format!(
        "export const ASSISTANT_EVENT = \"{}\";\n",
        crate::commands_assistant::ASSISTANT_EVENT
    );
    out
}

/// The whole generated file.
pub fn generate() -> String {
    let cfg = Config::new().with_large_int("number");
    let mut out = String::from(
        "// Generated from the Rust IPC types and the commands registered in src-tauri/src/lib.rs. Do not edit:\n\
         // run scripts/bindings.sh instead (a test fails while this file is stale).\n\n\
         import { invoke } from \"@tauri-apps/api/core\";\n\n",
    );
    for decl in types(&cfg) {
        let _ = writeln!(out, "export {decl}\n");
    }
    out += &constants();
    out += "\n/**\n * How many times this window has called each command. The end-to-end tests read it to\n * check that a change refetches only what it touched (an autosave, say).\n */\n\
            export const callCounts: Record<string, number> = {};\n\n\
            /** Calls a command; a failure rejects with an IpcError. */\n\
            function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {\n  \
            callCounts[command] = (callCounts[command] ?? 0) + 1;\n  \
            return invoke<T>(command, args);\n}\n\n";
    out += &crate::bindings_commands::commands();
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_command_is_registered_once_in_the_one_list() {
        let mut registered = crate::bindings_commands::registered();
        let count = registered.len();
        registered.sort();
        registered.dedup();
        assert_eq!(
            registered.len(),
            count,
            "a command is registered twice in lib.rs"
        );
        assert!(
            count > 50,
            "the list in lib.rs was not found ({count} commands)"
        );
        assert_eq!(
            registered,
            crate::bindings_commands::declared(),
            "lib.rs's generate_handler! and the #[tauri::command] functions differ"
        );
    }

    #[test]
    fn bindings_are_fresh() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
        let want = super::generate();
        if std::env::var_os("TSUNAGU_WRITE_BINDINGS").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "ui/src/bindings.ts is stale: run scripts/bindings.sh and commit the result"
        );
    }
}
