// Deleting a post, with the choice a published one needs said in plain words: take it down
// from the platforms too, or remove it from Tsunagu only and leave it online. A post that
// never went out is deleted after one confirmation; either way it can be brought back for 30
// days (the undo bar, and Settings' list of deleted posts).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { deletePost, type DeletedPost, type DeletionKind, type IpcError, type PostDetail } from "../bindings";
import { toIpcError } from "../api";
import { FormError } from "../components/FormError";

export function DeleteDialog(props: { post: PostDetail; onCancel: () => void; onDeleted: (d: DeletedPost) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const published = props.post.status === "published";
  const go = async (choice: DeletionKind | null) => {
    setBusy(true);
    try {
      props.onDeleted(await deletePost(props.post.id, choice));
    } catch (e) {
      setError(toIpcError(e));
      setBusy(false);
    }
  };
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-label={t("editor.deleteTitle")} onKeyDown={(e) => e.key === "Escape" && props.onCancel()}>
        <h2>{t("editor.deleteTitle")}</h2>
        <p>{t(published ? "editor.deletePublished" : "editor.deleteDraft", { title: props.post.title })}</p>
        <p className="muted small">{t("editor.deleteUndo")}</p>
        <FormError error={error} />
        <div className="actions">
          {published ? (
            <>
              <button type="button" className="danger" disabled={busy} onClick={() => void go("take_down")}>
                {t("editor.takeDown")}
              </button>
              <button type="button" disabled={busy} onClick={() => void go("remove_only")}>
                {t("editor.removeOnly")}
              </button>
            </>
          ) : (
            <button type="button" className="danger" disabled={busy} onClick={() => void go(null)}>
              {t("editor.deleteConfirm")}
            </button>
          )}
          <button type="button" autoFocus disabled={busy} onClick={props.onCancel}>
            {t("editor.cancel")}
          </button>
        </div>
      </div>
    </div>
  );
}
