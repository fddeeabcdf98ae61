//! The rules about the post rather than its text: the people it shows (roster, consent,
//! faces) and its images (alt text). Their findings carry no range in the text.

use super::{LintContext, Linter, Raw};
use crate::guideline::Severity;
use crate::model::Participation;
use crate::roster::consent::ConsentState;
use crate::roster::ConsentRecord;

impl Linter {
    pub(super) fn people(&self, ctx: &LintContext, out: &mut Vec<Raw>) {
        let post_level = |rule: &'static str, en: String, ja: String| Raw {
            rule: rule.into(),
            severity: Severity::Block,
            en,
            ja,
            fix: None,
            start: 0,
            end: 0,
        };
        for p in &ctx.people {
            let Some(name) = &p.name else {
                out.push(post_level(
                    "people.unknown",
                    "Someone shown in this post is not in the roster. Add them to the roster with their consent first.".into(),
                    "名簿にない人がこの投稿に含まれています。先に名簿に登録し、同意を記録してください。".into(),
                ));
                continue;
            };
            if !p.active {
                out.push(post_level(
                    "people.left",
                    format!("{name} has left the company; take them out of this post."),
                    format!("{name}さんは退職しています。この投稿から外してください。"),
                ));
                continue;
            }
            let active: Vec<&ConsentRecord> = p
                .consents
                .iter()
                .filter(|c| c.state == ConsentState::Active)
                .collect();
            if active.is_empty() && p.consents.is_empty() && !p.consents_here {
                // Not a missing consent: this laptop does not hold colleagues' consent
                // records. The reviewer's device checks it before approval (where it blocks).
                out.push(Raw {
                    rule: "people.consent_elsewhere".into(),
                    severity: Severity::Warn,
                    en: format!("{name}'s consent is kept on the lead's and reviewers' devices, not on this one; it is checked in review."),
                    ja: format!("{name}さんの同意の記録はリーダーとレビュー担当の端末にあり、この端末にはありません。レビューで確認されます。"),
                    fix: None,
                    start: 0,
                    end: 0,
                });
                continue;
            }
            if active.is_empty() {
                let (en, ja) = match p.consents.first().map(|c| c.state) {
                    Some(ConsentState::Withdrawn) => (
                        format!("{name} withdrew their consent; take them out of this post."),
                        format!("{name}さんは同意を撤回しています。この投稿から外してください。"),
                    ),
                    Some(ConsentState::Expired) => (
                        format!(
                            "{name}'s consent has expired; renew it before this post goes out."
                        ),
                        format!("{name}さんの同意の期限が切れています。公開前に更新してください。"),
                    ),
                    _ => (
                        format!("{name} has no consent on record; record it on the People screen."),
                        format!(
                            "{name}さんの同意が記録されていません。名簿で同意を記録してください。"
                        ),
                    ),
                };
                out.push(post_level("people.consent", en, ja));
                continue;
            }
            let with_face = ctx
                .images
                .iter()
                .find(|i| i.faces_visible && i.people.contains(&p.id));
            if let Some(image) = with_face {
                let covered = p.participation.contains(&Participation::FaceShown)
                    && ctx.platforms.iter().all(|pl| {
                        active.iter().any(|c| {
                            c.modes.contains(&Participation::FaceShown)
                                && (c.platforms.is_empty() || c.platforms.contains(pl))
                        })
                    });
                if !covered {
                    out.push(Raw {
                        fix: Some((
                            "Use a photo where their face cannot be recognised, or take them out of it.".into(),
                            "顔が分からない写真に差し替えるか、この人を外してください。".into(),
                        )),
                        ..post_level(
                            "people.no_face",
                            format!("{name} has not agreed to show their face, but appears in {} with faces visible.", image.file_name),
                            format!("{name}さんは顔出しに同意していませんが、{} に顔が写っています。", image.file_name),
                        )
                    });
                }
            }
        }
    }

    pub(super) fn images(&self, ctx: &LintContext, out: &mut Vec<Raw>) {
        for image in ctx.images.iter().filter(|i| i.alt_text.trim().is_empty()) {
            out.push(Raw {
                rule: "image.alt".into(),
                severity: self.severity("image.alt", Severity::Warn),
                en: format!(
                    "{} has no description (alt text) for people who cannot see it.",
                    image.file_name
                ),
                ja: format!(
                    "{} に画像の説明（代替テキスト）がありません。",
                    image.file_name
                ),
                fix: Some((
                    "Describe what the photo shows in a sentence.".into(),
                    "写真に何が写っているかを一文で書いてください。".into(),
                )),
                start: 0,
                end: 0,
            });
        }
    }
}
