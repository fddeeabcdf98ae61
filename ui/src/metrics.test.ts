import { describe, expect, it } from "vitest";
import { countLine, engagement } from "./metrics";

describe("countLine", () => {
  it("leaves out what the platform does not count", () => {
    expect(countLine({ likes: 12, reposts: 6, replies: 0, quotes: null, impressions: null })).toEqual([
      ["likes", 12],
      ["reposts", 6],
      ["replies", 0],
    ]);
  });
});

describe("engagement", () => {
  it("adds what is known and says nothing when nothing is", () => {
    expect(engagement({ likes: 12, reposts: 6, replies: 4, quotes: null, impressions: 900 })).toBe(22);
    expect(engagement({ likes: null, reposts: null, replies: null, quotes: null, impressions: null })).toBeNull();
  });
});
