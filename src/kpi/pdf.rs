//! The monthly report as a PDF: A4 pages with the same sections, in the same order, as the
//! HTML, plus charts (each KPI against its target over six months, the platforms' months,
//! posts and reactions per account) and QR codes that open the month's top posts from paper.
//! Laid out with [`crate::print`], which writes the PDF with the Japanese font embedded.

use crate::error::Result;
use crate::kpi::report::{
    month_label, num, platform_name, short_month, warmth, words, AccountResult, MonthlyReport,
    ReportLanguage, Words,
};
use crate::kpi::KpiMetric;
use crate::print::chart::{bar_chart, line_chart, Frame, Line};
use crate::print::{rgb, Align, Cell, Doc, PageSize, Rgb, ACCENT, INK, MUTED};

const BODY: f64 = 9.5;

/// Bars per platform, one a month (oldest lightest): reactions, or posts while there are no
/// reactions yet, as the HTML report draws them.
fn platform_chart(doc: &mut Doc, d: &crate::kpi::dashboard::Dashboard, w: &Words) {
    let Some(b) = crate::kpi::report::bars_of(d) else {
        return;
    };
    let h = 110.0;
    doc.need(h + 24.0);
    doc.y -= h + 4.0;
    let groups: Vec<(String, Vec<f64>)> = b
        .rows
        .iter()
        .map(|(p, v)| {
            (
                platform_name(*p).to_string(),
                v.iter().map(|x| *x as f64).collect(),
            )
        })
        .collect();
    let shades = [(0.79, 0.84, 0.92), (0.54, 0.65, 0.82), ACCENT];
    let colors = &shades[shades.len().saturating_sub(d.months.len())..];
    let f = Frame {
        x: doc.margin,
        y: doc.y,
        w: doc.body_width(),
        h,
    };
    bar_chart(doc, f, &groups, colors, &|v| num(v));
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

/// Each KPI against its target over six months, two charts a row.
fn kpi_trend(doc: &mut Doc, r: &MonthlyReport, w: &Words) {
    if r.kpi_trend.is_empty() {
        return;
    }
    doc.heading(w.kpi_trend);
    let labels: Vec<String> = r
        .kpi_trend
        .first()
        .map(|s| {
            s.months
                .iter()
                .map(|p| short_month(&p.month, r.language))
                .collect()
        })
        .unwrap_or_default();
    let (gap, h) = (18.0, 104.0);
    let cw = (doc.body_width() - gap) / 2.0;
    for pair in r.kpi_trend.chunks(2) {
        doc.need(h + 20.0);
        doc.y -= 14.0;
        let top = doc.y;
        for (k, series) in pair.iter().enumerate() {
            let Some(last) = series.months.last() else {
                continue;
            };
            let x = doc.margin + k as f64 * (cw + gap);
            let name = doc.fit(&last.kpi.name, 9.0, cw);
            doc.text(x, top, 9.0, &name, INK);
            let mut lines = vec![Line {
                values: series.months.iter().map(|p| p.value).collect(),
                color: ACCENT,
                dashed: false,
            }];
            if let Some(t) = last.kpi.target {
                lines.push(Line {
                    values: vec![Some(t); series.months.len()],
                    color: (0.88, 0.48, 0.22),
                    dashed: true,
                });
            }
            let f = Frame {
                x,
                y: top - h,
                w: cw,
                h: h - 8.0,
            };
            line_chart(doc, f, &labels, &lines, &|v| num(v));
        }
        doc.y = top - h;
    }
    doc.para(w.trend_legend, 7.5, MUTED);
}

/// Posts, then reactions, per account: one chart each across the page.
fn accounts(doc: &mut Doc, r: &MonthlyReport, w: &Words) {
    let h = 96.0;
    doc.need(2.0 * (h + 16.0) + 30.0);
    doc.heading(w.by_account);
    if r.accounts.is_empty() {
        doc.para(w.no_accounts, BODY, MUTED);
        return;
    }
    type Pick = fn(&AccountResult) -> f64;
    let picks: [(&str, Pick, Rgb); 2] = [
        (w.posts, |a| f64::from(a.posts), (0.54, 0.65, 0.82)),
        (w.reactions, |a| a.reactions as f64, ACCENT),
    ];
    for (title, pick, color) in picks {
        doc.need(h + 16.0);
        doc.y -= 14.0;
        let x = doc.margin;
        doc.text(x, doc.y, 9.0, title, INK);
        let groups: Vec<(String, Vec<f64>)> = r
            .accounts
            .iter()
            .take(10)
            .map(|a| (a.label(), vec![pick(a)]))
            .collect();
        let f = Frame {
            x,
            y: doc.y - h,
            w: doc.body_width(),
            h: h - 6.0,
        };
        bar_chart(doc, f, &groups, &[color], &|v| num(v));
        doc.y -= h;
    }
}

/// QR codes of the top posts that have a public address, four a row, each with its title.
fn top_codes(doc: &mut Doc, r: &MonthlyReport, w: &Words) -> Result<()> {
    let linked: Vec<_> = r
        .dashboard
        .top_posts
        .iter()
        .filter_map(|t| t.url.as_deref().map(|u| (t.title.as_str(), u)))
        .take(4)
        .collect();
    if linked.is_empty() {
        return Ok(());
    }
    let size = 78.0;
    doc.need(size + 40.0);
    doc.y -= 6.0;
    doc.para(w.scan, 7.5, MUTED);
    doc.y -= size + 4.0;
    let cw = doc.body_width() / 4.0;
    for (i, (title, url)) in linked.into_iter().enumerate() {
        let x = doc.margin + i as f64 * cw;
        doc.qr(x + (cw - size) / 2.0, doc.y, size, url)?;
        let t = doc.fit(title, 7.5, cw - 6.0);
        let tw = doc.width(&t, 7.5);
        doc.text(x + (cw - tw) / 2.0, doc.y - 10.0, 7.5, &t, INK);
    }
    doc.y -= 16.0;
    Ok(())
}

/// The report as a PDF file.
pub fn render_pdf(r: &MonthlyReport) -> Result<Vec<u8>> {
    let w = words(r.language);
    let d = &r.dashboard;
    let month = month_label(&r.month, r.language);
    let mut doc = Doc::new(PageSize::A4, &format!("{} {month}", w.title), true)?;
    let margin = doc.margin;
    let body_w = doc.body_width();
    doc.y -= 18.0;
    doc.text(margin, doc.y, 18.0, w.title, INK);
    doc.y -= 16.0;
    doc.text(
        margin,
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
        let lines = doc.wrap(&s.note, BODY, body_w - 14.0);
        let h = 16.0 + lines.len() as f64 * BODY * 1.5 + 6.0;
        doc.need(h + 4.0);
        doc.y -= 4.0;
        doc.rect(margin, doc.y - h, body_w, h, (1.0, 0.97, 0.93));
        doc.rect(margin, doc.y - h, 3.0, h, (0.88, 0.48, 0.22));
        doc.y -= 14.0;
        doc.text(margin + 10.0, doc.y, BODY, &s.title, INK);
        for line in lines {
            doc.y -= BODY * 1.5;
            doc.text(margin + 10.0, doc.y, BODY, &line, INK);
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
    kpi_trend(&mut doc, r, w);

    doc.heading(w.platforms);
    platform_chart(&mut doc, d, w);
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
                (super::report::words::titled(t, w), None),
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
    top_codes(&mut doc, r, w)?;
    accounts(&mut doc, r, w);

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
            let too_small = row.group == crate::kpi::temperature::Group::TooSmall;
            let mut cells = vec![
                (
                    row.label(w.no_department, w.others, w.too_small)
                        .to_string(),
                    None,
                ),
                (
                    if too_small {
                        String::new()
                    } else {
                        row.headcount.to_string()
                    },
                    None,
                ),
            ];
            if too_small {
                cells.extend(t.months.iter().map(|_| (String::new(), None)));
            }
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
