// Turns the core's month view into FullCalendar events.
//
// The calendar runs with timeZone "UTC" and is fed the workspace's wall-clock time as if it
// were UTC: that shows every post at its time in the workspace zone, whatever zone the
// laptop is in, without a time-zone plugin.
import type { EventInput } from "@fullcalendar/core";
import type { CalendarPost } from "./bindings";
import { STATUS_COLORS } from "./status";

export function toEvents(posts: CalendarPost[]): EventInput[] {
  return posts.map((p) => ({
    id: p.id,
    title: p.title,
    start: `${p.local_time}Z`,
    allDay: false,
    backgroundColor: STATUS_COLORS[p.status],
    borderColor: STATUS_COLORS[p.status],
    textColor: "#ffffff",
    extendedProps: { post: p },
  }));
}

/** `YYYY-MM` of the month a FullCalendar month view shows, from its current start. */
export function monthOf(date: Date): string {
  const y = date.getUTCFullYear();
  const m = String(date.getUTCMonth() + 1).padStart(2, "0");
  return `${y}-${m}`;
}

/** `HH:MM` of a post in the workspace zone. */
export function timeOf(post: CalendarPost): string {
  return post.local_time.slice(11, 16);
}

/** `YYYY-MM-DD` of `at` in the IANA zone `zone` (UTC if the zone is unknown). */
export function dateInZone(at: Date, zone: string): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(at);
  } catch {
    return at.toISOString().slice(0, 10);
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** Every `YYYY-MM` the range `[start, end)` touches (calendar dates are "UTC" wall clock). */
export function monthsBetween(start: Date, end: Date): string[] {
  const out: string[] = [];
  const last = new Date(end.getTime() - 1);
  let y = start.getUTCFullYear();
  let m = start.getUTCMonth();
  while (y < last.getUTCFullYear() || (y === last.getUTCFullYear() && m <= last.getUTCMonth())) {
    out.push(`${y}-${String(m + 1).padStart(2, "0")}`);
    m += 1;
    if (m === 12) {
      m = 0;
      y += 1;
    }
  }
  return out;
}

/** The calendar's "UTC" date as the workspace wall-clock time `YYYY-MM-DDTHH:MM`. */
export function toLocalTime(date: Date): string {
  return date.toISOString().slice(0, 16);
}

/**
 * The months the calendar's first screen shows for `today` (`YYYY-MM-DD`): the month grid
 * starts on the Monday on or before the 1st and ends on the Sunday on or after the last day,
 * as FullCalendar draws it (`firstDay` 1, no fixed week count). Known before FullCalendar has
 * loaded, so the months can be fetched while it does.
 */
export function firstMonths(today: string): { months: string[]; month: string } {
  const [y, m] = today.split("-").map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1, 1));
  const last = new Date(Date.UTC(y, m, 0));
  const start = new Date(first.getTime() - ((first.getUTCDay() + 6) % 7) * 86_400_000);
  const end = new Date(last.getTime() + (1 + ((7 - last.getUTCDay()) % 7)) * 86_400_000);
  return { months: monthsBetween(start, end), month: today.slice(0, 7) };
}
