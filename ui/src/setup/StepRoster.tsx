// Step 4: the roster from the company's own sheet (.xlsx or CSV, Japanese column names), checked
// first (each bad cell named), imported all or nothing.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { importRoster, type ImportReport } from "../bindings";
import { toIpcError } from "../api";
import { toBase64 } from "../files";
import { FileButton } from "../components/FileButton";
import { RowErrors } from "../components/RowErrors";
import { track } from "../operations";
import { ColumnMapping, unknownHeaders } from "../components/ColumnMapping";
import { StepNext } from "./StepNext";
import type { StepProps } from "./SetupGuide";

const ACCEPT = ".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function StepRoster(props: StepProps) {
  const { t } = useTranslation();
  const [check, setCheck] = useState<{ data: string; report: ImportReport; mapping: Record<string, string> } | null>(null);
  const [done, setDone] = useState<ImportReport | null>(null);
  const pick = async (file: File) => {
    try {
      const data = await toBase64(file);
      setDone(null);
      setCheck({ data, report: await track(t("operations.importRoster"), (op) => importRoster(data, true, null, op), true), mapping: {} });
    } catch (e) {
      props.onError(toIpcError(e));
    }
  };
  const doImport = () =>
    check &&
    void track(t("operations.importRoster"), (op) => importRoster(check.data, false, check.mapping, op), true)
      .then((r) => {
        setCheck(null);
        setDone(r);
      })
      .catch((e: unknown) => props.onError(toIpcError(e)));
  const r = check?.report;
  return (
    <div className="setup-step">
      <p>{t("setup.roster.help")}</p>
      <FileButton label={t("setup.roster.choose")} accept={ACCEPT} onFile={(f) => void pick(f)} keepName />
      {r && (
        <div className="import-panel" role="region" aria-label={t("setup.roster.check")}>
          <p>{t("roster.importSummary", { rows: r.rows, added: r.added, updated: r.updated, encoding: r.encoding })}</p>
          <ColumnMapping
            headers={[...new Set([...unknownHeaders(r.errors), ...Object.keys(check.mapping)])]}
            mapping={check.mapping}
            onChange={(mapping) =>
              void track(t("operations.importRoster"), (op) => importRoster(check.data, true, mapping, op), true)
                .then((report) => setCheck({ ...check, report, mapping }))
                .catch((e: unknown) => props.onError(toIpcError(e)))
            }
          />
          <RowErrors errors={r.errors} />
          <button type="button" className="primary" disabled={r.errors.length > 0} onClick={doImport}>
            {t("roster.importNow")}
          </button>
        </div>
      )}
      {done && <p role="status">{t("roster.imported", { added: done.added, updated: done.updated })}</p>}
      <StepNext label={t("setup.next")} disabled={check !== null} onClick={props.next} />
    </div>
  );
}
