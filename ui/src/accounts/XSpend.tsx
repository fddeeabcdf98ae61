// An X account's month: what its posts cost so far and the cap the lead may set. A post that
// would pass the cap is not sent (it fails with the next step), so the bill never surprises.
import "../liveWords";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { setAccountCap, type Account, type IpcError } from "../bindings";
import { toIpcError } from "../api";
import { accountLabel } from "../accounts";
import { parseCap, usd } from "./xSpend";

export function XSpend(props: { account: Account; onError: (e: IpcError) => void }) {
  const { t, i18n } = useTranslation();
  const a = props.account;
  const id = useId();
  const [text, setText] = useState(a.monthly_cap_micros == null ? "" : String(Number(a.monthly_cap_micros) / 1_000_000));
  const [invalid, setInvalid] = useState(false);
  const spent = usd(a.month_spend_micros, i18n.language);
  const save = () => {
    const cap = parseCap(text);
    if (cap === "invalid") {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    if (cap === (a.monthly_cap_micros == null ? null : Number(a.monthly_cap_micros))) return;
    void setAccountCap(a.id, cap).catch((e: unknown) => props.onError(toIpcError(e)));
  };
  const near = a.monthly_cap_micros != null && Number(a.month_spend_micros) >= 0.8 * Number(a.monthly_cap_micros);
  return (
    <div className="x-spend" role="group" aria-label={t("accounts.xSpendOf", { name: accountLabel(a) })}>
      <span className={near ? "x-spend-month near" : "x-spend-month"}>
        {a.monthly_cap_micros == null
          ? t("accounts.xSpend", { spent })
          : t("accounts.xSpendCapped", { spent, cap: usd(a.monthly_cap_micros, i18n.language, 2) })}
      </span>
      <label className="field inline" htmlFor={id}>
        <span>{t("accounts.xCap")}</span>
        <input
          id={id}
          inputMode="decimal"
          value={text}
          placeholder={t("accounts.xCapNone")}
          aria-invalid={invalid}
          aria-describedby={invalid ? `${id}-error` : undefined}
          onChange={(e) => setText(e.target.value)}
          onBlur={save}
          onKeyDown={(e) => e.key === "Enter" && save()}
        />
      </label>
      {invalid && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {t("accounts.xCapInvalid")}
        </span>
      )}
    </div>
  );
}
