//! The report as one self-contained HTML document for A4: inline CSS and SVG, no scripts, no
//! remote content; it prints as it shows.

use super::words::{words, Words};
use super::{bars_of, month_label, num, platform_name, warmth, MonthlyReport, ReportLanguage};
use crate::kpi::dashboard::Dashboard;
use crate::kpi::KpiMetric;
use std::fmt::Write as _;

pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One grouped bar chart per platform, one bar per month (see [`bars_of`]).
fn chart(d: &Dashboard, t: &Words) -> String {
    let Some(b) = bars_of(d) else {
        return String::new();
    };
    let max = b.max as f64;
    let (w, h, group) = (640.0, 160.0, 640.0 / b.rows.len() as f64);
    let bar = (group - 16.0) / d.months.len().max(1) as f64;
    let shades = ["#c9d6ea", "#8aa6d1", "#3d5a99"];
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {w} {}\" role=\"img\">",
        h + 22.0
    );
    for (i, (platform, values)) in b.rows.iter().enumerate() {
        let x0 = i as f64 * group + 8.0;
        for (j, v) in values.iter().enumerate() {
            let bh = (*v as f64 / max * (h - 14.0)).max(if *v > 0 { 1.0 } else { 0.0 });
            let shade = shades[(shades.len() + j)
                .saturating_sub(values.len())
                .min(shades.len() - 1)];
            let month = d.months.get(j).map(String::as_str).unwrap_or("");
            let _ = write!(
                svg,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"{shade}\"><title>{} {}: {v}</title></rect>",
                x0 + j as f64 * bar,
                h - bh,
                (bar - 2.0).max(1.0),
                esc(platform.as_str()),
                esc(month),
            );
        }
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
            x0 + (group - 16.0) / 2.0,
            h + 16.0,
            esc(platform_name(*platform))
        );
    }
    svg.push_str("</svg>");
    let caption = if b.reactions {
        t.chart_reactions
    } else {
        t.chart_posts
    };
    format!("<figure>{svg}<figcaption class=\"muted small\">{caption}</figcaption></figure>")
}

/// The report as one self-contained HTML document for A4.
pub fn render_html(r: &MonthlyReport) -> String {
    let w = words(r.language);
    let d = &r.dashboard;
    let month = month_label(&r.month, r.language);
    let lang = if r.language == ReportLanguage::Ja {
        "ja"
    } else {
        "en"
    };
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{} {} — {}</title><style>{CSS}</style></head><body>",
        esc(w.title),
        esc(&month),
        esc(&r.workspace)
    );
    let _ = write!(
        h,
        "<header><h1>{}</h1><p class=\"sub\">{} · {}</p></header>",
        esc(w.title),
        esc(&r.workspace),
        esc(&month)
    );
    // Success stories lead.
    let _ = write!(h, "<section><h2>{}</h2>", w.successes);
    if d.successes.is_empty() {
        let _ = write!(h, "<p class=\"muted\">{}</p>", w.no_successes);
    }
    for s in &d.successes {
        let _ = write!(
            h,
            "<div class=\"story\"><strong>{}</strong><p>{}</p></div>",
            esc(&s.title),
            esc(&s.note)
        );
    }
    h.push_str("</section>");
    // KPIs of the month.
    let _ = write!(h, "<section><h2>{}</h2>", w.kpis);
    if d.kpis.is_empty() {
        let _ = write!(h, "<p class=\"muted\">{}</p>", w.no_kpis);
    } else {
        let _ = write!(
            h,
            "<table><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th></tr>",
            w.kpi, w.value, w.target, w.progress
        );
        for s in &d.kpis {
            let Some(p) = s.months.last() else { continue };
            let value = p.value.map_or_else(|| w.not_entered.to_string(), num);
            let target = p.kpi.target.map_or_else(String::new, num);
            let bar = p.ratio.map_or_else(String::new, |q| {
                format!(
                    "<span class=\"bar\"><span style=\"width:{:.0}%\"></span></span> {:.0}%",
                    (q * 100.0).min(100.0),
                    q * 100.0
                )
            });
            let purpose = p.kpi.purpose_name.as_deref().map_or_else(String::new, |n| {
                format!("<br><span class=\"muted small\">{}</span>", esc(n))
            });
            let kind = if p.kpi.metric == KpiMetric::External {
                ""
            } else {
                " ⓢ"
            };
            let _ = write!(h, "<tr><td>{}{kind}{purpose}</td><td class=\"n\">{value}</td><td class=\"n\">{target}</td><td>{bar}</td></tr>", esc(&p.kpi.name));
        }
        let _ = write!(h, "</table><p class=\"muted small\">{}</p>", w.computed);
    }
    h.push_str("</section>");
    h.push_str(&super::html_charts::kpi_trend(r, w));
    // Platforms over three months, with the plan.
    let _ = write!(h, "<section><h2>{}</h2>{}", w.platforms, chart(d, w));
    let _ = write!(h, "<table><tr><th>{}</th>", w.platform);
    for m in &d.months {
        let _ = write!(
            h,
            "<th class=\"n\">{}<br>{} / {}</th>",
            esc(&month_label(m, r.language)),
            w.posts,
            w.reactions
        );
    }
    let _ = write!(
        h,
        "<th class=\"n\">{}</th><th class=\"n\">{}</th></tr>",
        w.impressions, w.planned
    );
    for p in &d.platforms {
        let _ = write!(h, "<tr><td>{}</td>", platform_name(p.platform));
        for m in &p.months {
            let _ = write!(
                h,
                "<td class=\"n\">{} / {}</td>",
                m.posts,
                num(m.reactions as f64)
            );
        }
        let views = p
            .months
            .last()
            .and_then(|m| m.impressions)
            .map_or_else(|| "—".to_string(), |v| num(v as f64));
        let planned = p.planned.map_or_else(|| "—".to_string(), |v| v.to_string());
        let _ = write!(
            h,
            "<td class=\"n\">{views}</td><td class=\"n\">{planned}</td></tr>"
        );
    }
    h.push_str("</table></section>");
    // Top posts.
    let _ = write!(h, "<section><h2>{}</h2><table><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr>", w.top, w.post, w.reactions, w.impressions);
    for t in &d.top_posts {
        let views = t
            .impressions
            .map_or_else(|| "—".to_string(), |v| num(v as f64));
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{views}</td></tr>",
            esc(&super::words::titled(t, w)),
            num(t.reactions as f64)
        );
    }
    h.push_str("</table>");
    h.push_str(&super::html_charts::top_codes(r, w));
    h.push_str("</section>");
    h.push_str(&super::html_charts::accounts(r, w));
    // By theme and purpose.
    for (title, groups) in [(w.by_theme, &d.by_theme), (w.by_purpose, &d.by_purpose)] {
        let _ = write!(h, "<section class=\"half\"><h2>{title}</h2><table>");
        for g in groups {
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=\"n\">{} {}</td><td class=\"n\">{} {}</td></tr>",
                esc(g.name.as_deref().unwrap_or(w.none)),
                g.posts,
                w.count,
                num(g.reactions as f64),
                w.reactions
            );
        }
        h.push_str("</table></section>");
    }
    // The temperature map.
    let t = &d.temperature;
    let _ = write!(
        h,
        "<section><h2>{}</h2><table class=\"map\"><tr><th>{}</th><th class=\"n\">{}</th>",
        w.temperature, w.department, w.people
    );
    for m in &t.months {
        let _ = write!(h, "<th>{}</th>", esc(&month_label(m, r.language)));
    }
    let _ = write!(h, "<th class=\"n\">{}</th></tr>", w.change);
    for row in &t.rows {
        if row.group == crate::kpi::temperature::Group::TooSmall {
            // No figure at all, not even how many people.
            let _ = write!(
                h,
                "<tr><td>{}</td><td></td><td colspan=\"{}\"></td><td></td></tr>",
                esc(w.too_small),
                t.months.len().max(1)
            );
            continue;
        }
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td>",
            esc(row.label(w.no_department, w.others, w.too_small)),
            row.headcount
        );
        for c in &row.cells {
            let _ = write!(
                h,
                "<td style=\"background:{}\">{:.0}%</td>",
                warmth(c.rate),
                c.rate * 100.0
            );
        }
        let change = row
            .change
            .map_or_else(String::new, |c| format!("{:+.0}pt", c * 100.0));
        let _ = write!(h, "<td class=\"n\">{change}</td></tr>");
    }
    h.push_str("</table></section>");
    // Thanks, then next month.
    let _ = write!(h, "<section><h2>{}</h2>", w.thanks);
    if r.contributors.is_empty() {
        let _ = write!(h, "<p class=\"muted\">{}</p>", w.no_thanks);
    } else {
        let names: Vec<String> = r.contributors.iter().map(|n| esc(n)).collect();
        let _ = write!(
            h,
            "<p class=\"names\">{}</p>",
            names.join(if r.language == ReportLanguage::Ja {
                "、"
            } else {
                ", "
            })
        );
    }
    for (name, note) in &r.recognitions {
        let _ = write!(
            h,
            "<p class=\"thanks\"><strong>{}</strong> — {}</p>",
            esc(name),
            esc(note)
        );
    }
    h.push_str("</section>");
    let _ = write!(h, "<section><h2>{}</h2>", w.next);
    if r.next_themes.is_empty() {
        let _ = write!(h, "<p class=\"muted\">{}</p>", w.no_next);
    }
    for th in &r.next_themes {
        let _ = write!(
            h,
            "<div class=\"theme\" style=\"border-color:{}\"><strong>{}</strong> {}</div>",
            esc(&th.color),
            esc(&th.title),
            esc(&th.description)
        );
    }
    let _ = write!(h, "</section><footer>{}</footer></body></html>", w.made);
    h
}

const CSS: &str = "@page{size:A4;margin:14mm}body{font-family:'Noto Sans CJK JP','Noto Sans JP','Hiragino Sans','Yu Gothic',sans-serif;color:#1f2937;font-size:10.5pt;line-height:1.5;max-width:182mm;margin:0 auto}h1{font-size:18pt;margin:0}h2{font-size:12pt;border-bottom:2px solid #3d5a99;padding-bottom:2px;margin:14px 0 6px}.sub{color:#6b7280;margin:2px 0 8px}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e5e7eb;padding:3px 6px;text-align:left;vertical-align:top}th{font-size:9pt;color:#4b5563}.n{text-align:right;white-space:nowrap}.muted{color:#6b7280}.small{font-size:8.5pt}.story{border-left:4px solid #e07b39;background:#fff7ed;padding:4px 8px;margin:4px 0}.story p{margin:2px 0}.bar{display:inline-block;width:60px;height:8px;background:#e5e7eb;vertical-align:middle}.bar span{display:block;height:8px;background:#3d5a99}.chart{width:100%;height:auto;margin:4px 0}figure{margin:0}.map td{text-align:center}.half{display:inline-block;width:49%;vertical-align:top}.theme{border-left:4px solid;padding:2px 8px;margin:4px 0}footer{margin-top:18px;color:#9ca3af;font-size:8pt;text-align:right}section{break-inside:avoid}.trend{display:flex;flex-wrap:wrap;gap:12px}.trend figure{width:48%}.trend figcaption{font-size:9.5pt}.codes{display:flex;gap:16px}.qr{width:90px;text-align:center}.qr svg{width:90px;height:90px}";
