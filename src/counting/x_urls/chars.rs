//! Which characters X's URL pattern allows where: in a domain, before a URL, in a path and in
//! a query (ASCII classes as X's pattern lists them, a few Unicode ranges).

/// ASCII punctuation as X's pattern lists it (`"` and `` ` `` are not in it).
pub(super) fn is_punct(c: char) -> bool {
    c.is_ascii() && b"!'#%&()*+,\\-./:;<=>?@[]^_{|}~$".contains(&(c as u8))
}

pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{00A0}' | '\u{1680}' | '\u{2000}'
                ..='\u{200A}'
                    | '\u{2028}'
                    | '\u{2029}'
                    | '\u{202F}'
                    | '\u{205F}'
                    | '\u{3000}'
                    | '\u{FEFF}'
        )
}

pub(super) fn is_invalid(c: char) -> bool {
    matches!(c, '\u{FFFE}' | '\u{FEFF}' | '\u{FFFF}')
}

pub(super) fn is_directional(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{2066}'..='\u{2069}'
    )
}

/// A character a domain label may be made of.
pub(super) fn is_domain_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '"' || c == '`';
    }
    // Kana and kanji, most of a Japanese post: none is a space, a control or a mark of
    // direction, so the general checks below would say yes.
    if matches!(c, '\u{3041}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}') {
        return true;
    }
    !is_punct(c) && !is_space(c) && !c.is_control() && !is_invalid(c) && !is_directional(c)
}

/// A character that may come right before a URL.
pub(super) fn is_preceding(c: char) -> bool {
    !(c.is_ascii_alphanumeric() || matches!(c, '@' | '＠' | '$' | '#' | '＃') || is_invalid(c))
}

pub(super) fn is_latin_accent(c: char) -> bool {
    matches!(c,
        '\u{00C0}'..='\u{00D6}' | '\u{00D8}'..='\u{00F6}' | '\u{00F8}'..='\u{00FF}'
        | '\u{0100}'..='\u{024F}' | '\u{0253}' | '\u{0254}' | '\u{0256}' | '\u{0257}'
        | '\u{0259}' | '\u{025B}' | '\u{0263}' | '\u{0268}' | '\u{026F}' | '\u{0272}'
        | '\u{0289}' | '\u{028B}' | '\u{02BB}' | '\u{0300}'..='\u{036F}' | '\u{1E00}'..='\u{1EFF}')
}

pub(super) fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || (c.is_ascii() && b"!*';:=+,.$/%#[]-_~|&@".contains(&(c as u8)))
        || matches!(c, '\u{0400}'..='\u{04FF}' | '\u{2013}')
        || is_latin_accent(c)
}

pub(super) fn is_path_end(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '\u{0400}'..='\u{04FF}' | '+' | '-' | '=' | '_' | '#' | '/'
        )
        || is_latin_accent(c)
}

pub(super) fn is_query_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (c.is_ascii() && b"!?*'@();:&=+$/%#[]-_.,~|".contains(&(c as u8)))
}

pub(super) fn is_query_end(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '&' | '=' | '#' | '/')
}

/// After a top-level domain: anything but an ASCII letter or digit, `@`, `+` or `-`.
pub(super) fn tld_boundary(next: Option<char>) -> bool {
    next.is_none_or(|c| !(c.is_ascii_alphanumeric() || matches!(c, '@' | '+' | '-')))
}

/// A character that may be part of a domain's run (its labels, dots and joiners).
pub(super) fn is_run(c: char) -> bool {
    c == '.' || c == '-' || c == '_' || is_domain_char(c)
}
