// The material inbox: what people sent, newest first, each turned into a draft with one action
// (the draft keeps the link to who gave it), or drafted by the writing assistant when one is
// set on this computer (its answer streams in, and can be stopped).
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import { assistantDraft, assistantSettings, materialToDraft, mediaThumbnail, type AssistantSettings, type IpcError, type Material, type PersonSummary, type RequestSummary } from "../bindings";
import { FormError } from "../components/FormError";
import { AssistantOffNote, AssistantPanel } from "../assistant/AssistantPanel";
import { useAssistantRun } from "../assistant/stream";

export function MaterialInbox(props: {
  materials: Material[];
  people: PersonSummary[];
  requests: RequestSummary[];
  timeZone: string;
  onOpenDraft: (post: string) => void;
}) {
  const { t } = useTranslation();
  const [assistant, setAssistant] = useState<AssistantSettings | null | undefined>(undefined);
  useEffect(() => {
    assistantSettings()
      .then(setAssistant)
      .catch(() => setAssistant(null));
  }, []);
  if (props.materials.length === 0) return <p className="muted">{t("material.empty")}</p>;
  return (
    <ul className="material-inbox" aria-label={t("material.inbox")}>
      {props.materials.map((m) => (
        <MaterialCard
          key={m.id}
          material={m}
          giver={props.people.find((p) => p.id === m.person)}
          request={props.requests.find((r) => r.id === m.request)}
          timeZone={props.timeZone}
          onOpenDraft={props.onOpenDraft}
          assistant={assistant ?? null}
        />
      ))}
    </ul>
  );
}

function MaterialCard(props: {
  material: Material;
  giver?: PersonSummary;
  request?: RequestSummary;
  timeZone: string;
  onOpenDraft: (post: string) => void;
  assistant: AssistantSettings | null;
}) {
  const { t, i18n } = useTranslation();
  const writing = useAssistantRun();
  const [offNote, setOffNote] = useState(false);
  const m = props.material;
  const [thumbs, setThumbs] = useState<string[]>([]);
  const [error, setError] = useState<IpcError | null>(null);
  const name = props.giver?.name ?? "?";
  const photoKey = m.photos.join(",");
  useEffect(() => {
    if (m.photos.length === 0) return;
    Promise.all(m.photos.map((id) => mediaThumbnail(id)))
      .then(setThumbs)
      .catch((e: unknown) => setError(toIpcError(e)));
    // The photos of a material never change; their ids stand for them.
  }, [photoKey]);
  // In the workspace's zone, like every other time in the app.
  let when: string;
  try {
    when = new Date(m.created_at).toLocaleString(i18n.language, { dateStyle: "medium", timeStyle: "short", timeZone: props.timeZone });
  } catch {
    when = m.created_at;
  }

  return (
    <li className="material-card" aria-label={t("material.from_", { name })}>
      {thumbs.length > 0 && (
        <div className="material-photos">
          {thumbs.map((src, i) => (
            <img key={m.photos[i]} src={src} alt={t("material.photoAlt", { name })} />
          ))}
        </div>
      )}
      <div className="material-body">
        <div className="request-head">
          <strong>{name}</strong>
          <span className="muted small">
            {props.giver?.department ?? ""} · {when}
          </span>
        </div>
        <span className="muted small">{props.request ? t("material.answering", { title: props.request.title }) : t("material.unsolicited")}</span>
        <span className="chips">
          {m.origin !== "app" && <span className="chip">{t(`intake.origin.${m.origin}`, { defaultValue: t("intake.origin.app") })}</span>}
          {m.appearance && <span className="chip">{t(`intake.appearances.${m.appearance}`)}</span>}
          {m.photos.length > 1 && <span className="chip">{t("intake.photos", { count: m.photos.length })}</span>}
        </span>
        <p className="material-comment">{m.comment || t("material.noComment")}</p>
        <FormError error={error} />
        <div className="actions">
          {m.post ? (
            <button type="button" onClick={() => m.post && props.onOpenDraft(m.post)}>
              {t("material.openDraft")}
            </button>
          ) : (
            <button
              type="button"
              className="primary"
              aria-label={t("material.toDraftFor", { name })}
              onClick={() =>
                void materialToDraft(m.id)
                  .then(props.onOpenDraft)
                  .catch((e: unknown) => setError(toIpcError(e)))
              }
            >
              {t("material.toDraft")}
            </button>
          )}
          {!m.post && (
            <button
              type="button"
              aria-label={t("assistant.draftFor", { name })}
              disabled={writing.running}
              onClick={() => {
                if (!props.assistant) {
                  setOffNote(true);
                  return;
                }
                setError(null);
                void writing
                  .run(t("assistant.operation"), (op) => assistantDraft(m.id, op))
                  .then(props.onOpenDraft)
                  .catch((e: unknown) => setError(toIpcError(e)));
              }}
            >
              {t("assistant.draft")}
            </button>
          )}
        </div>
        {offNote && !props.assistant && <AssistantOffNote />}
        <AssistantPanel run={writing} />
      </div>
    </li>
  );
}
