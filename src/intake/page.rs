//! The phone page: a form, a thank-you and a kind page for every refusal, in Japanese first
//! (English when the phone asks for it first), small enough to load over a weak office Wi-Fi.
//!
//! The pages are plain HTML that works without script; the one script (served from the same
//! address, no inline code, so the page's content policy can forbid everything else) turns an
//! iPhone's HEIC photos into JPEG on the phone before sending, and shows that it is sending.
//! Every value from the workspace is escaped; the token appears only in the form's own
//! address, and no page lets the browser send it elsewhere (no referrer leaves the page's own
//! origin, there are no outside links). A plain form post then carries its true `Origin`, which
//! the listener checks.

use super::tokens::{Grant, TokenProblem};
use super::{Receipt, Refusal};
use crate::error::Result;
use crate::ids::{PersonId, RowId};
use crate::model::Appearance;
use crate::workspace::Workspace;

/// The page's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Japanese.
    Ja,
    /// English.
    En,
}

impl Lang {
    /// From an `Accept-Language` header: Japanese unless the phone puts English first.
    pub fn from_accept(header: Option<&str>) -> Lang {
        let first = header
            .and_then(|h| h.split(',').next())
            .map(|t| t.trim().to_ascii_lowercase())
            .unwrap_or_default();
        if first.starts_with("en") {
            Lang::En
        } else {
            Lang::Ja
        }
    }
}

/// What the form offers for one code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// The giver's name, for a personal code.
    pub person: Option<String>,
    /// The request, for a request's code.
    pub request: Option<String>,
    /// The people asked, for a request's code (the sender picks their name).
    pub people: Vec<(PersonId, String)>,
    /// The giver's open requests, for a personal code.
    pub requests: Vec<(RowId, String)>,
    /// Ways of appearing the giver's consent covers (all, for a request's code: checked once
    /// the name is known).
    pub allowed: Vec<Appearance>,
    /// When the code ends, in the workspace's zone, as shown.
    pub ends: String,
}

/// The form for a valid code.
pub fn form(ws: &Workspace, g: &Grant) -> Result<Form> {
    let today = ws.today()?;
    let tz = ws.time_zone()?;
    let ends = crate::clock::from_db_time(&g.expires_at)
        .map(|t| t.with_timezone(&tz).format("%m/%d %H:%M").to_string())
        .unwrap_or_default();
    let board = crate::app::requests::request_board(ws)?;
    let mut f = Form {
        person: None,
        request: None,
        people: Vec::new(),
        requests: Vec::new(),
        allowed: Appearance::ALL.to_vec(),
        ends,
    };
    if let Some(r) = g.request {
        if let Some(req) = board.iter().find(|x| x.id == r) {
            f.request = Some(req.title.clone());
            if g.person.is_none() {
                f.people = req
                    .assignees
                    .iter()
                    .map(|a| (a.person, a.display_name.clone()))
                    .collect();
            }
        }
    }
    if let Some(p) = g.person {
        let person = crate::roster::person(ws.store().conn(), today, p)?;
        f.person = Some(person.input.display_name.clone());
        if g.request.is_none() {
            f.requests = crate::app::requests::requests(ws, Some(p))?
                .into_iter()
                .filter(|r| r.state == crate::roster::RequestState::Open)
                .map(|r| (r.id, r.title))
                .collect();
        }
        f.allowed = Appearance::ALL
            .iter()
            .copied()
            .filter(|a| {
                crate::roster::materials::check_appearance(ws.store().conn(), today, p, *a).is_ok()
            })
            .collect();
    }
    Ok(f)
}

pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Hiragino Sans','Noto Sans CJK JP',sans-serif;margin:0;padding:16px;background:#f6f7f9;color:#1d2430;font-size:17px;line-height:1.6}main{max-width:520px;margin:0 auto}h1{font-size:1.3em;margin:.2em 0 .6em}fieldset{border:1px solid #d5dae1;border-radius:12px;background:#fff;margin:0 0 14px;padding:12px 14px}legend{font-weight:600;padding:0 4px}label.choice{display:flex;gap:10px;align-items:center;padding:8px 0;min-height:32px}label.choice.off{color:#8a93a0}input[type=radio]{width:22px;height:22px}select,textarea{width:100%;box-sizing:border-box;font-size:17px;padding:10px;border:1px solid #c4cbd4;border-radius:8px}textarea{min-height:110px}input[type=file]{font-size:16px;width:100%}button{width:100%;font-size:19px;padding:14px;border:0;border-radius:12px;background:#1f6feb;color:#fff;font-weight:600}button[disabled]{background:#8aa9d6}.note{color:#5b6572;font-size:.9em}.card{background:#fff;border-radius:12px;padding:16px;border:1px solid #d5dae1}.warn{border-color:#e3a008;background:#fffbeb}a{color:#1f6feb}.pick{display:block;text-align:center;padding:14px;border:2px dashed #1f6feb;border-radius:12px;color:#1f6feb;font-weight:600;cursor:pointer}.hidden-file{position:absolute;width:1px;height:1px;opacity:0;overflow:hidden}";

pub(super) fn shell(lang: Lang, title: &str, body: &str) -> String {
    let l = match lang {
        Lang::Ja => "ja",
        Lang::En => "en",
    };
    format!(
        "<!doctype html><html lang=\"{l}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><meta name=\"referrer\" content=\"same-origin\"><title>{}</title><style>{STYLE}</style></head><body><main>{body}</main></body></html>",
        esc(title)
    )
}

fn appearance_label(lang: Lang, a: Appearance) -> &'static str {
    match (lang, a) {
        (Lang::Ja, Appearance::Face) => "顔が写っている",
        (Lang::Ja, Appearance::Hands) => "手元だけ",
        (Lang::Ja, Appearance::Back) => "後ろ姿",
        (Lang::Ja, Appearance::Absent) => "写っていない",
        (Lang::Ja, Appearance::CommentOnly) => "コメントだけ（写真なし）",
        (Lang::En, Appearance::Face) => "My face is in it",
        (Lang::En, Appearance::Hands) => "Only my hands",
        (Lang::En, Appearance::Back) => "From behind",
        (Lang::En, Appearance::Absent) => "I am not in it",
        (Lang::En, Appearance::CommentOnly) => "A comment only (no photo)",
    }
}

/// The form page for a code.
pub fn form_page(lang: Lang, token: &str, f: &Form) -> String {
    let ja = lang == Lang::Ja;
    let t = |j: &'static str, e: &'static str| if ja { j } else { e };
    let mut b = String::new();
    b.push_str(&format!("<h1>{}</h1>", t("素材を送る", "Send material")));
    let who = match (&f.person, &f.request) {
        (Some(p), Some(r)) => format!("{}{} · {}", esc(p), t("さん", ""), esc(r)),
        (Some(p), None) => format!("{}{}", esc(p), t("さん", "")),
        (None, Some(r)) => esc(r),
        (None, None) => String::new(),
    };
    b.push_str(&format!("<p class=\"note\">{who}</p>"));
    b.push_str(&format!(
        "<form id=\"send\" method=\"post\" action=\"/p/{token}\" enctype=\"multipart/form-data\" accept-charset=\"utf-8\">"
    ));
    if !f.people.is_empty() {
        b.push_str(&format!(
            "<fieldset><legend><label for=\"person\">{}</label></legend><select id=\"person\" name=\"person\" required><option value=\"\">{}</option>",
            t("お名前", "Your name"),
            t("選んでください", "Choose")
        ));
        for (id, name) in &f.people {
            b.push_str(&format!("<option value=\"{id}\">{}</option>", esc(name)));
        }
        b.push_str("</select></fieldset>");
    }
    if !f.requests.is_empty() {
        b.push_str(&format!(
            "<fieldset><legend><label for=\"request\">{}</label></legend><select id=\"request\" name=\"request\"><option value=\"\">{}</option>",
            t("どの依頼への素材ですか", "Which request is it for?"),
            t("依頼とは関係なく送る", "Not for a request")
        ));
        for (id, title) in &f.requests {
            b.push_str(&format!("<option value=\"{id}\">{}</option>", esc(title)));
        }
        b.push_str("</select></fieldset>");
    }
    b.push_str(&format!(
        "<fieldset><legend>{}</legend><label class=\"pick\" for=\"photos\">{}</label><input id=\"photos\" class=\"hidden-file\" name=\"photos\" type=\"file\" accept=\"image/jpeg,image/png,image/heic,image/heif\" multiple><p id=\"picked\" class=\"note\" data-none=\"{}\" data-some=\"{}\">{}</p><p class=\"note\">{}</p></fieldset>",
        t("写真（10枚まで）", "Photos (up to 10)"),
        t("写真を撮る・選ぶ", "Take or choose photos"),
        t("まだ選んでいません", "None chosen yet"),
        t("{n}枚を選びました", "{n} chosen"),
        t("まだ選んでいません", "None chosen yet"),
        t("写真の位置情報やカメラの情報は、受け取ったときに消します。", "Location and camera data are removed when the photos arrive.")
    ));
    b.push_str(&format!(
        "<fieldset><legend>{}</legend>",
        t("あなたの写り方", "How you appear")
    ));
    for a in Appearance::ALL {
        let ok = f.allowed.contains(a);
        let note = if ok {
            String::new()
        } else {
            format!(
                " <span class=\"note\">{}</span>",
                t("（同意の範囲外です）", "(not covered by your consent)")
            )
        };
        b.push_str(&format!(
            "<label class=\"choice{}\"><input type=\"radio\" name=\"appearance\" value=\"{}\" required{}> {}{note}</label>",
            if ok { "" } else { " off" },
            a.as_str(),
            if ok { "" } else { " disabled" },
            appearance_label(lang, *a)
        ));
    }
    b.push_str("</fieldset>");
    b.push_str(&format!(
        "<fieldset><legend><label for=\"comment\">{}</label></legend><textarea id=\"comment\" name=\"comment\" maxlength=\"1000\" placeholder=\"{}\"></textarea></fieldset>",
        t("ひとこと", "A comment"),
        t("例：今日の朝礼で新しい治具を試しました", "e.g. We tried the new jig at today's meeting")
    ));
    b.push_str(&format!(
        "<button type=\"submit\" id=\"go\" data-busy=\"{}\">{}</button><p class=\"note\">{} {}</p></form>",
        t("送っています…", "Sending…"),
        t("送る", "Send"),
        t("このページは社内ネットワークだけで開けます。期限：", "This page opens on the office network only. Until"),
        esc(&f.ends)
    ));
    b.push_str("<script src=\"/phone.js\"></script>");
    shell(lang, t("素材を送る", "Send material"), &b)
}

/// The thank-you page.
pub fn thanks_page(lang: Lang, token: &str, r: &Receipt) -> String {
    let body = match lang {
        Lang::Ja => format!(
            "<div class=\"card\" role=\"status\"><h1>ありがとうございます！</h1><p>素材を受け取りました（写真 {} 枚）。</p><p>SNS担当が確認して、投稿にするときはあなたの名前を添えます。公開する前に、担当者とは別の人が必ず内容を確認します。載せ方について相談があれば、担当から連絡します。</p><p><a href=\"/p/{token}\">もう1件送る</a></p></div>",
            r.photos
        ),
        Lang::En => format!(
            "<div class=\"card\" role=\"status\"><h1>Thank you!</h1><p>Your material arrived ({} photos).</p><p>The SNS lead will look at it and credit you when it becomes a post. Someone other than the lead always checks a post before it goes out. If there is a question about how to use it, the lead will ask you.</p><p><a href=\"/p/{token}\">Send another</a></p></div>",
            r.photos
        ),
    };
    shell(
        lang,
        if lang == Lang::Ja {
            "ありがとうございます"
        } else {
            "Thank you"
        },
        &body,
    )
}

/// The page for a refusal: what happened, that nothing was kept, and what to do.
pub fn refusal_page(lang: Lang, token: Option<&str>, r: Refusal) -> String {
    let ja = lang == Lang::Ja;
    let (title, text) = match (ja, r) {
        (true, Refusal::Token(TokenProblem::Expired)) => ("このQRコードは期限切れです", "受付の期間が終わりました。SNS担当に新しいQRコードをもらってください。"),
        (true, Refusal::Token(TokenProblem::Revoked)) => ("このQRコードは使えなくなりました", "SNS担当がこのコードを止めました。新しいQRコードをもらってください。"),
        (true, Refusal::Token(TokenProblem::Spent)) => ("このQRコードで送れる量を超えました", "たくさん送っていただきありがとうございます。続きはSNS担当に新しいQRコードをもらってください。"),
        (true, Refusal::Token(TokenProblem::Unknown)) => ("このアドレスは開けません", "QRコードをもう一度読み取ってください。それでも開けないときは、SNS担当に新しいQRコードをもらってください。"),
        (true, Refusal::CrossSite) => ("このページからは送れません", "QRコードで開いたページから送ってください。"),
        (true, Refusal::TooLarge) => ("大きすぎて受け取れませんでした", "写真の枚数を減らして、もう一度送ってください（1回に合計80MBまで）。"),
        (true, Refusal::TooManyPhotos) => ("写真が多すぎます", "1回に送れる写真は10枚までです。分けて送ってください。"),
        (true, Refusal::NotAnImage) => ("写真として読み取れないファイルがありました", "写真（JPEG・PNG）を選んで、もう一度送ってください。動画は受け取れません。"),
        (true, Refusal::Heic) => ("このスマホでは写真を変換できませんでした", "iPhoneの「設定 → カメラ → フォーマット」を「互換性優先」にしてから撮るか、写真のスクリーンショットを送ってください。"),
        (true, Refusal::Consent) => ("この写り方では受け取れません", "あなたの同意は、この写り方をふくんでいません。あなたを守るための決まりです。写っていない写真や手元だけの写真で送るか、同意の内容をSNS担当に相談してください。"),
        (true, Refusal::Empty) => ("送る内容がありません", "写真を選ぶか、ひとことを書いてください。"),
        (true, Refusal::NoAppearance) => ("写り方を選んでください", "写真を送るときは、あなたがどう写っているかを選んでください（「コメントだけ」は写真がないときに選びます）。"),
        (true, Refusal::NotAsked) => ("選んだ名前か依頼が見つかりません", "ページを開き直して、もう一度選んでください。"),
        (true, Refusal::BadForm) => ("送った内容を読み取れませんでした", "ページを開き直して、もう一度送ってください。ひとことは1000文字までです。"),
        (true, Refusal::Internal) => ("受け取れませんでした", "SNS担当のパソコンで問題が起きました。少し待ってから、もう一度送ってください。"),
        (false, Refusal::Token(TokenProblem::Expired)) => ("This QR code has expired", "The time for sending has ended. Ask the SNS lead for a new QR code."),
        (false, Refusal::Token(TokenProblem::Revoked)) => ("This QR code no longer works", "The SNS lead stopped this code. Ask for a new QR code."),
        (false, Refusal::Token(TokenProblem::Spent)) => ("This QR code has sent all it can", "Thank you for sending so much. Ask the SNS lead for a new QR code to send more."),
        (false, Refusal::Token(TokenProblem::Unknown)) => ("This address does not open", "Scan the QR code again. If it still does not open, ask the SNS lead for a new one."),
        (false, Refusal::CrossSite) => ("This page cannot send", "Send from the page the QR code opened."),
        (false, Refusal::TooLarge) => ("Too large to receive", "Send fewer photos at a time (up to 80 MB in all)."),
        (false, Refusal::TooManyPhotos) => ("Too many photos", "Send up to 10 photos at a time."),
        (false, Refusal::NotAnImage) => ("A file is not a photo we can read", "Choose photos (JPEG or PNG) and send again. Videos are not taken."),
        (false, Refusal::Heic) => ("This phone could not convert the photo", "On an iPhone, set Settings → Camera → Formats to Most Compatible, or send a screenshot of the photo."),
        (false, Refusal::Consent) => ("This cannot be taken as it is", "Your consent does not cover appearing this way; the rule is there to protect you. Send a photo you are not in, or one of your hands only, or talk to the SNS lead about your consent."),
        (false, Refusal::Empty) => ("Nothing to send", "Choose a photo or write a comment."),
        (false, Refusal::NoAppearance) => ("Say how you appear", "When you send photos, say how you appear in them (\"A comment only\" is for sending without a photo)."),
        (false, Refusal::NotAsked) => ("That name or request is not on this code", "Open the page again and choose again."),
        (false, Refusal::BadForm) => ("The form could not be read", "Open the page again and send again. A comment can be up to 1000 characters."),
        (false, Refusal::Internal) => ("It could not be received", "Something went wrong on the SNS lead's computer. Wait a moment and send again."),
    };
    let kept = if ja {
        "何も保存していません。"
    } else {
        "Nothing was kept."
    };
    let back = match (token, r) {
        (
            Some(tok),
            Refusal::Consent
            | Refusal::Empty
            | Refusal::NoAppearance
            | Refusal::NotAsked
            | Refusal::BadForm
            | Refusal::TooLarge
            | Refusal::TooManyPhotos
            | Refusal::NotAnImage
            | Refusal::Heic
            | Refusal::Internal,
        ) => {
            format!(
                "<p><a href=\"/p/{tok}\">{}</a></p>",
                if ja { "送り直す" } else { "Try again" }
            )
        }
        _ => String::new(),
    };
    shell(
        lang,
        title,
        &format!("<div class=\"card warn\" role=\"alert\"><h1>{title}</h1><p>{text}</p><p class=\"note\">{kept}</p>{back}</div>"),
    )
}

/// The page for any other address: it says nothing about what exists.
pub fn not_found_page(lang: Lang) -> String {
    match lang {
        Lang::Ja => shell(lang, "ページがありません", "<div class=\"card\"><h1>ページがありません</h1><p>QRコードで開いたアドレスを使ってください。</p></div>"),
        Lang::En => shell(lang, "No such page", "<div class=\"card\"><h1>No such page</h1><p>Use the address the QR code opened.</p></div>"),
    }
}

/// The page's one script: HEIC photos become JPEG on the phone (the phone's own decoder), and
/// the button says that it is sending. Without it the form still posts.
pub const SCRIPT: &str = r#"(function(){
document.querySelectorAll('[data-copy]').forEach(function(b){b.addEventListener('click',function(){var t=document.getElementById(b.getAttribute('data-copy'));if(!t)return;var done=function(){var l=b.textContent;b.textContent=b.getAttribute('data-done');setTimeout(function(){b.textContent=l;},1500);};if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(t.value).then(done);}else{t.removeAttribute('readonly');t.select();try{document.execCommand('copy');done();}catch(e){}t.setAttribute('readonly','');}});});
var f=document.getElementById('send');if(!f||!window.fetch||!window.FormData)return;
var input=document.getElementById('photos');
function sync(){var has=input&&input.files&&input.files.length>0;var p=document.getElementById('picked');if(p)p.textContent=has?p.getAttribute('data-some').replace('{n}',String(input.files.length)):p.getAttribute('data-none');var c=f.querySelector('input[value=comment_only]');if(c&&!c.hasAttribute('data-off')){c.disabled=has;if(has&&c.checked)c.checked=false;}}
if(input)input.addEventListener('change',sync);
function isHeic(file){return /image\/hei[cf]/i.test(file.type)||/\.hei[cf]$/i.test(file.name);}
function toJpeg(file){return createImageBitmap(file).then(function(bmp){var c=document.createElement('canvas');c.width=bmp.width;c.height=bmp.height;c.getContext('2d').drawImage(bmp,0,0);return new Promise(function(ok,no){c.toBlob(function(b){b?ok(b):no(new Error('convert'));},'image/jpeg',0.9);});});}
f.addEventListener('submit',function(ev){
 ev.preventDefault();var btn=document.getElementById('go');btn.disabled=true;btn.textContent=btn.getAttribute('data-busy');
 var data=new FormData();var els=f.elements;
 for(var i=0;i<els.length;i++){var e=els[i];if(!e.name||e.name==='photos'||e.disabled)continue;if((e.type==='radio'||e.type==='checkbox')&&!e.checked)continue;data.append(e.name,e.value);}
 var files=input&&input.files?Array.prototype.slice.call(input.files):[];
 var jobs=files.map(function(file){if(!isHeic(file))return Promise.resolve({b:file,n:file.name});return toJpeg(file).then(function(b){return {b:b,n:file.name.replace(/\.hei[cf]$/i,'')+'.jpg'};},function(){return {b:file,n:file.name};});});
 Promise.all(jobs).then(function(list){list.forEach(function(x){data.append('photos',x.b,x.n);});return fetch(f.action,{method:'POST',body:data,credentials:'omit',referrerPolicy:'same-origin'});})
 .then(function(r){return r.text();}).then(function(html){document.open();document.write(html);document.close();})
 .catch(function(){btn.disabled=false;btn.textContent=btn.getAttribute('data-label')||btn.textContent;alert(document.documentElement.lang==='ja'?'送れませんでした。電波のよい所で、もう一度お試しください。':'It could not be sent. Try again where the connection is better.');});
});
f.querySelectorAll('input[disabled]').forEach(function(e){e.setAttribute('data-off','1');});
document.getElementById('go').setAttribute('data-label',document.getElementById('go').textContent);
sync();
})();"#;
