// The counters worth showing for a post on one platform, in a fixed order, leaving out those
// the platform does not report (null): "0 impressions" on Bluesky would be a lie.
import type { Counts } from "./bindings";

export type CountKey = "likes" | "reposts" | "replies" | "quotes" | "impressions";
const ORDER: CountKey[] = ["likes", "reposts", "replies", "quotes", "impressions"];

export function countLine(c: Counts): [CountKey, number][] {
  return ORDER.flatMap((k): [CountKey, number][] => {
    const v = c[k];
    return v === null || v === undefined ? [] : [[k, Number(v)]];
  });
}

/** Likes + reposts + replies + quotes, for a compact badge; null when nothing is known. */
export function engagement(c: Counts): number | null {
  const parts = (["likes", "reposts", "replies", "quotes"] as const).map((k) => c[k]).filter((v) => v !== null && v !== undefined);
  return parts.length === 0 ? null : parts.reduce<number>((a, b) => a + Number(b), 0);
}
