// Finding a post by its words (Ctrl+K, or 「/」 outside a text field): every word typed must be
// in the title or the text, in any width or case; the newest come first, and Enter or a click
// opens the post.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { searchPosts, type CalendarPost } from "../bindings";
import { dateLabel } from "./DateFields";

export function PostSearch(props: { onOpen: (id: string) => void; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<CalendarPost[]>([]);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    let live = true;
    const h = window.setTimeout(() => {
      void searchPosts(query)
        .then((r) => live && setFound(r))
        .catch(() => live && setFound([]));
    }, 150);
    return () => {
      live = false;
      window.clearTimeout(h);
    };
  }, [query]);
  return (
    <div className="modal-backdrop">
      <div className="modal post-search" role="dialog" aria-modal="true" aria-label={t("search.title")} onKeyDown={(e) => e.key === "Escape" && props.onClose()}>
        <h2>{t("search.title")}</h2>
        <input
          ref={input}
          type="search"
          aria-label={t("search.query")}
          placeholder={t("search.placeholder")}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && found[0]) props.onOpen(found[0].id);
          }}
        />
        {query.trim() !== "" && (
          <ul className="search-results" aria-label={t("search.results")}>
            {found.length === 0 && <li className="muted">{t("search.none")}</li>}
            {found.map((p) => (
              <li key={p.id}>
                <button type="button" className="link" onClick={() => props.onOpen(p.id)}>
                  <span className="muted small">{dateLabel(p.local_time.slice(0, 10), i18n.language)}</span> {p.title}
                  <span className={`status-pill status-${p.status}`}>{t(`status.${p.status}`)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
