// The guideline: term lists, detector severities, link and disclosure rules, the manual
// checklist and the crisis playbook. Edits go into a draft of the next version; publishing
// makes it current and keeps every earlier version (checks and reviews name the one they used).
import { RowErrors } from "../components/RowErrors";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { onChanged, toIpcError, touches } from "../api";
import {
  exportTermsCsv,
  guidelineDraft,
  guidelineVersions,
  publishGuideline,
  readTermsCsv,
  saveGuidelineDraft,
  type GuidelineDraft,
  type GuidelineRules,
  type GuidelineVersion,
  type IpcError,
  type RowError,
  type Severity,
  type TermCategory,
} from "../bindings";
import { FormError } from "../components/FormError";
import { Notice } from "../components/Notice";
import { toBase64 } from "../files";

const SEVERITIES: Severity[] = ["block", "warn", "info"];
const CATEGORIES: TermCategory[] = ["forbidden", "confidential", "caution"];
const DETECTORS = ["pii.phone", "pii.my_number", "pii.card", "pii.email", "pii.postal_address", "pii.address", "disclosure", "link.shortener", "link.domain", "image.alt", "calendar.sensitive_day", "calendar.crisis"];

/** `MM-DD` as a person reads it (3/11); anything else as typed. */
function dayShown(date: string): string {
  const m = /^(\d{2})-(\d{2})$/.exec(date);
  return m ? `${Number(m[1])}/${Number(m[2])}` : date;
}

/** 3/11, 3-11, 03-11 or 3月11日 as `MM-DD`; anything else as typed (saving says what is wrong). */
function dayStored(text: string): string {
  const m = /^\s*(\d{1,2})\s*[/\-月]\s*(\d{1,2})\s*日?\s*$/.exec(text);
  return m?.[1] && m[2] ? `${m[1].padStart(2, "0")}-${m[2].padStart(2, "0")}` : text;
}
const LISTS = ["allowed_domains", "shorteners", "products", "disclosure_markers"] as const;
const SHOWN = 200;

export function GuidelineScreen() {
  const { t } = useTranslation();
  const ids = { title: useId(), playbook: useId(), filter: useId() };
  const [draft, setDraft] = useState<GuidelineDraft | null>(null);
  const [versions, setVersions] = useState<GuidelineVersion[]>([]);
  const [dirty, setDirty] = useState(false);
  const [filter, setFilter] = useState("");
  const [csvErrors, setCsvErrors] = useState<RowError[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  const load = useCallback(() => {
    Promise.all([guidelineDraft(), guidelineVersions()])
      .then(([d, v]) => {
        setDraft(d);
        setVersions(v);
        setDirty(false);
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  // Another window's publish reloads this one, unless it holds unsaved edits.
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  useEffect(() => {
    load();
    const off = onChanged((c) => touches(c, "guideline") && !dirtyRef.current && load());
    return () => void off.then((f) => f());
  }, [load]);

  if (!draft) return <p className="muted">{t("app.loading")}</p>;
  const rules = draft.rules;
  const edit = (next: Partial<GuidelineRules>) => {
    setDraft({ ...draft, rules: { ...rules, ...next } });
    setDirty(true);
    setNotice(null);
  };
  const save = async () => {
    const saved = await saveGuidelineDraft(draft.title, rules);
    setDraft(saved);
    setDirty(false);
    setError(null);
    return saved;
  };
  const run = (f: () => Promise<void>) => void f().catch((e: unknown) => setError(toIpcError(e)));
  const pickCsv = (files: FileList | null) =>
    run(async () => {
      const file = files?.[0];
      if (!file) return;
      const read = await readTermsCsv(await toBase64(file));
      setCsvErrors(read.errors);
      if (read.errors.length === 0) {
        edit({ terms: read.terms });
        setNotice(t("guideline.csvRead", { count: read.terms.length }));
      }
    });

  const shown = rules.terms.map((term, index) => ({ term, index })).filter(({ term }) => filter === "" || term.term.includes(filter) || term.message.includes(filter));

  return (
    <section className="guideline-screen" aria-labelledby="guideline-title">
      <header className="screen-header title-row">
        <h1 id="guideline-title">{t("guideline.title")}</h1>
        <div className="actions">
          <button type="button" disabled={!dirty} onClick={() => run(async () => void (await save(), setNotice(t("guideline.saved"))))}>
            {t("guideline.saveDraft")}
          </button>
          <button
            type="button"
            className="primary"
            disabled={!dirty && !draft.unpublished}
            onClick={() =>
              run(async () => {
                if (dirty) await save();
                const v = await publishGuideline();
                setNotice(t("guideline.published", { version: v.version }));
                load();
              })
            }
          >
            {t("guideline.publish", { version: draft.version })}
          </button>
        </div>
      </header>
      <p className="muted small">
        {draft.unpublished || dirty ? t("guideline.draftOf", { version: draft.version }) : t("guideline.current", { version: draft.based_on ?? draft.version })}
      </p>
      <Notice text={notice} />
      <FormError error={error} />
      <div className="panel-card">
        <div className="field">
          <label htmlFor={ids.title}>{t("guideline.name")}</label>
          <input id={ids.title} value={draft.title} onChange={(e) => (setDraft({ ...draft, title: e.target.value }), setDirty(true))} />
        </div>
      </div>

      <section className="panel-card" aria-label={t("guideline.terms")}>
        <div className="title-row">
          <h2>{t("guideline.terms")}</h2>
          <div className="actions">
            <label className="file-button">
              {t("guideline.importCsv")}
              <input type="file" accept=".csv,text/csv" aria-label={t("guideline.importCsv")} onChange={(e) => pickCsv(e.target.files)} />
            </label>
            <button type="button" onClick={() => run(async () => setNotice(t("roster.exported", { path: await exportTermsCsv() })))}>
              {t("guideline.exportCsv")}
            </button>
          </div>
        </div>
        <p className="muted small">{t("guideline.termsHelp")}</p>
        <RowErrors errors={csvErrors} label={t("guideline.csvErrors")} />
        <input id={ids.filter} type="search" aria-label={t("guideline.filter")} placeholder={t("guideline.filter")} value={filter} onChange={(e) => setFilter(e.target.value)} />
        <table className="terms">
          <thead>
            <tr>
              <th scope="col">{t("guideline.term")}</th>
              <th scope="col">{t("guideline.category")}</th>
              <th scope="col">{t("guideline.severityLabel")}</th>
              <th scope="col">{t("guideline.message")}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, SHOWN).map(({ term, index }) => {
              const set = (patch: Partial<typeof term>) => edit({ terms: rules.terms.map((x, i) => (i === index ? { ...x, ...patch } : x)) });
              return (
                <tr key={index}>
                  <td>
                    <input aria-label={t("guideline.termN", { n: index + 1 })} value={term.term} onChange={(e) => set({ term: e.target.value })} />
                  </td>
                  <td>
                    <select aria-label={t("guideline.categoryN", { n: index + 1 })} value={term.category} onChange={(e) => set({ category: e.target.value as TermCategory })}>
                      {CATEGORIES.map((c) => (
                        <option key={c} value={c}>
                          {t(`guideline.categories.${c}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select aria-label={t("guideline.severityN", { n: index + 1 })} value={term.severity} onChange={(e) => set({ severity: e.target.value as Severity })}>
                      {SEVERITIES.map((s) => (
                        <option key={s} value={s}>
                          {t(`guideline.severity.${s}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input aria-label={t("guideline.messageN", { n: index + 1 })} value={term.message} onChange={(e) => set({ message: e.target.value })} />
                  </td>
                  <td>
                    <button type="button" className="link" aria-label={t("guideline.removeN", { n: index + 1 })} onClick={() => edit({ terms: rules.terms.filter((_, i) => i !== index) })}>
                      ×
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {shown.length > SHOWN && <p className="muted small">{t("guideline.more", { count: shown.length - SHOWN })}</p>}
        <button
          type="button"
          className="link-button"
          onClick={() => {
            edit({ terms: [...rules.terms, { term: "", category: "confidential", severity: "block", message: "" }] });
            setFilter("");
          }}
        >
          {t("guideline.addTerm")}
        </button>
      </section>

      <section className="panel-card" aria-label={t("guideline.detectors")}>
        <h2>{t("guideline.detectors")}</h2>
        <div className="detector-grid">
          {DETECTORS.map((d) => (
            <label key={d}>
              <span>{t(`guideline.rules.${d.replace(".", "_")}`)}</span>
              <select value={rules.detectors[d] ?? "warn"} onChange={(e) => edit({ detectors: { ...rules.detectors, [d]: e.target.value as Severity } })}>
                {SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {t(`guideline.severity.${s}`)}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
        <div className="list-grid">
          {LISTS.map((key) => (
            <label key={key} className="field">
              <span>{t(`guideline.lists.${key}`)}</span>
              <textarea
                rows={4}
                value={rules[key].join("\n")}
                onChange={(e) => edit({ [key]: e.target.value.split("\n").map((x) => x.trim()).filter(Boolean) })}
              />
            </label>
          ))}
        </div>
      </section>

      <section className="panel-card" aria-label={t("guideline.checklist")}>
        <h2>{t("guideline.checklist")}</h2>
        <p className="muted small">{t("guideline.checklistHelp")}</p>
        <ul className="plain checklist-edit">
          {rules.checklist.map((c, index) => (
            <li key={c.id}>
              <input
                aria-label={t("guideline.itemN", { n: index + 1 })}
                value={c.text}
                onChange={(e) => edit({ checklist: rules.checklist.map((x, i) => (i === index ? { ...x, text: e.target.value } : x)) })}
              />
              <button type="button" className="link" aria-label={t("guideline.removeItemN", { n: index + 1 })} onClick={() => edit({ checklist: rules.checklist.filter((_, i) => i !== index) })}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <button
          type="button"
          className="link-button"
          onClick={() => edit({ checklist: [...rules.checklist, { id: `item-${Date.now().toString(36)}`, text: "" }] })}
        >
          {t("guideline.addItem")}
        </button>
      </section>

      <section className="panel-card" aria-label={t("guideline.sensitiveDays")}>
        <h2>{t("guideline.sensitiveDays")}</h2>
        <p className="muted small">{t("guideline.sensitiveDaysHelp")}</p>
        <ul className="plain checklist-edit">
          {rules.sensitive_days.map((d, index) => (
            <li key={index}>
              <input
                className="day"
                aria-label={t("guideline.dayN", { n: index + 1 })}
                value={dayShown(d.date)}
                onChange={(e) => edit({ sensitive_days: rules.sensitive_days.map((x, i) => (i === index ? { ...x, date: dayStored(e.target.value) } : x)) })}
              />
              <input
                aria-label={t("guideline.reasonN", { n: index + 1 })}
                value={d.reason}
                onChange={(e) => edit({ sensitive_days: rules.sensitive_days.map((x, i) => (i === index ? { ...x, reason: e.target.value } : x)) })}
              />
              <button type="button" className="link" aria-label={t("guideline.removeDayN", { n: index + 1 })} onClick={() => edit({ sensitive_days: rules.sensitive_days.filter((_, i) => i !== index) })}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <button type="button" className="link-button" onClick={() => edit({ sensitive_days: [...rules.sensitive_days, { date: "", reason: "" }] })}>
          {t("guideline.addDay")}
        </button>
      </section>

      <section className="panel-card" aria-label={t("guideline.playbook")}>
        <h2>
          <label htmlFor={ids.playbook}>{t("guideline.playbook")}</label>
        </h2>
        <textarea id={ids.playbook} rows={7} value={rules.crisis_playbook} onChange={(e) => edit({ crisis_playbook: e.target.value })} />
      </section>

      <section className="panel-card" aria-label={t("guideline.versions")}>
        <h2>{t("guideline.versions")}</h2>
        <ul className="plain">
          {versions.map((v) => (
            <li key={v.id}>
              {t("guideline.versionLine", { version: v.version, title: v.title, date: v.published_at.slice(0, 10) })}
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}
