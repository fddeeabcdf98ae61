//! What never leaves the machine: before a request goes to an endpoint that is not on this
//! computer, personal data (phones, e-mail, My Number, cards, addresses, as the guideline's
//! detectors find them), the names of people on the roster and the guideline's confidential
//! terms are replaced by placeholders (`[[PERSON_1]]`, `[[PRIVATE_1]]`, `[[SECRET_1]]`), and
//! the answer gets them back. A finding that blocks a post (a forbidden term) stops the
//! request instead. The history keeps the masked text, whatever the endpoint received.

use crate::guideline::Severity;
use crate::guideline::{LintContext, Linter};

/// Text with its secrets replaced, and the way back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Masked {
    /// The text as it may leave the machine.
    pub text: String,
    /// (placeholder, original), in the order they were made.
    pub table: Vec<(String, String)>,
}

impl Masked {
    /// `answer` with every placeholder put back. A placeholder the model mangled stays as it
    /// is (visible, so the person sees something is missing, never someone else's data).
    pub fn unmask(&self, answer: &str) -> String {
        let mut out = answer.to_string();
        for (p, original) in &self.table {
            out = out.replace(p.as_str(), original);
        }
        out
    }

    /// The placeholders of `other` folded into this table (a second text of the same request).
    fn placeholder_for(&mut self, kind: &str, original: &str) -> String {
        if let Some((p, _)) = self.table.iter().find(|(_, o)| o == original) {
            return p.clone();
        }
        let n = self
            .table
            .iter()
            .filter(|(p, _)| p.starts_with(&format!("[[{kind}_")))
            .count()
            + 1;
        let p = format!("[[{kind}_{n}]]");
        self.table.push((p.clone(), original.to_string()));
        p
    }
}

/// Why a request may not go out: the guideline blocks something in it that a placeholder
/// cannot stand for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocked {
    /// The finding's rule (`term.forbidden`, …).
    pub rule: String,
    /// Its sentence in Japanese.
    pub message_ja: String,
}

/// Names to hide: each person's full name (with and without the space), display name and
/// each part of the name of two characters or more.
pub fn name_variants(people: &[(String, String)]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (name, display) in people {
        let mut push = |s: &str| {
            let s = s.trim();
            if s.chars().count() >= 2 && !out.iter().any(|o| o == s) {
                out.push(s.to_string());
            }
        };
        push(name);
        push(&name.split_whitespace().collect::<String>());
        push(display);
        for part in name.split_whitespace() {
            push(part);
        }
    }
    // Longest first, so 「佐藤美咲」 is hidden whole before 「佐藤」.
    out.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    out
}

/// Masks `texts` (the parts of one request) together, so one secret has one placeholder in
/// all of them. Returns the masked texts and the table, or (when `refuse_blocked`) why the
/// request is blocked.
pub fn mask(
    linter: &Linter,
    names: &[String],
    texts: &[&str],
    refuse_blocked: bool,
) -> Result<(Vec<String>, Masked), Blocked> {
    let mut m = Masked {
        text: String::new(),
        table: Vec::new(),
    };
    let ctx = LintContext::default();
    let mut out = Vec::with_capacity(texts.len());
    for text in texts {
        // Personal data and confidential terms, as the guideline finds them (byte ranges of
        // the text as written).
        let mut spans: Vec<(usize, usize, &'static str)> = Vec::new();
        for f in linter.lint(text, &ctx) {
            let kind = match f.rule.as_ref() {
                r if r.starts_with("pii.") => "PRIVATE",
                "term.confidential" => "SECRET",
                _ => continue,
            };
            let (s, e) = (f.start as usize, f.end as usize);
            if s < e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e) {
                spans.push((s, e, kind));
            }
        }
        // People's names.
        for n in names {
            let mut from = 0;
            while let Some(i) = text[from..].find(n.as_str()) {
                let s = from + i;
                spans.push((s, s + n.len(), "PERSON"));
                from = s + n.len();
            }
        }
        // Earliest first, the longest at one place; overlaps are taken by the first.
        spans.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut masked = String::with_capacity(text.len());
        let mut at = 0;
        for (s, e, kind) in spans {
            if s < at {
                continue;
            }
            masked.push_str(&text[at..s]);
            let p = m.placeholder_for(kind, &text[s..e]);
            masked.push_str(&p);
            at = e;
        }
        masked.push_str(&text[at..]);
        // Anything still blocking stops the request.
        if let Some(f) = refuse_blocked
            .then(|| {
                linter
                    .lint(&masked, &ctx)
                    .into_iter()
                    .find(|f| f.severity == Severity::Block && f.rule.starts_with("term."))
            })
            .flatten()
        {
            return Err(Blocked {
                rule: f.rule.into_owned(),
                message_ja: f.message_ja,
            });
        }
        out.push(masked);
    }
    m.text = out.join("\n");
    Ok((out, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_hidden_longest_first_and_each_once() {
        let v = name_variants(&[
            ("佐藤 美咲".into(), "佐藤".into()),
            ("林 一".into(), "林".into()),
        ]);
        assert_eq!(v[0], "佐藤 美咲");
        assert!(v.contains(&"佐藤美咲".to_string()) && v.contains(&"佐藤".to_string()));
        assert!(
            !v.contains(&"林".to_string()),
            "one character is too short to hide safely"
        );
        let m = Masked {
            text: String::new(),
            table: vec![("[[PERSON_1]]".into(), "佐藤 美咲".into())],
        };
        assert_eq!(
            m.unmask("[[PERSON_1]]さん、ありがとう"),
            "佐藤 美咲さん、ありがとう"
        );
    }

    #[test]
    fn the_new_detectors_and_variants_are_masked_too() {
        let mut rules = crate::guideline::default_pack("ja").unwrap().rules;
        rules.terms.push(crate::guideline::Term {
            term: "紅葉".into(),
            category: crate::guideline::TermCategory::Confidential,
            severity: crate::guideline::Severity::Warn,
            message: String::new(),
        });
        let linter = Linter::new(1, rules).unwrap();
        let text = "来春の紅\u{200b}葉の件。集合は浜松市中央区中央三丁目5番7号、連絡は yamada [at] example.co.jp か 〇三-一二三四-五六七八 まで";
        let (masked, table) = mask(&linter, &[], &[text], false).unwrap();
        for secret in [
            "紅\u{200b}葉",
            "浜松市中央区中央三丁目5番7号",
            "yamada [at] example.co.jp",
            "〇三-一二三四-五六七八",
        ] {
            assert!(
                !masked[0].contains(secret),
                "{secret} left in {}",
                masked[0]
            );
        }
        assert_eq!(table.unmask(&masked[0]), text);
    }
}
