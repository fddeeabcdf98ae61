// A publishing failure in the window's language, chosen by the kind the core stores with it
// (never by reading the core's English, which stays folded under 「詳細」).
import type { FailureKind } from "./bindings";

/** Every kind the core writes, with the translation key of its sentence. */
export const FAILURE_KEYS: Record<FailureKind, string> = {
  keychain: "failure.keychain",
  take_back: "failure.takeBack",
  reconnect: "failure.reconnect",
  media_host: "failure.mediaHost",
  media_host_refused: "failure.mediaHostRefused",
  needs_image: "failure.needsImage",
  aspect: "failure.aspect",
  api_version: "failure.apiVersion",
  daily_limit: "failure.dailyLimit",
  credits: "failure.credits",
  spend_cap: "failure.spendCap",
  not_live: "failure.notLive",
  quota: "failure.quota",
  slow_down: "failure.slowDown",
  processing: "failure.processing",
  rate_limited: "failure.rateLimited",
  server_error: "failure.serverError",
  unreachable: "failure.unreachable",
  no_account: "failure.noAccount",
  not_available: "failure.notAvailable",
  image: "failure.image",
  refused: "failure.refused",
  strange_answer: "failure.strangeAnswer",
  other: "failure.other",
};

/** The translation key for a stored kind; rows from before kinds were stored read as "other". */
export function failureKey(kind: FailureKind | null | undefined): string {
  return FAILURE_KEYS[kind ?? "other"] ?? FAILURE_KEYS.other;
}
