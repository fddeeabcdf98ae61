import { describe, expect, it } from "vitest";
import { monthsBack } from "./PersonActivity";

describe("monthsBack", () => {
  it("counts back across year ends", () => {
    expect(monthsBack("2026-11", 5)).toBe("2026-06");
    expect(monthsBack("2026-03", 5)).toBe("2025-10");
    expect(monthsBack("2026-01", 0)).toBe("2026-01");
    expect(monthsBack("2026-01", 13)).toBe("2024-12");
  });
});
