//! What X's own library finds, pinned case by case (the oracle test checks thousands more).
use super::*;

fn found(t: &str) -> Vec<&str> {
    x_urls(t).iter().map(|s| &t[s.start..s.end]).collect()
}

/// Each case is what X's own library finds (checked with it when written).
#[test]
fn urls_are_found_where_x_finds_them() {
    let cases: &[(&str, &[&str])] = &[
        ("example.jp", &["example.jp"]),
        ("こちらexample.com", &["example.com"]),
        ("R2https://t.co/AbC123", &[]),
        (
            "https://example.co.jp/ahttps://例え.jp＠",
            &["https://example.co.jp/ahttps://"],
        ),
        (
            "〒105-0011minato-seiko.co.jp＠someone",
            &["105-0011minato-seiko.co.jp"],
        ),
        ("https://example.com/日本語/パス", &["https://example.com/"]),
        ("https://例え.jp", &["https://例え.jp"]),
        ("https://t.co/AbC123あ", &["https://t.co/AbC123"]),
        ("@a.com", &[]),
        ("-example.com", &[]),
        ("example.com?x", &["example.com"]),
        ("https://example.com?b=1", &["https://example.com?b=1"]),
        ("https://x.com/a(b(c)d)e", &["https://x.com/a(b(c)d)e"]),
        ("https://x.com/a)", &["https://x.com/a"]),
        ("sub_d.example.com", &["d.example.com"]),
        ("https://ex_ample.com", &[]),
        ("example.com-", &[]),
        ("example.com:8080/a", &["example.com:8080/a"]),
        ("www.例え.jp", &[]),
        ("example.co.jpです/a", &["example.co.jp"]),
        ("🙂example.com", &["example.com"]),
        ("x.com.", &["x.com"]),
    ];
    for (text, want) in cases {
        assert_eq!(found(text), *want, "{text}");
    }
}

#[test]
fn a_domain_glued_to_a_long_run_of_japanese_is_no_url() {
    // The first label's DNS form is longer than 63 characters.
    let t = "新しい治具の見学会を開きます。詳しくはこちらwww.example.jp/path";
    assert!(found(t).is_empty());
    assert_eq!(
        found("詳しくはこちらwww.example.jp/path"),
        ["www.example.jp/path"]
    );
}

#[test]
fn punycode_lengths_match_the_standard_encoding() {
    let len = |s: &str| punycode_len(&s.chars().map(|c| c as u32).collect::<Vec<_>>());
    assert_eq!(len("münchen"), "mnchen-3ya".len());
    assert_eq!(len("例え"), "r8jz45g".len());
    assert_eq!(len("bücher"), "bcher-kva".len());
}
