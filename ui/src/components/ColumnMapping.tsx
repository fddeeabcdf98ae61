// The column-mapping step of the roster import: each header the import does not know (「所属部署」
// for 部署, say) gets a choice of the roster's columns, or 「使わない」; the check runs again with
// the choices, and nothing is imported until every header is understood.
import { useTranslation } from "react-i18next";
import type { RowError } from "../bindings";
import { columnLabel } from "./RowErrors";

/** The roster's columns, in the order the choice lists them. */
export const ROSTER_COLUMNS = ["name", "name_reading", "display_name", "department", "site", "role", "participation", "handles", "active", "consent_until"] as const;

/** The headers a check did not know. */
export function unknownHeaders(errors: RowError[]): string[] {
  return errors.filter((e) => e.code === "unknown_column" && e.row === 1).map((e) => e.column);
}

export function ColumnMapping(props: { headers: string[]; mapping: Record<string, string>; onChange: (m: Record<string, string>) => void }) {
  const { t } = useTranslation();
  if (props.headers.length === 0) return null;
  return (
    <fieldset className="column-mapping">
      <legend>{t("mapping.title")}</legend>
      <p className="muted small">{t("mapping.help")}</p>
      {props.headers.map((h) => (
        <label key={h} className="field inline">
          <span>「{h}」</span>
          <select aria-label={t("mapping.of", { header: h })} value={props.mapping[h] ?? "?"} onChange={(e) => props.onChange({ ...props.mapping, [h]: e.target.value })}>
            <option value="?" disabled>
              {t("mapping.choose")}
            </option>
            {ROSTER_COLUMNS.map((c) => (
              <option key={c} value={c}>
                {columnLabel(c, t)}
              </option>
            ))}
            <option value="">{t("mapping.skip")}</option>
          </select>
        </label>
      ))}
    </fieldset>
  );
}
