// Settings → 「更新」: the running version, where updates come from (the company's update.json,
// set by IT) and when they were last looked for, with 「今すぐ確かめる」. Without an address the
// card says so and who sets it; the app then never contacts an update server.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import "../liveWords";
import { checkForUpdate } from "../bindings";
import { UpdateProblemLine, useUpdateStatus } from "./UpdateNotice";

export function UpdateSetting() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useUpdateStatus();
  const [checking, setChecking] = useState(false);
  if (!status) return null;
  const when = status.checked_at
    ? new Date(status.checked_at).toLocaleString(i18n.language, { year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "2-digit" })
    : null;
  return (
    <section className="panel-card" aria-label={t("updateSettings.title")}>
      <h2>{t("updateSettings.title")}</h2>
      <dl className="about">
        <dt>{t("updateSettings.version")}</dt>
        <dd>{status.current_version}</dd>
        <dt>{t("updateSettings.address")}</dt>
        <dd>{status.address ?? t("updateSettings.none")}</dd>
        {when && (
          <>
            <dt>{t("updateSettings.checked")}</dt>
            <dd>{when}</dd>
          </>
        )}
      </dl>
      <p className="help">{status.address ? t("updateSettings.help") : t("updateSettings.noneHelp")}</p>
      {status.problem && <UpdateProblemLine problem={status.problem} />}
      {status.installed ? (
        <p role="status">{t("update.installed", { version: status.installed })}</p>
      ) : (
        status.address && !status.offer && !status.problem && when && <p role="status">{t("updateSettings.upToDate")}</p>
      )}
      <button
        type="button"
        disabled={checking || status.busy || !status.address || status.installed !== null}
        onClick={() => {
          setChecking(true);
          void checkForUpdate()
            .then(setStatus)
            .catch(() => undefined)
            .finally(() => setChecking(false));
        }}
      >
        {checking ? t("updateSettings.checking") : t("updateSettings.check")}
      </button>
    </section>
  );
}
