// ISO weeks (Monday to Sunday, week 1 holds the year's first Thursday) for choosing the week
// of a manager's digest: the same `YYYY-Www` the core and `tsunagu digest --week` read.

export interface WeekChoice {
  /** `YYYY-Www`. */
  week: string;
  /** Its Monday and Sunday, local dates. */
  monday: Date;
  sunday: Date;
}

const day = 24 * 60 * 60 * 1000;

function local(y: number, m: number, d: number): Date {
  return new Date(y, m, d, 12);
}

/** The ISO week of a local date. */
export function isoWeek(date: Date): string {
  const d = local(date.getFullYear(), date.getMonth(), date.getDate());
  const weekday = (d.getDay() + 6) % 7; // Monday 0
  const thursday = new Date(d.getTime() + (3 - weekday) * day);
  const year = thursday.getFullYear();
  const firstThursday = local(year, 0, 4);
  const firstWeekday = (firstThursday.getDay() + 6) % 7;
  const week1Monday = new Date(firstThursday.getTime() - firstWeekday * day);
  const monday = new Date(d.getTime() - weekday * day);
  const n = Math.round((monday.getTime() - week1Monday.getTime()) / (7 * day)) + 1;
  return `${year}-W${String(n).padStart(2, "0")}`;
}

/** This week and the `count - 1` before it, newest first. */
export function recentWeeks(today: Date, count: number): WeekChoice[] {
  const d = local(today.getFullYear(), today.getMonth(), today.getDate());
  const weekday = (d.getDay() + 6) % 7;
  const out: WeekChoice[] = [];
  for (let i = 0; i < count; i++) {
    const monday = new Date(d.getTime() - (weekday + 7 * i) * day);
    const sunday = new Date(monday.getTime() + 6 * day);
    out.push({ week: isoWeek(monday), monday, sunday });
  }
  return out;
}

/** "2026年11月30日〜12月6日" in Japanese, "30 Nov – 6 Dec 2026" otherwise. */
export function weekLabel(w: WeekChoice, language: string): string {
  if (language.startsWith("ja")) {
    const a = `${w.monday.getFullYear()}年${w.monday.getMonth() + 1}月${w.monday.getDate()}日`;
    const sameYear = w.monday.getFullYear() === w.sunday.getFullYear();
    const b = `${sameYear ? "" : `${w.sunday.getFullYear()}年`}${w.sunday.getMonth() + 1}月${w.sunday.getDate()}日`;
    return `${a}〜${b}`;
  }
  const short = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" });
  const long = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });
  return `${short.format(w.monday)} – ${long.format(w.sunday)}`;
}
