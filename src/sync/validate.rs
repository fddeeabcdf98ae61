//! Per-column validation of values that arrive from another device.
//!
//! A change from another device is checked here before it is applied, whoever signed it: a
//! lead's device can be lost, copied or damaged too, and a value that would only fail later
//! (a content hash used to find a file, a status the publisher does not know, a colour the
//! calendar paints) must fail now, in the quarantine, with the reason. The checks are per
//! column name, so a table that gains a column of a known kind is covered by the same rule.

use crate::model::{Appearance, Platform, PostStatus, Role};

/// The longest text any synced column may hold (a post body with its variants is far below;
/// the guideline pack is the largest value that travels).
pub const MAX_TEXT_BYTES: usize = 512 * 1024;
/// The longest key value (ids are UUIDs; a person's key is 36 characters).
const MAX_KEY_CHARS: usize = 80;
/// The largest image size a row may claim.
const MAX_IMAGE_BYTES: i64 = 100 * 1024 * 1024;

/// Checks a change's key values: short, printable, never able to name a file elsewhere.
pub fn check_key(table: &str, key: &[serde_json::Value]) -> Result<(), String> {
    for v in key {
        match v {
            serde_json::Value::String(s) => {
                if s.is_empty()
                    || s.chars().count() > MAX_KEY_CHARS
                    || !s
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
                    || s.contains("..")
                {
                    return Err(format!("a key of {table} is malformed"));
                }
            }
            serde_json::Value::Number(n) if n.is_i64() => {}
            _ => return Err(format!("a key of {table} is malformed")),
        }
    }
    Ok(())
}

/// Checks one field's value; the reason when it must be refused.
pub fn check_field(table: &str, column: &str, v: &serde_json::Value) -> Result<(), String> {
    let bad = |what: &str| Err(format!("{table}.{column} is not {what}"));
    if let serde_json::Value::String(s) = v {
        if s.len() > MAX_TEXT_BYTES {
            return Err(format!(
                "{table}.{column} is larger than {} KiB",
                MAX_TEXT_BYTES / 1024
            ));
        }
    }
    if matches!(
        v,
        serde_json::Value::Array(_) | serde_json::Value::Object(_)
    ) {
        return bad("a plain value");
    }
    let text = v.as_str();
    let nullable = v.is_null();
    match (table, column) {
        ("media", "sha256") => match text {
            Some(s) if crate::media::is_sha256_hex(s) => Ok(()),
            _ => bad("a SHA-256 (64 lower-case hex digits)"),
        },
        ("media", "mime") => match text {
            Some("image/jpeg" | "image/png") => Ok(()),
            _ => bad("an image type Tsunagu stores"),
        },
        ("media", "bytes") => match v.as_i64() {
            Some(n) if (0..=MAX_IMAGE_BYTES).contains(&n) => Ok(()),
            _ => bad("an image size"),
        },
        ("media", "file_name") => match text {
            // Shown to people only; still no separators or control characters.
            Some(s) if s.chars().count() <= 255 && !s.chars().any(|c| c.is_control()) => Ok(()),
            _ => bad("a file name"),
        },
        ("materials", "extra_media") => {
            match text.and_then(|s| serde_json::from_str::<Vec<String>>(s).ok()) {
                Some(ids)
                    if ids.len() <= crate::model::MAX_PHOTOS_PER_SENDING
                        && ids.iter().all(|i| {
                            check_key(table, &[serde_json::Value::String(i.clone())]).is_ok()
                        }) =>
                {
                    Ok(())
                }
                _ => bad("a list of image ids"),
            }
        }
        ("materials", "appearance") if nullable => Ok(()),
        ("materials", "appearance") => match text.and_then(Appearance::parse) {
            Some(_) => Ok(()),
            None => bad("a way of appearing"),
        },
        ("materials", "origin") => match text {
            Some("app" | "phone" | "folder") => Ok(()),
            _ => bad("where material came from"),
        },
        ("posts", "status") => match text.and_then(PostStatus::parse) {
            Some(_) => Ok(()),
            None => bad("a post status"),
        },
        ("posts", "crisis_paused_from") if nullable => Ok(()),
        ("posts", "crisis_paused_from") => match text.and_then(PostStatus::parse) {
            Some(_) => Ok(()),
            None => bad("a post status"),
        },
        ("people", "role") => match text.and_then(Role::parse) {
            Some(_) => Ok(()),
            None => bad("a role"),
        },
        (_, "platform") => match text.and_then(Platform::parse) {
            Some(_) => Ok(()),
            None => bad("a platform"),
        },
        (_, "color") => match text {
            Some(s) if is_colour(s) => Ok(()),
            _ => bad("a colour (#rrggbb)"),
        },
        (_, "content_hash") if nullable => Ok(()),
        (_, "content_hash") => match text {
            Some(s) if crate::media::is_sha256_hex(s) => Ok(()),
            _ => bad("a content hash"),
        },
        ("workspace", "min_group_size") => match v.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(n) if crate::settings::GROUP_SIZES.contains(&n) => Ok(()),
            _ => bad("a group size (2 to 50 people)"),
        },
        ("assistant_notes", "task") => match text {
            Some("draft" | "fit" | "alt" | "explain" | "plan") => Ok(()),
            _ => bad("an assistant task"),
        },
        ("assistant_notes", "place") => match text {
            Some("this_machine" | "office" | "cloud") => Ok(()),
            _ => bad("where an assistant ran"),
        },
        (
            _,
            "faces_visible" | "active" | "second_reviewer" | "public_ranking" | "assistant_cloud",
        ) => match v.as_i64() {
            Some(0 | 1) => Ok(()),
            _ => match v.as_bool() {
                Some(_) => Ok(()),
                None => bad("yes or no"),
            },
        },
        (_, c) if c.ends_with("_at") && !nullable => match text {
            Some(s) if crate::clock::from_db_time(s).is_some() => Ok(()),
            _ => bad("a time (RFC 3339)"),
        },
        (_, c) if c.ends_with("_id") && !nullable => match text {
            Some(s) if check_key(table, &[serde_json::Value::String(s.into())]).is_ok() => Ok(()),
            _ => bad("an id"),
        },
        _ => Ok(()),
    }
}

fn is_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hashes_colours_and_enums_are_checked() {
        let sha = "a".repeat(64);
        assert!(check_field("media", "sha256", &json!(sha)).is_ok());
        for bad in ["../../etc/passwd", "ab", "é", &"A".repeat(64), ""] {
            assert!(
                check_field("media", "sha256", &json!(bad)).is_err(),
                "{bad}"
            );
        }
        assert!(check_field("themes", "color", &json!("#12abEF")).is_ok());
        assert!(check_field("themes", "color", &json!("red;}")).is_err());
        assert!(check_field("posts", "status", &json!("published")).is_ok());
        assert!(check_field("posts", "status", &json!("shipped")).is_err());
        assert!(check_field("post_variants", "platform", &json!("myspace")).is_err());
        assert!(check_field("posts", "body", &json!("x".repeat(MAX_TEXT_BYTES + 1))).is_err());
        assert!(check_field("posts", "body", &json!({"a": 1})).is_err());
        assert!(check_field("posts", "scheduled_at", &json!("tomorrow")).is_err());
        assert!(check_field("posts", "scheduled_at", &json!(null)).is_ok());
        assert!(check_field("materials", "media_id", &json!("../x")).is_err());
        assert!(check_field("materials", "extra_media", &json!("[\"../x\"]")).is_err());
        assert!(check_field("materials", "extra_media", &json!("[\"a-1\"]")).is_ok());
        assert!(check_field("materials", "appearance", &json!("naked")).is_err());
        assert!(check_field("materials", "appearance", &json!("hands")).is_ok());
    }

    #[test]
    fn keys_cannot_name_paths() {
        assert!(check_key("posts", &[json!("0190a0b0-0000-7000-8000-000000000001")]).is_ok());
        assert!(check_key("posts", &[json!("../../x")]).is_err());
        assert!(check_key("posts", &[json!("a/b")]).is_err());
        assert!(check_key("posts", &[json!(null)]).is_err());
        assert!(check_key("posts", &[json!("x".repeat(81))]).is_err());
    }
}
