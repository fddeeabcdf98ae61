// The writing assistant on this computer: an OpenAI-compatible endpoint (Ollama, llama.cpp's
// server, LM Studio on this computer or the office network), its model, and a key only when
// the endpoint needs one (kept in the keychain, never shown again). The screen says where the
// endpoint is and what leaves this machine. The lead alone allows a cloud endpoint.
import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import { assistantSettings, setAssistant, updateSettings, type AssistantInput, type AssistantSettings, type IpcError, type Settings } from "../bindings";
import { FormError } from "../components/FormError";
import { Notice } from "../components/Notice";

const EMPTY: AssistantInput = { endpoint: "http://127.0.0.1:11434/v1", model: "", vision_model: "", key: "" };

export function AssistantSettingsForm(props: { settings: Settings; isLead: boolean; onSettings: (s: Settings) => void }) {
  const { t } = useTranslation();
  const ids = { endpoint: useId(), model: useId(), vision: useId(), key: useId() };
  const [saved, setSaved] = useState<AssistantSettings | null>(null);
  const [form, setForm] = useState<AssistantInput>(EMPTY);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const load = useCallback(() => {
    assistantSettings()
      .then((s) => {
        setSaved(s);
        if (s) setForm({ endpoint: s.endpoint, model: s.model, vision_model: s.vision_model, key: "" });
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  useEffect(load, [load]);
  const field = (k: keyof AssistantInput) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const save = (input: AssistantInput | null) => {
    setError(null);
    setNotice(null);
    setAssistant(input)
      .then((s) => {
        setSaved(s);
        setForm(s ? { ...form, key: "" } : EMPTY);
        setNotice(s ? t("assistant.saved") : t("assistant.turnedOff"));
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save(form);
  };
  const allowCloud = (on: boolean) =>
    void updateSettings({ assistant_cloud: on })
      .then(props.onSettings)
      .catch((e: unknown) => setError(toIpcError(e)));

  return (
    <form className="panel-card" aria-label={t("assistant.title")} onSubmit={submit}>
      <h2>{t("assistant.title")}</h2>
      <p className="muted small">{t("assistant.help")}</p>
      <p className="small" role="status">
        {saved ? t(`assistant.where.${saved.place}`, { model: saved.model, endpoint: saved.endpoint }) : t("assistant.off")}
      </p>
      <Notice text={notice} />
      <FormError error={error} />
      <div className="field">
        <label htmlFor={ids.endpoint}>{t("assistant.endpoint")}</label>
        <input id={ids.endpoint} value={form.endpoint} autoComplete="off" onChange={field("endpoint")} />
        <p className="muted small">{t("assistant.endpointHint")}</p>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.model}>{t("assistant.model")}</label>
          <input id={ids.model} value={form.model} autoComplete="off" onChange={field("model")} />
        </div>
        <div className="field">
          <label htmlFor={ids.vision}>{t("assistant.visionModel")}</label>
          <input id={ids.vision} value={form.vision_model} autoComplete="off" onChange={field("vision_model")} />
        </div>
      </div>
      <div className="field">
        <label htmlFor={ids.key}>{t("assistant.key")}</label>
        <input id={ids.key} type="password" value={form.key} autoComplete="off" placeholder={saved?.has_key ? t("assistant.keyKept") : ""} onChange={field("key")} />
      </div>
      <label className="chip-check">
        <input type="checkbox" checked={props.settings.assistant_cloud} disabled={!props.isLead} onChange={(e) => allowCloud(e.target.checked)} />
        {t("assistant.allowCloud")}
      </label>
      <p className="muted small">{props.isLead ? t("assistant.cloudHelp") : t("assistant.cloudLeadOnly")}</p>
      <div className="actions">
        <button type="submit" className="primary">
          {t("assistant.save")}
        </button>
        {saved && (
          <button type="button" onClick={() => save(null)}>
            {t("assistant.turnOff")}
          </button>
        )}
      </div>
    </form>
  );
}
