//! The digest as one A4 page of PDF, with the Japanese font embedded (see [`crate::print`]).
//! Every list on it is capped (waiting posts, requests, themes, the story's lines) so the page
//! never runs over: a manager reads one sheet.

use super::words::{words, Words};
use super::{day_label, week_label, Digest};
use crate::error::Result;
use crate::kpi::report::ReportLanguage;
use crate::print::{rgb, Align, Cell, Doc, PageSize, ACCENT, INK, MUTED, RULE};

const BODY: f64 = 10.0;
const MAX_THEMES: usize = 4;
const MAX_STORY_LINES: usize = 3;

/// A heading lighter than the report's, which would rather start a new page.
fn head(doc: &mut Doc, s: &str) {
    doc.y -= 22.0;
    doc.text(doc.margin, doc.y, 12.5, s, INK);
    doc.y -= 4.0;
    doc.rect(doc.margin, doc.y, doc.body_width(), 1.0, ACCENT);
    doc.y -= 2.0;
}

fn line(doc: &mut Doc, s: &str, size: f64, color: crate::print::Rgb) {
    let fitted = doc.fit(s, size, doc.body_width());
    doc.y -= size * 1.55;
    doc.text(doc.margin, doc.y, size, &fitted, color);
}

fn figures(doc: &mut Doc, d: &Digest, w: &Words) {
    head(doc, w.gave);
    let Some(c) = &d.contribution else {
        line(
            doc,
            &w.too_small.replace("{n}", &d.min_group_size.to_string()),
            BODY,
            MUTED,
        );
        return;
    };
    let items = [
        (w.people, c.people),
        (w.material, c.material),
        (w.drafts, c.drafts),
        (w.appearances, c.appearances),
        (w.thanks, c.thanks),
    ];
    let gap = 6.0;
    let bw = (doc.body_width() - gap * 4.0) / 5.0;
    let top = doc.y - 6.0;
    for (i, (label, n)) in items.iter().enumerate() {
        let x = doc.margin + i as f64 * (bw + gap);
        doc.rect(x, top - 50.0, bw, 50.0, (0.95, 0.96, 0.98));
        doc.text(x + 7.0, top - 24.0, 19.0, &n.to_string(), INK);
        let label = doc.fit(label, 8.5, bw - 12.0);
        doc.text(x + 7.0, top - 41.0, 8.5, &label, MUTED);
    }
    doc.y = top - 52.0;
}

fn waiting(doc: &mut Doc, d: &Digest, w: &Words) {
    head(doc, w.waiting);
    if d.reviewers.is_empty() {
        line(doc, w.no_reviewer, BODY, MUTED);
        return;
    }
    if d.waiting.is_empty() {
        line(doc, w.nothing_waiting, BODY, MUTED);
        return;
    }
    let rows: Vec<Vec<Cell>> = d
        .waiting
        .iter()
        .map(|p| {
            vec![
                (p.title.clone(), None),
                (p.author.clone().unwrap_or_default(), None),
                (day_label(&p.submitted_on, d.language), None),
                (format!("{}/{}", p.approvals, p.needed), None),
            ]
        })
        .collect();
    doc.table(
        &[
            (0.50, Align::Left),
            (0.20, Align::Left),
            (0.18, Align::Right),
            (0.12, Align::Right),
        ],
        &[w.post, w.author, w.submitted, w.approvals].map(String::from),
        &rows,
    );
    if d.more_waiting > 0 {
        line(
            doc,
            &w.more.replace("{n}", &d.more_waiting.to_string()),
            8.0,
            MUTED,
        );
    }
}

fn plan(doc: &mut Doc, d: &Digest, w: &Words) {
    head(doc, w.themes);
    if d.themes.is_empty() {
        line(doc, w.no_themes, BODY, MUTED);
    }
    for t in d.themes.iter().take(MAX_THEMES) {
        doc.y -= BODY * 1.7;
        doc.rect(doc.margin, doc.y - 2.0, 3.0, BODY + 3.0, rgb(&t.color));
        let text = if t.description.is_empty() {
            t.title.clone()
        } else {
            format!("{}　{}", t.title, t.description)
        };
        let text = doc.fit(&text, BODY, doc.body_width() - 10.0);
        doc.text(doc.margin + 8.0, doc.y, BODY, &text, INK);
    }
    head(doc, w.requests);
    if d.requests.is_empty() {
        line(doc, w.no_requests, BODY, MUTED);
        return;
    }
    let rows: Vec<Vec<Cell>> = d
        .requests
        .iter()
        .map(|r| {
            let (due, answered) = w.request_cells(r, d);
            vec![(r.title.clone(), None), (due, None), (answered, None)]
        })
        .collect();
    doc.table(
        &[
            (0.56, Align::Left),
            (0.26, Align::Right),
            (0.18, Align::Right),
        ],
        &[w.request, w.due, w.replies].map(String::from),
        &rows,
    );
}

fn story(doc: &mut Doc, d: &Digest, w: &Words) {
    let heading = match &d.story {
        Some(s) if !s.own => w.company_story,
        _ => w.story,
    };
    head(doc, heading);
    let Some(s) = &d.story else {
        for l in doc.wrap(w.no_story, BODY, doc.body_width()) {
            line(doc, &l, BODY, MUTED);
        }
        return;
    };
    let width = doc.body_width() - 14.0;
    let mut lines: Vec<String> = doc.wrap(&s.note, BODY, width);
    if lines.len() > MAX_STORY_LINES {
        lines.truncate(MAX_STORY_LINES);
        if let Some(last) = lines.last_mut() {
            *last = doc.fit(&format!("{last}……"), BODY, width);
        }
    }
    let sep = if d.language == ReportLanguage::Ja {
        "、"
    } else {
        ", "
    };
    let people = s.people.join(sep);
    let extra = if people.is_empty() { 0.0 } else { 1.0 };
    let h = 16.0 + (lines.len() as f64 + extra) * BODY * 1.5 + 6.0;
    doc.y -= 4.0;
    doc.rect(
        doc.margin,
        doc.y - h,
        doc.body_width(),
        h,
        (1.0, 0.97, 0.93),
    );
    doc.rect(doc.margin, doc.y - h, 3.0, h, (0.88, 0.48, 0.22));
    doc.y -= 14.0;
    let title = doc.fit(&s.title, BODY + 0.5, width);
    doc.text(doc.margin + 10.0, doc.y, BODY + 0.5, &title, INK);
    for l in lines {
        doc.y -= BODY * 1.5;
        doc.text(doc.margin + 10.0, doc.y, BODY, &l, INK);
    }
    if !people.is_empty() {
        doc.y -= BODY * 1.5;
        let people = doc.fit(&people, BODY, width);
        doc.text(doc.margin + 10.0, doc.y, BODY, &people, MUTED);
    }
    doc.y -= 8.0;
}

fn guide(doc: &mut Doc, w: &Words) {
    head(doc, w.guide);
    let size = 9.5;
    let width = doc.body_width() - 16.0;
    let lines: Vec<String> = w
        .guide_steps
        .iter()
        .flat_map(|s| doc.wrap(s, size, width))
        .collect();
    let h = lines.len() as f64 * size * 1.6 + 10.0;
    doc.y -= 4.0;
    doc.rect(
        doc.margin,
        doc.y - h,
        doc.body_width(),
        h,
        (0.95, 0.96, 0.98),
    );
    doc.y -= 4.0;
    for l in lines {
        doc.y -= size * 1.6;
        doc.text(doc.margin + 8.0, doc.y, size, &l, INK);
    }
}

/// The digest as a one-page PDF.
pub fn render_pdf(d: &Digest) -> Result<Vec<u8>> {
    let w = words(d.language);
    let when = week_label(d);
    let mut doc = Doc::new(
        PageSize::A4,
        &format!("{} {} {when}", w.title, d.department),
        false,
    )?;
    let margin = doc.margin;
    doc.y -= 16.0;
    doc.text(margin, doc.y, 17.0, w.title, INK);
    doc.y -= 16.0;
    doc.text(
        margin,
        doc.y,
        10.0,
        &format!("{} · {} · {when}", d.department, d.workspace),
        MUTED,
    );
    doc.y -= 4.0;
    doc.rect(margin, doc.y, doc.body_width(), 0.5, RULE);
    figures(&mut doc, d, w);
    waiting(&mut doc, d, w);
    plan(&mut doc, d, w);
    story(&mut doc, d, w);
    guide(&mut doc, w);
    doc.finish()
}
