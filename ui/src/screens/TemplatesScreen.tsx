// Templates by purpose (型): the team's starting points, editable here.
import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import { HashtagSets } from "../components/HashtagSets";
import { deleteTemplate, listHashtagSets, listTemplates, saveTemplate, type HashtagSet, type IpcError, type Template, type TemplateInput } from "../bindings";
import { FormError } from "../components/FormError";

const PURPOSES = ["recruiting", "product", "site", "president", "event", "safety"] as const;

export function TemplatesScreen() {
  const { t, i18n } = useTranslation();
  const ids = { name: useId(), purpose: useId(), language: useId(), body: useId() };
  const [templates, setTemplates] = useState<Template[]>([]);
  const [sets, setSets] = useState<HashtagSet[]>([]);
  const [chosen, setChosen] = useState<string | null>(null);
  const blank = (): TemplateInput => ({ purpose: "site", name: "", body: "", language: i18n.language === "en" ? "en" : "ja" });
  const [form, setForm] = useState<TemplateInput>(blank);
  const [error, setError] = useState<IpcError | null>(null);
  const [saved, setSaved] = useState(false);

  const reload = useCallback(async () => {
    setTemplates(await listTemplates());
    setSets(await listHashtagSets());
  }, []);
  useEffect(() => {
    reload().catch((e: unknown) => setError(toIpcError(e)));
  }, [reload]);

  const pick = (tpl: Template) => {
    setChosen(tpl.id);
    setForm({ purpose: tpl.purpose, name: tpl.name, body: tpl.body, language: tpl.language });
    setSaved(false);
    setError(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const tpl = await saveTemplate(chosen, form);
      setChosen(tpl.id);
      setSaved(true);
      setError(null);
      await reload();
    } catch (err) {
      setError(toIpcError(err));
    }
  };

  const remove = async () => {
    if (!chosen) return;
    try {
      await deleteTemplate(chosen);
      setChosen(null);
      setForm(blank());
      await reload();
    } catch (err) {
      setError(toIpcError(err));
    }
  };

  const lang = i18n.language === "en" ? "en" : "ja";
  return (
    <section className="templates-screen" aria-labelledby="templates-title">
      <header className="screen-header title-row">
        <h1 id="templates-title">{t("templates.title")}</h1>
        <button
          type="button"
          onClick={() => {
            setChosen(null);
            setForm(blank());
            setSaved(false);
          }}
        >
          {t("templates.new")}
        </button>
      </header>
      <div className="templates-grid">
        <nav aria-label={t("templates.title")}>
          {PURPOSES.map((p) => (
            <div key={p} className="template-group">
              <h2>{t(`purpose.${p}`)}</h2>
              <ul>
                {templates
                  .filter((x) => x.purpose === p && x.language === lang)
                  .map((x) => (
                    <li key={x.id}>
                      <button type="button" aria-pressed={chosen === x.id} onClick={() => pick(x)}>
                        {x.name}
                      </button>
                    </li>
                  ))}
              </ul>
            </div>
          ))}
          <HashtagSets sets={sets.filter((x) => x.language === lang)} language={lang} onChanged={() => void reload()} />
        </nav>
        <form className="settings-form" onSubmit={(e) => void submit(e)} aria-label={t("templates.title")}>
          <div className="field">
            <label htmlFor={ids.name}>{t("templates.name")}</label>
            <input id={ids.name} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor={ids.purpose}>{t("templates.purpose")}</label>
              <select id={ids.purpose} value={form.purpose} onChange={(e) => setForm({ ...form, purpose: e.target.value })}>
                {PURPOSES.map((p) => (
                  <option key={p} value={p}>
                    {t(`purpose.${p}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={ids.language}>{t("templates.language")}</label>
              <select id={ids.language} value={form.language} onChange={(e) => setForm({ ...form, language: e.target.value })}>
                <option value="ja">日本語</option>
                <option value="en">English</option>
              </select>
            </div>
          </div>
          <div className="field">
            <label htmlFor={ids.body}>{t("templates.body")}</label>
            <textarea id={ids.body} rows={10} value={form.body} onChange={(e) => setForm({ ...form, body: e.target.value })} />
            <p className="help">{t("templates.help")}</p>
          </div>
          <FormError error={error} />
          <div className="actions">
            <button type="submit" className="primary">
              {t("templates.save")}
            </button>
            {chosen && (
              <button type="button" onClick={() => void remove()}>
                {t("templates.delete")}
              </button>
            )}
            <span role="status" className="save-state">
              {saved ? t("templates.saved") : ""}
            </span>
          </div>
        </form>
      </div>
    </section>
  );
}
