//! The rules about when a post goes out rather than what it says: days of mourning and
//! remembrance (the guideline pack's list, editable), and a crisis the lead has declared.
//! Their findings carry no range in the text, and warn by default: the day is not wrong in
//! itself, the content on that day may be.

use super::{LintContext, Linter, Raw};
use crate::guideline::Severity;
use chrono::Datelike;

/// `MM-DD` of a day written as `MM-DD`, `M-D`, `M/D` or `M月D日`; `None` when it is not a
/// day of the year (29 February is one).
pub fn month_day(text: &str) -> Option<String> {
    let t = text.trim().trim_end_matches('日');
    let (m, d) = t.split_once(['-', '/', '月'])?;
    let (m, d): (u32, u32) = (m.trim().parse().ok()?, d.trim().parse().ok()?);
    chrono::NaiveDate::from_ymd_opt(2024, m, d)?;
    Some(format!("{m:02}-{d:02}"))
}

impl Linter {
    pub(super) fn calendar(&self, ctx: &LintContext, out: &mut Vec<Raw>) {
        let Some(day) = ctx.scheduled_on else {
            return;
        };
        let key = format!("{:02}-{:02}", day.month(), day.day());
        if let Some(d) = self
            .rules
            .sensitive_days
            .iter()
            .find(|d| month_day(&d.date).as_deref() == Some(key.as_str()))
        {
            let (m, n) = (day.month(), day.day());
            out.push(Raw {
                rule: "calendar.sensitive_day".into(),
                severity: self.severity("calendar.sensitive_day", Severity::Warn),
                en: format!(
                    "Scheduled on {} {n} ({}): check that this post is right for the day.",
                    day.format("%B"),
                    d.reason
                ),
                ja: format!(
                    "{m}月{n}日（{}）に予定されています。この日にふさわしい内容か確かめてください。",
                    d.reason
                ),
                fix: Some((
                    "Move it to another day, or keep it and tell the reviewer why.".into(),
                    "別の日に移すか、このままにする理由をレビュー担当に伝えてください。".into(),
                )),
                start: 0,
                end: 0,
            });
        }
        if ctx.crisis {
            out.push(Raw {
                rule: "calendar.crisis".into(),
                severity: self.severity("calendar.crisis", Severity::Warn),
                en: "The company is in a crisis the lead declared: check that this post should still go out as planned.".into(),
                ja: "リーダーが危機対応を宣言しています。この投稿を予定どおり出してよいか確かめてください。".into(),
                fix: None,
                start: 0,
                end: 0,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::month_day;

    #[test]
    fn days_are_read_however_they_are_written() {
        for (t, want) in [
            ("03-11", Some("03-11")),
            ("3/11", Some("03-11")),
            ("3月11日", Some("03-11")),
            (" 8-6 ", Some("08-06")),
            ("02-29", Some("02-29")),
            ("02-30", None),
            ("13/1", None),
            ("三月十一日", None),
            ("", None),
        ] {
            assert_eq!(month_day(t).as_deref(), want, "{t}");
        }
    }
}
