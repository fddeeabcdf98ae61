// Step 2: why the company does SNS. A preset by purpose (採用強化, BtoB の引き合い, 地域・認知)
// fills the purpose and its KPIs with numeric targets and a date; the lead adjusts them, and
// the same preset carries on to the 型.
import { useTranslation } from "react-i18next";
import { applySetupPlan, setupPreset, type Preset, type SetupPlan } from "../bindings";
import { toIpcError } from "../api";
import { DateField } from "../components/DateFields";
import { StepNext } from "./StepNext";
import type { StepProps } from "./SetupGuide";

export const PRESETS: Preset[] = ["recruiting", "leads", "local"];

/** This month, `YYYY-MM`, where the plan starts. */
export function thisMonth(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
}

export function StepPurpose(props: StepProps & { plan: SetupPlan | null; onPlan: (p: SetupPlan) => void }) {
  const { t, i18n } = useTranslation();
  const plan = props.plan;
  const choose = (p: Preset) =>
    void setupPreset(p, thisMonth(), i18n.language !== "en")
      .then(props.onPlan)
      .catch((e: unknown) => props.onError(toIpcError(e)));
  const save = () => {
    if (!plan) return props.next();
    // Only the purpose and its KPIs now; the 型 is written at its own step.
    void applySetupPlan({ ...plan, themes: [], cadence: [], slots: [] })
      .then(props.next)
      .catch((e: unknown) => props.onError(toIpcError(e)));
  };
  const setKpi = (i: number, patch: Partial<SetupPlan["kpis"][number]>) =>
    plan && props.onPlan({ ...plan, kpis: plan.kpis.map((k, j) => (j === i ? { ...k, ...patch } : k)) });
  return (
    <div className="setup-step">
      <p>{t("setup.purpose.help")}</p>
      <div className="preset-cards" role="group" aria-label={t("setup.purpose.presets")}>
        {PRESETS.map((p) => (
          <button key={p} type="button" className="preset-card" aria-pressed={plan !== null && plan.purpose === t(`setup.presetPurpose.${p}`)} onClick={() => choose(p)}>
            <strong>{t(`setup.preset.${p}`)}</strong>
            <span className="muted small">{t(`setup.presetHelp.${p}`)}</span>
          </button>
        ))}
      </div>
      {plan && (
        <>
          <div className="field">
            <label htmlFor="setup-purpose">{t("setup.purpose.name")}</label>
            <input id="setup-purpose" value={plan.purpose} onChange={(e) => props.onPlan({ ...plan, purpose: e.target.value })} />
          </div>
          <table className="kpi-seeds">
            <thead>
              <tr>
                <th>{t("setup.purpose.kpi")}</th>
                <th>{t("setup.purpose.target")}</th>
                <th>{t("setup.purpose.by")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {plan.kpis.map((k, i) => (
                <tr key={i}>
                  <td>
                    <input aria-label={t("setup.purpose.kpiN", { n: i + 1 })} value={k.name} onChange={(e) => setKpi(i, { name: e.target.value })} />
                  </td>
                  <td>
                    <input
                      aria-label={t("setup.purpose.targetOf", { name: k.name })}
                      inputMode="numeric"
                      value={k.target ?? ""}
                      onChange={(e) => setKpi(i, { target: e.target.value === "" ? null : Number(e.target.value.replace(/[^\d.]/g, "")) })}
                    />
                  </td>
                  <td>
                    <DateField label={t("setup.purpose.byOf", { name: k.name })} value={k.target_by ?? ""} onChange={(v) => setKpi(i, { target_by: v || null })} optional />
                  </td>
                  <td>
                    <button type="button" className="link" onClick={() => props.onPlan({ ...plan, kpis: plan.kpis.filter((_, j) => j !== i) })}>
                      {t("setup.remove")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" className="link" onClick={() => props.onPlan({ ...plan, kpis: [...plan.kpis, { name: "", metric: "external", target: null, target_by: null }] })}>
            {t("setup.purpose.addKpi")}
          </button>
        </>
      )}
      <StepNext label={t("setup.saveNext")} disabled={!plan} onClick={save} />
    </div>
  );
}
