//! Opening an intake for the fronts: the codes to hand out (one per person who takes part,
//! one per open request), the listener, and what the lead's screen and the command line show
//! of it. Codes made for a session end with it unless the lead chose a longer life for a
//! printed sheet; the tokens themselves exist only in this session's memory and on phones.

use super::server::{Intake, Options};
use super::tokens::{self, Issued};
use super::Door;
use crate::clock::to_db_time;
use crate::error::Result;
use crate::ids::{PersonId, RowId};
use crate::model::Participation;
use crate::store::Source;
use crate::workspace::Workspace;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use ts_rs::TS;

/// A code to hand out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Code {
    /// The token's row (to revoke it).
    pub token_id: RowId,
    /// Whose personal code it is.
    pub person: Option<PersonId>,
    /// The request it answers.
    pub request: Option<RowId>,
    /// The publish job it hands off (a post to post by hand).
    pub job: Option<RowId>,
    /// The person's name, the request's title, or the handed-off post's title.
    pub title: String,
    /// The department, or 「依頼」 details.
    pub subtitle: String,
    /// The phone page's address, with the token.
    pub url: String,
    /// When the code ends, RFC 3339 UTC.
    pub expires_at: String,
}

/// An open intake as the screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IntakeStatus {
    /// `http://address:port`.
    pub address: String,
    /// When it closes, RFC 3339 UTC.
    pub closes_at: String,
    /// Seconds until then.
    pub seconds_left: u32,
    /// The codes made when it opened.
    pub codes: Vec<Code>,
}

/// An open intake and the codes it was opened with.
pub struct Session {
    /// The listener.
    pub intake: Intake,
    /// When it closes.
    pub closes_at: DateTime<Utc>,
    /// The codes.
    pub codes: Vec<Code>,
}

impl Session {
    /// What the screen shows.
    pub fn status(&self) -> IntakeStatus {
        IntakeStatus {
            address: self.intake.address(),
            closes_at: to_db_time(self.closes_at),
            seconds_left: u32::try_from(self.intake.seconds_left()).unwrap_or(u32::MAX),
            codes: self.codes.clone(),
        }
    }
}

fn takes_part(modes: &[Participation]) -> bool {
    modes.iter().any(|m| *m != Participation::NotParticipating)
}

/// Makes the codes: for `request`, one for the request and one per person asked; otherwise
/// one per active person who takes part and one per open request. They end at `until`.
pub fn issue_codes(
    ws: &mut Workspace,
    source: Source,
    request: Option<RowId>,
    until: DateTime<Utc>,
) -> Result<Vec<(Issued, String, String)>> {
    let people = crate::app::people::people(ws)?;
    let board = crate::app::requests::request_board(ws)?;
    let today = ws.today()?;
    let mut wanted: Vec<(Option<PersonId>, Option<RowId>, String, String)> = Vec::new();
    match request {
        Some(r) => {
            let req =
                board
                    .iter()
                    .find(|x| x.id == r)
                    .ok_or_else(|| crate::error::Error::NotFound {
                        entity: "request",
                        id: r.as_string(),
                    })?;
            wanted.push((None, Some(r), req.title.clone(), "依頼".into()));
            for a in &req.assignees {
                if let Some(p) = people.iter().find(|p| p.id == a.person && p.active) {
                    wanted.push((
                        Some(p.id),
                        Some(r),
                        p.display_name.clone(),
                        req.title.clone(),
                    ));
                }
            }
        }
        None => {
            for p in people
                .iter()
                .filter(|p| p.active && takes_part(&p.participation))
            {
                wanted.push((
                    Some(p.id),
                    None,
                    p.display_name.clone(),
                    p.department.clone().unwrap_or_default(),
                ));
            }
            for r in board.iter().filter(|r| {
                r.due_on
                    .as_deref()
                    .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                    .is_none_or(|d| d >= today)
            }) {
                wanted.push((None, Some(r.id), r.title.clone(), "依頼".into()));
            }
        }
    }
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| {
        wanted
            .into_iter()
            .map(|(p, r, title, sub)| Ok((tokens::issue(w, p, r, until)?, title, sub)))
            .collect()
    })
}

/// Opens the listener and makes its codes. `code_days`, when given, lets the codes outlive the
/// session (for a printed sheet; the listener must be opened again for them to work).
pub fn open(
    door: Arc<dyn Door>,
    opts: Options,
    request: Option<RowId>,
    code_days: Option<u32>,
) -> Result<Session> {
    let intake = Intake::open(Arc::clone(&door), opts)?;
    let issued = super::through(door.as_ref(), |ws| {
        let now = ws.clock().now();
        let closes =
            now + Duration::from_std(opts.open_for).unwrap_or_else(|_| Duration::hours(12));
        let until = match code_days {
            Some(d) if d > 0 => now + Duration::days(i64::from(d.min(31))),
            _ => closes,
        };
        Ok((closes, issue_codes(ws, Source::Ui, request, until)?))
    });
    let (closes_at, issued) = match issued {
        Ok(x) => x,
        Err(e) => {
            intake.close();
            return Err(e);
        }
    };
    let codes = issued
        .into_iter()
        .map(|(i, title, subtitle)| Code {
            token_id: i.id,
            person: i.person,
            request: i.request,
            job: None,
            title,
            subtitle,
            url: intake.url(&i.token),
            expires_at: i.expires_at,
        })
        .collect();
    Ok(Session {
        intake,
        closes_at,
        codes,
    })
}

impl Session {
    /// Hands `job` off and adds its code to the session: the phone page shows the approved
    /// post until the session's codes end.
    pub fn hand_off(&mut self, ws: &mut Workspace, source: Source, job: RowId) -> Result<Code> {
        let until = self
            .codes
            .iter()
            .filter_map(|c| crate::clock::from_db_time(&c.expires_at))
            .max()
            .unwrap_or(self.closes_at)
            .max(self.closes_at);
        let (issued, title, platform) = super::handoff::issue(ws, source, job, until)?;
        let code = Code {
            token_id: issued.id,
            person: None,
            request: None,
            job: Some(job),
            title,
            subtitle: platform.as_str().to_string(),
            url: self.intake.handoff_url(&issued.token),
            expires_at: issued.expires_at,
        };
        self.codes.push(code.clone());
        Ok(code)
    }
}

/// Revokes one code.
pub fn revoke(ws: &mut Workspace, source: Source, token: RowId) -> Result<()> {
    let ctx = ws.ctx(None, source);
    ws.store_mut().write(&ctx, |w| tokens::revoke(w, token))
}

/// The printable sheet of a session's codes (PDF).
pub fn sheet(ws: &Workspace, session: &Session) -> Result<Vec<u8>> {
    let info = ws.info()?;
    let tz = ws.time_zone()?;
    let ends = session
        .codes
        .iter()
        .filter_map(|c| crate::clock::from_db_time(&c.expires_at))
        .max()
        .map(|t| {
            t.with_timezone(&tz)
                .format("%Y年%-m月%-d日 %H:%M")
                .to_string()
        })
        .unwrap_or_default();
    let cards: Vec<super::sheet::Card> = session
        .codes
        .iter()
        .map(|c| match (c.person, c.job) {
            (Some(_), _) => super::sheet::Card {
                title: format!("{}さん", c.title),
                subtitle: c.subtitle.clone(),
                url: c.url.clone(),
            },
            (None, Some(_)) => super::sheet::Card {
                title: format!("手動投稿「{}」", c.title),
                subtitle: "承認された文面と画像を、そのまま投稿します".into(),
                url: c.url.clone(),
            },
            (None, None) => super::sheet::Card {
                title: format!("依頼「{}」", c.title),
                subtitle: "みんなで使えるコード（送るときに名前を選びます）".into(),
                url: c.url.clone(),
            },
        })
        .collect();
    super::sheet::pdf(&info.name, &ends, &cards)
}
