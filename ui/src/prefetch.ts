// The calendar's first months, fetched as soon as the workspace's time zone is known, while
// the calendar's code (FullCalendar) is still loading: the first screen draws with its posts
// at once instead of drawing an empty grid and asking afterwards.
//
// Staleness is handled by listening before fetching: a change that arrives before the
// calendar takes the data throws it away, and one that arrives after (before the calendar's
// own listener is in place) is reported by `changedSince`, so the calendar reloads.
import { monthPlanning, monthView, type MonthPlanning, type MonthView } from "./bindings";
import { onChanged } from "./api";
import { dateInZone, firstMonths } from "./calendarEvents";

/** The first months' data, and the change count it was taken at. */
export type Prefetched = { views: MonthView[]; planning: MonthPlanning; at: number };

type First = { key: string; data: Promise<[MonthView[], MonthPlanning]>; value: [MonthView[], MonthPlanning] | null };

let first: First | null = null;
let listening: Promise<unknown> | null = null;
let changes = 0;

function keyOf(months: string[], month: string): string {
  return `${months.join(",")}|${month}`;
}

/**
 * Starts fetching the first screen's months for the workspace zone `timeZone` (once). The
 * answer settles when the data has arrived (or failed), so the start can wait for it and draw
 * the calendar once, with its posts.
 */
export function prefetchCalendar(timeZone: string): Promise<void> {
  if (listening) return Promise.resolve();
  listening = onChanged(() => {
    changes += 1;
    first = null;
  });
  return listening.then(async () => {
    const { months, month } = firstMonths(dateInZone(new Date(), timeZone));
    const data = Promise.all([Promise.all(months.map((m) => monthView(m))), monthPlanning(month)]);
    const entry: First = { key: keyOf(months, month), data, value: null };
    first = entry;
    try {
      entry.value = await data;
    } catch {
      // The calendar asks again itself and shows the error there.
    }
  });
}

/** The prefetched data for exactly these months if it has arrived, once; else `null`. */
export function takeReady(months: string[], month: string): Prefetched | null {
  if (!first?.value || first.key !== keyOf(months, month)) return null;
  const [views, planning] = first.value;
  first = null;
  return { views, planning, at: changes };
}

/** The prefetched data for exactly these months while it is still on its way, once. */
export function takePrefetched(months: string[], month: string): Promise<[MonthView[], MonthPlanning]> | null {
  if (!first || first.key !== keyOf(months, month)) return null;
  const { data } = first;
  first = null;
  return data;
}

/** Whether a change has arrived since data was taken at change count `at`. */
export function changedSince(at: number): boolean {
  return changes > at;
}
