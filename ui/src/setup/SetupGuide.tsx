// The setup guide for a company's own workspace, following the seeds' three steps: one screen
// per step, each skippable, with 戻る / 次へ and where one is. It opens on a new workspace
// until it is finished or skipped, and again from Settings.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { setSetupDone, type IpcError, type SetupPlan } from "../bindings";
import { toIpcError } from "../api";
import { FormError } from "../components/FormError";
import { StepCompany } from "./StepCompany";
import { StepPurpose } from "./StepPurpose";
import { StepPlaces } from "./StepPlaces";
import { StepRoster } from "./StepRoster";
import { StepRules } from "./StepRules";
import { StepKata } from "./StepKata";
import { StepAccounts } from "./StepAccounts";
import { i18n } from "../i18n";
import { jaSetup } from "../locales/ja.setup";
import { enSetup } from "../locales/en.setup";

// The guide's words load with the guide (it is shown once), not with the first screen.
i18n.addResourceBundle("ja", "translation", jaSetup, true, true);
i18n.addResourceBundle("en", "translation", enSetup, true, true);

export const STEPS = ["company", "purpose", "places", "roster", "rules", "kata", "accounts"] as const;
export type Step = (typeof STEPS)[number];

/** What each step gets: a way on, and somewhere to say what went wrong. */
export type StepProps = { next: () => void; onError: (e: IpcError | null) => void };

export function SetupGuide(props: { onDone: () => void }) {
  const { t } = useTranslation();
  const [at, setAt] = useState(0);
  const [error, setError] = useState<IpcError | null>(null);
  // The preset chosen with the purpose carries on to the 型.
  const [plan, setPlan] = useState<SetupPlan | null>(null);
  const step: Step = STEPS[at] ?? "company";
  const finish = () =>
    void setSetupDone(true)
      .then(props.onDone)
      .catch((e: unknown) => setError(toIpcError(e)));
  const next = () => {
    setError(null);
    if (at + 1 >= STEPS.length) finish();
    else setAt(at + 1);
  };
  const common: StepProps = { next, onError: setError };
  return (
    <main className="setup-guide" aria-labelledby="setup-title">
      <header className="setup-header">
        <h1 id="setup-title">{t("setup.title")}</h1>
        <p className="muted">{t("setup.lead")}</p>
        <ol className="setup-steps" aria-label={t("setup.steps")}>
          {STEPS.map((s, i) => (
            <li key={s} className={i === at ? "current" : i < at ? "done" : ""} aria-current={i === at ? "step" : undefined}>
              <span className="setup-phase">{t(`setup.phase.${s}`)}</span>
              {t(`setup.step.${s}`)}
            </li>
          ))}
        </ol>
      </header>
      <section className="setup-body panel-card" aria-label={t(`setup.step.${step}`)}>
        <h2>
          {t("setup.stepOf", { n: at + 1, total: STEPS.length })}　{t(`setup.step.${step}`)}
        </h2>
        <FormError error={error} />
        {step === "company" && <StepCompany {...common} />}
        {step === "purpose" && <StepPurpose {...common} plan={plan} onPlan={setPlan} />}
        {step === "places" && <StepPlaces {...common} />}
        {step === "roster" && <StepRoster {...common} />}
        {step === "rules" && <StepRules {...common} />}
        {step === "kata" && <StepKata {...common} plan={plan} onPlan={setPlan} />}
        {step === "accounts" && <StepAccounts {...common} />}
      </section>
      <footer className="setup-footer">
        <button type="button" disabled={at === 0} onClick={() => setAt(at - 1)}>
          {t("setup.back")}
        </button>
        <button type="button" onClick={next}>
          {at + 1 >= STEPS.length ? t("setup.skipLast") : t("setup.skip")}
        </button>
        <button type="button" className="link" onClick={finish}>
          {t("setup.skipAll")}
        </button>
      </footer>
    </main>
  );
}
