//! Printed and scannable things the windows ask for: a QR code as SVG (the address of a
//! published post, so a phone can open it from the screen or from paper).

use crate::error::Result;

/// `data` as a QR code in SVG, labelled `label` for screen readers.
pub fn qr_svg(data: &str, label: &str) -> Result<String> {
    crate::print::qr::svg(data, label)
}
