// Helpers around the generated bindings: error normalisation and change events.
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { CHANGED_EVENT, type Changed, type ErrorCode, type IpcError } from "./bindings";

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
export function onChanged(cb: (what: Changed) => void): Promise<UnlistenFn> {
  return listen<Changed>(CHANGED_EVENT, (event) => cb(event.payload));
}
