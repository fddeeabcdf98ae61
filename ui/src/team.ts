// Small helpers for the team screen and the sidebar's sync line.
import type { Screen } from "./components/Sidebar";

/** An RFC 3339 instant as the workspace's local date and time ("2026/12/01 12:03"). */
export function formatSyncTime(at: string, timeZone: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}/${get("month")}/${get("day")} ${get("hour")}:${get("minute")}`;
}

/** The screens an ambassador's device shows: their drafts and themes, requests and material,
 * templates, the guideline, the team, settings; not the lead's tools. */
export const AMBASSADOR_SCREENS: readonly Screen[] = ["calendar", "requests", "templates", "guideline", "team", "settings"];

/** A reviewer's device (a manager's laptop) also shows the review queue. */
export const REVIEWER_SCREENS: readonly Screen[] = [...AMBASSADOR_SCREENS, "review"];

/** Whether `screen` is shown for `role` (a device in no team is its own lead). */
export function screenShown(screen: Screen, role: "lead" | "ambassador" | "reviewer" | null): boolean {
  if (role === "ambassador") return AMBASSADOR_SCREENS.includes(screen);
  if (role === "reviewer") return REVIEWER_SCREENS.includes(screen);
  return true;
}

/** The team role a person's laptop is invited with: reviewers and executives review from it,
 * everyone else drafts as an ambassador (as the core decides). */
export function inviteRole(role: string | undefined): "ambassador" | "reviewer" {
  return role === "reviewer" || role === "executive" ? "reviewer" : "ambassador";
}

/** Whether this device works on its person's own drafts only (an ambassador's or a reviewer's). */
export function personal(role: "lead" | "ambassador" | "reviewer" | null): boolean {
  return role === "ambassador" || role === "reviewer";
}
