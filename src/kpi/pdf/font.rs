//! The Japanese font embedded in every report PDF (IPAex Gothic, shipped in `assets/fonts/`
//! under the IPA Font License), read and subset here: only the glyphs the report uses are
//! kept, so a report is a few hundred kilobytes and renders identically everywhere, with
//! nothing to install. TrueType is read just enough for that: the character map (formats 4
//! and 12), advance widths, the vertical metrics, and `glyf`/`loca` with composite glyphs
//! followed to their parts.

use crate::error::{Error, Result};
use std::collections::{BTreeMap, BTreeSet};

/// The font file.
pub(crate) const IPAEX_GOTHIC: &[u8] = include_bytes!("../../../assets/fonts/ipaexg.ttf");

fn bad() -> Error {
    Error::invalid(
        "font",
        "The report's font could not be read; reinstall Tsunagu.",
    )
}

fn u16_at(b: &[u8], at: usize) -> Result<u16> {
    b.get(at..at + 2)
        .map(|s| u16::from_be_bytes([s[0], s[1]]))
        .ok_or_else(bad)
}

fn i16_at(b: &[u8], at: usize) -> Result<i16> {
    u16_at(b, at).map(|v| v as i16)
}

fn u32_at(b: &[u8], at: usize) -> Result<u32> {
    b.get(at..at + 4)
        .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
        .ok_or_else(bad)
}

/// A TrueType font, parsed for measuring and subsetting.
pub(crate) struct Font {
    data: &'static [u8],
    tables: BTreeMap<[u8; 4], (usize, usize)>,
    /// Font units per em.
    pub units_per_em: u16,
    /// Ascender and descender, in font units.
    pub ascent: i16,
    pub descent: i16,
    /// The font's box, in font units.
    pub bbox: [i16; 4],
    num_glyphs: u16,
    advances: Vec<u16>,
    cmap: BTreeMap<u32, u16>,
    long_loca: bool,
}

impl Font {
    /// Reads the font.
    pub fn parse(data: &'static [u8]) -> Result<Self> {
        let n = u16_at(data, 4)? as usize;
        let mut tables = BTreeMap::new();
        for i in 0..n {
            let rec = 12 + i * 16;
            let tag: [u8; 4] = data
                .get(rec..rec + 4)
                .and_then(|t| t.try_into().ok())
                .ok_or_else(bad)?;
            let (off, len) = (
                u32_at(data, rec + 8)? as usize,
                u32_at(data, rec + 12)? as usize,
            );
            if off + len > data.len() {
                return Err(bad());
            }
            tables.insert(tag, (off, len));
        }
        let t = |tag: &[u8; 4]| tables.get(tag).copied().ok_or_else(bad);
        let (head, _) = t(b"head")?;
        let (hhea, _) = t(b"hhea")?;
        let (maxp, _) = t(b"maxp")?;
        let (hmtx, _) = t(b"hmtx")?;
        let num_glyphs = u16_at(data, maxp + 4)?;
        let metrics = u16_at(data, hhea + 34)? as usize;
        let mut advances = Vec::with_capacity(num_glyphs as usize);
        for g in 0..num_glyphs as usize {
            let at = hmtx + 4 * g.min(metrics.saturating_sub(1));
            advances.push(u16_at(data, at)?);
        }
        let mut font = Self {
            data,
            units_per_em: u16_at(data, head + 18)?,
            ascent: i16_at(data, hhea + 4)?,
            descent: i16_at(data, hhea + 6)?,
            bbox: [
                i16_at(data, head + 36)?,
                i16_at(data, head + 38)?,
                i16_at(data, head + 40)?,
                i16_at(data, head + 42)?,
            ],
            long_loca: i16_at(data, head + 50)? == 1,
            num_glyphs,
            advances,
            cmap: BTreeMap::new(),
            tables,
        };
        font.cmap = font.read_cmap()?;
        Ok(font)
    }

    fn table(&self, tag: &[u8; 4]) -> Result<&'static [u8]> {
        let (off, len) = self.tables.get(tag).copied().ok_or_else(bad)?;
        Ok(&self.data[off..off + len])
    }

    fn read_cmap(&self) -> Result<BTreeMap<u32, u16>> {
        let c = self.table(b"cmap")?;
        let n = u16_at(c, 2)? as usize;
        let mut best: Option<(u16, usize)> = None;
        for i in 0..n {
            let (platform, encoding) = (u16_at(c, 4 + i * 8)?, u16_at(c, 6 + i * 8)?);
            let off = u32_at(c, 8 + i * 8)? as usize;
            let format = u16_at(c, off)?;
            let wanted = platform == 3
                && ((encoding == 10 && format == 12) || (encoding == 1 && format == 4));
            if wanted && best.is_none_or(|(f, _)| f < format) {
                best = Some((format, off));
            }
        }
        let (format, off) = best.ok_or_else(bad)?;
        let mut map = BTreeMap::new();
        if format == 12 {
            let groups = u32_at(c, off + 12)? as usize;
            for g in 0..groups {
                let at = off + 16 + g * 12;
                let (start, end, glyph) = (u32_at(c, at)?, u32_at(c, at + 4)?, u32_at(c, at + 8)?);
                for (i, ch) in (start..=end.min(start + 0xFFFF)).enumerate() {
                    map.insert(ch, u16::try_from(glyph as usize + i).unwrap_or(0));
                }
            }
        } else {
            let segs = u16_at(c, off + 6)? as usize / 2;
            let (ends, starts) = (off + 14, off + 16 + segs * 2);
            let (deltas, ranges) = (starts + segs * 2, starts + segs * 4);
            for s in 0..segs {
                let (end, start) = (u16_at(c, ends + s * 2)?, u16_at(c, starts + s * 2)?);
                let delta = u16_at(c, deltas + s * 2)?;
                let range = u16_at(c, ranges + s * 2)? as usize;
                for ch in start..=end {
                    if ch == 0xFFFF {
                        break;
                    }
                    let glyph = if range == 0 {
                        ch.wrapping_add(delta)
                    } else {
                        let at = ranges + s * 2 + range + 2 * (ch - start) as usize;
                        match u16_at(c, at)? {
                            0 => 0,
                            g => g.wrapping_add(delta),
                        }
                    };
                    if glyph != 0 {
                        map.insert(u32::from(ch), glyph);
                    }
                }
            }
        }
        Ok(map)
    }

    /// The glyph for a character (0, the missing glyph, when the font has none).
    pub fn glyph(&self, c: char) -> u16 {
        self.cmap.get(&(c as u32)).copied().unwrap_or(0)
    }

    /// A glyph's advance in thousandths of the font size (PDF text space).
    pub fn advance(&self, glyph: u16) -> f64 {
        let a = self.advances.get(glyph as usize).copied().unwrap_or(0);
        f64::from(a) * 1000.0 / f64::from(self.units_per_em.max(1))
    }

    /// The width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f64) -> f64 {
        text.chars()
            .map(|c| self.advance(self.glyph(c)))
            .sum::<f64>()
            * size
            / 1000.0
    }

    fn glyph_range(&self, loca: &[u8], g: usize) -> Result<(usize, usize)> {
        if self.long_loca {
            Ok((
                u32_at(loca, g * 4)? as usize,
                u32_at(loca, g * 4 + 4)? as usize,
            ))
        } else {
            Ok((
                u16_at(loca, g * 2)? as usize * 2,
                u16_at(loca, g * 2 + 2)? as usize * 2,
            ))
        }
    }

    /// A font file with only `used` glyphs (and those composites are made of) kept; glyph ids
    /// stay as they are, so the PDF maps them one to one.
    pub fn subset(&self, used: &BTreeSet<u16>) -> Result<Vec<u8>> {
        let (loca, glyf) = (self.table(b"loca")?, self.table(b"glyf")?);
        let mut keep: BTreeSet<u16> = used.clone();
        keep.insert(0);
        let mut todo: Vec<u16> = keep.iter().copied().collect();
        while let Some(g) = todo.pop() {
            let (a, b) = self.glyph_range(loca, g as usize)?;
            if b <= a || b > glyf.len() || i16_at(glyf, a)? >= 0 {
                continue;
            }
            let mut at = a + 10;
            loop {
                let flags = u16_at(glyf, at)?;
                let part = u16_at(glyf, at + 2)?;
                if keep.insert(part) {
                    todo.push(part);
                }
                at += 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
                at += if flags & 0x0008 != 0 {
                    2
                } else if flags & 0x0040 != 0 {
                    4
                } else if flags & 0x0080 != 0 {
                    8
                } else {
                    0
                };
                if flags & 0x0020 == 0 {
                    break;
                }
            }
        }
        let mut new_glyf = Vec::new();
        let mut new_loca = Vec::with_capacity((self.num_glyphs as usize + 1) * 4);
        for g in 0..self.num_glyphs as usize {
            new_loca.extend_from_slice(&u32::try_from(new_glyf.len()).unwrap_or(0).to_be_bytes());
            if keep.contains(&u16::try_from(g).unwrap_or(0)) {
                let (a, b) = self.glyph_range(loca, g)?;
                if b > a && b <= glyf.len() {
                    new_glyf.extend_from_slice(&glyf[a..b]);
                    while new_glyf.len() % 4 != 0 {
                        new_glyf.push(0);
                    }
                }
            }
        }
        new_loca.extend_from_slice(&u32::try_from(new_glyf.len()).unwrap_or(0).to_be_bytes());
        let mut head = self.table(b"head")?.to_vec();
        if head.len() < 54 {
            return Err(bad());
        }
        head[8..12].copy_from_slice(&[0; 4]);
        head[50..52].copy_from_slice(&1i16.to_be_bytes());
        let mut out_tables: Vec<([u8; 4], Vec<u8>)> =
            vec![(*b"glyf", new_glyf), (*b"head", head), (*b"loca", new_loca)];
        for tag in [b"cvt ", b"fpgm", b"hhea", b"hmtx", b"maxp", b"prep"] {
            if let Ok(t) = self.table(tag) {
                out_tables.push((*tag, t.to_vec()));
            }
        }
        out_tables.sort_by_key(|a| a.0);
        Ok(sfnt(&out_tables))
    }
}

fn checksum(b: &[u8]) -> u32 {
    b.chunks(4).fold(0u32, |s, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        s.wrapping_add(u32::from_be_bytes(w))
    })
}

/// An sfnt file from its tables (sorted by tag), with checksums and the head adjustment.
fn sfnt(tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let n = tables.len() as u16;
    let mut pow = 1u16;
    let mut log = 0u16;
    while pow * 2 <= n {
        pow *= 2;
        log += 1;
    }
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for v in [n, pow * 16, log, n * 16 - pow * 16] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&u32::try_from(offset).unwrap_or(0).to_be_bytes());
        out.extend_from_slice(&u32::try_from(data.len()).unwrap_or(0).to_be_bytes());
        if tag == b"head" {
            head_at = Some(offset);
        }
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in tables {
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(at) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_font_maps_japanese_and_subsets_to_what_is_used() {
        let f = Font::parse(IPAEX_GOTHIC).unwrap();
        assert_eq!(f.units_per_em, 2048);
        let g = f.glyph('月');
        assert!(g > 0 && f.glyph('A') > 0 && f.glyph('、') > 0);
        // Full-width characters are one em wide, Latin ones narrower.
        assert!((f.advance(g) - 1000.0).abs() < 1.0, "{}", f.advance(g));
        assert!(f.width("A", 10.0) < f.width("月", 10.0));
        let used: BTreeSet<u16> = "月次レポート 2026".chars().map(|c| f.glyph(c)).collect();
        let small = f.subset(&used).unwrap();
        assert!(
            small.len() < IPAEX_GOTHIC.len() / 10,
            "{} bytes",
            small.len()
        );
        // The subset is a font file of its own: an sfnt header and the tables PDF needs.
        assert_eq!(&small[..4], &[0, 1, 0, 0]);
        let tables = u16_at(&small, 4).unwrap() as usize;
        let tags: Vec<&[u8]> = (0..tables)
            .map(|i| &small[12 + i * 16..16 + i * 16])
            .collect();
        for tag in [b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp"] {
            assert!(
                tags.contains(&tag.as_slice()),
                "{:?}",
                String::from_utf8_lossy(tag)
            );
        }
    }
}
