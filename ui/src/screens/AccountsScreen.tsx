// Accounts and publishing: connect a Bluesky account with an app password (kept in the OS
// keychain only), see each account's state, and the failures list with the platform's reason
// in plain words and a retry action.
import "../liveWords";
import { XSpend } from "../accounts/XSpend";
import { ByHandPosts } from "../accounts/ByHandPosts";
import { ConnectLine } from "../accounts/ConnectLine";
import { AppGuide } from "../accounts/AppGuide";
import { track } from "../operations";
import { useCallback, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useReload } from "../useReload";
import { postsMoved, toIpcError, touches } from "../api";
import { blockedPosts, checkTokenHealth, setAccountByHand, connectBluesky, connectMastodon, connectMastodonToken, disconnectAccount, failedJobs, listAccounts, publishNow, retryJob, type Account, type BlockedPost, type IpcError, type Job } from "../bindings";
import { FailureReason } from "../components/FailureReason";
import { FormError } from "../components/FormError";
import { Notice } from "../components/Notice";
import { accountLabel, needsReconnect, rateLine } from "../accounts";
import { ConnectX } from "../accounts/ConnectX";
import { ConnectOthers } from "../accounts/ConnectOthers";
import { AccountProfile } from "../accounts/AccountProfile";
import { PostEditor } from "../editor/PostEditor";

export function AccountsScreen() {
  const { t, i18n } = useTranslation();
  const ids = { service: useId(), handle: useId(), password: useId(), instance: useId(), token: useId() };
  const [instance, setInstance] = useState("https://mastodon.social");
  const [token, setToken] = useState("");
  const [waiting, setWaiting] = useState(false);
  const [accounts, setAccounts] = useState<Account[]>([]);
  const [failures, setFailures] = useState<Job[]>([]);
  const [blocked, setBlocked] = useState<BlockedPost[]>([]);
  const [editing, setEditing] = useState<string | null>(null);
  const [service, setService] = useState("https://bsky.social");
  const [handle, setHandle] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  const load = useCallback(() => {
    Promise.all([listAccounts(), failedJobs(), blockedPosts()])
      .then(([a, f, b]) => {
        setAccounts(a);
        setFailures(f);
        setBlocked(b);
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  useReload(load, (c) => touches(c, "accounts", "settings") || postsMoved(c));

  const connect = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const a = await connectBluesky(service, handle, password);
      setPassword("");
      setError(null);
      setNotice(t("accounts.connected", { handle: a.handle }));
      load();
    } catch (err) {
      setError(toIpcError(err));
    } finally {
      setBusy(false);
    }
  };

  const viaBrowser = async (server: string = instance) => {
    setWaiting(true);
    setNotice(t("accounts.browserOpened"));
    try {
      const a = await connectMastodon(server);
      setError(null);
      setNotice(t("accounts.connected", { handle: a.handle }));
      load();
    } catch (err) {
      setNotice(null);
      setError(toIpcError(err));
    } finally {
      setWaiting(false);
    }
  };
  const viaToken = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const a = await connectMastodonToken(instance, token);
      setToken("");
      setError(null);
      setNotice(t("accounts.connected", { handle: a.handle }));
      load();
    } catch (err) {
      setError(toIpcError(err));
    }
  };

  // Reconnecting is connecting again: the form is filled in and the secret asked for afresh.
  const reconnect = (a: Account) => {
    setError(null);
    if (a.platform === "bluesky") {
      setService(a.server_url ?? "https://bsky.social");
      setHandle(a.handle);
      setPassword("");
      document.getElementById(ids.password)?.focus();
      setNotice(t("accounts.reconnectBluesky", { handle: a.handle }));
    } else if (a.platform === "mastodon") {
      const server = a.server_url ?? instance;
      setInstance(server);
      void viaBrowser(server);
    } else {
      const form = a.platform === "x" ? t("accounts.connectX") : t("connectOthers.title");
      const el = document.querySelector<HTMLFormElement>(`form[aria-label="${form}"]`);
      el?.scrollIntoView({ block: "start" });
      el?.querySelector<HTMLElement>("select, input")?.focus();
      setNotice(t("accounts.reconnectBelow", { handle: a.handle }));
    }
  };

  return (
    <section className="accounts-screen" aria-labelledby="accounts-title">
      <header className="screen-header title-row">
        <h1 id="accounts-title">{t("accounts.title")}</h1>
        <div className="actions">
          <button
            type="button"
            onClick={() =>
              void track(t("operations.publish"), () => publishNow())
                .then((changed) => setNotice(changed ? t("accounts.passDone") : t("accounts.passNothing")))
                .catch((e: unknown) => setError(toIpcError(e)))
            }
          >
            {t("accounts.publishNow")}
          </button>
        </div>
      </header>
      <Notice text={notice} />
      <FormError error={error} />
      <section className="panel-card" aria-label={t("accounts.failures")}>
        <h2>{t("accounts.failures")}</h2>
        {failures.length === 0 ? (
          <p className="muted small">{t("accounts.noFailures")}</p>
        ) : (
          <ul className="failures">
            {failures.map((j) => (
              <li key={j.id} className="failure">
                <div>
                  <strong>{j.post_title}</strong> <span className="muted small">{t(`platform.${j.platform}`)}</span>
                  {j.last_error && (
                    <p>
                      <FailureReason kind={j.last_error_kind} detail={j.last_error} gaveUpAfter={j.gave_up ? Number(j.attempts) : null} />
                    </p>
                  )}
                </div>
                <button type="button" onClick={() => void retryJob(j.id).catch((e: unknown) => setError(toIpcError(e)))}>
                  {t("accounts.retry")}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <ByHandPosts onNotice={setNotice} />
      {blocked.length > 0 && (
        <section className="panel-card blocked-posts" aria-label={t("blocked.title")}>
          <h2>{t("blocked.title")}</h2>
          <ul className="failures">
            {blocked.map((b) => (
              <li key={`${b.post}-${b.platform}`} className="failure">
                <div>
                  <strong>{b.title}</strong> <span className="muted small">{t(`platform.${b.platform}`)}</span>
                  <p>
                    <FailureReason kind={b.kind} detail={b.reason} />
                  </p>
                </div>
                <button type="button" aria-label={t("blocked.openLabel", { title: b.title })} onClick={() => setEditing(b.post)}>
                  {t("blocked.open")}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="panel-card" aria-label={t("accounts.list")}>
        <div className="title-row">
          <h2>{t("accounts.list")}</h2>
          {accounts.some((a) => a.state === "connected" && ["facebook", "linkedin", "instagram", "threads"].includes(a.platform)) && (
            <button
              type="button"
              onClick={() =>
                void checkTokenHealth()
                  .then((r) => setNotice(t("accounts.checked", { read: r.read, renewed: r.renewed, invalid: r.invalid })))
                  .catch((e: unknown) => setError(toIpcError(e)))
              }
            >
              {t("accounts.checkExpiry")}
            </button>
          )}
        </div>
        {accounts.length === 0 ? (
          <p className="muted small">{t("accounts.none")}</p>
        ) : (
          <ul className="accounts">
            {accounts.map((a) => (
              <li key={a.id} className={`account account-${a.state}`}>
                <span className="account-platform">{t(`platform.${a.platform}`)}</span>
                <strong>{a.display_name ? `${a.display_name} ` : ""}@{a.handle}</strong>
                <span className="muted small">{a.server_url}</span>
                <span className="account-state">{t(`accounts.state.${a.state}`, { defaultValue: a.state })}</span>
                {a.state !== "disconnected" && a.expires_in_days !== null && a.expires_in_days <= 14 && (
                  <span className="account-expiry">
                    {a.expires_in_days > 0 ? t("accounts.expires", { count: a.expires_in_days }) : t("accounts.expired")}
                  </span>
                )}
                {a.state !== "disconnected" && a.token_expires_at && (
                  <span className="muted small account-expiry-date">
                    {t("accounts.expiryOn", { date: new Date(a.token_expires_at).toLocaleDateString(i18n.language, { year: "numeric", month: "long", day: "numeric" }) })}
                    {a.expiry_source && `（${t(`accounts.expirySource.${a.expiry_source}`)}）`}
                  </span>
                )}
                {(() => {
                  const rate = a.state === "disconnected" ? null : rateLine(a, new Date());
                  return rate && <span className={rate.key === "accounts.rateLimited" ? "account-rate limited" : "account-rate"}>{t(rate.key, rate.params)}</span>;
                })()}
                {a.last_error && <FailureReason kind={a.state === "needs_reconnect" ? "reconnect" : "other"} detail={a.last_error} />}
                {needsReconnect(a) && (
                  <button type="button" className="link" aria-label={t("accounts.reconnectLabel", { handle: a.handle })} onClick={() => reconnect(a)}>
                    {t("accounts.reconnect")}
                  </button>
                )}
                {a.state !== "disconnected" && <AccountProfile key={`${a.id}-${a.display_name}`} account={a} onError={setError} />}
                {a.state !== "disconnected" && (
                  <label className="check small">
                    <input
                      type="checkbox"
                      aria-label={t("accounts.byHandOf", { name: accountLabel(a) })}
                      checked={a.by_hand}
                      onChange={(e) => void setAccountByHand(a.id, e.target.checked).catch((err: unknown) => setError(toIpcError(err)))}
                    />
                    {t("accounts.byHand")}
                  </label>
                )}
                {a.state !== "disconnected" && a.platform === "x" && <XSpend key={`${a.id}-${String(a.monthly_cap_micros)}`} account={a} onError={setError} />}
                {a.state !== "disconnected" && (
                  <button type="button" className="link" onClick={() => void disconnectAccount(a.id).catch((e: unknown) => setError(toIpcError(e)))}>
                    {t("accounts.disconnect")}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <form className="panel-card" aria-label={t("accounts.connectBluesky")} onSubmit={(e) => void connect(e)}>
        <h2>{t("accounts.connectBluesky")}</h2>
        <p className="muted small">{t("accounts.appPasswordHelp")}</p>
        <div className="field-row">
          <div className="field">
            <label htmlFor={ids.service}>{t("accounts.service")}</label>
            <input id={ids.service} value={service} onChange={(e) => setService(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.handle}>{t("accounts.handle")}</label>
            <input id={ids.handle} value={handle} placeholder="minato.bsky.social" onChange={(e) => setHandle(e.target.value)} />
          </div>
        </div>
        <div className="field">
          <label htmlFor={ids.password}>{t("accounts.appPassword")}</label>
          <input id={ids.password} type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || !handle || !password}>
            {t("accounts.connect")}
          </button>
        </div>
      </form>
      <form className="panel-card" aria-label={t("accounts.connectMastodon")} onSubmit={(e) => void viaToken(e)}>
        <h2>{t("accounts.connectMastodon")}</h2>
        <p className="muted small">{t("accounts.mastodonHelp")}</p>
        <div className="field">
          <label htmlFor={ids.instance}>{t("accounts.instance")}</label>
          <input id={ids.instance} value={instance} onChange={(e) => setInstance(e.target.value)} />
        </div>
        <div className="actions">
          <button type="button" className="primary" disabled={waiting || !instance} onClick={() => void viaBrowser()}>
            {waiting ? t("accounts.waitingBrowser") : t("accounts.connectInBrowser")}
          </button>
        </div>
        <details>
          <summary>{t("accounts.tokenInstead")}</summary>
          <div className="field">
            <label htmlFor={ids.token}>{t("accounts.token")}</label>
            <input id={ids.token} type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
          </div>
          <div className="actions">
            <button type="submit" disabled={!token || !instance}>
              {t("accounts.connect")}
            </button>
          </div>
        </details>
      </form>
      <AppGuide />
      <ConnectX
        onConnected={(a) => {
          setNotice(t("accounts.connected", { handle: a.handle }));
          load();
        }}
        onError={setError}
        onNotice={setNotice}
      />
      <ConnectOthers
        onConnected={(a) => {
          setNotice(t("accounts.connected", { handle: a.handle }));
          load();
        }}
        onError={setError}
        onNotice={setNotice}
      />
      <ConnectLine
        onConnected={(a) => {
          setNotice(t("accounts.connected", { handle: a.handle }));
          load();
        }}
        onError={setError}
      />
      {editing && (
        <div className="side-editor">
          <PostEditor
            key={editing}
            postId={editing}
            onClose={() => {
              setEditing(null);
              load();
            }}
          />
        </div>
      )}
    </section>
  );
}
