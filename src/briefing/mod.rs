//! The briefing kit for the 事前説明会: the first meeting where employees hear why the company
//! is on social media and decide whether to take part.
//!
//! The seeds say the effort only lives when employees see why (事前セミナー) and feel safe
//! (rules, a check before anything goes out, the right to appear or not). So the kit is made
//! from the workspace itself, never from generic slides: its purposes and KPIs, the current
//! guideline's checklist and what it stops, the ways of taking part, how many approvals a post
//! needs, how to send material from a phone (a request's code of the phone page, when one is
//! open), and how contributions are thanked. The same content prints as an A4 handout and as
//! 16:9 slides.

mod pdf;
mod words;

pub use pdf::{handout, slides};

use crate::error::{Error, Result};
use crate::guideline::TermCategory;
use crate::kpi::report::ReportLanguage;
use crate::model::Participation;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A purpose and the numbers it is measured by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct KitPurpose {
    /// Its name.
    pub name: String,
    /// Its KPIs with their monthly targets ("採用エントリー数（月30）").
    pub kpis: Vec<String>,
}

/// The phone page's code printed in the kit: a request's code (anyone asked picks their
/// name), never a personal one, which would let everyone send as that person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PhonePage {
    /// The address with its token.
    pub url: String,
    /// The request it answers.
    pub request: String,
}

/// Everything the kit says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Kit {
    /// The company.
    pub workspace: String,
    /// Its language.
    pub language: ReportLanguage,
    /// Why: the purposes, with KPIs not tied to a purpose under an empty name.
    pub purposes: Vec<KitPurpose>,
    /// The current guideline's title, if one is published.
    pub guideline: Option<String>,
    /// What a reviewer checks, as the guideline words it.
    pub checklist: Vec<String>,
    /// How many words each kind of list holds (forbidden, confidential, caution).
    pub terms: [u32; 3],
    /// Whether product posts need disclosure (the pack lists products).
    pub products: bool,
    /// The ways of taking part.
    pub modes: Vec<Participation>,
    /// Approvals a post needs from someone other than its writer.
    pub approvals: u32,
    /// Whether the company ranks contributors (only when its people agreed).
    pub ranking: bool,
    /// The phone page's code, when one is given.
    pub phone: Option<PhonePage>,
}

/// Checks a phone page's address given from outside (the command line): an `http(s)` address
/// of printable characters. It only ever becomes a QR code's data.
pub fn check_phone_url(url: &str) -> Result<()> {
    let ok = (url.starts_with("http://") || url.starts_with("https://"))
        && url.len() <= 512
        && url.chars().all(|c| c.is_ascii_graphic());
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "phone_page",
            "The phone page's address must be an http:// or https:// address without spaces, as `tsunagu intake open --request ID` prints it.",
        ))
    }
}

/// The kit of the workspace in `language`.
pub fn kit(
    conn: &Connection,
    workspace: String,
    language: ReportLanguage,
    phone: Option<PhonePage>,
) -> Result<Kit> {
    if let Some(p) = &phone {
        check_phone_url(&p.url)?;
    }
    let kpis = crate::kpi::kpis(conn)?;
    let target = |k: &crate::kpi::Kpi| match (k.target, language) {
        (Some(t), ReportLanguage::Ja) => format!("{}（月{}）", k.name, crate::kpi::report::num(t)),
        (Some(t), ReportLanguage::En) => {
            format!("{} ({} a month)", k.name, crate::kpi::report::num(t))
        }
        (None, _) => k.name.clone(),
    };
    let mut purposes: Vec<KitPurpose> = crate::kpi::purposes(conn)?
        .into_iter()
        .map(|p| KitPurpose {
            kpis: kpis
                .iter()
                .filter(|k| k.purpose == Some(p.id))
                .map(target)
                .collect(),
            name: p.name,
        })
        .collect();
    let loose: Vec<String> = kpis
        .iter()
        .filter(|k| k.purpose.is_none())
        .map(target)
        .collect();
    if !loose.is_empty() {
        purposes.push(KitPurpose {
            name: String::new(),
            kpis: loose,
        });
    }
    let current = crate::roster::training::current_guideline(conn)?;
    let rules = match &current {
        Some(v) => Some(crate::guideline::versions::rules(conn, v.version)?),
        None => None,
    };
    let count = |c: TermCategory| {
        rules.as_ref().map_or(0, |r| {
            u32::try_from(r.terms.iter().filter(|t| t.category == c).count()).unwrap_or(0)
        })
    };
    let (second, ranking): (bool, bool) = conn.query_row(
        "SELECT second_reviewer, public_ranking FROM workspace LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(Kit {
        workspace,
        language,
        purposes,
        guideline: current.map(|v| v.title),
        checklist: rules
            .as_ref()
            .map(|r| r.checklist.iter().map(|c| c.text.clone()).collect())
            .unwrap_or_default(),
        terms: [
            count(TermCategory::Forbidden),
            count(TermCategory::Confidential),
            count(TermCategory::Caution),
        ],
        products: rules.as_ref().is_some_and(|r| !r.products.is_empty()),
        modes: Participation::ALL
            .iter()
            .copied()
            .filter(|m| *m != Participation::NotParticipating)
            .collect(),
        approvals: if second { 2 } else { 1 },
        ranking,
        phone,
    })
}
