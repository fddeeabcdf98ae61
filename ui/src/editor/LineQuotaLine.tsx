// For a LINE broadcast: the month's messages left and what this broadcast takes (one per
// friend it reaches), read from LINE before approval; a broadcast that does not fit says so.
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import "../liveWords";
import { touches } from "../api";
import { postLineQuota, type LineQuota } from "../bindings";
import { useReload } from "../useReload";

export function LineQuotaLine(props: { postId: string }) {
  const { t, i18n } = useTranslation();
  const [quota, setQuota] = useState<LineQuota | null>(null);
  const [failed, setFailed] = useState(false);
  const load = useCallback(() => {
    postLineQuota(props.postId)
      .then((q) => {
        setQuota(q);
        setFailed(false);
      })
      .catch(() => setFailed(true));
  }, [props.postId]);
  // LINE is asked when the post opens and when accounts change, not on every keystroke.
  useReload(load, (c) => touches(c, "accounts"));
  if (failed) return <p className="muted small">{t("line.quotaUnknown")}</p>;
  if (!quota) return null;
  const n = (v: number | bigint) => Number(v).toLocaleString(i18n.language);
  const reach = quota.reach == null ? t("line.reachUnknown") : t("line.reach", { count: n(quota.reach) });
  const left = quota.left == null ? t("line.unlimited") : t("line.left", { left: n(quota.left), limit: n(quota.limit ?? 0) });
  return (
    <p className={quota.fits ? "x-cost" : "x-cost over"} role={quota.fits ? "status" : "alert"} aria-label={t("line.quotaLabel")}>
      {left} {reach}
      {!quota.fits && <strong> {t("line.wontFit")}</strong>}
    </p>
  );
}
