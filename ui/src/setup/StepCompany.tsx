// Step 1: the company's name and time zone (every time on the calendar is in it).
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { getSettings, listTimeZones, updateSettings } from "../bindings";
import { toIpcError } from "../api";
import { StepNext } from "./StepNext";
import type { StepProps } from "./SetupGuide";
import { zoneChoices, zoneLabel } from "../zones";

export function StepCompany(props: StepProps) {
  const { t } = useTranslation();
  const ids = { name: useId(), zone: useId() };
  const [name, setName] = useState("");
  const [zone, setZone] = useState("Asia/Tokyo");
  const [zones, setZones] = useState<string[]>([]);
  useEffect(() => {
    void Promise.all([getSettings(), listTimeZones()])
      .then(([s, z]) => {
        setName(s.name);
        setZone(s.time_zone);
        setZones(z);
      })
      .catch((e: unknown) => props.onError(toIpcError(e)));
    // Read once when the step opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const save = () =>
    void updateSettings({ name, time_zone: zone })
      .then(props.next)
      .catch((e: unknown) => props.onError(toIpcError(e)));
  return (
    <div className="setup-step">
      <p>{t("setup.company.help")}</p>
      <div className="field">
        <label htmlFor={ids.name}>{t("setup.company.name")}</label>
        <input id={ids.name} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={ids.zone}>{t("setup.company.zone")}</label>
        <select id={ids.zone} value={zone} onChange={(e) => setZone(e.target.value)}>
          {zoneChoices(zones, zone).map((z) => (
            <option key={z} value={z}>
              {zoneLabel(z, t)}
            </option>
          ))}
        </select>
      </div>
      <StepNext label={t("setup.saveNext")} onClick={save} />
    </div>
  );
}
