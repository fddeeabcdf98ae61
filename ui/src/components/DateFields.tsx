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
