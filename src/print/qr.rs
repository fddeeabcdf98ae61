//! QR codes, encoded by the `qrcode` crate and drawn by us as vector shapes: an SVG for the
//! app's screens and filled squares on a PDF page (so a printed code stays sharp at any size).
//! Error correction is level M (15 % of the code may be damaged, which covers a creased sheet
//! on a notice board) and every code keeps the four-module quiet zone scanners need.

use super::{Doc, Rgb};
use crate::error::{Error, Result};
use qrcode::{EcLevel, QrCode};

/// Modules of quiet zone around a code.
const QUIET: usize = 4;

/// A QR code's modules, row by row (`true` is dark), without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    /// Modules per side.
    pub width: usize,
    /// `width * width` modules, row by row.
    pub dark: Vec<bool>,
}

/// Encodes `data` (an address, usually).
pub fn encode(data: &str) -> Result<Matrix> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).map_err(|_| {
        Error::invalid(
            "qr",
            "This is too long for a QR code; use an address of at most 2,000 characters.",
        )
    })?;
    Ok(Matrix {
        width: code.width(),
        dark: code
            .to_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect(),
    })
}

/// The code as a standalone SVG (dark modules in one path, a white background with the quiet
/// zone), labelled for screen readers with `label`.
pub fn svg(data: &str, label: &str) -> Result<String> {
    let m = encode(data)?;
    let side = m.width + 2 * QUIET;
    let mut path = String::with_capacity(m.dark.len() * 4);
    for (i, dark) in m.dark.iter().enumerate() {
        if *dark {
            let (x, y) = (i % m.width + QUIET, i / m.width + QUIET);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    let label = label
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;");
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" role=\"img\" aria-label=\"{label}\" shape-rendering=\"crispEdges\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    ))
}

impl Doc {
    /// A QR code of `data` with its bottom left at (`x`, `y`), `size` points square including
    /// the quiet zone.
    pub fn qr(&mut self, x: f64, y: f64, size: f64, data: &str) -> Result<()> {
        let m = encode(data)?;
        let unit = size / (m.width + 2 * QUIET) as f64;
        let white: Rgb = (1.0, 1.0, 1.0);
        self.rect(x, y, size, size, white);
        let rects = m
            .dark
            .iter()
            .enumerate()
            .filter(|(_, d)| **d)
            .map(|(i, _)| {
                let (col, row) = ((i % m.width + QUIET) as f64, (i / m.width + QUIET) as f64);
                // Rows go down from the top of the code; a hair of overlap keeps viewers
                // from drawing seams between neighbouring modules.
                [
                    x + col * unit,
                    y + size - (row + 1.0) * unit,
                    unit + 0.02,
                    unit + 0.02,
                ]
            })
            .collect();
        self.rects(rects, (0.0, 0.0, 0.0));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(gray: image::GrayImage) -> String {
        let mut img = rqrr::PreparedImage::prepare(gray);
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one code is found");
        grids[0].decode().unwrap().1
    }

    #[test]
    fn the_svg_code_decodes_to_what_was_encoded() {
        let url = "https://minato-seiko.co.jp/recruit?utm=朝礼";
        let svg = svg(url, "QRコード <応募>").unwrap();
        assert!(svg.contains("aria-label=\"QRコード &lt;応募>\""));
        // Draw the SVG's squares back into pixels, 6 per module, and decode them.
        let m = encode(url).unwrap();
        let side = m.width + 2 * QUIET;
        let mut img =
            image::GrayImage::from_pixel(side as u32 * 6, side as u32 * 6, image::Luma([255]));
        for part in svg.split('M').skip(1) {
            let Some((x, rest)) = part.split_once(' ') else {
                continue;
            };
            let Some((y, _)) = rest.split_once('h') else {
                continue;
            };
            let (x, y): (u32, u32) = (x.parse().unwrap(), y.parse().unwrap());
            for dx in 0..6 {
                for dy in 0..6 {
                    img.put_pixel(x * 6 + dx, y * 6 + dy, image::Luma([0]));
                }
            }
        }
        assert_eq!(decode(img), url);
    }

    #[test]
    fn too_much_data_is_refused_with_what_to_do() {
        let e = encode(&"x".repeat(5000)).unwrap_err();
        assert!(matches!(e, Error::InvalidInput { .. }));
    }
}
