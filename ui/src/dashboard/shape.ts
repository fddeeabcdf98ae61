// Pure helpers for the dashboard: periods, colours and bar heights, kept apart from React so
// they can be unit-tested.

/** `YYYY-MM` of a date. */
export function monthOf(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

/** The month `n` months before (`n` negative: after) `month`. */
export function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number);
  const total = (y ?? 0) * 12 + ((m ?? 1) - 1) - n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, "0")}`;
}

/** The number of months from `from` to `to`, both included (0 when reversed). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split("-").map(Number);
  const [ty, tm] = to.split("-").map(Number);
  const n = ((ty ?? 0) - (fy ?? 0)) * 12 + ((tm ?? 0) - (fm ?? 0)) + 1;
  return n > 0 ? n : 0;
}

/** A blue (cold) to orange (warm) colour for a participation rate from 0 to 1. */
export function warmth(rate: number): string {
  const r = Math.min(1, Math.max(0, rate));
  const mix = (a: number, b: number) => Math.round(a + (b - a) * r);
  const hex = (v: number) => v.toString(16).padStart(2, "0");
  return `#${hex(mix(226, 244))}${hex(mix(236, 162))}${hex(mix(247, 97))}`;
}

/** Bar heights (0–`height`) for `values`, the largest filling the height. */
export function bars(values: number[], height: number): number[] {
  const max = Math.max(1, ...values);
  return values.map((v) => (v <= 0 ? 0 : Math.max(1, (v / max) * height)));
}
