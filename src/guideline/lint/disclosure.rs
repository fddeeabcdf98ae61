//! Disclosure: a post in which an employee speaks or appears and that mentions the company's
//! products must say it is the company's (Japan's rule on stealth marketing).

use super::{LintContext, Linter, Raw};
use crate::guideline::normalize::Normalized;
use crate::guideline::variants::TermText;
use crate::guideline::Severity;
use crate::model::Role;

impl Linter {
    /// Whether `text` names one of the company's products or services (in any width, kana or
    /// case): such a post is never counted by a ranking or a perk.
    pub fn mentions_products(&self, text: &str) -> bool {
        let folded = crate::guideline::normalize::normalize(text);
        let deep = crate::guideline::variants::fold_terms(&folded);
        self.products.first(&deep.text).is_some()
    }

    /// Japan's rule on stealth marketing (景品表示法, since 2023-10) covers any post in which an
    /// employee speaks or appears in connection with the company's products, whoever typed it:
    /// an ambassador's own post, a post made from an employee's material, and the lead's or an
    /// official account's post that shows an employee or gives their voice.
    pub(super) fn disclosure(
        &self,
        folded: &Normalized,
        deep: &TermText,
        ctx: &LintContext,
        out: &mut Vec<Raw>,
    ) {
        let own = ctx.author_role == Some(Role::Ambassador);
        if !own && !ctx.employee_voice {
            return;
        }
        // Products and markers are looked for in the term lists' fold: spaced out, broken by
        // an invisible character or in an old kanji form, they are still the product and the
        // marker.
        let Some(first) = self.products.first(&deep.text) else {
            return;
        };
        if self.markers.first(&deep.text).is_some() {
            return;
        }
        let (ps, pe) = deep.plain(first.0, first.1);
        let (start, end) = folded.original(ps, pe);
        let (en, ja) = if own {
            (
                "An employee's post about the company's products must say so (Japan's rule on stealth marketing).",
                "社員が自社の製品に触れる投稿は、社員であることを明示する必要があります（ステルスマーケティング規制）。",
            )
        } else {
            (
                "This post shows an employee or gives their voice and mentions the company's products: say that it is the company's post (Japan's rule on stealth marketing).",
                "社員が登場する、または社員の声を伝える投稿が自社の製品に触れています。会社の投稿であること（#PR など）を明示してください（ステルスマーケティング規制）。",
            )
        };
        out.push(Raw {
            rule: "disclosure".into(),
            severity: self.severity("disclosure", Severity::Block),
            en: en.into(),
            ja: ja.into(),
            fix: Some((
                "Add “#PR” or “I work at …” to the post.".into(),
                "「#PR」や「社員です」を本文に入れてください。".into(),
            )),
            start,
            end,
        });
    }
}
