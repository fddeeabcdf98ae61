//! Charts drawn as vector shapes on a page: a line chart (a KPI against its target over the
//! months) and grouped bars (posts and reactions per account). Each draws into a box the
//! caller gives, with its own axis labels, so the same chart fits an A4 report or a slide.

use super::{Doc, Rgb, MUTED, RULE};

/// One line of a line chart.
pub struct Line {
    /// One value per label; `None` leaves a gap (a month nobody entered).
    pub values: Vec<Option<f64>>,
    /// Its colour.
    pub color: Rgb,
    /// Dashed (a target) or solid (the values).
    pub dashed: bool,
}

/// A box on the page: left, bottom, width, height.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    /// Left edge.
    pub x: f64,
    /// Bottom edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

/// A round top for an axis that holds `max`: 1, 2 or 5 times a power of ten.
pub fn nice_top(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|k| k * p)
        .find(|t| *t >= max)
        .unwrap_or(10.0 * p)
}

/// The top of the axis for `values`: counts (whole numbers) keep a whole middle gridline.
fn axis_top(values: &[f64]) -> f64 {
    let max = values.iter().copied().fold(0.0, f64::max);
    let top = nice_top(max);
    if values.iter().all(|v| v.fract() == 0.0) && top < 2.0 {
        2.0
    } else {
        top
    }
}

/// Gridlines at 0, half and the top, each labelled with `fmt`; returns the plot's frame (the
/// box less the room for the labels).
fn axes(
    doc: &mut Doc,
    f: Frame,
    top: f64,
    labels: &[String],
    fmt: &dyn Fn(f64) -> String,
) -> Frame {
    let label_w = [0.0, top / 2.0, top]
        .iter()
        .map(|v| doc.width(&fmt(*v), 7.0))
        .fold(0.0, f64::max);
    let plot = Frame {
        x: f.x + label_w + 4.0,
        y: f.y + 12.0,
        w: f.w - label_w - 4.0,
        h: f.h - 12.0,
    };
    for (k, v) in [0.0, top / 2.0, top].into_iter().enumerate() {
        let gy = plot.y + plot.h * k as f64 / 2.0;
        doc.rect(plot.x, gy, plot.w, if k == 0 { 0.6 } else { 0.3 }, RULE);
        let t = fmt(v);
        let tw = doc.width(&t, 7.0);
        doc.text(plot.x - 3.0 - tw, gy - 2.3, 7.0, &t, MUTED);
    }
    let n = labels.len().max(1) as f64;
    for (i, l) in labels.iter().enumerate() {
        let cx = plot.x + plot.w * (i as f64 + 0.5) / n;
        let t = doc.fit(l, 7.0, plot.w / n - 2.0);
        let tw = doc.width(&t, 7.0);
        doc.text(cx - tw / 2.0, f.y + 2.0, 7.0, &t, MUTED);
    }
    plot
}

/// A line chart of `lines` over `labels` in frame `f`; values are labelled with `fmt`.
pub fn line_chart(
    doc: &mut Doc,
    f: Frame,
    labels: &[String],
    lines: &[Line],
    fmt: &dyn Fn(f64) -> String,
) {
    let values: Vec<f64> = lines
        .iter()
        .flat_map(|l| l.values.iter().flatten().copied())
        .collect();
    let top = axis_top(&values);
    let plot = axes(doc, f, top, labels, fmt);
    let n = labels.len().max(1) as f64;
    let at = |i: usize, v: f64| {
        (
            plot.x + plot.w * (i as f64 + 0.5) / n,
            plot.y + plot.h * (v / top).clamp(0.0, 1.0),
        )
    };
    for line in lines {
        // A gap splits the line; each point gets a small square marker.
        let mut run: Vec<(f64, f64)> = Vec::new();
        for (i, v) in line.values.iter().enumerate() {
            match v {
                Some(v) => {
                    let p = at(i, *v);
                    run.push(p);
                    if !line.dashed {
                        doc.rect(p.0 - 1.8, p.1 - 1.8, 3.6, 3.6, line.color);
                    }
                }
                None => doc.line(std::mem::take(&mut run), 1.4, line.color, line.dashed),
            }
        }
        doc.line(run, 1.4, line.color, line.dashed);
    }
    // The last value, written beside its point.
    if let Some(last) = lines.iter().find(|l| !l.dashed) {
        if let Some((i, v)) = last
            .values
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, v)| v.map(|v| (i, v)))
        {
            let (px, py) = at(i, v);
            let t = fmt(v);
            let tw = doc.width(&t, 7.5);
            doc.text((px - tw / 2.0).max(plot.x), py + 4.0, 7.5, &t, last.color);
        }
    }
}

/// Grouped bars: for each group (its label and one value per series), a bar per series in
/// `colors`, with its value above it.
pub fn bar_chart(
    doc: &mut Doc,
    f: Frame,
    groups: &[(String, Vec<f64>)],
    colors: &[Rgb],
    fmt: &dyn Fn(f64) -> String,
) {
    let values: Vec<f64> = groups.iter().flat_map(|(_, v)| v.iter().copied()).collect();
    let top = axis_top(&values);
    let labels: Vec<String> = groups.iter().map(|(l, _)| l.clone()).collect();
    let plot = axes(doc, f, top, &labels, fmt);
    let n = groups.len().max(1) as f64;
    let group_w = plot.w / n;
    let per = colors.len().max(1) as f64;
    let bar_w = ((group_w - 10.0) / per).clamp(2.0, 28.0);
    for (i, (_, values)) in groups.iter().enumerate() {
        let start = plot.x + group_w * i as f64 + (group_w - bar_w * per) / 2.0;
        for (j, v) in values.iter().enumerate() {
            let h = if *v > 0.0 {
                (v / top * plot.h).max(0.8)
            } else {
                0.0
            };
            let color = colors.get(j).copied().unwrap_or(MUTED);
            let bx = start + bar_w * j as f64;
            doc.rect(bx + 0.6, plot.y, bar_w - 1.2, h, color);
            let t = fmt(*v);
            let tw = doc.width(&t, 6.5);
            if *v != 0.0 && tw <= bar_w + 6.0 {
                doc.text(bx + (bar_w - tw) / 2.0, plot.y + h + 2.0, 6.5, &t, MUTED);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::nice_top;

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(nice_top(0.0), 1.0);
        assert_eq!(nice_top(7.0), 10.0);
        assert_eq!(nice_top(12.0), 20.0);
        assert_eq!(nice_top(20.0), 20.0);
        assert_eq!(nice_top(430.0), 500.0);
        assert_eq!(nice_top(0.3), 0.5);
        assert_eq!(
            super::axis_top(&[0.0, 1.0]),
            2.0,
            "counts keep a whole middle line"
        );
        assert_eq!(super::axis_top(&[0.3]), 0.5);
    }
}
