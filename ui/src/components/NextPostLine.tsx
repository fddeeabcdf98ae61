// The sidebar's line about the next post: when it goes out and whether this computer must be
// on for it (a platform that holds the post publishes it by itself), so nobody closes the
// laptop thinking the scheduler runs somewhere else.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { postsMoved, touches } from "../api";
import { nextPost, type NextPost } from "../bindings";
import { useReload } from "../useReload";

export function NextPostLine(props: { timeZone?: string }) {
  const { t, i18n } = useTranslation();
  const [next, setNext] = useState<NextPost | null>(null);
  const load = useCallback(() => {
    nextPost()
      .then(setNext)
      .catch(() => setNext(null));
  }, []);
  // A post moved, approved or published changes it; typing in a draft does not.
  useReload(load, (c) => postsMoved(c) || touches(c, "accounts", "settings"));
  useEffect(() => {
    // The next post passes while the app stays open.
    const timer = window.setInterval(load, 60_000);
    return () => window.clearInterval(timer);
  }, [load]);
  if (!next) return null;
  const at = new Date(next.at);
  // "Today" in the workspace's zone, like every time the calendar shows.
  const day = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: props.timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
  const sameDay = day(at) === day(new Date());
  const time = at.toLocaleString(i18n.language, {
    ...(sameDay ? {} : { month: "long", day: "numeric" }),
    hour: "numeric",
    minute: "2-digit",
    timeZone: props.timeZone,
  });
  return (
    <p className={next.needs_this_pc ? "next-post needs-pc" : "next-post"} aria-label={t("nextPost.label")} title={next.title}>
      {next.needs_this_pc ? t("nextPost.needsPc", { time }) : t("nextPost.platformHolds", { time })}
    </p>
  );
}
