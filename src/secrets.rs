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

/// A secret held in memory (a token, a password, a key): it never prints. `Debug` shows
/// `[secret]`; it has no `Display` (so it cannot be put into a request, a header or a message
/// by formatting: that would send `[secret]` or leak it) and no `Serialize`; the value is read
/// only through [`Sensitive::expose`]. A log line, an error or a derived `Debug` of a struct
/// that holds one cannot leak it by accident.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    /// Wraps a secret.
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> std::fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[secret]")
    }
}

impl From<String> for Sensitive<String> {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Sensitive<String> {
    fn from(value: &str) -> Self {
        Self(value.to_string())
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sensitive_value_never_prints() {
        let token = Sensitive::from("tok-123");
        assert_eq!(format!("{token:?}"), "[secret]");
        assert_eq!(token.expose(), "tok-123");
        #[derive(Debug)]
        #[allow(dead_code)]
        struct Holder {
            user: &'static str,
            token: Sensitive<String>,
        }
        let shown = format!("{:?}", Holder { user: "a", token });
        assert!(!shown.contains("tok-123"), "{shown}");
    }
}
