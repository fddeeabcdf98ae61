//! Old and new forms of kanji (旧字体 and 新字体, and a few common 異体字 of names).
//!
//! A company lists 「国光製作所」 and someone writes 「國光製作所」; a customer is 「高橋」 in the list
//! and 「髙橋」 in the draft. Both sides are written in the new form before the term lists are
//! matched, so the list may hold either form. The pairs are facts of the writing system (the
//! 当用漢字字体表 simplifications and the best-known variants in family names).

use std::sync::OnceLock;

/// Pairs, old form first.
const PAIRS: &str = "亞亜惡悪壓圧圍囲爲為醫医壹壱稻稲飮飲隱隠營営榮栄衞衛驛駅圓円鹽塩緣縁艷艶\
應応歐欧毆殴櫻桜奧奥假仮價価畫画會会囘回壞壊懷懐繪絵擴拡殼殻覺覚學学嶽岳樂楽渴渇鐮鎌勸勧\
卷巻寬寛歡歓罐缶觀観關関陷陥巖巌顏顔歸帰氣気龜亀僞偽戲戯犧犠舊旧據拠擧挙虛虚峽峡挾挟狹狭\
鄕郷曉暁區区驅駆勳勲薰薫徑径莖茎惠恵揭掲溪渓經経螢蛍輕軽繼継鷄鶏藝芸缺欠儉倹劍剣圈圏檢検\
權権獻献縣県險険顯顕驗験嚴厳效効廣広恆恒鑛鉱號号國国黑黒濟済碎砕齋斎劑剤雜雑參参慘惨棧桟\
蠶蚕贊賛殘残絲糸齒歯兒児辭辞濕湿實実舍舎寫写釋釈壽寿收収從従澁渋獸獣縱縦肅粛處処緖緒敍叙\
將将燒焼稱称證証乘乗剩剰壤壌孃嬢條条淨浄疊畳讓譲釀醸囑嘱觸触寢寝愼慎眞真盡尽圖図粹粋醉酔\
隨随髓髄數数樞枢聲声靜静齊斉攝摂竊窃專専戰戦淺浅潛潜纖繊踐践錢銭禪禅雙双壯壮搜捜插挿爭争\
總総聰聡莊荘裝装騷騒增増藏蔵臟臓卽即屬属續続墮堕體体對対帶帯滯滞臺台瀧滝擇択澤沢單単擔担\
膽胆團団彈弾斷断癡痴遲遅晝昼蟲虫鑄鋳廳庁徵徴聽聴鎭鎮轉転傳伝燈灯當当黨党盜盗鬪闘德徳獨独\
讀読屆届繩縄貳弐惱悩腦脳霸覇廢廃拜拝賣売麥麦發発髮髪拔抜蠻蛮祕秘濱浜甁瓶拂払佛仏竝並變変\
邊辺邉辺辨弁瓣弁辯弁舖舗寶宝豐豊沒没飜翻每毎萬万滿満默黙彌弥藥薬譯訳豫予餘余與与譽誉搖揺\
樣様謠謡來来賴頼亂乱覽覧龍竜兩両獵猟綠緑壘塁淚涙勵励禮礼靈霊齡齢曆暦歷歴戀恋爐炉勞労樓楼\
祿禄錄録灣湾髙高﨑崎嶋島鐵鉄冨富晉晋淸清靑青";

/// The ideographs the table can hold cheaply: a bitmap says which of them have a new form.
const FIRST: u32 = 0x4E00;
const LAST: u32 = 0x9FFF;

/// The pairs, sorted, with a bitmap of the old forms among the common ideographs.
pub struct Table {
    old: Vec<u64>,
    pairs: Vec<(char, char)>,
}

impl Table {
    /// Whether the ideograph U+`u` (U+4E00..U+9FFF) may have a new form: one bit test, so the
    /// fold can ask it of every kanji.
    #[inline]
    pub fn maybe_old(&self, u: u32) -> bool {
        if !(FIRST..=LAST).contains(&u) {
            return matches!(u, 0x3400..=0x4DBF | 0xF900..=0xFAFF);
        }
        let i = (u - FIRST) as usize;
        self.old[i / 64] & (1 << (i % 64)) != 0
    }

    /// The new form of `c` when it is an old one.
    pub fn new_form(&self, c: char) -> Option<char> {
        if !self.maybe_old(c as u32) {
            return None;
        }
        self.pairs
            .binary_search_by_key(&c, |p| p.0)
            .ok()
            .map(|i| self.pairs[i].1)
    }
}

/// The table, built on first use.
pub fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let chars: Vec<char> = PAIRS.chars().collect();
        let mut pairs: Vec<(char, char)> = chars.chunks(2).map(|p| (p[0], p[1])).collect();
        pairs.sort_unstable();
        let mut old = vec![0u64; ((LAST - FIRST) as usize / 64) + 1];
        for &(o, _) in &pairs {
            let u = o as u32;
            if (FIRST..=LAST).contains(&u) {
                let i = (u - FIRST) as usize;
                old[i / 64] |= 1 << (i % 64);
            }
        }
        Table { old, pairs }
    })
}

/// The new form of `c` when it is an old one.
pub fn new_form(c: char) -> Option<char> {
    table().new_form(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_is_two_different_ideographs_of_the_same_length() {
        let chars: Vec<char> = PAIRS.chars().collect();
        assert_eq!(chars.len() % 2, 0);
        for p in chars.chunks(2) {
            assert_ne!(p[0], p[1]);
            assert_eq!(p[0].len_utf8(), 3, "{}", p[0]);
            assert_eq!(p[1].len_utf8(), 3, "{}", p[1]);
            assert_eq!(new_form(p[0]), Some(p[1]), "{}", p[0]);
            assert_eq!(new_form(p[1]), None, "{} is already new", p[1]);
        }
        let mut olds: Vec<char> = chars.chunks(2).map(|p| p[0]).collect();
        olds.sort_unstable();
        let n = olds.len();
        olds.dedup();
        assert_eq!(olds.len(), n, "an old form is listed twice");
        assert_eq!(new_form('國'), Some('国'));
        assert_eq!(new_form('髙'), Some('高'));
        assert_eq!(new_form('﨑'), Some('崎'));
        assert_eq!(new_form('工'), None);
    }
}
