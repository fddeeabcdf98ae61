// How a post will look on each platform: where the feed cuts it with "more", and which
// parts become links, hashtags and mentions. The cut points are the platforms' usual feed
// truncation, approximate by nature (they vary by device).
import type { Platform } from "../bindings";

export const MORE_AFTER: Record<Platform, number | null> = {
  x: null,
  bluesky: null,
  mastodon: null,
  threads: null,
  linkedin: 210,
  facebook: 480,
  instagram: 125,
  // A LINE message shows whole in the chat; the others' cuts are not known well enough to
  // draw.
  line: null,
  line_voom: null,
  note: null,
  tiktok: null,
};

export type Piece = { kind: "text" | "link" | "tag" | "mention"; text: string };

const TOKEN = /(https?:\/\/[^\s　]+|(?<![\p{L}\p{N}_])[#＃][\p{L}\p{N}_]+|(?<![\p{L}\p{N}_])@[A-Za-z0-9_.]+(?:@[A-Za-z0-9.-]+)?)/gu;

/** Splits text into plain, link, hashtag and mention pieces. */
export function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ kind: "text", text: text.slice(last, at) });
    const t = m[0];
    out.push({ kind: t.startsWith("http") ? "link" : t.startsWith("@") ? "mention" : "tag", text: t });
    last = at + t.length;
  }
  if (last < text.length) out.push({ kind: "text", text: text.slice(last) });
  return out;
}

/** The part shown before "more" (by code points), and whether there is more. */
export function cut(text: string, platform: Platform): { shown: string; more: boolean } {
  const limit = MORE_AFTER[platform];
  const chars = Array.from(text);
  if (limit === null || chars.length <= limit) return { shown: text, more: false };
  return { shown: chars.slice(0, limit).join(""), more: true };
}
