// A publishing failure in plain words: a sentence in the window's language that says what
// happened and what to do, chosen by the failure's kind; the core's English detail (with the
// platform's own answer) is folded under 「詳細」 for whoever has to ask the platform.
import { useTranslation } from "react-i18next";
import type { FailureKind } from "../bindings";
import { failureKey } from "../failures";

export function FailureReason(props: { kind: FailureKind | null | undefined; detail: string; gaveUpAfter?: number | null }) {
  const { t } = useTranslation();
  return (
    <span className="failure-reason">
      {props.gaveUpAfter ? `${t("failure.gaveUp", { count: props.gaveUpAfter })} ` : null}
      {t(failureKey(props.kind))}
      <details className="failure-original">
        <summary>{t("error.details")}</summary>
        <span className="muted small">{props.detail}</span>
      </details>
    </span>
  );
}
