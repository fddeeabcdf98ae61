// Connecting LinkedIn, Facebook Pages, Instagram and Threads. Their token exchanges need the
// company's app secret, which a desktop app cannot keep, so there are two ways in: paste a
// token made elsewhere, or sign in through the company's token-exchange endpoint (the
// platform's approval page in the browser; the endpoint trades the code for tokens). Either
// way the token goes to the OS keychain only.
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import { connectViaExchange, connectWithToken, type Account, type IpcError, type Platform } from "../bindings";
import { parsePort } from "./ConnectX";

export const TOKEN_PLATFORMS = ["linkedin", "facebook", "instagram", "threads"] as const;
export type TokenPlatform = (typeof TOKEN_PLATFORMS)[number];

/** The port registered with the company's LinkedIn and Meta apps unless it says otherwise. */
export const TOKEN_DEFAULT_PORT = 47864;

/** The platform's own API address. */
export function defaultApi(p: TokenPlatform): string {
  switch (p) {
    case "linkedin":
      return "https://api.linkedin.com";
    case "instagram":
      return "https://graph.instagram.com";
    case "threads":
      return "https://graph.threads.net";
    default:
      return "https://graph.facebook.com";
  }
}

/** Which id the platform can be given besides the token: LinkedIn's organisation, Facebook's Page. */
export function targetKind(p: TokenPlatform): "organisation" | "page" | null {
  if (p === "linkedin") return "organisation";
  if (p === "facebook") return "page";
  return null;
}

export function ConnectOthers(props: { onConnected: (a: Account) => void; onError: (e: IpcError | null) => void; onNotice: (text: string | null) => void }) {
  const { t } = useTranslation();
  const ids = { platform: useId(), token: useId(), target: useId(), url: useId(), client: useId(), port: useId(), api: useId() };
  const [platform, setPlatform] = useState<TokenPlatform>("linkedin");
  const [mode, setMode] = useState<"token" | "exchange">("token");
  const [token, setToken] = useState("");
  const [target, setTarget] = useState("");
  const [url, setUrl] = useState("");
  const [clientId, setClientId] = useState("");
  const [port, setPort] = useState(String(TOKEN_DEFAULT_PORT));
  const [api, setApi] = useState("");
  const [busy, setBusy] = useState(false);
  const parsed = parsePort(port);
  const kind = targetKind(platform);
  const ready = mode === "token" ? token.trim() !== "" : url.trim() !== "" && clientId.trim() !== "" && parsed !== null;

  const connect = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    setBusy(true);
    const chosenTarget = kind && target.trim() ? target.trim() : null;
    const address = api.trim() || defaultApi(platform);
    try {
      let a: Account;
      if (mode === "token") {
        a = await connectWithToken(platform as Platform, address, token, chosenTarget);
        setToken("");
      } else {
        props.onNotice(t("accounts.browserOpened"));
        a = await connectViaExchange({ platform: platform as Platform, api: address, exchange_url: url, client_id: clientId, port: parsed ?? TOKEN_DEFAULT_PORT, target: chosenTarget });
      }
      props.onError(null);
      props.onConnected(a);
    } catch (err) {
      props.onNotice(null);
      props.onError(toIpcError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel-card" aria-label={t("connectOthers.title")} onSubmit={(e) => void connect(e)}>
      <h2>{t("connectOthers.title")}</h2>
      <div className="field">
        <label htmlFor={ids.platform}>{t("connectOthers.platform")}</label>
        <select id={ids.platform} value={platform} onChange={(e) => setPlatform(e.target.value as TokenPlatform)}>
          {TOKEN_PLATFORMS.map((p) => (
            <option key={p} value={p}>
              {t(`platform.${p}`)}
            </option>
          ))}
        </select>
      </div>
      <p className="muted small">{t(`connectOthers.help.${platform}`)}</p>
      <fieldset className="field">
        <legend>{t("connectOthers.mode")}</legend>
        <label className="check">
          <input type="radio" name="connect-mode" checked={mode === "token"} onChange={() => setMode("token")} /> {t("connectOthers.modeToken")}
        </label>
        <label className="check">
          <input type="radio" name="connect-mode" checked={mode === "exchange"} onChange={() => setMode("exchange")} /> {t("connectOthers.modeExchange")}
        </label>
      </fieldset>
      {mode === "token" ? (
        <div className="field">
          <label htmlFor={ids.token}>{t("connectOthers.token")}</label>
          <input id={ids.token} type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
        </div>
      ) : (
        <>
          <p className="muted small">{t("connectOthers.exchangeHelp")}</p>
          <div className="field">
            <label htmlFor={ids.url}>{t("connectOthers.exchangeUrl")}</label>
            <input id={ids.url} value={url} placeholder="https://sns-auth.example.co.jp/exchange" onChange={(e) => setUrl(e.target.value)} />
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor={ids.client}>{t("connectOthers.clientId")}</label>
              <input id={ids.client} value={clientId} autoComplete="off" onChange={(e) => setClientId(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={ids.port}>{t("connectOthers.port")}</label>
              <input id={ids.port} value={port} inputMode="numeric" aria-invalid={parsed === null} onChange={(e) => setPort(e.target.value)} />
              {parsed === null && <span className="field-error">{t("accounts.xPortInvalid")}</span>}
            </div>
          </div>
        </>
      )}
      {kind && (
        <div className="field">
          <label htmlFor={ids.target}>{t(kind === "organisation" ? "connectOthers.organisation" : "connectOthers.page")}</label>
          <input id={ids.target} value={target} inputMode="numeric" onChange={(e) => setTarget(e.target.value)} />
        </div>
      )}
      <details>
        <summary>{t("connectOthers.advanced")}</summary>
        <div className="field">
          <label htmlFor={ids.api}>{t("connectOthers.api")}</label>
          <input id={ids.api} value={api} placeholder={defaultApi(platform)} onChange={(e) => setApi(e.target.value)} />
        </div>
      </details>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || !ready}>
          {busy && mode === "exchange" ? t("accounts.waitingBrowser") : t("connectOthers.connect")}
        </button>
      </div>
    </form>
  );
}
