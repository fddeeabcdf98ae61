//! What every command shares, written once: reading a file the window sent (base64), and
//! running a write on the open workspace and telling the windows what it changed.

use crate::error::IpcResult;
use crate::events::{notify_changed, Changed};
use crate::state::AppState;
use tauri::AppHandle;
use tsunagu::Workspace;

/// The bytes of a file the window sent as base64 (`field` names it in the error).
pub fn decode_file(field: &str, data: &str) -> tsunagu::Result<Vec<u8>> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(data.as_bytes())
        .map_err(|_| tsunagu::Error::invalid(field, "The file could not be read. Choose it again."))
}

impl AppState {
    /// Runs the write `f` on the open workspace, then tells every window what it changed (the
    /// write path's change set, plus `hint` for what tables cannot say). A failed write
    /// changes nothing and tells nobody.
    pub fn write<T>(
        &self,
        app: &AppHandle,
        hint: Changed,
        f: impl FnOnce(&mut Workspace) -> tsunagu::Result<T>,
    ) -> IpcResult<T> {
        let out = self.with(f)?;
        notify_changed(app, hint);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_base64_is_a_clear_refusal() {
        assert_eq!(decode_file("image", "aGk=").unwrap(), b"hi");
        let err = decode_file("image", "not base64!").unwrap_err();
        assert_eq!(err.code(), tsunagu::ErrorCode::InvalidInput);
        assert!(err.to_string().starts_with("image:"), "{err}");
    }
}
