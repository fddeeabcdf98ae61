//! Images prepared for a platform's limits before upload.
//!
//! The stored file is already stripped of location and camera data; here it is only made to fit:
//! a file within the platform's byte and pixel limits goes as it is, a larger one is scaled down
//! and re-encoded as JPEG (which also carries no metadata), lowering the quality step by step
//! until it fits.

use super::Failure;
use crate::publish::{FailureKind, Problem};

/// What one platform accepts.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest file, in bytes.
    pub max_bytes: usize,
    /// Longest side, in pixels.
    pub max_side: u32,
}

/// Bluesky: an embedded image blob may not exceed 1,000,000 bytes.
pub const BLUESKY: Limits = Limits {
    max_bytes: 1_000_000,
    max_side: 2000,
};

/// The image as it will be uploaded: `(bytes, mime type)`.
pub fn prepare(bytes: Vec<u8>, mime: &str, limits: Limits) -> Result<(Vec<u8>, String), Failure> {
    let decoded = image::load_from_memory(&bytes).map_err(|e| {
        Failure::Permanent(Problem::new(
            FailureKind::Image,
            format!("An image could not be read for upload ({e}); attach it again."),
        ))
    })?;
    let fits_pixels = decoded.width().max(decoded.height()) <= limits.max_side;
    if bytes.len() <= limits.max_bytes && fits_pixels {
        return Ok((bytes, mime.to_string()));
    }
    let mut img = if fits_pixels {
        decoded
    } else {
        decoded.resize(
            limits.max_side,
            limits.max_side,
            image::imageops::FilterType::Lanczos3,
        )
    };
    for quality in [88u8, 80, 72, 64, 56, 48] {
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
            .encode_image(&img.to_rgb8())
            .map_err(|e| {
                Failure::Permanent(Problem::new(
                    FailureKind::Image,
                    format!("An image could not be prepared for upload ({e})."),
                ))
            })?;
        if out.len() <= limits.max_bytes {
            return Ok((out, "image/jpeg".into()));
        }
        if quality == 64 {
            // Still too large: fewer pixels help more than lower quality from here on.
            let side = img.width().max(img.height()) * 3 / 4;
            img = img.resize(side, side, image::imageops::FilterType::Lanczos3);
        }
    }
    Err(Failure::Permanent(Problem::new(
        FailureKind::Image,
        "An image is too large for the platform even after resizing; use a smaller image.".into(),
    )))
}

/// The image re-encoded as JPEG (Instagram takes nothing else).
pub fn as_jpeg(bytes: &[u8]) -> Result<Vec<u8>, Failure> {
    let img = image::load_from_memory(bytes).map_err(|e| {
        Failure::Permanent(Problem::new(
            FailureKind::Image,
            format!("An image could not be read for upload ({e}); attach it again."),
        ))
    })?;
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&img.to_rgb8())
        .map_err(|e| {
            Failure::Permanent(Problem::new(
                FailureKind::Image,
                format!("An image could not be prepared ({e})."),
            ))
        })?;
    Ok(out)
}

/// Refuses an image whose width to height is outside `min..=max` (Instagram: 4:5 to 1.91:1),
/// saying what to do, before the platform refuses it less clearly.
pub fn check_aspect(bytes: &[u8], min: f64, max: f64, who: &str) -> Result<(), Failure> {
    let (w, h) = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()
        .and_then(|r| r.into_dimensions().ok())
        .ok_or_else(|| {
            Failure::Permanent(Problem::new(
                FailureKind::Image,
                "An image could not be read for upload.".into(),
            ))
        })?;
    let ratio = f64::from(w) / f64::from(h.max(1));
    if ratio < min - 0.005 || ratio > max + 0.005 {
        return Err(Failure::Permanent(Problem::new(FailureKind::Aspect, format!(
            "{who} takes images from 4:5 (portrait) to 1.91:1 (landscape); this one is {w}×{h}. Crop it and attach it again."
        ))));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noise_png(w: u32, h: u32) -> Vec<u8> {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let img = image::RgbImage::from_fn(w, h, |_, _| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            image::Rgb([seed as u8, (seed >> 8) as u8, (seed >> 16) as u8])
        });
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap_or_default();
        out
    }

    #[test]
    fn small_images_go_as_they_are_and_large_ones_are_made_to_fit() {
        let small = noise_png(40, 30);
        let (same, mime) = prepare(small.clone(), "image/png", BLUESKY).unwrap_or_default();
        assert_eq!((same, mime.as_str()), (small, "image/png"));

        // Too many bytes.
        let heavy = noise_png(1000, 700);
        assert!(heavy.len() > BLUESKY.max_bytes);
        let (out, mime) = prepare(heavy, "image/png", BLUESKY).unwrap_or_default();
        assert_eq!(mime, "image/jpeg");
        assert!(out.len() <= BLUESKY.max_bytes, "{} bytes", out.len());

        // Too many pixels (but few bytes): scaled to the longest side allowed.
        let wide =
            image::RgbImage::from_fn(2600, 60, |x, _| image::Rgb([(x % 256) as u8, 90, 160]));
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(wide)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap_or_default();
        let (out, _) = prepare(png, "image/png", BLUESKY).unwrap_or_default();
        let back = image::load_from_memory(&out)
            .map(|i| (i.width(), i.height()))
            .unwrap_or_default();
        assert_eq!(back.0, 2000, "{back:?}");
    }
}
