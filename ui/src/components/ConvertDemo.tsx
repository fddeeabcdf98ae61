// Converting the demo, explicitly: the company's own workspace is started with the company's
// name, and only the templates, hashtag sets and guideline shaped in the demo go with it. The
// dialog says plainly that every demo person, post, request and number stays behind, and asks
// for that to be confirmed.
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { convertDemo, type IpcError } from "../bindings";
import { toIpcError } from "../api";
import { FormError } from "./FormError";

export function ConvertDemo(props: { timeZone: string; onCancel: () => void; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const ids = { name: useId() };
  const [name, setName] = useState("");
  const [sure, setSure] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const go = () =>
    void convertDemo(name.trim(), props.timeZone, i18n.language === "en" ? "en" : "ja")
      .then(props.onDone)
      .catch((e: unknown) => setError(toIpcError(e)));
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-label={t("convert.title")} onKeyDown={(e) => e.key === "Escape" && props.onCancel()}>
        <h2>{t("convert.title")}</h2>
        <p>{t("convert.what")}</p>
        <ul>
          <li>{t("convert.kept")}</li>
          <li>{t("convert.left")}</li>
        </ul>
        <div className="field">
          <label htmlFor={ids.name}>{t("welcome.name")}</label>
          <input id={ids.name} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
        </div>
        <label className="chip-check">
          <input type="checkbox" checked={sure} onChange={(e) => setSure(e.target.checked)} />
          {t("convert.confirm")}
        </label>
        <FormError error={error} />
        <div className="actions">
          <button type="button" className="primary" disabled={!sure || name.trim() === ""} onClick={go}>
            {t("convert.go")}
          </button>
          <button type="button" onClick={props.onCancel}>
            {t("editor.cancel")}
          </button>
        </div>
      </div>
    </div>
  );
}
