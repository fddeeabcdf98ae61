//! The report laid out on A4 pages: the same sections, in the same order, as the HTML.

use super::{rgb, Align, Cell, Doc, ACCENT, BODY, INK, MARGIN, MUTED, PAGE_W};
use crate::error::Result;
use crate::kpi::report::{
    month_label, num, platform_name, warmth, words, MonthlyReport, ReportLanguage,
};
use crate::kpi::KpiMetric;

/// Bars per platform, one a month (oldest lightest): reactions, or posts while there are no
/// reactions yet, as the HTML report draws them.
fn chart(doc: &mut Doc, d: &crate::kpi::dashboard::Dashboard, w: &crate::kpi::report::Words) {
    let Some(b) = crate::kpi::report::bars_of(d) else {
        return;
    };
    let max = b.max as f64;
    let (height, width) = (90.0, PAGE_W - 2.0 * MARGIN);
    doc.need(height + 34.0);
    doc.y -= height + 6.0;
    let base = doc.y;
    let group = width / b.rows.len() as f64;
    let bar = (group - 14.0) / d.months.len().max(1) as f64;
    let shades = [(0.79, 0.84, 0.92), (0.54, 0.65, 0.82), ACCENT];
    for (i, (platform, values)) in b.rows.iter().enumerate() {
        let x0 = MARGIN + i as f64 * group + 7.0;
        for (j, v) in values.iter().enumerate() {
            let h = if *v > 0 {
                (*v as f64 / max * height).max(1.0)
            } else {
                0.0
            };
            let shade = shades[(shades.len() + j)
                .saturating_sub(values.len())
                .min(shades.len() - 1)];
            doc.rect(x0 + j as f64 * bar, base, (bar - 2.0).max(1.0), h, shade);
        }
        let label = platform_name(*platform);
        let lw = doc.font.width(label, 7.5);
        doc.text(
            x0 + (group - 14.0 - lw) / 2.0,
            base - 10.0,
            7.5,
            label,
            MUTED,
        );
    }
    doc.y = base - 14.0;
    doc.para(
        if b.reactions {
            w.chart_reactions
        } else {
            w.chart_posts
        },
        7.5,
        MUTED,
    );
}

/// The report as a PDF file.
pub fn render_pdf(r: &MonthlyReport) -> Result<Vec<u8>> {
    let w = words(r.language);
    let d = &r.dashboard;
    let mut doc = Doc::new()?;
    let month = month_label(&r.month, r.language);
    doc.y -= 18.0;
    doc.text(MARGIN, doc.y, 18.0, w.title, INK);
    doc.y -= 16.0;
    doc.text(
        MARGIN,
        doc.y,
        10.0,
        &format!("{} · {month}", r.workspace),
        MUTED,
    );

    doc.heading(w.successes);
    if d.successes.is_empty() {
        doc.para(w.no_successes, BODY, MUTED);
    }
    for s in &d.successes {
        let lines = doc.wrap(&s.note, BODY, PAGE_W - 2.0 * MARGIN - 14.0);
        let h = 16.0 + lines.len() as f64 * BODY * 1.5 + 6.0;
        doc.need(h + 4.0);
        doc.y -= 4.0;
        doc.rect(
            MARGIN,
            doc.y - h,
            PAGE_W - 2.0 * MARGIN,
            h,
            (1.0, 0.97, 0.93),
        );
        doc.rect(MARGIN, doc.y - h, 3.0, h, (0.88, 0.48, 0.22));
        doc.y -= 14.0;
        doc.text(MARGIN + 10.0, doc.y, BODY, &s.title, INK);
        for line in lines {
            doc.y -= BODY * 1.5;
            doc.text(MARGIN + 10.0, doc.y, BODY, &line, INK);
        }
        doc.y -= 8.0;
    }

    doc.heading(w.kpis);
    if d.kpis.is_empty() {
        doc.para(w.no_kpis, BODY, MUTED);
    } else {
        let rows: Vec<Vec<Cell>> = d
            .kpis
            .iter()
            .filter_map(|s| s.months.last())
            .map(|p| {
                let mark = if p.kpi.metric == KpiMetric::External {
                    ""
                } else {
                    " ⓢ"
                };
                let purpose = p
                    .kpi
                    .purpose_name
                    .as_deref()
                    .map(|n| format!("（{n}）"))
                    .unwrap_or_default();
                vec![
                    (format!("{}{mark}{purpose}", p.kpi.name), None),
                    (p.value.map_or_else(|| w.not_entered.to_string(), num), None),
                    (p.kpi.target.map_or_else(String::new, num), None),
                    (
                        p.ratio
                            .map_or_else(String::new, |q| format!("{:.0}%", q * 100.0)),
                        None,
                    ),
                ]
            })
            .collect();
        doc.table(
            &[
                (0.55, Align::Left),
                (0.15, Align::Right),
                (0.15, Align::Right),
                (0.15, Align::Right),
            ],
            &[w.kpi, w.value, w.target, w.progress].map(String::from),
            &rows,
        );
        doc.para(w.computed, 7.5, MUTED);
    }

    doc.heading(w.platforms);
    chart(&mut doc, d, w);
    let mut header = vec![w.platform.to_string()];
    header.extend(
        d.months
            .iter()
            .map(|m| format!("{} {}/{}", month_label(m, r.language), w.posts, w.reactions)),
    );
    header.push(w.impressions.to_string());
    header.push(w.planned.to_string());
    let n = d.months.len() as f64;
    let mut cols = vec![(0.16, Align::Left)];
    cols.extend((0..d.months.len()).map(|_| (0.60 / n, Align::Right)));
    cols.push((0.11, Align::Right));
    cols.push((0.13, Align::Right));
    let rows: Vec<Vec<_>> = d
        .platforms
        .iter()
        .map(|p| {
            let mut row = vec![(platform_name(p.platform).to_string(), None)];
            row.extend(
                p.months
                    .iter()
                    .map(|m| (format!("{} / {}", m.posts, num(m.reactions as f64)), None)),
            );
            row.push((
                p.months
                    .last()
                    .and_then(|m| m.impressions)
                    .map_or_else(|| "—".into(), |v| num(v as f64)),
                None,
            ));
            row.push((
                p.planned.map_or_else(|| "—".into(), |v| v.to_string()),
                None,
            ));
            row
        })
        .collect();
    doc.table(&cols, &header, &rows);

    doc.heading(w.top);
    let rows: Vec<Vec<_>> = d
        .top_posts
        .iter()
        .map(|t| {
            vec![
                (t.title.clone(), None),
                (num(t.reactions as f64), None),
                (
                    t.impressions.map_or_else(|| "—".into(), |v| num(v as f64)),
                    None,
                ),
            ]
        })
        .collect();
    doc.table(
        &[
            (0.7, Align::Left),
            (0.15, Align::Right),
            (0.15, Align::Right),
        ],
        &[w.post, w.reactions, w.impressions].map(String::from),
        &rows,
    );

    for (title, groups) in [(w.by_theme, &d.by_theme), (w.by_purpose, &d.by_purpose)] {
        doc.heading(title);
        let rows: Vec<Vec<_>> = groups
            .iter()
            .map(|g| {
                vec![
                    (g.name.clone().unwrap_or_else(|| w.none.to_string()), None),
                    (format!("{} {}", g.posts, w.count), None),
                    (format!("{} {}", num(g.reactions as f64), w.reactions), None),
                ]
            })
            .collect();
        doc.table(
            &[(0.6, Align::Left), (0.2, Align::Right), (0.2, Align::Right)],
            &[String::new(), w.posts.to_string(), w.reactions.to_string()],
            &rows,
        );
    }

    doc.heading(w.temperature);
    let t = &d.temperature;
    let mut header = vec![w.department.to_string(), w.people.to_string()];
    header.extend(t.months.iter().map(|m| month_label(m, r.language)));
    header.push(w.change.to_string());
    let k = t.months.len().max(1) as f64;
    let mut cols = vec![(0.26, Align::Left), (0.08, Align::Right)];
    cols.extend((0..t.months.len()).map(|_| (0.54 / k, Align::Right)));
    cols.push((0.12, Align::Right));
    let rows: Vec<Vec<_>> = t
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![
                (
                    row.department
                        .clone()
                        .unwrap_or_else(|| w.no_department.to_string()),
                    None,
                ),
                (row.headcount.to_string(), None),
            ];
            cells.extend(row.cells.iter().map(|c| {
                (
                    format!("{:.0}%", c.rate * 100.0),
                    Some(rgb(&warmth(c.rate))),
                )
            }));
            cells.push((
                row.change
                    .map_or_else(String::new, |c| format!("{:+.0}pt", c * 100.0)),
                None,
            ));
            cells
        })
        .collect();
    doc.table(&cols, &header, &rows);

    doc.heading(w.thanks);
    if r.contributors.is_empty() {
        doc.para(w.no_thanks, BODY, MUTED);
    } else {
        let sep = if r.language == ReportLanguage::Ja {
            "、"
        } else {
            ", "
        };
        doc.para(&r.contributors.join(sep), BODY, INK);
    }
    for (name, note) in &r.recognitions {
        doc.para(&format!("{name} — {note}"), BODY, INK);
    }
    doc.heading(w.next);
    if r.next_themes.is_empty() {
        doc.para(w.no_next, BODY, MUTED);
    }
    for th in &r.next_themes {
        doc.para(&format!("■ {}  {}", th.title, th.description), BODY, INK);
    }
    doc.y -= 10.0;
    doc.para(w.made, 7.5, MUTED);
    doc.finish()
}
