import { describe, expect, it } from "vitest";
import { parseCap, usd } from "./xSpend";

describe("X spending", () => {
  it("reads a cap in dollars, in any width, and refuses what is not an amount", () => {
    expect(parseCap("10")).toBe(10_000_000);
    expect(parseCap(" $12.50 ")).toBe(12_500_000);
    expect(parseCap("１０")).toBe(10_000_000);
    expect(parseCap("")).toBeNull();
    expect(parseCap("-3")).toBe("invalid");
    expect(parseCap("十ドル")).toBe("invalid");
    expect(parseCap("1.234")).toBe("invalid");
  });

  it("shows fractions of a cent", () => {
    expect(usd(15_000, "en")).toBe("$0.015");
    expect(usd(200_000, "ja")).toContain("0.200");
  });
});
