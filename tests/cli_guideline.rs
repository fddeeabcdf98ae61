//! `tsunagu lint` and `tsunagu guideline`: JSON findings in UTF-8 offsets, exit codes, CSV
//! imports that change nothing when a line is wrong.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(args)
        .env_remove("TSUNAGU_WORKSPACE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

#[test]
fn lint_prints_findings_and_exits_1_when_one_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let ws = ws.to_str().unwrap();
    assert!(run(&["demo", ws, "--posts", "20"], None).status.success());

    let text = "見学会の問い合わせは０９０－１２３４－５６７８へ。";
    let o = run(&["--workspace", ws, "lint", "--json", "-"], Some(text));
    assert_eq!(o.status.code(), Some(1), "a phone number blocks");
    let findings: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &findings[0];
    assert_eq!(f["rule"], "pii.phone");
    assert_eq!(f["severity"], "block");
    let (s, e) = (
        f["start"].as_u64().unwrap() as usize,
        f["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        &text[s..e],
        "０９０－１２３４－５６７８",
        "offsets are UTF-8 bytes"
    );
    assert!(f["message"].as_str().unwrap().contains("電話番号"));

    let file = dir.path().join("ok.txt");
    std::fs::write(&file, "今日の工場の一枚です。\n").unwrap();
    let o = run(&["--workspace", ws, "lint", file.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("No findings"));

    let long = "あ".repeat(200);
    let o = run(
        &["--workspace", ws, "lint", "--platform", "x", "-"],
        Some(&long),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("limit.x"));
    let o = run(
        &["--workspace", ws, "lint", "--platform", "myspace", "-"],
        Some("x"),
    );
    assert_eq!(o.status.code(), Some(2), "a usage error");
}

#[test]
fn guideline_import_is_all_or_nothing_then_publishes() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let ws = ws.to_str().unwrap();
    assert!(run(&["demo", ws, "--posts", "20"], None).status.success());
    let before = run(&["--workspace", ws, "guideline", "export"], None);

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "term,category,severity,message\n青嵐,secret,block,\n試作機X,confidential,always,\n",
    )
    .unwrap();
    let o = run(
        &[
            "--workspace",
            ws,
            "guideline",
            "import",
            bad.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("line 2, category") && err.contains("line 3, severity"),
        "{err}"
    );
    assert_eq!(
        run(&["--workspace", ws, "guideline", "export"], None).stdout,
        before.stdout
    );

    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "term,category,severity,message\n試作機X,confidential,block,\"未発表です, 出せません\"\n",
    )
    .unwrap();
    let o = run(
        &[
            "--workspace",
            ws,
            "guideline",
            "import",
            good.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Not in force until published.
    assert_eq!(
        run(&["--workspace", ws, "lint", "-"], Some("試作機Ｘの写真"))
            .status
            .code(),
        Some(0)
    );
    assert!(run(&["--workspace", ws, "guideline", "publish"], None)
        .status
        .success());
    let o = run(&["--workspace", ws, "lint", "-"], Some("試作機Ｘの写真"));
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("未発表です, 出せません"));
}
