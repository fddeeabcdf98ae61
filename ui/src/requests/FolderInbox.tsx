// Photos the watched folder brought in, waiting for the lead to say who sent them: the person
// guessed from the file name is chosen already, so most take two clicks (a request, assign).
// The consent check runs on assigning, as it does for a phone.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError, touches } from "../api";
import {
  assignFolderFile,
  dismissFolderFile,
  folderFiles,
  mediaThumbnail,
  type Appearance,
  type FolderFile,
  type IpcError,
  type PersonSummary,
  type RequestSummary,
} from "../bindings";
import { FormError } from "../components/FormError";
import { useReload } from "../useReload";

export const APPEARANCES: Appearance[] = ["face", "hands", "back", "absent"];

export function FolderInbox(props: { people: PersonSummary[]; requests: RequestSummary[]; timeZone: string; onAssigned: () => void }) {
  const { t } = useTranslation();
  const [files, setFiles] = useState<FolderFile[]>([]);
  const [error, setError] = useState<IpcError | null>(null);
  const load = useCallback(() => {
    folderFiles()
      .then(setFiles)
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  useReload(load, (c) => touches(c, "requests"));
  if (files.length === 0 && !error) return null;
  return (
    <section className="folder-inbox" aria-labelledby="folder-inbox-title">
      <h3 id="folder-inbox-title">{t("intake.unassigned")}</h3>
      <p className="muted small">{t("intake.unassignedHelp")}</p>
      <FormError error={error} />
      <ul aria-label={t("intake.unassigned")}>
        {files.map((f) => (
          <FolderCard key={f.id} file={f} people={props.people} requests={props.requests} timeZone={props.timeZone} onDone={props.onAssigned} />
        ))}
      </ul>
    </section>
  );
}

function FolderCard(props: { file: FolderFile; people: PersonSummary[]; requests: RequestSummary[]; timeZone: string; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const f = props.file;
  const [thumb, setThumb] = useState<string | null>(null);
  const [person, setPerson] = useState(f.guess_person ?? "");
  const [request, setRequest] = useState("");
  const [appearance, setAppearance] = useState<Appearance>("absent");
  const [error, setError] = useState<IpcError | null>(null);
  useEffect(() => {
    if (!f.media) return;
    mediaThumbnail(f.media)
      .then(setThumb)
      .catch((e: unknown) => setError(toIpcError(e)));
  }, [f.media]);
  // The person's requests.
  const theirs = props.requests.filter((r) => r.assignees.some((a) => a.person === person));
  // The request whose due date comes first on or after the photo's day (else the latest one).
  useEffect(() => {
    const day = (f.modified_at ?? "").slice(0, 10);
    const dated = theirs.filter((r) => r.due_on).sort((a, b) => (a.due_on ?? "").localeCompare(b.due_on ?? ""));
    const next = dated.find((r) => (r.due_on ?? "") >= day) ?? dated[dated.length - 1] ?? (theirs.length === 1 ? theirs[0] : undefined);
    setRequest(next?.id ?? "");
    // Only when the person changes.
  }, [person]);
  let when = "";
  if (f.modified_at) {
    try {
      when = new Date(f.modified_at).toLocaleString(i18n.language, { dateStyle: "medium", timeStyle: "short", timeZone: props.timeZone });
    } catch {
      when = f.modified_at;
    }
  }
  const run = (p: Promise<unknown>) => {
    setError(null);
    p.then(props.onDone).catch((e: unknown) => setError(toIpcError(e)));
  };
  return (
    <li className="material-card folder-card" aria-label={f.file_name}>
      {thumb && <img src={thumb} alt={f.file_name} />}
      <div className="material-body">
        <div className="request-head">
          <strong className="file-name">{f.file_name}</strong>
          <span className="muted small">{when}</span>
        </div>
        {f.problem ? (
          <p className="field-error small">{t(`intake.problem.${f.problem}`, { defaultValue: t("intake.problem.unreadable") })}</p>
        ) : (
          <div className="inline-form">
            <label>
              {t("intake.from")}
              <select value={person} onChange={(e) => setPerson(e.target.value)}>
                <option value="">{t("material.choose")}</option>
                {props.people
                  .filter((p) => p.active)
                  .map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
              </select>
            </label>
            <label>
              {t("intake.request")}
              <select value={request} onChange={(e) => setRequest(e.target.value)}>
                <option value="">{t("intake.noRequest")}</option>
                {theirs.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.title}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("intake.appearance")}
              <select value={appearance} onChange={(e) => setAppearance(e.target.value as Appearance)}>
                {APPEARANCES.map((a) => (
                  <option key={a} value={a}>
                    {t(`intake.appearances.${a}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
        )}
        <FormError error={error} />
        <div className="actions">
          {!f.problem && (
            <button
              type="button"
              className="primary"
              disabled={!person}
              aria-label={t("intake.assignFor", { file: f.file_name })}
              onClick={() => run(assignFolderFile(f.id, person, request || null, appearance))}
            >
              {t("intake.assign")}
            </button>
          )}
          <button type="button" aria-label={t("intake.dismissFor", { file: f.file_name })} onClick={() => run(dismissFolderFile(f.id))}>
            {t("intake.dismiss")}
          </button>
        </div>
      </div>
    </li>
  );
}
