//! The handoff page: on the same door as the material page, a person who posts one approved
//! post by hand (a channel Tsunagu cannot post to itself) sees the approved text ready to
//! copy, the images ready to save, a short checklist, and a field for the post's address. The
//! rules (approved as it stands, never sent by the publisher too, taken back once) are in
//! `crate::publish::handoff`; this module issues the code and draws the pages.

use super::page::{esc, shell, Lang};
use super::tokens::{self, Issued, TokenProblem};
use super::Door;
use crate::error::Result;
use crate::ids::RowId;
use crate::model::Platform;
use crate::publish::handoff::{self, HandoffProblem, Kit};
use crate::store::Source;
use crate::workspace::Workspace;
use chrono::{DateTime, Utc};

/// Hands `job` off and makes its code, ending at `until`. Returns the code and the post's title.
pub fn issue(
    ws: &mut Workspace,
    source: Source,
    job: RowId,
    until: DateTime<Utc>,
) -> Result<(Issued, String, Platform)> {
    handoff::hand_off(ws, source, job)?;
    let kit = match handoff::kit(ws, job)? {
        Ok(k) => k,
        Err(_) => {
            return Err(crate::error::Error::invalid(
                "job",
                "This post cannot be handed off as it stands; open it and check its review.",
            ))
        }
    };
    let ctx = ws.ctx(None, source);
    let issued = ws
        .store_mut()
        .write(&ctx, |w| tokens::issue_for_job(w, job, until))?;
    Ok((issued, kit.title, kit.platform))
}

/// Why a handoff page shows no post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shut {
    /// The code does not open it.
    Token(TokenProblem),
    /// The post or its address cannot be taken.
    Post(HandoffProblem),
    /// Something failed on this computer.
    Internal,
}

impl Shut {
    /// The HTTP status of the page.
    pub fn status(self) -> u16 {
        match self {
            Shut::Token(_) => 403,
            Shut::Post(HandoffProblem::BadAddress) => 422,
            Shut::Post(_) => 409,
            Shut::Internal => 500,
        }
    }
}

fn job_of(ws: &Workspace, token: &str) -> Result<std::result::Result<RowId, Shut>> {
    Ok(
        match tokens::resolve(ws.store().conn(), token, ws.clock().now())? {
            Ok(g) => g.job.ok_or(Shut::Token(TokenProblem::Unknown)),
            Err(p) => Err(Shut::Token(p)),
        },
    )
}

/// The kit a handoff's code shows.
pub fn kit_for(door: &dyn Door, token: &str) -> std::result::Result<Kit, Shut> {
    super::through(door, |ws| {
        Ok(match job_of(ws, token)? {
            Ok(job) => handoff::kit(ws, job)?.map_err(Shut::Post),
            Err(s) => Err(s),
        })
    })
    .unwrap_or(Err(Shut::Internal))
}

/// The `n`th image (from 1) of a handoff: its bytes and type.
pub fn image(door: &dyn Door, token: &str, n: usize) -> Option<(Vec<u8>, String)> {
    let kit = kit_for(door, token).ok()?;
    let (id, _, _) = kit.images.get(n.checked_sub(1)?)?.clone();
    super::through(door, |ws| {
        let info = crate::media::media(ws.store().conn(), id)?;
        let path = crate::media::path(ws.store().conn(), &crate::media::root(ws.dir()), id)?;
        let bytes = std::fs::read(&path).map_err(|e| crate::error::Error::io("read", path, e))?;
        Ok((bytes, info.mime))
    })
    .ok()
}

/// Takes the address back.
pub fn record(
    door: &dyn Door,
    token: &str,
    hash: &str,
    url: &str,
) -> std::result::Result<Kit, Shut> {
    super::through(door, |ws| {
        let job = match job_of(ws, token)? {
            Ok(j) => j,
            Err(s) => return Ok(Err(s)),
        };
        let kit = match handoff::kit(ws, job)? {
            Ok(k) => k,
            Err(p) => return Ok(Err(Shut::Post(p))),
        };
        Ok(handoff::record(ws, Source::Phone, job, hash, url)?
            .map(|()| kit)
            .map_err(Shut::Post))
    })
    .unwrap_or(Err(Shut::Internal))
}

/// The page of a handed-off post.
pub fn kit_page(lang: Lang, token: &str, k: &Kit) -> String {
    let ja = lang == Lang::Ja;
    let t = |j: &'static str, e: &'static str| if ja { j } else { e };
    let name = crate::model::Platform::label(k.platform);
    let mut b = format!(
        "<h1>{}</h1><p class=\"note\">{} · {}</p>",
        t("手動で投稿する", "Post by hand"),
        esc(&k.title),
        name
    );
    b.push_str(&format!(
        "<fieldset><legend><label for=\"text\">{}</label></legend><textarea id=\"text\" readonly>{}</textarea><button type=\"button\" class=\"copy\" data-copy=\"text\" data-done=\"{}\">{}</button><p class=\"note\">{}</p></fieldset>",
        t("承認された文面", "The approved text"),
        esc(&k.text),
        t("コピーしました", "Copied"),
        t("文面をコピー", "Copy the text"),
        t("一字も変えずに貼り付けてください。変えると承認の対象ではなくなります。", "Paste it without changing a character; a changed text is not what was approved.")
    ));
    if !k.images.is_empty() {
        b.push_str(&format!(
            "<fieldset><legend>{}</legend>",
            t(
                "画像（この順番で付けてください）",
                "Images (attach them in this order)"
            )
        ));
        for (i, (_, file, alt)) in k.images.iter().enumerate() {
            let n = i + 1;
            b.push_str(&format!(
                "<figure><img src=\"/h/{token}/img/{n}\" alt=\"{}\" style=\"max-width:100%\"><figcaption><a href=\"/h/{token}/img/{n}\" download=\"{}\">{} {n}</a>{}</figcaption></figure>",
                esc(alt),
                esc(file),
                t("保存する：画像", "Save image"),
                if alt.is_empty() { String::new() } else { format!("<br><span class=\"note\">{}{}</span>", t("代替テキスト：", "Alt text: "), esc(alt)) }
            ));
        }
        b.push_str("</fieldset>");
    }
    b.push_str(&format!(
        "<form id=\"posted\" method=\"post\" action=\"/h/{token}\" enctype=\"multipart/form-data\" accept-charset=\"utf-8\"><input type=\"hidden\" name=\"hash\" value=\"{}\"><fieldset><legend>{}</legend>",
        esc(&k.hash),
        t("投稿する前の確認", "Before you post")
    ));
    for (j, e) in [
        (
            "文面を変えずに貼り付けた",
            "I pasted the text without changing it",
        ),
        ("画像を順番どおりに付けた", "I attached the images in order"),
        (
            "代替テキストを入れた（入れられるとき）",
            "I added the alt text (where the app allows)",
        ),
        (
            "公開する前に、もう一度全体を見直した",
            "I looked it over once more before posting",
        ),
    ] {
        b.push_str(&format!(
            "<label class=\"choice\"><input type=\"checkbox\" required> {}</label>",
            t(j, e)
        ));
    }
    b.push_str(&format!(
        "</fieldset><fieldset><legend><label for=\"url\">{}</label></legend><input id=\"url\" name=\"url\" type=\"url\" required inputmode=\"url\" style=\"width:100%;font-size:16px;padding:10px;box-sizing:border-box\"><p class=\"note\">{}</p></fieldset><button type=\"submit\">{}</button></form>",
        t("投稿のアドレス（URL）", "The post's address (URL)"),
        t("投稿したら、その投稿を開いて「リンクをコピー」したものを貼り付けてください。", "Once posted, open the post, copy its link and paste it here."),
        t("投稿したことを知らせる", "Tell Tsunagu it is posted")
    ));
    b.push_str("<script src=\"/phone.js\"></script>");
    shell(lang, t("手動で投稿する", "Post by hand"), &b)
}

/// The page after the address was taken.
pub fn recorded_page(lang: Lang, k: &Kit) -> String {
    let body = match lang {
        Lang::Ja => format!(
            "<div class=\"card\" role=\"status\"><h1>記録しました</h1><p>「{}」を{}に投稿したことを記録しました。ありがとうございます。</p></div>",
            esc(&k.title),
            crate::model::Platform::label(k.platform)
        ),
        Lang::En => format!(
            "<div class=\"card\" role=\"status\"><h1>Recorded</h1><p>\"{}\" is recorded as posted on {}. Thank you.</p></div>",
            esc(&k.title),
            crate::model::Platform::label(k.platform)
        ),
    };
    shell(
        lang,
        if lang == Lang::Ja {
            "記録しました"
        } else {
            "Recorded"
        },
        &body,
    )
}

/// The page when there is no post to show or the address was not taken.
pub fn shut_page(lang: Lang, token: &str, s: Shut) -> String {
    let ja = lang == Lang::Ja;
    let (title, text) = match (ja, s) {
        (true, Shut::Token(TokenProblem::Expired)) => ("このQRコードは期限切れです", "SNS担当に新しいQRコードをもらってください。"),
        (true, Shut::Token(_)) => ("このアドレスは開けません", "QRコードをもう一度読み取るか、SNS担当に確かめてください。"),
        (true, Shut::Post(HandoffProblem::Changed)) => ("承認のあとで内容が変わりました", "この投稿は承認をやり直しています。もう投稿してしまったときは、その投稿を削除して、SNS担当に知らせてください。何も記録していません。"),
        (true, Shut::Post(HandoffProblem::AlreadyPosted)) => ("この投稿はもう記録されています", "同じ投稿を二度しないでください。二度投稿してしまったときは、あとの方を削除してください。"),
        (true, Shut::Post(HandoffProblem::BadAddress)) => ("投稿のアドレスではないようです", "投稿を開いて「リンクをコピー」し、https:// から始まるアドレスを貼り付けてください。何も記録していません。"),
        (true, Shut::Post(HandoffProblem::NotHandedOff)) => ("この手動投稿は取り消されました", "SNS担当がこの投稿を手動投稿から外しました。投稿しないでください。"),
        (true, Shut::Internal) => ("記録できませんでした", "SNS担当のパソコンで問題が起きました。少し待ってから、もう一度お試しください。"),
        (false, Shut::Token(TokenProblem::Expired)) => ("This QR code has expired", "Ask the SNS lead for a new QR code."),
        (false, Shut::Token(_)) => ("This address does not open", "Scan the QR code again, or check with the SNS lead."),
        (false, Shut::Post(HandoffProblem::Changed)) => ("The post changed after it was approved", "It is being reviewed again. If you already posted it, delete that post and tell the SNS lead. Nothing was recorded."),
        (false, Shut::Post(HandoffProblem::AlreadyPosted)) => ("This post is recorded already", "Do not post it twice; if you did, delete the later one."),
        (false, Shut::Post(HandoffProblem::BadAddress)) => ("That does not look like the post's address", "Open the post, copy its link, and paste the address starting with https://. Nothing was recorded."),
        (false, Shut::Post(HandoffProblem::NotHandedOff)) => ("This handoff was called off", "The SNS lead took the post back; do not post it."),
        (false, Shut::Internal) => ("It could not be recorded", "Something went wrong on the SNS lead's computer. Wait a moment and try again."),
    };
    let back = if s == Shut::Post(HandoffProblem::BadAddress) {
        format!(
            "<p><a href=\"/h/{token}\">{}</a></p>",
            if ja { "戻る" } else { "Back" }
        )
    } else {
        String::new()
    };
    shell(
        lang,
        title,
        &format!(
            "<div class=\"card warn\" role=\"alert\"><h1>{title}</h1><p>{text}</p>{back}</div>"
        ),
    )
}
