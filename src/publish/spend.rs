//! What posting to X costs, per account and month, and the cap the lead may set.
//!
//! X's API is pay-per-use: every post is charged, and one with a link costs many times one
//! without. A team that finds out from a 402 (credits spent) has already lost the post's
//! slot. So each X job records what it cost when it went out (priced from the shipped table,
//! `assets/x_prices.json`, plus the one read that proves it live), the Accounts screen shows
//! the month's spending, and an optional monthly cap stops a post **before** it is sent when
//! it would take the account past the cap (a loud failure the lead resolves by raising the cap
//! or waiting for the next month). Amounts are integers in millionths of a US dollar, so sums
//! never drift.

use super::{Failure, FailureKind, Problem};
use crate::error::{Error, Result};
use crate::ids::RowId;
use crate::store::{write::val, Writer};
use chrono::{DateTime, Utc};
use rusqlite::Connection;

/// Millionths of a dollar in a dollar.
pub const MICROS: f64 = 1_000_000.0;

/// Dollars as millionths (rounded to the nearest).
pub fn micros(usd: f64) -> i64 {
    // Prices are cents and fractions of cents: far inside i64.
    #[allow(clippy::cast_possible_truncation)]
    let m = (usd * MICROS).round() as i64;
    m
}

/// What sending an X post costs: creating it (with a link or not), setting the alt text of
/// each image that has one, and reading it back once to prove it live.
pub fn job_cost(text: &str, alt_texts: u32) -> i64 {
    let cost = crate::platforms::x_cost::post_cost(text, alt_texts);
    micros(cost.usd) + micros(crate::platforms::x_cost::prices().post_read)
}

/// When the current month began in the workspace's time zone.
pub fn month_start(conn: &Connection, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let zone: String =
        conn.query_row("SELECT time_zone FROM workspace LIMIT 1", [], |r| r.get(0))?;
    let tz = crate::settings::validate_time_zone(&zone)?;
    Ok(
        crate::clock::YearMonth::of(now.with_timezone(&tz).date_naive())
            .utc_range(tz)
            .0,
    )
}

/// What the account's posts cost since the month began.
pub fn month_spend(conn: &Connection, account: RowId, now: DateTime<Utc>) -> Result<i64> {
    let from = crate::clock::to_db_time(month_start(conn, now)?);
    Ok(conn.query_row(
        "SELECT coalesce(sum(cost_micros), 0) FROM publish_jobs
         WHERE account_id = ?1 AND cost_micros IS NOT NULL AND published_at >= ?2",
        [account.as_string(), from],
        |r| r.get(0),
    )?)
}

/// Refuses a post whose cost would take the account past its monthly cap (nothing is sent).
pub(crate) fn check_cap(
    conn: &Connection,
    account: RowId,
    now: DateTime<Utc>,
    cost: i64,
) -> std::result::Result<(), Failure> {
    let other = |e: Error| Failure::Permanent(Problem::new(FailureKind::Other, e.to_string()));
    let cap: Option<i64> = conn
        .query_row(
            "SELECT monthly_cap_micros FROM accounts WHERE id = ?1",
            [account.as_string()],
            |r| r.get(0),
        )
        .map_err(|e| other(e.into()))?;
    let Some(cap) = cap else { return Ok(()) };
    let spent = month_spend(conn, account, now).map_err(other)?;
    if spent + cost > cap {
        return Err(Failure::Permanent(Problem::new(
            FailureKind::SpendCap,
            format!(
                "Sending this post (about ${:.3}) would take the account's X spending this month to ${:.3}, past its cap of ${:.2}. Nothing was sent. Raise the cap on the Accounts screen (or wait for next month), then retry.",
                cost as f64 / MICROS,
                (spent + cost) as f64 / MICROS,
                cap as f64 / MICROS
            ),
        )));
    }
    Ok(())
}

/// Sets (or, with `None`, removes) an account's monthly cap.
pub fn set_cap(w: &mut Writer<'_>, account: RowId, cap: Option<i64>) -> Result<()> {
    if cap.is_some_and(|c| c < 0) {
        return Err(Error::invalid(
            "monthly_cap",
            "a cap cannot be below zero: enter an amount in dollars, or leave it empty for no cap",
        ));
    }
    super::accounts::account(w.conn(), w.now(), account)?;
    w.update(
        "accounts",
        &[("id", val::text(account.as_string()))],
        &[("monthly_cap_micros", val::opt_int(cap))],
    )
}

/// What one X post will cost, against its account's month, for the editor and the reviewer
/// (before it is approved).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct XCost {
    /// The estimate, from the shipped price table.
    pub cost: crate::platforms::x_cost::PostCost,
    /// The same in millionths of a dollar, with the read that proves it live.
    pub cost_micros: i64,
    /// The X account it goes out through, if one is connected.
    pub account: Option<RowId>,
    /// What that account's posts cost since the month began.
    pub month_spend_micros: i64,
    /// That account's monthly cap, if set.
    pub monthly_cap_micros: Option<i64>,
    /// Sending it would pass the cap: it will not be sent until the cap is raised.
    pub over_cap: bool,
}

/// The cost of an X post of `text` with `alt_texts` described images through `account`.
pub fn estimate(
    conn: &Connection,
    now: DateTime<Utc>,
    account: Option<RowId>,
    text: &str,
    alt_texts: u32,
) -> Result<XCost> {
    let cost_micros = job_cost(text, alt_texts);
    let (spent, cap) = match account {
        Some(a) => (
            month_spend(conn, a, now)?,
            conn.query_row(
                "SELECT monthly_cap_micros FROM accounts WHERE id = ?1",
                [a.as_string()],
                |r| r.get::<_, Option<i64>>(0),
            )?,
        ),
        None => (0, None),
    };
    Ok(XCost {
        cost: crate::platforms::x_cost::post_cost(text, alt_texts),
        cost_micros,
        account,
        month_spend_micros: spent,
        monthly_cap_micros: cap,
        over_cap: cap.is_some_and(|c| spent + cost_micros > c),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_post_costs_many_times_a_plain_one_and_amounts_stay_whole() {
        let plain = job_cost("工場見学会を開きます", 0);
        let link = job_cost("工場見学会を開きます https://minato-seiko.co.jp/tour", 0);
        assert!(plain > 0 && link > 5 * plain);
        assert_eq!(micros(0.015), 15_000);
        assert_eq!(micros(0.2), 200_000);
    }
}
