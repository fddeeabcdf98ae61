// What the Accounts screen says about an account's rate limit: nothing until the platform has
// reported one, the requests left in the current window, or — when the account is out of
// requests — until when its posts wait. Kept apart from the screen so it can be tested.
import type { Account } from "./bindings";

export type RateLine =
  | { key: "accounts.rateLimited"; params: { time: string } }
  | { key: "accounts.rateRemaining"; params: { count: number; time: string } }
  | null;

/** The clock time of an RFC 3339 instant in the viewer's zone, as HH:MM. */
function clock(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

export function rateLine(a: Pick<Account, "rate_remaining" | "rate_reset_at" | "rate_limited">, now: Date): RateLine {
  if (a.rate_remaining === null || a.rate_reset_at === null) return null;
  const reset = new Date(a.rate_reset_at);
  if (Number.isNaN(reset.getTime()) || reset <= now) return null;
  if (a.rate_limited) return { key: "accounts.rateLimited", params: { time: clock(a.rate_reset_at) } };
  return { key: "accounts.rateRemaining", params: { count: a.rate_remaining, time: clock(a.rate_reset_at) } };
}

/** Whether an account should offer "reconnect": it stopped working or will soon. */
export function needsReconnect(a: Pick<Account, "state" | "expires_in_days">): boolean {
  if (a.state === "needs_reconnect" || a.state === "failing" || a.state === "disconnected") return true;
  return a.expires_in_days !== null && a.expires_in_days <= 14;
}
