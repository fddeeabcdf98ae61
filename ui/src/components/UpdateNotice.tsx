// Updates in the window: the sidebar's notice of a verified new version (what is new, as the
// company wrote it; 「更新する」 installs it, then 「今すぐ再起動」), and the Settings card that
// says where updates come from and when they were last looked for. Every refusal is worded by
// its code; the updater's own English is folded under 「詳細」.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { listen } from "@tauri-apps/api/event";
import {
  installUpdate,
  restartApp,
  updateStatus,
  type UpdateProblem,
  type UpdateStatus,
} from "../bindings";

/** The event the app sends when a check or an install ends (`updates::UPDATE_EVENT`). */
const UPDATE_EVENT = "tsunagu://update";

/** The update status, kept current by the app's events. */
export function useUpdateStatus(): [UpdateStatus | null, (s: UpdateStatus) => void] {
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  useEffect(() => {
    let live = true;
    updateStatus()
      .then((s) => live && setStatus(s))
      .catch(() => undefined);
    const off = listen<UpdateStatus>(UPDATE_EVENT, (e) => live && setStatus(e.payload));
    return () => {
      live = false;
      void off.then((f) => f());
    };
  }, []);
  return [status, setStatus];
}

/** A refusal in plain words, with the technical detail folded. */
export function UpdateProblemLine(props: { problem: UpdateProblem }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="form-error">
      {t(`update.problem.${props.problem.code}`, { version: props.problem.version ?? "" })}
      <details>
        <summary>{t("error.details")}</summary>
        <span className="muted small">{props.problem.detail}</span>
      </details>
    </div>
  );
}

/** The sidebar's notice: shown only when there is something to decide or to restart for. */
export function UpdateNotice() {
  const { t } = useTranslation();
  const [status, setStatus] = useUpdateStatus();
  const [later, setLater] = useState<string | null>(null);
  if (!status) return null;
  const offer = status.offer;
  if (status.installed) {
    return (
      <section className="update-notice" role="region" aria-label={t("update.label")}>
        <p>{t("update.installed", { version: status.installed })}</p>
        <button type="button" className="primary" onClick={() => void restartApp()}>
          {t("update.restart")}
        </button>
      </section>
    );
  }
  if (!offer || later === offer.version) return null;
  return (
    <section className="update-notice" role="region" aria-label={t("update.label")}>
      <p>
        <strong>{t("update.available", { version: offer.version })}</strong>
      </p>
      {offer.notes && <p className="update-notes">{offer.notes}</p>}
      {status.problem && <UpdateProblemLine problem={status.problem} />}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={status.busy}
          onClick={() =>
            void installUpdate()
              .then(setStatus)
              .catch(() => undefined)
          }
        >
          {status.busy ? t("update.installing") : t("update.install")}
        </button>
        <button type="button" onClick={() => setLater(offer.version)}>
          {t("update.later")}
        </button>
      </div>
    </section>
  );
}
