// An IPC error shown inline: the translated sentence for its rule or code, then the core's
// English details. On a Japanese screen the details are folded under 「詳細」, so the main
// sentence is never English; on an English screen they are shown as they are.
import { useTranslation } from "react-i18next";
import type { IpcError } from "../bindings";
import { errorKey } from "../api";

export function FormError(props: { error: IpcError | null }) {
  const { t, i18n } = useTranslation();
  if (!props.error) return null;
  const sentence = t(errorKey(props.error));
  const message = props.error.message;
  return (
    <div className="form-error" role="alert">
      <strong>{sentence}</strong>
      {i18n.language === "en" ? (
        message !== sentence && <div className="error-message">{message}</div>
      ) : (
        <details>
          <summary>{t("error.details")}</summary>
          <div className="error-message">{message}</div>
        </details>
      )}
    </div>
  );
}
