// What a chart shows, worked out apart from drawing it (so it can be tested without a canvas):
// the points, the sentence a screen reader hears for one point, and the axis labels in the
// screen's language. Charts on the dashboard draw with uPlot; this is their data side.
import type { AccountResult, KpiSeries, PlatformTrend, PostMetrics } from "../bindings";
import { engagement } from "../metrics";

export type ChartSeries = {
  /** Name in the legend and in what is read aloud. */
  label: string;
  /** One value per x; null leaves a gap. */
  values: (number | null)[];
  color: string;
  /** Dashed (a target). */
  dashed?: boolean;
  /** Drawn as bars instead of a line. */
  bars?: boolean;
};

export type ChartModel = {
  /** X positions: 0..n-1 for categories, or seconds since the epoch for time. */
  x: number[];
  /** A label per x (a month, an account, a moment), as read aloud and in the table. */
  labels: string[];
  /** Shorter labels for the axis under a narrow chart ("10月"), when they differ. */
  ticks?: string[];
  series: ChartSeries[];
  /** Whether x is time (reactions over hours and days). */
  time: boolean;
};

const PALETTE = ["#3d5a99", "#e07b39", "#2a9d8f", "#8a5cc2", "#c2410c", "#0f766e", "#64748b"];

/** "2026-10" as the screen writes a month: 2026年10月, or 10/2026. */
export function monthLabel(month: string, language: string): string {
  const [y, m] = month.split("-").map(Number);
  if (!y || !m) return month;
  return new Intl.DateTimeFormat(language, { year: "numeric", month: "short", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, 1)));
}

/** "2026-10" as a narrow axis writes it: 10月 (with the year in January), or Oct. */
export function shortMonth(month: string, language: string): string {
  const [y, m] = month.split("-").map(Number);
  if (!y || !m) return month;
  const date = new Date(Date.UTC(y, m - 1, 1));
  return new Intl.DateTimeFormat(language, m === 1 ? { year: "2-digit", month: "short", timeZone: "UTC" } : { month: "short", timeZone: "UTC" }).format(date);
}

/** One KPI against its target, month by month. */
export function kpiModel(s: KpiSeries, language: string, words: { value: string; target: string }): ChartModel {
  const months = s.months.map((m) => m.month);
  const target = s.months[s.months.length - 1]?.kpi.target ?? null;
  const series: ChartSeries[] = [{ label: words.value, values: s.months.map((m) => m.value), color: PALETTE[0]! }];
  if (target !== null) series.push({ label: words.target, values: months.map(() => target), color: PALETTE[1]!, dashed: true });
  return { x: months.map((_, i) => i), labels: months.map((m) => monthLabel(m, language)), ticks: months.map((m) => shortMonth(m, language)), series, time: false };
}

/** Reactions per platform, month by month (the platforms that published). */
export function platformModel(platforms: PlatformTrend[], months: string[], language: string, name: (p: string) => string): ChartModel {
  const shown = platforms.filter((p) => p.months.some((m) => m.posts > 0 || m.reactions > 0));
  return {
    x: months.map((_, i) => i),
    labels: months.map((m) => monthLabel(m, language)),
    ticks: months.map((m) => shortMonth(m, language)),
    series: shown.map((p, i) => ({ label: name(p.platform), values: p.months.map((m) => m.reactions), color: PALETTE[i % PALETTE.length]! })),
    time: false,
  };
}

/** Posts and reactions per account, as two sets of bars. */
export function accountModel(accounts: AccountResult[], name: (a: AccountResult) => string, words: { posts: string; reactions: string }): ChartModel {
  const shown = accounts.slice(0, 12);
  return {
    x: shown.map((_, i) => i),
    labels: shown.map(name),
    series: [
      { label: words.posts, values: shown.map((a) => a.posts), color: "#8aa6d1", bars: true },
      { label: words.reactions, values: shown.map((a) => a.reactions), color: PALETTE[0]!, bars: true },
    ],
    time: false,
  };
}

/** A post's reactions over time, one line per platform, from every reading. */
export function reactionsModel(readings: PostMetrics[], language: string, name: (p: string) => string): ChartModel {
  const times = [...new Set(readings.map((r) => r.captured_at))].sort();
  const platforms = [...new Set(readings.map((r) => r.platform))];
  const at = new Map(readings.map((r) => [`${r.platform} ${r.captured_at}`, engagement(r.counts)]));
  const fmt = new Intl.DateTimeFormat(language, { month: "numeric", day: "numeric", hour: "numeric", minute: "2-digit" });
  return {
    x: times.map((t) => Date.parse(t) / 1000),
    labels: times.map((t) => fmt.format(new Date(t))),
    series: platforms.map((p, i) => ({
      label: name(p),
      values: times.map((t) => at.get(`${p} ${t}`) ?? null),
      color: PALETTE[i % PALETTE.length]!,
    })),
    time: true,
  };
}

/** What a screen reader hears for point `i`: "2026年10月: 実績 14、目標 20". */
export function pointSentence(m: ChartModel, i: number, language: string): string {
  const num = new Intl.NumberFormat(language);
  const sep = language.startsWith("ja") ? "、" : ", ";
  const parts = m.series.map((s) => `${s.label} ${s.values[i] === null || s.values[i] === undefined ? "—" : num.format(s.values[i] as number)}`);
  return `${m.labels[i] ?? ""}: ${parts.join(sep)}`;
}
