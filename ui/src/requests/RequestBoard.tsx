// The lead's board: every request, everyone asked, and where each stands. Answering for someone
// (material that came by chat or in person) starts from their chip.
import { dateLabel } from "../components/DateFields";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import { deleteRequest, type IpcError, type RequestSummary } from "../bindings";
import { FormError } from "../components/FormError";

export function RequestBoard(props: { requests: RequestSummary[]; onAnswer: (request: RequestSummary, person: string) => void }) {
  const { t } = useTranslation();
  if (props.requests.length === 0) return <p className="muted">{t("requests.none")}</p>;
  return (
    <ul className="request-board" aria-label={t("requests.tabs.board")}>
      {props.requests.map((r) => (
        <RequestCard key={r.id} request={r} onAnswer={(p) => props.onAnswer(r, p)} />
      ))}
    </ul>
  );
}

function RequestCard(props: { request: RequestSummary; onAnswer: (person: string) => void }) {
  const { t, i18n } = useTranslation();
  const r = props.request;
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const answered = r.assignees.filter((a) => a.state === "answered").length;
  const overdue = r.assignees.some((a) => a.state === "overdue");
  return (
    <li className={overdue ? "request-card overdue" : "request-card"} aria-label={r.title}>
      <div className="request-head">
        <strong>{r.title}</strong>
        <span className="muted small">
          {r.due_on ? t("requests.dueOn", { date: dateLabel(r.due_on, i18n.language) }) : t("requests.noDue")}
          {r.recurrence && ` · ${t(`requests.every.${r.recurrence}`)}`}
          {" · "}
          {t("requests.summary", { asked: r.assignees.length, answered })}
        </span>
      </div>
      {r.description && <p className="request-detail">{r.description}</p>}
      <ul className="assignees">
        {r.assignees.map((a) => (
          <li key={a.person} className={`assignee state-${a.state}`}>
            <span>{a.display_name}</span>
            <span className="state-label">{t(`requests.state.${a.state}`)}</span>
            <button
              type="button"
              className="link"
              aria-label={t("requests.answer", { name: a.display_name, title: r.title })}
              title={t("requests.answer", { name: a.display_name, title: r.title })}
              onClick={() => props.onAnswer(a.person)}
            >
              ＋
            </button>
          </li>
        ))}
      </ul>
      <FormError error={error} />
      <div className="actions">
        {confirming ? (
          <>
            <span className="muted small">{t("requests.withdrawConfirm")}</span>
            <button
              type="button"
              className="danger"
              onClick={() => void deleteRequest(r.id).catch((e: unknown) => setError(toIpcError(e)))}
            >
              {t("requests.withdrawSure")}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t("requests.cancel")}
            </button>
          </>
        ) : (
          <button type="button" className="link" onClick={() => setConfirming(true)}>
            {t("requests.withdraw")}
          </button>
        )}
      </div>
    </li>
  );
}
