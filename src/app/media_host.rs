//! The media host (the S3-compatible bucket Instagram and Threads fetch images from) for the
//! fronts: its settings, saving them (the secret key to the keychain only), and a check that
//! puts, reads back and deletes a probe. The rules are in `crate::publish::media_host`.

use crate::error::Result;
use crate::publish::media_host::{self, MediaHostConfig};
use crate::secrets::SecretStore;
use crate::store::Source;
use crate::workspace::Workspace;

/// The media host settings, if one is set.
pub fn media_host_config(ws: &Workspace) -> Result<Option<MediaHostConfig>> {
    media_host::config(ws.store().conn())
}

/// Sets the media host (its secret key to the keychain), or removes it with `None`.
pub fn set_media_host(
    ws: &mut Workspace,
    source: Source,
    secrets: &dyn SecretStore,
    cfg: Option<MediaHostConfig>,
    secret_key: &str,
) -> Result<Option<MediaHostConfig>> {
    let stored = media_host::keep_secret(secrets, cfg, secret_key)?;
    let ctx = ws.ctx(None, source);
    ws.store_mut()
        .write(&ctx, |w| media_host::save(w, stored.as_ref()))?;
    Ok(stored)
}

/// Puts a small image on the media host, reads it back through its link and deletes it.
pub fn check_media_host(ws: &Workspace, secrets: &dyn SecretStore) -> Result<()> {
    media_host::check(ws.store().conn(), ws.clock().now(), secrets)
}
