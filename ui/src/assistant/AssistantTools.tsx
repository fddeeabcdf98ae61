// The assistant in the editor: versions that fit each platform's counter (checked with
// Tsunagu's own counters), and a finding explained in plain Japanese with a rewrite that clears
// it. Each suggestion is only offered: 「使う」 puts it into the editor, where the guideline
// checks it and review sees it like anything typed.
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import { assistantExplain, assistantFit, assistantSettings, type AssistantSettings, type Explanation, type Finding, type FitSuggestion, type IpcError, type Platform } from "../bindings";
import { FormError } from "../components/FormError";
import { findingMessage } from "../guideline";
import { AssistantOffNote, AssistantPanel } from "./AssistantPanel";
import { useAssistantRun } from "./stream";

export function AssistantTools(props: {
  postId: string;
  findings: Finding[];
  flush: () => Promise<void>;
  onUseVariant: (platform: Platform, text: string) => void;
  onUseBody: (text: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const findingId = useId();
  const run = useAssistantRun();
  const [assistant, setAssistant] = useState<AssistantSettings | null | undefined>(undefined);
  const [off, setOff] = useState(false);
  const [fits, setFits] = useState<FitSuggestion[] | null>(null);
  const [explained, setExplained] = useState<Explanation | null>(null);
  const [finding, setFinding] = useState(0);
  const [error, setError] = useState<IpcError | null>(null);
  useEffect(() => {
    assistantSettings()
      .then(setAssistant)
      .catch(() => setAssistant(null));
  }, []);
  const start = (work: () => Promise<void>) => {
    if (!assistant) {
      setOff(true);
      return;
    }
    setError(null);
    void props
      .flush()
      .then(work)
      .catch((e: unknown) => setError(toIpcError(e)));
  };
  const fit = () =>
    start(async () => {
      setExplained(null);
      setFits(await run.run(t("assistant.operation"), (op) => assistantFit(props.postId, op)));
    });
  const explain = () =>
    start(async () => {
      const f = props.findings[finding];
      if (!f) return;
      setFits(null);
      setExplained(await run.run(t("assistant.operation"), (op) => assistantExplain(props.postId, findingMessage(f, i18n.language), op)));
    });

  return (
    <section className="assistant-tools" aria-label={t("assistant.tools")}>
      <h3>{t("assistant.tools")}</h3>
      <div className="actions">
        <button type="button" disabled={run.running} onClick={fit}>
          {t("assistant.fit")}
        </button>
      </div>
      {props.findings.length > 0 && (
        <div className="assistant-explain-row">
            <select id={findingId} aria-label={t("assistant.whichFinding")} value={finding} onChange={(e) => setFinding(Number(e.target.value))}>
              {props.findings.map((f, i) => (
                <option key={`${f.rule}-${f.start}-${i}`} value={i}>
                  {findingMessage(f, i18n.language)}
                </option>
              ))}
            </select>
            <button type="button" disabled={run.running} onClick={explain}>
              {t("assistant.explain")}
            </button>
        </div>
      )}
      {off && !assistant && <AssistantOffNote />}
      <AssistantPanel run={run} />
      <FormError error={error} />
      {fits && fits.length === 0 && <p className="muted small">{t("assistant.allFit")}</p>}
      {fits && fits.length > 0 && (
        <ul className="assistant-fits" aria-label={t("assistant.fits")}>
          {fits.map((f) => (
            <li key={f.platform}>
              <p className="small">
                <strong>{t(`platform.${f.platform}`)}</strong>{" "}
                <span className="muted">
                  {t("assistant.fitCount", { length: f.length, limit: f.limit })}
                  {f.cut && ` · ${t("assistant.wasCut")}`}
                </span>
              </p>
              <p className="review-text small">{f.text}</p>
              <button type="button" onClick={() => props.onUseVariant(f.platform, f.text)}>
                {t("assistant.useFor", { platform: t(`platform.${f.platform}`) })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {explained && (
        <div className="assistant-explained" role="region" aria-label={t("assistant.explained")}>
          <p className="small">{explained.why}</p>
          {explained.rewrite && (
            <>
              <p className="review-text small">{explained.rewrite}</p>
              <button type="button" onClick={() => props.onUseBody(explained.rewrite)}>
                {t("assistant.useRewrite")}
              </button>
            </>
          )}
        </div>
      )}
    </section>
  );
}
