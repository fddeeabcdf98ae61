//! Tsunagu core: everything the app knows and does, with no dependency on Tauri.
//!
//! The desktop shell (`src-tauri/`) and the `tsunagu` command line are thin fronts over the
//! functions here, so every behaviour can be tested on a temporary database. Data flows one
//! way: a front calls a core function, the core validates and writes through the store's one
//! write path (which logs every change), and returns a typed result or a typed [`Error`].

pub mod app;
pub mod approval;
pub mod assistant;
pub mod briefing;
pub mod calendar;
pub mod clock;
pub mod counting;
pub mod crisis;
pub mod csv_cell;
pub mod demo;
pub mod error;
pub mod guideline;
pub mod ics;
pub mod ids;
pub mod intake;
pub mod kpi;
pub mod lockfile;
pub mod media;
pub mod model;
pub mod paths;
pub mod planning;
pub mod platforms;
pub mod posts;
pub mod print;
pub mod progress;
pub mod publish;
pub mod review;
pub mod roster;
pub mod secrets;
pub mod settings;
pub mod sheet;
pub mod store;
pub mod sync;
pub mod templates;
pub mod workspace;

pub use error::{Error, ErrorCode, Result, Rule};
pub use workspace::Workspace;
