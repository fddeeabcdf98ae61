//! Documents to print: pages with text, tables, charts and QR codes, written as PDF.
//!
//! The report, and later the briefing kit's slides and the floor's QR sheets, are laid out
//! here on a page of any size (A4 portrait for reports and handouts, 16:9 for slides). The
//! PDF itself is written by `krilla`, a maintained PDF library (the PDF layer of Typst): it
//! shapes the text, subsets and embeds the Japanese font with a ToUnicode map (so the text
//! prints the same everywhere and can be searched and copied), and draws vector paths. We
//! only measure text (with `skrifa`, the font reader `krilla` itself uses) to wrap and fit it.
//!
//! Positions are in points with the origin at the bottom left and `y` growing upwards, as in
//! PDF; the drawing commands are kept per page and written at the end, so a page can carry
//! its number out of the total.

pub mod chart;
pub mod qr;
mod wrap;

use crate::error::{Error, Result};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, LineCap, Stroke, StrokeDash};
use krilla::text::{Font, TextDirection};
use skrifa::instance::{LocationRef, Size};
use skrifa::MetadataProvider;

/// The Japanese font embedded in every document (IPAex Gothic, shipped in `assets/fonts/`
/// under the IPA Font License).
const IPAEX_GOTHIC: &[u8] = include_bytes!("../../assets/fonts/ipaexg.ttf");

/// A colour, red green blue from 0 to 1.
pub type Rgb = (f64, f64, f64);

/// Body text.
pub const INK: Rgb = (0.12, 0.16, 0.22);
/// Secondary text and labels.
pub const MUTED: Rgb = (0.42, 0.45, 0.50);
/// Headings' rules and the main series of a chart.
pub const ACCENT: Rgb = (0.24, 0.35, 0.60);
/// Hairlines and grid lines.
pub const RULE: Rgb = (0.88, 0.89, 0.91);

/// A colour from `#rrggbb`.
pub fn rgb(hex: &str) -> Rgb {
    let c = |i: usize| {
        f64::from(u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0)) / 255.0
    };
    (c(1), c(3), c(5))
}

/// The shape of a page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PageSize {
    /// A4 portrait (reports, handouts, QR sheets).
    A4,
    /// 16:9 landscape (slides), 10 by 5.625 inches.
    Slide,
}

impl PageSize {
    fn dims(self) -> (f64, f64) {
        match self {
            PageSize::A4 => (595.28, 841.89),
            PageSize::Slide => (720.0, 405.0),
        }
    }
}

/// Column alignment in a table.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Align {
    /// Text starts at the left of the cell.
    Left,
    /// Text ends at the right of the cell (numbers).
    Right,
}

/// A table cell: its text and, optionally, its background.
pub type Cell = (String, Option<Rgb>);

enum Op {
    Text {
        x: f64,
        y: f64,
        size: f64,
        text: String,
        color: Rgb,
    },
    /// Filled rectangles of one colour, each (x, y, w, h) from its bottom left.
    Rects { rects: Vec<[f64; 4]>, color: Rgb },
    /// A stroked polyline.
    Line {
        points: Vec<(f64, f64)>,
        width: f64,
        color: Rgb,
        dashed: bool,
    },
}

/// The font, for drawing (`krilla`) and for measuring (`skrifa`).
struct Face {
    draw: Font,
    measure: skrifa::FontRef<'static>,
}

impl Face {
    fn load() -> Result<Self> {
        let bad = || {
            Error::invalid(
                "font",
                "The embedded Japanese font could not be read; reinstall Tsunagu.",
            )
        };
        Ok(Self {
            draw: Font::new(IPAEX_GOTHIC.into(), 0).ok_or_else(bad)?,
            measure: skrifa::FontRef::new(IPAEX_GOTHIC).map_err(|_| bad())?,
        })
    }

    fn width(&self, s: &str, size: f64) -> f64 {
        let map = self.measure.charmap();
        let metrics = self
            .measure
            .glyph_metrics(Size::new(size as f32), LocationRef::default());
        s.chars()
            .map(|c| {
                map.map(c)
                    .and_then(|g| metrics.advance_width(g))
                    .map_or(size * 0.5, f64::from)
            })
            .sum()
    }
}

/// A document being laid out, top to bottom, page by page.
pub struct Doc {
    face: Face,
    /// The page's width and height in points.
    pub w: f64,
    /// The page's height in points.
    pub h: f64,
    /// The margin on every side.
    pub margin: f64,
    /// Where the next line goes (from the bottom of the page).
    pub y: f64,
    pages: Vec<Vec<Op>>,
    page: Vec<Op>,
    numbered: bool,
    title: String,
}

impl Doc {
    /// An empty document of pages of `size`, with `title` in its metadata; `numbered` pages
    /// carry "n / total" at the foot.
    pub fn new(size: PageSize, title: &str, numbered: bool) -> Result<Self> {
        let (w, h) = size.dims();
        let margin = if size == PageSize::Slide { 36.0 } else { 42.0 };
        Ok(Self {
            face: Face::load()?,
            w,
            h,
            margin,
            y: h - margin,
            pages: Vec::new(),
            page: Vec::new(),
            numbered,
            title: title.to_string(),
        })
    }

    /// The width between the margins.
    pub fn body_width(&self) -> f64 {
        self.w - 2.0 * self.margin
    }

    /// Ends this page and starts the next.
    pub fn new_page(&mut self) {
        let done = std::mem::take(&mut self.page);
        self.pages.push(done);
        self.y = self.h - self.margin;
    }

    /// Room for `h` points on this page, else a new one.
    pub fn need(&mut self, h: f64) {
        if self.y - h < self.margin + 14.0 {
            self.new_page();
        }
    }

    /// The width of `s` at `size`.
    pub fn width(&self, s: &str, size: f64) -> f64 {
        self.face.width(s, size)
    }

    /// Text with its baseline's start at (`x`, `y`).
    pub fn text(&mut self, x: f64, y: f64, size: f64, s: &str, color: Rgb) {
        if s.is_empty() {
            return;
        }
        self.page.push(Op::Text {
            x,
            y,
            size,
            text: s.to_string(),
            color,
        });
    }

    /// A filled rectangle from its bottom left.
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, color: Rgb) {
        self.rects(vec![[x, y, w, h]], color);
    }

    /// Many filled rectangles of one colour (a QR code's modules), as one path.
    pub fn rects(&mut self, rects: Vec<[f64; 4]>, color: Rgb) {
        if !rects.is_empty() {
            self.page.push(Op::Rects { rects, color });
        }
    }

    /// A line through `points`.
    pub fn line(&mut self, points: Vec<(f64, f64)>, width: f64, color: Rgb, dashed: bool) {
        if points.len() > 1 {
            self.page.push(Op::Line {
                points,
                width,
                color,
                dashed,
            });
        }
    }

    /// A paragraph across the body width.
    pub fn para(&mut self, s: &str, size: f64, color: Rgb) {
        let x = self.margin;
        for line in self.wrap(s, size, self.body_width()) {
            self.need(size * 1.5);
            self.y -= size * 1.5;
            self.text(x, self.y, size, &line, color);
        }
    }

    /// A section heading with a rule under it; never alone at the foot of a page.
    pub fn heading(&mut self, s: &str) {
        self.need(70.0);
        self.y -= 22.0;
        self.text(self.margin, self.y, 12.5, s, INK);
        self.y -= 5.0;
        self.rect(self.margin, self.y, self.body_width(), 1.2, ACCENT);
        self.y -= 4.0;
    }

    /// A table across the body: `cols` as (share of the width, alignment); each row's cells,
    /// with an optional background per cell.
    pub fn table(&mut self, cols: &[(f64, Align)], header: &[String], rows: &[Vec<Cell>]) {
        const BODY: f64 = 9.5;
        let width = self.body_width();
        let row_h = BODY * 1.9;
        let draw = |doc: &mut Doc, cells: &[Cell], size: f64, color| {
            doc.need(row_h);
            doc.y -= row_h;
            let mut x = doc.margin;
            for ((share, align), (text, bg)) in cols.iter().zip(cells) {
                let w = share * width;
                if let Some(bg) = bg {
                    doc.rect(x, doc.y - 3.0, w, row_h, *bg);
                }
                let t = doc.fit(text, size, w - 6.0);
                let tx = match align {
                    Align::Left => x + 3.0,
                    Align::Right => x + w - 3.0 - doc.width(&t, size),
                };
                doc.text(tx, doc.y + 2.0, size, &t, color);
                x += w;
            }
            doc.rect(doc.margin, doc.y - 3.0, width, 0.4, RULE);
        };
        let head: Vec<Cell> = header.iter().map(|h| (h.clone(), None)).collect();
        draw(self, &head, 8.0, MUTED);
        for r in rows {
            draw(self, r, BODY, INK);
        }
    }

    /// The finished PDF.
    pub fn finish(mut self) -> Result<Vec<u8>> {
        if !self.page.is_empty() || self.pages.is_empty() {
            self.new_page();
        }
        let pages = std::mem::take(&mut self.pages);
        let n = pages.len();
        let mut pdf = krilla::Document::new();
        pdf.set_metadata(
            krilla::metadata::Metadata::new()
                .title(self.title.clone())
                .creator("Tsunagu".into()),
        );
        for (i, mut ops) in pages.into_iter().enumerate() {
            if self.numbered {
                let label = format!("{} / {n}", i + 1);
                let x = self.w - self.margin - self.width(&label, 8.0);
                ops.push(Op::Text {
                    x,
                    y: self.margin - 18.0,
                    size: 8.0,
                    text: label,
                    color: (0.6, 0.6, 0.6),
                });
            }
            let settings = krilla::page::PageSettings::from_wh(self.w as f32, self.h as f32)
                .ok_or_else(|| Error::invalid("page", "The page size is not valid."))?;
            let mut page = pdf.start_page_with(settings);
            let mut surface = page.surface();
            for op in &ops {
                self.draw(&mut surface, op);
            }
            surface.finish();
            page.finish();
        }
        pdf.finish()
            .map_err(|e| Error::io("write", "the PDF", std::io::Error::other(format!("{e:?}"))))
    }

    fn draw(&self, surface: &mut krilla::surface::Surface<'_>, op: &Op) {
        let top = |y: f64| (self.h - y) as f32;
        match op {
            Op::Text {
                x,
                y,
                size,
                text,
                color,
            } => {
                surface.set_fill(Some(fill(*color)));
                surface.draw_text(
                    Point::from_xy(*x as f32, top(*y)),
                    self.face.draw.clone(),
                    *size as f32,
                    text,
                    false,
                    TextDirection::Auto,
                );
            }
            Op::Rects { rects, color } => {
                let mut pb = PathBuilder::new();
                for [x, y, w, h] in rects {
                    if let Some(r) = Rect::from_xywh(*x as f32, top(y + h), *w as f32, *h as f32) {
                        pb.push_rect(r);
                    }
                }
                if let Some(path) = pb.finish() {
                    surface.set_stroke(None);
                    surface.set_fill(Some(fill(*color)));
                    surface.draw_path(&path);
                }
            }
            Op::Line {
                points,
                width,
                color,
                dashed,
            } => {
                let mut pb = PathBuilder::new();
                for (i, (x, y)) in points.iter().enumerate() {
                    if i == 0 {
                        pb.move_to(*x as f32, top(*y));
                    } else {
                        pb.line_to(*x as f32, top(*y));
                    }
                }
                if let Some(path) = pb.finish() {
                    surface.set_fill(None);
                    surface.set_stroke(Some(Stroke {
                        paint: paint(*color),
                        width: *width as f32,
                        line_cap: LineCap::Round,
                        dash: dashed.then(|| StrokeDash {
                            array: vec![3.0, 2.5],
                            offset: 0.0,
                        }),
                        ..Stroke::default()
                    }));
                    surface.draw_path(&path);
                    surface.set_stroke(None);
                }
            }
        }
    }
}

fn paint(c: Rgb) -> krilla::paint::Paint {
    let b = |v: f64| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    rgb::Color::new(b(c.0), b(c.1), b(c.2)).into()
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: paint(c),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_measured_wrapped_and_fitted_with_the_font() {
        let doc = Doc::new(PageSize::A4, "t", false).unwrap();
        // IPAex Gothic: a kanji is a full em, a Latin letter less.
        assert!((doc.width("漢", 10.0) - 10.0).abs() < 0.01);
        assert!(doc.width("i", 10.0) < 5.0);
        let lines = doc.wrap("あいうえおかきくけこ", 10.0, 35.0);
        assert_eq!(lines, ["あいう", "えおか", "きくけ", "こ"]);
        assert_eq!(doc.fit("あいうえお", 10.0, 31.0), "あい…");
        assert_eq!(doc.fit("あい", 10.0, 31.0), "あい");
        // A full stop never starts a line; it hangs.
        assert_eq!(doc.wrap("あいう。えお", 10.0, 30.0), ["あいう。", "えお"]);
        // Latin text breaks between words, and a number is never cut.
        assert_eq!(doc.wrap("あいう2023年", 10.0, 50.0), ["あいう", "2023年"]);
        let en = doc.wrap("Nobody approves their own post", 10.0, 90.0);
        assert!(en.len() > 1, "{en:?}");
        for l in &en {
            assert!(!l.starts_with(' '), "{en:?}");
        }
        assert_eq!(en.concat().replace(' ', ""), "Nobodyapprovestheirownpost");
        assert!(en
            .iter()
            .all(|l| ["Nobody", "approves", "their", "own", "post"]
                .iter()
                .any(|w| l.ends_with(w))));
    }

    #[test]
    fn a_document_of_two_sizes_is_a_pdf_with_the_font_embedded() {
        for size in [PageSize::A4, PageSize::Slide] {
            let mut doc = Doc::new(size, "テスト", true).unwrap();
            doc.heading("見出し");
            doc.para("本文です。", 9.5, INK);
            doc.line(vec![(50.0, 50.0), (100.0, 80.0)], 1.0, ACCENT, true);
            let pdf = doc.finish().unwrap();
            assert!(pdf.starts_with(b"%PDF-1.7"));
            let s = String::from_utf8_lossy(&pdf);
            assert!(s.contains("FontFile2") && s.contains("ToUnicode"));
        }
    }
}
