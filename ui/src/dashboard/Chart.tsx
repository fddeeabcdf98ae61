// A chart on the dashboard, drawn by uPlot (a small canvas chart library, loaded with the
// dashboard only). What uPlot does not give, we add: labels and numbers in the screen's
// language (never its English month names), keyboard focus with the arrow keys moving through
// the points while a live region reads each one, and the numbers as a table under 「数値を表で見る」.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { pointSentence, type ChartModel } from "./chartData";

export function Chart(props: { title: string; model: ChartModel; height?: number; rightScale?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [point, setPoint] = useState<number | null>(null);
  const liveId = useId();
  const m = props.model;
  const height = props.height ?? 200;

  useEffect(() => {
    const el = box.current;
    if (!el || m.x.length === 0) return;
    const num = new Intl.NumberFormat(lang);
    const labelAt = (v: number, short = false) => {
      const i = m.x.indexOf(v);
      if (i >= 0) return (short ? m.ticks?.[i] : undefined) ?? m.labels[i] ?? "";
      return m.time ? new Intl.DateTimeFormat(lang, { month: "numeric", day: "numeric" }).format(new Date(v * 1000)) : "";
    };
    // Counts are whole numbers: no gridline at 0.25 of a post.
    const whole = m.series.every((s) => s.values.every((v) => v === null || Number.isInteger(v)));
    const incrs = whole ? [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 1e5, 2e5, 5e5, 1e6, 1e7] : undefined;
    // Many long names (accounts) lean, so they do not run into each other.
    const lean = !m.time && m.labels.length > 4 && m.labels.some((l) => l.length > 6);
    const bars = m.series.filter((s) => s.bars).length;
    let barIndex = 0;
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      scales: {
        x: m.time ? { time: true } : { time: false, range: [-0.5, m.x.length - 0.5] },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
        r: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        {
          stroke: "#6b7280",
          grid: { show: false },
          ...(m.time ? {} : { splits: () => m.x }),
          ...(lean ? { rotate: -35, size: 70 } : {}),
          values: (_u, splits) => splits.map((v) => labelAt(v, true)),
        },
        { stroke: "#6b7280", grid: { stroke: "#e5e7eb" }, size: 56, incrs, values: (_u, splits) => splits.map((v) => num.format(v)) },
        ...(props.rightScale ? [{ scale: "r", side: 1 as const, stroke: "#6b7280", grid: { show: false }, size: 56, incrs, values: (_u: uPlot, splits: number[]) => splits.map((v) => num.format(v)) }] : []),
      ],
      series: [
        { label: t("chart.at"), value: (_u, v) => (v === null || v === undefined ? "" : labelAt(v)) },
        ...m.series.map((s, i) => {
          const align = bars > 1 ? ((barIndex++ === 0 ? -1 : 1) as -1 | 1) : 0;
          return {
            label: s.label,
            stroke: s.color,
            width: s.bars ? 0 : 2,
            dash: s.dashed ? [6, 4] : undefined,
            fill: s.bars ? s.color : undefined,
            scale: props.rightScale && i === 1 ? "r" : "y",
            spanGaps: false,
            points: { show: !s.bars && !s.dashed },
            paths: s.bars ? uPlot.paths.bars?.({ size: [bars > 1 ? 0.35 : 0.6, 48], align }) : undefined,
            value: (_u: uPlot, v: number | null) => (v === null || v === undefined ? "—" : num.format(v)),
          } satisfies uPlot.Series;
        }),
      ],
      cursor: { drag: { x: false, y: false } },
    };
    const u = new uPlot(opts, [m.x, ...m.series.map((s) => s.values)] as uPlot.AlignedData, el);
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [m, lang, height, props.rightScale, t]);

  const move = (e: KeyboardEvent) => {
    const n = m.x.length;
    if (n === 0) return;
    const keys: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, Home: -n, End: n };
    const step = keys[e.key];
    if (step === undefined) return;
    e.preventDefault();
    const next = Math.min(n - 1, Math.max(0, (point ?? (step > 0 ? -1 : n)) + step));
    setPoint(next);
    const u = plot.current;
    const x = m.x[next];
    if (u && x !== undefined) u.setCursor({ left: u.valToPos(x, "x"), top: 10 });
  };

  return (
    <figure className="chart-figure">
      <figcaption>{props.title}</figcaption>
      <div
        ref={box}
        className="chart-plot"
        tabIndex={0}
        role="group"
        aria-label={t("chart.label", { title: props.title })}
        aria-describedby={liveId}
        onKeyDown={move}
        onBlur={() => setPoint(null)}
      />
      <p id={liveId} className="visually-hidden" aria-live="polite">
        {point === null ? t("chart.keys") : pointSentence(m, point, lang)}
      </p>
      <details className="chart-table">
        <summary>{t("chart.table")}</summary>
        <table className="dash-table">
          <thead>
            <tr>
              <th />
              {m.series.map((s) => (
                <th key={s.label} className="n">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {m.labels.map((l, i) => (
              <tr key={`${l}-${i}`}>
                <th scope="row">{l}</th>
                {m.series.map((s) => (
                  <td key={s.label} className="n">
                    {s.values[i] === null || s.values[i] === undefined ? "—" : new Intl.NumberFormat(lang).format(s.values[i] as number)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
