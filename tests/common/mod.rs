//! Helpers shared by the core integration tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use std::path::Path;
use std::sync::Arc;
use tsunagu::clock::FixedClock;
use tsunagu::ids::SeededIds;
use tsunagu::model::Language;
use tsunagu::workspace::InitOptions;
use tsunagu::Workspace;

pub fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

pub fn clock(now: DateTime<Utc>) -> Arc<FixedClock> {
    Arc::new(FixedClock::new(now))
}

pub fn init(tz: &str) -> InitOptions {
    InitOptions {
        name: "テスト株式会社".into(),
        time_zone: tz.into(),
        language: Language::System,
        device_name: "test".into(),
    }
}

pub fn open(dir: &Path, clock: Arc<FixedClock>, tz: &str) -> tsunagu::Result<Workspace> {
    Workspace::open(dir, clock, Arc::new(SeededIds::new(9)), &init(tz))
}

/// Every file in `dir` with its bytes, to prove an operation changed nothing.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}
pub mod fake_bluesky;
