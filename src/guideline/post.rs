//! Checking a stored post: its main text and each platform's own version, with its images,
//! the people it shows and its writer's role, against the current guideline version.

use super::{Finding, LintContext, ShownImage, ShownPerson};
use crate::error::Result;
use crate::ids::{PersonId, PostId};
use crate::model::{Platform, Role};
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Findings for one platform's own version of the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VariantFindings {
    /// The platform.
    pub platform: Platform,
    /// Findings in that version's text.
    pub findings: Vec<Finding>,
}

/// A post checked against the guideline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PostCheck {
    /// The guideline version used.
    pub guideline_version: i64,
    /// Findings in the main text and about the post (people, images).
    pub findings: Vec<Finding>,
    /// Findings in each platform's own version.
    pub variants: Vec<VariantFindings>,
    /// Whether anything blocks submission.
    pub blocking: bool,
}

impl Workspace {
    /// Everything the engine needs to know about a post besides its text.
    pub fn lint_context(&self, post: PostId) -> Result<LintContext> {
        let detail = self.post(post)?;
        let conn = self.store().conn();
        let author: Option<String> = conn
            .query_row(
                "SELECT p.role FROM posts t JOIN people p ON p.id = t.author_id WHERE t.id = ?1",
                [post.as_string()],
                |r| r.get(0),
            )
            .ok();
        let mut shown: Vec<PersonId> = {
            let mut stmt =
                conn.prepare_cached("SELECT person_id FROM post_people WHERE post_id = ?1")?;
            let ids: Vec<String> = stmt
                .query_map([post.as_string()], |r| r.get(0))?
                .collect::<std::result::Result<_, _>>()?;
            ids.iter().filter_map(|i| PersonId::parse(i)).collect()
        };
        let media = crate::media::post_media(self.store().conn(), post)?;
        for m in &media {
            shown.extend(m.people.iter().copied());
        }
        shown.sort();
        shown.dedup();
        let mut people = Vec::new();
        let partial = crate::workspace::own_records_only(conn)?;
        let me = self.me()?;
        for id in shown {
            people.push(
                match crate::roster::person(self.store().conn(), self.today()?, id) {
                    Ok(p) => ShownPerson {
                        id,
                        name: Some(p.input.name),
                        active: p.input.active,
                        participation: p.input.participation,
                        consents: p.consents,
                        consents_here: !partial || me == Some(id),
                    },
                    Err(crate::Error::NotFound { .. }) => ShownPerson {
                        id,
                        name: None,
                        active: false,
                        participation: Vec::new(),
                        consents: Vec::new(),
                        consents_here: true,
                    },
                    Err(e) => return Err(e),
                },
            );
        }
        let tz = self.time_zone()?;
        let scheduled_on = detail
            .scheduled_at
            .as_deref()
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
            .map(|d| d.with_timezone(&tz).date_naive());
        let from_material: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM materials WHERE post_id = ?1)",
            [post.as_string()],
            |r| r.get(0),
        )?;
        Ok(LintContext {
            employee_voice: from_material || !people.is_empty(),
            scheduled_on,
            crisis: crate::crisis::crisis(conn)?.is_some(),
            platforms: detail.variants.iter().map(|v| v.platform).collect(),
            author_role: author.as_deref().and_then(Role::parse),
            people,
            images: media
                .into_iter()
                .map(|m| ShownImage {
                    file_name: m.file_name,
                    alt_text: m.alt_text,
                    faces_visible: m.faces_visible,
                    people: m.people,
                })
                .collect(),
        })
    }

    /// Checks `text` as the text of `post` (for checking while typing, before it is saved).
    /// With `platform`, the text is that platform's version and only its limit applies.
    pub fn lint_text(
        &self,
        post: PostId,
        text: &str,
        platform: Option<Platform>,
    ) -> Result<(i64, Vec<Finding>)> {
        let linter = self.linter()?;
        let mut ctx = self.lint_context(post)?;
        if let Some(p) = platform {
            ctx.platforms = vec![p];
        }
        Ok((linter.version(), linter.lint(text, &ctx)))
    }

    /// Checks the stored post: the main text for the platforms that use it, each platform's own
    /// version for that platform. Findings about the post (people, images) come once.
    pub fn check_post(&self, post: PostId) -> Result<PostCheck> {
        let linter = self.linter()?;
        let detail = self.post(post)?;
        let ctx = self.lint_context(post)?;
        let inheriting: Vec<Platform> = detail
            .variants
            .iter()
            .filter(|v| v.body.is_none())
            .map(|v| v.platform)
            .collect();
        let findings = linter.lint(
            &detail.body,
            &LintContext {
                platforms: inheriting,
                ..ctx.clone()
            },
        );
        let text_only = LintContext {
            people: Vec::new(),
            images: Vec::new(),
            scheduled_on: None,
            crisis: false,
            ..ctx.clone()
        };
        let mut variants = Vec::new();
        for v in &detail.variants {
            if let Some(body) = &v.body {
                variants.push(VariantFindings {
                    platform: v.platform,
                    findings: linter.lint(
                        body,
                        &LintContext {
                            platforms: vec![v.platform],
                            ..text_only.clone()
                        },
                    ),
                });
            }
        }
        let blocking = findings.iter().any(Finding::blocks)
            || variants
                .iter()
                .any(|v| v.findings.iter().any(Finding::blocks));
        Ok(PostCheck {
            guideline_version: linter.version(),
            findings,
            variants,
            blocking,
        })
    }
}
