//! Images: metadata stripped (checked with a real EXIF reader), content-addressed storage,
//! thumbnails, descriptions, and clear refusals of bad files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::io::Cursor;
use tsunagu::media::MediaPatch;
use tsunagu::model::Platform;
use tsunagu::store::Source;

fn exif_fields(bytes: &[u8]) -> Vec<exif::Tag> {
    match exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) {
        Ok(e) => e.fields().map(|f| f.tag).collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn location_and_camera_data_are_stripped_but_orientation_kept() {
    let original = photo_with_gps();
    let before = exif_fields(&original);
    assert!(
        before.contains(&exif::Tag::GPSLatitudeRef),
        "the test photo has a location: {before:?}"
    );
    assert!(before.contains(&exif::Tag::Make));

    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 22, 0, 0)), "Asia/Tokyo").unwrap();
    let post = ws
        .create_post_at(
            Source::Ui,
            None,
            "現場の一枚",
            "2026-11-24T12:00",
            &[Platform::Instagram],
        )
        .unwrap();
    let m = tsunagu::app::media::attach_image(
        &mut ws,
        Source::Ui,
        None,
        post.id,
        "IMG_0001.JPG",
        &original,
    )
    .unwrap();
    assert_eq!((m.width, m.height, m.mime.as_str()), (64, 48, "image/jpeg"));

    let stored = std::fs::read(tsunagu::app::media::media_path(&ws, m.id).unwrap()).unwrap();
    let after = exif_fields(&stored);
    assert_eq!(
        after,
        vec![exif::Tag::Orientation],
        "only the orientation survives"
    );
    assert!(
        !stored.windows(3).any(|w| w == b"GPS"),
        "no trailing data either"
    );
    image::load_from_memory(&stored).expect("the stored copy is still a valid image");
    let thumb = tsunagu::app::media::media_thumbnail(&ws, m.id).unwrap();
    assert!(image::load_from_memory(&thumb).is_ok());

    // Content-addressed: the same photo again reuses the file.
    let again = tsunagu::app::media::attach_image(
        &mut ws,
        Source::Ui,
        None,
        post.id,
        "copy.jpg",
        &original,
    )
    .unwrap();
    assert_eq!(
        tsunagu::app::media::media_path(&ws, again.id).unwrap(),
        tsunagu::app::media::media_path(&ws, m.id).unwrap()
    );
    assert_eq!(
        tsunagu::app::media::post_media(&ws, post.id).unwrap().len(),
        2
    );
}

#[test]
fn png_text_chunks_are_stripped() {
    let img = image::RgbaImage::from_pixel(10, 10, image::Rgba([1, 2, 3, 255]));
    let mut png = Vec::new();
    img.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    // Insert a tEXt chunk after IHDR (8 + 25 bytes).
    let text = b"Comment\0GPS 35.68N 139.76E";
    let mut chunk = (text.len() as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(b"tEXt");
    chunk.extend_from_slice(text);
    chunk.extend_from_slice(&[0, 0, 0, 0]); // CRC is not checked by the stripper
    let mut with_text = png[..33].to_vec();
    with_text.extend_from_slice(&chunk);
    with_text.extend_from_slice(&png[33..]);

    let (format, clean, w, h) = tsunagu::media::strip::strip(&with_text).unwrap();
    assert_eq!((format, w, h), (tsunagu::media::strip::Format::Png, 10, 10));
    assert_eq!(clean, png);
}

#[test]
fn descriptions_and_people_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = tsunagu::demo::build(
        dir.path(),
        clock(at(2026, 11, 22, 3, 0)),
        tsunagu::demo::DemoOptions::default(),
    )
    .unwrap();
    let post = ws
        .create_post_at(
            Source::Ui,
            None,
            "現場の一枚",
            "2026-11-24T12:00",
            &[Platform::Instagram],
        )
        .unwrap();
    let m = tsunagu::app::media::attach_image(
        &mut ws,
        Source::Ui,
        None,
        post.id,
        "a.jpg",
        &photo_with_gps(),
    )
    .unwrap();
    let people: Vec<tsunagu::ids::PersonId> = tsunagu::app::people::people(&ws)
        .unwrap()
        .into_iter()
        .take(2)
        .map(|p| p.id)
        .collect();
    let m = tsunagu::app::media::update_media(
        &mut ws,
        Source::Ui,
        None,
        m.id,
        &MediaPatch {
            alt_text: Some("旋盤の刃先を確認する手元".into()),
            faces_visible: Some(true),
            people: Some(people.clone()),
        },
    )
    .unwrap();
    assert_eq!(m.alt_text, "旋盤の刃先を確認する手元");
    assert!(m.faces_visible);
    assert_eq!(m.people.len(), 2);
    let m = tsunagu::app::media::update_media(
        &mut ws,
        Source::Ui,
        None,
        m.id,
        &MediaPatch {
            people: Some(vec![people[0]]),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(m.people, vec![people[0]]);
    tsunagu::app::media::detach_media(&mut ws, Source::Ui, None, post.id, m.id).unwrap();
    assert!(tsunagu::app::media::post_media(&ws, post.id)
        .unwrap()
        .is_empty());
}

#[test]
fn bad_files_get_clear_messages_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path(), clock(at(2026, 11, 22, 0, 0)), "Asia/Tokyo").unwrap();
    let post = ws
        .create_post_at(Source::Ui, None, "投稿", "2026-11-24T12:00", &[Platform::X])
        .unwrap();
    let good = photo_with_gps();
    let mut cut_short = good.clone();
    cut_short.truncate(good.len() / 3);
    let mut huge = vec![0u8; 50 * 1024 * 1024];
    huge[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("anim.gif", b"GIF89a\x01\x00\x01\x00".to_vec(), "GIF"),
        ("photo.heic", b"\0\0\0\x18ftypheic\0\0\0\0".to_vec(), "HEIC"),
        ("notes.txt", b"hello".to_vec(), "JPEG or PNG"),
        ("broken.jpg", cut_short, "damaged"),
        ("huge.jpg", huge, "50.0 MB"),
    ];
    for (name, bytes, hint) in cases {
        let err =
            tsunagu::app::media::attach_image(&mut ws, Source::Ui, None, post.id, name, &bytes)
                .unwrap_err();
        assert!(err.to_string().contains(hint), "{name}: {err}");
    }
    assert!(tsunagu::app::media::post_media(&ws, post.id)
        .unwrap()
        .is_empty());
    let missing = dir.path().join("nope.jpg");
    assert!(
        tsunagu::app::media::attach_image_file(&mut ws, Source::Ui, None, post.id, &missing)
            .is_err()
    );
}
