//! The roster as CSV, in the shape the import reads back: English column codes, or, for a
//! Japanese workspace, the headers and values a Japanese company's own sheet has (氏名, 役割,
//! 参加のしかた, 在籍 …). UTF-8 with a BOM and CRLF, which Excel opens with the Japanese intact.

use super::csv::{quote, COLUMNS};
use crate::error::Result;
use crate::model::{Participation, Role};
use rusqlite::Connection;
use std::collections::BTreeMap;

/// The Japanese headers, in [`COLUMNS`] order (the import reads them back).
const JA_HEADERS: [&str; 10] = [
    "氏名",
    "ふりがな",
    "表示名",
    "部署",
    "拠点",
    "役割",
    "参加のしかた",
    "アカウント",
    "在籍",
    "同意期限",
];

/// A role as a Japanese sheet writes it (read back by the import).
fn role_ja(role: Role) -> &'static str {
    match role {
        Role::Lead => "担当",
        Role::Reviewer => "レビュー担当",
        Role::Ambassador => "アンバサダー",
        Role::Executive => "経営層",
    }
}

/// A way of taking part as a Japanese sheet writes it (read back by the import).
fn mode_ja(mode: Participation) -> &'static str {
    match mode {
        Participation::FaceShown => "顔出しOK",
        Participation::HandsOnly => "手元のみ",
        Participation::BackView => "後ろ姿",
        Participation::VoiceOnly => "声・コメントのみ",
        Participation::MaterialOnly => "素材提供のみ",
        Participation::NotParticipating => "参加しない",
    }
}

/// The roster, Japanese (`japanese`) or English, in [`COLUMNS`] order; either shape imports
/// back unchanged.
/// The consent deadline column carries each person's latest consent that is neither withdrawn
/// nor over on `today`.
pub fn export_in(conn: &Connection, japanese: bool, today: chrono::NaiveDate) -> Result<String> {
    let mut stmt = conn.prepare(
        "SELECT p.name, p.name_reading, p.display_name, coalesce(d.name, ''), coalesce(s.name, ''),
                p.role, p.participation, p.handles, p.active,
                (SELECT max(c.expires_on) FROM consents c
                  WHERE c.person_id = p.id AND c.withdrawn_on IS NULL AND c.expires_on >= ?1)
         FROM people p LEFT JOIN departments d ON d.id = p.department_id
                       LEFT JOIN sites s ON s.id = p.site_id
         ORDER BY d.sort_order, p.name_reading",
    )?;
    let mut out = String::from("\u{FEFF}");
    out.push_str(
        &if japanese {
            JA_HEADERS.to_vec()
        } else {
            COLUMNS.to_vec()
        }
        .join(","),
    );
    out.push_str("\r\n");
    let rows = stmt.query_map([today.to_string()], |r| {
        let role: String = r.get(5)?;
        let modes: Vec<String> = serde_json::from_str(&r.get::<_, String>(6)?).unwrap_or_default();
        let handles: BTreeMap<String, String> =
            serde_json::from_str(&r.get::<_, String>(7)?).unwrap_or_default();
        let handles: Vec<String> = handles.iter().map(|(p, h)| format!("{p}:{h}")).collect();
        let active = r.get::<_, i64>(8)? != 0;
        let (role, modes, active) = if japanese {
            (
                Role::parse(&role).map_or(role, |x| role_ja(x).to_string()),
                modes
                    .into_iter()
                    .map(|m| Participation::parse(&m).map_or(m, |x| mode_ja(x).to_string()))
                    .collect(),
                if active { "在籍" } else { "退職" },
            )
        } else {
            (role, modes, if active { "yes" } else { "no" })
        };
        Ok(vec![
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            role,
            modes.join(";"),
            handles.join(";"),
            active.to_string(),
            r.get::<_, Option<String>>(9)?.unwrap_or_default(),
        ])
    })?;
    for row in rows {
        let fields: Vec<String> = row?.iter().map(|f| quote(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    Ok(out)
}
