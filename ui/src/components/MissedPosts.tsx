// Posts that came due while Tsunagu was not running: never published late by surprise. Each
// waits for a decision: publish now, give it a new time ahead, or skip (it goes back to
// approved).
import { DateField, TimeField } from "./DateFields";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { useReload } from "../useReload";
import { postsMoved, toIpcError } from "../api";
import { missedPosts, publishMissedNow, rescheduleMissed, skipMissed, type IpcError, type MissedPost } from "../bindings";
import { FormError } from "./FormError";

export function MissedPosts(props: { timeZone: string }) {
  const { t, i18n } = useTranslation();
  const [missed, setMissed] = useState<MissedPost[]>([]);
  const [error, setError] = useState<IpcError | null>(null);
  // The new time typed for each post, as `YYYY-MM-DDTHH:MM` in the workspace zone.
  const [times, setTimes] = useState<Record<string, string>>({});
  const load = useCallback(() => {
    missedPosts()
      .then(setMissed)
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  useReload(load, postsMoved);
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
            <span className="missed-reschedule">
              <DateField
                label={t("missed.newTimeLabel", { title: m.title })}
                value={(times[m.post] ?? "").split("T")[0] ?? ""}
                onChange={(d) => setTimes((x) => ({ ...x, [m.post]: d ? `${d}T${(x[m.post] ?? "").split("T")[1] ?? "09:00"}` : "" }))}
                optional
              />
              <TimeField
                label={t("missed.newTimeLabel", { title: m.title })}
                value={(times[m.post] ?? "").split("T")[1] ?? "09:00"}
                onChange={(v) => setTimes((x) => ({ ...x, [m.post]: (x[m.post] ?? "").split("T")[0] ? `${(x[m.post] ?? "").split("T")[0]}T${v}` : "" }))}
              />
              <button type="button" disabled={!times[m.post]} onClick={() => act(() => rescheduleMissed(m.post, times[m.post] ?? ""))}>
                {t("missed.reschedule")}
              </button>
            </span>
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
