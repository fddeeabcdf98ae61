// What the assistant is writing, as it arrives, with 「中止」: a request to a model on a laptop
// can take half a minute, and the person sees it grow and can stop it (nothing is written).
import { useTranslation } from "react-i18next";
import type { AssistantRun } from "./stream";

export function AssistantPanel(props: { run: AssistantRun }) {
  const { t } = useTranslation();
  const { text, running, stop } = props.run;
  if (!running) return null;
  return (
    <div className="assistant-panel" role="region" aria-label={t("assistant.writing")}>
      <p className="assistant-status" role="status">
        <span className="spinner" aria-hidden="true" />
        {text ? t("assistant.receiving", { count: text.length }) : t("assistant.waiting")}
      </p>
      {text && <p className="assistant-text">{text}</p>}
      <button type="button" onClick={stop}>
        {t("assistant.stop")}
      </button>
    </div>
  );
}

/** What the button does when the assistant is off on this computer. */
export function AssistantOffNote() {
  const { t } = useTranslation();
  return (
    <p className="muted small" role="note">
      {t("assistant.offHint")}
    </p>
  );
}
