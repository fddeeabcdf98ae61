//! Compiling a guideline version and checking a draft against it.

use super::detectors::{personal_data, Hit};
use super::normalize::{normalize, Normalized};
use super::variants::{fold_terms, spellings, TermForms};
use super::{Finding, GuidelineRules, Severity};
use crate::ids::PersonId;
use crate::model::{Participation, Platform, Role};
use crate::roster::ConsentRecord;
use aho_corasick::{AhoCorasick, MatchKind};

mod calendar;
mod disclosure;
mod people;
mod terms;

pub use calendar::month_day;

/// A person the post shows, with what the roster knows about them.
#[derive(Debug, Clone)]
pub struct ShownPerson {
    /// The person.
    pub id: PersonId,
    /// Their name, or `None` when the roster has no such person.
    pub name: Option<String>,
    /// Still with the company.
    pub active: bool,
    /// How they take part.
    pub participation: Vec<Participation>,
    /// Their consent records.
    pub consents: Vec<ConsentRecord>,
    /// Whether this device holds their consent records (an ambassador's laptop in a team
    /// holds only its own person's; the reviewers' devices check the others).
    pub consents_here: bool,
}

/// An image of the post.
#[derive(Debug, Clone)]
pub struct ShownImage {
    /// File name, to say which image.
    pub file_name: String,
    /// Alt text.
    pub alt_text: String,
    /// Whether faces can be recognised.
    pub faces_visible: bool,
    /// Who appears in it.
    pub people: Vec<PersonId>,
}

/// What the engine knows about a post beyond its text.
#[derive(Debug, Clone, Default)]
pub struct LintContext {
    /// Where it will be published.
    pub platforms: Vec<Platform>,
    /// The writer's role, when known.
    pub author_role: Option<Role>,
    /// Everyone it shows (in the text or an image).
    pub people: Vec<ShownPerson>,
    /// Its images.
    pub images: Vec<ShownImage>,
    /// The day it is scheduled for, in the workspace's time zone.
    pub scheduled_on: Option<chrono::NaiveDate>,
    /// Whether the lead has declared a crisis (the crisis pause is on).
    pub crisis: bool,
    /// Whether an employee speaks or appears in it, whoever typed it: it shows someone from
    /// the roster, or it was made from an employee's material. (An ambassador's own post is
    /// told by `author_role`.)
    pub employee_voice: bool,
}

/// One compiled guideline version.
pub struct Linter {
    version: i64,
    rules: GuidelineRules,
    /// The terms' spellings folded for the term lists (see `variants`), pattern → term.
    terms: Option<AhoCorasick>,
    term_of: Vec<usize>,
    /// Each term's plain fold in the forms a match is compared with, by term.
    forms: Vec<Option<TermForms>>,
    products: Phrases,
    markers: Phrases,
    /// The shorteners' and the allowed sites' host names, trimmed and in lower case once.
    shorteners: Vec<String>,
    allowed_domains: Vec<String>,
}

/// A host name as the link checks compare it: trimmed, without `www.`, in lower case.
fn host_key(d: &str) -> String {
    d.trim().trim_start_matches("www.").to_ascii_lowercase()
}

/// Whether `host` is `domain` or one of its subdomains.
fn is_under(host: &str, domain: &str) -> bool {
    !domain.is_empty()
        && host
            .strip_suffix(domain)
            .is_some_and(|rest| rest.is_empty() || rest.ends_with('.'))
}

impl std::fmt::Debug for Linter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Linter")
            .field("version", &self.version)
            .field("terms", &self.rules.terms.len())
            .finish()
    }
}

fn automaton(patterns: &[String]) -> crate::Result<Option<AhoCorasick>> {
    if patterns.is_empty() {
        return Ok(None);
    }
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(patterns)
        .map(Some)
        .map_err(|e| {
            crate::Error::invalid("terms", format!("The term list cannot be compiled: {e}"))
        })
}

/// A short list of folded phrases of which only the first occurrence matters (the company's
/// products, the disclosure markers). A few phrases are found fastest each on its own with a
/// vectorised substring search; a long list goes through one automaton.
enum Phrases {
    Few(Vec<memchr::memmem::Finder<'static>>),
    Many(AhoCorasick),
}

impl Phrases {
    /// Up to this many phrases are searched one by one.
    const FEW: usize = 16;

    fn new(patterns: &[String]) -> crate::Result<Self> {
        if patterns.len() <= Self::FEW {
            return Ok(Self::Few(
                patterns
                    .iter()
                    .map(|p| memchr::memmem::Finder::new(p.as_bytes()).into_owned())
                    .collect(),
            ));
        }
        Ok(automaton(patterns)?.map_or(Self::Few(Vec::new()), Self::Many))
    }

    /// The leftmost occurrence of any phrase (the longest of those starting there), as a
    /// byte range of `text`.
    fn first(&self, text: &str) -> Option<(usize, usize)> {
        match self {
            Self::Many(ac) => ac.find(text).map(|m| (m.start(), m.end())),
            Self::Few(finders) => finders
                .iter()
                .filter_map(|f| f.find(text.as_bytes()).map(|s| (s, s + f.needle().len())))
                .min_by_key(|&(s, e)| (s, std::cmp::Reverse(e))),
        }
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Converts byte offsets (any order) to UTF-16 offsets in one pass.
fn utf16_offsets(text: &str, bytes: &[u32]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_by_key(|i| bytes[*i]);
    let mut out = vec![0u32; bytes.len()];
    let raw = text.as_bytes();
    let (mut b, mut u) = (0usize, 0u32);
    for i in order {
        let target = (bytes[i] as usize).min(raw.len());
        if target > b {
            // One UTF-16 unit per character (every byte that does not continue one), and a
            // second for each four-byte character: a count the compiler vectorises.
            let part = &raw[b..target];
            let starts = part.iter().filter(|&&x| (x & 0xC0) != 0x80).count();
            let astral = part.iter().filter(|&&x| x >= 0xF0).count();
            u += (starts + astral) as u32;
            b = target;
        }
        out[i] = u;
    }
    out
}

struct Raw {
    rule: std::borrow::Cow<'static, str>,
    severity: Severity,
    en: String,
    ja: String,
    fix: Option<(String, String)>,
    start: usize,
    end: usize,
}

impl Linter {
    /// Compiles `rules` of guideline `version`.
    pub fn new(version: i64, rules: GuidelineRules) -> crate::Result<Self> {
        let mut patterns = Vec::new();
        let mut term_of = Vec::new();
        let mut forms = Vec::with_capacity(rules.terms.len());
        for (i, t) in rules.terms.iter().enumerate() {
            let normalized = normalize(t.term.trim());
            let folded = fold_terms(&normalized).text;
            let plain = normalized.text;
            if folded.is_empty() {
                forms.push(None);
                continue;
            }
            for spelling in spellings(&folded) {
                patterns.push(spelling);
                term_of.push(i);
            }
            forms.push(Some(TermForms::new(&plain)));
        }
        // Products and disclosure markers are folded like the terms, so 「精密 シャフト」 is the
        // product and 「＃Ｐ Ｒ」 the marker.
        let fold_all = |list: &[String]| -> Vec<String> {
            list.iter()
                .map(|s| fold_terms(&normalize(s.trim())).text)
                .filter(|s| !s.is_empty())
                .collect()
        };
        Ok(Self {
            version,
            terms: automaton(&patterns)?,
            term_of,
            forms,
            products: Phrases::new(&fold_all(&rules.products))?,
            markers: Phrases::new(&fold_all(&rules.disclosure_markers))?,
            shorteners: rules.shorteners.iter().map(|d| host_key(d)).collect(),
            allowed_domains: rules.allowed_domains.iter().map(|d| host_key(d)).collect(),
            rules,
        })
    }

    /// The guideline version this checks against.
    pub fn version(&self) -> i64 {
        self.version
    }

    /// The rules.
    pub fn rules(&self) -> &GuidelineRules {
        &self.rules
    }

    fn severity(&self, rule: &str, default: Severity) -> Severity {
        self.rules.detectors.get(rule).copied().unwrap_or(default)
    }

    /// Checks `text` (the main text or a platform's version) with what is known of the post.
    pub fn lint(&self, text: &str, ctx: &LintContext) -> Vec<Finding> {
        let folded = normalize(text);
        let deep = fold_terms(&folded);
        let mut raw: Vec<Raw> = Vec::new();
        self.terms(text, &folded, &deep, &mut raw);
        self.personal(text, &folded, &mut raw);
        self.disclosure(&folded, &deep, ctx, &mut raw);
        // One analysis of the text for the links and the platforms' limits.
        let (counts, urls) = crate::counting::count_all_with_urls(&ctx.platforms, text);
        self.links(text, &urls, &mut raw);
        self.limits(text, &counts, &mut raw);
        self.people(ctx, &mut raw);
        self.images(ctx, &mut raw);
        self.calendar(ctx, &mut raw);
        raw.sort_by(|a, b| {
            a.start
                .cmp(&b.start)
                .then(b.severity.cmp(&a.severity))
                .then(a.rule.cmp(&b.rule))
        });
        let offsets: Vec<u32> = raw
            .iter()
            .flat_map(|r| [r.start as u32, r.end as u32])
            .collect();
        let units = utf16_offsets(text, &offsets);
        raw.into_iter()
            .enumerate()
            .map(|(i, r)| {
                let (suggestion, suggestion_ja) = r.fix.unzip();
                Finding {
                    rule: r.rule,
                    severity: r.severity,
                    message: r.en,
                    message_ja: r.ja,
                    suggestion,
                    suggestion_ja,
                    start: r.start as u32,
                    end: r.end as u32,
                    start16: units[2 * i],
                    end16: units[2 * i + 1],
                }
            })
            .collect()
    }

    fn personal(&self, text: &str, folded: &Normalized, out: &mut Vec<Raw>) {
        for hit in personal_data(&folded.text) {
            let (rule, s, e, en, ja, default) = match hit {
                Hit::Phone(s, e) => (
                    "pii.phone",
                    s,
                    e,
                    "a phone number",
                    "電話番号",
                    Severity::Block,
                ),
                Hit::MyNumber(s, e) => (
                    "pii.my_number",
                    s,
                    e,
                    "a My Number (individual number)",
                    "マイナンバー",
                    Severity::Block,
                ),
                Hit::Card(s, e) => (
                    "pii.card",
                    s,
                    e,
                    "a payment card number",
                    "カード番号",
                    Severity::Block,
                ),
                Hit::Email(s, e) => (
                    "pii.email",
                    s,
                    e,
                    "an e-mail address",
                    "メールアドレス",
                    Severity::Warn,
                ),
                Hit::PostalAddress(s, e) => (
                    "pii.postal_address",
                    s,
                    e,
                    "a postal address",
                    "住所",
                    Severity::Warn,
                ),
                Hit::Address(s, e) => (
                    "pii.address",
                    s,
                    e,
                    "a street address",
                    "番地までの住所",
                    Severity::Warn,
                ),
            };
            let (start, end) = folded.original(s, e);
            let typed = &text[start..end];
            out.push(Raw {
                rule: rule.into(),
                severity: self.severity(rule, default),
                en: [
                    "“",
                    typed,
                    "” looks like ",
                    en,
                    ". Personal data must not be posted.",
                ]
                .concat(),
                ja: [
                    "「",
                    typed,
                    "」は",
                    ja,
                    "のようです。個人情報は投稿できません。",
                ]
                .concat(),
                fix: Some((
                    "Remove it, or use the company's public contact page instead.".into(),
                    "削除するか、会社の公開している問い合わせ先に置き換えてください。".into(),
                )),
                start,
                end,
            });
        }
    }

    fn links(&self, text: &str, urls: &[(usize, usize)], out: &mut Vec<Raw>) {
        for &(start, end) in urls {
            let url = &text[start..end];
            let rest = url.split_once("://").map_or(url, |(_, r)| r);
            let host = rest
                .split(['/', '?', '#', ':'])
                .next()
                .unwrap_or("")
                .trim_start_matches("www.")
                .to_ascii_lowercase();
            let under = |d: &String| is_under(&host, d);
            if self.shorteners.iter().any(under) {
                out.push(Raw {
                    rule: "link.shortener".into(),
                    severity: self.severity("link.shortener", Severity::Warn),
                    en: format!(
                        "{host} is a URL shortener; readers cannot see where the link goes."
                    ),
                    ja: format!("{host} は短縮URLです。リンク先が読み手に分かりません。"),
                    fix: Some((
                        "Use the full address.".into(),
                        "元のURLをそのまま使ってください。".into(),
                    )),
                    start,
                    end,
                });
            } else if !self.allowed_domains.is_empty() && !self.allowed_domains.iter().any(under) {
                out.push(Raw {
                    rule: "link.domain".into(),
                    severity: self.severity("link.domain", Severity::Warn),
                    en: format!("{host} is not on the guideline's list of allowed sites."),
                    ja: format!("{host} はガイドラインで許可されたサイトではありません。"),
                    fix: None,
                    start,
                    end,
                });
            }
        }
    }

    fn limits(&self, text: &str, counts: &[crate::counting::Count], out: &mut Vec<Raw>) {
        if text.trim().is_empty() {
            return;
        }
        for c in counts {
            if c.valid {
                continue;
            }
            let start = c.over_from.map_or(0, |p| p.byte as usize);
            let over = c.length.saturating_sub(c.limit);
            let name = c.platform.as_str();
            out.push(Raw {
                rule: format!("limit.{name}").into(),
                severity: Severity::Block,
                en: format!(
                    "Too long for {name}: {} of {} ({over} over).",
                    c.length, c.limit
                ),
                ja: format!(
                    "{name} の上限を超えています：{} / {}（{over} 超過）。",
                    c.length, c.limit
                ),
                fix: Some((
                    "Shorten the text, or write a shorter version for this platform.".into(),
                    "本文を短くするか、この媒体向けの短い版を書いてください。".into(),
                )),
                start: start.min(text.len()),
                end: text.len(),
            });
        }
    }
}
