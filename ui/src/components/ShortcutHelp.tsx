// The keyboard shortcuts, listed: opened with 「?」 (or F1) anywhere outside a text field,
// closed with Esc. The list is the one place that says which keys do what.
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

export const SHORTCUTS: [keys: string, what: string][] = [
  ["Ctrl+1 … Ctrl+9", "screens"],
  ["Ctrl+,", "settings"],
  ["Ctrl+N", "newPost"],
  ["PageUp / PageDown", "month"],
  ["Ctrl+S", "save"],
  ["Ctrl+Enter", "submit"],
  ["Ctrl+K / /", "search"],
  ["Esc", "escape"],
  ["?", "help"],
];

/** Whether a key event comes from somewhere the person is typing. */
export function typing(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  return !!el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
}

export function ShortcutHelp(props: { onClose: () => void }) {
  const { t } = useTranslation();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    <div className="modal-backdrop">
      <div className="modal shortcut-help" role="dialog" aria-modal="true" aria-label={t("shortcuts.title")} onKeyDown={(e) => e.key === "Escape" && props.onClose()}>
        <h2>{t("shortcuts.title")}</h2>
        <table className="dash-table">
          <tbody>
            {SHORTCUTS.map(([keys, what]) => (
              <tr key={what}>
                <th scope="row">
                  <kbd>{keys}</kbd>
                </th>
                <td>{t(`shortcuts.${what}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button ref={close} type="button" onClick={props.onClose}>
          {t("shortcuts.close")}
        </button>
      </div>
    </div>
  );
}
