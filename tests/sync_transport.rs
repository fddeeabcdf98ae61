//! The sync transport over a shared folder: files appear whole or not at all, segments are
//! written once, and what cloud-drive clients and operating systems leave behind is ignored.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use tsunagu::sync::transport::{FolderTransport, MemoryTransport, Transport};

fn both(check: impl Fn(&dyn Transport)) {
    let dir = tempfile::tempdir().unwrap();
    check(&FolderTransport::new(dir.path()).unwrap());
    check(&MemoryTransport::default());
}

#[test]
fn segments_are_written_once_and_read_back_whole() {
    both(|t| {
        t.put_immutable("log/dev-a/1-3.seg", b"one two three")
            .unwrap();
        t.put_immutable("log/dev-a/4-4.seg", b"four").unwrap();
        t.put_immutable("log/dev-b/1-1.seg", b"other").unwrap();
        assert_eq!(t.get("log/dev-a/1-3.seg").unwrap(), b"one two three");
        // Duplicate delivery: the same bytes again are fine.
        t.put_immutable("log/dev-a/1-3.seg", b"one two three")
            .unwrap();
        // A restored laptop reusing its sequence numbers: refused, nothing overwritten.
        let err = t
            .put_immutable("log/dev-a/1-3.seg", b"different")
            .unwrap_err();
        assert!(err.to_string().contains("restored from a backup"), "{err}");
        assert_eq!(t.get("log/dev-a/1-3.seg").unwrap(), b"one two three");
        assert_eq!(
            t.list("log/dev-a/").unwrap(),
            vec!["log/dev-a/1-3.seg", "log/dev-a/4-4.seg"]
        );
        assert_eq!(t.list("log/").unwrap().len(), 3);
        // Heads are hints and may be replaced.
        t.put_head("heads/dev-a.json", b"{\"seq\":3}").unwrap();
        t.put_head("heads/dev-a.json", b"{\"seq\":4}").unwrap();
        assert_eq!(t.get("heads/dev-a.json").unwrap(), b"{\"seq\":4}");
        // Names outside the layout are refused on write, and a missing file says so.
        assert!(t.put_immutable("log/../x.seg", b"x").is_err());
        assert!(t.put_head("desktop.ini", b"x").is_err());
        assert!(matches!(
            t.get("log/dev-a/9-9.seg").unwrap_err(),
            tsunagu::Error::NotFound { .. }
        ));
    });
}

#[test]
fn stray_files_in_a_shared_folder_are_ignored_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let t = FolderTransport::new(dir.path()).unwrap();
    t.put_immutable("log/dev-a/1-2.seg", b"real").unwrap();
    let dev = dir.path().join("log").join("dev-a");
    for stray in [
        "desktop.ini",
        "Thumbs.db",
        ".DS_Store",
        "1-2 (佐藤's conflicted copy 2026-12-01).seg",
        "1-2 (1).seg",
        "~$1-2.seg",
        "3-4.seg.part",
    ] {
        std::fs::write(dev.join(stray), b"junk").unwrap();
    }
    std::fs::write(dir.path().join("desktop.ini"), b"[.ShellClassInfo]").unwrap();
    std::fs::create_dir_all(dir.path().join("log").join("dev-a").join("nested")).unwrap();
    std::fs::write(
        dir.path()
            .join("log")
            .join("dev-a")
            .join("nested")
            .join("5-6.seg"),
        b"junk",
    )
    .unwrap();
    // A copy interrupted half way stays in the staging folder, which is never listed.
    std::fs::create_dir_all(dir.path().join(".tsunagu-staging")).unwrap();
    std::fs::write(
        dir.path().join(".tsunagu-staging").join("abc.part"),
        b"half",
    )
    .unwrap();
    assert_eq!(t.list("").unwrap(), vec!["log/dev-a/1-2.seg"]);
    assert_eq!(t.list("log/").unwrap(), vec!["log/dev-a/1-2.seg"]);
    // Nothing is left in staging after a successful write.
    t.put_immutable("log/dev-a/3-4.seg", b"next").unwrap();
    let staged: Vec<_> = std::fs::read_dir(dir.path().join(".tsunagu-staging"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        staged,
        vec![std::ffi::OsString::from("abc.part")],
        "only the interrupted one"
    );
}

#[test]
fn an_unreachable_folder_is_not_taken_for_an_empty_one() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("not-mounted");
    let err = FolderTransport::new(&gone).unwrap_err();
    assert!(err.to_string().contains("not reachable"), "{err}");
}
