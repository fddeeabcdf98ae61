// The first screen of a new install: two doors. 「自社のワークスペースを始める」 makes the
// company's own workspace (empty of people and posts, with the default guideline and
// templates); 「デモを見る」 opens the fictional company in a folder of its own, marked デモ on
// every screen, which never becomes a team or holds real accounts.
import { ConvertDemo } from "./ConvertDemo";
import { useEffect, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import { listTimeZones, openDemo, startWorkspace, type IpcError, type Language } from "../bindings";
import { FormError } from "./FormError";

export function Welcome(props: { onReady: () => void }) {
  const { t, i18n } = useTranslation();
  const ids = { name: useId(), zone: useId(), language: useId() };
  const [zones, setZones] = useState<string[]>([]);
  const [name, setName] = useState("");
  const [zone, setZone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone || "Asia/Tokyo");
  const [language, setLanguage] = useState<Language>(i18n.language.startsWith("en") ? "en" : "ja");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  useEffect(() => {
    listTimeZones()
      .then(setZones)
      .catch(() => setZones([]));
  }, []);
  const run = (work: () => Promise<unknown>) => {
    setBusy(true);
    work()
      .then(() => {
        setError(null);
        props.onReady();
      })
      .catch((e: unknown) => setError(toIpcError(e)))
      .finally(() => setBusy(false));
  };
  const start = (e: FormEvent) => {
    e.preventDefault();
    run(() => startWorkspace(name, zone, language));
  };
  return (
    <main className="welcome" aria-labelledby="welcome-title">
      <h1 id="welcome-title">{t("welcome.title")}</h1>
      <p className="lead">{t("welcome.lead")}</p>
      <div className="doors">
        <section className="door" aria-labelledby="door-own">
          <h2 id="door-own">{t("welcome.own")}</h2>
          <p>{t("welcome.ownHelp")}</p>
          <form onSubmit={start}>
            <div className="field">
              <label htmlFor={ids.name}>{t("welcome.name")}</label>
              <input id={ids.name} value={name} placeholder={t("welcome.nameExample")} onChange={(e) => setName(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={ids.zone}>{t("welcome.zone")}</label>
              <select id={ids.zone} value={zone} onChange={(e) => setZone(e.target.value)}>
                {(zones.includes(zone) ? zones : [zone, ...zones]).map((z) => (
                  <option key={z} value={z}>
                    {z}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={ids.language}>{t("welcome.language")}</label>
              <select id={ids.language} value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
                <option value="ja">日本語</option>
                <option value="en">English</option>
              </select>
            </div>
            <button type="submit" className="primary" disabled={busy || !name.trim()}>
              {t("welcome.start")}
            </button>
          </form>
        </section>
        <section className="door" aria-labelledby="door-demo">
          <h2 id="door-demo">{t("welcome.demo")}</h2>
          <p>{t("welcome.demoHelp")}</p>
          <button type="button" disabled={busy} onClick={() => run(() => openDemo())}>
            {t("welcome.openDemo")}
          </button>
        </section>
      </div>
      <FormError error={error} />
    </main>
  );
}

/** The band every screen of the demo carries, with the way to the company's own workspace. */
export function DemoBanner(props: { onLeave: () => void; onConverted: () => void; timeZone: string }) {
  const { t } = useTranslation();
  const [converting, setConverting] = useState(false);
  return (
    <div className="demo-banner" role="note" aria-label={t("welcome.demoBadge")}>
      <strong className="demo-badge">{t("welcome.demoBadge")}</strong>
      <span>{t("welcome.demoBanner")}</span>
      <button type="button" className="link" onClick={props.onLeave}>
        {t("welcome.own")}
      </button>
      <button type="button" className="link" onClick={() => setConverting(true)}>
        {t("convert.open")}
      </button>
      {converting && <ConvertDemo timeZone={props.timeZone} onCancel={() => setConverting(false)} onDone={props.onConverted} />}
    </div>
  );
}
