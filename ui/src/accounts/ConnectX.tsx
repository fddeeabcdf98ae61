// Connecting X: the company registers one X app (a "Native App": a public client id, no
// secret) with a fixed loopback callback, and each person connects through their browser.
// The port must be the one registered with the app, because X matches the address exactly.
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import { connectX, type Account, type IpcError } from "../bindings";

export const X_DEFAULT_PORT = 47863;

/** The port as typed, if it is one a loopback listener can use. */
export function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= 1024 && n <= 65535 ? n : null;
}

export function ConnectX(props: { onConnected: (a: Account) => void; onError: (e: IpcError | null) => void; onNotice: (text: string | null) => void }) {
  const { t } = useTranslation();
  const ids = { client: useId(), port: useId(), api: useId() };
  const [clientId, setClientId] = useState("");
  const [port, setPort] = useState(String(X_DEFAULT_PORT));
  const [api, setApi] = useState("https://api.x.com");
  const [waiting, setWaiting] = useState(false);
  const parsed = parsePort(port);

  const connect = async (e: FormEvent) => {
    e.preventDefault();
    if (parsed === null) return;
    setWaiting(true);
    props.onNotice(t("accounts.browserOpened"));
    try {
      const a = await connectX(api, clientId, parsed);
      props.onError(null);
      props.onConnected(a);
    } catch (err) {
      props.onNotice(null);
      props.onError(toIpcError(err));
    } finally {
      setWaiting(false);
    }
  };

  return (
    <form className="panel-card" aria-label={t("accounts.connectX")} onSubmit={(e) => void connect(e)}>
      <h2>{t("accounts.connectX")}</h2>
      <p className="muted small">{t("accounts.xHelp")}</p>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.client}>{t("accounts.xClientId")}</label>
          <input id={ids.client} value={clientId} autoComplete="off" onChange={(e) => setClientId(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.port}>{t("accounts.xPort")}</label>
          <input id={ids.port} value={port} inputMode="numeric" aria-invalid={parsed === null} onChange={(e) => setPort(e.target.value)} />
          {parsed === null && <span className="field-error">{t("accounts.xPortInvalid")}</span>}
        </div>
      </div>
      <details>
        <summary>{t("accounts.xAdvanced")}</summary>
        <div className="field">
          <label htmlFor={ids.api}>{t("accounts.xApi")}</label>
          <input id={ids.api} value={api} onChange={(e) => setApi(e.target.value)} />
        </div>
      </details>
      <div className="actions">
        <button type="submit" className="primary" disabled={waiting || !clientId.trim() || parsed === null}>
          {waiting ? t("accounts.waitingBrowser") : t("accounts.connectInBrowser")}
        </button>
      </div>
    </form>
  );
}
