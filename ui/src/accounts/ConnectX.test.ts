import { describe, expect, it } from "vitest";
import { parsePort } from "./ConnectX";

describe("parsePort", () => {
  it("takes the ports a loopback listener can use", () => {
    expect(parsePort("47863")).toBe(47863);
    expect(parsePort(" 8080 ")).toBe(8080);
  });
  it("refuses what is not one", () => {
    for (const bad of ["", "80", "70000", "12ab", "-1", "1e4"]) expect(parsePort(bad), bad).toBeNull();
  });
});
