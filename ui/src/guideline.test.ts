import { describe, expect, it } from "vitest";
import type { Finding } from "./bindings";
import { bySeverity, cmSeverity, findingMessage, inText } from "./guideline";

const f = (rule: string, severity: Finding["severity"], start16: number, end16: number): Finding => ({
  rule,
  severity,
  message: `en ${rule}`,
  message_ja: `ja ${rule}`,
  suggestion: null,
  suggestion_ja: null,
  start: start16,
  end: end16,
  start16,
  end16,
});

describe("guideline findings", () => {
  it("speak the UI language and map severities", () => {
    expect(findingMessage(f("a", "block", 0, 1), "ja-JP")).toBe("ja a");
    expect(findingMessage(f("a", "block", 0, 1), "en")).toBe("en a");
    expect(cmSeverity("block")).toBe("error");
    expect(cmSeverity("warn")).toBe("warning");
  });
  it("order blocking first and keep post-level findings out of the text", () => {
    const list = [f("i", "info", 0, 2), f("b", "block", 5, 6), f("p", "block", 0, 0), f("w", "warn", 1, 3)];
    expect(bySeverity(list).map((x) => x.rule)).toEqual(["p", "b", "w", "i"]);
    expect(inText(list).map((x) => x.rule)).toEqual(["i", "b", "w"]);
  });
});
