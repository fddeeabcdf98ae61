// Loads once, then again whenever the shell reports a change: the pattern every screen uses
// to stay current without polling.
import { useEffect, useRef } from "react";
import type { Changed } from "./bindings";
import { onChanged } from "./api";

/** Calls `load` now and on every change event (or only those `only` accepts). */
export function useReload(load: () => void, only?: (what: Changed) => boolean): void {
  const filter = useRef(only);
  filter.current = only;
  useEffect(() => {
    load();
    const off = onChanged((what) => {
      if (!filter.current || filter.current(what)) load();
    });
    return () => void off.then((f) => f());
  }, [load]);
}
