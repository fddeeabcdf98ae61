//! The monthly report as a PDF: A4 pages with the Japanese font embedded (subset), so the
//! file prints and reads the same on every machine with nothing installed, and its text can
//! be searched and copied (a ToUnicode map goes with the font). The same `MonthlyReport` as
//! the HTML, laid out in a few simple blocks: headings, wrapped paragraphs, tables, bars and
//! the temperature map's coloured cells.

mod font;
mod layout;

pub use layout::render_pdf;

use crate::error::Result;
use font::{Font, IPAEX_GOTHIC};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;

pub(super) const PAGE_W: f64 = 595.28;
pub(super) const PAGE_H: f64 = 841.89;
pub(super) const MARGIN: f64 = 42.0;
pub(super) const BODY: f64 = 9.5;
pub(super) const INK: (f64, f64, f64) = (0.12, 0.16, 0.22);
pub(super) const MUTED: (f64, f64, f64) = (0.42, 0.45, 0.50);
pub(super) const ACCENT: (f64, f64, f64) = (0.24, 0.35, 0.60);

/// A colour, red green blue from 0 to 1.
pub(super) type Rgb = (f64, f64, f64);
/// A table cell: its text and, optionally, its background.
pub(super) type Cell = (String, Option<Rgb>);

/// Column alignment.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Align {
    Left,
    Right,
}

pub(super) struct Doc {
    pub(super) font: Font,
    pages: Vec<String>,
    page: String,
    pub(super) y: f64,
    used: BTreeSet<u16>,
    unicode: BTreeMap<u16, char>,
}

pub(super) fn rgb(hex: &str) -> (f64, f64, f64) {
    let c = |i: usize| {
        f64::from(u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0)) / 255.0
    };
    (c(1), c(3), c(5))
}

impl Doc {
    pub(super) fn new() -> Result<Self> {
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
    pub(super) fn need(&mut self, h: f64) {
        if self.y - h < MARGIN + 14.0 {
            self.new_page();
        }
    }

    pub(super) fn text(&mut self, x: f64, y: f64, size: f64, s: &str, color: (f64, f64, f64)) {
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

    pub(super) fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, color: (f64, f64, f64)) {
        let _ = writeln!(
            self.page,
            "{:.3} {:.3} {:.3} rg {x:.2} {y:.2} {w:.2} {h:.2} re f",
            color.0, color.1, color.2
        );
    }

    /// `s` cut to fit `width` at `size`, with an ellipsis when cut.
    pub(super) fn fit(&self, s: &str, size: f64, width: f64) -> String {
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
    pub(super) fn wrap(&self, s: &str, size: f64, width: f64) -> Vec<String> {
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

    pub(super) fn para(&mut self, s: &str, size: f64, color: (f64, f64, f64)) {
        for line in self.wrap(s, size, PAGE_W - 2.0 * MARGIN) {
            self.need(size * 1.5);
            self.y -= size * 1.5;
            self.text(MARGIN, self.y, size, &line, color);
        }
    }

    pub(super) fn heading(&mut self, s: &str) {
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
    pub(super) fn table(&mut self, cols: &[(f64, Align)], header: &[String], rows: &[Vec<Cell>]) {
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
    pub(super) fn finish(mut self) -> Result<Vec<u8>> {
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
