// The guideline beside the draft: what the check found (blocking first), where the post stands
// in review, the reviewer's last comment, and "submit for review", which stays disabled while
// anything blocks.
import { auditComment } from "../audit";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { useReload } from "../useReload";
import { postMoved, toIpcError } from "../api";
import { auditLog, submitForReview, type Finding, type IpcError, type PostStatus, type ReviewEntry } from "../bindings";
import { FormError } from "../components/FormError";
import { bySeverity, findingMessage, findingSuggestion } from "../guideline";

export function GuidelinePanel(props: {
  postId: string;
  status: PostStatus;
  version: number | null;
  findings: Finding[];
  blocking: boolean;
  beforeSubmit: () => Promise<void>;
  onSubmitted: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [log, setLog] = useState<ReviewEntry[]>([]);
  const [error, setError] = useState<IpcError | null>(null);

  const load = useCallback(() => {
    auditLog(props.postId)
      .then(setLog)
      .catch((e: unknown) => setError(toIpcError(e)));
  }, [props.postId]);
  // The post's own history: its reviews and submissions, not its words.
  useReload(load, (c) => postMoved(c, props.postId));

  const sorted = bySeverity(props.findings);
  const blocks = sorted.filter((f) => f.severity === "block").length;
  const last = log[0];
  const canSubmit = ["idea", "draft", "changes_requested"].includes(props.status);

  const submit = async () => {
    try {
      await props.beforeSubmit();
      await submitForReview(props.postId);
      setError(null);
      props.onSubmitted();
    } catch (e) {
      setError(toIpcError(e));
    }
  };

  return (
    <section className="guideline-panel" aria-label={t("guideline.panel")}>
      <div className="guideline-head">
        <h3>{t("guideline.panel")}</h3>
        {props.version !== null && <span className="muted small">{t("guideline.version", { version: props.version })}</span>}
      </div>
      {sorted.length === 0 ? (
        <p className="muted small">{t("guideline.clean")}</p>
      ) : (
        <ul className="findings" aria-label={t("guideline.findings")}>
          {sorted.map((f, i) => (
            <li key={`${f.rule}-${f.start}-${i}`} className={`finding finding-${f.severity}`} data-rule={f.rule}>
              <span className="finding-severity">{t(`guideline.severity.${f.severity}`)}</span>
              <span>
                {findingMessage(f, i18n.language)}
                {findingSuggestion(f, i18n.language) && <span className="muted small"> {findingSuggestion(f, i18n.language)}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
      {last && (last.action === "changes_requested" || last.action === "voided") && (
        <p className={last.action === "voided" ? "review-note voided" : "review-note"} role="note">
          <strong>{last.action === "voided" ? t("review.voided") : t("review.changesBy", { name: last.actor_name ?? "?" })}</strong> {auditComment(last.comment, t)}
        </p>
      )}
      {last && last.action === "approved" && props.status !== "draft" && (
        <p className="review-note approved" role="note">
          {t("review.approvedBy", { name: last.actor_name ?? "?", version: last.guideline_version ?? "?" })}
        </p>
      )}
      <FormError error={error} />
      <div className="actions">
        {canSubmit ? (
          <button type="button" className="primary" data-submit disabled={props.blocking} onClick={() => void submit()}>
            {t("review.submit")}
          </button>
        ) : (
          <span className="muted small">{t(`review.state.${props.status}`, { defaultValue: "" })}</span>
        )}
        {canSubmit && props.blocking && <span className="muted small">{t("review.blocked", { count: blocks || 1 })}</span>}
      </div>
    </section>
  );
}
