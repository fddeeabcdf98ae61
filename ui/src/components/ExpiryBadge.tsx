// The sidebar's sign that a connection ends soon (14, 7 and 1 days ahead) or has ended: an
// account must never die unnoticed, whatever screen the lead is on. A click opens Accounts.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { touches } from "../api";
import { expiryWarnings, type ExpiryWarning } from "../bindings";
import { useReload } from "../useReload";

export function ExpiryBadge(props: { onOpen: () => void }) {
  const { t } = useTranslation();
  const [warnings, setWarnings] = useState<ExpiryWarning[]>([]);
  const load = useCallback(() => {
    expiryWarnings()
      .then(setWarnings)
      .catch(() => setWarnings([]));
  }, []);
  useReload(load, (c) => touches(c, "accounts", "settings"));
  useEffect(() => {
    // Days pass while the app stays open.
    const timer = window.setInterval(load, 15 * 60_000);
    return () => window.clearInterval(timer);
  }, [load]);
  const first = warnings[0];
  if (!first) return null;
  const name = `${first.label}（${t(`platform.${first.platform}`)}）`;
  const text =
    first.threshold === 0 ? t("expiryBadge.ended", { name }) : t("expiryBadge.ends", { name, count: Math.max(1, Number(first.days_left)) });
  return (
    <button type="button" className={first.threshold <= 1 ? "expiry-badge urgent" : "expiry-badge"} aria-label={t("expiryBadge.label")} onClick={props.onOpen}>
      <span aria-hidden="true">⚠ </span>
      {text}
      {warnings.length > 1 && <span className="muted small"> {t("expiryBadge.more", { count: warnings.length - 1 })}</span>}
    </button>
  );
}
