//! The kit's words in Japanese and English. Plain language for employees who have never
//! posted for the company; the facts (purposes, numbers, the checklist) come from the workspace.

use crate::kpi::report::ReportLanguage;
use crate::model::Participation;

pub(super) struct Words {
    pub(super) title: &'static str,
    pub(super) subtitle: &'static str,
    pub(super) why: &'static str,
    pub(super) why_lead: &'static str,
    pub(super) no_purposes: &'static str,
    pub(super) other_kpis: &'static str,
    pub(super) no_kpis: &'static str,
    pub(super) rules: &'static str,
    pub(super) rules_lead: &'static str,
    pub(super) never: [&'static str; 3],
    pub(super) confidential: &'static str,
    pub(super) forbidden: &'static str,
    pub(super) products: &'static str,
    pub(super) checklist: &'static str,
    pub(super) no_guideline: &'static str,
    pub(super) ways: &'static str,
    pub(super) ways_lead: &'static str,
    pub(super) ways_end: &'static str,
    pub(super) check: &'static str,
    pub(super) check_steps: [&'static str; 4],
    pub(super) send: &'static str,
    pub(super) send_steps: [&'static str; 4],
    pub(super) send_for: &'static str,
    pub(super) no_code: &'static str,
    pub(super) thanks: &'static str,
    pub(super) thanks_lines: [&'static str; 2],
    pub(super) ranking_off: &'static str,
    pub(super) ranking_on: &'static str,
}

const JA: Words = Words {
    title: "SNS活動　事前説明会",
    subtitle: "社員のみなさんへ　参加のしかたと、安心して参加するためのルール",
    why: "なぜSNSをするのか",
    why_lead: "会社の目的と、うまくいっているかを確かめる数字です。",
    no_purposes: "目的はこれから決めます。決まったら、この資料を作り直してお配りします。",
    other_kpis: "そのほかの数字",
    no_kpis: "数字の目標はこれから決めます",
    rules: "投稿してよいこと・いけないこと",
    rules_lead: "社内の投稿ルール（ガイドライン）を、やさしい言葉にまとめました。",
    never: [
        "個人の情報（電話番号、メールアドレス、住所、マイナンバー、カード番号）は載せません。",
        "写っている人の同意がない写真は使いません。顔を出すかどうかは本人が決めます。",
        "お客様や取引先の名前、発表前の製品は、許可なく載せません。",
    ],
    confidential: "社外秘の言葉として{n}語が登録されていて、下書きに入ると自動で止まります。",
    forbidden: "使ってはいけない言葉として{n}語が登録されています。",
    products: "自社の製品やサービスについて社員が書くときは「#PR」や「社員です」と必ず明記します（ステマ規制、2023年10月から）。",
    checklist: "公開前に確認すること（ガイドライン「{title}」）",
    no_guideline: "ガイドラインはまだ公開されていません。公開されたら、この資料を作り直します。",
    ways: "参加のしかた",
    ways_lead: "できる形で参加してください。どれを選んでも立派な参加です。",
    ways_end: "「参加しない」も選べます。同意はいつでも取り下げられ、取り下げた人が写る投稿は公開前に止まります。",
    check: "投稿が公開されるまで",
    check_steps: [
        "① 下書き：SNS担当や、みなさんの素材をもとに作ります。",
        "② 自動チェック：ガイドラインに合っているか、個人情報や社外秘の言葉がないかを確かめます。",
        "③ 承認：書いた人とは別の人が、{n}人で確認して承認します。自分の投稿は自分で承認できません。",
        "④ 公開：承認されたそのままの内容だけが出ます。あとで変えたら、もう一度承認が必要です。",
    ],
    send: "素材の送り方",
    send_steps: [
        "① スマホのカメラでQRコードを読み取ります（社内のWi-Fiで）。",
        "② 自分の名前を選びます。",
        "③ 写真とひとことを入れ、写り方（顔・手元・後ろ姿など）を選びます。",
        "④ 送信。アプリもアカウントもいりません。",
    ],
    send_for: "いまのお願い：{r}",
    no_code: "QRコードはSNS担当からお渡しします（朝礼ボードの受付シートなど）。",
    thanks: "協力へのお礼",
    thanks_lines: [
        "協力してくれた人は、毎月のレポートで名前を挙げてお礼を伝えます（載せてよい人だけ）。",
        "自社の製品やサービスについての投稿は、表彰や特典の対象にしません（見返りのある口コミにならないように）。",
    ],
    ranking_off: "人を順位で比べることはしません。",
    ranking_on: "みなさんの合意のうえで、協力の多い人を紹介することがあります。",
};

const EN: Words = Words {
    title: "Social media at work: briefing",
    subtitle: "For everyone: how to take part, and the rules that keep it safe",
    why: "Why we are on social media",
    why_lead: "What the company wants from it, and the numbers that tell us whether it works.",
    no_purposes: "The purposes are still being decided. This kit will be made again when they are.",
    other_kpis: "Other numbers",
    no_kpis: "Its numbers are still to be set",
    rules: "What is and is not allowed",
    rules_lead: "The company's posting guideline, in plain words.",
    never: [
        "No personal data: phone numbers, e-mail addresses, home addresses, My Number, card numbers.",
        "No photo of anyone without their consent. Each person decides whether their face is shown.",
        "No customers' or partners' names and no unreleased products without permission.",
    ],
    confidential: "{n} confidential words are listed; a draft that contains one is stopped automatically.",
    forbidden: "{n} words are listed as never to be used.",
    products: "When an employee writes about the company's products or services, the post says so (\"#PR\", \"I work here\"), as the law on stealth marketing requires since October 2023.",
    checklist: "Checked before a post goes out (guideline “{title}”)",
    no_guideline: "The guideline is not published yet. This kit will be made again when it is.",
    ways: "Ways to take part",
    ways_lead: "Take part in the way that suits you; each of these counts.",
    ways_end: "You can also choose not to take part. Consent can be withdrawn at any time, and posts showing you are then stopped before they go out.",
    check: "How a post is checked",
    check_steps: [
        "1. Draft: written by the social media team, often from your material.",
        "2. Automatic check: the guideline, personal data and confidential words.",
        "3. Approval: {n} person(s) other than the writer approve it. Nobody approves their own post.",
        "4. Publishing: exactly the approved content goes out. Any change needs approval again.",
    ],
    send: "How to send material",
    send_steps: [
        "1. Scan the QR code with your phone's camera (on the office Wi-Fi).",
        "2. Pick your name.",
        "3. Add a photo and a line, and say how you appear (face, hands, from behind …).",
        "4. Send. No app and no account needed.",
    ],
    send_for: "Current request: {r}",
    no_code: "The social media team hands out the QR codes (the sheet on the notice board, for example).",
    thanks: "How we say thank you",
    thanks_lines: [
        "Everyone who helped is thanked by name in the monthly report (only those who agreed to be named).",
        "Posts about the company's products or services never earn awards or perks, so no post becomes a paid review.",
    ],
    ranking_off: "Nobody is ranked against anyone else.",
    ranking_on: "With everyone's agreement, the people who helped most may be featured.",
};

pub(super) fn words(l: ReportLanguage) -> &'static Words {
    match l {
        ReportLanguage::Ja => &JA,
        ReportLanguage::En => &EN,
    }
}

/// A way of taking part, and what it means, in plain words.
pub(super) fn mode(m: Participation, l: ReportLanguage) -> (&'static str, &'static str) {
    match (l, m) {
        (ReportLanguage::Ja, Participation::FaceShown) => {
            ("顔を出す", "写真や動画に顔が写ってもよい")
        }
        (ReportLanguage::Ja, Participation::HandsOnly) => {
            ("手元だけ", "顔は出さない。作業する手元だけ写る")
        }
        (ReportLanguage::Ja, Participation::BackView) => {
            ("後ろ姿だけ", "顔は出さない。後ろ姿や遠くからの姿だけ")
        }
        (ReportLanguage::Ja, Participation::VoiceOnly) => {
            ("声・コメントだけ", "写らずに、ひとことやインタビューで参加")
        }
        (ReportLanguage::Ja, Participation::MaterialOnly) => {
            ("写真を送るだけ", "自分は写らない。職場の写真や話題を送る")
        }
        (ReportLanguage::Ja, Participation::NotParticipating) => {
            ("参加しない", "写らず、素材も送らない")
        }
        (ReportLanguage::En, Participation::FaceShown) => {
            ("Face shown", "your face may appear in photos and videos")
        }
        (ReportLanguage::En, Participation::HandsOnly) => {
            ("Hands only", "no face; only your hands at work")
        }
        (ReportLanguage::En, Participation::BackView) => {
            ("From behind", "no face; seen from behind or from afar")
        }
        (ReportLanguage::En, Participation::VoiceOnly) => {
            ("Voice or a comment", "not seen; a line or an interview")
        }
        (ReportLanguage::En, Participation::MaterialOnly) => (
            "Only send photos",
            "you are not in them; photos and news of your workplace",
        ),
        (ReportLanguage::En, Participation::NotParticipating) => {
            ("Not taking part", "not shown, sends nothing")
        }
    }
}
