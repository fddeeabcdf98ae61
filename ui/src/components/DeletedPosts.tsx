// The posts deleted in the last 30 days, each with 「元に戻す」: the longer way back after the
// undo bar has gone.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { deletedPosts, restorePost, type DeletedPost, type IpcError } from "../bindings";
import { onChanged, toIpcError, touches } from "../api";
import { FormError } from "./FormError";
import { dateLabel } from "./DateFields";

export function DeletedPosts() {
  const { t, i18n } = useTranslation();
  const [list, setList] = useState<DeletedPost[]>([]);
  const [error, setError] = useState<IpcError | null>(null);
  const load = useCallback(() => {
    deletedPosts()
      .then(setList)
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  useEffect(() => {
    load();
    const off = onChanged((c) => touches(c, "posts") && load());
    return () => void off.then((f) => f());
  }, [load]);
  return (
    <section className="panel-card" aria-label={t("deletedPosts.title")}>
      <h2>{t("deletedPosts.title")}</h2>
      <FormError error={error} />
      {list.length === 0 ? (
        <p className="muted small">{t("deletedPosts.noDeletedPosts")}</p>
      ) : (
        <ul className="deleted-posts">
          {list.map((d) => (
            <li key={d.post}>
              <strong>{d.title}</strong>
              <span className="muted small">
                {t(`deletedPosts.deletionKind.${d.kind}`)}・{t("deletedPosts.deletedOn", { date: dateLabel(d.deleted_at.slice(0, 10), i18n.language) })}
              </span>
              <button type="button" className="link" aria-label={t("deletedPosts.restoreNamed", { title: d.title })} onClick={() => void restorePost(d.post).catch((e: unknown) => setError(toIpcError(e)))}>
                {t("deletedPosts.restore")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
