// The workspace switcher: the workspaces this computer opened recently (one click to open),
// a folder by its full path, and a new company workspace in a folder of its own. The window
// reloads on the workspace it opened; a folder without a workspace changes nothing.
import { useCallback, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { createWorkspace, openWorkspace, recentWorkspaces, type IpcError, type RecentWorkspace } from "../bindings";
import { toIpcError } from "../api";
import { FormError } from "./FormError";

export function WorkspaceSwitcher(props: { timeZone: string }) {
  const { t, i18n } = useTranslation();
  const ids = { folder: useId(), newName: useId(), newFolder: useId() };
  const [recent, setRecent] = useState<RecentWorkspace[]>([]);
  const [folder, setFolder] = useState("");
  const [newName, setNewName] = useState("");
  const [newFolder, setNewFolder] = useState("");
  const [error, setError] = useState<IpcError | null>(null);
  const load = useCallback(() => {
    recentWorkspaces()
      .then(setRecent)
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  useEffect(load, [load]);
  const run = (action: Promise<null>) =>
    void action
      .then(() => {
        setError(null);
        load();
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  return (
    <section className="panel-card workspace-switcher" aria-label={t("switcher.title")}>
      <h2>{t("switcher.title")}</h2>
      <FormError error={error} />
      <h3>{t("switcher.recent")}</h3>
      <ul className="recent-workspaces">
        {recent.map((r) => (
          <li key={r.path}>
            <strong>{r.name}</strong>
            {r.demo && <span className="badge">{t("welcome.demoBadge")}</span>}
            <span className="muted small path">{r.path}</span>
            {r.current ? (
              <span className="badge">{t("switcher.current")}</span>
            ) : (
              <button type="button" aria-label={t("switcher.openNamed", { name: r.name })} onClick={() => run(openWorkspace(r.path))}>
                {t("switcher.open")}
              </button>
            )}
          </li>
        ))}
      </ul>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.folder}>{t("switcher.folder")}</label>
          <input id={ids.folder} value={folder} placeholder={t("switcher.folderHint")} onChange={(e) => setFolder(e.target.value)} />
        </div>
        <button type="button" disabled={folder.trim() === ""} onClick={() => run(openWorkspace(folder.trim()))}>
          {t("switcher.openFolder")}
        </button>
      </div>
      <h3>{t("switcher.create")}</h3>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.newName}>{t("switcher.newName")}</label>
          <input id={ids.newName} value={newName} maxLength={80} onChange={(e) => setNewName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.newFolder}>{t("switcher.newFolder")}</label>
          <input id={ids.newFolder} value={newFolder} placeholder={t("switcher.folderHint")} onChange={(e) => setNewFolder(e.target.value)} />
        </div>
        <button
          type="button"
          disabled={newName.trim() === "" || newFolder.trim() === ""}
          onClick={() => run(createWorkspace(newFolder.trim(), newName.trim(), props.timeZone, i18n.language === "en" ? "en" : "ja"))}
        >
          {t("switcher.createNow")}
        </button>
      </div>
    </section>
  );
}
