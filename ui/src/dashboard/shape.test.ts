import { describe, expect, it } from "vitest";
import { bars, monthOf, monthsBetween, shiftMonth, warmth } from "./shape";

describe("dashboard shapes", () => {
  it("moves between months across years", () => {
    expect(monthOf(new Date(2026, 0, 15))).toBe("2026-01");
    expect(shiftMonth("2026-01", 1)).toBe("2025-12");
    expect(shiftMonth("2026-11", 2)).toBe("2026-09");
    expect(shiftMonth("2026-11", -2)).toBe("2027-01");
    expect(monthsBetween("2026-09", "2026-11")).toBe(3);
    expect(monthsBetween("2026-11", "2026-09")).toBe(0);
  });

  it("colours participation and scales bars", () => {
    expect(warmth(0)).toBe("#e2ecf7");
    expect(warmth(1)).toBe("#f4a261");
    expect(warmth(2)).toBe("#f4a261");
    expect(bars([0, 5, 10], 100)).toEqual([0, 50, 100]);
    expect(bars([0, 0], 100)).toEqual([0, 0]);
  });
});
