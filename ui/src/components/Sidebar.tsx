import { useTranslation } from "react-i18next";
import { CrisisButton } from "./Crisis";

export type Screen = "calendar" | "dashboard" | "templates" | "roster" | "requests" | "review" | "guideline" | "accounts" | "settings";

const SCREENS: { id: Screen; icon: string; shortcut: string }[] = [
  { id: "calendar", icon: "▦", shortcut: "Ctrl+1" },
  { id: "templates", icon: "✎", shortcut: "Ctrl+2" },
  { id: "roster", icon: "☺", shortcut: "Ctrl+3" },
  { id: "requests", icon: "✉", shortcut: "Ctrl+4" },
  { id: "review", icon: "✓", shortcut: "Ctrl+5" },
  { id: "guideline", icon: "§", shortcut: "Ctrl+6" },
  { id: "accounts", icon: "⇪", shortcut: "Ctrl+7" },
  { id: "dashboard", icon: "▤", shortcut: "Ctrl+8" },
  { id: "settings", icon: "⚙", shortcut: "Ctrl+," },
];

export function Sidebar(props: { current: Screen; onSelect: (s: Screen) => void; workspaceName: string; crisis: boolean }) {
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
        </div>
      </div>
      <nav aria-label={t("nav.label")}>
        <ul>
          {SCREENS.map((s) => (
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
      <CrisisButton active={props.crisis} />
    </aside>
  );
}
