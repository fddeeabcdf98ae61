//! The monthly report as a PDF: A4 pages with the Japanese font embedded (subset), so the
//! file prints and reads the same on every machine with nothing installed, and its text can
//! be searched and copied (a ToUnicode map goes with the font). The same `MonthlyReport` as
//! the HTML, laid out in a few simple blocks: headings, wrapped paragraphs, tables, bars and
//! the temperature map's coloured cells.

mod font;

use super::report::{
    month_label, num, platform_name, warmth, words, MonthlyReport, ReportLanguage,
};
use super::KpiMetric;
use crate::error::Result;
use font::{Font, IPAEX_GOTHIC};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;

const PAGE_W: f64 = 595.28;
const PAGE_H: f64 = 841.89;
const MARGIN: f64 = 42.0;
const BODY: f64 = 9.5;
const INK: (f64, f64, f64) = (0.12, 0.16, 0.22);
const MUTED: (f64, f64, f64) = (0.42, 0.45, 0.50);
const ACCENT: (f64, f64, f64) = (0.24, 0.35, 0.60);

/// A colour, red green blue from 0 to 1.
type Rgb = (f64, f64, f64);
/// A table cell: its text and, optionally, its background.
type Cell = (String, Option<Rgb>);

/// Column alignment.
#[derive(Clone, Copy, PartialEq)]
enum Align {
    Left,
    Right,
}

struct Doc {
    font: Font,
    pages: Vec<String>,
    page: String,
    y: f64,
    used: BTreeSet<u16>,
    unicode: BTreeMap<u16, char>,
}

fn rgb(hex: &str) -> (f64, f64, f64) {
    let c = |i: usize| {
        f64::from(u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0)) / 255.0
    };
    (c(1), c(3), c(5))
}

impl Doc {
    fn new() -> Result<Self> {
        Ok(Self {
            font: Font::parse(IPAEX_GOTHIC)?,
            pages: Vec::new(),
            page: String::new(),
            y: PAGE_H - MARGIN,
            used: BTreeSet::new(),
            unicode: BTreeMap::new(),
        })
    }

    fn new_page(&mut self) {
        let done = std::mem::take(&mut self.page);
        self.pages.push(done);
        self.y = PAGE_H - MARGIN;
    }

    /// Room for `h` points on this page, else a new one.
    fn need(&mut self, h: f64) {
        if self.y - h < MARGIN + 14.0 {
            self.new_page();
        }
    }

    fn text(&mut self, x: f64, y: f64, size: f64, s: &str, color: (f64, f64, f64)) {
        let mut hex = String::with_capacity(s.len() * 4);
        for c in s.chars() {
            let g = self.font.glyph(c);
            self.used.insert(g);
            self.unicode.entry(g).or_insert(c);
            let _ = write!(hex, "{g:04X}");
        }
        let _ = writeln!(
            self.page,
            "BT /F1 {size:.2} Tf {:.3} {:.3} {:.3} rg {x:.2} {y:.2} Td <{hex}> Tj ET",
            color.0, color.1, color.2
        );
    }

    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, color: (f64, f64, f64)) {
        let _ = writeln!(
            self.page,
            "{:.3} {:.3} {:.3} rg {x:.2} {y:.2} {w:.2} {h:.2} re f",
            color.0, color.1, color.2
        );
    }

    /// `s` cut to fit `width` at `size`, with an ellipsis when cut.
    fn fit(&self, s: &str, size: f64, width: f64) -> String {
        if self.font.width(s, size) <= width {
            return s.to_string();
        }
        let mut out = String::new();
        for c in s.chars() {
            if self.font.width(&format!("{out}{c}…"), size) > width {
                break;
            }
            out.push(c);
        }
        out.push('…');
        out
    }

    /// Lines of `s` that fit `width` (Japanese wraps between any two characters).
    fn wrap(&self, s: &str, size: f64, width: f64) -> Vec<String> {
        let mut lines = Vec::new();
        for para in s.split('\n') {
            let mut line = String::new();
            for c in para.chars() {
                if !line.is_empty() && self.font.width(&format!("{line}{c}"), size) > width {
                    lines.push(std::mem::take(&mut line));
                }
                line.push(c);
            }
            lines.push(line);
        }
        lines
    }

    fn para(&mut self, s: &str, size: f64, color: (f64, f64, f64)) {
        for line in self.wrap(s, size, PAGE_W - 2.0 * MARGIN) {
            self.need(size * 1.5);
            self.y -= size * 1.5;
            self.text(MARGIN, self.y, size, &line, color);
        }
    }

    fn heading(&mut self, s: &str) {
        // A heading never stands alone at the foot of a page: room for it and two rows.
        self.need(70.0);
        self.y -= 22.0;
        self.text(MARGIN, self.y, 12.5, s, INK);
        self.y -= 5.0;
        self.rect(MARGIN, self.y, PAGE_W - 2.0 * MARGIN, 1.2, ACCENT);
        self.y -= 4.0;
    }

    /// A table: `cols` as (share of the width, alignment); each row's cells, with an optional
    /// background per cell.
    fn table(&mut self, cols: &[(f64, Align)], header: &[String], rows: &[Vec<Cell>]) {
        let width = PAGE_W - 2.0 * MARGIN;
        let row_h = BODY * 1.9;
        let draw = |doc: &mut Doc, cells: &[Cell], size: f64, color| {
            doc.need(row_h);
            doc.y -= row_h;
            let mut x = MARGIN;
            for ((share, align), (text, bg)) in cols.iter().zip(cells) {
                let w = share * width;
                if let Some(bg) = bg {
                    doc.rect(x, doc.y - 3.0, w, row_h, *bg);
                }
                let t = doc.fit(text, size, w - 6.0);
                let tx = match align {
                    Align::Left => x + 3.0,
                    Align::Right => x + w - 3.0 - doc.font.width(&t, size),
                };
                doc.text(tx, doc.y + 2.0, size, &t, color);
                x += w;
            }
            doc.rect(MARGIN, doc.y - 3.0, width, 0.4, (0.88, 0.89, 0.91));
        };
        let head: Vec<_> = header.iter().map(|h| (h.clone(), None)).collect();
        draw(self, &head, 8.0, MUTED);
        for r in rows {
            draw(self, r, BODY, INK);
        }
    }

    /// The finished file.
    fn finish(mut self) -> Result<Vec<u8>> {
        self.new_page();
        let pages = std::mem::take(&mut self.pages);
        let n = pages.len();
        let mut objects: Vec<Vec<u8>> = Vec::new();
        // 1 catalog, 2 pages, 3 font, 4 descendant, 5 descriptor, 6 font file, 7 to-unicode,
        // then page and content pairs.
        objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
        let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 8 + i * 2)).collect();
        objects
            .push(format!("<< /Type /Pages /Count {n} /Kids [{}] >>", kids.join(" ")).into_bytes());
        objects.push(b"<< /Type /Font /Subtype /Type0 /BaseFont /TSUNAG+IPAexGothic /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 7 0 R >>".to_vec());
        let widths: Vec<String> = self
            .used
            .iter()
            .map(|g| format!("{g} [{:.0}]", self.font.advance(*g)))
            .collect();
        objects.push(format!(
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TSUNAG+IPAexGothic /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /CIDToGIDMap /Identity /DW 1000 /W [{}] >>",
            widths.join(" ")
        ).into_bytes());
        let scale = |v: i16| f64::from(v) * 1000.0 / f64::from(self.font.units_per_em.max(1));
        let b = self.font.bbox;
        objects.push(format!(
            "<< /Type /FontDescriptor /FontName /TSUNAG+IPAexGothic /Flags 4 /FontBBox [{:.0} {:.0} {:.0} {:.0}] /ItalicAngle 0 /Ascent {:.0} /Descent {:.0} /CapHeight {:.0} /StemV 80 /FontFile2 6 0 R >>",
            scale(b[0]), scale(b[1]), scale(b[2]), scale(b[3]), scale(self.font.ascent), scale(self.font.descent), scale(self.font.ascent)
        ).into_bytes());
        let subset = self.font.subset(&self.used)?;
        objects.push(stream(&format!("/Length1 {}", subset.len()), &subset)?);
        objects.push(stream("", to_unicode(&self.unicode).as_bytes())?);
        for (i, content) in pages.iter().enumerate() {
            let mut content = content.clone();
            // The page number, bottom right.
            let label = format!("{} / {n}", i + 1);
            let mut hex = String::new();
            for c in label.chars() {
                let _ = write!(hex, "{:04X}", self.font.glyph(c));
            }
            let w = self.font.width(&label, 8.0);
            let _ = writeln!(
                content,
                "BT /F1 8 Tf 0.6 0.6 0.6 rg {:.2} {:.2} Td <{hex}> Tj ET",
                PAGE_W - MARGIN - w,
                MARGIN - 18.0
            );
            objects.push(format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                9 + i * 2
            ).into_bytes());
            objects.push(stream("", content.as_bytes())?);
        }
        let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        let mut tail = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
        for o in offsets {
            let _ = writeln!(tail, "{o:010} 00000 n ");
        }
        let _ = write!(
            tail,
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        );
        out.extend_from_slice(tail.as_bytes());
        Ok(out)
    }
}

/// A compressed stream object.
fn stream(extra: &str, data: &[u8]) -> Result<Vec<u8>> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(data)
        .and_then(|()| z.finish())
        .map(|packed| {
            let mut out = format!(
                "<< /Length {} /Filter /FlateDecode {extra} >>\nstream\n",
                packed.len()
            )
            .into_bytes();
            out.extend_from_slice(&packed);
            out.extend_from_slice(b"\nendstream");
            out
        })
        .map_err(|e| crate::Error::io("compress", "the report", e))
}

/// The CMap that turns glyph ids back into text (for search, copy and `pdftotext`).
fn to_unicode(map: &BTreeMap<u16, char>) -> String {
    let mut s = String::from("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n");
    let pairs: Vec<(&u16, &char)> = map.iter().filter(|(g, _)| **g != 0).collect();
    for chunk in pairs.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", chunk.len());
        for (g, c) in chunk {
            let mut units = [0u16; 2];
            let hex: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            let _ = writeln!(s, "<{g:04X}> <{hex}>");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
    s
}

/// Bars per platform, one a month (oldest lightest): reactions, or posts while there are no
/// reactions yet, as the HTML report draws them.
fn chart(doc: &mut Doc, d: &super::dashboard::Dashboard, w: &super::report::Words) {
    let shown: Vec<_> = d
        .platforms
        .iter()
        .filter(|p| p.months.iter().any(|m| m.posts > 0 || m.reactions > 0))
        .collect();
    if shown.is_empty() {
        return;
    }
    let reacted = shown
        .iter()
        .any(|p| p.months.iter().any(|m| m.reactions > 0));
    let value = |m: &super::dashboard::PlatformMonth| {
        if reacted {
            m.reactions
        } else {
            i64::from(m.posts)
        }
    };
    let max = shown
        .iter()
        .flat_map(|p| p.months.iter().map(value))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let (height, width) = (90.0, PAGE_W - 2.0 * MARGIN);
    doc.need(height + 34.0);
    doc.y -= height + 6.0;
    let base = doc.y;
    let group = width / shown.len() as f64;
    let bar = (group - 14.0) / d.months.len().max(1) as f64;
    let shades = [(0.79, 0.84, 0.92), (0.54, 0.65, 0.82), ACCENT];
    for (i, p) in shown.iter().enumerate() {
        let x0 = MARGIN + i as f64 * group + 7.0;
        for (j, m) in p.months.iter().enumerate() {
            let v = value(m);
            let h = if v > 0 {
                (v as f64 / max * height).max(1.0)
            } else {
                0.0
            };
            let shade = shades[(shades.len() + j)
                .saturating_sub(p.months.len())
                .min(shades.len() - 1)];
            doc.rect(x0 + j as f64 * bar, base, (bar - 2.0).max(1.0), h, shade);
        }
        let label = platform_name(p.platform);
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
        if reacted {
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
