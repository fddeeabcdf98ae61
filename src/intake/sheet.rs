//! The printable sheet of codes, for the 朝礼 board or to hand out: one card per person or
//! request, with the QR code, the name, what to do in three short lines, and until when it
//! works. The codes are drawn as vector squares, so a printed sheet scans from a distance.

use crate::error::Result;
use crate::print::{rgb, Doc, PageSize};

/// One card of the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// Whose code, or the request's title.
    pub title: String,
    /// The department, or the request's note.
    pub subtitle: String,
    /// The phone page's address (with its token).
    pub url: String,
}

/// The sheet as PDF: six cards to an A4 page, in Japanese.
pub fn pdf(company: &str, ends: &str, cards: &[Card]) -> Result<Vec<u8>> {
    let mut doc = Doc::new(PageSize::A4, &format!("{company} 素材受付QRコード"), true)?;
    let (cols, rows) = (2usize, 3usize);
    let gap = 14.0;
    let card_w = (doc.body_width() - gap) / cols as f64;
    let top = doc.h - doc.margin - 40.0;
    let card_h = (top - doc.margin - 20.0 - gap * (rows as f64 - 1.0)) / rows as f64;
    let ink = rgb("#1d2430");
    let muted = rgb("#5b6572");
    let line = rgb("#c4cbd4");
    for (i, card) in cards.iter().enumerate() {
        let slot = i % (cols * rows);
        if slot == 0 {
            if i > 0 {
                doc.new_page();
            }
            let head = format!("{company}　SNS素材の受付（スマホで読み取って送るだけ）");
            let head = doc.fit(&head, 14.0, doc.body_width());
            doc.text(doc.margin, doc.h - doc.margin - 16.0, 14.0, &head, ink);
            let sub = format!("社内のWi-Fiにつないだスマホで読み取ってください。期限：{ends}");
            let sub = doc.fit(&sub, 9.5, doc.body_width());
            doc.text(doc.margin, doc.h - doc.margin - 32.0, 9.5, &sub, muted);
        }
        let (c, r) = (slot % cols, slot / cols);
        let x = doc.margin + c as f64 * (card_w + gap);
        let y = top - (r as f64 + 1.0) * card_h - r as f64 * gap;
        doc.line(
            vec![
                (x, y),
                (x + card_w, y),
                (x + card_w, y + card_h),
                (x, y + card_h),
                (x, y),
            ],
            0.6,
            line,
            true,
        );
        // The name (two lines at most) and the department across the card's top, then the
        // code on the left and three short steps beside it.
        let inner = card_w - 20.0;
        let mut ty = y + card_h - 22.0;
        for l in doc.wrap(&card.title, 13.0, inner).into_iter().take(2) {
            doc.text(x + 10.0, ty, 13.0, &l, ink);
            ty -= 16.0;
        }
        let subtitle = doc.fit(&card.subtitle, 8.5, inner);
        doc.text(x + 10.0, ty, 8.5, &subtitle, muted);
        ty -= 8.0;
        let qr = (ty - y - 10.0).min(card_w * 0.5);
        let qy = ty - 4.0 - qr;
        doc.qr(x + 6.0, qy, qr, &card.url)?;
        let tx = x + 12.0 + qr;
        let tw = card_w - qr - 18.0;
        let mut sy = qy + qr - 16.0;
        for step in [
            "1. 読み取る",
            "2. 写真を撮る・選ぶ",
            "3. 写り方を選んで送る",
        ] {
            for l in doc.wrap(step, 9.0, tw) {
                doc.text(tx, sy, 9.0, &l, ink);
                sy -= 12.0;
            }
            sy -= 3.0;
        }
    }
    doc.finish()
}
