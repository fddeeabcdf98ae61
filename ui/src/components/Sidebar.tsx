import { useTranslation } from "react-i18next";
import { CrisisButton } from "./Crisis";
import { IntakeBadge } from "./IntakeBadge";
import { ExpiryBadge } from "./ExpiryBadge";
import { NextPostLine } from "./NextPostLine";
import { UpdateNotice } from "./UpdateNotice";
import { formatSyncTime, screenShown } from "../team";

export type Screen = "calendar" | "dashboard" | "templates" | "roster" | "requests" | "review" | "guideline" | "accounts" | "team" | "settings";

const SCREENS: { id: Screen; icon: string; shortcut: string }[] = [
  { id: "calendar", icon: "▦", shortcut: "Ctrl+1" },
  { id: "templates", icon: "✎", shortcut: "Ctrl+2" },
  { id: "roster", icon: "☺", shortcut: "Ctrl+3" },
  { id: "requests", icon: "✉", shortcut: "Ctrl+4" },
  { id: "review", icon: "✓", shortcut: "Ctrl+5" },
  { id: "guideline", icon: "§", shortcut: "Ctrl+6" },
  { id: "accounts", icon: "⇪", shortcut: "Ctrl+7" },
  { id: "dashboard", icon: "▤", shortcut: "Ctrl+8" },
  { id: "team", icon: "⇄", shortcut: "Ctrl+9" },
  { id: "settings", icon: "⚙", shortcut: "Ctrl+," },
];

/** Team sync as the sidebar shows it: the device's role and when it last synced. */
export type SyncLine = { role: "lead" | "ambassador" | "reviewer"; lastSyncAt: string | null; timeZone: string };

export function Sidebar(props: { current: Screen; onSelect: (s: Screen) => void; workspaceName: string; crisis: boolean; sync: SyncLine | null; timeZone?: string }) {
  const { t } = useTranslation();
  return (
    <aside className="sidebar">
      <div className="brand">
        <img src="/icon.png" alt="" width={28} height={28} />
        <div>
          <div className="brand-name">{t("app.name")}</div>
          <div className="workspace-name" aria-label={t("settings.name")}>
            {props.workspaceName}
          </div>
          {props.sync && (
            <div className="sync-line" aria-label={t("team.lastSync")}>
              {props.sync.role !== "lead" ? `${t(`team.roles.${props.sync.role}`)} · ` : ""}
              {props.sync.lastSyncAt ? t("team.syncLine", { time: formatSyncTime(props.sync.lastSyncAt, props.sync.timeZone) }) : t("team.syncNever")}
            </div>
          )}
        </div>
      </div>
      <nav aria-label={t("nav.label")}>
        <ul>
          {SCREENS.filter((s) => screenShown(s.id, props.sync?.role ?? null)).map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className="nav-item"
                aria-label={t(`nav.${s.id}`)}
                aria-current={props.current === s.id ? "page" : undefined}
                title={`${t(`nav.${s.id}`)} (${s.shortcut})`}
                onClick={() => props.onSelect(s.id)}
              >
                <span className="nav-icon" aria-hidden="true">
                  {s.icon}
                </span>
                {t(`nav.${s.id}`)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {(props.sync === null || props.sync === undefined || props.sync.role === "lead") && <IntakeBadge onOpen={() => props.onSelect("requests")} />}
      {(props.sync === null || props.sync === undefined || props.sync.role === "lead") && <ExpiryBadge onOpen={() => props.onSelect("accounts")} />}
      {(props.sync === null || props.sync === undefined || props.sync.role === "lead") && <NextPostLine timeZone={props.timeZone} />}
      <UpdateNotice />
      {(props.sync === null || props.sync === undefined || props.sync.role === "lead") && <CrisisButton active={props.crisis} />}
    </aside>
  );
}
