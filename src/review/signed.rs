//! Approving as this device: in a team the approval is signed with the device's key from the
//! keychain, because the publisher counts only signed approvals there.

use crate::error::Result;
use crate::secrets::SecretStore;
use crate::sync::approvals::APPROVAL_CONTEXT;
use crate::sync::ops::hex;
use crate::Workspace;

impl Workspace {
    /// Approves a post as this device: in a team the approval is signed with the device's key
    /// from the keychain (the publisher counts only signed approvals there); outside a team it
    /// is [`Workspace::approve`].
    pub fn approve_as_device(
        &mut self,
        secrets: &dyn SecretStore,
        post: crate::ids::PostId,
        ticked: &[String],
        comment: &str,
    ) -> Result<()> {
        let Some(st) = crate::sync::state::load(self.store().conn())? else {
            return self.approve(post, ticked, comment);
        };
        let key = crate::sync::api::load_key(self, secrets, &st)?;
        let sign = |m: &[u8]| -> String {
            format!(
                "{}:{}",
                hex(&key.public()),
                hex(&key.sign_document(APPROVAL_CONTEXT, m))
            )
        };
        self.approve_signed(post, ticked, comment, Some(&sign))
    }
}
