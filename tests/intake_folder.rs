//! The watched folder: files that arrived while Tsunagu was closed and while it looks, a file
//! still being written (taken only once whole), the same photo twice, a HEIC listed once as a
//! problem, and nothing in the folder moved or changed. Then the lead assigns a file, with
//! the consent check a phone gets.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;
use std::time::{Duration, SystemTime};
use tsunagu::error::Rule;
use tsunagu::intake::folder;
use tsunagu::model::{Appearance, Participation, Role};
use tsunagu::roster::{ConsentInput, PersonInput};
use tsunagu::store::Source;

/// Writes a file as if it had been there for a minute (past the settling time); file times
/// are on the file system's clock.
#[allow(clippy::disallowed_methods)]
fn put(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let f = File::options().write(true).open(&path).unwrap();
    f.set_modified(SystemTime::now() - Duration::from_secs(60))
        .unwrap();
}

#[test]
fn the_folder_is_read_once_per_photo_and_never_changed() {
    let dir = tempfile::tempdir().unwrap();
    let line = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 12, 1, 1, 0)), "Asia/Tokyo").unwrap();
    let sato = ws
        .add_person(
            Source::Ui,
            &PersonInput {
                name: "佐藤 美咲".into(),
                name_reading: String::new(),
                display_name: String::new(),
                department: Some("製造部".into()),
                site: None,
                role: Role::Ambassador,
                participation: vec![Participation::HandsOnly],
                handles: BTreeMap::new(),
                active: true,
            },
        )
        .unwrap();
    tsunagu::app::people::add_consent(
        &mut ws,
        Source::Ui,
        sato,
        &ConsentInput {
            modes: vec![Participation::HandsOnly],
            platforms: vec![],
            given_on: "2026-04-01".into(),
            expires_on: None,
            evidence_ref: "同意書".into(),
        },
    )
    .unwrap();

    // Arrived while Tsunagu was closed: a photo named after its sender, a PNG, a HEIC, a
    // text file, and a hidden temporary file.
    let photo = photo_with_gps();
    put(line.path(), "佐藤美咲_20261201.jpg", &photo);
    put(line.path(), "S__1234.png", &png(30, 20));
    let mut heic = vec![0, 0, 0, 24];
    heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
    put(line.path(), "IMG_0042.HEIC", &heic);
    put(line.path(), "memo.txt", b"not a photo");
    put(line.path(), ".~lock.jpg", &photo);
    let before = snapshot(line.path());

    let r = folder::scan(&mut ws, line.path()).unwrap();
    assert_eq!((r.imported, r.waiting, r.problems), (2, 0, 1), "{r:?}");
    assert_eq!(
        snapshot(line.path()),
        before,
        "nothing in the folder is moved or changed"
    );

    // Looking again changes nothing; the same photo under another name is not taken again.
    assert_eq!(
        folder::scan(&mut ws, line.path()).unwrap(),
        folder::ScanReport::default()
    );
    put(line.path(), "copy of 佐藤美咲.jpg", &photo);
    assert_eq!(folder::scan(&mut ws, line.path()).unwrap().imported, 0);

    // A photo still being written: first just changed, then cut short, then whole.
    let big = {
        let img = image::RgbImage::from_fn(300, 200, |x, y| {
            image::Rgb([(x % 251) as u8, (y % 241) as u8, 90])
        });
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
            .encode_image(&img)
            .unwrap();
        out
    };
    std::fs::write(
        line.path().join("LINE_ALBUM_朝礼.jpg"),
        &big[..big.len() / 2],
    )
    .unwrap();
    let r = folder::scan(&mut ws, line.path()).unwrap();
    assert_eq!(
        (r.imported, r.waiting),
        (0, 1),
        "a file that just changed waits"
    );
    put(line.path(), "LINE_ALBUM_朝礼.jpg", &big[..big.len() / 2]);
    let r = folder::scan(&mut ws, line.path()).unwrap();
    assert_eq!(
        (r.imported, r.waiting, r.problems),
        (0, 1, 0),
        "a cut-short JPEG waits: {r:?}"
    );
    put(line.path(), "LINE_ALBUM_朝礼.jpg", &big);
    let r = folder::scan(&mut ws, line.path()).unwrap();
    assert_eq!((r.imported, r.waiting), (1, 0), "{r:?}");

    // The inbox lists what is unassigned, with the problem and a guess at the sender.
    let files = folder::unassigned(&ws).unwrap();
    assert_eq!(files.len(), 4);
    let named = files
        .iter()
        .find(|f| f.file_name.starts_with("佐藤"))
        .unwrap();
    assert_eq!(named.guess_person, Some(sato));
    let heic_row = files
        .iter()
        .find(|f| f.file_name == "IMG_0042.HEIC")
        .unwrap();
    assert_eq!(
        (heic_row.problem.as_deref(), heic_row.media),
        (Some("heic"), None)
    );

    // Assigning: a face is refused for someone who agreed to hands only; hands are taken.
    let err =
        folder::assign(&mut ws, Source::Ui, named.id, sato, None, Appearance::Face).unwrap_err();
    assert_eq!(err.rule(), Some(Rule::ConsentNotCovered));
    let m = folder::assign(&mut ws, Source::Ui, named.id, sato, None, Appearance::Hands).unwrap();
    let listed = tsunagu::intake::listing(&ws).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].id, listed[0].origin.as_str()), (m, "folder"));
    assert!(
        folder::assign(&mut ws, Source::Ui, named.id, sato, None, Appearance::Hands).is_err(),
        "assigned once"
    );
    let err = folder::assign(
        &mut ws,
        Source::Ui,
        heic_row.id,
        sato,
        None,
        Appearance::Absent,
    )
    .unwrap_err();
    assert_eq!(err.rule(), Some(Rule::UnreadableImage));
    folder::dismiss(&mut ws, Source::Ui, heic_row.id).unwrap();
    assert_eq!(folder::unassigned(&ws).unwrap().len(), 2);

    // The stored copy lost its location, like every image.
    let sha = &listed[0].photos[0].sha256;
    let stored = std::fs::read(
        dir.path()
            .join("media")
            .join(&sha[..2])
            .join(format!("{sha}.jpg")),
    )
    .unwrap();
    let tags: Vec<exif::Tag> = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(&stored))
        .map(|e| e.fields().map(|f| f.tag).collect())
        .unwrap_or_default();
    assert!(!tags.contains(&exif::Tag::GPSLatitudeRef));
    assert_eq!(
        snapshot(line.path()).len(),
        before.len() + 2,
        "only the two new files were added, by the test"
    );
}
