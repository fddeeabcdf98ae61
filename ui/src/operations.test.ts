import { describe, expect, it } from "vitest";
import { percent } from "./operations";

describe("operations", () => {
  it("says how far an operation is only once the shell reported steps", () => {
    expect(percent({ done: 0, total: 0 })).toBeNull();
    expect(percent({ done: 50, total: 200 })).toBe(25);
    expect(percent({ done: 300, total: 200 })).toBe(100);
  });
});
