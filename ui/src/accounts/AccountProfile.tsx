// An account's company name (「公式X」「採用X」), its colour on the calendar and whether it is
// its platform's default: what lets a company keep two accounts on one platform apart. The
// colours are a fixed palette of our own (each readable under white text), not the system's
// colour dialog.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { makeDefaultAccount, setAccountProfile, type Account, type IpcError } from "../bindings";
import { toIpcError } from "../api";
import { ACCOUNT_COLOURS, accountLabel } from "../accounts";


export function AccountProfile(props: { account: Account; onError: (e: IpcError) => void }) {
  const { t } = useTranslation();
  const a = props.account;
  const [name, setName] = useState(a.display_name);
  const save = (display: string, colour: string | null) =>
    void setAccountProfile(a.id, display, colour).catch((e: unknown) => props.onError(toIpcError(e)));
  return (
    <div className="account-profile" role="group" aria-label={t("accounts.profileOf", { name: accountLabel(a) })}>
      <label className="field inline">
        <span>{t("accounts.displayName")}</span>
        <input
          value={name}
          maxLength={40}
          placeholder={t("accounts.displayNameHint")}
          aria-label={t("accounts.displayNameOf", { handle: a.handle })}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => name !== a.display_name && save(name, a.colour)}
          onKeyDown={(e) => e.key === "Enter" && name !== a.display_name && save(name, a.colour)}
        />
      </label>
      <div className="colour-choices" role="radiogroup" aria-label={t("accounts.colourOf", { handle: a.handle })}>
        {ACCOUNT_COLOURS.map((c, i) => (
          <button
            key={c}
            type="button"
            role="radio"
            aria-checked={a.colour === c}
            aria-label={t("accounts.colourN", { n: i + 1 })}
            className={a.colour === c ? "colour-choice chosen" : "colour-choice"}
            style={{ background: c }}
            onClick={() => save(name, c)}
          />
        ))}
      </div>
      {a.is_default ? (
        <span className="badge">{t("accounts.isDefault")}</span>
      ) : (
        <button type="button" className="link" aria-label={t("accounts.makeDefaultOf", { handle: a.handle })} onClick={() => void makeDefaultAccount(a.id).catch((e: unknown) => props.onError(toIpcError(e)))}>
          {t("accounts.makeDefault")}
        </button>
      )}
    </div>
  );
}
