// Hashtag sets: named groups of tags the editor adds in one step.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import { deleteHashtagSet, saveHashtagSet, type HashtagSet, type IpcError } from "../bindings";
import { FormError } from "./FormError";

export function HashtagSets(props: { sets: HashtagSet[]; language: "ja" | "en"; onChanged: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [tags, setTags] = useState("");
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  const save = async () => {
    try {
      await saveHashtagSet(editing, name, tags, props.language);
      setName("");
      setTags("");
      setEditing(null);
      setError(null);
      props.onChanged();
    } catch (e) {
      setError(toIpcError(e));
    }
  };

  return (
    <div className="template-group hashtag-sets">
      <h2>{t("templates.hashtagSets")}</h2>
      <ul>
        {props.sets.map((s) => (
          <li key={s.id} className="hashtag-set">
            <button
              type="button"
              aria-pressed={editing === s.id}
              onClick={() => {
                setEditing(s.id);
                setName(s.name);
                setTags(s.tags.join(" "));
              }}
            >
              {s.name}: <span className="muted">{s.tags.join(" ")}</span>
            </button>
            <button
              type="button"
              className="link"
              aria-label={t("templates.deleteSet", { name: s.name })}
              onClick={() =>
                void deleteHashtagSet(s.id)
                  .then(props.onChanged)
                  .catch((e: unknown) => setError(toIpcError(e)))
              }
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <div className="hashtag-form">
        <input aria-label={t("templates.setName")} placeholder={t("templates.setName")} value={name} onChange={(e) => setName(e.target.value)} />
        <input aria-label={t("templates.setTags")} placeholder="#ものづくり #工場" value={tags} onChange={(e) => setTags(e.target.value)} />
        <button type="button" onClick={() => void save()}>
          {editing ? t("templates.save") : t("templates.addSet")}
        </button>
      </div>
      <FormError error={error} />
    </div>
  );
}
