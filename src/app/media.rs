//! Images for the fronts: attaching (from a file or bytes), keeping material that belongs to
//! no post yet, describing, detaching, and reading the files back. Each write is one
//! transaction that also voids the post's review when what was approved changes; the rules
//! and the content-addressed files are in `crate::media`.

use crate::error::Result;
use crate::ids::{PersonId, PostId, RowId};
use crate::media::{self, MediaInfo, MediaPatch};
use crate::store::Source;
use crate::workspace::Workspace;
use std::path::{Path, PathBuf};

/// Attaches an image file to a post.
pub fn attach_image_file(
    ws: &mut Workspace,
    source: Source,
    actor: Option<PersonId>,
    post: PostId,
    path: &Path,
) -> Result<MediaInfo> {
    let (name, bytes) = media::read_file(path)?;
    attach_image(ws, source, actor, post, &name, &bytes)
}

/// Attaches image bytes to a post.
pub fn attach_image(
    ws: &mut Workspace,
    source: Source,
    actor: Option<PersonId>,
    post: PostId,
    file_name: &str,
    bytes: &[u8],
) -> Result<MediaInfo> {
    let image = media::prepare(&media::root(ws.dir()), file_name, bytes)?;
    let ctx = ws.ctx(actor, source);
    let id = ws
        .store_mut()
        .write(&ctx, |w| media::attach(w, post, &image))?;
    media::media(ws.store().conn(), id)
}

/// Keeps image bytes that belong to no post yet (material someone sent).
pub fn import_image(
    ws: &mut Workspace,
    source: Source,
    actor: Option<PersonId>,
    file_name: &str,
    bytes: &[u8],
) -> Result<MediaInfo> {
    let image = media::prepare(&media::root(ws.dir()), file_name, bytes)?;
    let ctx = ws.ctx(actor, source);
    let id = ws.store_mut().write(&ctx, |w| media::import(w, &image))?;
    media::media(ws.store().conn(), id)
}

/// One image.
pub fn media(ws: &Workspace, id: RowId) -> Result<MediaInfo> {
    media::media(ws.store().conn(), id)
}

/// A post's images, in order.
pub fn post_media(ws: &Workspace, post: PostId) -> Result<Vec<MediaInfo>> {
    media::post_media(ws.store().conn(), post)
}

/// Changes alt text, the faces flag or the people in an image.
pub fn update_media(
    ws: &mut Workspace,
    source: Source,
    actor: Option<PersonId>,
    id: RowId,
    patch: &MediaPatch,
) -> Result<MediaInfo> {
    let ctx = ws.ctx(actor, source);
    ws.store_mut()
        .write(&ctx, |w| media::update(w, id, patch))?;
    media::media(ws.store().conn(), id)
}

/// Removes an image from a post.
pub fn detach_media(
    ws: &mut Workspace,
    source: Source,
    actor: Option<PersonId>,
    post: PostId,
    id: RowId,
) -> Result<()> {
    let ctx = ws.ctx(actor, source);
    ws.store_mut().write(&ctx, |w| media::detach(w, post, id))
}

/// The stored (stripped) file of an image.
pub fn media_path(ws: &Workspace, id: RowId) -> Result<PathBuf> {
    media::path(ws.store().conn(), &media::root(ws.dir()), id)
}

/// The thumbnail (JPEG bytes) of an image.
pub fn media_thumbnail(ws: &Workspace, id: RowId) -> Result<Vec<u8>> {
    media::thumbnail(ws.store().conn(), &media::root(ws.dir()), id)
}
