// The crisis pause: one click in the sidebar stops every scheduled post; while it lasts a
// banner on every screen says so and shows the playbook; resuming needs an explicit confirmation.
import { useCallback, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { onChanged, toIpcError, touches } from "../api";
import { crisisPause, crisisResume, crisisState, currentGuideline, guidelineRules, type Crisis, type IpcError } from "../bindings";
import { FormError } from "./FormError";

/** The current crisis state, kept fresh from change events. */
export function useCrisis(): Crisis | null {
  const [crisis, setCrisis] = useState<Crisis | null>(null);
  const load = useCallback(() => {
    crisisState()
      .then(setCrisis)
      .catch(() => setCrisis(null));
  }, []);
  useEffect(() => {
    load();
    const off = onChanged((c) => touches(c, "crisis", "team") && load());
    return () => void off.then((f) => f());
  }, [load]);
  return crisis;
}

export function CrisisButton(props: { active: boolean }) {
  const { t } = useTranslation();
  const [error, setError] = useState<IpcError | null>(null);
  if (props.active) return null;
  return (
    <div className="crisis-button">
      <button type="button" onClick={() => void crisisPause().catch((e: unknown) => setError(toIpcError(e)))}>
        {t("crisis.pause")}
      </button>
      <FormError error={error} />
    </div>
  );
}

export function CrisisBanner(props: { crisis: Crisis }) {
  const { t, i18n } = useTranslation();
  const confirmId = useId();
  const [resuming, setResuming] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const [playbook, setPlaybook] = useState("");
  const [error, setError] = useState<IpcError | null>(null);
  useEffect(() => {
    currentGuideline()
      .then(async (g) => setPlaybook(g ? (await guidelineRules(g.version)).crisis_playbook : ""))
      .catch(() => setPlaybook(""));
  }, []);
  const since = new Date(props.crisis.since).toLocaleString(i18n.language, { dateStyle: "medium", timeStyle: "short" });
  return (
    <div className="crisis-banner" role="alert" aria-label={t("crisis.banner")}>
      <div className="crisis-line">
        <strong>{t("crisis.on")}</strong>
        <span>{t("crisis.detail", { count: props.crisis.paused_posts, since })}</span>
        {!resuming && (
          <button type="button" onClick={() => setResuming(true)}>
            {t("crisis.resume")}
          </button>
        )}
      </div>
      {playbook && (
        <details>
          <summary>{t("crisis.playbook")}</summary>
          <pre className="playbook">{playbook}</pre>
        </details>
      )}
      {resuming && (
        <div className="crisis-confirm">
          <label htmlFor={confirmId} className="inline">
            <input id={confirmId} type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
            {t("crisis.confirm")}
          </label>
          <button
            type="button"
            disabled={!confirmed}
            onClick={() =>
              void crisisResume(confirmed)
                .then(() => setResuming(false))
                .catch((e: unknown) => setError(toIpcError(e)))
            }
          >
            {t("crisis.resumeNow")}
          </button>
          <button type="button" onClick={() => (setResuming(false), setConfirmed(false))}>
            {t("requests.cancel")}
          </button>
        </div>
      )}
      <FormError error={error} />
    </div>
  );
}
