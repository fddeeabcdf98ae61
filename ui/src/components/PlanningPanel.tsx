// Cadence shortfalls per week and the recurring slots still open this month.
import { useTranslation } from "react-i18next";
import type { MonthPlanning } from "../bindings";

export function PlanningPanel(props: { planning: MonthPlanning }) {
  const { t } = useTranslation();
  const short = props.planning.weeks.filter((w) => w.missing > 0);
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
                <strong>{t("calendar.weekOf", { date: w.week_start })}</strong>{" "}
                {w.cells
                  .filter((c) => c.missing > 0)
                  .map((c) => t("calendar.missing", { platform: t(`platform.${c.platform}`), count: c.missing }))
                  .join("、")}
              </li>
            ))}
          </ul>
        )}
      </div>
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
      </div>
    </section>
  );
}
