// 「ログイン時に起動」: this computer starts Tsunagu at login with its window in the tray, so the
// scheduler publishes without anyone opening the app. A setting of this computer, not of the
// workspace, applied at once.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import "../liveWords";
import { toIpcError } from "../api";
import { autostartEnabled, setAutostart, type IpcError } from "../bindings";
import { FormError } from "./FormError";

export function AutostartSetting() {
  const { t } = useTranslation();
  const [on, setOn] = useState<boolean | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  useEffect(() => {
    autostartEnabled()
      .then(setOn)
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  return (
    <section className="panel-card" aria-label={t("autostart.title")}>
      <h2>{t("autostart.title")}</h2>
      <label className="inline">
        <input
          type="checkbox"
          disabled={on === null}
          checked={on ?? false}
          onChange={(e) =>
            void setAutostart(e.target.checked)
              .then((now) => {
                setOn(now);
                setError(null);
              })
              .catch((err: unknown) => setError(toIpcError(err)))
          }
        />
        {t("autostart.label")}
      </label>
      <p className="help">{t("autostart.help")}</p>
      <FormError error={error} />
    </section>
  );
}
