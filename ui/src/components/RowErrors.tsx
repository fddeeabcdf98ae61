// The problems an import found, one line per cell: the sentence in the screen's language from
// the problem's code, the column by its name in that language, and the core's English detail
// folded under 「詳細」 on a Japanese screen.
import { useTranslation } from "react-i18next";
import type { RowError } from "../bindings";

/** Column names the importers use, as the screen names them (others are the file's own). */
export function columnLabel(column: string, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (column === "") return t("rowErrors.wholeRow");
  return t(`rowErrors.columns.${column}`, { defaultValue: column });
}

export function RowErrors(props: { errors: RowError[]; label?: string }) {
  const { t, i18n } = useTranslation();
  if (props.errors.length === 0) return null;
  return (
    <ul className="row-errors" role="alert" aria-label={props.label}>
      {props.errors.map((e, i) => (
        <li key={i}>
          {t("rowErrors.line", { row: e.row, column: columnLabel(e.column, t), what: t(`rowErrors.codes.${e.code}`) })}
          {i18n.language === "en" ? (
            <span className="error-message"> {e.problem}</span>
          ) : (
            <details>
              <summary>{t("error.details")}</summary>
              <div className="error-message">{e.problem}</div>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}
