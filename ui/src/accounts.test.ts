import { describe, expect, it } from "vitest";
import { contrastWithWhite } from "./status";
import { ACCOUNT_COLOURS, accountLabel, endedBefore, needsReconnect, postColour, rateLine, usableAccounts } from "./accounts";

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

describe("several accounts per platform", () => {
  const official = { id: "a1", platform: "x" as const, display_name: "公式X", handle: "minato_pr", colour: "#1d9bf0", is_default: true, state: "connected" as const };
  const hiring = { id: "a2", platform: "x" as const, display_name: "採用X", handle: "minato_recruit", colour: "#e0245e", is_default: false, state: "connected" as const };
  const old = { id: "a3", platform: "x" as const, display_name: "", handle: "old", colour: null, is_default: false, state: "disconnected" as const };
  const all = [hiring, old, official];
  it("names an account by its company name, else its handle", () => {
    expect(accountLabel(hiring)).toBe("採用X");
    expect(accountLabel(old)).toBe("@old");
  });
  it("offers the usable accounts of a platform, default first", () => {
    expect(usableAccounts(all, "x").map((a) => a.id)).toEqual(["a1", "a2"]);
    expect(usableAccounts(all, "bluesky")).toEqual([]);
  });
  it("paints a post in its named account's colour, else its platform default's", () => {
    expect(postColour({ accounts: ["a2"], platforms: ["x"] }, all)).toBe("#e0245e");
    expect(postColour({ accounts: [], platforms: ["x"] }, all)).toBe("#1d9bf0");
    expect(postColour({ accounts: ["a3"], platforms: ["x"] }, all)).toBeNull();
    expect(postColour({ accounts: [], platforms: ["bluesky"] }, all)).toBeNull();
  });
});

describe("account colours", () => {
  it("are readable under the calendar's white text", () => {
    for (const c of ACCOUNT_COLOURS) expect(contrastWithWhite(c), c).toBeGreaterThanOrEqual(3);
  });
});

describe("connections that end before a post's time", () => {
  const x = { id: "a1", state: "connected" as const, platform: "x" as const, is_default: true, token_expires_at: "2026-12-09T00:00:00Z" };
  const li = { id: "a2", state: "connected" as const, platform: "linkedin" as const, is_default: true, token_expires_at: null };
  const post = (at: string, over: Partial<{ accounts: string[]; status: string }> = {}) => ({
    accounts: [],
    platforms: ["x", "linkedin"],
    scheduled_at: at,
    status: "scheduled",
    ...over,
  });

  it("name the account whose token ends first", () => {
    expect(endedBefore(post("2026-12-10T00:00:00Z"), [x, li]).map((a) => a.id)).toEqual(["a1"]);
    expect(endedBefore(post("2026-12-08T00:00:00Z"), [x, li])).toEqual([]);
  });

  it("follow the accounts a post names, and skip posts already out", () => {
    expect(endedBefore(post("2026-12-10T00:00:00Z", { accounts: ["a2"] }), [x, li])).toEqual([]);
    expect(endedBefore(post("2026-12-10T00:00:00Z", { status: "published" }), [x, li])).toEqual([]);
  });

  it("count an account that needs reconnecting as ended already", () => {
    const broken = { ...li, state: "needs_reconnect" as const };
    expect(endedBefore(post("2026-12-01T00:00:00Z"), [x, broken]).map((a) => a.id)).toEqual(["a2"]);
  });
});
