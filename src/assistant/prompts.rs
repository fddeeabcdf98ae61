//! What the assistant is told for each task. The instructions are ours (they never carry the
//! company's data); the person's material and text go in the user message, which is masked
//! when it leaves the machine. Every instruction asks the model to keep `[[…]]` placeholders
//! as they are, so names and personal data come back in their places.

/// Said in every instruction.
const KEEP: &str = "文中の [[PERSON_1]] や [[PRIVATE_1]]、[[SECRET_1]] のような記号は、そのままの形で残してください。説明や前置きは書かず、求められた文章だけを返してください。";

/// Instructions for a draft from an employee's material.
pub fn draft(theme: Option<&str>, template: Option<&str>) -> String {
    let mut s = String::from(
        "あなたは日本の会社のSNS担当を手伝うアシスタントです。社員から届いた写真とひとことをもとに、会社の公式アカウントの投稿の下書きを日本語で書きます。誇張や断定を避け、働く人への敬意がある、落ち着いた会社らしい文体にします。素材をくれた人の名前を「〜さん」として一度だけ紹介します。ハッシュタグは2つまで。",
    );
    if let Some(t) = theme {
        s.push_str(&format!(
            "今月のテーマは「{t}」です。テーマに沿わせてください。"
        ));
    }
    if let Some(t) = template {
        s.push_str(&format!("次の型に沿って書いてください：\n{t}\n"));
    }
    s.push_str(KEEP);
    s
}

/// Instructions for one platform's version within `limit` of its own counting.
pub fn fit(platform: &str, limit: usize, unit: &str) -> String {
    format!(
        "次の投稿文を、{platform}向けに{limit}{unit}以内に収まるよう書き直してください。意味と大事な言葉は残し、言い回しを短くします。{KEEP}"
    )
}

/// Instructions to explain a guideline finding and propose a rewrite that clears it.
pub fn explain(finding: &str) -> String {
    format!(
        "社内の投稿ガイドラインのチェックで、次の指摘が出ました：「{finding}」。まず1〜2文で、なぜ問題になりうるかを、やさしい日本語で説明してください。次に「---」だけの行を書き、その後に指摘が出ないよう書き直した投稿文の全文を書いてください。{KEEP}"
    )
}

/// Instructions for alt text of a photo.
pub fn alt() -> String {
    format!(
        "画像の代替テキスト（目の見えない人のための説明）を日本語で1〜2文、80文字以内で書いてください。写っている物と様子を具体的に。人の名前や顔の特徴は書かないでください。{KEEP}"
    )
}

/// Instructions for next month's ideas.
pub fn plan(month: &str, count: usize) -> String {
    format!(
        "会社のSNSの{month}の投稿案を{count}個考えてください。目的とKPI、反応がよかった投稿を参考にします。1行に1案、「タイトル｜ひとことの説明」の形で、番号や記号は付けずに書いてください。{KEEP}"
    )
}
