// An IPC error shown inline: the translated summary for its code, then the core's details.
import { useTranslation } from "react-i18next";
import type { IpcError } from "../bindings";

export function FormError(props: { error: IpcError | null }) {
  const { t } = useTranslation();
  if (!props.error) return null;
  return (
    <div className="form-error" role="alert">
      <strong>{t(`error.codes.${props.error.code}`)}</strong>
      <div className="error-message">{props.error.message}</div>
    </div>
  );
}
