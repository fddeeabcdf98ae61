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
    let live = true;
    const off = onChanged((what) => {
      if (!filter.current || filter.current(what)) load();
    });
    // Listening starts a moment after the first load was sent: a change that landed in between
    // would be missed until the next one, so load once more when the listener is in place.
    void off.then(() => live && load());
    return () => {
      live = false;
      void off.then((f) => f());
    };
  }, [load]);
}
