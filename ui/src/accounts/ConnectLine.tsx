// Connecting a LINE公式アカウント: the channel access token issued in the LINE Developers
// console goes to the OS keychain only; LINE is asked which account it is first.
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import "../liveWords";
import { toIpcError } from "../api";
import { connectLine, type Account, type IpcError } from "../bindings";

export function ConnectLine(props: { onConnected: (a: Account) => void; onError: (e: IpcError | null) => void }) {
  const { t } = useTranslation();
  const ids = { token: useId(), api: useId() };
  const [token, setToken] = useState("");
  const [api, setApi] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!token.trim()) return;
    setBusy(true);
    props.onError(null);
    try {
      const a = await connectLine(api.trim(), token.trim());
      setToken("");
      props.onConnected(a);
    } catch (err) {
      props.onError(toIpcError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel-card" aria-label={t("line.connect")} onSubmit={(e) => void submit(e)}>
      <h2>{t("line.connect")}</h2>
      <p className="muted small">{t("line.help")}</p>
      <div className="field">
        <label htmlFor={ids.token}>{t("line.token")}</label>
        <input id={ids.token} type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
      </div>
      <details>
        <summary>{t("line.advanced")}</summary>
        <div className="field">
          <label htmlFor={ids.api}>{t("line.api")}</label>
          <input id={ids.api} value={api} placeholder="https://api.line.me" onChange={(e) => setApi(e.target.value)} />
        </div>
      </details>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || !token.trim()}>
          {t("line.connectButton")}
        </button>
      </div>
    </form>
  );
}
