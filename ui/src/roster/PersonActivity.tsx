// A person's part in the work: the guideline version they acknowledged, the requests they were
// sent and where each stands, and what they gave month by month (never compared with others).
import { dateLabel } from "../components/DateFields";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { useReload } from "../useReload";
import { postsMoved, toIpcError, touches } from "../api";
import {
  acknowledgeGuideline,
  currentGuideline,
  listTraining,
  personLedger,
  personRequests,
  type AssignedRequest,
  type GuidelineVersion,
  type IpcError,
  type LedgerEntry,
  type TrainingStatus,
} from "../bindings";
import { FormError } from "../components/FormError";

/** `YYYY-MM` `back` months before `month`. */
export function monthsBack(month: string, back: number): string {
  const total = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 - back;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, "0")}`;
}

export function PersonActivity(props: { person: string; active: boolean; month: string }) {
  const { t, i18n } = useTranslation();
  const [requests, setRequests] = useState<AssignedRequest[]>([]);
  const [guideline, setGuideline] = useState<GuidelineVersion | null>(null);
  const [training, setTraining] = useState<TrainingStatus | null>(null);
  const [ledger, setLedger] = useState<LedgerEntry[]>([]);
  const [error, setError] = useState<IpcError | null>(null);

  const load = useCallback(() => {
    Promise.all([personRequests(props.person), currentGuideline(), listTraining(), personLedger(props.person, monthsBack(props.month, 5), props.month)])
      .then(([r, g, tr, l]) => {
        setRequests(r);
        setGuideline(g);
        setTraining(tr.find((x) => x.person === props.person) ?? null);
        setLedger(l);
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  }, [props.person, props.month]);
  useReload(load, (c) => touches(c, "people", "requests", "guideline") || postsMoved(c));

  return (
    <>
      <FormError error={error} />
      <section className="consents" aria-label={t("training.title")}>
        <h3>{t("training.title")}</h3>
        {!guideline ? (
          <p className="muted small">{t("training.none")}</p>
        ) : (
          <div className="training-row">
            <span>{t("training.current", { title: guideline.title, version: guideline.version })}</span>
            <span className={training?.current ? "consent-state consent-active" : "consent-state consent-expired"}>
              {training?.current
                ? t("training.done", { version: training.acknowledged_version, date: training.acknowledged_at?.slice(0, 10) })
                : training?.acknowledged_version
                  ? t("training.older", { version: training.acknowledged_version })
                  : t("training.never")}
            </span>
            {props.active && !training?.current && (
              <button type="button" onClick={() => void acknowledgeGuideline(props.person).catch((e: unknown) => setError(toIpcError(e)))}>
                {t("training.acknowledge")}
              </button>
            )}
          </div>
        )}
      </section>
      <section className="consents" aria-label={t("person.requests")}>
        <h3>{t("person.requests")}</h3>
        {requests.length === 0 ? (
          <p className="muted small">{t("person.noRequests")}</p>
        ) : (
          <ul className="plain person-requests">
            {requests.map((r) => (
              <li key={r.id} className={`assignee state-${r.state}`}>
                <span>{r.title}</span>
                <span className="muted small">
                  {r.due_on ? t("requests.dueOn", { date: dateLabel(r.due_on, i18n.language) }) : t("requests.noDue")}
                  {r.recurrence && ` · ${t(`requests.every.${r.recurrence}`)}`}
                </span>
                <span className="state-label">{t(`requests.state.${r.state}`)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="consents" aria-label={t("person.contribution")}>
        <h3>{t("person.contribution")}</h3>
        <table className="ledger">
          <thead>
            <tr>
              <th scope="col">{t("person.month")}</th>
              <th scope="col">{t("person.answered")}</th>
              <th scope="col">{t("person.material")}</th>
              <th scope="col">{t("person.drafts")}</th>
              <th scope="col">{t("person.published")}</th>
              <th scope="col">{t("person.reactions")}</th>
            </tr>
          </thead>
          <tbody>
            {ledger.map((e) => (
              <tr key={e.month}>
                <th scope="row">{e.month}</th>
                <td>{e.requests_answered}</td>
                <td>{e.material_given}</td>
                <td>{e.drafts_written}</td>
                <td>{e.posts_published}</td>
                <td>{e.reactions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
