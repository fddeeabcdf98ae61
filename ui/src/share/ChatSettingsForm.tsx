// Where the month's highlights are shared: a Teams or Slack incoming webhook, or a Chatwork
// room with its API token. The address and the token go to this computer's keychain only and
// are never shown again; the screen shows which chat and where (the host, or the room).
import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import { chatSettings, setChat, type ChatInput, type ChatKind, type ChatSettings, type IpcError } from "../bindings";
import { FormError } from "../components/FormError";
import { Notice } from "../components/Notice";

const EMPTY: ChatInput = { kind: "teams", address: "", room: "", token: "", server: "" };

export function ChatSettingsForm() {
  const { t } = useTranslation();
  const ids = { kind: useId(), address: useId(), room: useId(), token: useId(), server: useId() };
  const [saved, setSaved] = useState<ChatSettings | null>(null);
  const [form, setForm] = useState<ChatInput>(EMPTY);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const load = useCallback(() => {
    chatSettings()
      .then((s) => {
        setSaved(s);
        if (s) setForm((f) => ({ ...f, kind: s.kind }));
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  useEffect(load, [load]);
  const field = (k: keyof ChatInput) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  const save = (input: ChatInput | null) => {
    setError(null);
    setNotice(null);
    setChat(input)
      .then((s) => {
        setSaved(s);
        setForm({ ...EMPTY, kind: s?.kind ?? form.kind });
        setNotice(s ? t("share.chat.saved") : t("share.chat.removed"));
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save(form);
  };

  return (
    <form className="panel-card" aria-label={t("share.chat.settingsTitle")} onSubmit={submit}>
      <h2>{t("share.chat.settingsTitle")}</h2>
      <p className="muted small">{t("share.chat.settingsHelp")}</p>
      <p className="small" role="status">
        {saved ? t("share.chat.current", { kind: t(`share.chat.kinds.${saved.kind}`), place: saved.place }) : t("share.chat.none")}
      </p>
      <Notice text={notice} />
      <FormError error={error} />
      <div className="field">
        <label htmlFor={ids.kind}>{t("share.chat.kind")}</label>
        <select id={ids.kind} value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as ChatKind })}>
          {(["teams", "slack", "chatwork"] as const).map((k) => (
            <option key={k} value={k}>
              {t(`share.chat.kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      {form.kind === "chatwork" ? (
        <>
          <div className="field-row">
            <div className="field">
              <label htmlFor={ids.room}>{t("share.chat.room")}</label>
              <input id={ids.room} value={form.room} inputMode="numeric" autoComplete="off" onChange={field("room")} />
            </div>
            <div className="field">
              <label htmlFor={ids.token}>{t("share.chat.token")}</label>
              <input id={ids.token} type="password" value={form.token} autoComplete="off" onChange={field("token")} />
            </div>
          </div>
          <p className="muted small">{t("share.chat.addressHint.chatwork")}</p>
          <details>
            <summary>{t("share.chat.details")}</summary>
            <div className="field">
              <label htmlFor={ids.server}>{t("share.chat.server")}</label>
              <input id={ids.server} value={form.server} autoComplete="off" placeholder="https://api.chatwork.com" onChange={field("server")} />
            </div>
          </details>
        </>
      ) : (
        <div className="field">
          <label htmlFor={ids.address}>{t("share.chat.address")}</label>
          <input id={ids.address} type="password" value={form.address} autoComplete="off" onChange={field("address")} />
          <p className="muted small">{t(`share.chat.addressHint.${form.kind}`)}</p>
        </div>
      )}
      <p className="muted small">{t("share.chat.keychain")}</p>
      <div className="actions">
        <button type="submit" className="primary">
          {t("share.chat.save")}
        </button>
        {saved && (
          <button type="button" onClick={() => save(null)}>
            {t("share.chat.remove")}
          </button>
        )}
      </div>
    </form>
  );
}
