//! The kit as PDF: an A4 handout that flows section after section, and 16:9 slides with one
//! section each. Both are laid out from the same sections, so they never say different things.

use super::words::{mode, words};
use super::Kit;
use crate::error::Result;
use crate::print::{rgb, Doc, PageSize, ACCENT, INK, MUTED};

/// One block of a section: a paragraph, a bullet, a numbered step (its number written in
/// the text), or a label with its explanation.
enum Block {
    Lead(String),
    Bullet(String),
    Step(String),
    Pair(String, String),
}

struct Section {
    heading: &'static str,
    blocks: Vec<Block>,
    /// The phone page's address, drawn as a QR code beside the section.
    qr: Option<String>,
}

fn sections(k: &Kit) -> Vec<Section> {
    let w = words(k.language);
    let fill = |s: &str, n: u32| s.replace("{n}", &n.to_string());

    let mut why = vec![Block::Lead(w.why_lead.into())];
    if k.purposes.is_empty() {
        why.push(Block::Bullet(w.no_purposes.into()));
    }
    for p in &k.purposes {
        let name = if p.name.is_empty() {
            w.other_kpis.to_string()
        } else {
            p.name.clone()
        };
        let kpis = if p.kpis.is_empty() {
            w.no_kpis.to_string()
        } else {
            p.kpis.join(" / ")
        };
        why.push(Block::Pair(name, kpis));
    }

    let mut rules = vec![Block::Lead(w.rules_lead.into())];
    rules.extend(w.never.iter().map(|s| Block::Bullet((*s).into())));
    if k.terms[1] > 0 {
        rules.push(Block::Bullet(fill(w.confidential, k.terms[1])));
    }
    if k.terms[0] > 0 {
        rules.push(Block::Bullet(fill(w.forbidden, k.terms[0])));
    }
    rules.push(Block::Bullet(w.products.into()));

    let mut check: Vec<Block> = w
        .check_steps
        .iter()
        .map(|s| Block::Step(fill(s, k.approvals)))
        .collect();
    match &k.guideline {
        Some(title) => {
            check.push(Block::Lead(w.checklist.replace("{title}", title)));
            check.extend(k.checklist.iter().map(|c| Block::Bullet(format!("□ {c}"))));
        }
        None => check.push(Block::Bullet(w.no_guideline.into())),
    }

    let mut ways = vec![Block::Lead(w.ways_lead.into())];
    for m in &k.modes {
        let (name, what) = mode(*m, k.language);
        ways.push(Block::Pair(name.into(), what.into()));
    }
    ways.push(Block::Bullet(w.ways_end.into()));

    let mut send: Vec<Block> = w
        .send_steps
        .iter()
        .map(|s| Block::Step((*s).into()))
        .collect();
    match &k.phone {
        Some(p) => send.push(Block::Lead(w.send_for.replace("{r}", &p.request))),
        None => send.push(Block::Lead(w.no_code.into())),
    }

    let mut thanks: Vec<Block> = w
        .thanks_lines
        .iter()
        .map(|s| Block::Bullet((*s).into()))
        .collect();
    thanks.push(Block::Bullet(
        if k.ranking {
            w.ranking_on
        } else {
            w.ranking_off
        }
        .into(),
    ));

    vec![
        Section {
            heading: w.why,
            blocks: why,
            qr: None,
        },
        Section {
            heading: w.rules,
            blocks: rules,
            qr: None,
        },
        Section {
            heading: w.ways,
            blocks: ways,
            qr: None,
        },
        Section {
            heading: w.check,
            blocks: check,
            qr: None,
        },
        Section {
            heading: w.send,
            blocks: send,
            qr: k.phone.as_ref().map(|p| p.url.clone()),
        },
        Section {
            heading: w.thanks,
            blocks: thanks,
            qr: None,
        },
    ]
}

/// Draws `blocks` at `x` within `width`, from `doc.y` down, at `size`.
fn blocks(doc: &mut Doc, blocks: &[Block], x: f64, width: f64, size: f64, paged: bool) {
    let step = size * 1.55;
    let put = |doc: &mut Doc, text: &str, indent: f64, color| {
        for line in doc.wrap(text, size, width - indent) {
            if paged {
                doc.need(step);
            }
            doc.y -= step;
            doc.text(x + indent, doc.y, size, &line, color);
        }
    };
    for b in blocks {
        match b {
            Block::Lead(s) => {
                put(doc, s, 0.0, MUTED);
                doc.y -= size * 0.3;
            }
            Block::Bullet(s) => {
                if paged {
                    doc.need(step);
                }
                doc.rect(x + 2.0, doc.y - step + size * 0.3, 3.0, 3.0, ACCENT);
                put(doc, s, 10.0, INK);
            }
            Block::Step(s) => put(doc, s, 0.0, INK),
            Block::Pair(a, b) => {
                if paged {
                    doc.need(step * 2.0);
                }
                doc.y -= step;
                let a_fit = doc.fit(a, size, width * 0.32);
                doc.text(x, doc.y, size, &a_fit, ACCENT);
                doc.y += step;
                let indent = width * 0.34;
                put(doc, b, indent, INK);
            }
        }
    }
}

/// The kit as an A4 handout.
pub fn handout(k: &Kit) -> Result<Vec<u8>> {
    let w = words(k.language);
    let mut doc = Doc::new(PageSize::A4, &format!("{} {}", w.title, k.workspace), true)?;
    let m = doc.margin;
    doc.y -= 18.0;
    doc.text(m, doc.y, 19.0, w.title, INK);
    doc.y -= 17.0;
    doc.text(m, doc.y, 10.5, &k.workspace, MUTED);
    doc.y -= 14.0;
    let sub = doc.fit(w.subtitle, 10.0, doc.body_width());
    doc.text(m, doc.y, 10.0, &sub, MUTED);
    for s in sections(k) {
        let qr_size = 110.0;
        if s.qr.is_some() {
            // The heading stays with its code.
            doc.need(70.0 + qr_size + 10.0);
        }
        doc.heading(s.heading);
        let body = doc.body_width();
        match &s.qr {
            Some(url) => {
                let size = qr_size;
                let top = doc.y;
                doc.qr(m + body - size, top - size - 6.0, size, url)?;
                blocks(&mut doc, &s.blocks, m, body - size - 16.0, 10.0, false);
                doc.y = doc.y.min(top - size - 12.0);
            }
            None => blocks(&mut doc, &s.blocks, m, body, 10.0, true),
        }
    }
    doc.finish()
}

/// The kit as 16:9 slides: a title slide, then one slide per section.
pub fn slides(k: &Kit) -> Result<Vec<u8>> {
    let w = words(k.language);
    let mut doc = Doc::new(
        PageSize::Slide,
        &format!("{} {}", w.title, k.workspace),
        true,
    )?;
    let m = doc.margin;
    let band = rgb("#3d5a99");
    doc.rect(0.0, doc.h * 0.42, doc.w, 4.0, band);
    doc.text(m, doc.h * 0.58, 30.0, w.title, INK);
    doc.text(m, doc.h * 0.50, 15.0, &k.workspace, MUTED);
    let sub = doc.fit(w.subtitle, 12.0, doc.body_width());
    doc.text(m, doc.h * 0.34, 12.0, &sub, MUTED);
    for s in sections(k) {
        doc.new_page();
        doc.rect(0.0, doc.h - 8.0, doc.w, 8.0, band);
        doc.y = doc.h - m - 14.0;
        doc.text(m, doc.y, 22.0, s.heading, INK);
        doc.y -= 12.0;
        doc.rect(m, doc.y, doc.body_width(), 1.5, ACCENT);
        let body = doc.body_width();
        // Text shrinks until the section fits on its slide.
        let room = doc.y - m - 18.0;
        let (width, qr) = match &s.qr {
            Some(_) => (body - 190.0, 170.0),
            None => (body, 0.0),
        };
        let mut size = 16.0;
        while size > 8.0 && height(&doc, &s.blocks, width, size) > room {
            size -= 0.5;
        }
        if let Some(url) = &s.qr {
            doc.qr(m + body - qr, m + 14.0, qr, url)?;
        }
        blocks(&mut doc, &s.blocks, m, width, size, false);
    }
    doc.finish()
}

/// How tall `blocks` would be at `size` within `width`.
fn height(doc: &Doc, blocks: &[Block], width: f64, size: f64) -> f64 {
    let step = size * 1.55;
    blocks
        .iter()
        .map(|b| match b {
            Block::Lead(s) => doc.wrap(s, size, width).len() as f64 * step + size * 0.3,
            Block::Bullet(s) => doc.wrap(s, size, width - 10.0).len() as f64 * step,
            Block::Step(s) => doc.wrap(s, size, width).len() as f64 * step,
            Block::Pair(_, b) => doc.wrap(b, size, width * 0.66).len() as f64 * step,
        })
        .sum()
}
