import { describe, expect, it } from "vitest";
import { isoWeek, recentWeeks, weekLabel } from "./weeks";

describe("ISO weeks for the digest", () => {
  it("numbers weeks as the core does", () => {
    expect(isoWeek(new Date(2026, 10, 30))).toBe("2026-W49");
    expect(isoWeek(new Date(2026, 11, 6))).toBe("2026-W49");
    expect(isoWeek(new Date(2027, 0, 1))).toBe("2026-W53");
    expect(isoWeek(new Date(2026, 0, 1))).toBe("2026-W01");
    expect(isoWeek(new Date(2024, 11, 30))).toBe("2025-W01");
  });
  it("lists this week first, each from Monday to Sunday, labelled in the language", () => {
    const weeks = recentWeeks(new Date(2026, 11, 7), 3);
    expect(weeks.map((w) => w.week)).toEqual(["2026-W50", "2026-W49", "2026-W48"]);
    expect(weekLabel(weeks[1]!, "ja")).toBe("2026年11月30日〜12月6日");
    expect(weekLabel(weeks[1]!, "en")).toBe("30 Nov – 6 Dec 2026");
    const newYear = recentWeeks(new Date(2027, 0, 2), 1)[0]!;
    expect(weekLabel(newYear, "ja")).toBe("2026年12月28日〜2027年1月3日");
  });
});
