// The guide to registering the company's own app on X's, LinkedIn's or Meta's developer site:
// what to register (the exact callback address and permissions, each with a copy button),
// then a check of the client id and the callback against the platform itself, saying in
// Japanese what is wrong. The values come from the code that signs in, so they never drift.
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import "../liveWords";
import { toIpcError } from "../api";
import { checkAppClient, guideFacts, type GuideCheck, type GuideFacts, type GuideSite, type IpcError } from "../bindings";
import { FormError } from "../components/FormError";
import { parsePort } from "./ConnectX";

const SITES: GuideSite[] = ["x", "linkedin", "meta"];
const DEFAULT_PORT: Record<GuideSite, number> = { x: 47863, linkedin: 47864, meta: 47864 };

function Copy(props: { value: string; label: string }) {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      className="link"
      aria-label={t("guide.copyLabel", { what: props.label })}
      onClick={() =>
        void navigator.clipboard
          .writeText(props.value)
          .then(() => setDone(true))
          .catch(() => setDone(false))
      }
    >
      {done ? t("guide.copied") : t("guide.copy")}
    </button>
  );
}

export function AppGuide() {
  const { t } = useTranslation();
  const ids = { site: useId(), client: useId(), port: useId(), api: useId() };
  const [site, setSite] = useState<GuideSite>("x");
  const [port, setPort] = useState(String(DEFAULT_PORT.x));
  const [client, setClient] = useState("");
  const [api, setApi] = useState("");
  const [facts, setFacts] = useState<GuideFacts | null>(null);
  const [check, setCheck] = useState<GuideCheck | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const parsed = parsePort(port);
  useEffect(() => {
    if (parsed === null) return;
    guideFacts(site, parsed)
      .then(setFacts)
      .catch((e: unknown) => setError(toIpcError(e)));
  }, [site, parsed]);
  const run = async () => {
    if (parsed === null) return;
    setBusy(true);
    setCheck(null);
    setError(null);
    try {
      setCheck(await checkAppClient(site, api.trim(), client.trim(), parsed));
    } catch (e) {
      setError(toIpcError(e));
    } finally {
      setBusy(false);
    }
  };
  const name = t(`guide.site.${site}`);
  return (
    <section className="panel-card app-guide" aria-label={t("guide.title")}>
      <h2>{t("guide.title")}</h2>
      <p className="muted small">{t("guide.lead")}</p>
      <div className="field">
        <label htmlFor={ids.site}>{t("guide.siteLabel")}</label>
        <select
          id={ids.site}
          value={site}
          onChange={(e) => {
            const s = e.target.value as GuideSite;
            setSite(s);
            setPort(String(DEFAULT_PORT[s]));
            setCheck(null);
          }}
        >
          {SITES.map((s) => (
            <option key={s} value={s}>
              {t(`guide.site.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <ol className="guide-steps">
        <li>
          <strong>{t("guide.step1")}</strong>
          <p>{t(`guide.register.${site}`)}</p>
          {facts && (
            <dl className="guide-values">
              <dt>{t("guide.console")}</dt>
              <dd>
                <code>{facts.console}</code> <Copy value={facts.console} label={t("guide.console")} />
              </dd>
              <dt>{t("guide.redirect")}</dt>
              <dd>
                <code aria-label={t("guide.redirect")}>{facts.redirect}</code> <Copy value={facts.redirect} label={t("guide.redirect")} />
              </dd>
            </dl>
          )}
          {facts && (
            <details>
              <summary>{t("guide.values")}</summary>
              <p className="muted small">{t(`guide.siteWords.${site}`)}</p>
              <dl className="guide-values">
                {facts.scopes.map(([p, scope]) => (
                  <div key={p}>
                    <dt>{t("guide.scopesOf", { platform: t(`platform.${p}`) })}</dt>
                    <dd>
                      <code>{scope}</code> <Copy value={scope} label={t("guide.scopesOf", { platform: t(`platform.${p}`) })} />
                    </dd>
                  </div>
                ))}
              </dl>
            </details>
          )}
        </li>
        <li>
          <strong>{t("guide.step2")}</strong>
          <div className="field-row">
            <div className="field">
              <label htmlFor={ids.client}>{t(`guide.clientId.${site}`)}</label>
              <input id={ids.client} value={client} autoComplete="off" onChange={(e) => setClient(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={ids.port}>{t("guide.port")}</label>
              <input id={ids.port} inputMode="numeric" value={port} aria-invalid={parsed === null} onChange={(e) => setPort(e.target.value)} />
              {parsed === null && <span className="field-error">{t("guide.portInvalid")}</span>}
            </div>
          </div>
          <details>
            <summary>{t("guide.advanced")}</summary>
            <div className="field">
              <label htmlFor={ids.api}>{t("guide.api")}</label>
              <input id={ids.api} value={api} onChange={(e) => setApi(e.target.value)} />
            </div>
          </details>
          <div className="actions">
            <button type="button" className="primary" disabled={busy || parsed === null || client.trim() === ""} onClick={() => void run()}>
              {t("guide.check")}
            </button>
          </div>
          <FormError error={error} />
          {check && (
            <div className={check.ok ? "guide-result ok" : "guide-result bad"} role={check.ok ? "status" : "alert"}>
              <p>{check.ok ? t("guide.ok", { site: name }) : t(`guide.problem.${check.problem ?? "strange_answer"}`, { site: name, redirect: facts?.redirect ?? "" })}</p>
              {check.detail && (
                <details>
                  <summary>{t("guide.details")}</summary>
                  <p className="detail">{check.detail}</p>
                </details>
              )}
            </div>
          )}
        </li>
        <li>
          <strong>{t("guide.step3")}</strong>
          <p>{t(`guide.signIn.${site}`)}</p>
        </li>
      </ol>
    </section>
  );
}
