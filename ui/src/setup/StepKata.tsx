// Step 6: the 型. The first month's themes, a weekly number per platform and the recurring
// slots, from the preset chosen with the purpose (or one chosen here), adjusted by the lead,
// then written at once; the calendar shows them as open slots.
import { useTranslation } from "react-i18next";
import { applySetupPlan, PLATFORMS, setupPreset, type Platform, type Preset, type SetupPlan } from "../bindings";
import { toIpcError } from "../api";
import { TimeField } from "../components/DateFields";
import { PRESETS, thisMonth } from "./StepPurpose";
import { StepNext } from "./StepNext";
import type { StepProps } from "./SetupGuide";

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

export function StepKata(props: StepProps & { plan: SetupPlan | null; onPlan: (p: SetupPlan) => void }) {
  const { t, i18n } = useTranslation();
  const plan = props.plan;
  const choose = (p: Preset) =>
    void setupPreset(p, thisMonth(), i18n.language !== "en")
      .then((fresh) => props.onPlan(plan ? { ...fresh, purpose: plan.purpose, kpis: plan.kpis } : fresh))
      .catch((e: unknown) => props.onError(toIpcError(e)));
  const save = () => {
    if (!plan) return props.next();
    void applySetupPlan({ ...plan, kpis: [] })
      .then(props.next)
      .catch((e: unknown) => props.onError(toIpcError(e)));
  };
  const perWeek = (p: Platform) => plan?.cadence.find((c) => c.platform === p)?.per_week ?? 0;
  const setPerWeek = (p: Platform, n: number) =>
    plan && props.onPlan({ ...plan, cadence: [...plan.cadence.filter((c) => c.platform !== p), { platform: p, per_week: n }] });
  return (
    <div className="setup-step">
      <p>{t("setup.kata.help")}</p>
      <div className="preset-cards" role="group" aria-label={t("setup.purpose.presets")}>
        {PRESETS.map((p) => (
          <button key={p} type="button" className="preset-card" onClick={() => choose(p)}>
            <strong>{t(`setup.preset.${p}`)}</strong>
          </button>
        ))}
      </div>
      {plan && (
        <>
          <h3>{t("setup.kata.themes", { month: plan.month.replace(/^(\d+)-0?(\d+)$/, i18n.language === "en" ? "$1-$2" : "$1年$2月") })}</h3>
          {plan.themes.map((th, i) => (
            <div key={i} className="theme-seed">
              <span className="swatch" style={{ background: th.color }} aria-hidden="true" />
              <input aria-label={t("setup.kata.themeN", { n: i + 1 })} value={th.title} onChange={(e) => props.onPlan({ ...plan, themes: plan.themes.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)) })} />
              <button type="button" className="link" onClick={() => props.onPlan({ ...plan, themes: plan.themes.filter((_, j) => j !== i) })}>
                {t("setup.remove")}
              </button>
            </div>
          ))}
          <h3>{t("setup.kata.cadence")}</h3>
          <div className="cadence-seeds">
            {PLATFORMS.map((p) => (
              <label key={p} className="field inline">
                <span>{t(`platform.${p}`)}</span>
                <input aria-label={t("setup.kata.perWeekOf", { platform: t(`platform.${p}`) })} inputMode="numeric" value={perWeek(p)} onChange={(e) => setPerWeek(p, Number(e.target.value.replace(/\D/g, "") || 0))} />
                <span className="muted small">{t("setup.kata.perWeek")}</span>
              </label>
            ))}
          </div>
          <h3>{t("setup.kata.slots")}</h3>
          <ul className="slot-seeds">
            {plan.slots.map((s, i) => (
              <li key={i}>
                <select aria-label={t("setup.kata.weekdayOf", { n: i + 1 })} value={s.weekday} onChange={(e) => props.onPlan({ ...plan, slots: plan.slots.map((x, j) => (j === i ? { ...x, weekday: Number(e.target.value) } : x)) })}>
                  {WEEKDAYS.map((d) => (
                    <option key={d} value={d}>
                      {t(`setup.weekday.${d}`)}
                    </option>
                  ))}
                </select>
                <TimeField label={t("setup.kata.timeOf", { n: i + 1 })} value={s.local_time} onChange={(v) => props.onPlan({ ...plan, slots: plan.slots.map((x, j) => (j === i ? { ...x, local_time: v } : x)) })} />
                <span>{t(`platform.${s.platform}`)}</span>
                <input aria-label={t("setup.kata.slotN", { n: i + 1 })} value={s.title} onChange={(e) => props.onPlan({ ...plan, slots: plan.slots.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)) })} />
                <button type="button" className="link" onClick={() => props.onPlan({ ...plan, slots: plan.slots.filter((_, j) => j !== i) })}>
                  {t("setup.remove")}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <StepNext label={t("setup.kata.apply")} disabled={!plan} onClick={save} />
    </div>
  );
}
