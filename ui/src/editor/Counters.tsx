// One meter per target platform, in that platform's own unit.
import { useTranslation } from "react-i18next";
import type { Count } from "../bindings";

export function Counters(props: { counts: Count[] }) {
  const { t } = useTranslation();
  return (
    <ul className="counters" aria-label={t("editor.counters")}>
      {props.counts.map((c) => {
        const ratio = c.limit ? Math.min(1, c.length / c.limit) : 0;
        const label = t("editor.counterLabel", {
          platform: t(`platform.${c.platform}`),
          length: c.length,
          limit: c.limit,
          unit: t(`unit.${c.unit}`),
        });
        return (
          <li key={c.platform} className={c.valid ? "counter ok" : "counter over"} aria-label={label} data-platform={c.platform}>
            <span className="counter-name">{t(`platform.${c.platform}`)}</span>
            <span className="meter" aria-hidden="true">
              <span style={{ width: `${ratio * 100}%` }} />
            </span>
            <span className="counter-num">
              {c.length}/{c.limit}
            </span>
            {c.also.map((m) => (
              <span key={m.unit} className={m.length > m.limit ? "counter-also over" : "counter-also"}>
                {t(`unit.${m.unit}`)} {m.length}/{m.limit}
              </span>
            ))}
            {c.problem && <span className="counter-problem">{t("editor.empty")}</span>}
          </li>
        );
      })}
    </ul>
  );
}
