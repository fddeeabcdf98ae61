// The sidebar's sign that the phone page is open (and how long it stays open): a listener on
// the office network should never be open without the lead seeing it.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { touches } from "../api";
import { intakeStatus, type IntakeStatus } from "../bindings";
import { useReload } from "../useReload";

export function IntakeBadge(props: { onOpen: () => void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<IntakeStatus | null>(null);
  const load = useCallback(() => {
    intakeStatus()
      .then(setStatus)
      .catch(() => setStatus(null));
  }, []);
  useReload(load, (c) => touches(c, "requests"));
  useEffect(() => {
    const timer = window.setInterval(load, 30_000);
    return () => window.clearInterval(timer);
  }, [load]);
  if (!status) return null;
  const minutes = Math.max(1, Math.round(status.seconds_left / 60));
  return (
    <button type="button" className="intake-badge" aria-label={t("intakeBadge.label")} onClick={props.onOpen}>
      <span className="intake-dot" aria-hidden="true" />
      {t("intakeBadge.open")} · {t("intakeBadge.left", { minutes })}
    </button>
  );
}
