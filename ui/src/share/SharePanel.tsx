// Carrying the work to people who never open the app: a department manager's weekly digest
// (one A4 page) and the briefing kit for the first meeting with employees, written to
// Downloads like the monthly report; and the month's highlights for the company chat,
// previewed exactly as they will be sent.
import { useCallback, useEffect, useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import { chatPreview, chatSettings, exportDigest, exportKit, kitCode, listDepartments, sendToChat, type ChatMessage, type ChatSettings, type Department, type IpcError } from "../bindings";
import { MonthField } from "../components/DateFields";
import { FormError } from "../components/FormError";
import { Notice } from "../components/Notice";
import { monthOf } from "../dashboard/shape";
import { track } from "../operations";
import { recentWeeks, weekLabel } from "./weeks";

interface Props {
  onSaved: (text: string) => void;
  onError: (e: IpcError) => void;
}

export function DigestCard({ onSaved, onError }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [departments, setDepartments] = useState<Department[] | null>(null);
  const [department, setDepartment] = useState("");
  const weeks = useMemo(() => recentWeeks(new Date(), 8), []);
  const [week, setWeek] = useState(weeks[0]?.week ?? "");
  useEffect(() => {
    listDepartments()
      .then((d) => {
        setDepartments(d);
        setDepartment((cur) => cur || d[0]?.name || "");
      })
      .catch((e: unknown) => onError(toIpcError(e)));
  }, [onError]);
  const language = i18n.language.startsWith("ja") ? "ja" : "en";
  const save = (format: "pdf" | "html") =>
    void track(t("share.digest.working"), () => exportDigest(department, week, format, language))
      .then((path) => onSaved(t("share.digest.exported", { path })))
      .catch((e: unknown) => onError(toIpcError(e)));

  return (
    <div className="share-item" role="group" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t("share.digest.title")}</h3>
      <p className="muted small">{t("share.digest.hint")}</p>
      {departments !== null && departments.length === 0 ? (
        <p className="muted small">{t("share.digest.noDepartments")}</p>
      ) : (
        <div className="share-row">
          <label>
            <span className="field-label">{t("share.digest.department")}</span>
            <select value={department} onChange={(e) => setDepartment(e.target.value)} aria-label={t("share.digest.department")}>
              {(departments ?? []).map((d) => (
                <option key={d.id} value={d.name}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="field-label">{t("share.digest.week")}</span>
            <select value={week} onChange={(e) => setWeek(e.target.value)} aria-label={t("share.digest.week")}>
              {weeks.map((w) => (
                <option key={w.week} value={w.week}>
                  {weekLabel(w, i18n.language)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="primary" disabled={!department} onClick={() => save("pdf")}>
            {t("share.digest.pdf")}
          </button>
          <button type="button" disabled={!department} onClick={() => save("html")}>
            {t("share.digest.html")}
          </button>
        </div>
      )}
    </div>
  );
}

export function KitCard({ onSaved, onError }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [request, setRequest] = useState<string | null>(null);
  useEffect(() => {
    kitCode()
      .then(setRequest)
      .catch((e: unknown) => onError(toIpcError(e)));
  }, [onError]);
  const language = i18n.language.startsWith("ja") ? "ja" : "en";
  const save = (format: "handout" | "slides") =>
    void track(t("share.kit.working"), () => exportKit(format, language))
      .then((path) => onSaved(t("share.kit.exported", { path })))
      .catch((e: unknown) => onError(toIpcError(e)));
  return (
    <div className="share-item" role="group" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t("share.kit.title")}</h3>
      <p className="muted small">{t("share.kit.hint")}</p>
      <p className="small">{request ? t("share.kit.withCode", { request }) : t("share.kit.withoutCode")}</p>
      <div className="share-row">
        <button type="button" className="primary" onClick={() => save("handout")}>
          {t("share.kit.handout")}
        </button>
        <button type="button" onClick={() => save("slides")}>
          {t("share.kit.slides")}
        </button>
      </div>
    </div>
  );
}

export function ChatCard({ onSaved, onError }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [month, setMonth] = useState(monthOf(new Date()));
  const [chat, setChat] = useState<ChatSettings | null>(null);
  const [preview, setPreview] = useState<ChatMessage | null>(null);
  const [sending, setSending] = useState(false);
  useEffect(() => {
    chatSettings()
      .then(setChat)
      .catch((e: unknown) => onError(toIpcError(e)));
  }, [onError]);
  const language = i18n.language.startsWith("ja") ? "ja" : "en";
  const show = () =>
    chatPreview(month, language)
      .then(setPreview)
      .catch((e: unknown) => {
        setPreview(null);
        onError(toIpcError(e));
      });
  const send = () => {
    setSending(true);
    sendToChat(month, language)
      .then((kind) => {
        setPreview(null);
        onSaved(t("share.chat.sent", { kind: t(`share.chat.kinds.${kind}`) }));
      })
      .catch((e: unknown) => onError(toIpcError(e)))
      .finally(() => setSending(false));
  };
  return (
    <div className="share-item" role="group" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t("share.chat.title")}</h3>
      <p className="muted small">{t("share.chat.hint")}</p>
      <p className="small">{chat ? t("share.chat.current", { kind: t(`share.chat.kinds.${chat.kind}`), place: chat.place }) : t("share.chat.noneHere")}</p>
      <div className="share-row">
        <span className="share-field">
          <span className="field-label">{t("share.chat.month")}</span>
          <MonthField
            label={t("share.chat.month")}
            value={month}
            onChange={(m) => {
              setMonth(m);
              setPreview(null);
            }}
          />
        </span>
        <button type="button" onClick={show}>
          {t("share.chat.preview")}
        </button>
      </div>
      {preview && (
        <div className="chat-preview" role="region" aria-label={t("share.chat.previewTitle")}>
          <p className="chat-title">{preview.title}</p>
          {preview.sections.map((s) => (
            <div key={s.heading}>
              <p className="chat-heading">{s.heading}</p>
              <ul>
                {s.lines.map((l, i) => (
                  <li key={i}>{l}</li>
                ))}
              </ul>
            </div>
          ))}
          <div className="share-row">
            <button type="button" className="primary" disabled={!chat || sending} onClick={send}>
              {chat ? t("share.chat.send", { kind: t(`share.chat.kinds.${chat.kind}`) }) : t("share.chat.sendNone")}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

/** The panel keeps its own notice and error beside what was done: it sits at the foot of a
 *  long dashboard, where the screen's own notice is out of sight. */
export function SharePanel() {
  const { t } = useTranslation();
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const onSaved = useCallback((text: string) => {
    setError(null);
    setNotice(text);
  }, []);
  const onError = useCallback((e: IpcError) => {
    setNotice(null);
    setError(e);
  }, []);
  const props = { onSaved, onError };
  return (
    <section className="panel-card share-panel" aria-label={t("share.title")}>
      <h2>{t("share.title")}</h2>
      <p className="muted small">{t("share.intro")}</p>
      <Notice text={notice} />
      <FormError error={error} />
      <DigestCard {...props} />
      <KitCard {...props} />
      <ChatCard {...props} />
    </section>
  );
}
