// Team sync: make a team, invite and admit devices by fingerprint, see when this device last
// synced, settle edits made on two devices side by side, and read what was refused.
import { track } from "../operations";
import { useCallback, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useReload } from "../useReload";
import { postsMoved, toIpcError, touches } from "../api";
import {
  listPeople,
  resolveConflict,
  syncConflicts,
  syncNow,
  syncQuarantine,
  teamAdmit,
  teamCreate,
  teamInvite,
  teamJoin,
  teamRevoke,
  teamSetPlace,
  teamStatus,
  type Conflict,
  type IpcError,
  type PlaceInput,
  type PersonSummary,
  type Quarantined,
  type TeamStatus,
} from "../bindings";
import { FormError } from "../components/FormError";
import { Notice } from "../components/Notice";
import { PlaceFields, emptyPlace, placeComplete } from "../components/PlaceFields";
import { formatSyncTime, inviteRole } from "../team";

function shown(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

export function TeamScreen(props: { timeZone: string }) {
  const { t } = useTranslation();
  const ids = { person: useId(), code: useId(), joinCode: useId(), joinOk: useId() };
  const [status, setStatus] = useState<TeamStatus | null | undefined>(undefined);
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const [refused, setRefused] = useState<Quarantined[]>([]);
  const [people, setPeople] = useState<PersonSummary[]>([]);
  const [place, setPlace] = useState<PlaceInput>(emptyPlace("folder"));
  const [person, setPerson] = useState("");
  const [code, setCode] = useState<string | null>(null);
  const [joinCode, setJoinCode] = useState("");
  const [joinPlace, setJoinPlace] = useState<PlaceInput>(emptyPlace("folder"));
  const [joinOk, setJoinOk] = useState(false);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [moved, setMoved] = useState<PlaceInput>(emptyPlace("folder"));
  const [merged, setMerged] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  const load = useCallback(() => {
    teamStatus()
      .then(async (s) => {
        setStatus(s);
        if (s) {
          const [c, q] = await Promise.all([syncConflicts(), syncQuarantine()]);
          setConflicts(c);
          setRefused(q);
          if (s.role === "lead") setPeople(await listPeople());
        }
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  useReload(load, (c) => touches(c, "team", "people") || postsMoved(c));

  const run = async (work: () => Promise<string | null>) => {
    setBusy(true);
    try {
      const done = await work();
      setError(null);
      setNotice(done);
      load();
    } catch (e) {
      setError(toIpcError(e));
    } finally {
      setBusy(false);
    }
  };

  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await teamCreate(place);
      return t("team.created");
    });
  };
  const join = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const st = await teamJoin(joinCode, joinPlace);
      return t("team.joined", { fingerprint: st.fingerprint });
    });
  };
  const invite = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      setCode(await teamInvite(person, false));
      return t("team.inviteMade");
    });
  };
  const sync = async () => {
    setBusy(true);
    try {
      const r = await track(t("operations.sync"), () => syncNow());
      setNotice(t("team.synced", { sent: r.sent, applied: r.applied, refused: r.quarantined }));
    } catch {
      // The reason is kept with the status and shown there, like an automatic round's.
      setNotice(null);
    } finally {
      setError(null);
      setBusy(false);
      load();
    }
  };

  if (status === undefined) return <section className="screen" aria-busy="true" />;

  if (status === null) {
    return (
      <section className="team-screen" aria-labelledby="team-title">
        <header className="screen-header"><h1 id="team-title">{t("team.title")}</h1></header>
        <p className="help">{t("team.intro")}</p>
        <form className="panel-card" aria-label={t("team.createForm")} onSubmit={create}>
          <h2>{t("team.createTitle")}</h2>
          <PlaceFields value={place} onChange={setPlace} folderLabel={t("team.folder")} name="create" />
          <button type="submit" disabled={busy || !placeComplete(place)}>
            {t("team.create")}
          </button>
        </form>
        <form className="panel-card" aria-label={t("team.joinForm")} onSubmit={join}>
          <h2>{t("team.joinTitle")}</h2>
          <label htmlFor={ids.joinCode}>{t("team.code")}</label>
          <textarea id={ids.joinCode} value={joinCode} onChange={(e) => setJoinCode(e.target.value)} rows={3} placeholder="TSU1-…" required />
          <PlaceFields value={joinPlace} onChange={setJoinPlace} folderLabel={t("team.joinFolder")} name="join" />
          <label htmlFor={ids.joinOk} className="inline">
            <input id={ids.joinOk} type="checkbox" checked={joinOk} onChange={(e) => setJoinOk(e.target.checked)} />
            {t("team.joinConfirm")}
          </label>
          <button type="submit" disabled={busy || !joinOk || joinCode.trim() === "" || !placeComplete(joinPlace)}>
            {t("team.join")}
          </button>
          <details>
            <summary>{t("error.details")}</summary>
            <p className="help">{t("team.joinCli")}</p>
            <code className="command">tsunagu --workspace DIR team join CODE --folder PATH</code>
          </details>
        </form>
        <FormError error={error} />
        <Notice text={notice} />
      </section>
    );
  }

  const lead = status.role === "lead";
  return (
    <section className="team-screen" aria-labelledby="team-title">
      <header className="screen-header"><h1 id="team-title">{t("team.title")}</h1></header>
      <div className="panel-card team-status" aria-label={t("team.statusLabel")}>
        <dl>
          <dt>{t("team.role")}</dt>
          <dd>{t(`team.roles.${status.role}`)}</dd>
          <dt>{t("team.me")}</dt>
          <dd>{status.person_name ?? "—"}</dd>
          <dt>{t("team.fingerprint")}</dt>
          <dd className="fingerprint" aria-label={t("team.fingerprint")}>
            {status.fingerprint}
          </dd>
          <dt>{t("team.place.kind")}</dt>
          <dd>{status.place_text}</dd>
          <dt>{t("team.lastSync")}</dt>
          <dd aria-label={t("team.lastSync")}>{status.last_sync_at ? formatSyncTime(status.last_sync_at, props.timeZone) : t("team.never")}</dd>
          <dt>{t("team.sealing")}</dt>
          <dd aria-label={t("team.sealing")}>{status.key_epoch > 0 ? t("team.sealed", { epoch: status.key_epoch }) : t("team.unsealed")}</dd>
          <dt>{t("team.receives")}</dt>
          <dd aria-label={t("team.receives")}>{t(`team.receivesBy.${status.role}`)}</dd>
        </dl>
        {!status.admitted && <p className="warning" role="status">{t("team.waitingAdmission", { fingerprint: status.fingerprint })}</p>}
        {status.last_sync_error && (
          <div className="form-error" role="alert">
            <strong>{status.last_sync_error_code === "unreachable" ? t("team.folderAway") : t("team.syncFailed")}</strong>
            <details>
              <summary>{t("error.details")}</summary>
              <div className="error-message">{status.last_sync_error}</div>
            </details>
          </div>
        )}
        <button type="button" onClick={() => void sync()} disabled={busy}>
          {t("team.syncNow")}
        </button>
        <details>
          <summary>{t("team.place.change")}</summary>
          <form
            className="inline-form"
            aria-label={t("team.place.change")}
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => (await teamSetPlace(moved), setMoved(emptyPlace(moved.kind)), t("team.moved")));
            }}
          >
            <PlaceFields value={moved} onChange={setMoved} folderLabel={t("team.movedFolder")} name="move" />
            <button type="submit" disabled={busy || !placeComplete(moved)}>
              {t("team.move")}
            </button>
          </form>
        </details>
      </div>
      <FormError error={error} />
      <Notice text={notice} />

      {lead && (
        <>
          <div className="panel-card">
            <h2>{t("team.requests")}</h2>
            {status.requests.length === 0 ? (
              <p className="help">{t("team.noRequests")}</p>
            ) : (
              <ul className="plain-list">
                {status.requests.map((r) => (
                  <li key={r.fingerprint}>
                    <strong className="fingerprint">{r.fingerprint}</strong> {r.person_name ?? r.person_id} · {r.device_name}
                    {!r.invited && <span className="warning"> {t("team.noInvite")}</span>}
                    <button type="button" disabled={busy || !r.invited} aria-label={t("team.admitLabel", { fingerprint: r.fingerprint })} onClick={() => void run(async () => (await teamAdmit(r.fingerprint), t("team.admitted", { name: r.person_name ?? r.device_name })))}>
                      {t("team.admit")}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <p className="help">{t("team.compareHint")}</p>
          </div>
          <form className="panel-card" aria-label={t("team.inviteForm")} onSubmit={invite}>
            <h2>{t("team.inviteTitle")}</h2>
            <label htmlFor={ids.person}>{t("team.person")}</label>
            <select id={ids.person} value={person} onChange={(e) => setPerson(e.target.value)} required>
              <option value="">{t("team.choosePerson")}</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
            {person !== "" && (
              <p className="help" role="note">
                {t("team.inviteRole", { role: t(`team.roles.${inviteRole(people.find((p) => p.id === person)?.role)}`) })}
              </p>
            )}
            <button type="submit" disabled={busy || person === ""}>
              {t("team.makeInvite")}
            </button>
            {code && (
              <>
                <label htmlFor={ids.code}>{t("team.code")}</label>
                <textarea id={ids.code} readOnly value={code} rows={3} onFocus={(e) => e.currentTarget.select()} />
                <p className="help">{t("team.codeHint")}</p>
              </>
            )}
          </form>
        </>
      )}

      <div className="panel-card">
        <h2>{t("team.members")}</h2>
        {status.members.length === 0 && <p className="help">{t("team.noMembersYet")}</p>}
        <table className="audit" hidden={status.members.length === 0}>
          <thead>
            <tr>
              <th>{t("team.person")}</th>
              <th>{t("team.device")}</th>
              <th>{t("team.role")}</th>
              <th>{t("team.fingerprint")}</th>
              <th>{t("team.entries")}</th>
              {status.key_epoch > 0 && <th>{t("team.readable")}</th>}
              <th />
            </tr>
          </thead>
          <tbody>
            {status.members.map((m) => (
              <tr key={m.member.key} className={m.member.revoked_through !== null ? "revoked" : undefined}>
                <td>
                  {m.person_name ?? "—"}
                  {m.is_me && ` (${t("team.thisDevice")})`}
                </td>
                <td>{m.member.device_name}</td>
                <td>{m.member.revoked_through !== null ? t("team.removed") : t(`team.roles.${m.member.role}`)}</td>
                <td className="fingerprint">{m.member.fingerprint}</td>
                <td>{m.applied}</td>
                {status.key_epoch > 0 && <td aria-label={`${t("team.readable")} ${m.member.fingerprint}`}>{readableText(m.epochs, status.key_epoch, t)}</td>}
                <td>
                  {lead && m.member.revoked_through !== null && (
                    <button type="button" disabled={busy} aria-label={t("team.readmitLabel", { fingerprint: m.member.fingerprint })} onClick={() => void run(async () => (await teamAdmit(m.member.fingerprint), t("team.readmitted", { name: m.person_name ?? m.member.device_name })))}>
                      {t("team.readmit")}
                    </button>
                  )}
                  {lead && !m.is_me && m.member.revoked_through === null && revoking !== m.member.fingerprint && (
                    <button type="button" className="danger" disabled={busy} aria-label={t("team.revokeLabel", { fingerprint: m.member.fingerprint })} onClick={() => setRevoking(m.member.fingerprint)}>
                      {t("team.revoke")}
                    </button>
                  )}
                  {revoking === m.member.fingerprint && (
                    <span className="revoke-confirm" role="group" aria-label={t("team.revokeConfirm", { name: m.person_name ?? m.member.device_name })}>
                      <span className="help">{t("team.revokeConfirm", { name: m.person_name ?? m.member.device_name })}</span>
                      <button type="button" className="danger" disabled={busy} onClick={() => void run(async () => (await teamRevoke(m.member.fingerprint), setRevoking(null), t("team.revoked")))}>
                        {t("team.revokeYes")}
                      </button>
                      <button type="button" onClick={() => setRevoking(null)}>
                        {t("team.cancel")}
                      </button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div className="panel-card" aria-label={t("team.conflicts")}>
        <h2>
          {t("team.conflicts")} ({conflicts.length})
        </h2>
        {conflicts.length === 0 && <p className="help">{t("team.noConflicts")}</p>}
        {conflicts.map((c) => {
          const key = `${c.entity}/${c.entity_id}/${c.field}`;
          const texts = c.versions.every((v) => typeof v.value === "string");
          return (
            <div key={key} className="conflict" aria-label={t("team.conflictLabel", { what: c.label ?? c.entity, field: c.field })}>
              <h3>
                {c.label ?? c.entity} · {t(`team.fields.${c.field}`, { defaultValue: c.field })}
              </h3>
              <div className="conflict-versions">
                {c.versions.map((v) => (
                  <div key={`${v.device_key}-${v.seq}`} className="conflict-version">
                    <div className="conflict-device">
                      {v.mine ? t("team.thisDevice") : v.device} {v.shown && <span className="badge">{t("team.shownNow")}</span>}
                    </div>
                    <pre>{shown(v.value)}</pre>
                    <button type="button" disabled={busy} aria-label={t("team.chooseLabel", { device: v.mine ? t("team.thisDevice") : v.device })} onClick={() => void run(async () => (await resolveConflict(c.entity, c.entity_id, c.field, JSON.stringify(v.value)), t("team.resolved")))}>
                      {t("team.choose")}
                    </button>
                  </div>
                ))}
              </div>
              {texts && (
                <div className="conflict-merge">
                  <label htmlFor={`merge-${key}`}>{t("team.merge")}</label>
                  <textarea id={`merge-${key}`} rows={4} value={merged[key] ?? c.versions.map((v) => shown(v.value)).join("\n")} onChange={(e) => setMerged({ ...merged, [key]: e.target.value })} />
                  <button type="button" disabled={busy} onClick={() => void run(async () => (await resolveConflict(c.entity, c.entity_id, c.field, JSON.stringify(merged[key] ?? c.versions.map((v) => shown(v.value)).join("\n"))), t("team.resolved")))}>
                    {t("team.saveMerge")}
                  </button>
                </div>
              )}
            </div>
          );
        })}
      </div>

      <div className="panel-card" aria-label={t("team.quarantine")}>
        <h2>
          {t("team.quarantine")} ({refused.length})
        </h2>
        {refused.length === 0 ? (
          <p className="help">{t("team.noQuarantine")}</p>
        ) : (
          <ul className="plain-list">
            {refused.map((q, i) => (
              <li key={i}>
                <strong>{q.device}</strong> · {formatSyncTime(q.at, props.timeZone)} · {t("team.refusedChange")}
                <details>
                  <summary>{t("error.details")}</summary>
                  <span className="muted small">{q.reason}</span>
                </details>
              </li>
            ))}
          </ul>
        )}
        <p className="help">{t("team.quarantineHint")}</p>
      </div>
    </section>
  );
}

/** What a member's device can read, from the key epochs it holds. */
function readableText(epochs: number[], current: number, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (epochs.length === 0) return t("team.readsNothing");
  const from = Math.min(...epochs);
  const to = Math.max(...epochs);
  return to >= current ? t("team.readsAll", { keys: from === to ? `${to}` : `${from}〜${to}` }) : t("team.readsUntil", { to });
}
