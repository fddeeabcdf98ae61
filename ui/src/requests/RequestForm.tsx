// Sending a request: what is wanted, by when, how often, and to whom (people or whole departments).
import { DateField } from "../components/DateFields";
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import { sendRequest, type Department, type IpcError, type PersonSummary, type Recurrence, type RequestInput } from "../bindings";
import { FormError } from "../components/FormError";

const blank = (): RequestInput => ({ title: "", description: "", due_on: null, recurrence: null, people: [], departments: [] });

export function RequestForm(props: { people: PersonSummary[]; departments: Department[]; onSent: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const ids = { title: useId(), detail: useId(), rec: useId(), filter: useId() };
  const [form, setForm] = useState<RequestInput>(blank);
  const [filter, setFilter] = useState("");
  const [error, setError] = useState<IpcError | null>(null);

  const toggle = <K extends "people" | "departments">(key: K, id: string) =>
    setForm((f) => ({ ...f, [key]: f[key].includes(id) ? f[key].filter((x) => x !== id) : [...f[key], id] }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await sendRequest(form);
      setForm(blank());
      setError(null);
      props.onSent();
    } catch (err) {
      setError(toIpcError(err));
    }
  };

  const shown = props.people.filter((p) => p.active && (filter === "" || `${p.name}${p.display_name}${p.department ?? ""}`.includes(filter)));

  return (
    <form className="request-form panel-card" aria-label={t("requests.new")} onSubmit={(e) => void submit(e)}>
      <h2>{t("requests.new")}</h2>
      <div className="field">
        <label htmlFor={ids.title}>{t("requests.what")}</label>
        <input id={ids.title} value={form.title} placeholder={t("requests.whatPlaceholder")} onChange={(e) => setForm({ ...form, title: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={ids.detail}>{t("requests.detail")}</label>
        <textarea id={ids.detail} rows={2} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
      </div>
      <div className="field-row">
        <div className="field">
          <span className="field-label">{t("requests.due")}</span>
          <DateField label={t("requests.due")} value={form.due_on ?? ""} optional onChange={(v) => setForm({ ...form, due_on: v || null })} />
        </div>
        <div className="field">
          <label htmlFor={ids.rec}>{t("requests.recurrence")}</label>
          <select
            id={ids.rec}
            value={form.recurrence ?? ""}
            onChange={(e) => setForm({ ...form, recurrence: e.target.value === "" ? null : (e.target.value as Recurrence) })}
          >
            <option value="">{t("requests.once")}</option>
            <option value="weekly">{t("requests.every.weekly")}</option>
            <option value="monthly">{t("requests.every.monthly")}</option>
          </select>
        </div>
      </div>
      <fieldset className="platform-picker">
        <legend>{t("requests.departments")}</legend>
        {props.departments.map((d) => (
          <label key={d.id} className="chip-check">
            <input type="checkbox" aria-label={d.name} checked={form.departments.includes(d.id)} onChange={() => toggle("departments", d.id)} />
            {t("requests.deptCount", { name: d.name, count: d.active_people })}
          </label>
        ))}
      </fieldset>
      <fieldset className="people-choice">
        <legend>
          {t("requests.people")} ({form.people.length})
        </legend>
        <input
          id={ids.filter}
          type="search"
          aria-label={t("requests.filterPeople")}
          placeholder={t("requests.filterPeople")}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <ul className="people-pick">
          {shown.map((p) => (
            <li key={p.id}>
              <label className="inline">
                <input type="checkbox" aria-label={p.name} checked={form.people.includes(p.id)} onChange={() => toggle("people", p.id)} />
                {p.name}
                <span className="muted small">
                  {" "}
                  {p.department ?? ""} · {p.participation.map((m) => t(`participation.${m}`)).join("・") || "—"}
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <FormError error={error} />
      <div className="actions">
        <button type="submit" className="primary">
          {t("requests.send")}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t("requests.cancel")}
        </button>
      </div>
    </form>
  );
}
