//! The digest as one self-contained HTML page for A4 (inline CSS, no scripts, no remote
//! content), in the same order as the PDF: figures, what waits, themes, requests, the story,
//! the guide.

use super::words::{words, Words};
use super::{day_label, week_label, Digest};
use crate::kpi::report::{esc, ReportLanguage};
use std::fmt::Write as _;

const CSS: &str = "@page{size:A4;margin:14mm}body{font-family:'Noto Sans CJK JP','Noto Sans JP','Hiragino Sans','Yu Gothic',sans-serif;color:#1f2937;font-size:10.5pt;line-height:1.5;max-width:182mm;margin:0 auto}h1{font-size:17pt;margin:0}h2{font-size:11.5pt;border-bottom:2px solid #3d5a99;padding-bottom:2px;margin:12px 0 6px}.sub{color:#6b7280;margin:2px 0 6px}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e5e7eb;padding:3px 6px;text-align:left;vertical-align:top}th{font-size:9pt;color:#4b5563}.n{text-align:right;white-space:nowrap}.muted{color:#6b7280}.figures{display:flex;gap:8px}.figure{flex:1;border:1px solid #e5e7eb;border-radius:6px;padding:6px 8px}.figure b{display:block;font-size:16pt}.story{border-left:4px solid #e07b39;background:#fff7ed;padding:4px 8px}.story p{margin:2px 0}.theme{border-left:4px solid;padding:2px 8px;margin:4px 0}.guide{background:#f3f6fb;border-radius:6px;padding:6px 10px}.guide p{margin:3px 0}";

fn figures(h: &mut String, d: &Digest, w: &Words) {
    let _ = write!(h, "<section><h2>{}</h2>", esc(w.gave));
    match &d.contribution {
        Some(c) => {
            h.push_str("<div class=\"figures\">");
            for (label, n) in [
                (w.people, c.people),
                (w.material, c.material),
                (w.drafts, c.drafts),
                (w.appearances, c.appearances),
                (w.thanks, c.thanks),
            ] {
                let _ = write!(
                    h,
                    "<div class=\"figure\"><b>{n}</b><span class=\"muted\">{}</span></div>",
                    esc(label)
                );
            }
            h.push_str("</div>");
        }
        None => {
            let _ = write!(
                h,
                "<p class=\"muted\">{}</p>",
                esc(&w.too_small.replace("{n}", &d.min_group_size.to_string()))
            );
        }
    }
    h.push_str("</section>");
}

fn waiting(h: &mut String, d: &Digest, w: &Words) {
    let _ = write!(h, "<section><h2>{}</h2>", esc(w.waiting));
    if d.reviewers.is_empty() {
        let _ = write!(h, "<p class=\"muted\">{}</p>", esc(w.no_reviewer));
    } else if d.waiting.is_empty() {
        let _ = write!(h, "<p class=\"muted\">{}</p>", esc(w.nothing_waiting));
    } else {
        let _ = write!(
            h,
            "<table><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
            esc(w.post),
            esc(w.author),
            esc(w.submitted),
            esc(w.approvals)
        );
        for p in &d.waiting {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}/{}</td></tr>",
                esc(&p.title),
                esc(p.author.as_deref().unwrap_or("")),
                esc(&day_label(&p.submitted_on, d.language)),
                p.approvals,
                p.needed
            );
        }
        h.push_str("</tbody></table>");
        if d.more_waiting > 0 {
            let _ = write!(
                h,
                "<p class=\"muted\">{}</p>",
                esc(&w.more.replace("{n}", &d.more_waiting.to_string()))
            );
        }
    }
    h.push_str("</section>");
}

fn plan(h: &mut String, d: &Digest, w: &Words) {
    let _ = write!(h, "<section><h2>{}</h2>", esc(w.themes));
    if d.themes.is_empty() {
        let _ = write!(h, "<p class=\"muted\">{}</p>", esc(w.no_themes));
    }
    for t in &d.themes {
        let _ = write!(
            h,
            "<div class=\"theme\" style=\"border-color:{}\"><b>{}</b> {}</div>",
            esc(&t.color),
            esc(&t.title),
            esc(&t.description)
        );
    }
    let _ = write!(h, "</section><section><h2>{}</h2>", esc(w.requests));
    if d.requests.is_empty() {
        let _ = write!(h, "<p class=\"muted\">{}</p>", esc(w.no_requests));
    } else {
        let _ = write!(
            h,
            "<table><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
            esc(w.request),
            esc(w.due),
            esc(w.replies)
        );
        for r in &d.requests {
            let (due, answered) = w.request_cells(r, d);
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(&r.title),
                esc(&due),
                esc(&answered)
            );
        }
        h.push_str("</tbody></table>");
    }
    h.push_str("</section>");
}

fn story(h: &mut String, d: &Digest, w: &Words) {
    let heading = match &d.story {
        Some(s) if !s.own => w.company_story,
        _ => w.story,
    };
    let _ = write!(h, "<section><h2>{}</h2>", esc(heading));
    match &d.story {
        Some(s) => {
            let people = if s.people.is_empty() {
                String::new()
            } else {
                format!(
                    "<p class=\"muted\">{}</p>",
                    esc(&s.people.join(if d.language == ReportLanguage::Ja {
                        "、"
                    } else {
                        ", "
                    }))
                )
            };
            let _ = write!(
                h,
                "<div class=\"story\"><p><b>{}</b></p><p>{}</p>{people}</div>",
                esc(&s.title),
                esc(&s.note)
            );
        }
        None => {
            let _ = write!(h, "<p class=\"muted\">{}</p>", esc(w.no_story));
        }
    }
    h.push_str("</section>");
}

/// The digest as one self-contained HTML page.
pub fn render_html(d: &Digest) -> String {
    let w = words(d.language);
    let lang = if d.language == ReportLanguage::Ja {
        "ja"
    } else {
        "en"
    };
    let when = week_label(d);
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{} — {} {}</title><style>{CSS}</style></head><body><header><h1>{}</h1><p class=\"sub\">{} · {} · {}</p></header>",
        esc(w.title),
        esc(&d.department),
        esc(&when),
        esc(w.title),
        esc(&d.workspace),
        esc(&d.department),
        esc(&when),
    );
    figures(&mut h, d, w);
    waiting(&mut h, d, w);
    plan(&mut h, d, w);
    story(&mut h, d, w);
    let _ = write!(h, "<section class=\"guide\"><h2>{}</h2>", esc(w.guide));
    for step in w.guide_steps {
        let _ = write!(h, "<p>{}</p>", esc(step));
    }
    h.push_str("</section></body></html>");
    h
}
