// Long operations the window shows: `track` runs one (giving it an id the shell reports its
// steps under), and after a second without an answer the operations bar shows its name, how
// far it is (when the shell reports steps) and 「中止」 when stopping it is safe.
import { listen } from "@tauri-apps/api/event";
import { cancelOperation, PROGRESS_EVENT, type ProgressEvent } from "./bindings";

export type Operation = { id: string; label: string; done: number; total: number; cancellable: boolean; startedAt: number };

let running: Operation[] = [];
const watchers = new Set<(ops: Operation[]) => void>();
const notify = () => watchers.forEach((w) => w(running));
let counter = 0;
let listening: Promise<unknown> | null = null;

function listenOnce() {
  listening ??= listen<ProgressEvent>(PROGRESS_EVENT, (e) => {
    running = running.map((o) => (o.id === e.payload.op ? { ...o, done: e.payload.done, total: e.payload.total } : o));
    notify();
  }).catch(() => undefined);
}

/** Follows the running operations; returns the way to stop following. */
export function watchOperations(w: (ops: Operation[]) => void): () => void {
  watchers.add(w);
  w(running);
  return () => watchers.delete(w);
}

/**
 * Runs `start` as an operation named `label`. `start` gets the id to pass to the command;
 * `cancellable` offers 「中止」 (only for commands that stop before writing anything).
 */
export async function track<T>(label: string, start: (op: string) => Promise<T>, cancellable = false): Promise<T> {
  listenOnce();
  counter += 1;
  const op: Operation = { id: `op-${Date.now().toString(36)}-${counter}`, label, done: 0, total: 0, cancellable, startedAt: Date.now() };
  running = [...running, op];
  notify();
  try {
    return await start(op.id);
  } finally {
    running = running.filter((o) => o.id !== op.id);
    notify();
  }
}

/** Asks the shell to stop operation `id`. */
export function cancel(id: string): void {
  void cancelOperation(id).catch(() => undefined);
}

/** The share done, 0–100, or `null` while the shell has reported no steps. */
export function percent(o: Pick<Operation, "done" | "total">): number | null {
  if (o.total <= 0) return null;
  return Math.min(100, Math.round((o.done / o.total) * 100));
}
