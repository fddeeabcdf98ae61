// Colours for post statuses: calm, distinguishable, and readable with white text.
import type { PostStatus } from "./bindings";

export const STATUS_COLORS: Record<PostStatus, string> = {
  idea: "#8c8273",
  draft: "#64748b",
  in_review: "#b7791f",
  changes_requested: "#c05621",
  approved: "#2f855a",
  scheduled: "#2b6cb0",
  published: "#3d4f7c",
  failed: "#c53030",
  paused: "#6b46c1",
};

/** WCAG relative luminance contrast of white text on `hex`. */
export function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (l + 0.05);
}
