import { describe, expect, it } from "vitest";
import type { AccountResult, KpiSeries, PostMetrics } from "../bindings";
import { accountModel, kpiModel, monthLabel, pointSentence, reactionsModel } from "./chartData";

const kpi = (month: string, value: number | null) => ({
  kpi: { id: "k", name: "採用エントリー数", metric: "external", target: 20, purpose: null, purpose_name: null },
  month,
  value,
  ratio: null,
});

describe("chart data", () => {
  it("writes months in the screen's language, never English month names on a Japanese screen", () => {
    expect(monthLabel("2026-10", "ja")).toBe("2026年10月");
    expect(monthLabel("2026-10", "en")).toBe("Oct 2026");
  });

  it("draws a KPI against its target and reads one month aloud", () => {
    const s = { months: [kpi("2026-09", 9), kpi("2026-10", null), kpi("2026-11", 18)] } as unknown as KpiSeries;
    const m = kpiModel(s, "ja", { value: "実績", target: "目標" });
    expect(m.x).toEqual([0, 1, 2]);
    expect(m.series.map((x) => x.values)).toEqual([
      [9, null, 18],
      [20, 20, 20],
    ]);
    expect(m.series[1]?.dashed).toBe(true);
    expect(pointSentence(m, 1, "ja")).toBe("2026年10月: 実績 —、目標 20");
    expect(pointSentence(m, 2, "en")).toBe("2026年11月: 実績 18, 目標 20");
  });

  it("puts posts and reactions per account side by side as bars", () => {
    const a: AccountResult[] = [
      { platform: "x", handle: "minato_pr", display_name: "公式X", posts: 4, reactions: 1200 },
      { platform: "x", handle: "minato_recruit", display_name: null, posts: 2, reactions: 300 },
    ];
    const m = accountModel(a, (r) => `X @${r.handle}`, { posts: "投稿数", reactions: "反応" });
    expect(m.labels).toEqual(["X @minato_pr", "X @minato_recruit"]);
    expect(m.series.map((s) => [s.bars, s.values])).toEqual([
      [true, [4, 2]],
      [true, [1200, 300]],
    ]);
  });

  it("lines up every reading of a post by time, one line a platform, gaps where one was not read", () => {
    const r = (platform: string, at: string, likes: number): PostMetrics =>
      ({ platform, captured_at: at, counts: { likes, reposts: 1, replies: null, quotes: null, impressions: null } }) as PostMetrics;
    const m = reactionsModel(
      [r("x", "2026-11-22T03:00:00Z", 1), r("bluesky", "2026-11-22T03:00:00Z", 2), r("x", "2026-11-22T04:00:00Z", 5)],
      "ja",
      (p) => p.toUpperCase(),
    );
    expect(m.time).toBe(true);
    expect(m.x).toEqual([Date.parse("2026-11-22T03:00:00Z") / 1000, Date.parse("2026-11-22T04:00:00Z") / 1000]);
    expect(m.series.map((s) => [s.label, s.values])).toEqual([
      ["X", [2, 6]],
      ["BLUESKY", [3, null]],
    ]);
    expect(m.labels[0]).not.toMatch(/[A-Za-z]/);
  });
});
