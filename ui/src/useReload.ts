// Loads once, then again whenever the shell reports a change the screen shows: the pattern
// every screen uses to stay current without polling. Each caller says which changes matter,
// so an autosave does not make every screen refetch.
import { useEffect, useRef } from "react";
import type { ChangeEvent } from "./bindings";
import { onChanged } from "./api";

/** Calls `load` now and on every change event that `wants` accepts. */
export function useReload(load: () => void, wants: (change: ChangeEvent) => boolean): void {
  const filter = useRef(wants);
  filter.current = wants;
  useEffect(() => {
    load();
    let live = true;
    const off = onChanged((change) => {
      if (filter.current(change)) load();
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
