//! Signed updates: checked at start and daily, offered in the window, installed on consent.
//!
//! Where to look and which key to trust come from the company's `update.json`
//! (`tsunagu::app::updates`); with none, nothing is ever checked. A check downloads the package
//! at once and verifies its signature before anything is offered, so what the window offers
//! is already known to be signed by the company's key: a manifest whose signature does not
//! verify, a package altered after signing, or a version older than the running one is
//! refused with a typed reason and never offered. Installing holds the workspace's publishing
//! and sync locks, so it never runs in the middle of a publishing pass or a sync round, and
//! none starts during it; the package's signature is verified once more by the plugin right
//! before it is written. The new version starts on the next launch (the window offers to
//! restart), and that first start copies the workspace aside before migrating it (the core's
//! store does so).

use crate::error::{IpcError, IpcResult};
use crate::state::AppState;
use serde::Serialize;
use std::sync::Mutex;
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager, State};
use tauri_plugin_updater::{Update, UpdaterExt};
use ts_rs::TS;
use tsunagu::app::updates::{self as source, Endpoint, UpdateSource};

/// Tells the windows that the update status changed (a check or an install finished).
pub const UPDATE_EVENT: &str = "tsunagu://update";
/// How long a request to the update address may take.
const TIMEOUT: Duration = Duration::from_secs(60);
/// How often the running app looks again.
const DAILY: Duration = Duration::from_secs(24 * 60 * 60);
/// Stands in for the endpoint of an updater that reads a share's manifest itself; the
/// updater requires one but never contacts it (`restore_update` makes no request).
const SHARE_PLACEHOLDER: &str = "https://file-share.invalid/";

/// Why an update was refused or could not be checked. The window words each code itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum UpdateProblemCode {
    /// `update.json` is not valid.
    BadConfig,
    /// The update address could not be reached or read.
    Unreachable,
    /// The manifest is not one the updater understands, or names no package for this system.
    BadManifest,
    /// The package's signature does not verify with the company's key.
    BadSignature,
    /// The offered version is older than the running one.
    Downgrade,
    /// A publishing pass or a sync round is running; try again when it ends.
    Busy,
    /// Writing the new version failed; the running version is unchanged.
    InstallFailed,
}

/// One refusal, with the technical detail for 「詳細」.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UpdateProblem {
    /// What went wrong.
    pub code: UpdateProblemCode,
    /// The version concerned, when known.
    pub version: Option<String>,
    /// The technical detail (English, folded in the window).
    pub detail: String,
}

/// A verified update waiting for consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UpdateOffer {
    /// The new version.
    pub version: String,
    /// What is new, as the company wrote it.
    pub notes: String,
    /// When it was published (RFC 3339), when the manifest says.
    pub published: Option<String>,
}

/// What the window shows about updates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UpdateStatus {
    /// The running version.
    pub current_version: String,
    /// Where updates are looked for; `None` when the company configured nothing.
    pub address: Option<String>,
    /// The `update.json` the address came from.
    pub config_file: Option<String>,
    /// When the last check ended (RFC 3339).
    pub checked_at: Option<String>,
    /// Whether a check or an install is running now.
    pub busy: bool,
    /// A verified update waiting for consent.
    pub offer: Option<UpdateOffer>,
    /// A version installed this run; it starts at the next launch.
    pub installed: Option<String>,
    /// The last refusal, if the last step was refused.
    pub problem: Option<UpdateProblem>,
}

/// The updater's state in the running app.
pub struct Updates {
    inner: Mutex<Inner>,
}

struct Inner {
    status: UpdateStatus,
    /// The verified package behind `status.offer`.
    pending: Option<(Update, Vec<u8>)>,
}

impl Updates {
    /// No check yet.
    pub fn new(version: &str) -> Self {
        Self {
            inner: Mutex::new(Inner {
                status: UpdateStatus {
                    current_version: version.to_string(),
                    address: None,
                    config_file: None,
                    checked_at: None,
                    busy: false,
                    offer: None,
                    installed: None,
                    problem: None,
                },
                pending: None,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn status(&self) -> UpdateStatus {
        self.lock().status.clone()
    }

    /// Marks a step as started; `false` when one is already running.
    fn start(&self) -> bool {
        let mut inner = self.lock();
        if inner.status.busy {
            return false;
        }
        inner.status.busy = true;
        true
    }
}

fn problem(code: UpdateProblemCode, version: Option<&str>, detail: impl ToString) -> UpdateProblem {
    UpdateProblem {
        code,
        version: version.map(str::to_string),
        detail: detail.to_string(),
    }
}

/// Sorts an updater error into the reason the window gives.
fn classify(e: &tauri_plugin_updater::Error, version: Option<&str>) -> UpdateProblem {
    use tauri_plugin_updater::Error as E;
    let code = match e {
        E::Minisign(_)
        | E::Base64(_)
        | E::SignatureUtf8(_)
        | E::MissingSignedVersion
        | E::SignedVersionMismatch { .. } => UpdateProblemCode::BadSignature,
        E::Reqwest(_) | E::Network(_) | E::Io(_) => UpdateProblemCode::Unreachable,
        E::ReleaseNotFound
        | E::Serialization(_)
        | E::Semver(_)
        | E::UrlParse(_)
        | E::TargetNotFound(_)
        | E::TargetsNotFound(_) => UpdateProblemCode::BadManifest,
        _ => UpdateProblemCode::InstallFailed,
    };
    problem(code, version, e)
}

/// Looks for an update now: downloads and verifies it, and offers it only if it is signed,
/// newer, and for this system.
pub async fn check(app: &AppHandle) -> UpdateStatus {
    let updates = app.state::<Updates>();
    if !updates.start() {
        return updates.status();
    }
    let found = source::load();
    let (address, config_file) = match &found {
        Ok(Some(s)) => (Some(s.address()), Some(s.origin.display().to_string())),
        _ => (None, None),
    };
    let outcome = match found {
        Ok(None) => Ok(None),
        Ok(Some(src)) => fetch(app, &src).await,
        Err(e) => Err(problem(UpdateProblemCode::BadConfig, None, e)),
    };
    {
        let mut inner = updates.lock();
        inner.status.address = address;
        inner.status.config_file = config_file;
        inner.status.checked_at =
            Some(tsunagu::clock::Clock::now(&tsunagu::clock::SystemClock).to_rfc3339());
        inner.status.busy = false;
        match outcome {
            Ok(Some((update, bytes))) => {
                inner.status.offer = Some(UpdateOffer {
                    version: update.version.clone(),
                    notes: update.body.clone().unwrap_or_default(),
                    published: update.date.and_then(|d| {
                        chrono::DateTime::from_timestamp(d.unix_timestamp(), 0)
                            .map(|t| t.to_rfc3339())
                    }),
                });
                inner.status.problem = None;
                inner.pending = Some((update, bytes));
            }
            Ok(None) => {
                inner.status.offer = None;
                inner.status.problem = None;
                inner.pending = None;
            }
            Err(p) => {
                inner.status.offer = None;
                inner.status.problem = Some(p);
                inner.pending = None;
            }
        }
    }
    let status = updates.status();
    let _ = app.emit(UPDATE_EVENT, &status);
    status
}

/// The verified update at `src`, if there is a newer one.
async fn fetch(
    app: &AppHandle,
    src: &UpdateSource,
) -> Result<Option<(Update, Vec<u8>)>, UpdateProblem> {
    let running = app.package_info().version.clone();
    // Any other version is looked at, so that an older one is refused out loud rather than
    // silently ignored.
    let builder = app
        .updater_builder()
        .pubkey(src.pubkey.clone())
        .timeout(TIMEOUT)
        .version_comparator(|current, release| release.version != current);
    let bad = |e: tauri_plugin_updater::Error| classify(&e, None);
    let (update, bytes) = match &src.endpoint {
        Endpoint::Https(url) => {
            let updater = builder
                .endpoints(vec![url.clone()])
                .and_then(|b| b.build())
                .map_err(bad)?;
            let Some(update) = updater.check().await.map_err(bad)? else {
                return Ok(None);
            };
            refuse_downgrade(&running, &update)?;
            if update.download_url.scheme() != "https" {
                return Err(problem(
                    UpdateProblemCode::BadManifest,
                    Some(&update.version),
                    format!(
                        "the package address {} is not https://",
                        update.download_url
                    ),
                ));
            }
            let bytes = update
                .download(|_, _| {}, || {})
                .await
                .map_err(|e| classify(&e, Some(&update.version)))?;
            (update, bytes)
        }
        Endpoint::Share(manifest) => {
            let raw = source::read_share_manifest(manifest)
                .map_err(|e| problem(UpdateProblemCode::Unreachable, None, e))?;
            let placeholder = url::Url::parse(SHARE_PLACEHOLDER)
                .map_err(|e| problem(UpdateProblemCode::BadConfig, None, e))?;
            let updater = builder
                .endpoints(vec![placeholder])
                .and_then(|b| b.build())
                .map_err(bad)?;
            // Restored updates always bind the signature to the announced version.
            let Some(update) = updater.restore_update(raw).map_err(bad)? else {
                return Ok(None);
            };
            refuse_downgrade(&running, &update)?;
            let package = source::share_package(manifest, &update.download_url)
                .map_err(|e| problem(UpdateProblemCode::BadManifest, Some(&update.version), e))?;
            let bytes = std::fs::read(&package).map_err(|e| {
                problem(
                    UpdateProblemCode::Unreachable,
                    Some(&update.version),
                    format!("{}: {e}", package.display()),
                )
            })?;
            update
                .verify(&bytes)
                .map_err(|e| classify(&e, Some(&update.version)))?;
            (update, bytes)
        }
    };
    Ok(Some((update, bytes)))
}

fn refuse_downgrade(running: &semver::Version, update: &Update) -> Result<(), UpdateProblem> {
    match semver::Version::parse(&update.version) {
        Ok(v) if v > *running => Ok(()),
        Ok(_) => Err(problem(
            UpdateProblemCode::Downgrade,
            Some(&update.version),
            format!("{} is not newer than the running {running}", update.version),
        )),
        Err(e) => Err(problem(
            UpdateProblemCode::BadManifest,
            Some(&update.version),
            e,
        )),
    }
}

/// Installs the offered update, holding the workspace's publishing and sync locks.
pub fn install(app: &AppHandle, dir: &std::path::Path) -> UpdateStatus {
    let updates = app.state::<Updates>();
    if !updates.start() {
        return updates.status();
    }
    // Taken out while installing (the package is tens of megabytes; no copy), put back if
    // the install is refused so the person can press again.
    let pending = updates.lock().pending.take();
    let mut kept = None;
    let result = match pending {
        None => Err(problem(
            UpdateProblemCode::BadManifest,
            None,
            "no verified update is waiting; check again",
        )),
        Some((update, bytes)) => {
            let done = match source::hold_quiet(dir) {
                Err(e) => Err(problem(UpdateProblemCode::Busy, Some(&update.version), e)),
                Ok(_quiet) => update
                    .install(&bytes)
                    .map(|()| update.version.clone())
                    .map_err(|e| classify(&e, Some(&update.version))),
            };
            if done.is_err() {
                kept = Some((update, bytes));
            }
            done
        }
    };
    {
        let mut inner = updates.lock();
        inner.status.busy = false;
        match result {
            Ok(version) => {
                inner.status.installed = Some(version);
                inner.status.offer = None;
                inner.status.problem = None;
                inner.pending = None;
            }
            // The offer stays: a busy pass ends, and the person can press again.
            Err(p) => {
                inner.status.problem = Some(p);
                inner.pending = kept;
            }
        }
    }
    let status = updates.status();
    let _ = app.emit(UPDATE_EVENT, &status);
    status
}

/// Checks at start and then once a day, on a thread of its own.
pub fn start(app: AppHandle) {
    std::thread::spawn(move || loop {
        tauri::async_runtime::block_on(check(&app));
        std::thread::sleep(DAILY);
    });
}

/// What the window shows about updates.
#[tauri::command]
pub fn update_status(updates: State<'_, Updates>) -> UpdateStatus {
    updates.status()
}

/// Looks for an update now.
#[tauri::command]
pub async fn check_for_update(app: AppHandle) -> IpcResult<UpdateStatus> {
    Ok(check(&app).await)
}

/// Installs the offered update (the person consented in the window).
#[tauri::command]
pub async fn install_update(app: AppHandle, state: State<'_, AppState>) -> IpcResult<UpdateStatus> {
    let dir = state.dir();
    let handle = app.clone();
    tauri::async_runtime::spawn_blocking(move || install(&handle, &dir))
        .await
        .map_err(|e| IpcError::from(tsunagu::Error::invalid("update", e.to_string())))
}

/// Restarts the app into the installed version.
#[tauri::command]
pub fn restart_app(app: AppHandle) {
    app.restart();
}
