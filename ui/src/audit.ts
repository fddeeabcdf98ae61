// The audit log's words for what the core records as codes. When the publisher's exit check
// holds a post back, the core records `{"code": ..., "changed": [...]}` as the voiding's
// detail; this turns it into a sentence in the window's language, naming the parts that changed.
import type { TFunction } from "i18next";

const HELD_CODES = ["changed_after_approval", "not_approved"] as const;
export type HeldCode = (typeof HELD_CODES)[number];
/** Why an edit voided an approval (the core's `VoidReason`). */
const VOID_CODES = ["text_changed", "image_added", "image_changed", "image_removed", "accounts_changed"] as const;

/** The exit check's record, when `comment` is one. */
export function heldBack(comment: string): { code: HeldCode; changed: string[] } | null {
  if (!comment.startsWith("{")) return null;
  try {
    const v = JSON.parse(comment) as { code?: unknown; changed?: unknown };
    const code = HELD_CODES.find((c) => c === v.code);
    if (!code) return null;
    const changed = Array.isArray(v.changed) ? v.changed.filter((p): p is string => typeof p === "string") : [];
    return { code, changed };
  } catch {
    return null;
  }
}

/** The edit that voided an approval, when `comment` records one. */
export function voidReason(comment: string): (typeof VOID_CODES)[number] | null {
  if (!comment.startsWith("{")) return null;
  try {
    const v = JSON.parse(comment) as { code?: unknown };
    return VOID_CODES.find((c) => c === v.code) ?? null;
  } catch {
    return null;
  }
}

/** One changed part (`text`, `variant:x`, `image:2`, `platforms`) in words. */
export function partLabel(part: string, t: TFunction): string {
  const [kind, arg] = part.split(":");
  if (kind === "variant" && arg) return t("review.parts.variant", { platform: t(`platform.${arg}`) });
  if (kind === "image" && arg) return t("review.parts.image", { n: arg });
  if (kind === "platforms") return t("review.parts.platforms");
  return t("review.parts.text");
}

/** What the audit log shows as an entry's comment. */
export function auditComment(comment: string, t: TFunction): string {
  const voided = voidReason(comment);
  if (voided) return t(`review.voidReasons.${voided}`);
  const held = heldBack(comment);
  if (!held) return comment;
  if (held.code === "not_approved") return t("review.held.not_approved");
  const parts = held.changed.map((p) => partLabel(p, t)).join(t("review.parts.separator"));
  return t("review.held.changed_after_approval", { parts: parts || t("review.parts.text") });
}
