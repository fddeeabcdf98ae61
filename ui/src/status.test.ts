import { describe, expect, it } from "vitest";
import type { CalendarPost } from "./bindings";
import { dateInZone, firstMonths, monthOf, monthsBetween, timeOf, toEvents, toLocalTime } from "./calendarEvents";
import { contrastWithWhite, STATUS_COLORS } from "./status";

describe("status colours", () => {
  it("are distinct and readable with white text (WCAG AA for UI text, 3:1)", () => {
    const colours = Object.values(STATUS_COLORS);
    expect(new Set(colours).size).toBe(colours.length);
    for (const [status, hex] of Object.entries(STATUS_COLORS)) {
      expect(contrastWithWhite(hex), status).toBeGreaterThanOrEqual(3);
    }
  });
});

describe("calendar events", () => {
  const post: CalendarPost = {
    id: "01900000-0000-7000-8000-000000000001",
    title: "現場の一枚",
    status: "scheduled",
    platforms: ["x", "instagram"],
    accounts: [],
    scheduled_at: "2026-03-29T09:00:00+02:00",
    local_time: "2026-03-29T09:00:00",
    theme_id: null,
    author_id: null,
    people: [],
    proof: null,
  };

  it("place a post at its wall-clock time in the workspace zone", () => {
    const [e] = toEvents([post]);
    expect(e?.start).toBe("2026-03-29T09:00:00Z");
    expect(e?.backgroundColor).toBe(STATUS_COLORS.scheduled);
    expect(timeOf(post)).toBe("09:00");
  });

  it("know today's date in the workspace zone", () => {
    const at = new Date(Date.UTC(2026, 10, 22, 16, 30));
    expect(dateInZone(at, "Asia/Tokyo")).toBe("2026-11-23");
    expect(dateInZone(at, "America/New_York")).toBe("2026-11-22");
    expect(dateInZone(at, "Not/AZone")).toBe("2026-11-22");
  });

  it("name the month a view shows", () => {
    expect(monthOf(new Date(Date.UTC(2026, 10, 1)))).toBe("2026-11");
    expect(monthOf(new Date(Date.UTC(2027, 0, 1)))).toBe("2027-01");
  });
});

describe("calendar ranges", () => {
  it("list the months a view touches", () => {
    // A month grid from Mon 2026-10-26 to Mon 2026-12-07 (exclusive).
    expect(monthsBetween(new Date(Date.UTC(2026, 9, 26)), new Date(Date.UTC(2026, 11, 7)))).toEqual(["2026-10", "2026-11", "2026-12"]);
    // A week inside one month.
    expect(monthsBetween(new Date(Date.UTC(2026, 10, 9)), new Date(Date.UTC(2026, 10, 16)))).toEqual(["2026-11"]);
    // A month view ending exactly on the 1st.
    expect(monthsBetween(new Date(Date.UTC(2026, 1, 23)), new Date(Date.UTC(2026, 2, 1)))).toEqual(["2026-02"]);
  });
  it("turn a dropped date back into wall-clock time", () => {
    expect(toLocalTime(new Date(Date.UTC(2026, 2, 29, 9, 0)))).toBe("2026-03-29T09:00");
  });
});

describe("firstMonths", () => {
  it("knows the months of the first month grid before FullCalendar draws it", () => {
    // December 2026 starts on a Tuesday and ends on a Thursday: the grid runs Nov 30 – Jan 3.
    expect(firstMonths("2026-12-06")).toEqual({ months: ["2026-11", "2026-12", "2027-01"], month: "2026-12" });
    // June 2026 starts on a Monday and ends on a Tuesday: no day of May is shown.
    expect(firstMonths("2026-06-15")).toEqual({ months: ["2026-06", "2026-07"], month: "2026-06" });
    // February 2027 runs Monday the 1st to Sunday the 28th: exactly one month.
    expect(firstMonths("2027-02-10")).toEqual({ months: ["2027-02"], month: "2027-02" });
  });
});
