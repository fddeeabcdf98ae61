// Helpers around the generated bindings: error normalisation and change events.
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { CHANGED_EVENT, type ChangeEvent, type Changed, type ErrorCode, type IpcError } from "./bindings";

const KNOWN_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  "workspace_missing",
  "workspace_read_only",
  "workspace_not_a_folder",
  "schema_too_new",
  "database_corrupt",
  "database_busy",
  "database",
  "io",
  "invalid_time_zone",
  "invalid_input",
  "not_found",
  "no_backup",
  "keychain_unavailable",
  "platform",
  "busy",
  "unreachable",
]);

/** Whatever a command rejected with, as an IpcError. */
export function toIpcError(e: unknown): IpcError {
  if (typeof e === "object" && e !== null && "code" in e && "message" in e) {
    const { code, message } = e as { code: unknown; message: unknown };
    if (typeof code === "string" && KNOWN_CODES.has(code)) {
      return { code: code as ErrorCode, message: String(message) };
    }
  }
  return { code: "io", message: e instanceof Error ? e.message : String(e) };
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
