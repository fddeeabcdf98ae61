//! Reading a PDF back as a reader would: poppler's tools for its text, fonts and pages, and
//! the QR codes decoded from its pixels.

pub fn run(tool: &str, args: &[&str]) -> String {
    let o = std::process::Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("{tool} is needed (poppler-utils; scripts/setup.sh installs it): {e}")
        });
    assert!(
        o.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Page `page` of `pdf` as a grey image at `dpi`.
pub fn raster(pdf: &std::path::Path, page: u32, dpi: u32) -> image::GrayImage {
    let out = pdf.with_extension(format!("p{page}"));
    let p = page.to_string();
    let r = dpi.to_string();
    run(
        "pdftoppm",
        &[
            "-r",
            &r,
            "-gray",
            "-png",
            "-singlefile",
            "-f",
            &p,
            "-l",
            &p,
            pdf.to_str().unwrap(),
            out.to_str().unwrap(),
        ],
    );
    image::open(out.with_extension(format!("p{page}.png")))
        .unwrap()
        .to_luma8()
}

/// Every QR code in `img`, decoded.
pub fn decode(img: image::GrayImage) -> Vec<String> {
    rqrr::PreparedImage::prepare(img)
        .detect_grids()
        .into_iter()
        .map(|g| g.decode().unwrap().1)
        .collect()
}
