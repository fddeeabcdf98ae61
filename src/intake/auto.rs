//! Opening the phone page by itself while a request is open: the seeds' advice is a small,
//! regular ask (「現場の写真を週に1回」), so while a request waits for answers the page can be
//! there without the lead remembering to open it.
//!
//! It is opt-in and bounded: only with an address the lead chose (checked as for a manual
//! intake), only between 8:00 and 19:00 in the workspace's time zone, and only while some
//! request is open for someone. A lead who closes the page keeps it closed for the rest of the
//! day (the shell remembers that).

use super::server::{allowed_bind, Options, DEFAULT_PORT};
use crate::error::{Error, Result};
use crate::store::{write::val, Source};
use crate::workspace::Workspace;
use chrono::Timelike;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use std::time::Duration;
use ts_rs::TS;

/// The first hour the page may open by itself.
pub const FROM_HOUR: u32 = 8;
/// The hour it closes by.
pub const UNTIL_HOUR: u32 = 19;

/// Whether the app opens the phone page by itself, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AutoIntake {
    /// Open it while a request is open.
    pub enabled: bool,
    /// The address to listen on.
    pub bind: Option<String>,
    /// The port.
    pub port: u16,
}

/// This computer's setting.
pub fn settings(ws: &Workspace) -> Result<AutoIntake> {
    let (enabled, bind, port): (i64, Option<String>, Option<i64>) = ws.store().conn().query_row(
        "SELECT intake_auto, intake_bind, intake_port FROM workspace",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(AutoIntake {
        enabled: enabled != 0,
        bind,
        port: port
            .and_then(|p| u16::try_from(p).ok())
            .unwrap_or(DEFAULT_PORT),
    })
}

/// Changes the setting; an address that is not this computer's private or loopback address
/// is refused.
pub fn set(ws: &mut Workspace, source: Source, s: &AutoIntake) -> Result<()> {
    let bind = s.bind.as_deref().map(str::trim).filter(|b| !b.is_empty());
    if let Some(b) = bind {
        let ip: IpAddr = b.parse().map_err(|_| {
            Error::invalid(
                "bind",
                format!("\"{b}\" is not an IP address; choose one of this computer's addresses."),
            )
        })?;
        if !allowed_bind(ip) {
            return Err(Error::invalid(
                "bind",
                format!("{ip} is not an address of the office network; choose this computer's private address."),
            ));
        }
    } else if s.enabled {
        return Err(Error::invalid(
            "bind",
            "Choose the address the page opens on first.",
        ));
    }
    super::set_local(
        ws,
        source,
        &[
            ("intake_auto", val::int(i64::from(s.enabled))),
            ("intake_bind", val::opt_text(bind.map(str::to_string))),
            ("intake_port", val::int(i64::from(s.port))),
        ],
    )
}

/// Whether the page should be open now by itself, and how: `None` when the setting is off,
/// outside the hours, or no request is open for anyone.
pub fn due(ws: &Workspace) -> Result<Option<Options>> {
    let s = settings(ws)?;
    let Some(bind) = s.bind.as_deref().and_then(|b| b.parse::<IpAddr>().ok()) else {
        return Ok(None);
    };
    if !s.enabled || !allowed_bind(bind) {
        return Ok(None);
    }
    let local = ws.clock().now().with_timezone(&ws.time_zone()?);
    if local.hour() < FROM_HOUR || local.hour() >= UNTIL_HOUR {
        return Ok(None);
    }
    let today = local.date_naive();
    let open = crate::app::requests::request_board(ws)?.iter().any(|r| {
        let current = r
            .due_on
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .is_none_or(|d| d >= today);
        current
            && r.assignees
                .iter()
                .any(|a| a.state == crate::roster::RequestState::Open)
    });
    if !open {
        return Ok(None);
    }
    let minutes = (UNTIL_HOUR * 60).saturating_sub(local.hour() * 60 + local.minute());
    Ok(Some(Options {
        bind,
        port: s.port,
        open_for: Duration::from_secs(u64::from(minutes.max(1)) * 60),
    }))
}
