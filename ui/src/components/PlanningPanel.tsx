// The month's plan: weeks below the cadence targets, open recurring slots, and the forms
// that set themes, weekly targets and slots.
import { TimeField, dateLabel, monthLabel } from "./DateFields";
import { PlanIdeas } from "../assistant/PlanIdeas";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import {
  type Account,
  addSlot,
  addTheme,
  deleteSlot,
  deleteTheme,
  PLATFORMS,
  setCadence,
  type IpcError,
  type MonthPlanning,
  type Platform,
  type Theme,
} from "../bindings";
import { accountLabel, usableAccounts } from "../accounts";
import { FormError } from "./FormError";

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export function PlanningPanel(props: { planning: MonthPlanning; themes: Theme[]; readOnly?: boolean; accounts?: Account[] }) {
  const { t, i18n } = useTranslation();
  const ids = { theme: useId(), colour: useId() };
  const [error, setError] = useState<IpcError | null>(null);
  const [editing, setEditing] = useState(false);
  const [themeTitle, setThemeTitle] = useState("");
  const [themeColour, setThemeColour] = useState("#0f766e");
  const [slot, setSlot] = useState<{ weekday: number; time: string; title: string; platform: Platform }>({
    weekday: 2,
    time: "12:00",
    title: "",
    platform: "instagram",
  });
  const short = props.planning.weeks.filter((w) => w.missing > 0);
  const run = (work: Promise<unknown>) =>
    void work.then(() => setError(null)).catch((e: unknown) => setError(toIpcError(e)));
  const target = (p: Platform, account: string | null = null) =>
    props.planning.targets.find((x) => x.platform === p && x.account === account)?.per_week ?? 0;
  const accounts = props.accounts ?? [];
  // 「X」, or 「X（採用X）」 for an account's own target.
  const where = (p: Platform, account: string | null) => {
    const a = account ? accounts.find((x) => x.id === account) : undefined;
    return a ? `${t(`platform.${p}`)}（${accountLabel(a)}）` : t(`platform.${p}`);
  };

  return (
    <section className="planning" aria-label={t("calendar.planning")}>
      <div>
        <h2>{t("calendar.shortWeeks")}</h2>
        {short.length === 0 ? (
          <p className="muted">{t("calendar.noShortWeeks")}</p>
        ) : (
          <ul>
            {short.map((w) => (
              <li key={w.week_start} className="short-week">
                <strong>{t("calendar.weekOf", { date: dateLabel(w.week_start, i18n.language) })}</strong>{" "}
                {w.cells
                  .filter((c) => c.missing > 0)
                  .map((c) => t("calendar.missing", { platform: where(c.platform, c.account), count: c.missing }))
                  .join("、")}
              </li>
            ))}
          </ul>
        )}
      </div>
      {!props.readOnly && <PlanIdeas month={props.planning.month} label={monthLabel(props.planning.month, i18n.language)} />}
      <div>
        <h2>{t("calendar.openSlots")}</h2>
        {props.planning.open_slots.length === 0 ? (
          <p className="muted">{t("calendar.noOpenSlots")}</p>
        ) : (
          <p>
            {props.planning.open_slots.length} ·{" "}
            {props.planning.open_slots
              .slice(0, 4)
              .map((s) => `${s.local_time.slice(5, 10).replace("-", "/")} ${s.title}`)
              .join("、")}
            {props.planning.open_slots.length > 4 ? " …" : ""}
          </p>
        )}
        {!props.readOnly && (
          <button type="button" className="link-button" aria-expanded={editing} onClick={() => setEditing((e) => !e)}>
            {t("planning.edit")}
          </button>
        )}
      </div>
      {editing && !props.readOnly && (
        <div className="planning-edit">
          <fieldset>
            <legend>{t("planning.themes", { month: monthLabel(props.planning.month, i18n.language) })}</legend>
            <ul className="plain">
              {props.themes.map((th) => (
                <li key={th.id}>
                  <span className="swatch" style={{ background: th.color }} aria-hidden="true" /> {th.title}{" "}
                  <button type="button" className="link" aria-label={t("planning.removeTheme", { title: th.title })} onClick={() => run(deleteTheme(th.id))}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
            <div className="inline-form">
              <label htmlFor={ids.theme}>{t("planning.themeTitle")}</label>
              <input id={ids.theme} value={themeTitle} onChange={(e) => setThemeTitle(e.target.value)} />
              <label htmlFor={ids.colour}>{t("planning.colour")}</label>
              <input id={ids.colour} type="color" value={themeColour} onChange={(e) => setThemeColour(e.target.value)} />
              <button
                type="button"
                onClick={() => {
                  run(addTheme(props.planning.month, themeTitle, "", themeColour));
                  setThemeTitle("");
                }}
              >
                {t("planning.addTheme")}
              </button>
            </div>
          </fieldset>
          <fieldset>
            <legend>{t("planning.cadence")}</legend>
            <div className="cadence-grid">
              {PLATFORMS.flatMap((p) => [
                { p, account: null as string | null },
                // Several accounts on a platform: a target for each as well.
                ...(usableAccounts(accounts, p).length > 1 ? usableAccounts(accounts, p).map((a) => ({ p, account: a.id as string | null })) : []),
              ]).map(({ p, account }) => (
                <label key={`${p}-${account ?? ""}`}>
                  {where(p, account)}
                  <input
                    type="number"
                    min={0}
                    max={100}
                    aria-label={t("planning.perWeek", { platform: where(p, account) })}
                    defaultValue={target(p, account)}
                    onBlur={(e) => {
                      const n = Number(e.target.value);
                      if (n !== target(p, account)) run(setCadence(p, Number.isFinite(n) ? Math.max(0, Math.round(n)) : 0, account));
                    }}
                  />
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>{t("planning.slots")}</legend>
            <ul className="plain">
              {props.planning.slots.map((s) => (
                <li key={s.id}>
                  {t(`planning.weekday${s.weekday}`)} {s.local_time} · {s.title} · {t(`platform.${s.platform}`)}{" "}
                  <button type="button" className="link" aria-label={t("planning.removeSlot", { title: s.title })} onClick={() => run(deleteSlot(s.id))}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
            <div className="inline-form">
              <select aria-label={t("planning.weekday")} value={slot.weekday} onChange={(e) => setSlot({ ...slot, weekday: Number(e.target.value) })}>
                {WEEKDAYS.map((d) => (
                  <option key={d} value={d}>
                    {t(`planning.weekday${d}`)}
                  </option>
                ))}
              </select>
              <TimeField label={t("calendar.time")} value={slot.time} onChange={(v) => setSlot({ ...slot, time: v })} />
              <input aria-label={t("planning.slotTitle")} placeholder={t("planning.slotTitle")} value={slot.title} onChange={(e) => setSlot({ ...slot, title: e.target.value })} />
              <select aria-label={t("calendar.platforms")} value={slot.platform} onChange={(e) => setSlot({ ...slot, platform: e.target.value as Platform })}>
                {PLATFORMS.map((p) => (
                  <option key={p} value={p}>
                    {t(`platform.${p}`)}
                  </option>
                ))}
              </select>
              <button type="button" onClick={() => run(addSlot(slot.weekday, slot.time, slot.title, slot.platform))}>
                {t("planning.addSlot")}
              </button>
            </div>
          </fieldset>
          <FormError error={error} />
        </div>
      )}
    </section>
  );
}
