// Dates and months chosen with selects in the screen's language (2026年 12月 6日), instead of
// the browser's date and month inputs, which WebKit writes in the system's format
// ("12/06/2026", "Oct 2026") whatever the screen's language is. Values stay ISO: "YYYY-MM-DD"
// and "YYYY-MM".
import { useTranslation } from "react-i18next";

const pad = (n: number) => String(n).padStart(2, "0");

function years(around: number, value: number | null): number[] {
  const out: number[] = [];
  for (let y = around - 2; y <= around + 4; y++) out.push(y);
  if (value !== null && !out.includes(value)) out.push(value);
  return out.sort((a, b) => a - b);
}

function parts(value: string): [number | null, number | null, number | null] {
  const [y, m, d] = value.split("-").map((x) => Number(x));
  return [y || null, m || null, d || null];
}

/** "2026-12-03" as the screen writes a date: 2026年12月3日, or Dec 3, 2026. */
export function dateLabel(iso: string, language: string): string {
  const [y, m, d] = parts(iso);
  if (y === null || m === null || d === null) return iso;
  return new Intl.DateTimeFormat(language, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A date as three selects; `optional` offers 「—」 (no date). */
export function DateField(props: { label: string; value: string; onChange: (v: string) => void; optional?: boolean }) {
  const { t } = useTranslation();
  const [y, m, d] = parts(props.value);
  const now = new Date();
  const set = (ny: number | null, nm: number | null, nd: number | null) => {
    if (ny === null || nm === null || nd === null) return props.onChange("");
    const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
    props.onChange(`${ny}-${pad(nm)}-${pad(Math.min(nd, last))}`);
  };
  const fill = (ny: number | null, nm: number | null, nd: number | null) =>
    set(ny ?? now.getFullYear(), nm ?? now.getMonth() + 1, nd ?? now.getDate());
  const none = props.optional ? <option value="">—</option> : null;
  return (
    <span className="date-field" role="group" aria-label={props.label}>
      <select aria-label={t("dates.year", { label: props.label })} value={y ?? ""} onChange={(e) => (e.target.value ? fill(Number(e.target.value), m, d) : set(null, null, null))}>
        {none}
        {years(now.getFullYear(), y).map((v) => (
          <option key={v} value={v}>
            {t("dates.yearValue", { year: v })}
          </option>
        ))}
      </select>
      <select aria-label={t("dates.month", { label: props.label })} value={m ?? ""} onChange={(e) => (e.target.value ? fill(y, Number(e.target.value), d) : set(null, null, null))}>
        {none}
        {Array.from({ length: 12 }, (_, i) => i + 1).map((v) => (
          <option key={v} value={v}>
            {t("dates.monthValue", { month: v })}
          </option>
        ))}
      </select>
      <select aria-label={t("dates.day", { label: props.label })} value={d ?? ""} onChange={(e) => (e.target.value ? fill(y, m, Number(e.target.value)) : set(null, null, null))}>
        {none}
        {Array.from({ length: 31 }, (_, i) => i + 1).map((v) => (
          <option key={v} value={v}>
            {t("dates.dayValue", { day: v })}
          </option>
        ))}
      </select>
    </span>
  );
}

/** A month ("YYYY-MM") as two selects. */
export function MonthField(props: { label: string; value: string; onChange: (v: string) => void; invalid?: boolean }) {
  const { t } = useTranslation();
  const [y, m] = parts(props.value);
  const now = new Date();
  return (
    <span className="date-field" role="group" aria-label={props.label}>
      <select aria-label={t("dates.year", { label: props.label })} aria-invalid={props.invalid} value={y ?? now.getFullYear()} onChange={(e) => props.onChange(`${e.target.value}-${pad(m ?? 1)}`)}>
        {years(now.getFullYear(), y).map((v) => (
          <option key={v} value={v}>
            {t("dates.yearValue", { year: v })}
          </option>
        ))}
      </select>
      <select aria-label={t("dates.month", { label: props.label })} aria-invalid={props.invalid} value={m ?? 1} onChange={(e) => props.onChange(`${y ?? now.getFullYear()}-${pad(Number(e.target.value))}`)}>
        {Array.from({ length: 12 }, (_, i) => i + 1).map((v) => (
          <option key={v} value={v}>
            {t("dates.monthValue", { month: v })}
          </option>
        ))}
      </select>
    </span>
  );
}

/** A time of day ("HH:MM") as two selects: the hour (9時) and the minute in steps of five. */
export function TimeField(props: { label: string; value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  const [h, m] = props.value.split(":").map((x) => Number(x));
  const hour = Number.isFinite(h) ? (h as number) : 9;
  const minute = Number.isFinite(m) ? (m as number) : 0;
  const minutes = Array.from({ length: 12 }, (_, i) => i * 5);
  if (!minutes.includes(minute)) minutes.push(minute);
  minutes.sort((a, b) => a - b);
  return (
    <span className="date-field" role="group" aria-label={props.label}>
      <select aria-label={t("dates.hour", { label: props.label })} value={hour} onChange={(e) => props.onChange(`${pad(Number(e.target.value))}:${pad(minute)}`)}>
        {Array.from({ length: 24 }, (_, i) => i).map((v) => (
          <option key={v} value={v}>
            {t("dates.hourValue", { hour: v })}
          </option>
        ))}
      </select>
      <select aria-label={t("dates.minute", { label: props.label })} value={minute} onChange={(e) => props.onChange(`${pad(hour)}:${pad(Number(e.target.value))}`)}>
        {minutes.map((v) => (
          <option key={v} value={v}>
            {t("dates.minuteValue", { minute: pad(v) })}
          </option>
        ))}
      </select>
    </span>
  );
}

/** `YYYY-MM` as the screen's language writes a month (2026年12月, Dec 2026). */
export function monthLabel(month: string, language: string): string {
  const [y, m] = month.split("-").map(Number);
  if (!y || !m) return month;
  return new Intl.DateTimeFormat(language, { year: "numeric", month: "short", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, 1)));
}
