// Which accounts a post goes out through, for each platform it is written for that has more
// than one account on this laptop (公式X or 採用X). Nothing ticked means the platform's
// default account, which the picker names so the choice is never a guess.
import { useTranslation } from "react-i18next";
import type { Account, Platform } from "../bindings";
import { accountLabel, usableAccounts } from "../accounts";

export function AccountPicker(props: {
  accounts: Account[];
  platforms: Platform[];
  chosen: string[];
  onChange: (chosen: string[]) => void;
}) {
  const { t } = useTranslation();
  const groups = props.platforms
    .map((p) => ({ platform: p, list: usableAccounts(props.accounts, p) }))
    .filter((g) => g.list.length > 1);
  if (groups.length === 0) return null;
  const toggle = (id: string) =>
    props.onChange(props.chosen.includes(id) ? props.chosen.filter((c) => c !== id) : [...props.chosen, id]);
  return (
    <fieldset className="account-picker">
      <legend>{t("editor.accounts")}</legend>
      {groups.map((g) => {
        const fallback = g.list[0]!;
        const none = !g.list.some((a) => props.chosen.includes(a.id));
        return (
          <div key={g.platform} className="account-group" role="group" aria-label={t("editor.accountsOf", { platform: t(`platform.${g.platform}`) })}>
            <span className="account-platform">{t(`platform.${g.platform}`)}</span>
            {g.list.map((a) => (
              <label key={a.id} className="chip-check">
                <input type="checkbox" checked={props.chosen.includes(a.id)} onChange={() => toggle(a.id)} aria-label={accountLabel(a)} />
                <span className="account-swatch" style={{ background: a.colour ?? "transparent" }} aria-hidden="true" />
                {accountLabel(a)}
              </label>
            ))}
            {none && <span className="hint">{t("editor.defaultAccount", { name: accountLabel(fallback) })}</span>}
          </div>
        );
      })}
    </fieldset>
  );
}
