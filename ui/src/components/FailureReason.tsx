// A publishing failure in plain words: in the Japanese window a sentence that says what
// happened and what to do, with the platform's original answer beside it; in English the
// core's sentence as it is.
import { useTranslation } from "react-i18next";
import { explainFailure } from "../failures";

export function FailureReason(props: { reason: string }) {
  const { t, i18n } = useTranslation();
  const { explained, gaveUpAfter } = explainFailure(props.reason);
  if (i18n.language.startsWith("en") || !explained) {
    return <span className="failure-reason">{props.reason}</span>;
  }
  return (
    <span className="failure-reason">
      {gaveUpAfter && `${t("failure.gaveUp", { count: Number(gaveUpAfter) })} `}
      {t(explained.key, explained.params)}
      <span className="failure-original muted small"> {t("failure.original", { text: props.reason })}</span>
    </span>
  );
}
