// Workspace settings: name, time zone, language and whether contributions may be ranked. Saved explicitly; errors inline.
import { useEffect, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import {
  setSetupDone,
  handOverDevice,
  listPeople,
  listTimeZones,
  setMe,
  teamStatus,
  updateSettings,
  whoAmI,
  type AppInfo,
  type IpcError,
  type Language,
  type PersonSummary,
  type Settings,
} from "../bindings";
import { FormError } from "../components/FormError";
import { zoneChoices, zoneLabel } from "../zones";
import { WorkspaceSwitcher } from "../components/WorkspaceSwitcher";
import { DeletedPosts } from "../components/DeletedPosts";
import { MediaHostSettings } from "../components/MediaHostSettings";
import { ChatSettingsForm } from "../share/ChatSettingsForm";
import { AssistantSettingsForm } from "../assistant/AssistantSettingsForm";
import { AutostartSetting } from "../components/AutostartSetting";
import { UpdateSetting } from "../components/UpdateSetting";

export function SettingsScreen(props: { info: AppInfo; settings: Settings }) {
  const { t } = useTranslation();
  const ids = { name: useId(), zone: useId(), lang: useId(), nameHelp: useId(), zoneHelp: useId(), group: useId(), groupHelp: useId() };
  const [name, setName] = useState(props.settings.name);
  const [zone, setZone] = useState(props.settings.time_zone);
  const [language, setLanguage] = useState<Language>(props.settings.language);
  const [ranking, setRanking] = useState(props.settings.public_ranking);
  const [second, setSecond] = useState(props.settings.second_reviewer);
  const [minGroup, setMinGroup] = useState(props.settings.min_group_size);
  const [people, setPeople] = useState<PersonSummary[]>([]);
  const [me, setMeState] = useState<string>("");
  const [choice, setChoice] = useState<string>("");
  const [handingOver, setHandingOver] = useState(false);
  const [inTeam, setInTeam] = useState(false);
  const meId = useId();
  const [zones, setZones] = useState<string[]>([props.settings.time_zone]);
  const [state, setState] = useState<"idle" | "saving" | "saved">("idle");
  const [error, setError] = useState<IpcError | null>(null);

  useEffect(() => {
    listTimeZones()
      .then(setZones)
      .catch((e: unknown) => setError(toIpcError(e)));
    Promise.all([listPeople(), whoAmI(), teamStatus()])
      .then(([p, m, team]) => {
        setPeople(p.filter((x) => x.active));
        setMeState(m ?? "");
        setInTeam(team !== null);
      })
      .catch((e: unknown) => setError(toIpcError(e)));
  }, []);

  const dirty =
    name !== props.settings.name ||
    zone !== props.settings.time_zone ||
    language !== props.settings.language ||
    ranking !== props.settings.public_ranking ||
    second !== props.settings.second_reviewer ||
    minGroup !== props.settings.min_group_size;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setState("saving");
    setError(null);
    try {
      await updateSettings({ name, time_zone: zone, language, public_ranking: ranking, second_reviewer: second, min_group_size: minGroup });
      setState("saved");
    } catch (err) {
      setError(toIpcError(err));
      setState("idle");
    }
  };

  return (
    <section className="settings-screen" aria-labelledby="settings-title">
      <header className="screen-header">
        <h1 id="settings-title">{t("settings.title")}</h1>
      </header>
      <form className="settings-form" onSubmit={(e) => void save(e)} aria-label={t("settings.workspace")}>
        <div className="field">
          <label htmlFor={ids.name}>{t("settings.name")}</label>
          <input
            id={ids.name}
            value={name}
            maxLength={80}
            aria-describedby={ids.nameHelp}
            aria-invalid={error?.code === "invalid_input" ? true : undefined}
            onChange={(e) => {
              setName(e.target.value);
              setState("idle");
            }}
          />
          <p id={ids.nameHelp} className="help">
            {t("settings.nameHelp")}
          </p>
        </div>
        <div className="field">
          <label htmlFor={ids.zone}>{t("settings.timeZone")}</label>
          <select
            id={ids.zone}
            value={zone}
            aria-describedby={ids.zoneHelp}
            onChange={(e) => {
              setZone(e.target.value);
              setState("idle");
            }}
          >
            {zoneChoices(zones, zone).map((z) => (
              <option key={z} value={z}>
                {zoneLabel(z, t)}
              </option>
            ))}
          </select>
          <p id={ids.zoneHelp} className="help">
            {t("settings.timeZoneHelp")}
          </p>
        </div>
        <div className="field">
          <label htmlFor={ids.lang}>{t("settings.language")}</label>
          <select
            id={ids.lang}
            value={language}
            onChange={(e) => {
              setLanguage(e.target.value as Language);
              setState("idle");
            }}
          >
            <option value="system">{t("settings.languageSystem")}</option>
            <option value="ja">{t("settings.languageJa")}</option>
            <option value="en">{t("settings.languageEn")}</option>
          </select>
        </div>
        <div className="field">
          <label className="inline">
            <input
              type="checkbox"
              checked={ranking}
              onChange={(e) => {
                setRanking(e.target.checked);
                setState("idle");
              }}
            />
            {t("settings.publicRanking")}
          </label>
          <p className="help">{t("settings.publicRankingHelp")}</p>
        </div>
        <div className="field">
          <label className="inline">
            <input
              type="checkbox"
              checked={second}
              onChange={(e) => {
                setSecond(e.target.checked);
                setState("idle");
              }}
            />
            {t("settings.secondReviewer")}
          </label>
          <p className="help">{t("settings.secondReviewerHelp")}</p>
        </div>
        <div className="field">
          <label htmlFor={ids.group}>{t("settings.minGroupSize")}</label>
          <input
            id={ids.group}
            type="number"
            min={2}
            max={50}
            value={minGroup}
            aria-describedby={ids.groupHelp}
            onChange={(e) => {
              setMinGroup(Number(e.target.value));
              setState("idle");
            }}
          />
          <p className="help" id={ids.groupHelp}>
            {t("settings.minGroupSizeHelp")}
          </p>
        </div>
        <OwnerField
          id={meId}
          people={people}
          me={me}
          choice={choice}
          setChoice={setChoice}
          inTeam={inTeam}
          handingOver={handingOver}
          setHandingOver={setHandingOver}
          onChosen={(id) => {
            const action = me === "" ? setMe(id) : handOverDevice(id);
            action
              .then(() => {
                setMeState(id);
                setChoice("");
                setHandingOver(false);
              })
              .catch((err: unknown) => setError(toIpcError(err)));
          }}
        />
        <FormError error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={state === "saving" || !dirty}>
            {state === "saving" ? t("settings.saving") : t("settings.save")}
          </button>
          <span role="status" className="save-state">
            {state === "saved" ? t("settings.saved") : dirty ? t("settings.unsaved") : ""}
          </span>
        </div>
      </form>
      <AutostartSetting />
      <UpdateSetting />
      <MediaHostSettings />
      <ChatSettingsForm />
      <AssistantSettingsForm settings={props.settings} isLead={!inTeam || people.find((p) => p.id === me)?.role === "lead"} onSettings={() => undefined} />
      <WorkspaceSwitcher timeZone={props.settings.time_zone} />
      <section className="panel-card" aria-label={t("settings.setupGuide")}>
        <h2>{t("settings.setupGuide")}</h2>
        <p className="muted small">{t("settings.setupGuideHelp")}</p>
        <button type="button" onClick={() => void setSetupDone(false)}>
          {t("settings.setupGuide")}
        </button>
      </section>
      <DeletedPosts />
      <dl className="about">
        <dt>{t("settings.folder")}</dt>
        <dd>{props.info.workspace_path}</dd>
        <dt>{t("settings.version")}</dt>
        <dd>{props.info.version}</dd>
      </dl>
    </section>
  );
}

/** Who this computer belongs to: chosen once, then shown; giving it to someone else is a
 * deliberate, recorded hand-over (and impossible in a team, where the device acts as the
 * person it was admitted for). */
function OwnerField(props: {
  id: string;
  people: PersonSummary[];
  me: string;
  choice: string;
  setChoice: (id: string) => void;
  inTeam: boolean;
  handingOver: boolean;
  setHandingOver: (on: boolean) => void;
  onChosen: (id: string) => void;
}) {
  const { t } = useTranslation();
  const owner = props.people.find((p) => p.id === props.me);
  const choosing = props.me === "" || props.handingOver;
  const help = props.inTeam
    ? t("settings.meTeamHelp")
    : props.handingOver
      ? t("settings.handOverHelp")
      : t("settings.meHelp");
  return (
    <div className="field">
      <label htmlFor={props.id}>{t("settings.me")}</label>
      {owner && !props.handingOver ? (
        <output id={props.id} className="owner" aria-label={t("settings.me")}>
          {owner.name}（{t(`role.${owner.role}`)}）
        </output>
      ) : null}
      {choosing ? (
        <div className="owner-choice">
          <select
            id={props.id}
            aria-label={t("settings.me")}
            value={props.choice}
            onChange={(e) => props.setChoice(e.target.value)}
          >
            <option value="">{t("material.choose")}</option>
            {props.people
              .filter((p) => p.id !== props.me)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}（{t(`role.${p.role}`)}）
                </option>
              ))}
          </select>
          <button type="button" disabled={props.choice === ""} onClick={() => props.onChosen(props.choice)}>
            {props.me === "" ? t("settings.claim") : t("settings.handOverConfirm")}
          </button>
          {props.handingOver ? (
            <button type="button" onClick={() => props.setHandingOver(false)}>
              {t("settings.cancelHandOver")}
            </button>
          ) : null}
        </div>
      ) : props.inTeam ? null : (
        <button type="button" className="owner-hand-over" onClick={() => props.setHandingOver(true)}>
          {t("settings.handOver")}
        </button>
      )}
      <p className="help">{help}</p>
    </div>
  );
}
