// The calendar's legend for its colouring (status, theme or account), and the laptop's
// accounts as the calendar reads them (kept fresh when accounts change).
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { onChanged, touches } from "../api";
import { listAccounts, POST_STATUSES, type Account, type Theme } from "../bindings";
import { accountLabel } from "../accounts";
import { STATUS_COLORS } from "../status";

/** The accounts of this laptop (none on an ambassador's), read again when they change. */
export function useAccounts(): Account[] {
  const [accounts, setAccounts] = useState<Account[]>([]);
  useEffect(() => {
    // The same list again keeps its identity, so the calendar does not draw its events anew
    // (a redraw under a click loses the click).
    const keep = (next: Account[]) => setAccounts((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
    const read = () =>
      void listAccounts()
        .then(keep)
        .catch(() => keep([]));
    read();
    const off = onChanged((c) => {
      if (touches(c, "accounts", "settings")) read();
    });
    return () => void off.then((f) => f());
  }, []);
  return accounts;
}

export function CalendarLegend(props: { colourBy: "status" | "theme" | "account"; accounts: Account[]; themes: Theme[] }) {
  const { t } = useTranslation();
  const items =
    props.colourBy === "status"
      ? POST_STATUSES.map((s) => ({ key: s, colour: STATUS_COLORS[s], label: t(`status.${s}`) }))
      : props.colourBy === "account"
        ? props.accounts
            .filter((a) => a.state !== "disconnected" && a.colour)
            .map((a) => ({ key: a.id, colour: a.colour ?? "", label: `${t(`platform.${a.platform}`)} ${accountLabel(a)}` }))
        : props.themes.map((th) => ({ key: th.id, colour: th.color, label: th.title }));
  return (
    <footer className="legend" aria-label={t("calendar.legend")}>
      {items.map((i) => (
        <span key={i.key} className="legend-item">
          <span className="swatch" style={{ background: i.colour }} aria-hidden="true" />
          {i.label}
        </span>
      ))}
    </footer>
  );
}
