//! The demo company's people, departments and post texts.
//!
//! 株式会社ミナト精工 is fictional: a precision-parts maker in Hamamatsu with two plants and a
//! Tokyo sales office, starting SNS the way the seed articles describe. Names are common
//! Japanese names; any likeness to real people is chance.

/// Company name shown as the workspace name.
pub const COMPANY: &str = "株式会社ミナト精工";

/// Departments, in display order.
pub const DEPARTMENTS: &[&str] = &[
    "製造部",
    "品質保証部",
    "技術開発部",
    "営業部",
    "総務人事部",
    "調達購買部",
    "広報・SNS推進室",
    "経営企画室",
];

/// Sites.
pub const SITES: &[&str] = &["本社（浜松）", "第一工場", "第二工場", "東京営業所"];

/// One person: name, reading, display name, department index, site index, role, modes.
pub struct PersonSeed {
    pub name: &'static str,
    pub reading: &'static str,
    pub display: &'static str,
    pub department: usize,
    pub site: usize,
    pub role: &'static str,
    pub modes: &'static [&'static str],
    pub left: bool,
}

macro_rules! p {
    ($n:literal, $r:literal, $d:literal, $dep:literal, $site:literal, $role:literal, [$($m:literal),*]) => {
        PersonSeed { name: $n, reading: $r, display: $d, department: $dep, site: $site, role: $role, modes: &[$($m),*], left: false }
    };
    ($n:literal, $r:literal, $d:literal, $dep:literal, $site:literal, $role:literal, [$($m:literal),*], left) => {
        PersonSeed { name: $n, reading: $r, display: $d, department: $dep, site: $site, role: $role, modes: &[$($m),*], left: true }
    };
}

/// The roster (27 people in 8 departments).
pub const PEOPLE: &[PersonSeed] = &[
    p!(
        "前田 遥",
        "まえだ はるか",
        "前田",
        6,
        0,
        "lead",
        ["face_shown", "voice_only"]
    ),
    p!(
        "藤田 和也",
        "ふじた かずや",
        "藤田",
        6,
        0,
        "reviewer",
        ["voice_only"]
    ),
    p!(
        "湊 正道",
        "みなと まさみち",
        "湊社長",
        7,
        0,
        "executive",
        ["face_shown"]
    ),
    p!(
        "岡田 康弘",
        "おかだ やすひろ",
        "岡田工場長",
        7,
        1,
        "executive",
        ["face_shown", "voice_only"]
    ),
    p!(
        "山田 健一",
        "やまだ けんいち",
        "山田",
        0,
        1,
        "ambassador",
        ["face_shown"]
    ),
    p!(
        "佐藤 美咲",
        "さとう みさき",
        "佐藤",
        0,
        1,
        "ambassador",
        ["hands_only", "back_view"]
    ),
    p!(
        "鈴木 大輔",
        "すずき だいすけ",
        "鈴木課長",
        0,
        1,
        "reviewer",
        ["face_shown", "voice_only"]
    ),
    p!(
        "高橋 翔太",
        "たかはし しょうた",
        "高橋",
        0,
        2,
        "ambassador",
        ["face_shown"]
    ),
    p!(
        "田中 由美",
        "たなか ゆみ",
        "田中",
        0,
        2,
        "ambassador",
        ["material_only"]
    ),
    p!(
        "伊藤 誠",
        "いとう まこと",
        "伊藤課長",
        1,
        1,
        "reviewer",
        ["voice_only"]
    ),
    p!(
        "渡辺 彩香",
        "わたなべ あやか",
        "渡辺",
        1,
        1,
        "ambassador",
        ["hands_only"]
    ),
    p!(
        "中村 拓也",
        "なかむら たくや",
        "中村",
        1,
        2,
        "ambassador",
        ["back_view", "voice_only"]
    ),
    p!(
        "小林 恵",
        "こばやし めぐみ",
        "小林",
        1,
        2,
        "ambassador",
        ["not_participating"]
    ),
    p!(
        "加藤 亮",
        "かとう りょう",
        "加藤",
        2,
        0,
        "ambassador",
        ["face_shown", "voice_only"]
    ),
    p!(
        "吉田 沙織",
        "よしだ さおり",
        "吉田",
        2,
        0,
        "ambassador",
        ["hands_only"]
    ),
    p!(
        "山本 浩二",
        "やまもと こうじ",
        "山本部長",
        2,
        0,
        "reviewer",
        ["voice_only"]
    ),
    p!(
        "松本 蓮",
        "まつもと れん",
        "松本",
        2,
        0,
        "ambassador",
        ["face_shown"]
    ),
    p!(
        "井上 直樹",
        "いのうえ なおき",
        "井上",
        3,
        3,
        "ambassador",
        ["face_shown"]
    ),
    p!(
        "木村 愛",
        "きむら あい",
        "木村",
        3,
        3,
        "ambassador",
        ["face_shown", "voice_only"]
    ),
    p!(
        "林 秀樹",
        "はやし ひでき",
        "林部長",
        3,
        3,
        "reviewer",
        ["material_only"]
    ),
    p!(
        "清水 葵",
        "しみず あおい",
        "清水",
        3,
        3,
        "ambassador",
        ["back_view"]
    ),
    p!(
        "山崎 真理子",
        "やまざき まりこ",
        "山崎",
        4,
        0,
        "reviewer",
        ["voice_only"]
    ),
    p!(
        "森 陽菜",
        "もり ひな",
        "森",
        4,
        0,
        "ambassador",
        ["face_shown"]
    ),
    p!(
        "池田 悠斗",
        "いけだ ゆうと",
        "池田",
        4,
        0,
        "ambassador",
        ["hands_only", "material_only"]
    ),
    p!(
        "橋本 聡",
        "はしもと さとし",
        "橋本",
        5,
        0,
        "ambassador",
        ["material_only"]
    ),
    p!(
        "阿部 千尋",
        "あべ ちひろ",
        "阿部",
        5,
        0,
        "ambassador",
        ["voice_only"]
    ),
    p!(
        "石川 大和",
        "いしかわ やまと",
        "石川",
        5,
        2,
        "ambassador",
        ["not_participating"],
        left
    ),
];

/// Monthly themes, used in turn: title, description, colour.
pub const THEMES: &[(&str, &str, &str)] = &[
    (
        "ものづくりの手ざわり",
        "加工・組立の手元や道具。顔を出さなくても参加できる月です。",
        "#b45309",
    ),
    (
        "はたらく人の素顔",
        "部署ごとの一日、先輩の声。採用につながる発信を。",
        "#0f766e",
    ),
    (
        "品質を支える技術",
        "測定・検査・改善。数字で語れる工夫を集めます。",
        "#1d4ed8",
    ),
    (
        "地域とともに",
        "地域行事、工場見学、学校との連携。",
        "#15803d",
    ),
    (
        "新しい仲間",
        "新入社員・中途入社の方の紹介と、迎える側の工夫。",
        "#be185d",
    ),
    (
        "安全と改善",
        "安全週間、改善提案、5S。小さな工夫を大きく見せる月。",
        "#7c3aed",
    ),
];

/// One kind of post: title, text, platforms. `{name}` and `{dept}` are filled from the
/// person who wrote it or appears in it.
pub struct PostSeed {
    pub title: &'static str,
    pub body: &'static str,
    pub platforms: &'static [&'static str],
    pub shows_person: bool,
}

macro_rules! post {
    ($t:literal, $b:literal, [$($p:literal),*], $shows:literal) => {
        PostSeed { title: $t, body: $b, platforms: &[$($p),*], shows_person: $shows }
    };
}

/// Post kinds, used in turn with some shuffling.
pub const POSTS: &[PostSeed] = &[
    post!("現場の一枚：朝の段取り", "朝8時、ラインが動き出す前の段取りの時間です。工具の並べ方ひとつにも、{name}さんなりのこだわりがあります。\n#現場の一枚 #ものづくり", ["instagram", "x"], true),
    post!("新しい仲間：{name}さん", "{dept}に配属された{name}さんを紹介します。「先輩の手元を見ながら、少しずつ任される工程が増えてきました」とのこと。これからよろしくお願いします。\n#新しい仲間 #採用", ["instagram", "linkedin"], true),
    post!("製品紹介：精密シャフト", "自動車部品向けの精密シャフトです。直径の公差は±2μm、髪の毛の太さのおよそ40分の1。毎日の測定がこの精度を支えています。\n#製品紹介 #精密加工", ["x", "linkedin", "facebook"], false),
    post!("社長通信", "社長の湊です。今月は全社から改善提案が128件集まりました。過去最多です。小さな工夫の積み重ねが、お客様からの信頼につながっていると感じています。", ["linkedin", "facebook"], false),
    post!("工場見学会のお知らせ", "学生の皆さん向けに工場見学会を開きます。現場の先輩と話せる座談会もあります。お申し込みはプロフィールのリンクからどうぞ。\n#採用 #工場見学", ["x", "instagram", "threads"], false),
    post!("品質の話：測定室", "品質保証部の測定室は、室温20℃±0.5℃に保たれています。三次元測定機で、部品の形を0.001mm単位で確かめています。\n#品質管理", ["x", "bluesky", "mastodon"], false),
    post!("技術コラム：切削油のはなし", "{dept}の{name}さんによる技術コラム。切削油は「冷やす」「滑らせる」「切りくずを流す」の三役。種類を変えただけで工具寿命が1.3倍になった事例を紹介します。", ["linkedin", "bluesky", "mastodon"], false),
    post!("地域清掃に参加しました", "土曜日の朝、工場周辺の清掃活動に社員と家族あわせて42名が参加しました。地域の皆さま、いつもありがとうございます。\n#地域とともに", ["facebook", "instagram"], false),
    post!("今週のひとこと", "{dept}の{name}さんより。「段取り替えが10分短くなりました。チームで手順を見直した成果です」\n#今週のひとこと", ["x", "threads"], true),
    post!("現場の一枚：手元", "検査前のベアリング。{name}さんの手元です。ひとつずつ、指先の感覚でも確かめます。\n#現場の一枚", ["instagram", "threads"], true),
    post!("展示会出展のお知らせ", "来月の「ものづくり技術展」に出展します。ブースでは新しい治具を実機でご覧いただけます。技術担当が常駐しています。", ["x", "linkedin", "facebook"], false),
    post!("先輩社員インタビュー", "入社5年目の{name}さん（{dept}）に聞きました。「最初は図面を読むのもやっとでした。いまは後輩に教える側です」\n#採用 #はたらく人", ["instagram", "linkedin", "x"], true),
    post!("調達の仕事", "調達購買部の仕事は「買う」だけではありません。取引先と一緒に、品質とコストを磨き上げていくのも大切な役目です。", ["linkedin"], false),
    post!("社員食堂の日替わり", "今日の社員食堂は、地元浜松の野菜を使った豚汁定食。寒い日の現場にうれしい一杯です。", ["instagram", "x"], false),
    post!("安全週間", "今週は安全週間です。朝礼で指差呼称をあらためて確認しました。「ヨシ！」の声が工場に響いています。\n#安全第一", ["x", "facebook"], false),
    post!("ものづくりQ&A", "よくいただく質問：「精密加工って何がむずかしいの？」\n答え：熱です。機械も材料も、温度で伸び縮みします。だから私たちは温度を測り、時間を測り、記録します。", ["x", "bluesky", "threads"], false),
];

/// Family names (with readings) for generated demo people.
pub const FAMILY: &[(&str, &str)] = &[
    ("佐藤", "さとう"),
    ("鈴木", "すずき"),
    ("高橋", "たかはし"),
    ("田中", "たなか"),
    ("伊藤", "いとう"),
    ("渡辺", "わたなべ"),
    ("山本", "やまもと"),
    ("中村", "なかむら"),
    ("小林", "こばやし"),
    ("加藤", "かとう"),
    ("吉田", "よしだ"),
    ("山田", "やまだ"),
    ("佐々木", "ささき"),
    ("山口", "やまぐち"),
    ("松本", "まつもと"),
    ("井上", "いのうえ"),
    ("木村", "きむら"),
    ("林", "はやし"),
    ("斎藤", "さいとう"),
    ("清水", "しみず"),
];

/// Given names (with readings) for generated demo people.
pub const GIVEN: &[(&str, &str)] = &[
    ("翔", "しょう"),
    ("陽菜", "ひな"),
    ("蓮", "れん"),
    ("結衣", "ゆい"),
    ("大翔", "ひろと"),
    ("美咲", "みさき"),
    ("健太", "けんた"),
    ("彩", "あや"),
    ("拓海", "たくみ"),
    ("葵", "あおい"),
];

/// Participation mode sets for generated demo people.
pub const MODE_SETS: &[&[&str]] = &[
    &["face_shown"],
    &["hands_only"],
    &["back_view", "voice_only"],
    &["material_only"],
    &["hands_only", "back_view"],
];
