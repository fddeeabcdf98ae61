//! Recognition and the contribution ledger for the fronts: thanks and highlights, who
//! contributed in a month (by name, never by amount unless the workspace allows ranking),
//! holding back a post that shows someone who withdrew, and the ledger by person and by
//! department. The rules are in `crate::roster::recognition` and `crate::roster::ledger`.

use crate::clock::YearMonth;
use crate::error::Result;
use crate::ids::{PersonId, PostId, RowId};
use crate::roster::ledger::{self, LedgerEntry, PersonLedger};
use crate::roster::recognition::{self, Contributor, Recognition, RecognitionKind};
use crate::store::Source;
use crate::workspace::Workspace;

/// Records thanks or a highlight for `person` in `month`.
pub fn recognise(
    ws: &mut Workspace,
    source: Source,
    person: PersonId,
    kind: RecognitionKind,
    month: YearMonth,
    note: &str,
) -> Result<RowId> {
    let today = ws.today()?;
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| {
        recognition::recognise(w, today, person, kind, month, note)
    })
}

/// Recognitions of `month`, oldest first.
pub fn recognitions(ws: &Workspace, month: YearMonth) -> Result<Vec<Recognition>> {
    recognition::recognitions(ws.store().conn(), month)
}

/// Everyone who contributed in `month`, by name.
pub fn contributors(ws: &Workspace, month: YearMonth) -> Result<Vec<Contributor>> {
    recognition::contributors(ws.store().conn(), ws.time_zone()?, month)
}

/// The month's contributors, most first, when the workspace allows ranking (Settings).
/// The month's contributors ordered by how much they gave, when the workspace allows it.
/// Posts that name the company's products or services are not counted (see
/// [`product_posts`]): recognition is never tied to posts about products.
pub fn ranking(ws: &Workspace, month: YearMonth) -> Result<Vec<Contributor>> {
    let allowed = ws.settings()?.public_ranking;
    let skip = if allowed {
        product_posts(ws, month)?
    } else {
        std::collections::HashSet::new()
    };
    recognition::ranking(ws.store().conn(), ws.time_zone()?, allowed, month, &skip)
}

/// The posts created or published in `month` whose text (the main text or any platform's)
/// names one of the products or services the current guideline lists. Japan's regulator
/// ordered companies in 2024 to stop rewarding reviews of their own products: a ranking that
/// counted these would be such a reward.
pub fn product_posts(
    ws: &Workspace,
    month: YearMonth,
) -> Result<std::collections::HashSet<String>> {
    let linter = ws.linter()?;
    let (from, to) = month.utc_range(ws.time_zone()?);
    let (from, to) = (crate::clock::to_db_time(from), crate::clock::to_db_time(to));
    let conn = ws.store().conn();
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.title || char(10) || p.body || char(10) || coalesce(group_concat(v.body, char(10)), '')
         FROM posts p LEFT JOIN post_variants v ON v.post_id = p.id
         WHERE (p.created_at >= ?1 AND p.created_at < ?2)
            OR (p.status = 'published' AND p.scheduled_at >= ?1 AND p.scheduled_at < ?2)
         GROUP BY p.id",
    )?;
    let mut rows = stmt.query([&from, &to])?;
    let mut out = std::collections::HashSet::new();
    while let Some(r) = rows.next()? {
        let text: String = r.get(1)?;
        if linter.mentions_products(&text) {
            out.insert(r.get(0)?);
        }
    }
    Ok(out)
}

/// Holds back a post that shows someone who withdrew or left.
pub fn hold_back(ws: &mut Workspace, source: Source, post: PostId) -> Result<()> {
    let ctx = ws.ctx(None, source);
    ws.store_mut()
        .write(&ctx, |w| recognition::hold_back(w, post))
}

/// The ledger of every person from `from` to `to` (months, both included).
pub fn ledger(ws: &Workspace, from: YearMonth, to: YearMonth) -> Result<Vec<PersonLedger>> {
    ledger::ledger(ws.store().conn(), ws.time_zone()?, from, to)
}

/// The ledger by department (by name, `None` for people without one), month by month.
pub fn department_ledger(
    ws: &Workspace,
    from: YearMonth,
    to: YearMonth,
) -> Result<Vec<(Option<String>, Vec<LedgerEntry>)>> {
    ledger::department_ledger(ws.store().conn(), ws.time_zone()?, from, to)
}
