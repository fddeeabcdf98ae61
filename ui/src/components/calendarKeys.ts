// The calendar's keys: PageUp / PageDown the previous or next month, Ctrl+N a new post for
// today, Ctrl+K or 「/」 the post search. Not while a post, the new-post form or the search is
// open (`blocked`), nor while typing.
import { useEffect, useRef } from "react";
import { typing } from "./ShortcutHelp";

export type CalendarKeys = { prev: () => void; next: () => void; newPost: (day: string) => void; search: () => void };

export function useCalendarKeys(blocked: boolean, keys: CalendarKeys) {
  // The latest actions, without re-listening on every render.
  const current = useRef(keys);
  current.current = keys;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (blocked || typing(e)) return;
      const k = current.current;
      const ctrl = e.ctrlKey || e.metaKey;
      if (e.key === "PageUp" || e.key === "PageDown") {
        e.preventDefault();
        if (e.key === "PageUp") k.prev();
        else k.next();
      } else if (ctrl && e.key.toLowerCase() === "n") {
        e.preventDefault();
        const now = new Date();
        k.newPost(`${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`);
      } else if ((ctrl && e.key.toLowerCase() === "k") || (!ctrl && e.key === "/")) {
        e.preventDefault();
        k.search();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [blocked]);
}
