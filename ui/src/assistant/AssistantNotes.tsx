// What the assistant wrote about a post, for the reviewer (and the editor): each request and
// answer as the history keeps them, with personal data, names and confidential words shown as
// placeholders, and where the model ran.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { assistantNotes, type AssistantNote } from "../bindings";

export function AssistantNotes(props: { postId: string }) {
  const { t, i18n } = useTranslation();
  const [notes, setNotes] = useState<AssistantNote[]>([]);
  useEffect(() => {
    assistantNotes(props.postId)
      .then(setNotes)
      .catch(() => setNotes([]));
  }, [props.postId]);
  if (notes.length === 0) return null;
  const when = (at: string) => new Date(at).toLocaleString(i18n.language, { dateStyle: "medium", timeStyle: "short" });
  return (
    <section className="assistant-notes" aria-label={t("assistant.written")}>
      <h3>{t("assistant.written")}</h3>
      <ul>
        {notes.map((n, i) => (
          <li key={i}>
            <p className="small">
              <strong>{t(`assistant.tasks.${n.task}`, { defaultValue: n.task })}</strong>
              <span className="muted"> · {t(`assistant.places.${n.place}`, { defaultValue: n.place })} · {n.model} · {when(n.created_at)}</span>
            </p>
            <details>
              <summary>{t("assistant.asked")}</summary>
              <p className="review-text small">{n.request}</p>
            </details>
            <p className="review-text small">
              <span className="muted">{t("assistant.answered")}: </span>
              {n.answer}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
