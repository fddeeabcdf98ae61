import { describe, expect, it } from "vitest";
import { cut, pieces } from "./preview";

describe("preview", () => {
  it("finds links, hashtags and mentions in Japanese text", () => {
    const p = pieces("詳しくは https://example.com/a へ #ものづくり と @pr@mastodon.example まで");
    expect(p.filter((x) => x.kind !== "text").map((x) => [x.kind, x.text])).toEqual([
      ["link", "https://example.com/a"],
      ["tag", "#ものづくり"],
      ["mention", "@pr@mastodon.example"],
    ]);
  });
  it("cuts where the feed shows more", () => {
    expect(cut("あ".repeat(130), "instagram")).toEqual({ shown: "あ".repeat(125), more: true });
    expect(cut("あ".repeat(130), "x").more).toBe(false);
    expect(cut("😀".repeat(126), "instagram").shown).toBe("😀".repeat(125));
  });
});
