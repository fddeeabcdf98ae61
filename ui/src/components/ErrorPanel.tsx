// Shows an IPC error in the user's language, with the core's details and the way out.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorKey, toIpcError } from "../api";
import { restoreBackup, type IpcError } from "../bindings";

export function ErrorPanel(props: { error: IpcError; onRecovered: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [current, setCurrent] = useState(props.error);
  const restore = async () => {
    setBusy(true);
    try {
      await restoreBackup();
      props.onRecovered();
    } catch (e) {
      setCurrent(toIpcError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="error-panel" role="alert" aria-labelledby="error-title">
      <h1 id="error-title">{t("error.title")}</h1>
      <p className="error-summary">{t(errorKey(current))}</p>
      <details>
        <summary>{t("error.details")}</summary>
        <p className="error-message">{current.message}</p>
      </details>
      <div className="actions">
        {current.code === "database_corrupt" && (
          <button type="button" className="primary" disabled={busy} onClick={() => void restore()}>
            {busy ? t("error.restoring") : t("error.restore")}
          </button>
        )}
        <button type="button" onClick={props.onRecovered} disabled={busy}>
          {t("error.retry")}
        </button>
      </div>
    </section>
  );
}
