// Step 7 (may be skipped): the company's accounts. X through the browser (several accounts on
// one platform are fine: 公式X and 採用X), each given its company name and calendar colour;
// the other platforms are connected on the Accounts screen.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { listAccounts, type Account } from "../bindings";
import { onChanged, toIpcError, touches } from "../api";
import { accountLabel } from "../accounts";
import { ConnectX } from "../accounts/ConnectX";
import { AccountProfile } from "../accounts/AccountProfile";
import { StepNext } from "./StepNext";
import type { StepProps } from "./SetupGuide";

export function StepAccounts(props: StepProps) {
  const { t } = useTranslation();
  const [accounts, setAccounts] = useState<Account[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useCallback(
    () =>
      void listAccounts()
        .then(setAccounts)
        .catch((e: unknown) => props.onError(toIpcError(e))),
    // The error callback is stable for the guide's life.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  useEffect(() => {
    load();
    const off = onChanged((c) => touches(c, "accounts", "settings") && load());
    return () => void off.then((f) => f());
  }, [load]);
  const live = accounts.filter((a) => a.state !== "disconnected");
  return (
    <div className="setup-step">
      <p>{t("setup.accounts.help")}</p>
      <ConnectX
        onConnected={(a) => {
          load();
          setNotice(t("accounts.connected", { handle: a.handle }));
        }}
        onError={props.onError}
        onNotice={setNotice}
      />
      {notice && <p role="status">{notice}</p>}
      {live.length > 0 && (
        <ul className="accounts">
          {live.map((a) => (
            <li key={a.id} className={`account account-${a.state}`}>
              <span className="account-platform">{t(`platform.${a.platform}`)}</span>
              <strong>{accountLabel(a)}</strong>
              <AccountProfile key={`${a.id}-${a.display_name}`} account={a} onError={props.onError} />
            </li>
          ))}
        </ul>
      )}
      <p className="muted small">{t("setup.accounts.others")}</p>
      <StepNext label={t("setup.finish")} onClick={props.next} />
    </div>
  );
}
