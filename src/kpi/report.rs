//! The monthly report for the management meeting: success stories first, then the KPIs
//! against their targets, reach and engagement per platform over three months, cadence kept
//! against the plan, the month's top posts, results per theme and purpose, the temperature
//! map, thanks to everyone who took part (by name, never ranked), and next month's themes.
//!
//! Every number comes from [`Workspace::dashboard`], so the report and the dashboard never
//! disagree. HTML is one self-contained A4 page set (inline CSS and SVG, no scripts, no
//! remote content) that prints as it shows; CSV is one flat table (UTF-8 with a BOM and CRLF,
//! which Excel opens with the Japanese intact).

use super::dashboard::Dashboard;
use super::KpiMetric;
use crate::calendar::{Theme, YearMonth};
use crate::error::Result;
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use ts_rs::TS;

/// The report's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ReportLanguage {
    /// 日本語.
    Ja,
    /// English.
    En,
}

/// Everything the report shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MonthlyReport {
    /// The workspace (company or team) name.
    pub workspace: String,
    /// `YYYY-MM`.
    pub month: String,
    /// Its language.
    pub language: ReportLanguage,
    /// The numbers of the month and the two before it (for the trends).
    pub dashboard: Dashboard,
    /// Everyone who took part in the month, by name.
    pub contributors: Vec<String>,
    /// Thanks and highlights given in the month: (name, note).
    pub recognitions: Vec<(String, String)>,
    /// Next month's themes.
    pub next_themes: Vec<Theme>,
}

pub(super) struct Words {
    pub(super) title: &'static str,
    pub(super) successes: &'static str,
    pub(super) no_successes: &'static str,
    pub(super) kpis: &'static str,
    pub(super) no_kpis: &'static str,
    pub(super) kpi: &'static str,
    pub(super) value: &'static str,
    pub(super) target: &'static str,
    pub(super) progress: &'static str,
    pub(super) not_entered: &'static str,
    pub(super) platforms: &'static str,
    pub(super) platform: &'static str,
    pub(super) posts: &'static str,
    pub(super) reactions: &'static str,
    pub(super) impressions: &'static str,
    pub(super) planned: &'static str,
    pub(super) count: &'static str,
    pub(super) computed: &'static str,
    pub(super) chart_posts: &'static str,
    pub(super) chart_reactions: &'static str,
    pub(super) top: &'static str,
    pub(super) post: &'static str,
    pub(super) by_theme: &'static str,
    pub(super) by_purpose: &'static str,
    pub(super) none: &'static str,
    pub(super) temperature: &'static str,
    pub(super) department: &'static str,
    pub(super) no_department: &'static str,
    pub(super) people: &'static str,
    pub(super) change: &'static str,
    pub(super) thanks: &'static str,
    pub(super) no_thanks: &'static str,
    pub(super) next: &'static str,
    pub(super) no_next: &'static str,
    pub(super) made: &'static str,
}

const JA: Words = Words {
    title: "月次SNSレポート",
    successes: "成功事例",
    no_successes: "今月は成功事例の登録がありません。",
    kpis: "KPIと目標",
    no_kpis: "KPIはまだ設定されていません。",
    kpi: "KPI",
    value: "実績",
    target: "目標",
    progress: "達成率",
    not_entered: "未入力",
    platforms: "媒体ごとの投稿と反応（3か月）",
    platform: "媒体",
    posts: "投稿数",
    reactions: "反応",
    impressions: "表示",
    planned: "計画（期間）",
    count: "件",
    computed: "ⓢ＝投稿と反応から自動で集計",
    chart_posts: "投稿数（月ごと、左から古い順）",
    chart_reactions: "反応（月ごと、左から古い順）",
    top: "反応の多かった投稿",
    post: "投稿",
    by_theme: "テーマ別",
    by_purpose: "目的別",
    none: "（なし）",
    temperature: "参加の温度マップ（部署×月）",
    department: "部署",
    no_department: "（部署なし）",
    people: "人数",
    change: "前月比",
    thanks: "ご協力ありがとうございました",
    no_thanks: "今月の参加者はまだいません。",
    next: "来月のテーマ",
    no_next: "来月のテーマはまだ決まっていません。",
    made: "Tsunaguで作成",
};

const EN: Words = Words {
    title: "Monthly social media report",
    successes: "Success stories",
    no_successes: "No success story was recorded this month.",
    kpis: "KPIs and targets",
    no_kpis: "No KPI is set yet.",
    kpi: "KPI",
    value: "Result",
    target: "Target",
    progress: "Progress",
    not_entered: "not entered",
    platforms: "Posts and reactions by platform (three months)",
    platform: "Platform",
    posts: "Posts",
    reactions: "Reactions",
    impressions: "Views",
    planned: "Planned (period)",
    count: "posts",
    computed: "ⓢ = counted from the posts and their reactions",
    chart_posts: "Posts (by month, oldest on the left)",
    chart_reactions: "Reactions (by month, oldest on the left)",
    top: "Posts with the most reactions",
    post: "Post",
    by_theme: "By theme",
    by_purpose: "By purpose",
    none: "(none)",
    temperature: "Participation map (department × month)",
    department: "Department",
    no_department: "(no department)",
    people: "People",
    change: "Change",
    thanks: "Thank you for taking part",
    no_thanks: "Nobody took part yet this month.",
    next: "Next month's themes",
    no_next: "Next month's themes are not set yet.",
    made: "Made with Tsunagu",
};

pub(super) fn words(l: ReportLanguage) -> &'static Words {
    match l {
        ReportLanguage::Ja => &JA,
        ReportLanguage::En => &EN,
    }
}

impl Workspace {
    /// The report of `month` in `language`.
    pub fn monthly_report(
        &self,
        month: YearMonth,
        language: ReportLanguage,
    ) -> Result<MonthlyReport> {
        let dashboard = self.dashboard(month.prev().prev(), month)?;
        let people = self.people()?;
        let name_of = |id: crate::ids::PersonId| {
            people
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.name.clone())
                .unwrap_or_default()
        };
        let mut contributors: Vec<String> = self
            .contributors(month)?
            .into_iter()
            .map(|c| name_of(c.person))
            .filter(|n| !n.is_empty())
            .collect();
        contributors.sort();
        let recognitions = self
            .recognitions(month)?
            .into_iter()
            .map(|r| (name_of(r.person), r.note))
            .collect();
        let next_themes = crate::calendar::month_themes(self.store().conn(), month.next())?;
        Ok(MonthlyReport {
            workspace: self.settings()?.name,
            month: month.to_string(),
            language,
            dashboard,
            contributors,
            recognitions,
            next_themes,
        })
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub(super) fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let n = v as i64;
        let s = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        if n < 0 {
            format!("-{out}")
        } else {
            out
        }
    } else {
        format!("{v:.1}")
    }
}

pub(super) fn month_label(month: &str, l: ReportLanguage) -> String {
    let (y, m) = month.split_once('-').unwrap_or((month, ""));
    match l {
        ReportLanguage::Ja => format!("{y}年{}月", m.trim_start_matches('0')),
        ReportLanguage::En => format!("{m}/{y}"),
    }
}

/// A blue to orange scale for a participation rate (0–1).
pub(super) fn warmth(rate: f64) -> String {
    let r = rate.clamp(0.0, 1.0);
    let mix = |a: f64, b: f64| (a + (b - a) * r).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(226.0, 244.0),
        mix(236.0, 162.0),
        mix(247.0, 97.0)
    )
}

/// One grouped bar chart per platform, one bar per month: reactions, or posts while there
/// are no reactions yet (an empty chart says nothing).
fn chart(d: &Dashboard, t: &Words) -> String {
    let platforms: Vec<_> = d
        .platforms
        .iter()
        .filter(|p| p.months.iter().any(|m| m.posts > 0 || m.reactions > 0))
        .collect();
    if platforms.is_empty() {
        return String::new();
    }
    let reacted = platforms
        .iter()
        .any(|p| p.months.iter().any(|m| m.reactions > 0));
    let value = |m: &super::dashboard::PlatformMonth| {
        if reacted {
            m.reactions
        } else {
            i64::from(m.posts)
        }
    };
    let max = platforms
        .iter()
        .flat_map(|p| p.months.iter().map(value))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let (w, h, group) = (640.0, 160.0, 640.0 / platforms.len() as f64);
    let bar = (group - 16.0) / d.months.len().max(1) as f64;
    let shades = ["#c9d6ea", "#8aa6d1", "#3d5a99"];
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {w} {}\" role=\"img\">",
        h + 22.0
    );
    for (i, p) in platforms.iter().enumerate() {
        let x0 = i as f64 * group + 8.0;
        for (j, m) in p.months.iter().enumerate() {
            let v = value(m);
            let bh = (v as f64 / max * (h - 14.0)).max(if v > 0 { 1.0 } else { 0.0 });
            let shade = shades[(shades.len() + j)
                .saturating_sub(p.months.len())
                .min(shades.len() - 1)];
            let _ = write!(
                svg,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"{shade}\"><title>{} {}: {}</title></rect>",
                x0 + j as f64 * bar,
                h - bh,
                (bar - 2.0).max(1.0),
                esc(p.platform.as_str()),
                esc(&m.month),
                v
            );
        }
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
            x0 + (group - 16.0) / 2.0,
            h + 16.0,
            esc(platform_name(p.platform))
        );
    }
    svg.push_str("</svg>");
    let caption = if reacted {
        t.chart_reactions
    } else {
        t.chart_posts
    };
    format!("<figure>{svg}<figcaption class=\"muted small\">{caption}</figcaption></figure>")
}

pub(super) fn platform_name(p: crate::model::Platform) -> &'static str {
    use crate::model::Platform::*;
    match p {
        X => "X",
        Bluesky => "Bluesky",
        Mastodon => "Mastodon",
        Linkedin => "LinkedIn",
        Facebook => "Facebook",
        Instagram => "Instagram",
        Threads => "Threads",
    }
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
            esc(&t.title),
            num(t.reactions as f64)
        );
    }
    h.push_str("</table></section>");
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
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td>",
            esc(row.department.as_deref().unwrap_or(w.no_department)),
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

const CSS: &str = "@page{size:A4;margin:14mm}body{font-family:'Noto Sans CJK JP','Noto Sans JP','Hiragino Sans','Yu Gothic',sans-serif;color:#1f2937;font-size:10.5pt;line-height:1.5;max-width:182mm;margin:0 auto}h1{font-size:18pt;margin:0}h2{font-size:12pt;border-bottom:2px solid #3d5a99;padding-bottom:2px;margin:14px 0 6px}.sub{color:#6b7280;margin:2px 0 8px}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e5e7eb;padding:3px 6px;text-align:left;vertical-align:top}th{font-size:9pt;color:#4b5563}.n{text-align:right;white-space:nowrap}.muted{color:#6b7280}.small{font-size:8.5pt}.story{border-left:4px solid #e07b39;background:#fff7ed;padding:4px 8px;margin:4px 0}.story p{margin:2px 0}.bar{display:inline-block;width:60px;height:8px;background:#e5e7eb;vertical-align:middle}.bar span{display:block;height:8px;background:#3d5a99}.chart{width:100%;height:auto;margin:4px 0}figure{margin:0}.map td{text-align:center}.half{display:inline-block;width:49%;vertical-align:top}.theme{border-left:4px solid;padding:2px 8px;margin:4px 0}footer{margin-top:18px;color:#9ca3af;font-size:8pt;text-align:right}section{break-inside:avoid}";

fn cell(v: &str) -> String {
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

/// The report as one CSV table: `section,name,month,value,target` (UTF-8 with a BOM, CRLF).
pub fn render_csv(r: &MonthlyReport) -> String {
    let d = &r.dashboard;
    let mut rows: Vec<[String; 5]> =
        vec![["section", "name", "month", "value", "target"].map(String::from)];
    let opt = |v: Option<f64>| v.map(num_plain).unwrap_or_default();
    for s in &d.kpis {
        for p in &s.months {
            rows.push([
                "kpi".into(),
                p.kpi.name.clone(),
                p.month.clone(),
                opt(p.value),
                opt(p.kpi.target),
            ]);
        }
    }
    for p in &d.platforms {
        for m in &p.months {
            let name = p.platform.as_str();
            rows.push([
                "posts".into(),
                name.into(),
                m.month.clone(),
                m.posts.to_string(),
                String::new(),
            ]);
            rows.push([
                "reactions".into(),
                name.into(),
                m.month.clone(),
                m.reactions.to_string(),
                String::new(),
            ]);
            rows.push([
                "impressions".into(),
                name.into(),
                m.month.clone(),
                m.impressions.map(|v| v.to_string()).unwrap_or_default(),
                String::new(),
            ]);
        }
        if let Some(planned) = p.planned {
            rows.push([
                "planned".into(),
                p.platform.as_str().into(),
                d.months.join(".."),
                planned.to_string(),
                String::new(),
            ]);
        }
    }
    for t in &d.top_posts {
        rows.push([
            "top_post".into(),
            t.title.clone(),
            r.month.clone(),
            t.reactions.to_string(),
            String::new(),
        ]);
    }
    for (section, groups) in [("theme", &d.by_theme), ("purpose", &d.by_purpose)] {
        for g in groups {
            rows.push([
                section.into(),
                g.name.clone().unwrap_or_default(),
                d.months.join(".."),
                g.reactions.to_string(),
                g.posts.to_string(),
            ]);
        }
    }
    for row in &d.temperature.rows {
        for c in &row.cells {
            rows.push([
                "participation".into(),
                row.department.clone().unwrap_or_default(),
                c.month.clone(),
                format!("{:.4}", c.rate),
                c.participants.to_string(),
            ]);
        }
    }
    for s in &d.successes {
        rows.push([
            "success".into(),
            s.title.clone(),
            r.month.clone(),
            s.note.clone(),
            String::new(),
        ]);
    }
    for n in &r.contributors {
        rows.push([
            "contributor".into(),
            n.clone(),
            r.month.clone(),
            String::new(),
            String::new(),
        ]);
    }
    let mut out = String::from("\u{feff}");
    for row in rows {
        let line: Vec<String> = row.iter().map(|v| cell(v)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

fn num_plain(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::{esc, num, warmth};

    #[test]
    fn numbers_text_and_colours_are_written_safely() {
        assert_eq!(num(1234567.0), "1,234,567");
        assert_eq!(num(-1200.0), "-1,200");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(
            esc("<b>\"A&B\"</b>"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;"
        );
        assert_eq!(warmth(0.0), "#e2ecf7");
        assert_eq!(warmth(1.0), "#f4a261");
    }
}
