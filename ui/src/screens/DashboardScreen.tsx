// The dashboard a manager reads in ten seconds: KPIs against targets, reach and engagement per
// platform, the top posts, results per theme and purpose, the temperature map and the success
// stories, for a period of whole months; and the monthly report for the management meeting.
import { track } from "../operations";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { postsMoved, toIpcError, touches } from "../api";
import { dashboard, exportReport, listPurposes, type Dashboard, type IpcError, type Purpose } from "../bindings";
import { MonthField } from "../components/DateFields";
import { FormError } from "../components/FormError";
import { Notice } from "../components/Notice";
import { KpiPanel } from "../dashboard/KpiPanel";
import { AccountsPanel } from "../dashboard/Charts";
import { Groups, PlatformsPanel, Successes, Temperature, TopPosts } from "../dashboard/Panels";
import { monthOf, monthsBetween, shiftMonth } from "../dashboard/shape";
import { SharePanel } from "../share/SharePanel";
import { useReload } from "../useReload";

export function DashboardScreen() {
  const { t, i18n } = useTranslation();
  const thisMonth = monthOf(new Date());
  const [to, setTo] = useState(thisMonth);
  const [from, setFrom] = useState(shiftMonth(thisMonth, 2));
  const [data, setData] = useState<Dashboard | null>(null);
  const [purposes, setPurposes] = useState<Purpose[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const valid = monthsBetween(from, to) > 0 && monthsBetween(from, to) <= 24;

  const load = useCallback(() => {
    if (!valid) return;
    Promise.all([dashboard(from, to), listPurposes()])
      .then(([d, p]) => {
        setData(d);
        setPurposes(p);
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  }, [from, to, valid]);
  useReload(load, (c) => touches(c, "plan", "people", "requests", "accounts") || postsMoved(c));

  const changed = (text: string) => {
    setNotice(text);
    load();
  };
  const exportAs = (format: "pdf" | "html" | "csv") =>
    void track(t("operations.report"), () => exportReport(to, format, i18n.language.startsWith("ja") ? "ja" : "en"))
      .then((path) => {
        setError(null);
        setNotice(t("dashboard.exported", { path }));
      })
      .catch((e: unknown) => setError(toIpcError(e)));

  return (
    <section className="dashboard-screen" aria-labelledby="dashboard-title">
      <header className="screen-header title-row">
        <h1 id="dashboard-title">{t("dashboard.title")}</h1>
        <div className="actions period">
          <span className="field-label">{t("dashboard.from")}</span>
          <MonthField label={t("dashboard.from")} value={from} invalid={!valid} onChange={setFrom} />
          <span className="field-label">{t("dashboard.to")}</span>
          <MonthField label={t("dashboard.to")} value={to} invalid={!valid} onChange={setTo} />
          <button type="button" className="primary" onClick={() => exportAs("pdf")}>
            {t("dashboard.exportPdf")}
          </button>
          <button type="button" onClick={() => exportAs("html")}>
            {t("dashboard.exportHtml")}
          </button>
          <button type="button" onClick={() => exportAs("csv")}>
            {t("dashboard.exportCsv")}
          </button>
        </div>
      </header>
      {!valid && <p className="field-error">{t("dashboard.badPeriod")}</p>}
      <Notice text={notice} />
      <FormError error={error} />
      {data && (
        <div className="dashboard-grid">
          <Successes stories={data.successes} onChanged={changed} onError={setError} />
          <KpiPanel kpis={data.kpis} purposes={purposes} month={to} onChanged={changed} onError={setError} />
          <PlatformsPanel platforms={data.platforms} months={data.months} />
          <AccountsPanel accounts={data.accounts} />
          <TopPosts posts={data.top_posts} successes={data.successes} onChanged={changed} onError={setError} />
          <Groups title={t("dashboard.byTheme")} groups={data.by_theme} />
          <Groups title={t("dashboard.byPurpose")} groups={data.by_purpose} />
          <Temperature map={data.temperature} />
          <SharePanel />
        </div>
      )}
    </section>
  );
}
