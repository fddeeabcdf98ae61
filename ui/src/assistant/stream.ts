// Following one assistant request: the answer streams in as `tsunagu://assistant` events
// carrying the text so far, under the operation id `track` gave the request; stopping it is
// the operation's 「中止」 (the shell stops reading and writes nothing).
import { listen } from "@tauri-apps/api/event";
import { useCallback, useEffect, useRef, useState } from "react";
import { ASSISTANT_EVENT, type AssistantStream } from "../bindings";
import { cancel, track } from "../operations";

export interface AssistantRun {
  /** The answer so far (empty until the first piece). */
  text: string;
  /** Whether a request is running. */
  running: boolean;
  /** Runs `start(op)` as the operation `label`, following its answer. */
  run: <T>(label: string, start: (op: string) => Promise<T>) => Promise<T>;
  /** Stops the running request. */
  stop: () => void;
}

export function useAssistantRun(): AssistantRun {
  const [text, setText] = useState("");
  const [running, setRunning] = useState(false);
  const op = useRef<string | null>(null);
  useEffect(() => {
    const unlisten = listen<AssistantStream>(ASSISTANT_EVENT, (e) => {
      if (e.payload.op === op.current) setText(e.payload.text);
    });
    return () => {
      void unlisten.then((f) => f()).catch(() => undefined);
    };
  }, []);
  const run = useCallback(async <T,>(label: string, start: (id: string) => Promise<T>): Promise<T> => {
    setText("");
    setRunning(true);
    try {
      return await track(
        label,
        (id) => {
          op.current = id;
          return start(id);
        },
        true,
      );
    } finally {
      op.current = null;
      setRunning(false);
    }
  }, []);
  const stop = useCallback(() => {
    if (op.current) cancel(op.current);
  }, []);
  return { text, running, run, stop };
}
