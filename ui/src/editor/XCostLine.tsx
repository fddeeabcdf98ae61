// What the post's X version will cost before it is approved (X charges per post, and a link
// costs many times more), with the account's month and cap. Shown in the editor and to the
// reviewer; a post past the cap says it will not be sent.
import "../liveWords";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { touches } from "../api";
import { postXCost, type XCost } from "../bindings";
import { useReload } from "../useReload";
import { usd } from "../accounts/xSpend";

export function XCostLine(props: { postId: string }) {
  const { t, i18n } = useTranslation();
  const [cost, setCost] = useState<XCost | null>(null);
  const load = useCallback(() => {
    postXCost(props.postId)
      .then(setCost)
      .catch(() => setCost(null));
  }, [props.postId]);
  // Every autosave of the post, its words included, so the estimate follows what is typed.
  useReload(load, (c) => touches(c, "accounts") || (touches(c, "posts") && (c.every_post || c.posts.includes(props.postId))));
  if (!cost) return null;
  const amount = usd(cost.cost_micros, i18n.language);
  return (
    <p className={cost.over_cap ? "x-cost over" : "x-cost"} role={cost.over_cap ? "alert" : "status"} aria-label={t("editor.xCostLabel")}>
      {t(cost.cost.with_link ? "editor.xCostLink" : "editor.xCost", { amount })}
      {cost.account && (
        <span className="muted small">
          {" "}
          {cost.monthly_cap_micros == null
            ? t("editor.xMonth", { spent: usd(cost.month_spend_micros, i18n.language) })
            : t("editor.xMonthCapped", { spent: usd(cost.month_spend_micros, i18n.language), cap: usd(cost.monthly_cap_micros, i18n.language, 2) })}
        </span>
      )}
      {cost.over_cap && <strong> {t("editor.xOverCap")}</strong>}
    </p>
  );
}
