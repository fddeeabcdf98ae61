// Helpers around the generated bindings: error normalisation and change events.
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { CHANGED_EVENT, ERROR_CODES, RULES, type ChangeEvent, type Changed, type ErrorCode, type IpcError, type Rule } from "./bindings";

const KNOWN_CODES: ReadonlySet<string> = new Set<string>(ERROR_CODES);
const KNOWN_RULES: ReadonlySet<string> = new Set<string>(RULES);

/** Whatever a command rejected with, as an IpcError. */
export function toIpcError(e: unknown): IpcError {
  if (typeof e === "object" && e !== null && "code" in e && "message" in e) {
    const { code, message, rule } = e as { code: unknown; message: unknown; rule?: unknown };
    if (typeof code === "string" && KNOWN_CODES.has(code)) {
      const known = typeof rule === "string" && KNOWN_RULES.has(rule) ? (rule as Rule) : null;
      return { code: code as ErrorCode, message: String(message), rule: known };
    }
  }
  return { code: "io", message: e instanceof Error ? e.message : String(e), rule: null };
}

/**
 * The sentence that says what went wrong, in the UI's language: the refusal's rule when one
 * refused (other than plain field validation), else the error code's.
 */
export function errorKey(error: IpcError): string {
  return error.rule && error.rule !== "input" ? `error.rules.${error.rule}` : `error.codes.${error.code}`;
}

/** Calls `cb` whenever the shell reports a change. */
export function onChanged(cb: (change: ChangeEvent) => void): Promise<UnlistenFn> {
  return listen<ChangeEvent>(CHANGED_EVENT, (event) => cb(event.payload));
}

/** Whether the change is of one of `kinds`, or replaced the whole workspace. */
export function touches(change: ChangeEvent, ...kinds: Changed[]): boolean {
  return change.kinds.some((k) => k === "workspace" || kinds.includes(k));
}

/**
 * Whether posts changed beyond their words: created, deleted, moved, reviewed, published. An
 * autosave (`words_only`) is not: views that show no post text have nothing to refetch.
 */
export function postsMoved(change: ChangeEvent): boolean {
  return touches(change, "posts") && !change.words_only;
}

/** Whether post `id` changed beyond its words (see `postsMoved`). */
export function postMoved(change: ChangeEvent, id: string): boolean {
  return postsMoved(change) && (change.every_post || change.posts.includes(id) || change.kinds.includes("workspace"));
}
