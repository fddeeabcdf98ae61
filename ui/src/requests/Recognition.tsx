// Thanks and monthly highlights. Contributors are listed by name in roster order: the seeds warn
// that ranking people kills participation, so an order by amount appears only when the
// workspace has turned it on in Settings.
import { useCallback, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useReload } from "../useReload";
import { postsMoved, toIpcError, touches } from "../api";
import {
  contributionRanking,
  listContributors,
  listRecognitions,
  recognise,
  type Contributor,
  type IpcError,
  type PersonSummary,
  type Recognition as RecognitionRow,
  type RecognitionKind,
} from "../bindings";
import { FormError } from "../components/FormError";
import { monthsBack } from "../roster/PersonActivity";

export function Recognition(props: { people: PersonSummary[]; month: string; ranking: boolean; onMonth: (m: string) => void }) {
  const { t, i18n } = useTranslation();
  const [contributors, setContributors] = useState<Contributor[]>([]);
  const [ranked, setRanked] = useState<Contributor[] | null>(null);
  const [rows, setRows] = useState<RecognitionRow[]>([]);
  const [writing, setWriting] = useState<{ person: string; kind: RecognitionKind } | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  const load = useCallback(() => {
    Promise.all([listContributors(props.month), listRecognitions(props.month), props.ranking ? contributionRanking(props.month) : Promise.resolve(null)])
      .then(([c, r, k]) => {
        setContributors(c);
        setRows(r);
        setRanked(k);
        setError(null);
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  }, [props.month, props.ranking]);
  useReload(load, (c) => touches(c, "people", "requests") || postsMoved(c));

  const name = (id: string) => props.people.find((p) => p.id === id)?.name ?? "?";

  return (
    <div className="recognition">
      <div className="month-stepper" role="group" aria-label={t("recognition.month")}>
        <button type="button" aria-label={t("recognition.prevMonth")} onClick={() => props.onMonth(monthsBack(props.month, 1))}>
          ‹
        </button>
        <strong aria-live="polite">
          {new Date(`${props.month}-01T00:00:00Z`).toLocaleDateString(i18n.language, { year: "numeric", month: "long", timeZone: "UTC" })}
        </strong>
        <button type="button" aria-label={t("recognition.nextMonth")} onClick={() => props.onMonth(monthsBack(props.month, -1))}>
          ›
        </button>
      </div>
      <FormError error={error} />
      <div className="recognition-columns">
        <section className="panel-card" aria-label={t("recognition.contributors")}>
          <h2>{t("recognition.contributors")}</h2>
          <p className="muted small">{t("recognition.contributorsHelp")}</p>
          {contributors.length === 0 ? (
            <p className="muted">{t("recognition.none")}</p>
          ) : (
            <ul className="contributors">
              {contributors.map((c) => (
                <li key={c.person}>
                  <div>
                    <strong>{name(c.person)}</strong>
                    <span className="muted small">
                      {" "}
                      {t("recognition.gave", {
                        answered: c.entry.requests_answered,
                        material: c.entry.material_given,
                        drafts: c.entry.drafts_written,
                        published: c.entry.posts_published,
                      })}
                    </span>
                  </div>
                  <div className="actions">
                    <button type="button" className="link" aria-label={t("recognition.thank", { name: name(c.person) })} onClick={() => setWriting({ person: c.person, kind: "thanks" })}>
                      {t("recognition.thanks")}
                    </button>
                    <button
                      type="button"
                      className="link"
                      aria-label={t("recognition.highlight", { name: name(c.person) })}
                      onClick={() => setWriting({ person: c.person, kind: "highlight" })}
                    >
                      {t("recognition.highlightKind")}
                    </button>
                  </div>
                  {writing?.person === c.person && (
                    <NoteForm
                      name={name(c.person)}
                      kind={writing.kind}
                      onCancel={() => setWriting(null)}
                      onSave={async (note) => {
                        await recognise(c.person, writing.kind, props.month, note);
                        setWriting(null);
                      }}
                    />
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
        <div className="recognition-side">
          <section className="panel-card" aria-label={t("recognition.list")}>
            <h2>{t("recognition.list")}</h2>
            {rows.length === 0 ? (
              <p className="muted">{t("recognition.empty")}</p>
            ) : (
              <ul className="recognitions">
                {rows.map((r) => (
                  <li key={r.id} className={`recognition-${r.kind}`}>
                    <span className="kind">{r.kind === "highlight" ? t("recognition.highlightKind") : t("recognition.thanks")}</span>
                    <strong>{name(r.person)}</strong>
                    <span>{r.note}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {ranked && (
            <section className="panel-card" aria-label={t("recognition.ranking")}>
              <h2>{t("recognition.ranking")}</h2>
              <p className="muted small">{t("recognition.rankingHelp")}</p>
              <ol>
                {ranked.map((c) => (
                  <li key={c.person}>{name(c.person)}</li>
                ))}
              </ol>
            </section>
          )}
        </div>
      </div>
    </div>
  );
}

function NoteForm(props: { name: string; kind: RecognitionKind; onSave: (note: string) => Promise<void>; onCancel: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [note, setNote] = useState("");
  const [error, setError] = useState<IpcError | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSave(note).catch((err: unknown) => setError(toIpcError(err)));
  };
  const title = props.kind === "highlight" ? t("recognition.highlight", { name: props.name }) : t("recognition.thank", { name: props.name });
  return (
    <form className="note-form" aria-label={title} onSubmit={submit}>
      <label htmlFor={id}>{t("recognition.note")}</label>
      <textarea id={id} rows={2} value={note} placeholder={t("recognition.notePlaceholder")} onChange={(e) => setNote(e.target.value)} />
      <FormError error={error} />
      <div className="actions">
        <button type="submit" className="primary">
          {t("recognition.save")}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t("requests.cancel")}
        </button>
      </div>
    </form>
  );
}
