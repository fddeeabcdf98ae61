//! The writing assistant for the fronts (see [`crate::assistant`]): its settings on this
//! computer, and each task: a draft from material, versions that fit each platform, a
//! finding explained with a rewrite, alt text, and ideas for a month. Every result lands as a
//! draft or a suggestion the person accepts, and what was asked and answered is kept with the
//! post, masked, so a reviewer sees what the assistant wrote.

use crate::assistant::{self, prompts, Ask, AssistantInput, AssistantSettings, Exchange, Ready};
use crate::calendar::YearMonth;
use crate::error::{Error, Result};
use crate::ids::{PostId, RowId};
use crate::model::{Platform, PostStatus};
use crate::secrets::SecretStore;
use crate::store::{write::val, Source};
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The assistant set on this computer, if any.
pub fn assistant_settings(
    ws: &Workspace,
    secrets: &dyn SecretStore,
) -> Result<Option<AssistantSettings>> {
    assistant::settings(secrets, &ws.device().as_string())
}

/// Sets the assistant on this computer (a cloud endpoint only when the lead allows it), or
/// turns it off with `None`.
pub fn set_assistant(
    ws: &Workspace,
    secrets: &dyn SecretStore,
    input: Option<&AssistantInput>,
) -> Result<Option<AssistantSettings>> {
    let cloud = ws.settings()?.assistant_cloud;
    assistant::set(secrets, &ws.device().as_string(), input, cloud)
}

/// The assistant ready to ask, or the error that says how to turn it on.
pub fn ready(ws: &Workspace, secrets: &dyn SecretStore) -> Result<Ready> {
    Ready::open(
        secrets,
        &ws.device().as_string(),
        ws.settings()?.assistant_cloud,
    )
}

/// Everyone's names on the roster, as the masking hides them.
fn names(ws: &Workspace) -> Result<Vec<String>> {
    let people: Vec<(String, String)> = crate::roster::people(ws.store().conn())?
        .into_iter()
        .map(|p| (p.name, p.display_name))
        .collect();
    Ok(assistant::mask::name_variants(&people))
}

/// One request to the assistant, masked with the workspace's current guideline and roster
/// (a request with an image goes to the vision model).
fn ask_once(
    ws: &Workspace,
    ready: &Ready,
    ask: Ask<'_>,
    progress: &mut dyn FnMut(&str) -> bool,
) -> Result<Exchange> {
    let vision = ask.image.is_some();
    let linter = ws.linter()?;
    ready.ask(&linter, &names(ws)?, ask, vision, progress)
}

/// One thing the assistant wrote about a post, as the history keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AssistantNote {
    /// `draft`, `fit`, `alt`, `explain` or `plan`.
    pub task: String,
    /// Where the endpoint was: `this_machine`, `office` or `cloud`.
    pub place: String,
    /// The model.
    pub model: String,
    /// What was asked (masked).
    pub request: String,
    /// What it answered (masked).
    pub answer: String,
    /// When, RFC 3339 UTC.
    pub created_at: String,
}

fn keep(ws: &mut Workspace, source: Source, post: PostId, task: &str, e: &Exchange) -> Result<()> {
    let me = ws.me()?;
    let ctx = ws.ctx(me, source);
    ws.store_mut().write(&ctx, |w| {
        let id = RowId(w.new_id());
        let now = w.now_text().to_string();
        w.insert(
            "assistant_notes",
            &[("id", val::text(id.as_string()))],
            &[
                ("post_id", val::text(post.as_string())),
                ("task", val::text(task)),
                ("place", val::text(e.place.as_str())),
                ("model", val::text(&e.model)),
                ("request", val::text(&e.request_kept)),
                ("answer", val::text(&e.answer_kept)),
                ("person_id", val::opt_text(me.map(|p| p.as_string()))),
                ("created_at", val::text(now)),
            ],
        )
    })
}

/// What the assistant wrote about `post`, oldest first.
pub fn notes(ws: &Workspace, post: PostId) -> Result<Vec<AssistantNote>> {
    let mut stmt = ws.store().conn().prepare_cached(
        "SELECT task, place, model, request, answer, created_at FROM assistant_notes
         WHERE post_id = ?1 ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map([post.as_string()], |r| {
        Ok(AssistantNote {
            task: r.get(0)?,
            place: r.get(1)?,
            model: r.get(2)?,
            request: r.get(3)?,
            answer: r.get(4)?,
            created_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The month's first theme, for the instructions.
fn theme_of(ws: &Workspace) -> Result<Option<String>> {
    let month = YearMonth::of(ws.today()?);
    Ok(crate::calendar::month_themes(ws.store().conn(), month)?
        .into_iter()
        .next()
        .map(|t| t.title))
}

/// A draft from material, written by the assistant: the material's draft is made as by hand
/// (`app::materials::material_to_draft`), its text is the assistant's, and the exchange is
/// kept with it. Returns the draft.
pub fn draft_from_material(
    ws: &mut Workspace,
    ready: &Ready,
    material: RowId,
    progress: &mut dyn FnMut(&str) -> bool,
) -> Result<PostId> {
    let m = crate::roster::materials::materials(ws.store().conn())?
        .into_iter()
        .find(|m| m.id == material)
        .ok_or_else(|| Error::NotFound {
            entity: "material",
            id: material.as_string(),
        })?;
    let giver = crate::roster::person(ws.store().conn(), ws.today()?, m.person)?;
    let request = match m.request {
        Some(r) => crate::app::requests::request_board(ws)?
            .into_iter()
            .find(|x| x.id == r)
            .map(|x| x.title),
        None => None,
    };
    let mut user = format!("素材をくれた人：{}さん\n", giver.input.display_name);
    if let Some(r) = &request {
        user.push_str(&format!("答えているお願い：{r}\n"));
    }
    user.push_str(&format!("ひとこと：{}", m.comment));
    // The 型 for a workplace's news, in the workspace's language.
    let japanese = ws.settings()?.language != crate::model::Language::En;
    let template = crate::templates::templates(ws.store().conn())?
        .into_iter()
        .find(|t| t.purpose == "site" && (t.language == "ja") == japanese)
        .map(|t| t.body);
    let system = prompts::draft(theme_of(ws)?.as_deref(), template.as_deref());
    // The first photo goes too when a vision model reads it (never to a cloud endpoint).
    let image = match m.photos.first() {
        Some(photo) if ready.reads_photos() => {
            let root = crate::media::root(ws.dir());
            Some((
                "image/jpeg".to_string(),
                crate::media::thumbnail(ws.store().conn(), &root, *photo)?,
            ))
        }
        _ => None,
    };
    let e = ask_once(
        ws,
        ready,
        Ask {
            system: &system,
            user: &user,
            image,
        },
        progress,
    )?;
    let post = crate::app::materials::material_to_draft(ws, Source::Assistant, material)?;
    let before = ws.post(post)?;
    let me = ws.me()?;
    ws.save_draft(
        Source::Assistant,
        me,
        post,
        &crate::posts::DraftInput {
            title: before.title.clone(),
            body: e.answer.trim().to_string(),
            variants: before.variants.clone(),
            theme_id: before.theme_id,
            accounts: None,
        },
    )?;
    keep(ws, Source::Assistant, post, "draft", &e)?;
    Ok(post)
}

/// A platform's version that fits its counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FitSuggestion {
    /// The platform.
    pub platform: Platform,
    /// The suggested text.
    pub text: String,
    /// Its length as the platform counts it.
    pub length: u32,
    /// The platform's limit.
    pub limit: u32,
    /// Whether the assistant's answer had to be cut to fit.
    pub cut: bool,
}

/// `text` cut (with an ellipsis) until `platform` accepts its length.
pub fn cut_to_fit(platform: Platform, text: &str) -> String {
    let mut t = text.trim().to_string();
    for _ in 0..64 {
        let c = crate::counting::count(platform, &t);
        if c.valid || c.length <= c.limit {
            return t;
        }
        let at = c.over_from.map_or(t.len(), |p| p.byte as usize);
        let mut end = at.min(t.len());
        // Room for the ellipsis, on a character boundary.
        for _ in 0..2 {
            end = t[..end].char_indices().last().map_or(0, |(i, _)| i);
        }
        t.truncate(end);
        t.push('…');
    }
    t
}

/// Versions of `post` for each of its platforms that fit their counters: the assistant
/// shortens, its answer is counted with Tsunagu's own counters and shortened again when it
/// does not fit, and cut as the last resort. Nothing is saved: the person accepts them.
pub fn fit_platforms(
    ws: &mut Workspace,
    ready: &Ready,
    post: PostId,
    progress: &mut dyn FnMut(&str) -> bool,
) -> Result<Vec<FitSuggestion>> {
    let detail = ws.post(post)?;
    let linter = ws.linter()?;
    let names = names(ws)?;
    let mut out = Vec::new();
    for v in &detail.variants {
        let text = v.body.clone().unwrap_or_else(|| detail.body.clone());
        let first = crate::counting::count(v.platform, &text);
        if first.valid {
            continue;
        }
        let unit = match first.unit {
            crate::counting::CountUnit::Bytes => "バイト",
            _ => "文字",
        };
        let mut limit = first.limit as usize;
        let mut suggestion = text.clone();
        let mut fitted = false;
        for _ in 0..2 {
            let system = prompts::fit(v.platform.label(), limit, unit);
            let e = ready.ask(
                &linter,
                &names,
                Ask {
                    system: &system,
                    user: &suggestion,
                    image: None,
                },
                false,
                progress,
            )?;
            keep(ws, Source::Assistant, post, "fit", &e)?;
            suggestion = e.answer.trim().to_string();
            if crate::counting::count(v.platform, &suggestion).valid {
                fitted = true;
                break;
            }
            limit = limit * 4 / 5;
        }
        let text = if fitted {
            suggestion
        } else {
            cut_to_fit(v.platform, &suggestion)
        };
        let c = crate::counting::count(v.platform, &text);
        out.push(FitSuggestion {
            platform: v.platform,
            length: c.length,
            limit: c.limit,
            text,
            cut: !fitted,
        });
    }
    Ok(out)
}

/// A finding in plain words, and a rewrite that clears it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Explanation {
    /// Why it matters, in plain Japanese.
    pub why: String,
    /// The post rewritten (the person accepts it into the editor, or not).
    pub rewrite: String,
}

/// Explains `finding` (its sentence as the editor shows it) on `post`'s text and proposes a
/// rewrite. Nothing is saved but the exchange.
pub fn explain_finding(
    ws: &mut Workspace,
    ready: &Ready,
    post: PostId,
    finding: &str,
    progress: &mut dyn FnMut(&str) -> bool,
) -> Result<Explanation> {
    let detail = ws.post(post)?;
    let system = prompts::explain(finding);
    let e = ask_once(
        ws,
        ready,
        Ask {
            system: &system,
            user: &detail.body,
            image: None,
        },
        progress,
    )?;
    keep(ws, Source::Assistant, post, "explain", &e)?;
    let (why, rewrite) = match e.answer.split_once("\n---") {
        Some((a, b)) => (
            a.trim().to_string(),
            b.trim_start_matches('-').trim().to_string(),
        ),
        None => (e.answer.trim().to_string(), String::new()),
    };
    Ok(Explanation { why, rewrite })
}

/// Ideas for `month` from the purposes, KPIs and the posts that worked, added to the calendar
/// as ideas (never scheduled). Returns them.
pub fn plan_ideas(
    ws: &mut Workspace,
    ready: &Ready,
    month: YearMonth,
    count: usize,
    progress: &mut dyn FnMut(&str) -> bool,
) -> Result<Vec<PostId>> {
    let conn = ws.store().conn();
    let mut user = String::from("目的とKPI：\n");
    for k in crate::kpi::kpis(conn)? {
        user.push_str(&format!(
            "・{}（{}）\n",
            k.name,
            k.purpose_name.unwrap_or_default()
        ));
    }
    let dash = crate::kpi::dashboard::dashboard(conn, ws.time_zone()?, month.prev(), month.prev())?;
    user.push_str("反応がよかった投稿：\n");
    for t in dash.top_posts.iter().take(5) {
        user.push_str(&format!("・{}\n", t.title));
    }
    let system = prompts::plan(
        &crate::kpi::report::month_label(
            &month.to_string(),
            crate::kpi::report::ReportLanguage::Ja,
        ),
        count.clamp(1, 10),
    );
    let e = ask_once(
        ws,
        ready,
        Ask {
            system: &system,
            user: &user,
            image: None,
        },
        progress,
    )?;
    let me = ws.me()?;
    let mut out = Vec::new();
    for line in e
        .answer
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(count.clamp(1, 10))
    {
        let (title, note) = line
            .split_once('｜')
            .or_else(|| line.split_once('|'))
            .unwrap_or((line, ""));
        let title: String = title.trim().chars().take(60).collect();
        if title.is_empty() {
            continue;
        }
        let mut post = crate::posts::NewPost::draft(title);
        post.status = PostStatus::Idea;
        post.body = note.trim().to_string();
        post.author_id = me;
        let id = ws.create_post(Source::Assistant, me, &post)?;
        keep(ws, Source::Assistant, id, "plan", &e)?;
        out.push(id);
    }
    Ok(out)
}

/// Alt text for one of `post`'s images, from a vision model (the image's thumbnail is sent;
/// never to a cloud endpoint). Nothing is saved: the person puts it in the image's field.
pub fn suggest_alt(
    ws: &mut Workspace,
    ready: &Ready,
    post: PostId,
    media: RowId,
    progress: &mut dyn FnMut(&str) -> bool,
) -> Result<String> {
    if !crate::media::post_media(ws.store().conn(), post)?
        .iter()
        .any(|m| m.id == media)
    {
        return Err(Error::NotFound {
            entity: "image",
            id: media.as_string(),
        });
    }
    let root = crate::media::root(ws.dir());
    let thumb = crate::media::thumbnail(ws.store().conn(), &root, media)?;
    let system = prompts::alt();
    let e = ask_once(
        ws,
        ready,
        Ask {
            system: &system,
            user: "この画像の代替テキストを書いてください。",
            image: Some(("image/jpeg".into(), thumb)),
        },
        progress,
    )?;
    keep(ws, Source::Assistant, post, "alt", &e)?;
    Ok(e.answer.trim().chars().take(400).collect())
}
