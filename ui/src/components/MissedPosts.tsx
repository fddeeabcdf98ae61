// Posts that came due while Tsunagu was not running: never published late by surprise. Each
// waits for a decision: publish now, or skip (it goes back to approved, to be given a new time).
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { useReload } from "../useReload";
import { toIpcError } from "../api";
import { missedPosts, publishMissedNow, skipMissed, type IpcError, type MissedPost } from "../bindings";
import { FormError } from "./FormError";

export function MissedPosts(props: { timeZone: string }) {
  const { t, i18n } = useTranslation();
  const [missed, setMissed] = useState<MissedPost[]>([]);
  const [error, setError] = useState<IpcError | null>(null);
  const load = useCallback(() => {
    missedPosts()
      .then(setMissed)
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  useReload(load, (what) => what === "posts" || what === "workspace");
  if (missed.length === 0 && !error) return null;
  // In the workspace's zone, like the calendar.
  const when = (at: string) => {
    try {
      return new Date(at).toLocaleString(i18n.language, { dateStyle: "medium", timeStyle: "short", timeZone: props.timeZone });
    } catch {
      return at;
    }
  };
  const act = (f: () => Promise<null>) => void f().then(load).catch((e: unknown) => setError(toIpcError(e)));
  return (
    <div className="missed-banner" role="alert" aria-label={t("missed.title")}>
      <strong>{t("missed.title")}</strong>
      <p className="muted small">{t("missed.help")}</p>
      <ul>
        {missed.map((m) => (
          <li key={m.post}>
            <span>
              {m.title}（{when(m.scheduled_at)}）
            </span>
            <button type="button" onClick={() => act(() => publishMissedNow(m.post))}>
              {t("missed.now")}
            </button>
            <button type="button" onClick={() => act(() => skipMissed(m.post))}>
              {t("missed.skip")}
            </button>
          </li>
        ))}
      </ul>
      <FormError error={error} />
    </div>
  );
}
