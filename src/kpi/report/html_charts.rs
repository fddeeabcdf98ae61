//! The HTML report's charts and QR codes, as inline SVG (no scripts, no remote content): each
//! KPI against its target over six months, posts and reactions per account, and codes that
//! open the top posts from paper. Every chart carries its numbers as a text alternative.

use super::html::esc;
use super::words::Words;
use super::{num, short_month, MonthlyReport};
use std::fmt::Write as _;

/// One small line chart per KPI: the months' values (solid) and the target (dotted).
pub(super) fn kpi_trend(r: &MonthlyReport, w: &Words) -> String {
    if r.kpi_trend.is_empty() {
        return String::new();
    }
    let mut h = format!("<section><h2>{}</h2><div class=\"trend\">", w.kpi_trend);
    for series in &r.kpi_trend {
        let Some(last) = series.months.last() else {
            continue;
        };
        let target = last.kpi.target;
        let top = series
            .months
            .iter()
            .filter_map(|p| p.value)
            .chain(target)
            .fold(0.0, f64::max);
        let top = crate::print::chart::nice_top(top);
        let (cw, ch, left, bottom) = (300.0, 120.0, 34.0, 18.0);
        let n = series.months.len().max(1) as f64;
        let x = |i: usize| left + (cw - left) * (i as f64 + 0.5) / n;
        let y = |v: f64| (ch - bottom) * (1.0 - (v / top).clamp(0.0, 1.0)) + 4.0;
        let alt: Vec<String> = series
            .months
            .iter()
            .map(|p| {
                format!(
                    "{} {}",
                    short_month(&p.month, r.language),
                    p.value.map_or_else(|| w.not_entered.to_string(), num)
                )
            })
            .collect();
        let label = format!(
            "{}: {}{}",
            last.kpi.name,
            alt.join(", "),
            target.map_or_else(String::new, |t| format!(" ({} {})", w.target, num(t)))
        );
        let _ = write!(
            h,
            "<figure><figcaption>{}</figcaption><svg class=\"chart\" viewBox=\"0 0 {cw} {}\" role=\"img\" aria-label=\"{}\">",
            esc(&last.kpi.name),
            ch + 4.0,
            esc(&label)
        );
        for v in [0.0, top / 2.0, top] {
            let _ = write!(
                h,
                "<line x1=\"{left}\" x2=\"{cw}\" y1=\"{0:.1}\" y2=\"{0:.1}\" stroke=\"#e5e7eb\"/><text x=\"{1}\" y=\"{2:.1}\" font-size=\"9\" text-anchor=\"end\" fill=\"#6b7280\">{3}</text>",
                y(v),
                left - 4.0,
                y(v) + 3.0,
                num(v)
            );
        }
        for (i, p) in series.months.iter().enumerate() {
            let _ = write!(
                h,
                "<text x=\"{:.1}\" y=\"{}\" font-size=\"9\" text-anchor=\"middle\" fill=\"#6b7280\">{}</text>",
                x(i),
                ch + 2.0,
                esc(&short_month(&p.month, r.language))
            );
        }
        if let Some(t) = target {
            let _ = write!(
                h,
                "<line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{2:.1}\" y2=\"{2:.1}\" stroke=\"#e07b39\" stroke-dasharray=\"4 3\" stroke-width=\"1.5\"/>",
                x(0),
                x(series.months.len().saturating_sub(1)),
                y(t)
            );
        }
        // The values: a line through the months that have one, broken where one is missing.
        let mut d = String::new();
        let mut pen = false;
        for (i, p) in series.months.iter().enumerate() {
            match p.value {
                Some(v) => {
                    let _ = write!(d, "{}{:.1} {:.1}", if pen { "L" } else { "M" }, x(i), y(v));
                    let _ = write!(
                        h,
                        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"5\" height=\"5\" fill=\"#3d5a99\"/>",
                        x(i) - 2.5,
                        y(v) - 2.5
                    );
                    pen = true;
                }
                None => pen = false,
            }
        }
        let _ = write!(
            h,
            "<path d=\"{d}\" fill=\"none\" stroke=\"#3d5a99\" stroke-width=\"2\"/></svg></figure>"
        );
    }
    let _ = write!(
        h,
        "</div><p class=\"muted small\">{}</p></section>",
        w.trend_legend
    );
    h
}

/// Posts and reactions per account, as a table with bars.
pub(super) fn accounts(r: &MonthlyReport, w: &Words) -> String {
    let mut h = format!("<section><h2>{}</h2>", w.by_account);
    if r.accounts.is_empty() {
        let _ = write!(h, "<p class=\"muted\">{}</p></section>", w.no_accounts);
        return h;
    }
    let most_posts = r.accounts.iter().map(|a| a.posts).max().unwrap_or(0).max(1);
    let most_reactions = r
        .accounts
        .iter()
        .map(|a| a.reactions)
        .max()
        .unwrap_or(0)
        .max(1);
    let _ = write!(
        h,
        "<table><tr><th></th><th>{}</th><th>{}</th></tr>",
        w.posts, w.reactions
    );
    for a in &r.accounts {
        let _ = write!(
            h,
            "<tr><td>{}</td><td><span class=\"bar\"><span style=\"width:{:.0}%\"></span></span> {}</td><td><span class=\"bar\"><span style=\"width:{:.0}%\"></span></span> {}</td></tr>",
            esc(&a.label()),
            f64::from(a.posts) / f64::from(most_posts) * 100.0,
            a.posts,
            a.reactions as f64 / most_reactions as f64 * 100.0,
            num(a.reactions as f64)
        );
    }
    h.push_str("</table></section>");
    h
}

/// QR codes that open the top posts that have a public address.
pub(super) fn top_codes(r: &MonthlyReport, w: &Words) -> String {
    let mut codes = String::new();
    for t in r
        .dashboard
        .top_posts
        .iter()
        .filter(|t| t.url.is_some())
        .take(4)
    {
        let Some(url) = t.url.as_deref() else {
            continue;
        };
        if let Ok(svg) = crate::print::qr::svg(url, &format!("{} {}", w.scan, t.title)) {
            let _ = write!(
                codes,
                "<figure class=\"qr\">{svg}<figcaption class=\"small\">{}</figcaption></figure>",
                esc(&t.title)
            );
        }
    }
    if codes.is_empty() {
        return codes;
    }
    format!(
        "<p class=\"muted small\">{}</p><div class=\"codes\">{codes}</div>",
        w.scan
    )
}
