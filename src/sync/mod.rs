//! Team sync (issue 9, in progress): ambassadors work offline and exchange signed, append-only
//! logs of changes through a shared place. This first part is the transport: the place the
//! logs travel through, behind one small trait, so a shared folder (network share, cloud-drive
//! client folder, USB stick) comes first and S3-compatible storage or WebDAV can follow; and
//! the signed segments that travel in it (`segment`).

pub mod segment;
pub mod transport;
