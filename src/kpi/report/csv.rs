//! The report as one CSV table for Excel: `section,name,month,value,target`, UTF-8 with a BOM
//! and CRLF.

use super::MonthlyReport;

fn cell(v: &str) -> String {
    crate::csv_cell::cell(v)
}

/// The report as one CSV table: `section,name,month,value,target` (UTF-8 with a BOM, CRLF).
pub fn render_csv(r: &MonthlyReport) -> String {
    let d = &r.dashboard;
    let w = super::words::words(r.language);
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
                row.label("", w.others, w.too_small).to_string(),
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
