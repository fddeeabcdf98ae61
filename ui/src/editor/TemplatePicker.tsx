// Start from a template (型) or add a hashtag set, in the UI's language.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { listHashtagSets, listTemplates, type HashtagSet, type Template } from "../bindings";

export function TemplatePicker(props: { onTemplate: (body: string) => void; onTags: (tags: string[]) => void }) {
  const { t, i18n } = useTranslation();
  const [templates, setTemplates] = useState<Template[]>([]);
  const [sets, setSets] = useState<HashtagSet[]>([]);
  useEffect(() => {
    void listTemplates().then(setTemplates).catch(() => setTemplates([]));
    void listHashtagSets().then(setSets).catch(() => setSets([]));
  }, []);
  const lang = i18n.language === "en" ? "en" : "ja";
  return (
    <div className="template-picker">
      <select
        aria-label={t("editor.useTemplate")}
        value=""
        onChange={(e) => {
          const tpl = templates.find((x) => x.id === e.target.value);
          if (tpl) props.onTemplate(tpl.body);
        }}
      >
        <option value="">{t("editor.useTemplate")}</option>
        {templates
          .filter((x) => x.language === lang)
          .map((x) => (
            <option key={x.id} value={x.id}>
              {t(`purpose.${x.purpose}`)} — {x.name}
            </option>
          ))}
      </select>
      <select
        aria-label={t("editor.addHashtags")}
        value=""
        onChange={(e) => {
          const set = sets.find((x) => x.id === e.target.value);
          if (set) props.onTags(set.tags);
        }}
      >
        <option value="">{t("editor.addHashtags")}</option>
        {sets
          .filter((x) => x.language === lang)
          .map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}: {x.tags.join(" ")}
            </option>
          ))}
      </select>
    </div>
  );
}
