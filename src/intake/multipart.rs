//! Reading a `multipart/form-data` body (the phone form), bounded: at most a few dozen parts,
//! text fields of a few kilobytes, and only the fields the form has. Anything else is a
//! malformed form, refused as a whole.

use memchr::memmem;

/// One part of the form.
#[derive(Debug)]
pub struct Part {
    /// The field's name.
    pub name: String,
    /// The file name, for a file.
    pub file_name: Option<String>,
    /// Its bytes.
    pub data: Vec<u8>,
}

/// The most parts a form may have (the fields, and ten photos).
const MAX_PARTS: usize = 24;
/// The longest header block of a part.
const MAX_HEADERS: usize = 2048;

/// The boundary of a `multipart/form-data` content type.
pub(super) fn boundary(content_type: &str) -> Option<String> {
    let (kind, rest) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    rest.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        if !k.trim().eq_ignore_ascii_case("boundary") {
            return None;
        }
        let v = v.trim().trim_matches('"');
        (!v.is_empty() && v.len() <= 200).then(|| v.to_string())
    })
}

fn param(header: &str, key: &str) -> Option<String> {
    header.split(';').skip(1).find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(key)
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

/// Splits `body` into its parts; `None` when it is not a well-formed form.
pub(super) fn parse(body: &[u8], boundary: &str) -> Option<Vec<Part>> {
    let delim = format!("--{boundary}");
    let next = format!("\r\n--{boundary}");
    let mut at = memmem::find(body, delim.as_bytes())? + delim.len();
    let mut parts = Vec::new();
    loop {
        let rest = body.get(at..)?;
        if rest.starts_with(b"--") {
            return Some(parts);
        }
        let rest = rest.strip_prefix(b"\r\n")?;
        let head_end = memmem::find(rest, b"\r\n\r\n")?;
        if head_end > MAX_HEADERS {
            return None;
        }
        let head = std::str::from_utf8(&rest[..head_end]).ok()?;
        let data_start = head_end + 4;
        let data_len = memmem::find(&rest[data_start..], next.as_bytes())?;
        let mut name = None;
        let mut file_name = None;
        for line in head.split("\r\n") {
            let (k, v) = line.split_once(':')?;
            if k.trim().eq_ignore_ascii_case("content-disposition") {
                if !v.trim().to_ascii_lowercase().starts_with("form-data") {
                    return None;
                }
                name = param(v, "name");
                file_name = param(v, "filename");
            }
        }
        parts.push(Part {
            name: name?,
            file_name,
            data: rest[data_start..data_start + data_len].to_vec(),
        });
        if parts.len() > MAX_PARTS {
            return None;
        }
        at = body.len() - rest.len() + data_start + data_len + next.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_with_a_file_and_fields_is_read() {
        let b = "XyZ";
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\n\xe6\x89\x8b\r\n--XyZ\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\r\n\r\n--X\xff\xd9\r\n--XyZ--\r\n";
        let parts = parse(body, b).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "comment");
        assert_eq!(parts[0].data, "手".as_bytes());
        assert_eq!(parts[1].file_name.as_deref(), Some("a.jpg"));
        assert_eq!(parts[1].data, b"\xff\xd8\r\n\r\n--X\xff\xd9");
        assert_eq!(
            boundary("multipart/form-data; boundary=\"XyZ\"").as_deref(),
            Some("XyZ")
        );
        assert_eq!(boundary("application/x-www-form-urlencoded"), None);
    }

    #[test]
    fn cut_or_malformed_forms_are_refused() {
        assert!(parse(
            b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end",
            "XyZ"
        )
        .is_none());
        assert!(parse(b"nothing here", "XyZ").is_none());
        assert!(parse(b"--XyZ\r\nX-Other: 1\r\n\r\nv\r\n--XyZ--", "XyZ").is_none());
    }
}
