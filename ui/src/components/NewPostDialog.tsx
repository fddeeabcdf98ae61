// Create a post on a day: title, time and platforms; the editor opens on it next.
import { TimeField } from "./DateFields";
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { FormError } from "./FormError";
import { toIpcError } from "../api";
import { createPostAt, PLATFORMS, type IpcError, type Platform } from "../bindings";

export function NewPostDialog(props: {
  at: { date: string; time: string; title?: string; platform?: Platform };
  onCancel: () => void;
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const ids = { title: useId(), time: useId() };
  const [title, setTitle] = useState(props.at.title ?? "");
  const [time, setTime] = useState(props.at.time);
  const [platforms, setPlatforms] = useState<Platform[]>(props.at.platform ? [props.at.platform] : ["x", "instagram"]);
  const [error, setError] = useState<IpcError | null>(null);
  const [hint, setHint] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (platforms.length === 0) {
      setHint(t("calendar.choosePlatform"));
      return;
    }
    try {
      const post = await createPostAt(title, `${props.at.date}T${time}`, platforms);
      props.onCreated(post.id);
    } catch (err) {
      setError(toIpcError(err));
    }
  };

  return (
    <div className="modal-backdrop">
      <form
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-label={t("calendar.newPostOn", { date: props.at.date })}
        onSubmit={(e) => void submit(e)}
        onKeyDown={(e) => e.key === "Escape" && props.onCancel()}
      >
        <h2>{t("calendar.newPostOn", { date: props.at.date })}</h2>
        <div className="field">
          <label htmlFor={ids.title}>{t("calendar.postTitle")}</label>
          <input id={ids.title} value={title} autoFocus maxLength={200} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className="field">
          <span className="field-label">{t("calendar.time")}</span>
          <TimeField label={t("calendar.time")} value={time} onChange={setTime} />
        </div>
        <fieldset className="platform-picker">
          <legend>{t("calendar.platforms")}</legend>
          {PLATFORMS.map((p) => (
            <label key={p} className="chip-check">
              <input
                type="checkbox"
                aria-label={t(`platform.${p}`)}
                checked={platforms.includes(p)}
                onChange={() => setPlatforms((ps) => (ps.includes(p) ? ps.filter((x) => x !== p) : [...ps, p]))}
              />
              {t(`platform.${p}`)}
            </label>
          ))}
        </fieldset>
        {hint && !error && (
          <div className="form-error" role="alert">
            {hint}
          </div>
        )}
        <FormError error={error} />
        <div className="actions">
          <button type="submit" className="primary">
            {t("calendar.create")}
          </button>
          <button type="button" onClick={props.onCancel}>
            {t("calendar.cancel")}
          </button>
        </div>
      </form>
    </div>
  );
}
