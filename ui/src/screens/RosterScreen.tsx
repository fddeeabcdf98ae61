// The roster: people, how they take part, their consent records, and CSV in and out.
import { ColumnMapping, unknownHeaders } from "../components/ColumnMapping";
import { track } from "../operations";
import { RowErrors } from "../components/RowErrors";
import { DateField, dateLabel } from "../components/DateFields";
import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useReload } from "../useReload";
import { postsMoved, toIpcError, touches } from "../api";
import {
  addConsent,
  addPerson,
  exportRoster,
  getPerson,
  holdBackPost,
  importRoster,
  listPeople,
  listTraining,
  PLATFORMS,
  updatePerson,
  withdrawConsent,
  type Impact,
  type ImportReport,
  type IpcError,
  type Participation,
  type PersonDetail,
  type PersonInput,
  type PersonSummary,
  type Platform,
  type Role,
} from "../bindings";
import { toBase64 } from "../files";
import { FormError } from "../components/FormError";
import { Notice } from "../components/Notice";
import { dateInZone } from "../calendarEvents";
import { PersonActivity } from "../roster/PersonActivity";
import { TakeDown } from "../roster/TakeDown";
import { PostEditor } from "../editor/PostEditor";

const MODES: Participation[] = ["face_shown", "hands_only", "back_view", "voice_only", "material_only", "not_participating"];
const ROLES: Role[] = ["lead", "reviewer", "ambassador", "executive"];

const blank = (): PersonInput => ({
  name: "",
  name_reading: "",
  display_name: "",
  department: null,
  site: null,
  role: "ambassador",
  participation: [],
  handles: {},
  active: true,
});

export function RosterScreen(props: { timeZone: string }) {
  const { t } = useTranslation();
  const [people, setPeople] = useState<PersonSummary[]>([]);
  const [untrained, setUntrained] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | "new" | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [report, setReport] = useState<{ data: string; report: ImportReport; mapping: Record<string, string> } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const reload = useCallback(() => {
    Promise.all([listPeople(), listTraining()])
      .then(([p, tr]) => {
        setPeople(p);
        setUntrained(new Set(tr.filter((x) => !x.current).map((x) => x.person)));
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);
  useReload(reload, (c) => touches(c, "people", "requests") || postsMoved(c));

  const pickCsv = async (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    try {
      const data = await toBase64(file);
      setReport({ data, report: await track(t("operations.importRoster"), (op) => importRoster(data, true, null, op), true), mapping: {} });
    } catch (e) {
      setError(toIpcError(e));
    }
  };

  const groups = new Map<string, PersonSummary[]>();
  for (const p of people) {
    const key = p.department ?? t("roster.noDepartment");
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }

  return (
    <div className={editing ? "requests-layout with-editor" : "roster-layout"}>
      <section className="roster-screen" aria-labelledby="roster-title">
        <header className="screen-header title-row">
          <h1 id="roster-title">{t("roster.title")}</h1>
          <div className="actions">
            <button type="button" onClick={() => setChosen("new")}>
              {t("roster.add")}
            </button>
            <label className="file-button">
              {t("roster.import")}
              <input type="file" accept=".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-label={t("roster.import")} onChange={(e) => void pickCsv(e.target.files)} />
            </label>
            <button
              type="button"
              onClick={() =>
                void exportRoster()
                  .then((path) => setNotice(t("roster.exported", { path })))
                  .catch((e: unknown) => setError(toIpcError(e)))
              }
            >
              {t("roster.export")}
            </button>
          </div>
        </header>
        <Notice text={notice} />
        <FormError error={error} />
        {report && (
          <ImportPanel
            report={report.report}
            mapping={report.mapping}
            onMapping={(mapping) =>
              void track(t("operations.importRoster"), (op) => importRoster(report.data, true, mapping, op), true)
                .then((r) => setReport({ ...report, report: r, mapping }))
                .catch((e: unknown) => setError(toIpcError(e)))
            }
            onCancel={() => setReport(null)}
            onImport={() =>
              void track(t("operations.importRoster"), (op) => importRoster(report.data, false, report.mapping, op), true)
                .then((r) => {
                  setReport(null);
                  setNotice(t("roster.imported", { added: r.added, updated: r.updated }));
                })
                .catch((e: unknown) => setError(toIpcError(e)))
            }
          />
        )}
        <div className="roster-grid">
          <nav aria-label={t("roster.people")} className="people-list">
            {[...groups].map(([dept, list]) => (
              <div key={dept} className="template-group">
                <h2>{dept}</h2>
                <ul>
                  {list.map((p) => (
                    <li key={p.id}>
                      <button type="button" aria-pressed={chosen === p.id} onClick={() => setChosen(p.id)} className={p.active ? "" : "left"}>
                        <span>{p.name}</span>
                        <span className="muted small">
                          {t(`role.${p.role}`)} · {p.participation.map((m) => t(`participation.${m}`)).join("・") || "—"}
                          {!p.active && ` · ${t("roster.left")}`}
                        </span>
                        {untrained.has(p.id) && <span className="flag">{t("training.flag")}</span>}
                      </button>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </nav>
          {chosen && (
            <PersonPanel
              key={chosen}
              id={chosen === "new" ? null : chosen}
              month={dateInZone(new Date(), props.timeZone).slice(0, 7)}
              onSaved={(id) => setChosen(id)}
              onOpenPost={setEditing}
            />
          )}
        </div>
      </section>
      {editing && <PostEditor key={editing} postId={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}

function ImportPanel(props: { report: ImportReport; mapping: Record<string, string>; onMapping: (m: Record<string, string>) => void; onCancel: () => void; onImport: () => void }) {
  const { t } = useTranslation();
  const r = props.report;
  return (
    <section className="import-panel" aria-label={t("roster.importCheck")} role="region">
      <h2>{t("roster.importCheck")}</h2>
      <p>
        {t("roster.importSummary", { rows: r.rows, added: r.added, updated: r.updated, encoding: r.encoding })}
      </p>
      <ColumnMapping headers={[...new Set([...unknownHeaders(r.errors), ...Object.keys(props.mapping)])]} mapping={props.mapping} onChange={props.onMapping} />
      <RowErrors errors={r.errors} />
      <div className="actions">
        <button type="button" className="primary" disabled={r.errors.length > 0} onClick={props.onImport}>
          {t("roster.importNow")}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t("calendar.cancel")}
        </button>
      </div>
    </section>
  );
}

function PersonPanel(props: { id: string | null; month: string; onSaved: (id: string) => void; onOpenPost: (id: string) => void }) {
  const { t } = useTranslation();
  const ids = { name: useId(), reading: useId(), display: useId(), dept: useId(), site: useId(), role: useId() };
  const [detail, setDetail] = useState<PersonDetail | null>(null);
  const [form, setForm] = useState<PersonInput>(blank);
  const [error, setError] = useState<IpcError | null>(null);
  const [impact, setImpact] = useState<Impact | null>(null);
  const [saved, setSaved] = useState(false);

  const load = useCallback(() => {
    if (!props.id) return;
    getPerson(props.id)
      .then((d) => {
        setDetail(d);
        setForm(d.input);
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  }, [props.id]);
  useEffect(load, [load]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      if (props.id) {
        const result = await updatePerson(props.id, form);
        setImpact(result.posts.length > 0 ? result : null);
        load();
      } else {
        props.onSaved(await addPerson(form));
      }
      setSaved(true);
      setError(null);
    } catch (err) {
      setError(toIpcError(err));
    }
  };

  const toggleMode = (m: Participation) =>
    setForm((f) => ({ ...f, participation: f.participation.includes(m) ? f.participation.filter((x) => x !== m) : [...f.participation, m] }));

  return (
    <div className="person-panel">
      <form className="settings-form" onSubmit={(e) => void submit(e)} aria-label={props.id ? t("roster.edit") : t("roster.add")}>
        <div className="field-row">
          <div className="field">
            <label htmlFor={ids.name}>{t("roster.name")}</label>
            <input id={ids.name} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={ids.reading}>{t("roster.reading")}</label>
            <input id={ids.reading} value={form.name_reading} onChange={(e) => setForm({ ...form, name_reading: e.target.value })} />
          </div>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={ids.display}>{t("roster.displayName")}</label>
            <input id={ids.display} value={form.display_name} onChange={(e) => setForm({ ...form, display_name: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={ids.role}>{t("roster.role")}</label>
            <select id={ids.role} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={ids.dept}>{t("roster.department")}</label>
            <input id={ids.dept} value={form.department ?? ""} onChange={(e) => setForm({ ...form, department: e.target.value || null })} />
          </div>
          <div className="field">
            <label htmlFor={ids.site}>{t("roster.site")}</label>
            <input id={ids.site} value={form.site ?? ""} onChange={(e) => setForm({ ...form, site: e.target.value || null })} />
          </div>
        </div>
        <fieldset className="platform-picker">
          <legend>{t("roster.participation")}</legend>
          {MODES.map((m) => (
            <label key={m} className="chip-check">
              <input type="checkbox" aria-label={t(`participation.${m}`)} checked={form.participation.includes(m)} onChange={() => toggleMode(m)} />
              {t(`participation.${m}`)}
            </label>
          ))}
        </fieldset>
        <label className="inline">
          <input type="checkbox" checked={form.active} onChange={(e) => setForm({ ...form, active: e.target.checked })} />
          {t("roster.active")}
        </label>
        <FormError error={error} />
        <div className="actions">
          <button type="submit" className="primary">
            {t("settings.save")}
          </button>
          <span role="status" className="save-state">
            {saved ? t("settings.saved") : ""}
          </span>
        </div>
      </form>
      {impact && <ImpactList impact={impact} onOpenPost={props.onOpenPost} />}
      {detail && (
        <Consents
          detail={detail}
          onChanged={load}
          onImpact={(i) => {
            setImpact(i);
            load();
          }}
        />
      )}
      {detail && <PersonActivity person={detail.id} active={detail.input.active} month={props.month} />}
    </div>
  );
}

function ImpactList(props: { impact: Impact; onOpenPost: (id: string) => void }) {
  const { t } = useTranslation();
  const [held, setHeld] = useState<string[]>([]);
  const [error, setError] = useState<IpcError | null>(null);
  return (
    <section className="impact" aria-label={t("roster.impact")} role="region">
      <h3>{t("roster.impact")}</h3>
      <p className="help">{t("roster.impactHelp")}</p>
      <ul>
        {props.impact.posts.map((p) => (
          <li key={p.id}>
            <span className={`status-pill status-${p.status}`}>{t(`status.${p.status}`)}</span> {p.title}{" "}
            <span className="muted">
              {p.scheduled_at?.slice(0, 10) ?? ""} · {t(`roster.via.${p.via}`)}
            </span>{" "}
            {p.status !== "published" && p.status !== "paused" && !held.includes(p.id) && (
              <button
                type="button"
                className="link-button"
                aria-label={t("roster.holdBack", { title: p.title })}
                onClick={() =>
                  void holdBackPost(p.id)
                    .then(() => setHeld((h) => [...h, p.id]))
                    .catch((e: unknown) => setError(toIpcError(e)))
                }
              >
                {t("roster.holdBackShort")}
              </button>
            )}
            {held.includes(p.id) && <span className="muted"> {t("roster.heldBack")}</span>}{" "}
            <button type="button" className="link-button" aria-label={t("roster.editPost", { title: p.title })} onClick={() => props.onOpenPost(p.id)}>
              {t("roster.editPostShort")}
            </button>
            {p.status === "published" && (
              <>
                {" "}
                <TakeDown post={p.id} title={p.title} />
              </>
            )}
          </li>
        ))}
      </ul>
      <FormError error={error} />
    </section>
  );
}

function Consents(props: { detail: PersonDetail; onChanged: () => void; onImpact: (i: Impact) => void }) {
  const { t, i18n } = useTranslation();
  const ids = { evidence: useId() };
  const today = new Date().toISOString().slice(0, 10);
  const [modes, setModes] = useState<Participation[]>([]);
  const [platforms, setPlatforms] = useState<Platform[]>([]);
  const [given, setGiven] = useState(today);
  const [expires, setExpires] = useState("");
  const [evidence, setEvidence] = useState("");
  const [error, setError] = useState<IpcError | null>(null);

  const add = async () => {
    try {
      await addConsent(props.detail.id, { modes, platforms, given_on: given, expires_on: expires || null, evidence_ref: evidence });
      setModes([]);
      setPlatforms([]);
      setEvidence("");
      setError(null);
      props.onChanged();
    } catch (e) {
      setError(toIpcError(e));
    }
  };

  return (
    <section className="consents" aria-label={t("roster.consents")}>
      <h3>{t("roster.consents")}</h3>
      {props.detail.consents.length === 0 && <p className="muted">{t("roster.noConsent")}</p>}
      <ul className="plain">
        {props.detail.consents.map((c) => (
          <li key={c.id} className="consent">
            <span className={`consent-state consent-${c.state}`}>{t(`roster.state.${c.state}`)}</span>{" "}
            {c.modes.map((m) => t(`participation.${m}`)).join("・")} ·{" "}
            {c.platforms.length ? c.platforms.map((p) => t(`platform.${p}`)).join(", ") : t("roster.allPlatforms")} ·{" "}
            {dateLabel(c.given_on, i18n.language)} – {c.expires_on ? dateLabel(c.expires_on, i18n.language) : t("roster.noExpiry")} · {c.evidence_ref}
            {c.state !== "withdrawn" && (
              <button
                type="button"
                className="link"
                onClick={() =>
                  void withdrawConsent(c.id)
                    .then(props.onImpact)
                    .catch((e: unknown) => setError(toIpcError(e)))
                }
              >
                {t("roster.withdraw")}
              </button>
            )}
          </li>
        ))}
      </ul>
      <fieldset className="consent-form">
        <legend>{t("roster.addConsent")}</legend>
        <div className="platform-picker">
          {MODES.filter((m) => m !== "not_participating").map((m) => (
            <label key={m} className="chip-check">
              <input
                type="checkbox"
                aria-label={t("roster.consentMode", { mode: t(`participation.${m}`) })}
                checked={modes.includes(m)}
                onChange={() => setModes((ms) => (ms.includes(m) ? ms.filter((x) => x !== m) : [...ms, m]))}
              />
              {t(`participation.${m}`)}
            </label>
          ))}
        </div>
        <div className="platform-picker">
          {PLATFORMS.map((p) => (
            <label key={p} className="chip-check">
              <input
                type="checkbox"
                aria-label={t("roster.consentPlatform", { platform: t(`platform.${p}`) })}
                checked={platforms.includes(p)}
                onChange={() => setPlatforms((ps) => (ps.includes(p) ? ps.filter((x) => x !== p) : [...ps, p]))}
              />
              {t(`platform.${p}`)}
            </label>
          ))}
        </div>
        <p className="help">{t("roster.platformsHelp")}</p>
        <div className="inline-form">
          <span className="field-label">{t("roster.givenOn")}</span>
          <DateField label={t("roster.givenOn")} value={given} onChange={setGiven} />
          <span className="field-label">{t("roster.expiresOn")}</span>
          <DateField label={t("roster.expiresOn")} value={expires} optional onChange={setExpires} />
          <label htmlFor={ids.evidence}>{t("roster.evidence")}</label>
          <input id={ids.evidence} value={evidence} onChange={(e) => setEvidence(e.target.value)} />
          <button type="button" onClick={() => void add()}>
            {t("roster.addConsent")}
          </button>
        </div>
        <FormError error={error} />
      </fieldset>
    </section>
  );
}
