// Recording material someone sent: who, which request it answers (if any), a comment, a photo.
// The photo's location data is stripped when it is kept, as for any image.
import { FileButton } from "../components/FileButton";
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import { sendMaterial, type IpcError, type PersonSummary, type RequestSummary } from "../bindings";
import { FormError } from "../components/FormError";
import { toBase64 } from "../files";

export type MaterialPreset = { person: string | null; request: string | null };

export function MaterialForm(props: {
  people: PersonSummary[];
  requests: RequestSummary[];
  preset: MaterialPreset;
  onSent: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const ids = { person: useId(), request: useId(), comment: useId() };
  const [person, setPerson] = useState(props.preset.person ?? "");
  const [request, setRequest] = useState(props.preset.request ?? "");
  const [comment, setComment] = useState("");
  const [photo, setPhoto] = useState<File | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [missingPerson, setMissingPerson] = useState(false);
  const [busy, setBusy] = useState(false);

  // Only requests this person was sent can be answered by them.
  const theirs = props.requests.filter((r) => r.assignees.some((a) => a.person === person));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!person) {
      setMissingPerson(true);
      return;
    }
    setBusy(true);
    try {
      const data = photo ? await toBase64(photo) : null;
      await sendMaterial(person, request || null, comment, photo?.name ?? null, data);
      setError(null);
      props.onSent();
    } catch (err) {
      setError(toIpcError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="material-form panel-card" aria-label={t("material.record")} onSubmit={(e) => void submit(e)}>
      <h2>{t("material.record")}</h2>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.person}>{t("material.from")}</label>
          <select
            id={ids.person}
            value={person}
            onChange={(e) => {
              setPerson(e.target.value);
              setRequest("");
            }}
          >
            <option value="">{t("material.choose")}</option>
            {props.people
              .filter((p) => p.active)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}（{p.department ?? t("roster.noDepartment")}）
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.request}>{t("material.forRequest")}</label>
          <select id={ids.request} value={request} onChange={(e) => setRequest(e.target.value)}>
            <option value="">{t("material.noRequest")}</option>
            {theirs.map((r) => (
              <option key={r.id} value={r.id}>
                {r.title}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor={ids.comment}>{t("material.comment")}</label>
        <textarea id={ids.comment} rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      <div className="field">
        <span className="field-label">{t("material.photo")}</span>
        <FileButton label={t("material.choosePhoto")} accept="image/jpeg,image/png" onFile={setPhoto} keepName />
      </div>
      {missingPerson && !person && (
        <p className="form-error" role="alert">
          {t("material.choosePerson")}
        </p>
      )}
      <FormError error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t("material.save")}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t("requests.cancel")}
        </button>
      </div>
    </form>
  );
}
