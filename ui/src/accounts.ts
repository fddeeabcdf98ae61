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

/** How people in the company name an account: 「採用X」, else its handle. */
export function accountLabel(a: Pick<Account, "display_name" | "handle">): string {
  return a.display_name.trim() !== "" ? a.display_name : `@${a.handle.replace(/^@/, "")}`;
}

/** Accounts a post can go out through (not disconnected), per platform, default first. */
export function usableAccounts<A extends Pick<Account, "state" | "platform" | "is_default">>(all: A[], platform: string): A[] {
  return all
    .filter((a) => a.platform === platform && a.state !== "disconnected")
    .sort((a, b) => Number(b.is_default) - Number(a.is_default));
}

/**
 * The colour a post is painted in on the calendar: the first account it names that has one,
 * else the colour of its first platform's default account; `null` leaves the status colour.
 */
export function postColour(
  post: { accounts: string[]; platforms: string[] },
  all: Pick<Account, "id" | "colour" | "platform" | "is_default" | "state">[],
): string | null {
  for (const id of post.accounts) {
    const a = all.find((x) => x.id === id);
    if (a?.colour) return a.colour;
  }
  if (post.accounts.length > 0) return null;
  for (const p of post.platforms) {
    const d = usableAccounts(all, p)[0];
    if (d?.colour) return d.colour;
  }
  return null;
}

/** Calendar colours for accounts (contrast with white text of at least 3:1). */
export const ACCOUNT_COLOURS = ["#1d4ed8", "#b91c1c", "#047857", "#7c3aed", "#c2410c", "#0e7490", "#be185d", "#4d7c0f"] as const;

/**
 * The accounts a post goes out through whose connection will have ended by its time (or has
 * ended, or needs reconnecting): the accounts it names, else each platform's default. Only
 * posts still to go out are asked about.
 */
export function endedBefore<A extends Pick<Account, "id" | "state" | "platform" | "is_default" | "token_expires_at">>(
  post: { accounts: string[]; platforms: string[]; scheduled_at: string; status: string },
  all: A[],
): A[] {
  if (!["scheduled", "approved", "in_review", "draft", "changes_requested"].includes(post.status)) return [];
  const at = new Date(post.scheduled_at).getTime();
  if (Number.isNaN(at)) return [];
  const targets =
    post.accounts.length > 0
      ? post.accounts.map((id) => all.find((a) => a.id === id)).filter((a): a is A => a !== undefined)
      : post.platforms.map((p) => usableAccounts(all, p)[0]).filter((a): a is A => a !== undefined);
  return targets.filter((a) => {
    if (a.state === "needs_reconnect") return true;
    if (!a.token_expires_at) return false;
    const ends = new Date(a.token_expires_at).getTime();
    return !Number.isNaN(ends) && ends <= at;
  });
}
