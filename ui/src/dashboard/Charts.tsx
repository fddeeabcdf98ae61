// The dashboard's charts that are panels or parts of one: results per account, and one post's
// reactions over time (every reading since it went out), opened from the top posts.
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { toIpcError } from "../api";
import { postMetricsHistory, type AccountResult, type IpcError, type PostMetrics } from "../bindings";
import { Chart } from "./Chart";
import { accountModel, reactionsModel } from "./chartData";

export function AccountsPanel(props: { accounts: AccountResult[] }) {
  const { t } = useTranslation();
  const name = (a: AccountResult) => {
    const plain = a.handle ? `${t(`platform.${a.platform}`)} @${a.handle.replace(/^@/, "")}` : t(`platform.${a.platform}`);
    return a.display_name ? `${a.display_name}（${plain}）` : plain;
  };
  const model = useMemo(
    () => accountModel(props.accounts, name, { posts: t("dashboard.postsCount"), reactions: t("dashboard.reactionsCount") }),
    [props.accounts, t],
  );
  return (
    <section className="panel-card" aria-label={t("dashboard.byAccount")}>
      <h2>{t("dashboard.byAccount")}</h2>
      {props.accounts.length === 0 ? <p className="muted small">{t("dashboard.noAccounts")}</p> : <Chart title={t("dashboard.byAccount")} model={model} rightScale />}
    </section>
  );
}

export function PostReactions(props: { post: string; title: string; onError: (e: IpcError | null) => void }) {
  const { t, i18n } = useTranslation();
  const [readings, setReadings] = useState<PostMetrics[] | null>(null);
  useEffect(() => {
    postMetricsHistory(props.post)
      .then(setReadings)
      .catch((e: unknown) => props.onError(toIpcError(e)));
  }, [props.post]);
  const model = useMemo(() => (readings ? reactionsModel(readings, i18n.language, (p) => t(`platform.${p}`)) : null), [readings, i18n.language, t]);
  if (!model) return null;
  const title = t("dashboard.reactionsOverTime", { title: props.title });
  return model.x.length === 0 ? <p className="muted small">{t("dashboard.noReadings")}</p> : <Chart title={title} model={model} height={180} />;
}
