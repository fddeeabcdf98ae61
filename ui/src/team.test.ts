import { describe, expect, it } from "vitest";
import { formatSyncTime, inviteRole, screenShown } from "./team";

describe("formatSyncTime", () => {
  it("shows the instant in the workspace's zone", () => {
    expect(formatSyncTime("2026-12-01T03:04:00Z", "Asia/Tokyo")).toBe("2026/12/01 12:04");
    expect(formatSyncTime("2026-12-01T23:59:00Z", "Asia/Tokyo")).toBe("2026/12/02 08:59");
  });
  it("keeps text it cannot read", () => {
    expect(formatSyncTime("soon", "Asia/Tokyo")).toBe("soon");
  });
});

describe("ambassador mode", () => {
  it("hides the lead's tools from an ambassador's device only", () => {
    expect(screenShown("accounts", "ambassador")).toBe(false);
    expect(screenShown("review", "ambassador")).toBe(false);
    expect(screenShown("dashboard", "ambassador")).toBe(false);
    expect(screenShown("calendar", "ambassador")).toBe(true);
    expect(screenShown("requests", "ambassador")).toBe(true);
    // A manager's laptop reviews, and sees none of the lead's other tools.
    expect(screenShown("review", "reviewer")).toBe(true);
    expect(screenShown("accounts", "reviewer")).toBe(false);
    expect(screenShown("dashboard", "reviewer")).toBe(false);
    expect(inviteRole("executive")).toBe("reviewer");
    expect(inviteRole("ambassador")).toBe("ambassador");
    expect(screenShown("accounts", "lead")).toBe(true);
    expect(screenShown("accounts", null)).toBe(true);
  });
});
