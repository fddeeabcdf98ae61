// "Ask the platforms to delete it": for a post already published when someone in it withdraws
// consent or leaves. Deleting cannot be undone, so it takes a second, explicit confirmation;
// the result names each platform that deleted it and each that refused, with the reason.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import { deleteFromPlatforms, type IpcError, type Withdrawal } from "../bindings";
import { FailureReason } from "../components/FailureReason";
import { FormError } from "../components/FormError";

export function TakeDown(props: { post: string; title: string }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Withdrawal | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  const run = async () => {
    setBusy(true);
    try {
      setDone(await deleteFromPlatforms(props.post));
      setError(null);
      setAsking(false);
    } catch (e) {
      setError(toIpcError(e));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <span className="takedown-result" role="status">
        {done.deleted.length > 0 && t("roster.takeDown.deleted", { platforms: done.deleted.map((p) => t(`platform.${p}`)).join("・") })}
        {done.failed.map(([p, why]) => (
          <span key={p}>
            {" "}
            {t("roster.takeDown.failed", { platform: t(`platform.${p}`) })} <FailureReason kind={why.kind} detail={why.detail} />
          </span>
        ))}
      </span>
    );
  }
  return (
    <span className="takedown">
      {!asking ? (
        <button type="button" className="link-button danger" aria-label={t("roster.takeDown.label", { title: props.title })} onClick={() => setAsking(true)}>
          {t("roster.takeDown.short")}
        </button>
      ) : (
        <span role="group" aria-label={t("roster.takeDown.confirmLabel", { title: props.title })}>
          <span className="muted small">{t("roster.takeDown.confirm")}</span>{" "}
          <button type="button" className="danger" disabled={busy} onClick={() => void run()}>
            {t("roster.takeDown.yes")}
          </button>{" "}
          <button type="button" disabled={busy} onClick={() => setAsking(false)}>
            {t("roster.takeDown.no")}
          </button>
        </span>
      )}
      {!asking && <span className="muted small"> {t("roster.publishedHelp")}</span>}
      <FormError error={error} />
    </span>
  );
}
