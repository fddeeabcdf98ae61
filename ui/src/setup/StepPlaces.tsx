// Step 3: departments and sites, one per line (the roster may add more later).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { addPlaces } from "../bindings";
import { toIpcError } from "../api";
import { StepNext } from "./StepNext";
import type { StepProps } from "./SetupGuide";

const lines = (v: string) =>
  v
    .split(/\r?\n|、/)
    .map((s) => s.trim())
    .filter((s) => s !== "");

export function StepPlaces(props: StepProps) {
  const { t } = useTranslation();
  const [departments, setDepartments] = useState("");
  const [sites, setSites] = useState("");
  const save = () =>
    void addPlaces(lines(departments), lines(sites))
      .then(props.next)
      .catch((e: unknown) => props.onError(toIpcError(e)));
  return (
    <div className="setup-step">
      <p>{t("setup.places.help")}</p>
      <div className="field-row">
        <div className="field">
          <label htmlFor="setup-departments">{t("setup.places.departments")}</label>
          <textarea id="setup-departments" rows={6} placeholder={t("setup.places.departmentsHint")} value={departments} onChange={(e) => setDepartments(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="setup-sites">{t("setup.places.sites")}</label>
          <textarea id="setup-sites" rows={6} placeholder={t("setup.places.sitesHint")} value={sites} onChange={(e) => setSites(e.target.value)} />
        </div>
      </div>
      <StepNext label={t("setup.saveNext")} onClick={save} />
    </div>
  );
}
