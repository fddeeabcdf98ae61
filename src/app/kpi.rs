//! Purposes and KPIs for the fronts: who writes (the person using this computer), the
//! transaction and the time zone; the rules are functions over a connection or a writer in
//! `crate::kpi`.

use crate::calendar::YearMonth;
use crate::error::Result;
use crate::ids::RowId;
use crate::kpi::{self, Kpi, KpiInput, KpiProgress, Purpose};
use crate::store::Source;
use crate::workspace::Workspace;

/// Every purpose, by name.
pub fn purposes(ws: &Workspace) -> Result<Vec<Purpose>> {
    kpi::purposes(ws.store().conn())
}

/// Adds a purpose of the workspace's own.
pub fn add_purpose(ws: &mut Workspace, source: Source, name: &str) -> Result<Purpose> {
    let ctx = ws.ctx(ws.me()?, source);
    ws.store_mut().write(&ctx, |w| kpi::add_purpose(w, name))
}

/// Every KPI, by purpose and name.
pub fn kpis(ws: &Workspace) -> Result<Vec<Kpi>> {
    kpi::kpis(ws.store().conn())
}

/// Adds a KPI.
pub fn add_kpi(ws: &mut Workspace, source: Source, input: &KpiInput) -> Result<Kpi> {
    let ctx = ws.ctx(ws.me()?, source);
    ws.store_mut().write(&ctx, |w| kpi::add_kpi(w, input))
}

/// Sets an external KPI's value for a month (replacing what was there).
pub fn set_kpi_value(
    ws: &mut Workspace,
    source: Source,
    kpi: RowId,
    month: YearMonth,
    value: f64,
) -> Result<()> {
    let ctx = ws.ctx(ws.me()?, source);
    ws.store_mut()
        .write(&ctx, |w| kpi::set_kpi_value(w, source, kpi, month, value))
}

/// Every KPI's value for `month`, with its progress towards the target.
pub fn kpi_progress(ws: &Workspace, month: YearMonth) -> Result<Vec<KpiProgress>> {
    kpi::kpi_progress(ws.store().conn(), ws.time_zone()?, month)
}

/// The dashboard of `from..=to` (whole months in the workspace zone).
pub fn dashboard(
    ws: &Workspace,
    from: YearMonth,
    to: YearMonth,
) -> Result<crate::kpi::dashboard::Dashboard> {
    crate::kpi::dashboard::dashboard(ws.store().conn(), ws.time_zone()?, from, to)
}

/// Marks a published post as a success story (as the person using this computer).
pub fn mark_success(
    ws: &mut Workspace,
    source: Source,
    post: crate::ids::PostId,
    note: &str,
) -> Result<()> {
    let ctx = ws.ctx(ws.me()?, source);
    ws.store_mut()
        .write(&ctx, |w| crate::kpi::dashboard::mark_success(w, post, note))
}

/// Takes a post off the success stories.
pub fn unmark_success(ws: &mut Workspace, source: Source, post: crate::ids::PostId) -> Result<()> {
    let ctx = ws.ctx(ws.me()?, source);
    ws.store_mut()
        .write(&ctx, |w| crate::kpi::dashboard::unmark_success(w, post))
}

/// The temperature map of `from..=to`: departments by how much they took part.
pub fn temperature_map(
    ws: &Workspace,
    from: YearMonth,
    to: YearMonth,
) -> Result<crate::kpi::temperature::TemperatureMap> {
    crate::kpi::temperature::temperature_map(ws.store().conn(), ws.time_zone()?, from, to)
}

/// The weekly digest of `department` (by name) for `week` in `language`.
pub fn digest(
    ws: &Workspace,
    department: &str,
    week: crate::clock::Week,
    language: crate::kpi::report::ReportLanguage,
) -> Result<crate::kpi::digest::Digest> {
    crate::kpi::digest::digest(
        ws.store().conn(),
        ws.time_zone()?,
        ws.settings()?.name,
        department,
        week,
        language,
    )
}

/// The monthly report of `month` in `language`.
pub fn monthly_report(
    ws: &Workspace,
    month: YearMonth,
    language: crate::kpi::report::ReportLanguage,
) -> Result<crate::kpi::report::MonthlyReport> {
    crate::kpi::report::monthly_report(
        ws.store().conn(),
        ws.time_zone()?,
        ws.settings()?.name,
        month,
        language,
    )
}
