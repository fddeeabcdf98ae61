//! Removing metadata from images without re-encoding them.
//!
//! Photos from phones carry the place they were taken (EXIF GPS), the device and its serial
//! number (maker notes), and editing history (XMP, IPTC). A factory photo must not tell the
//! world where the factory's back door is, so the stored copy keeps only what is needed to
//! show the picture: JPEG's JFIF header, colour profile and Adobe marker, plus a minimal EXIF
//! block holding nothing but the orientation (so the photo is not shown sideways); PNG's
//! image chunks without its text and EXIF chunks. Pixels are copied byte for byte.

use crate::error::{Error, Result};

/// A format Tsunagu stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
}

impl Format {
    /// The MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
        }
    }

    /// The file extension.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }
}

/// Recognises a format by its first bytes.
pub fn sniff(bytes: &[u8]) -> Result<Format> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok(Format::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok(Format::Png)
    } else {
        let kind = if bytes.starts_with(b"GIF8") {
            "a GIF"
        } else if bytes.get(8..12) == Some(b"WEBP") {
            "a WebP image"
        } else if bytes.get(4..12).is_some_and(|b| b.starts_with(b"ftyp")) {
            "a HEIC/HEIF or video file"
        } else {
            "not an image Tsunagu can read"
        };
        Err(Error::refused(
            crate::error::Rule::UnreadableImage,
            "image",
            format!("This file is {kind}. Save it as JPEG or PNG (every platform accepts those) and attach it again."),
        ))
    }
}

fn damaged() -> Error {
    Error::refused(crate::error::Rule::UnreadableImage, "image", "The image file is damaged or cut short. Export it again from the camera or editor and attach the new file.")
}

/// Returns the image without its metadata, and its width and height.
pub fn strip(bytes: &[u8]) -> Result<(Format, Vec<u8>, u32, u32)> {
    match sniff(bytes)? {
        Format::Jpeg => strip_jpeg(bytes).map(|(b, w, h)| (Format::Jpeg, b, w, h)),
        Format::Png => strip_png(bytes).map(|(b, w, h)| (Format::Png, b, w, h)),
    }
}

fn strip_jpeg(bytes: &[u8]) -> Result<(Vec<u8>, u32, u32)> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    let mut i = 2;
    let mut size = None;
    let mut orientation = None;
    let mut wrote_orientation = false;
    loop {
        // Markers may be padded with 0xFF fill bytes.
        while bytes.get(i) == Some(&0xFF) && bytes.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        if bytes.get(i) != Some(&0xFF) {
            return Err(damaged());
        }
        let marker = *bytes.get(i + 1).ok_or_else(damaged)?;
        if marker == 0xD9 {
            out.extend_from_slice(&[0xFF, 0xD9]);
            break;
        }
        if (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            out.extend_from_slice(&bytes[i..i + 2]);
            i += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([
            *bytes.get(i + 2).ok_or_else(damaged)?,
            *bytes.get(i + 3).ok_or_else(damaged)?,
        ]));
        if len < 2 {
            return Err(damaged());
        }
        let end = i + 2 + len;
        let segment = bytes.get(i..end).ok_or_else(damaged)?;
        let payload = &segment[4..];
        match marker {
            0xE1 if payload.starts_with(b"Exif\0\0") => {
                orientation = orientation.or_else(|| exif_orientation(&payload[6..]));
            }
            // JFIF, ICC profile, Adobe: needed to show the colours right.
            0xE0 => out.extend_from_slice(segment),
            0xE2 if payload.starts_with(b"ICC_PROFILE\0") => out.extend_from_slice(segment),
            0xEE if payload.starts_with(b"Adobe") => out.extend_from_slice(segment),
            // Any other APPn (EXIF, XMP, IPTC, maker data) and comments go.
            0xE1..=0xEF | 0xFE => {}
            _ => {
                if !wrote_orientation {
                    if let Some(o) = orientation.filter(|o| *o != 1) {
                        out.extend_from_slice(&orientation_segment(o));
                    }
                    wrote_orientation = true;
                }
                if matches!(marker, 0xC0..=0xCF)
                    && !matches!(marker, 0xC4 | 0xC8 | 0xCC)
                    && payload.len() >= 5
                {
                    let h = u32::from(u16::from_be_bytes([payload[1], payload[2]]));
                    let w = u32::from(u16::from_be_bytes([payload[3], payload[4]]));
                    size = Some((w, h));
                }
                out.extend_from_slice(segment);
                if marker == 0xDA {
                    // Entropy-coded data runs to the next real marker (0xFF not followed by
                    // stuffing or a restart marker): copy it, then go on from that marker.
                    // Progressive JPEGs have several scans; anything after EOI (phones append
                    // preview images with their own EXIF there) is dropped.
                    let mut k = end;
                    loop {
                        let b = *bytes.get(k).ok_or_else(damaged)?;
                        if b == 0xFF {
                            let next = *bytes.get(k + 1).ok_or_else(damaged)?;
                            if next != 0x00 && !(0xD0..=0xD7).contains(&next) && next != 0xFF {
                                break;
                            }
                        }
                        k += 1;
                    }
                    out.extend_from_slice(&bytes[end..k]);
                    i = k;
                    continue;
                }
            }
        }
        i = end;
    }
    let (w, h) = size.ok_or_else(damaged)?;
    if w == 0 || h == 0 {
        return Err(damaged());
    }
    Ok((out, w, h))
}

/// Reads the orientation tag (0x0112) from a TIFF-structured EXIF block.
fn exif_orientation(tiff: &[u8]) -> Option<u16> {
    let be = match tiff.get(0..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |o: usize| -> Option<u16> {
        let b = tiff.get(o..o + 2)?;
        Some(if be {
            u16::from_be_bytes([b[0], b[1]])
        } else {
            u16::from_le_bytes([b[0], b[1]])
        })
    };
    let u32_at = |o: usize| -> Option<u32> {
        let b = tiff.get(o..o + 4)?;
        let a = [b[0], b[1], b[2], b[3]];
        Some(if be {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let count = usize::from(u16_at(ifd)?);
    (0..count.min(512))
        .find_map(|k| {
            let e = ifd + 2 + k * 12;
            (u16_at(e)? == 0x0112).then(|| u16_at(e + 8)).flatten()
        })
        .filter(|o| (1..=8).contains(o))
}

/// A minimal EXIF APP1 segment holding only the orientation.
fn orientation_segment(o: u16) -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"MM\0*\0\0\0\x08"); // big-endian TIFF, IFD0 at offset 8
    tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_be_bytes()); // count 1
    tiff.extend_from_slice(&o.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    let mut seg = vec![0xFF, 0xE1];
    let len = u16::try_from(2 + 6 + tiff.len()).unwrap_or(u16::MAX);
    seg.extend_from_slice(&len.to_be_bytes());
    seg.extend_from_slice(b"Exif\0\0");
    seg.extend_from_slice(&tiff);
    seg
}

fn strip_png(bytes: &[u8]) -> Result<(Vec<u8>, u32, u32)> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..8]);
    let mut i = 8;
    let mut size = None;
    loop {
        let len = bytes
            .get(i..i + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
            .ok_or_else(damaged)?;
        let len = usize::try_from(len).map_err(|_| damaged())?;
        let kind = bytes.get(i + 4..i + 8).ok_or_else(damaged)?;
        let end = i.checked_add(12 + len).ok_or_else(damaged)?;
        let chunk = bytes.get(i..end).ok_or_else(damaged)?;
        if kind == b"IHDR" && len >= 8 {
            let d = &chunk[8..16];
            size = Some((
                u32::from_be_bytes([d[0], d[1], d[2], d[3]]),
                u32::from_be_bytes([d[4], d[5], d[6], d[7]]),
            ));
        }
        if !matches!(kind, b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME") {
            out.extend_from_slice(chunk);
        }
        i = end;
        if kind == b"IEND" {
            break;
        }
    }
    let (w, h) = size.ok_or_else(damaged)?;
    if w == 0 || h == 0 {
        return Err(damaged());
    }
    Ok((out, w, h))
}
