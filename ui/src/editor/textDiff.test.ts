import { describe, expect, it } from "vitest";
import { diffLines, wellFormed } from "./textDiff";

describe("diffLines", () => {
  it("lines up unchanged, changed, added and removed lines", () => {
    const rows = diffLines("朝の段取り\n工具を並べる\n終わり", "朝の段取り\n工具をきれいに並べる\n終わり\n#現場の一枚");
    expect(rows.map((r) => r.kind)).toEqual(["same", "changed", "same", "added"]);
    expect(rows[1]).toEqual({ kind: "changed", left: "工具を並べる", right: "工具をきれいに並べる" });
  });
  it("handles empty texts", () => {
    expect(diffLines("", "a").map((r) => r.kind)).toEqual(["changed"]);
    expect(diffLines("a\nb", "a").map((r) => r.kind)).toEqual(["same", "removed"]);
  });
});

describe("wellFormed", () => {
  it("repairs lone surrogates and keeps pairs", () => {
    expect(wellFormed("ok 😀")).toEqual({ text: "ok 😀", repaired: false });
    expect(wellFormed("a\ud83d b")).toEqual({ text: "a\ufffd b", repaired: true });
    expect(wellFormed("\ude00x")).toEqual({ text: "\ufffdx", repaired: true });
  });
});
