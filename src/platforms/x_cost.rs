//! What an X post costs under X's pay-per-use API, before it is sent.
//!
//! X charges per request, and a post with a link costs many times one without. The prices are
//! data (`assets/x_prices.json`, with the page they come from and the day they were read), so a
//! price change is a change of that file, not of this code. The estimate counts the requests a
//! post makes: creating it (with a link or not) and one media-metadata call per image that has
//! alt text. Uploading images is not priced on X's page and is left out (said in the result).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The price table as shipped.
const PRICES: &str = include_str!("../../assets/x_prices.json");

/// X's prices per request, in US dollars.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Prices {
    /// The page the prices come from.
    pub source: String,
    /// The day they were read, `YYYY-MM-DD`.
    pub as_of: String,
    /// Creating a post without a link.
    pub content_create: f64,
    /// Creating a post with a link.
    pub content_create_with_url: f64,
    /// Setting an image's alt text.
    pub media_metadata: f64,
    /// Reading a post back (counters).
    pub post_read: f64,
}

/// The shipped price table.
pub fn prices() -> Prices {
    // The file is part of the build; a malformed one fails the unit test below, so this
    // fallback (the prices of the day it was written) is never used in a release.
    serde_json::from_str(PRICES).unwrap_or(Prices {
        source: String::new(),
        as_of: String::new(),
        content_create: 0.015,
        content_create_with_url: 0.2,
        media_metadata: 0.005,
        post_read: 0.005,
    })
}

/// What one X post costs to send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PostCost {
    /// In US dollars.
    pub usd: f64,
    /// Whether the text carries a link (the expensive kind of post).
    pub with_link: bool,
    /// Images whose alt text is set with its own request.
    pub alt_texts: u32,
    /// The day the prices were read.
    pub prices_as_of: String,
}

/// The cost of sending `text` with `alt_texts` images that carry alt text.
pub fn post_cost(text: &str, alt_texts: u32) -> PostCost {
    let p = prices();
    let with_link = !crate::counting::url_spans(text).is_empty();
    let create = if with_link {
        p.content_create_with_url
    } else {
        p.content_create
    };
    let usd = create + f64::from(alt_texts) * p.media_metadata;
    PostCost {
        usd: (usd * 1000.0).round() / 1000.0,
        with_link,
        alt_texts,
        prices_as_of: p.as_of,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_reads_and_a_link_costs_more() {
        let p: Prices = serde_json::from_str(PRICES).expect("assets/x_prices.json is valid");
        assert!(p.content_create > 0.0 && p.content_create_with_url > p.content_create);
        assert_eq!(p.as_of.len(), 10);
        let plain = post_cost("工場見学会を開きます #ものづくり", 0);
        let link = post_cost("工場見学会を開きます https://minato-seiko.co.jp/tour", 2);
        assert!(!plain.with_link && link.with_link);
        assert_eq!(plain.usd, p.content_create);
        assert!((link.usd - (p.content_create_with_url + 2.0 * p.media_metadata)).abs() < 1e-9);
        assert!(link.usd > 10.0 * plain.usd, "a link costs many times more");
    }
}
