//! Secrets (passwords, access and refresh tokens) live only in the OS keychain.
//!
//! SQLite keeps an account's non-secret metadata; everything that would let someone post as
//! the company goes through [`SecretStore`]. The real store is the platform keychain through
//! the `keyring` crate (Secret Service on Linux, Keychain on macOS, Credential Manager on
//! Windows), under a service name that separates development builds from release builds, so a
//! `cargo run` never reads or overwrites a real account's tokens. A missing or locked keychain
//! is [`Error::KeychainUnavailable`] with guidance: there is no fallback to a file.

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::sync::Mutex;

/// Where secrets are kept.
pub trait SecretStore: Send + Sync {
    /// The secret under `key`, if any.
    fn get(&self, key: &str) -> Result<Option<String>>;
    /// Stores `value` under `key`, replacing what was there.
    fn set(&self, key: &str, value: &str) -> Result<()>;
    /// Removes `key` (no error when it is not there).
    fn delete(&self, key: &str) -> Result<()>;
}

/// The keychain service name: release and development builds never share entries, and
/// `TSUNAGU_KEYRING_SERVICE` can point tests at their own namespace.
pub fn service_name() -> String {
    if let Ok(s) = std::env::var("TSUNAGU_KEYRING_SERVICE") {
        if !s.trim().is_empty() {
            return s;
        }
    }
    if cfg!(debug_assertions) {
        "jp.tsunagu.desktop.dev".into()
    } else {
        "jp.tsunagu.desktop".into()
    }
}

/// The operating system's keychain.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
}

impl Keychain {
    /// The keychain under [`service_name`].
    pub fn new() -> Self {
        Self {
            service: service_name(),
        }
    }

    /// The keychain under an explicit service name (tests use their own namespace).
    pub fn with_service(service: &str) -> Self {
        Self {
            service: service.into(),
        }
    }

    fn entry(&self, key: &str) -> Result<keyring::Entry> {
        keyring::Entry::new(&self.service, key).map_err(unavailable)
    }
}

impl Default for Keychain {
    fn default() -> Self {
        Self::new()
    }
}

fn unavailable(e: keyring::Error) -> Error {
    // The keyring error's text never contains the secret itself.
    Error::KeychainUnavailable(e.to_string())
}

impl SecretStore for Keychain {
    fn get(&self, key: &str) -> Result<Option<String>> {
        match self.entry(key)?.get_password() {
            Ok(v) => Ok(Some(v)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    fn set(&self, key: &str, value: &str) -> Result<()> {
        self.entry(key)?.set_password(value).map_err(unavailable)
    }

    fn delete(&self, key: &str) -> Result<()> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}

/// Secrets in memory, for tests and for the demo (which has no real accounts).
#[derive(Debug, Default)]
pub struct MemorySecrets(Mutex<HashMap<String, String>>);

impl SecretStore for MemorySecrets {
    fn get(&self, key: &str) -> Result<Option<String>> {
        let map = self
            .0
            .lock()
            .map_err(|_| Error::KeychainUnavailable("in-memory store poisoned".into()))?;
        Ok(map.get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<()> {
        self.0
            .lock()
            .map_err(|_| Error::KeychainUnavailable("in-memory store poisoned".into()))?
            .insert(key.into(), value.into());
        Ok(())
    }

    fn delete(&self, key: &str) -> Result<()> {
        self.0
            .lock()
            .map_err(|_| Error::KeychainUnavailable("in-memory store poisoned".into()))?
            .remove(key);
        Ok(())
    }
}
