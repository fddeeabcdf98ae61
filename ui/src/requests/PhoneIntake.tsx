// The phone page and the watched folder, for the lead: open the intake on one of this
// computer's addresses for a set time, hand out QR codes (on screen or as a printed sheet),
// stop a code, close it; and point Tsunagu at the folder where LINE's PC app saves photos.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError, touches } from "../api";
import {
  autoIntake,
  setAutoIntake,
  handoffCandidates,
  handoffTakeBack,
  intakeHandoff,
  intakeAddresses,
  intakeClose,
  intakeOpen,
  intakeRevoke,
  intakeSheet,
  intakeStatus,
  setWatchFolder,
  watchFolder,
  type Candidate,
  type IntakeStatus,
  type IpcError,
  type RequestSummary,
} from "../bindings";
import { FormError } from "../components/FormError";
import { Notice } from "../components/Notice";
import { QrCode } from "../components/QrCode";
import { useReload } from "../useReload";

const MINUTES = [30, 60, 120, 240, 480];

export function PhoneIntake(props: { requests: RequestSummary[]; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<IntakeStatus | null>(null);
  const [addresses, setAddresses] = useState<string[]>([]);
  const [bind, setBind] = useState("");
  const [port, setPort] = useState("8787");
  const [minutes, setMinutes] = useState(60);
  const [scope, setScope] = useState("");
  const [week, setWeek] = useState(false);
  const [auto, setAuto] = useState(false);
  const [autoAt, setAutoAt] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  const load = useCallback(() => {
    intakeStatus()
      .then(setStatus)
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  useReload(load, (c) => touches(c, "requests"));
  useEffect(() => {
    Promise.all([intakeAddresses(), autoIntake()])
      .then(([a, s]) => {
        setAddresses(s.bind && !a.includes(s.bind) ? [...a, s.bind] : a);
        setBind((b) => b || s.bind || a[0] || "127.0.0.1");
        setPort(String(s.port));
        setAuto(s.enabled);
        setAutoAt(s.enabled && s.bind ? `${s.bind}:${s.port}` : null);
      })
      .catch((e: unknown) => setError(toIpcError(e)));
    const timer = window.setInterval(load, 30_000);
    return () => window.clearInterval(timer);
  }, [load]);

  const act = (p: Promise<unknown>, done: string | null) => {
    setBusy(true);
    setError(null);
    p.then(() => {
      if (done) setNotice(done);
      load();
    })
      .catch((e: unknown) => setError(toIpcError(e)))
      .finally(() => setBusy(false));
  };

  const until = (s: IntakeStatus) => {
    let time = s.closes_at;
    try {
      time = new Date(s.closes_at).toLocaleTimeString(i18n.language, { hour: "2-digit", minute: "2-digit", timeZone: props.timeZone });
    } catch {
      /* the stored text stays */
    }
    return t("intake.until", { time, minutes: Math.max(1, Math.round(s.seconds_left / 60)) });
  };

  return (
    <section className="phone-intake" aria-labelledby="intake-title">
      <h2 id="intake-title">{t("intake.title")}</h2>
      <p className="muted">{t("intake.lead")}</p>
      <Notice text={notice} />
      <FormError error={error} />
      {status === null ? (
        <form
          className="intake-form"
          aria-label={t("intake.title")}
          onSubmit={(e) => {
            e.preventDefault();
            act(
              intakeOpen(bind, Number(port) || 0, minutes, scope || null, week ? 7 : null).then(setStatus),
              t("intake.opened"),
            );
          }}
        >
          <label>
            {t("intake.address")}
            <select value={bind} onChange={(e) => setBind(e.target.value)}>
              {addresses.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
            <span className="muted small">{t("intake.addressHelp")}</span>
          </label>
          <label>
            {t("intake.port")}
            <input type="number" min={1024} max={65535} value={port} onChange={(e) => setPort(e.target.value)} />
          </label>
          <label>
            {t("intake.minutes")}
            <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
              {MINUTES.map((m) => (
                <option key={m} value={m}>
                  {m < 60 ? t("intake.minutesN", { count: m }) : t("intake.hoursN", { count: m / 60 })}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("intake.scope")}
            <select value={scope} onChange={(e) => setScope(e.target.value)}>
              <option value="">{t("intake.scopeAll")}</option>
              {props.requests.map((r) => (
                <option key={r.id} value={r.id}>
                  {t("intake.scopeRequest", { title: r.title })}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("intake.life")}
            <select value={week ? "week" : "session"} onChange={(e) => setWeek(e.target.value === "week")}>
              <option value="session">{t("intake.lifeSession")}</option>
              <option value="week">{t("intake.lifeWeek")}</option>
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} />
            {t("intake.auto")}
          </label>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || !bind}>
              {t("intake.open")}
            </button>
            <button
              type="button"
              disabled={busy || !bind}
              onClick={() =>
                act(
                  setAutoIntake({ enabled: auto, bind, port: Number(port) || 8787 }).then(() => setAutoAt(auto ? `${bind}:${port}` : null)),
                  t("intake.autoSaved"),
                )
              }
            >
              {t("intake.autoSave")}
            </button>
          </div>
          {autoAt && <p className="muted small">{t("intake.autoOn", { address: autoAt })}</p>}
          <p className="muted small">{t("intake.network")}</p>
        </form>
      ) : (
        <div className="intake-open">
          <p role="status" aria-label={t("intake.openNow")}>
            <strong>{t("intake.openNow")}</strong> {status.address} · {until(status)}
          </p>
          <div className="actions">
            <button type="button" disabled={busy} onClick={() => act(intakeSheet().then((path) => setNotice(t("intake.sheetSaved", { path }))), null)}>
              {t("intake.sheet")}
            </button>
            <button type="button" disabled={busy} onClick={() => act(intakeClose().then(() => setStatus(null)), t("intake.closed"))}>
              {t("intake.close")}
            </button>
          </div>
          <h3>{t("intake.codes")}</h3>
          <p className="muted small">{t("intake.codesHelp")}</p>
          {status.codes.length === 0 && <p className="muted">{t("intake.none")}</p>}
          <ul className="intake-codes" aria-label={t("intake.codes")}>
            {status.codes.map((c) => {
              const title = c.job
                ? t("intake.handoff.code", { title: c.title, platform: t(`platform.${c.subtitle}`) })
                : c.person
                  ? t("intake.personCode", { name: c.title })
                  : t("intake.requestCode", { title: c.title });
              return (
                <li key={c.token_id} className="intake-code">
                  <div>
                    <strong>{title}</strong> {c.person && <span className="muted small">{c.subtitle}</span>}
                  </div>
                  <input className="intake-url" readOnly value={c.url} aria-label={t("intake.addressFor", { title })} onFocus={(e) => e.target.select()} />
                  <div className="actions">
                    <QrCode url={c.url} title={title} />
                    <button type="button" className="link" aria-label={t("intake.revokeFor", { title })} disabled={busy} onClick={() => act(intakeRevoke(c.token_id), t("intake.revoked"))}>
                      {t("intake.revoke")}
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      )}
      <HandOff open={status !== null} onChanged={load} />
      <WatchedFolder />
    </section>
  );
}

function WatchedFolder() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState<string | null>(null);
  const [path, setPath] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  useEffect(() => {
    watchFolder()
      .then((f) => {
        setCurrent(f);
        setPath(f ?? "");
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  const save = (folder: string | null) => {
    setError(null);
    setWatchFolder(folder)
      .then((r) => {
        setCurrent(folder);
        setNotice(r ? t("intake.folder.scanned", { imported: r.imported, waiting: r.waiting, problems: r.problems }) : t("intake.folder.cleared"));
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  };
  return (
    <section className="watched-folder" aria-labelledby="folder-title">
      <h3 id="folder-title">{t("intake.folder.title")}</h3>
      <p className="muted small">{t("intake.folder.lead")}</p>
      <p>{current ? t("intake.folder.current", { path: current }) : t("intake.folder.notSet")}</p>
      <Notice text={notice} />
      <FormError error={error} />
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          save(path.trim() || null);
        }}
      >
        <label>
          {t("intake.folder.path")}
          <input value={path} onChange={(e) => setPath(e.target.value)} />
        </label>
        <div className="actions">
          <button type="submit">{t("intake.folder.set")}</button>
          {current && (
            <button type="button" onClick={() => save(null)}>
              {t("intake.folder.clear")}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

function HandOff(props: { open: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const [list, setList] = useState<Candidate[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const load = useCallback(() => {
    handoffCandidates()
      .then(setList)
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  useReload(load, (c) => touches(c, "posts", "requests"));
  const run = (p: Promise<unknown>, done: string) => {
    setError(null);
    p.then(() => {
      setNotice(done);
      load();
      props.onChanged();
    }).catch((e: unknown) => setError(toIpcError(e)));
  };
  return (
    <section className="handoff" aria-labelledby="handoff-title">
      <h3 id="handoff-title">{t("intake.handoff.title")}</h3>
      <p className="muted small">{t("intake.handoff.lead")}</p>
      <Notice text={notice} />
      <FormError error={error} />
      {!props.open && list.some((c) => !c.handed_off) && <p className="muted small">{t("intake.handoff.needsOpen")}</p>}
      {list.length === 0 ? (
        <p className="muted">{t("intake.handoff.none")}</p>
      ) : (
        <ul className="intake-codes" aria-label={t("intake.handoff.title")}>
          {list.map((c) => {
            const names = { title: c.title, platform: t(`platform.${c.platform}`) };
            return (
              <li key={c.job} className="intake-code">
                <div>
                  <strong>{c.title}</strong> <span className="muted small">{t(`platform.${c.platform}`)}</span>
                  {c.handed_off && <span className="chip">{t("intake.handoff.handedOff")}</span>}
                </div>
                <div className="actions">
                  {/* A post already handed to a person (a channel posted by hand, at its time)
                      can still go to a phone while the page is open. */}
                  {(!c.handed_off || props.open) && (
                    <button type="button" disabled={!props.open} aria-label={t("intake.handoff.giveFor", names)} onClick={() => run(intakeHandoff(c.job), t("intake.handoff.given"))}>
                      {t("intake.handoff.give")}
                    </button>
                  )}
                  {c.handed_off && (
                    <button type="button" aria-label={t("intake.handoff.takeBackFor", names)} onClick={() => run(handoffTakeBack(c.job), t("intake.handoff.takenBack"))}>
                      {t("intake.handoff.takeBack")}
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
