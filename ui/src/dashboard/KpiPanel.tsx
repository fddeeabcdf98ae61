// KPIs against their targets, month by month, with what people add here: a new KPI, a month's
// value of one from outside the SNS (entries, requests, searches), or a CSV of them.
import { columnLabel } from "../components/RowErrors";
import { useId, useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import { addKpi, importKpiCsv, setKpiValue, type IpcError, type KpiMetric, type KpiSeries, type Purpose } from "../bindings";
import { toBase64 } from "../files";
import { FileButton } from "../components/FileButton";
import { Chart } from "./Chart";
import { kpiModel, monthLabel } from "./chartData";
import { bars } from "./shape";

const METRICS: KpiMetric[] = ["external", "posts", "reactions", "impressions"];

function Spark(props: { values: (number | null)[]; label: string }) {
  const heights = bars(props.values.map((v) => v ?? 0), 24);
  return (
    <svg className="spark" viewBox={`0 0 ${heights.length * 10} 26`} role="img" aria-label={props.label}>
      {heights.map((h, i) => (
        <rect key={i} x={i * 10 + 1} y={25 - h} width={8} height={h} />
      ))}
    </svg>
  );
}

/** One KPI's months against its target (kept between renders, so typing elsewhere does not redraw it). */
function KpiChart(props: { series: KpiSeries; name: string }) {
  const { t, i18n } = useTranslation();
  const model = useMemo(
    () => kpiModel(props.series, i18n.language, { value: t("dashboard.resultLine"), target: t("dashboard.targetLine") }),
    [props.series, i18n.language, t],
  );
  return <Chart title={t("dashboard.kpiChart", { name: props.name })} model={model} height={150} />;
}

export function KpiPanel(props: { kpis: KpiSeries[]; purposes: Purpose[]; month: string; onChanged: (notice: string) => void; onError: (e: IpcError | null) => void }) {
  const { t, i18n } = useTranslation();
  const ids = { name: useId(), metric: useId(), target: useId(), purpose: useId(), kpi: useId(), value: useId() };
  const [name, setName] = useState("");
  const [metric, setMetric] = useState<KpiMetric>("external");
  const [target, setTarget] = useState("");
  const [purpose, setPurpose] = useState("");
  const external = props.kpis.map((s) => s.months[s.months.length - 1]?.kpi).filter((k) => k?.metric === "external");
  const [kpi, setKpi] = useState("");
  const [value, setValue] = useState("");
  const fmt = (v: number) => v.toLocaleString(i18n.language);

  const run = async (work: () => Promise<string>) => {
    try {
      props.onChanged(await work());
      props.onError(null);
    } catch (e) {
      props.onError(toIpcError(e));
    }
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const n = Number(target);
      await addKpi({ name, metric, target: target.trim() === "" ? null : n, purpose: purpose || null });
      setName("");
      setTarget("");
      return t("dashboard.kpiAdded", { name });
    });
  };
  const record = (e: FormEvent) => {
    e.preventDefault();
    const chosen = kpi || external[0]?.id || "";
    void run(async () => {
      await setKpiValue(chosen, props.month, Number(value));
      setValue("");
      return t("dashboard.valueSaved");
    });
  };
  const importFile = (file: File) =>
    void run(async () => {
      const data = await toBase64(file);
      const r = await importKpiCsv(data, false);
      if (r.errors.length > 0) {
        const lines = r.errors.map((x) => t("rowErrors.line", { row: x.row, column: columnLabel(x.column, t), what: t(`rowErrors.codes.${x.code}`) }));
        throw { code: "invalid_input", message: lines.join("\n") };
      }
      return t("dashboard.imported", { count: r.written });
    });

  return (
    <section className="panel-card dash-kpis" aria-label={t("dashboard.kpis")}>
      <h2>{t("dashboard.kpis")}</h2>
      {props.kpis.length === 0 ? (
        <p className="muted small">{t("dashboard.noKpis")}</p>
      ) : (
        <ul className="kpi-cards">
          {props.kpis.map((s) => {
            const last = s.months[s.months.length - 1];
            if (!last) return null;
            const pct = last.ratio === null ? null : Math.round(last.ratio * 100);
            return (
              <li key={last.kpi.id} className="kpi-card" aria-label={last.kpi.name}>
                <div className="kpi-name">
                  {last.kpi.name}
                  {last.kpi.purpose_name && <span className="muted small"> · {last.kpi.purpose_name}</span>}
                </div>
                <div className="kpi-value">
                  <strong>{last.value === null ? t("dashboard.notEntered") : fmt(last.value)}</strong>
                  {last.kpi.target !== null && <span className="muted"> / {fmt(last.kpi.target)}</span>}
                </div>
                {pct !== null && (
                  <div className="progress" role="meter" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100} aria-label={t("dashboard.progress")}>
                    <span style={{ width: `${Math.min(100, pct)}%` }} />
                    <em>{pct}%</em>
                  </div>
                )}
                <Spark values={s.months.map((m) => m.value)} label={t("dashboard.trend", { name: last.kpi.name })} />
                {s.months.length > 1 && <KpiChart series={s} name={last.kpi.name} />}
              </li>
            );
          })}
        </ul>
      )}
      <details>
        <summary>{t("dashboard.addKpi")}</summary>
        <form className="inline-form" onSubmit={add}>
          <div className="field">
            <label htmlFor={ids.name}>{t("dashboard.kpiName")}</label>
            <input id={ids.name} value={name} placeholder={t("dashboard.kpiNameExample")} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.metric}>{t("dashboard.metric")}</label>
            <select id={ids.metric} value={metric} onChange={(e) => setMetric(e.target.value as KpiMetric)}>
              {METRICS.map((m) => (
                <option key={m} value={m}>
                  {t(`dashboard.metrics.${m}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.target}>{t("dashboard.target")}</label>
            <input id={ids.target} inputMode="decimal" value={target} onChange={(e) => setTarget(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.purpose}>{t("dashboard.purpose")}</label>
            <select id={ids.purpose} value={purpose} onChange={(e) => setPurpose(e.target.value)}>
              <option value="">{t("dashboard.noPurpose")}</option>
              {props.purposes.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={!name.trim()}>
            {t("dashboard.addKpiButton")}
          </button>
        </form>
      </details>
      {external.length > 0 && (
        <form className="inline-form" aria-label={t("dashboard.enterValue")} onSubmit={record}>
          <div className="field">
            <label htmlFor={ids.kpi}>{t("dashboard.externalKpi", { month: monthLabel(props.month, i18n.language) })}</label>
            <select id={ids.kpi} value={kpi || external[0]?.id} onChange={(e) => setKpi(e.target.value)}>
              {external.map((k) => k && (
                <option key={k.id} value={k.id}>
                  {k.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.value}>{t("dashboard.value")}</label>
            <input id={ids.value} inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} />
          </div>
          <button type="submit" disabled={value.trim() === "" || Number.isNaN(Number(value))}>
            {t("dashboard.saveValue")}
          </button>
        </form>
      )}
      <div className="field">
        <FileButton label={t("dashboard.importCsv")} accept=".csv,text/csv" onFile={importFile} />
        <p className="help">{t("dashboard.importHelp")}</p>
      </div>
    </section>
  );
}
