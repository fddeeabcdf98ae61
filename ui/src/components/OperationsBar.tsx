// The operations that have been running for more than a second: their name, a bar (filling
// when the shell reports steps, moving while it does not), and 「中止」 where stopping is safe.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { cancel, percent, watchOperations, type Operation } from "../operations";

const AFTER_MS = 1000;

export function OperationsBar() {
  const { t } = useTranslation();
  const [ops, setOps] = useState<Operation[]>([]);
  const [now, setNow] = useState(Date.now());
  useEffect(() => watchOperations(setOps), []);
  useEffect(() => {
    if (ops.length === 0) return;
    const h = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(h);
  }, [ops.length]);
  const shown = ops.filter((o) => now - o.startedAt >= AFTER_MS);
  if (shown.length === 0) return null;
  return (
    <div className="operations-bar" role="status" aria-label={t("operations.title")}>
      {shown.map((o) => {
        const p = percent(o);
        return (
          <div key={o.id} className="operation">
            <span className="operation-label">{o.label}</span>
            <progress max={100} value={p ?? undefined} aria-label={t("operations.progressOf", { label: o.label })} />
            <span className="muted small">{p === null ? t("operations.working") : t("operations.percent", { percent: p })}</span>
            {o.cancellable && (
              <button type="button" onClick={() => cancel(o.id)}>
                {t("operations.cancel")}
              </button>
            )}
          </div>
        );
      })}
    </div>
  );
}
