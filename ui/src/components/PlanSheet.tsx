// A month's plan to and from a spreadsheet: 「表計算から取り込む」 reads an .xlsx or CSV and shows
// what would be made (each row's date, accounts and title) or every bad cell, and imports only
// when all rows are good; 「表計算に書き出す」 writes the shown month in the same columns.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { exportPosts, importPosts, type IpcError, type PostsImport } from "../bindings";
import { toIpcError } from "../api";
import { toBase64 } from "../files";
import { FileButton } from "./FileButton";
import { track } from "../operations";
import { RowErrors } from "./RowErrors";

/** Rows the check lists (the rest are counted). */
const PREVIEW_ROWS = 200;

const ACCEPT = ".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The first and last day of `YYYY-MM`. */
function monthBounds(month: string): [string, string] {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return [`${month}-01`, `${month}-${String(last).padStart(2, "0")}`];
}

export function PlanSheet(props: { month: string | null; onNotice: (text: string) => void; onError: (e: IpcError) => void }) {
  const { t } = useTranslation();
  const [check, setCheck] = useState<{ data: string; report: PostsImport } | null>(null);
  // Stopped on request is not a problem: it is said as a notice.
  const failed = (e: unknown) => {
    const err = toIpcError(e);
    if (err.rule === "cancelled") props.onNotice(t("error.rules.cancelled"));
    else props.onError(err);
  };
  const pick = async (file: File) => {
    try {
      const data = await toBase64(file);
      setCheck({ data, report: await track(t("operations.importPosts"), (op) => importPosts(data, true, op), true) });
    } catch (e) {
      failed(e);
    }
  };
  const doImport = async () => {
    if (!check) return;
    try {
      const r = await track(t("operations.importPosts"), (op) => importPosts(check.data, false, op), true);
      if (r.errors.length > 0) {
        setCheck({ ...check, report: r });
        return;
      }
      setCheck(null);
      props.onNotice(t("planSheet.imported", { count: r.created }));
    } catch (e) {
      failed(e);
    }
  };
  const doExport = async () => {
    if (!props.month) return;
    const [from, to] = monthBounds(props.month);
    try {
      props.onNotice(t("calendar.exported", { path: await exportPosts(from, to) }));
    } catch (e) {
      failed(e);
    }
  };
  const r = check?.report;
  return (
    <>
      <FileButton label={t("planSheet.import")} accept={ACCEPT} onFile={(f) => void pick(f)} />
      <button type="button" onClick={() => void doExport()} disabled={!props.month}>
        {t("planSheet.export")}
      </button>
      {r && (
        <div className="modal-backdrop">
          <section className="modal wide" role="dialog" aria-modal="true" aria-label={t("planSheet.check")}>
            <h2>{t("planSheet.check")}</h2>
            <p>{r.errors.length > 0 ? t("planSheet.hasErrors", { rows: r.rows, count: r.errors.length }) : t("planSheet.summary", { rows: r.rows, count: r.created })}</p>
            <RowErrors errors={r.errors} />
            {r.errors.length === 0 && (
              <table className="plan-preview">
                <thead>
                  <tr>
                    <th>{t("planSheet.row")}</th>
                    <th>{t("planSheet.when")}</th>
                    <th>{t("planSheet.accounts")}</th>
                    <th>{t("planSheet.title")}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.planned.slice(0, PREVIEW_ROWS).map((p) => (
                    <tr key={p.row}>
                      <td>{p.row}</td>
                      <td>{p.local_time.replace("T", " ")}</td>
                      <td>{p.accounts.join("、")}</td>
                      <td>{p.title}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {r.planned.length > PREVIEW_ROWS && <p className="muted small">{t("planSheet.more", { count: r.planned.length - PREVIEW_ROWS })}</p>}
            <p className="muted small">{t("planSheet.asDrafts")}</p>
            <div className="actions">
              <button type="button" className="primary" disabled={r.errors.length > 0 || r.created === 0} onClick={() => void doImport()}>
                {t("planSheet.importNow", { count: r.created })}
              </button>
              <button type="button" onClick={() => setCheck(null)}>
                {t("calendar.cancel")}
              </button>
            </div>
          </section>
        </div>
      )}
    </>
  );
}
