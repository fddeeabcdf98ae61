//! The term lists: every listed term, in any width, kana or case, and in the variants of
//! `variants` (spaced out, broken by invisible characters, old kanji, katakana spellings).
//!
//! A variant is a stronger claim than the term as written, so it must look like the word and
//! not like a piece of a longer one: a spaced, dotted or katakana-spelled variant of a
//! two-character term counts only as a whole word (「高原 価格」 is not 原価), and of a longer
//! term only when one end of it is a word boundary; a long vowel or a small kana spelled
//! another way counts only where the typed text is katakana (「もたらす」 is not モーター). An
//! invisible character or an old kanji form inside a term is never there by accident, so those
//! count wherever they are.

use super::{is_word_byte, Linter, Raw};
use crate::guideline::normalize::Normalized;
use crate::guideline::variants::{boundary, script, Script, TermText, Variant};
use crate::guideline::TermCategory;
use aho_corasick::Input;

impl Linter {
    pub(super) fn terms(
        &self,
        text: &str,
        folded: &Normalized,
        deep: &TermText,
        out: &mut Vec<Raw>,
    ) {
        let Some(ac) = &self.terms else { return };
        let plain = &folded.text;
        let pb = plain.as_bytes();
        let mut at = 0usize;
        'search: while at < deep.text.len() {
            for m in ac.find_iter(Input::new(&deep.text).span(at..deep.text.len())) {
                let (ds, de) = (m.start(), m.end());
                let index = self.term_of[m.pattern().as_usize()];
                let (ps, pe) = deep.plain(ds, de);
                let Some(forms) = self.forms.get(index).and_then(Option::as_ref) else {
                    continue;
                };
                let variant = forms.variant(&plain[ps..pe]);
                let (start, end) = folded.original(ps, pe);
                let accepted = if variant == Variant::Exact {
                    // A term that starts or ends with a letter or digit must not be part of a
                    // word.
                    !((is_word_byte(pb[ps]) && ps > 0 && is_word_byte(pb[ps - 1]))
                        || (is_word_byte(pb[pe - 1]) && pe < pb.len() && is_word_byte(pb[pe])))
                } else {
                    variant_counts(text, start, end, variant, forms.chars)
                };
                if !accepted {
                    // Look again from the next character: a shorter term may start inside.
                    at = ds + deep.text[ds..].chars().next().map_or(1, char::len_utf8);
                    continue 'search;
                }
                let term = &self.rules.terms[index];
                out.push(finding(term, &text[start..end], variant, start, end));
            }
            break;
        }
    }
}

/// Whether a variant typed at `start..end` of `text` counts as the term (see the module).
fn variant_counts(text: &str, start: usize, end: usize, variant: Variant, chars: usize) -> bool {
    let typed = &text[start..end];
    let (Some(first), Some(last)) = (typed.chars().next(), typed.chars().next_back()) else {
        return false;
    };
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let left = boundary(first, before);
    let right = boundary(last, after);
    // Letters and digits never continue a word, whatever the variant.
    let latin_inside = |c: char, o: Option<char>| {
        script(c) == Script::Latin && o.is_some_and(|o| script(o) == Script::Latin)
    };
    if latin_inside(first, before) || latin_inside(last, after) {
        return false;
    }
    match variant {
        Variant::Exact | Variant::Hidden | Variant::Glyph => true,
        Variant::Kana if !typed.chars().any(|c| script(c) == Script::Katakana) => false,
        Variant::Spaced | Variant::Kana => {
            if chars <= 2 {
                left && right
            } else {
                left || right
            }
        }
    }
}

fn finding(
    term: &crate::guideline::Term,
    typed: &str,
    variant: Variant,
    start: usize,
    end: usize,
) -> Raw {
    let (rule, kind_en, kind_ja) = match term.category {
        TermCategory::Forbidden => ("term.forbidden", "a forbidden term", "使えない言葉"),
        TermCategory::Confidential => ("term.confidential", "confidential", "社外に出せない情報"),
        TermCategory::Caution => ("term.caution", "a term that needs care", "注意が必要な言葉"),
    };
    // What is shown: the typed characters, without the invisible ones.
    let shown: std::borrow::Cow<'_, str> = if variant == Variant::Exact {
        typed.into()
    } else {
        typed
            .chars()
            .filter(|c| crate::guideline::variants::separator(*c) != Some(true))
            .collect::<String>()
            .into()
    };
    let listed = term.term.trim();
    let custom = term.message.trim();
    let mut en = if custom.is_empty() {
        ["“", &shown, "” is ", kind_en, " in the guideline."].concat()
    } else {
        ["“", &shown, "”: ", custom].concat()
    };
    let mut ja = if custom.is_empty() {
        ["「", &shown, "」はガイドラインで", kind_ja, "です。"].concat()
    } else {
        ["「", &shown, "」: ", custom].concat()
    };
    if variant != Variant::Exact {
        en.push_str(
            &[
                " Written another way, it is still the listed “",
                listed,
                "”.",
            ]
            .concat(),
        );
        ja.push_str(
            &[
                "（書き方を変えても、ガイドラインの「",
                listed,
                "」と同じです）",
            ]
            .concat(),
        );
    }
    Raw {
        rule: rule.into(),
        severity: term.severity,
        en,
        ja,
        fix: None,
        start,
        end,
    }
}
