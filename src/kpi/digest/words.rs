//! The digest's words in Japanese and English, with the three-minute guide for the manager.
//! They live with the digest (not in the UI's translations) because the command line makes
//! digests too.

use crate::kpi::report::ReportLanguage;

pub(super) struct Words {
    pub(super) title: &'static str,
    pub(super) gave: &'static str,
    pub(super) people: &'static str,
    pub(super) material: &'static str,
    pub(super) drafts: &'static str,
    pub(super) appearances: &'static str,
    pub(super) thanks: &'static str,
    pub(super) too_small: &'static str,
    pub(super) waiting: &'static str,
    pub(super) no_reviewer: &'static str,
    pub(super) nothing_waiting: &'static str,
    pub(super) approvals: &'static str,
    pub(super) post: &'static str,
    pub(super) author: &'static str,
    pub(super) request: &'static str,
    pub(super) replies: &'static str,
    pub(super) submitted: &'static str,
    pub(super) more: &'static str,
    pub(super) themes: &'static str,
    pub(super) no_themes: &'static str,
    pub(super) requests: &'static str,
    pub(super) no_requests: &'static str,
    pub(super) due: &'static str,
    pub(super) no_due: &'static str,
    pub(super) answered: &'static str,
    pub(super) story: &'static str,
    pub(super) company_story: &'static str,
    pub(super) no_story: &'static str,
    pub(super) guide: &'static str,
    pub(super) guide_steps: [&'static str; 5],
}

const JA: Words = Words {
    title: "今週のSNSダイジェスト",
    gave: "部署からの協力",
    people: "協力した人",
    material: "素材",
    drafts: "下書き",
    appearances: "登場した投稿",
    thanks: "受け取ったお礼",
    too_small: "少人数のため非表示（{n}人未満の部署は数字を出しません）",
    waiting: "課長の確認待ち",
    no_reviewer: "この部署にはレビュー担当の方がいないため、投稿の確認はSNS担当が行います。",
    nothing_waiting: "確認待ちの投稿はありません。",
    approvals: "承認",
    post: "投稿",
    author: "書いた人",
    request: "お願い",
    replies: "回答",
    submitted: "提出",
    more: "ほか{n}件はレビュー画面で確認できます。",
    themes: "今月のテーマ",
    no_themes: "今月のテーマはまだ決まっていません。",
    requests: "この部署への素材のお願い",
    no_requests: "いま部署に届いているお願いはありません。",
    due: "締切",
    no_due: "締切なし",
    answered: "{a}/{n}人が回答",
    story: "うまくいった話",
    company_story: "うまくいった話（全社から）",
    no_story: "今週紹介できる事例はまだありません。ダッシュボードで投稿に「成功事例」の印をつけると、ここに載ります。",
    guide: "3分でわかる　チームへの頼み方",
    guide_steps: [
        "① 朝会で30秒だけ触れる：「今月のテーマは○○です。写真1枚でも助かります」と一言。",
        "② 相手を決めて頼む：「誰か」ではなく「○○さん、明日の作業の手元を1枚お願いできますか」。",
        "③ 出る・出ないは本人が決める：顔を出さない、写真を送るだけ、も立派な参加です。無理強いはしません。",
        "④ 投稿は公開前に必ず確認されます：本文はガイドラインで点検され、担当者以外の承認を経てから公開されます。",
        "⑤ 載ったら一言お礼を：「載っていたね、ありがとう」の一言が次の協力につながります。",
    ],
};

const EN: Words = Words {
    title: "This week on social media",
    gave: "What the department gave",
    people: "People who took part",
    material: "Material",
    drafts: "Drafts",
    appearances: "Posts they are in",
    thanks: "Thanks received",
    too_small: "Not shown for a small group (no figures for departments under {n} people)",
    waiting: "Waiting for your OK",
    no_reviewer: "Nobody in this department reviews posts, so the social media team checks them.",
    nothing_waiting: "Nothing is waiting for review.",
    approvals: "Approvals",
    post: "Post",
    author: "Written by",
    request: "Request",
    replies: "Answers",
    submitted: "Submitted",
    more: "{n} more on the Review screen.",
    themes: "This month's themes",
    no_themes: "This month's themes are not set yet.",
    requests: "Requests for material to the department",
    no_requests: "No requests are open for the department.",
    due: "Due",
    no_due: "No due date",
    answered: "{a} of {n} answered",
    story: "What worked",
    company_story: "What worked (from the company)",
    no_story: "No story to share yet. Mark a post as a success story on the dashboard and it appears here.",
    guide: "Asking your team, in three minutes",
    guide_steps: [
        "1. Mention it for 30 seconds in the morning meeting: \"This month's theme is …; even one photo helps.\"",
        "2. Ask someone by name: not \"anyone?\" but \"could you take one photo of your hands at work tomorrow?\"",
        "3. Each person decides how to appear: no face, or only sending photos, is taking part too. Never push.",
        "4. Every post is checked before it goes out: the guideline check runs, and someone other than the writer approves it.",
        "5. Say thanks when it is out: \"saw your post, thank you\" is what brings the next photo.",
    ],
};

impl Words {
    /// A request's due date and, when the department is large enough to show figures, how
    /// many of its people answered: the two cells both the HTML and the PDF print.
    pub(super) fn request_cells(
        &self,
        r: &super::DigestRequest,
        d: &super::Digest,
    ) -> (String, String) {
        let due = r.due_on.as_deref().map_or_else(
            || self.no_due.to_string(),
            |x| format!("{} {}", self.due, super::day_label(x, d.language)),
        );
        let answered = if d.contribution.is_some() {
            self.answered
                .replace("{a}", &r.answered.to_string())
                .replace("{n}", &r.asked.to_string())
        } else {
            String::new()
        };
        (due, answered)
    }
}

pub(super) fn words(l: ReportLanguage) -> &'static Words {
    match l {
        ReportLanguage::Ja => &JA,
        ReportLanguage::En => &EN,
    }
}
