// The window: sidebar navigation, the current screen, and the start-up / error states.
import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { onChanged, toIpcError, touches } from "./api";
import { appInfo, getSettings, leaveDemo, teamStatus, workspaceInfo, type AppInfo, type IpcError, type Settings, type TeamStatus } from "./bindings";
import { ErrorPanel } from "./components/ErrorPanel";
import { OperationsBar } from "./components/OperationsBar";
import { DemoBanner, Welcome } from "./components/Welcome";
import { ShortcutHelp, typing } from "./components/ShortcutHelp";
import { Sidebar, type Screen } from "./components/Sidebar";
import { applyLanguage, resolveLanguage } from "./i18n";
import { CrisisBanner, useCrisis } from "./components/Crisis";
import { MissedPosts } from "./components/MissedPosts";
import { personal, screenShown } from "./team";
import { prefetchCalendar } from "./prefetch";

// Screens load on demand: the first paint needs only the shell and the calendar, and the
// editor (CodeMirror) and the calendar grid (FullCalendar) arrive in chunks of their own.
// The calendar is the first screen: its chunk starts loading now, beside the first IPC calls.
// The start waits for that chunk beside its IPC calls and renders the calendar directly, not
// through React.lazy: content that suspended on its first render is revealed only after
// React's fallback throttle (300 ms), which would hold back the first paint for nothing.
const calendarChunk = import("./screens/CalendarScreen");
let LoadedCalendar: (typeof import("./screens/CalendarScreen"))["CalendarScreen"] | null = null;
const calendarReady = calendarChunk.then((m) => {
  LoadedCalendar = m.CalendarScreen;
});
const LazyCalendar = lazy(() => calendarChunk.then((m) => ({ default: m.CalendarScreen })));
const SetupGuide = lazy(() => import("./setup/SetupGuide").then((m) => ({ default: m.SetupGuide })));
const SettingsScreen = lazy(() => import("./screens/SettingsScreen").then((m) => ({ default: m.SettingsScreen })));
const DashboardScreen = lazy(() => import("./screens/DashboardScreen").then((m) => ({ default: m.DashboardScreen })));
const TemplatesScreen = lazy(() => import("./screens/TemplatesScreen").then((m) => ({ default: m.TemplatesScreen })));
const RosterScreen = lazy(() => import("./screens/RosterScreen").then((m) => ({ default: m.RosterScreen })));
const RequestsScreen = lazy(() => import("./screens/RequestsScreen").then((m) => ({ default: m.RequestsScreen })));
const ReviewScreen = lazy(() => import("./screens/ReviewScreen").then((m) => ({ default: m.ReviewScreen })));
const GuidelineScreen = lazy(() => import("./screens/GuidelineScreen").then((m) => ({ default: m.GuidelineScreen })));
const AccountsScreen = lazy(() => import("./screens/AccountsScreen").then((m) => ({ default: m.AccountsScreen })));
const TeamScreen = lazy(() => import("./screens/TeamScreen").then((m) => ({ default: m.TeamScreen })));

type Loaded = { info: AppInfo; settings: Settings; team: TeamStatus | null; backupWarning: string | null; demo: boolean; setupDone: boolean };

export function App() {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [screen, setScreen] = useState<Screen>("calendar");
  const [help, setHelp] = useState(false);
  const crisis = useCrisis();

  const load = useCallback(async () => {
    try {
      // In parallel: each is a round trip to the shell.
      const [info, ws, settings, team] = await Promise.all([
        appInfo(),
        workspaceInfo(),
        getSettings(),
        teamStatus(),
        calendarReady.catch(() => undefined),
      ]);
      // The calendar is the first screen: its months load while the shell draws. (Waiting for
      // them to draw everything at once measured slower: the grid's empty first drawing
      // overlaps the fetch.)
      void prefetchCalendar(settings.time_zone).catch(() => undefined);
      await applyLanguage(resolveLanguage(settings.language, info.system_language, navigator.language));
      setLoaded({ info, settings, team, backupWarning: ws.backup_warning, demo: ws.demo, setupDone: ws.setup_done });
      setError(null);
    } catch (e) {
      const info = await appInfo().catch(() => null);
      await applyLanguage(resolveLanguage(undefined, info?.system_language, navigator.language));
      setError(toIpcError(e));
    }
  }, []);

  useEffect(() => {
    void load();
    // Only what the shell shows: an autosave ("posts") refetches nothing here.
    const off = onChanged((c) => touches(c, "settings", "team") && void load());
    return () => {
      void off.then((f) => f());
    };
  }, [load]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.key === "?" || e.key === "F1") && !typing(e)) {
        e.preventDefault();
        setHelp(true);
        return;
      }
      if (!(e.ctrlKey || e.metaKey)) return;
      if (e.key === "1") setScreen("calendar");
      else if (e.key === "2") setScreen("templates");
      else if (e.key === "3") setScreen("roster");
      else if (e.key === "4") setScreen("requests");
      else if (e.key === "5") setScreen("review");
      else if (e.key === "6") setScreen("guideline");
      else if (e.key === "7") setScreen("accounts");
      else if (e.key === "8") setScreen("dashboard");
      else if (e.key === "9") setScreen("team");
      else if (e.key === ",") setScreen("settings");
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  if (error?.code === "workspace_missing") {
    // A new install (or a company that left the demo): the two doors.
    return (
      <Welcome
        onReady={() => {
          setScreen("calendar");
          void load();
        }}
      />
    );
  }
  if (error) {
    return (
      <main className="startup-error">
        <ErrorPanel error={error} onRecovered={() => void load()} />
      </main>
    );
  }
  if (!loaded) {
    return (
      <main className="loading" aria-busy="true">
        {t("app.loading")}
      </main>
    );
  }
  if (!loaded.setupDone && !loaded.demo && !loaded.team) {
    // A company's new workspace: the setup guide first (finished or skipped, it is gone).
    return (
      <Suspense
        fallback={
          <main className="loading" aria-busy="true">
            {t("app.loading")}
          </main>
        }
      >
        <SetupGuide
          onDone={() => {
            setScreen("calendar");
            void load();
          }}
        />
      </Suspense>
    );
  }
  const CalendarScreen = LoadedCalendar ?? LazyCalendar;
  const role = loaded.team?.role ?? null;
  // An ambassador's device never shows the lead's tools, whatever the shortcut.
  const current: Screen = screenShown(screen, role) ? screen : "calendar";
  const sync = loaded.team ? { role: loaded.team.role, lastSyncAt: loaded.team.last_sync_at, timeZone: loaded.settings.time_zone } : null;
  return (
    <div className={personal(role) ? "shell ambassador-mode" : "shell"}>
      <Sidebar current={current} onSelect={setScreen} workspaceName={loaded.settings.name} crisis={crisis !== null} sync={sync} timeZone={loaded.settings.time_zone} />
      <main className="content">
        {loaded.demo && (
          <DemoBanner
            timeZone={loaded.settings.time_zone}
            onConverted={() => void load()}
            onLeave={() =>
              void leaveDemo()
                .then(() => load())
                .catch((e: unknown) => setError(toIpcError(e)))
            }
          />
        )}
        {crisis && <CrisisBanner crisis={crisis} />}
        {help && <ShortcutHelp onClose={() => setHelp(false)} />}
        <OperationsBar />
        {loaded.backupWarning && (
          <div className="warning-banner" role="alert" aria-label={t("app.backupFailedLabel")}>
            <p>{t("app.backupFailed")}</p>
            <details>
              <summary>{t("error.details")}</summary>
              <p className="detail">{loaded.backupWarning}</p>
            </details>
          </div>
        )}
        <MissedPosts timeZone={loaded.settings.time_zone} />
        <Suspense
          fallback={
            <p className="loading" aria-busy="true">
              {t("app.loading")}
            </p>
          }
        >
        {current === "calendar" && <CalendarScreen timeZone={loaded.settings.time_zone} onOpenRequests={() => setScreen("requests")} defaultPerson={personal(role) ? (loaded.team?.person_id ?? undefined) : undefined} ambassador={personal(role)} partialView={role === "ambassador"} />}
        {current === "templates" && <TemplatesScreen />}
        {current === "roster" && <RosterScreen timeZone={loaded.settings.time_zone} />}
        {current === "requests" && <RequestsScreen timeZone={loaded.settings.time_zone} ranking={loaded.settings.public_ranking} ambassador={personal(role)} />}
        {current === "review" && <ReviewScreen />}
        {current === "guideline" && <GuidelineScreen />}
        {current === "accounts" && <AccountsScreen />}
        {current === "dashboard" && <DashboardScreen />}
        {current === "team" && <TeamScreen timeZone={loaded.settings.time_zone} />}
        {current === "settings" && <SettingsScreen info={loaded.info} settings={loaded.settings} />}
        </Suspense>
      </main>
    </div>
  );
}
