import { describe, expect, it } from "vitest";
import { needsReconnect, rateLine } from "./accounts";

const now = new Date("2026-11-22T10:00:00Z");
const later = "2026-11-22T10:05:00Z";

describe("rateLine", () => {
  it("says nothing before the platform reported a limit", () => {
    expect(rateLine({ rate_remaining: null, rate_reset_at: null, rate_limited: false }, now)).toBeNull();
  });
  it("says nothing once the window has reset", () => {
    expect(rateLine({ rate_remaining: 0, rate_reset_at: "2026-11-22T09:59:00Z", rate_limited: false }, now)).toBeNull();
  });
  it("counts the requests left until the reset", () => {
    const line = rateLine({ rate_remaining: 42, rate_reset_at: later, rate_limited: false }, now);
    expect(line?.key).toBe("accounts.rateRemaining");
    expect(line?.params).toMatchObject({ count: 42 });
    expect(line?.params.time).toMatch(/^\d\d:\d\d$/);
  });
  it("says until when posts wait when the account is out of requests", () => {
    expect(rateLine({ rate_remaining: 0, rate_reset_at: later, rate_limited: true }, now)?.key).toBe("accounts.rateLimited");
  });
});

describe("needsReconnect", () => {
  it("offers reconnecting broken, disconnected and soon-expiring accounts only", () => {
    expect(needsReconnect({ state: "connected", expires_in_days: null })).toBe(false);
    expect(needsReconnect({ state: "connected", expires_in_days: 60 })).toBe(false);
    expect(needsReconnect({ state: "connected", expires_in_days: 10 })).toBe(true);
    expect(needsReconnect({ state: "needs_reconnect", expires_in_days: null })).toBe(true);
    expect(needsReconnect({ state: "disconnected", expires_in_days: null })).toBe(true);
  });
});
