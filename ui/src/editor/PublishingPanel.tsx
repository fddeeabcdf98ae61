// Where a post went and how it is doing: each platform's job (waiting, publishing, published
// with its address, failed with the reason, deleted) and the latest numbers read back from the
// platform. A counter the platform does not have is left out, never shown as 0.
import "../liveWords";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { useReload } from "../useReload";
import { postMoved, touches } from "../api";
import { getSettings, postJobs, postMetrics, type Job, type PostMetrics } from "../bindings";
import { FailureReason } from "../components/FailureReason";
import { QrCode } from "../components/QrCode";
import { countLine } from "../metrics";
import { usd } from "../accounts/xSpend";

/** How a published job is known to be out: read back from the platform, not yet, or by hand. */
function ProofBadge(props: { job: Job; format: (at: string) => string }) {
  const { t } = useTranslation();
  const j = props.job;
  const proof = j.by_hand ? "by_hand" : j.verified_at ? "verified" : "unverified";
  const help = t(`publishing.proofHelp.${proof}`, { time: j.verified_at ? props.format(j.verified_at) : "" });
  return (
    <span className={`proof proof-${proof}`} title={help} aria-label={`${t(`publishing.proof.${proof}`)}：${help}`}>
      {proof === "verified" ? "✓ " : ""}
      {t(`publishing.proof.${proof}`)}
    </span>
  );
}

export function PublishingPanel(props: { postId: string; title?: string }) {
  const { t, i18n } = useTranslation();
  const [jobs, setJobs] = useState<Job[]>([]);
  const [metrics, setMetrics] = useState<PostMetrics[]>([]);
  const [zone, setZone] = useState<string | undefined>(undefined);
  const load = useCallback(() => {
    Promise.all([postJobs(props.postId), postMetrics(props.postId), getSettings()])
      .then(([j, m, s]) => {
        setJobs(j);
        setMetrics(m);
        setZone(s.time_zone);
      })
      .catch(() => {
        // The post may have just been deleted; the editor says so itself.
      });
  }, [props.postId]);
  useReload(load, (c) => touches(c, "settings", "accounts") || postMoved(c, props.postId));
  if (jobs.length === 0) return null;
  // In the workspace's zone, like every time on the calendar.
  const time = new Intl.DateTimeFormat(i18n.language, { timeZone: zone, month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" });
  return (
    <section className="publishing-panel" aria-label={t("publishing.title")}>
      <h3>{t("publishing.title")}</h3>
      <ul>
        {jobs.map((j) => {
          const m = metrics.find((x) => x.platform === j.platform);
          const parts = m ? countLine(m.counts) : [];
          return (
            <li key={j.id} className={`job job-${j.state}`}>
              <span className="account-platform">{t(`platform.${j.platform}`)}</span>{" "}
              <span className="job-state">{t(`publishing.state.${j.state}`, { defaultValue: j.state, platform: t(`platform.${j.platform}`) })}</span>{" "}
              {j.state === "published" && (j.by_hand || j.published_at) && <ProofBadge job={j} format={(at) => time.format(new Date(at))} />}
              {j.cost_micros != null && <span className="muted small job-cost">{t("publishing.cost", { amount: usd(j.cost_micros, i18n.language) })}</span>}
              {j.state === "published" && j.remote_url && <span className="muted small job-url">{j.remote_url}</span>}
              {j.state === "published" && j.remote_url && <QrCode url={j.remote_url} title={`${props.title ?? ""} (${t(`platform.${j.platform}`)})`} />}
              {j.state === "failed" && j.last_error && <FailureReason kind={j.last_error_kind} detail={j.last_error} gaveUpAfter={j.gave_up ? Number(j.attempts) : null} />}
              {j.state === "scheduled_remote" && <span className="muted small job-handed">{t("publishing.handedOver", { platform: t(`platform.${j.platform}`) })}</span>}
              {j.state !== "failed" && j.state !== "published" && j.last_error && <FailureReason kind={j.last_error_kind} detail={j.last_error} />}
              {m && (
                <span className="job-metrics" aria-label={t("publishing.metricsLabel", { platform: t(`platform.${j.platform}`) })}>
                  {parts.map(([key, value]) => (
                    <span key={key} className="metric">
                      {t(`publishing.metric.${key}`)} <strong>{value.toLocaleString(i18n.language)}</strong>
                    </span>
                  ))}
                  <span className="muted small"> {t("publishing.readAt", { time: time.format(new Date(m.captured_at)) })}</span>
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
