// Revision history: pick a version, see it side by side with the current text, restore it.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import { listRevisions, restoreRevision, type IpcError, type PostDetail, type Revision } from "../bindings";
import { diffLines } from "./textDiff";
import { FormError } from "../components/FormError";

export function RevisionPanel(props: { postId: string; current: string; onRestored: (p: PostDetail) => void }) {
  const { t, i18n } = useTranslation();
  const [revisions, setRevisions] = useState<Revision[]>([]);
  const [chosen, setChosen] = useState<Revision | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  useEffect(() => {
    listRevisions(props.postId)
      .then((r) => {
        setRevisions(r);
        setChosen(r[1] ?? r[0] ?? null);
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  }, [props.postId]);

  const restore = async () => {
    if (!chosen) return;
    try {
      props.onRestored(await restoreRevision(props.postId, chosen.id));
      setRevisions(await listRevisions(props.postId));
    } catch (e) {
      setError(toIpcError(e));
    }
  };

  return (
    <section className="revisions" aria-label={t("editor.history")}>
      {revisions.length === 0 && <p className="muted">{t("editor.noHistory")}</p>}
      <ol className="revision-list">
        {revisions.map((r) => (
          <li key={r.id}>
            <button type="button" aria-pressed={chosen?.id === r.id} onClick={() => setChosen(r)}>
              {new Date(r.created_at).toLocaleString(i18n.language)}
            </button>
          </li>
        ))}
      </ol>
      {chosen && (
        <>
          <table className="diff" aria-label={t("editor.diff")}>
            <thead>
              <tr>
                <th>{t("editor.thatVersion")}</th>
                <th>{t("editor.now")}</th>
              </tr>
            </thead>
            <tbody>
              {diffLines(chosen.body, props.current).map((row, i) => (
                <tr key={i} className={`diff-${row.kind}`}>
                  <td>{row.left ?? ""}</td>
                  <td>{row.right ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" className="primary" onClick={() => void restore()}>
            {t("editor.restore")}
          </button>
        </>
      )}
      <FormError error={error} />
    </section>
  );
}
