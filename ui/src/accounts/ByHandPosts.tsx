// Posts whose time came for a channel posted by hand: the lead's list, each with its kit.
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import "../liveWords";
import { touches } from "../api";
import { handoffsWaiting, type Candidate } from "../bindings";
import { useReload } from "../useReload";
import { KitDialog } from "./KitDialog";

export function ByHandPosts(props: { timeZone?: string; onNotice: (text: string) => void }) {
  const { t, i18n } = useTranslation();
  const [list, setList] = useState<Candidate[]>([]);
  const [open, setOpen] = useState<Candidate | null>(null);
  const load = useCallback(() => {
    handoffsWaiting()
      .then(setList)
      .catch(() => setList([]));
  }, []);
  useReload(load, (c) => touches(c, "posts", "accounts"));
  if (list.length === 0 && !open) return null;
  const when = (at: string | null) =>
    at ? new Date(at).toLocaleString(i18n.language, { month: "long", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: props.timeZone }) : "";
  return (
    <section className="panel-card by-hand" aria-label={t("kit.waiting")}>
      <h2>{t("kit.waiting")}</h2>
      <p className="muted small">{t("kit.waitingHelp")}</p>
      <ul className="failures">
        {list.map((c) => (
          <li key={c.job} className="failure">
            <div>
              <strong>{c.title}</strong> <span className="muted small">{t(`platform.${c.platform}`)} · {when(c.scheduled_at)}</span>
            </div>
            <button type="button" aria-label={t("kit.openFor", { title: c.title, platform: t(`platform.${c.platform}`) })} onClick={() => setOpen(c)}>
              {t("kit.open")}
            </button>
          </li>
        ))}
      </ul>
      {open && (
        <KitDialog
          job={open.job}
          onClose={(recorded) => {
            if (recorded) props.onNotice(t("kit.recorded", { title: open.title }));
            setOpen(null);
            load();
          }}
        />
      )}
    </section>
  );
}
